from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "abadi.core"
    label = "core"
    verbose_name = "هسته"

    def ready(self) -> None:
        from importlib import import_module
        from importlib.util import find_spec

        from django.conf import settings

        from abadi.core import checks  # noqa: F401  (registers the deny-by-default check)

        # Every app's permissions and indicators are registered before the first request.
        for app in settings.ABADI_APPS:
            for part in ("permissions", "indicators"):
                if find_spec(f"{app}.{part}") is not None:
                    import_module(f"{app}.{part}")
