from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "abadi.training"
    label = "training"
    verbose_name = "آموزش و مجوزها"
