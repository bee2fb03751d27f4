from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "abadi.funds"
    label = "funds"
    verbose_name = "خیّران، کمک‌ها و پرونده‌های حمایتی"
