from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "abadi.volunteers"
    label = "volunteers"
    verbose_name = "گروه‌های جهادی"
