from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "abadi.core"
    label = "core"
    verbose_name = "هسته"

    def ready(self) -> None:
        from abadi.core import checks  # noqa: F401  (registers the deny-by-default check)
