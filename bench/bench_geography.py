"""How long `abadi geo load` takes on the full reference data (about 104,000 areas), on a
fresh test database of the configured backend: the first load and a second one that finds
nothing to do. Baseline: the one-minute budget of the loading requirement."""

import time

from django.db import connection

BUDGET_SECONDS = 60.0


def _measure(name: str, seconds: float, target_ratio: float) -> dict:
    return {
        "name": name,
        "value": seconds,
        "unit": "s",
        "baseline": BUDGET_SECONDS,
        "ratio": round(seconds / BUDGET_SECONDS, 3),
        "target_ratio": target_ratio,
    }


def run() -> list[dict]:
    from django.test.utils import setup_test_environment, teardown_test_environment

    from abadi.geography.loader import load_divisions

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        load_divisions(log=lambda line: None)
        first = time.perf_counter() - started
        started = time.perf_counter()
        load_divisions(log=lambda line: None)
        second = time.perf_counter() - started
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    vendor = connection.vendor
    return [
        _measure(f"geography.load_first.{vendor}", first, 0.5),
        _measure(f"geography.load_again.{vendor}", second, 0.2),
    ]
