from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "abadi.accounts"
    label = "accounts"
    verbose_name = "کاربران"
