from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "abadi.core"
    label = "core"
    verbose_name = "هسته"

    def ready(self) -> None:
        from importlib import import_module
        from importlib.util import find_spec

        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in

        from abadi.core import checks  # noqa: F401  (registers the deny-by-default check)
        from abadi.core.middleware import SessionRenewalMiddleware

        user_logged_in.connect(SessionRenewalMiddleware.stamp_login)

        # Register every app's permissions, indicators, import and export kinds at start-up.
        for app in settings.ABADI_APPS:
            for part in ("permissions", "indicators", "imports", "exports"):
                if find_spec(f"{app}.{part}") is not None:
                    import_module(f"{app}.{part}")
