"""Indicators over a large benefit ledger: the catalogue's one aggregate query against
reading the rows and counting in Python.

Fills the ledger with ``ABADI_BENCH_BENEFITS`` synthetic benefit rows (default 200,000)
for ``ABADI_BENCH_HOUSEHOLDS`` households (default 50,000), spread over four Jalali years
and two provinces, inside a transaction that is rolled back at the end, then times:

- ``indicators.households_reached``: the value of ``people.households_reached`` for
  province 24 in 1401 through ``indicator_values`` (one aggregate query, plus its
  breakdown) against loading that year's rows of the province and counting distinct
  households in Python (what a report built row by row does);
- ``indicators.all_province_year``: every registered indicator for province 24 in 1401,
  with targets (no baseline: the figure to watch as modules add indicators).

Ratios are baseline / measured.
"""

import os
import random
import statistics
import time

from django.db import connection, transaction

BENEFITS = int(os.environ.get("ABADI_BENCH_BENEFITS", "200000"))
HOUSEHOLDS = int(os.environ.get("ABADI_BENCH_HOUSEHOLDS", "50000"))
REPEAT = 5
YEARS = (1399, 1400, 1401, 1402)


class _Rollback(Exception):
    pass


def _median_ms(func) -> float:
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _fill(places) -> None:
    from abadi.core.jalali import jalali_date
    from abadi.people.models import Benefit, Household, Programme

    rng = random.Random(1401)
    households = Household.objects.bulk_create(
        [Household(area=places[n % len(places)]) for n in range(HOUSEHOLDS)], batch_size=5000
    )
    programmes = list(Programme.values)
    batch = []
    for _ in range(BENEFITS):
        household = rng.choice(households)
        batch.append(
            Benefit(
                household=household,
                programme=rng.choice(programmes),
                date=jalali_date(rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 29)),
                value=rng.randint(1, 100) * 1_000_000,
                area=household.area,
            )
        )
        if len(batch) == 5000:
            Benefit.objects.bulk_create(batch)
            batch = []
    Benefit.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE people_benefit")


def _measure(actor, province) -> list[dict]:
    from abadi.core.indicators import indicator_keys
    from abadi.core.jalali import jalali_year_bounds
    from abadi.people.models import Benefit
    from abadi.reporting.selectors import indicator_values

    def catalogue():
        return indicator_values(
            actor=actor, area=province, year=1401, keys=["people.households_reached"]
        )

    def row_by_row():
        seen = set()
        rows = Benefit.objects.filter(
            area__path__startswith=province.path, date__range=jalali_year_bounds(1401)
        ).select_related("household", "person")
        for benefit in rows.iterator(chunk_size=5000):
            seen.add(benefit.household_id or ("person", benefit.person_id))
        return len(seen)

    assert catalogue()[0]["value"] == row_by_row()
    measured, baseline = _median_ms(catalogue), _median_ms(row_by_row)
    every = _median_ms(lambda: indicator_values(actor=actor, area=province, year=1401))
    label = f"{BENEFITS:,} benefits, {connection.vendor}"
    return [
        {
            "name": f"indicators.households_reached ({label})",
            "value": measured,
            "unit": "ms",
            "baseline": round(baseline, 3),
            "ratio": round(baseline / measured, 2) if measured else None,
            "target_ratio": 10.0,
        },
        {
            "name": f"indicators.all_province_year ({len(indicator_keys())} indicators, {label})",
            "value": every,
            "unit": "ms",
            "baseline": None,
            "ratio": None,
            "target_ratio": None,
        },
    ]


def run() -> list[dict]:
    from abadi.core.permissions import Role
    from abadi.geography.models import Area, AreaLevel
    from abadi.testing import area_tree, user_with_role

    results: list[dict] = []
    try:
        with transaction.atomic():
            tree = area_tree()
            places = list(
                Area.objects.filter(level=AreaLevel.VILLAGE, path__startswith="/IR/24/")[:500]
            ) or [tree["2403010001001"], tree["2401010001001"]]
            places.append(tree["1501"])  # another province, never counted
            actor = user_with_role("bench-indicators-manager", Role.PROVINCE_MANAGER, tree["24"])
            _fill(places)
            results = _measure(actor, tree["24"])
            raise _Rollback
    except _Rollback:
        pass
    return results
