"""The group list and the county map at national scale: 45,000 groups, 500,000 deployments.

Runs on PostgreSQL in its own database "abadi_bench_volunteers" (dropped and created
afresh; the server is DATABASE_URL's when that names PostgreSQL, else ABADI_BENCH_PG_URL,
default postgres://postgres@127.0.0.1:5432), in a child process whose DATABASE_URL points
at it, so the app's own code runs unchanged. ``ABADI_BENCH_GROUPS`` and
``ABADI_BENCH_DEPLOYMENTS`` change the scale.

- ``volunteers.group_list.queries``: the queries of the group list page (``/volunteers/``,
  as the province manager) at full scale against the same page over one group: bounded
  means the same number (target ratio 1).
- ``volunteers.group_list.page_ms``: the page's time at full scale (no baseline: the
  figure to watch; it includes the counts by domain and county over every group).
- ``volunteers.map_page.queries``: the same for the map page (``/volunteers/map/``).
- ``volunteers.map_counts.province``: the map's counts (active groups by county of the
  province) through the app's selectors against one hand-written grouped SQL statement
  on the same data; ratio = selector / hand-written (target at most 3).
- ``volunteers.map_counts.country``: the same for the country map (by province), as the
  system administrator.
"""

import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

from pg_child import measure

ROOT = Path(__file__).resolve().parent.parent
GROUPS = int(os.environ.get("ABADI_BENCH_GROUPS", "45000"))
DEPLOYMENTS = int(os.environ.get("ABADI_BENCH_DEPLOYMENTS", "500000"))
BENCH_DB = "abadi_bench_volunteers"
TARGET_RATIO = 3.0
REPEAT = 7
SEED = 42000
PROVINCES = 31
COUNTIES_PER_PROVINCE = 14
ARDABIL_SHARE = 0.06  # of the groups: Ardabil's 2,600 of the country's 42,000


# ------------------------------------------------------------------------- in the child


def _areas():
    """The country, 31 provinces of 14 counties (Ardabil "24" with its twelve and two
    more), one village per county."""
    from abadi.geography.models import Area, AreaLevel

    country = Area.objects.create(code="IR", name="ایران", level=AreaLevel.COUNTRY, path="/IR/")
    counties, villages = [], []
    for p in range(PROVINCES):
        code = f"{p:02d}" if p != 0 else "00"
        province = Area.objects.create(
            code=code,
            name=f"استان {p}",
            level=AreaLevel.PROVINCE,
            parent=country,
            path=f"/IR/{code}/",
            depth=1,
        )
        for n in range(1, COUNTIES_PER_PROVINCE + 1):
            county_code = f"{code}{n:02d}"
            county = Area.objects.create(
                code=county_code,
                name=f"شهرستان {county_code}",
                level=AreaLevel.COUNTY,
                parent=province,
                path=f"{province.path}{county_code}/",
                depth=2,
            )
            village = Area.objects.create(
                code=f"{county_code}010001001",
                name=f"روستای {county_code}",
                level=AreaLevel.VILLAGE,
                parent=county,
                path=f"{county.path}{county_code}010001001/",
                depth=3,
            )
            counties.append(county)
            villages.append(village)
    return counties, villages


GROUP_FIELDS = (
    "atlas_id", "name", "search_key", "group_type", "main_domain", "area", "home", "status",
    "active_since", "permit_number", "permit_expires_on", "note", "created_at", "updated_at",
)  # fmt: skip


def _group_rows(rng, counties, villages, today, now, numbers, *, ardabil_only=False):
    """Groups spread over the counties (Ardabil's share as in the country); a few with a
    lapsed permit, some suspended or dissolved."""
    from abadi.volunteers.models import Domain

    ardabil = [i for i, county in enumerate(counties) if county.code.startswith("24")]
    domains = list(Domain.values)
    for n in numbers:
        index = (
            rng.choice(ardabil) if rng.random() < ARDABIL_SHARE else rng.randrange(len(counties))
        )
        expires = today + datetime.timedelta(days=rng.randrange(1, 1000))
        if rng.random() < 0.05:
            expires = today - datetime.timedelta(days=rng.randrange(1, 300))
        yield (
            f"B{n:08d}", f"گروه جهادی {n}", f"گروه جهادی {n}", "neighbourhood",
            rng.choice(domains), counties[index].pk, villages[index].pk,
            rng.choices(("active", "suspended", "dissolved"), (90, 4, 6))[0],
            today - datetime.timedelta(days=rng.randrange(30, 3000)), "", expires, "", now, now,
        )  # fmt: skip


def _users(province):
    from django.contrib.auth import get_user_model

    from abadi.accounts.models import RoleAssignment
    from abadi.core.permissions import Role

    users = get_user_model()
    manager = users.objects.create_user(username="bench-manager", password=None)
    RoleAssignment.objects.create(user=manager, role=Role.PROVINCE_MANAGER, area=province)
    admin = users.objects.create_user(username="bench-admin", password=None)
    RoleAssignment.objects.create(user=admin, role=Role.SYSTEM_ADMIN, area=None)
    return manager, admin


def _fill(rng, counties, villages, today, now) -> None:
    """Every group but the first (which the baseline pages saw alone), their domains and
    status rows, and the deployments, with COPY."""
    from django.db import connection

    from abadi.core.imports.bulk import insert_rows
    from abadi.volunteers.models import Deployment, Domain, Group, GroupDomain, StatusChange

    insert_rows(
        Group, GROUP_FIELDS, _group_rows(rng, counties, villages, today, now, range(1, GROUPS))
    )
    domains = list(Domain.values)
    ids = list(
        Group.objects.order_by("id").values_list("id", "main_domain", "area_id", "active_since")
    )
    insert_rows(
        GroupDomain,
        ("group", "domain"),
        (
            (pk, domain)
            for pk, main, _area, _since in ids
            for domain in {main, *rng.sample(domains, rng.choice((0, 0, 1)))}
        ),
    )
    insert_rows(
        StatusChange,
        ("group", "from_status", "to_status", "action", "on", "at", "note"),
        ((pk, "", "active", "register", since, now, "") for pk, _m, _a, since in ids),
    )
    village_of = {county.pk: village.pk for county, village in zip(counties, villages, strict=True)}

    def deployments():
        for _n in range(DEPLOYMENTS):
            pk, main, area, _since = ids[rng.randrange(len(ids))]
            start = today - datetime.timedelta(days=rng.randrange(1, 2000))
            volunteers = rng.randrange(2, 20)
            yield (
                pk, area, village_of[area], start, start, main, "اردو", rng.randrange(5, 300),
                volunteers, volunteers, now, now,
            )  # fmt: skip

    insert_rows(
        Deployment,
        (
            "group", "area", "place", "started_on", "ended_on", "domain", "work_done",
            "people_served", "volunteers", "volunteer_days", "created_at", "updated_at",
        ),
        deployments(),
    )  # fmt: skip
    with connection.cursor() as cursor:
        for table in (
            "volunteers_group",
            "volunteers_groupdomain",
            "volunteers_statuschange",
            "volunteers_deployment",
            "geography_area",
        ):
            cursor.execute(f"ANALYZE {table}")


def _page(client, path: str) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(path)
        seconds = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    return len(queries), seconds


def _median(func) -> tuple[float, object]:
    result = func()  # warm the caches once
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = func()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), result


HAND_WRITTEN = """
SELECT g.area_id, COUNT(*) FROM volunteers_group g {join}
WHERE g.status = 'active' AND (g.permit_expires_on IS NULL OR g.permit_expires_on >= %(today)s)
{where} GROUP BY g.area_id
"""


def _hand_written(*, province_path: str | None) -> dict[int, int]:
    from django.db import connection
    from django.utils import timezone

    sql = HAND_WRITTEN.format(
        join="JOIN geography_area a ON a.id = g.area_id" if province_path else "",
        where="AND a.path LIKE %(path)s" if province_path else "",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"today": timezone.localdate(), "path": f"{province_path}%"})
        return dict(cursor.fetchall())


def child() -> None:
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from abadi.geography.models import Area
    from abadi.volunteers import selectors

    setup_test_environment()
    from django.core.management import call_command
    from django.utils import timezone

    from abadi.core.imports.bulk import insert_rows
    from abadi.volunteers.models import Group

    setup_start = time.perf_counter()
    call_command("migrate", verbosity=0)
    counties, villages = _areas()
    manager, admin = _users(Area.objects.get(code="24"))
    rng = random.Random(SEED)
    today, now = timezone.localdate(), timezone.now()
    # One group first: the pages' queries over a single group are the baseline.
    insert_rows(
        Group,
        GROUP_FIELDS,
        _group_rows(rng, counties, villages, today, now, range(1), ardabil_only=True),
    )
    client = Client()
    client.force_login(manager)
    _page(client, "/volunteers/")  # warm (the session's first request)
    small_list, _ = _page(client, "/volunteers/")
    small_map, _ = _page(client, "/volunteers/map/")
    _fill(rng, counties, villages, today, now)
    print(
        f"  setup: {GROUPS:,} groups, {DEPLOYMENTS:,} deployments in "
        f"{time.perf_counter() - setup_start:.1f} s",
        flush=True,
    )
    _page(client, "/volunteers/")  # warm
    list_queries, _ = _page(client, "/volunteers/")
    list_seconds = statistics.median(_page(client, "/volunteers/")[1] for _ in range(REPEAT))
    map_queries, _ = _page(client, "/volunteers/map/")

    province = Area.objects.get(code="24")
    country = Area.objects.get(code="IR")
    ids = {area.pk: area for area in Area.objects.filter(level="county")}

    def ours(actor, area):
        groups = selectors.group_list(actor=actor, status="active")
        return selectors.map_counts(groups, area=area)

    mine_province, counts_province = _median(lambda: ours(manager, province))
    hand_province, rows_province = _median(lambda: _hand_written(province_path=province.path))
    assert counts_province == {ids[pk].code: n for pk, n in rows_province.items()}, "counts differ"
    mine_country, counts_country = _median(lambda: ours(admin, country))
    hand_country, rows_country = _median(lambda: _hand_written(province_path=None))
    by_province: dict[str, int] = {}
    for pk, n in rows_country.items():
        key = ids[pk].path.strip("/").split("/")[1]
        by_province[key] = by_province.get(key, 0) + n
    assert counts_country == by_province, "country counts differ"
    print(f"  active groups of province 24: {sum(counts_province.values()):,}", flush=True)
    print(
        "RESULT "
        + json.dumps(
            {
                "list_queries": list_queries,
                "small_list": small_list,
                "list_seconds": list_seconds,
                "map_queries": map_queries,
                "small_map": small_map,
                "mine_province": mine_province,
                "hand_province": hand_province,
                "mine_country": mine_country,
                "hand_country": hand_country,
            }
        ),
        flush=True,
    )


# ------------------------------------------------------------------------ in the parent


def run() -> list[dict]:
    measured = measure(__file__, BENCH_DB, "volunteers")
    if measured is None:
        return []
    m = measured
    return [
        {
            "name": f"volunteers.group_list.queries_at_{GROUPS // 1000}k",
            "value": m["list_queries"],
            "unit": "queries",
            "baseline": m["small_list"],
            "ratio": round(m["list_queries"] / m["small_list"], 2),
            "target_ratio": 1.0,
        },
        {
            "name": f"volunteers.group_list.page_ms_at_{GROUPS // 1000}k",
            "value": round(m["list_seconds"] * 1000, 1),
            "unit": "ms",
            "baseline": None,
            "ratio": None,
            "target_ratio": None,
        },
        {
            "name": f"volunteers.map_page.queries_at_{GROUPS // 1000}k",
            "value": m["map_queries"],
            "unit": "queries",
            "baseline": m["small_map"],
            "ratio": round(m["map_queries"] / m["small_map"], 2),
            "target_ratio": 1.0,
        },
        {
            "name": "volunteers.map_counts.province.selector_vs_sql",
            "value": round(m["mine_province"] * 1000, 2),
            "unit": "ms",
            "baseline": round(m["hand_province"] * 1000, 2),
            "ratio": round(m["mine_province"] / m["hand_province"], 2),
            "target_ratio": TARGET_RATIO,
        },
        {
            "name": "volunteers.map_counts.country.selector_vs_sql",
            "value": round(m["mine_country"] * 1000, 2),
            "unit": "ms",
            "baseline": round(m["hand_country"] * 1000, 2),
            "ratio": round(m["mine_country"] / m["hand_country"], 2),
            "target_ratio": TARGET_RATIO,
        },
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        for row in run():
            print(row)
