from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "abadi.reporting"
    label = "reporting"
    verbose_name = "شاخص‌ها و گزارش‌ها"
