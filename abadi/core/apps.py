from django.apps import AppConfig

# Imported from each app at start-up, in this order: what they declare (permissions, audit
# actions, openable records, indicators, import and export kinds, menu entries, home-page
# cards) registers itself.
PLUG_INS = (
    "permissions",
    "audit",
    "selectors",
    "indicators",
    "imports",
    "exports",
    "menu",
    "home",
)


class CoreConfig(AppConfig):
    name = "abadi.core"
    label = "core"
    verbose_name = "هسته"

    def ready(self) -> None:
        from importlib import import_module
        from importlib.util import find_spec

        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in

        from abadi.core import (
            checks,  # noqa: F401  (registers the deny-by-default check)
            store,
        )
        from abadi.core.middleware import SessionRenewalMiddleware

        user_logged_in.connect(SessionRenewalMiddleware.stamp_login)
        store.connect()  # every migrate puts the write-noting triggers on the tables

        # Every app plugs itself in through its own files; core names none of them.
        for app in settings.ABADI_APPS:
            for part in PLUG_INS:
                if find_spec(f"{app}.{part}") is not None:
                    import_module(f"{app}.{part}")
