from django.apps import AppConfig


class LoansConfig(AppConfig):
    name = "abadi.loans"
    label = "loans"
    verbose_name = "تسهیلات اشتغال‌زایی"
