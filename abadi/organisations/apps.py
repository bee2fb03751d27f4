from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "abadi.organisations"
    label = "organisations"
    verbose_name = "دستگاه‌ها و بانک‌ها"
