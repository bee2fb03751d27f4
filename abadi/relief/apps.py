from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "abadi.relief"
    label = "relief"
    verbose_name = "امداد و کمک‌های مؤمنانه"
