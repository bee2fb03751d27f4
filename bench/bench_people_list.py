"""Person list and search on a large registry: indexed prefix search against a full scan.

Fills the registry with ``ABADI_BENCH_PERSONS`` synthetic persons (default 200,000; the
design target is 2,000,000) inside a transaction that is rolled back at the end, then
times one page (25 rows + 1 look-ahead) of the list the way the page asks for it:

- ``people.search_name``: a name prefix through ``selectors.person_list`` (index on the
  normalised keys) against the same words found with ``icontains`` (what a naive search
  does: a scan of every row);
- ``people.search_code``: a national code (unique index) against a scan of the column;
- ``people.list_page``: the first page, newest first, against the same page with a
  ``COUNT(*)`` of the scoped list (what a counting paginator adds to every keystroke).

Ratios are baseline / measured: how many times faster the indexed way is.
"""

import os
import random
import statistics
import time

from django.db import connection, transaction

PERSONS = int(os.environ.get("ABADI_BENCH_PERSONS", "200000"))
PAGE = 26
REPEAT = 7


class _Rollback(Exception):
    pass


def _median_ms(func) -> float:
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _fill(villages) -> str:
    from abadi.core.validators import national_code_check_digit
    from abadi.people.models import Person
    from abadi.people.names import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES

    rng = random.Random(2_000_000)
    taken = set(Person.objects.exclude(national_code=None).values_list("national_code", flat=True))
    probe = ""
    batch = []
    for number in range(PERSONS):
        male = rng.random() < 0.5
        first_nine = f"{number + 100_000_000:09d}"
        code = first_nine + str(national_code_check_digit(first_nine))
        if code in taken:
            continue
        person = Person(
            first_name=rng.choice(MALE_FIRST_NAMES if male else FEMALE_FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            father_name=rng.choice(MALE_FIRST_NAMES),
            sex="male" if male else "female",
            national_code=code,
            area=villages[number % len(villages)],
            source_id=f"bench-person-{number}",
        )
        person.fill_keys()
        batch.append(person)
        if number == PERSONS // 2:
            probe = code
        if len(batch) == 5000:
            Person.objects.bulk_create(batch)
            batch = []
    Person.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE people_person")
    return probe


def _measure(actor, probe: str) -> list[dict]:
    from abadi.core.scoping import scope
    from abadi.people import selectors
    from abadi.people.models import Person
    from abadi.people.permissions import VIEW_PEOPLE

    def page(queryset):
        return lambda: list(queryset[:PAGE])

    name_indexed = page(selectors.person_list(actor=actor, query="علیرضا ک"))
    name_scan = page(
        scope(Person.objects.all(), actor=actor, perm=VIEW_PEOPLE)
        .filter(first_name__icontains="علیرضا", last_name__icontains="ک")
        .select_related("area", "household")
        .order_by("-id")
    )
    code_indexed = page(selectors.person_list(actor=actor, query=probe))
    code_scan = page(
        scope(Person.objects.all(), actor=actor, perm=VIEW_PEOPLE)
        .filter(national_code__contains=probe)
        .select_related("area", "household")
    )
    listing = selectors.person_list(actor=actor)

    def counted():
        listing.count()
        list(listing[:PAGE])

    rows = []
    for name, measured, baseline in (
        ("people.search_name", name_indexed, name_scan),
        ("people.search_code", code_indexed, code_scan),
        ("people.list_page", page(listing), counted),
    ):
        value = _median_ms(measured)
        base = _median_ms(baseline)
        rows.append(
            {
                "name": f"{name} ({PERSONS:,} persons, {connection.vendor})",
                "value": value,
                "unit": "ms",
                "baseline": round(base, 3),
                "ratio": round(base / value, 2) if value else None,
                "target_ratio": 1.0,
            }
        )
    return rows


def run() -> list[dict]:
    from abadi.core.permissions import Role
    from abadi.geography.models import Area, AreaLevel
    from abadi.testing import area_tree, user_with_role

    results: list[dict] = []
    try:
        with transaction.atomic():
            tree = area_tree()
            villages = list(
                Area.objects.filter(level=AreaLevel.VILLAGE, path__startswith="/IR/24/")
            )
            villages = villages or [tree["2403010001001"]]
            actor = user_with_role("bench-people-manager", Role.PROVINCE_MANAGER, tree["24"])
            probe = _fill(villages)
            results = _measure(actor, probe)
            raise _Rollback
    except _Rollback:
        pass
    return results
