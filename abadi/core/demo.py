"""The demo scenario: each app contributes a ``demo.py`` with ``build(*, log)``.

Apps build in the order of ``settings.ABADI_APPS`` (geography before people before
loans), and each build is idempotent: running ``abadi demo`` twice changes nothing.
"""

from collections.abc import Callable
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.db import transaction

DEMO_PASSWORD = "abadi-demo-1401"  # printed by `abadi demo`; production refuses DEBUG anyway


def demo_builders() -> list[tuple[str, Callable]]:
    builders = []
    for app in settings.ABADI_APPS:
        if find_spec(f"{app}.demo") is None:
            continue
        build = getattr(import_module(f"{app}.demo"), "build", None)  # core's demo is this runner
        if build is not None:
            builders.append((app, build))
    return builders


def build_demo(*, log: Callable[[str], None]) -> None:
    """Run every app's ``build``, then every app's ``finish`` (what to tell the person who
    loaded the demo, such as the logins)."""
    for app, build in demo_builders():
        log(f"… {app}")
        with transaction.atomic():
            build(log=log)
    for app in settings.ABADI_APPS:
        if find_spec(f"{app}.demo") is not None:
            finish = getattr(import_module(f"{app}.demo"), "finish", None)
            if finish is not None:
                finish(log=log)
