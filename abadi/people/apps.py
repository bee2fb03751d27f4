from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "abadi.people"
    label = "people"
    verbose_name = "افراد و خانوارها"
