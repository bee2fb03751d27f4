from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "abadi.geography"
    label = "geography"
    verbose_name = "تقسیمات کشوری"
