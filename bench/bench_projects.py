"""Deprivation-elimination projects at national scale: 200,000 projects, their dated stages
and 1,000,000 progress reports.

Runs on PostgreSQL in its own database "abadi_bench_projects" (dropped and created afresh;
the server is DATABASE_URL's when that names PostgreSQL, else ABADI_BENCH_PG_URL, default
postgres://postgres@127.0.0.1:5432). The work happens in a child process whose
DATABASE_URL points at that database, so the app's own code runs unchanged.

The list page, the map page and the API's list are first fetched with 120 projects, then
again once ``ABADI_BENCH_PROJECTS`` projects (default 200,000) and
``ABADI_BENCH_REPORTS`` reports (default 1,000,000) are in:

- ``projects.list_page.queries``, ``projects.map_page.queries``, ``projects.api_list.queries``:
  the queries of one request at full size against the same request with 120 projects
  (ratio 1: bounded, whatever the table's size);
- ``projects.list_page.ms``, ``projects.map_page.ms``: the request's time at full size
  (baseline: the same request with 120 projects);
- ``projects.in_progress.indicator_vs_sql``: ``projects.in_progress`` of the province as of
  1401/02/18 through the indicator registry (the ORM's query over the dated stage history)
  against one hand-written SQL statement on the same tables; both must give the same count
  (target ratio at most 3);
- ``projects.in_progress.county_vs_sql``: the same for a county officer (the viewer's scope
  intersected with the area).
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
PROJECTS = int(os.environ.get("ABADI_BENCH_PROJECTS", "200000"))
REPORTS = int(os.environ.get("ABADI_BENCH_REPORTS", "1000000"))
SMALL = 120
BENCH_DB = "abadi_bench_projects"
TARGET_RATIO = 3.0
REPEAT = 7
SEED = 200_000
AS_OF = datetime.date(2022, 5, 8)  # 1401/02/18
FIRST = datetime.date(2020, 3, 20)  # 1399/01/01
TYPES = [
    "housing_build",
    "housing_repair",
    "water",
    "solar",
    "school",
    "health_house",
    "road",
    "mosque",
    "other",
]
CAPACITY = {
    "housing_build": ("housing_units", 6),
    "housing_repair": ("housing_units", 3),
    "water": ("households_served", 120),
    "solar": ("power_watts", 5000),
    "school": ("classrooms", 3),
    "health_house": ("floor_area_m2", 120),
    "road": ("length_m", 5000),
    "mosque": ("floor_area_m2", 200),
    "other": (None, None),
}
CAPACITY_COLUMNS = [
    "housing_units",
    "floor_area_m2",
    "households_served",
    "power_watts",
    "length_m",
    "classrooms",
]


# ------------------------------------------------------------------------- in the child


def _areas():
    """The country, Ardabil with twelve counties of twenty villages, Lorestan with one."""
    from abadi.geography.models import Area, AreaLevel

    country = Area.objects.create(code="IR", name="ایران", level=AreaLevel.COUNTRY, path="/IR/")
    villages, counties = [], []
    for province_code, county_count in (("24", 12), ("15", 1)):
        province = Area.objects.create(
            code=province_code,
            name=f"استان {province_code}",
            level=AreaLevel.PROVINCE,
            parent=country,
            path=f"/IR/{province_code}/",
            depth=1,
        )
        for n in range(1, county_count + 1):
            code = f"{province_code}{n:02d}"
            county = Area.objects.create(
                code=code,
                name=f"شهرستان {code}",
                level=AreaLevel.COUNTY,
                parent=province,
                path=f"{province.path}{code}/",
                depth=2,
            )
            counties.append(county)
            for v in range(1, 21):
                village_code = f"{code}010001{v:03d}"
                villages.append(
                    Area.objects.create(
                        code=village_code,
                        name=f"روستای {village_code}",
                        level=AreaLevel.VILLAGE,
                        parent=county,
                        path=f"{county.path}{village_code}/",
                        depth=3,
                    )
                )
    return counties, villages


def _users(counties):
    from django.contrib.auth import get_user_model

    from abadi.accounts.models import RoleAssignment
    from abadi.core.permissions import Role
    from abadi.geography.models import Area

    users = get_user_model().objects
    manager = users.create_user(username="bench-manager", password=None)
    RoleAssignment.objects.create(
        user=manager, role=Role.PROVINCE_MANAGER, area=Area.objects.get(code="24")
    )
    county = users.create_user(username="bench-county", password=None)
    RoleAssignment.objects.create(user=county, role=Role.COUNTY_OFFICER, area=counties[2])
    return manager, county


def _history(rng: random.Random, today: datetime.date):
    """One project's steps (action, from, to, on) and the span its reports fall in."""
    span = (today - FIRST).days - 30
    planned = FIRST + datetime.timedelta(days=rng.randrange(span))
    steps = [("register", "", "planned", planned)]
    draw = rng.random()
    broken = planned + datetime.timedelta(days=rng.randint(20, 90))
    if draw < 0.08 or broken > today:
        return steps, None
    steps.append(("groundbreak", "planned", "groundbreaking", broken))
    started = broken + datetime.timedelta(days=rng.randint(5, 40))
    if started > today:
        return steps, None
    steps.append(("start", "groundbreaking", "in_progress", started))
    completed = started + datetime.timedelta(days=rng.randint(40, 500))
    if draw < 0.12:
        stopped = started + datetime.timedelta(days=rng.randint(20, 200))
        if stopped <= today:
            steps.append(("suspend", "in_progress", "suspended", stopped))
            return steps, (started, stopped)
    if completed > today:
        return steps, (started, today)
    steps.append(("complete", "in_progress", "completed", completed))
    inaugurated = completed + datetime.timedelta(days=rng.randint(7, 90))
    if inaugurated <= today:
        steps.append(("inaugurate", "completed", "inaugurated", inaugurated))
    return steps, (started, completed)


def _load(count: int, reports_total: int, counties, villages, *, offset: int) -> tuple[int, int]:
    """``count`` projects with their steps and ``reports_total`` reports, by COPY."""
    from django.db import connection

    from abadi.core import clock

    rng = random.Random(SEED + offset)
    today = clock.today()
    now = datetime.datetime.now(datetime.UTC)
    planned_rows = []
    for _number in range(count):
        village = villages[rng.randrange(len(villages))]
        steps, span = _history(rng, today)
        planned_rows.append((village, steps, span))
    started = [index for index, (_v, _s, span) in enumerate(planned_rows) if span]
    per = {index: reports_total // len(started) for index in started}
    for index in started[: reports_total - sum(per.values())]:
        per[index] += 1
    province_of = {county.code: county.parent_id for county in counties}
    county_of = {county.code: county.pk for county in counties}
    project_columns = (
        "number, title, description, project_type, area_id, place_id, place_county_id, "
        "place_province_id, executor_kind, executor_group_atlas_id, executor_group_name, "
        "budget, stage, planned_on, progress, last_report_on, "
        + ", ".join(CAPACITY_COLUMNS)
        + ", villages_served, cancel_reason, created_at, updated_at"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM projects_project")
        first_id = cursor.fetchone()[0] + 1
        with cursor.cursor.copy(f"COPY projects_project ({project_columns}) FROM STDIN") as copy:
            for index, (village, steps, span) in enumerate(planned_rows):
                project_type = TYPES[rng.randrange(len(TYPES))]
                field, amount = CAPACITY[project_type]
                capacity = [amount if name == field else None for name in CAPACITY_COLUMNS]
                county_code = village.path.strip("/").split("/")[2]
                reports = per.get(index, 0)
                last_report = span[1] if span and reports else None
                copy.write_row(
                    (
                        f"B-{offset + index:07d}", "پروژه آزمایشی", "", project_type,
                        county_of[county_code], village.pk, county_of[county_code],
                        province_of[county_code], "group", "1240356", "گروه جهادی",
                        1_000_000_000, steps[-1][2], steps[0][3],
                        100 if steps[-1][2] in ("completed", "inaugurated") else (60 if reports else 0),
                        last_report, *capacity, 1 if project_type == "water" else None, "", now, now,
                    )
                )  # fmt: skip
        ids = range(first_id, first_id + count)
        step_columns = 'project_id, action, from_stage, to_stage, "on", until, at, note'
        with cursor.cursor.copy(f"COPY projects_stagechange ({step_columns}) FROM STDIN") as copy:
            for pk, (_village, steps, _span) in zip(ids, planned_rows, strict=True):
                for position, (action, before, after, on) in enumerate(steps):
                    until = steps[position + 1][3] if position + 1 < len(steps) else None
                    copy.write_row((pk, action, before, after, on, until, now, ""))
        report_columns = "project_id, date, percent, text, created_at"
        written = 0
        with cursor.cursor.copy(
            f"COPY projects_progressreport ({report_columns}) FROM STDIN"
        ) as copy:
            for index, (pk, (_village, _steps, span)) in enumerate(
                zip(ids, planned_rows, strict=True)
            ):
                reports = per.get(index, 0)
                if not reports:
                    continue
                first, last = span
                days = max((last - first).days, 1)
                for number in range(reports):
                    day = first + datetime.timedelta(days=days * number // max(reports - 1, 1))
                    copy.write_row((pk, min(day, last), min(100, 10 + 15 * number), "گزارش", now))
                    written += 1
        # Statistics as autovacuum keeps them on a live server: without those of the area
        # table the planner takes "the province's areas" for one row.
        cursor.execute("ANALYZE")
    return count, written


def _timed(func) -> tuple[float, object]:
    result = func()  # warm the caches once
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = func()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), result


def _request(client, url: str) -> tuple[float, int]:
    """Median milliseconds and the number of queries of one GET."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fetch():
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, (url, response.status_code)
        return response

    seconds, _response = _timed(fetch)
    with CaptureQueriesContext(connection) as queries:
        fetch()
    return seconds * 1000, len(queries)


HAND_WRITTEN = """
SELECT COUNT(*)
FROM projects_stagechange s
JOIN projects_project p ON p.id = s.project_id
JOIN geography_area a ON a.id = p.area_id
WHERE a.path LIKE %(path)s
  AND s.to_stage IN ('groundbreaking', 'in_progress')
  AND s."on" <= %(day)s AND (s.until IS NULL OR s.until > %(day)s)
"""


def _hand_written(path: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(HAND_WRITTEN, {"path": path + "%", "day": AS_OF})
        return cursor.fetchone()[0]


def _indicator(actor, area) -> int:
    from abadi.core.indicators import IndicatorQuery, get_indicator

    return get_indicator("projects.in_progress").compute(
        IndicatorQuery.build(actor=actor, area=area, as_of=AS_OF)
    )


def child() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from abadi.geography.models import Area

    call_command("migrate", verbosity=0)
    counties, villages = _areas()
    manager, county_officer = _users(counties)
    client = Client()
    client.force_login(manager)
    urls = {
        "list_page": "/projects/",
        "list_filtered": "/projects/?type=water&stage=in_progress&county=2403",
        "map_page": "/projects/map/",
        "api_list": "/api/v1/projects?limit=50",
    }
    _load(SMALL, SMALL * 5, counties, villages, offset=0)
    small = {name: _request(client, url) for name, url in urls.items()}
    start = time.perf_counter()
    projects, reports = _load(
        PROJECTS - SMALL, REPORTS - SMALL * 5, counties, villages, offset=SMALL
    )
    print(
        f"  loaded {projects + SMALL:,} projects and {reports + SMALL * 5:,} progress reports "
        f"in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    large = {name: _request(client, url) for name, url in urls.items()}
    province = Area.objects.get(code="24")
    indicator_s, ours = _timed(lambda: _indicator(manager, province))
    sql_s, theirs = _timed(lambda: _hand_written(province.path))
    assert ours == theirs, (ours, theirs)  # the same count before the speed is compared
    county = counties[2]
    county_s, county_ours = _timed(lambda: _indicator(county_officer, province))
    county_sql_s, county_theirs = _timed(lambda: _hand_written(county.path))
    assert county_ours == county_theirs, (county_ours, county_theirs)
    print(
        f"  in progress on 1401/02/18: {ours:,} in the province, {county_ours:,} in {county.code}"
    )
    results = {
        "small": small,
        "large": large,
        "indicator_ms": indicator_s * 1000,
        "sql_ms": sql_s * 1000,
        "county_ms": county_s * 1000,
        "county_sql_ms": county_sql_s * 1000,
    }
    print("RESULT " + json.dumps(results), flush=True)


# ------------------------------------------------------------------------ in the parent


def run() -> list[dict]:
    measured = measure(__file__, BENCH_DB, "projects")
    if measured is None:
        return []
    rows = []
    for name in ("list_page", "list_filtered", "map_page", "api_list"):
        small_ms, small_queries = measured["small"][name]
        large_ms, large_queries = measured["large"][name]
        rows.append(
            {
                "name": f"projects.{name}.queries",
                "value": large_queries,
                "unit": "queries",
                "baseline": small_queries,
                "ratio": round(large_queries / small_queries, 2),
                "target_ratio": 1.0,
            }
        )
        rows.append(
            {
                "name": f"projects.{name}.ms",
                "value": round(large_ms, 1),
                "unit": "ms",
                "baseline": round(small_ms, 1),
                "ratio": round(large_ms / small_ms, 2),
                "target_ratio": None,
            }
        )
    for name, ours, theirs in (
        ("indicator_vs_sql", measured["indicator_ms"], measured["sql_ms"]),
        ("county_vs_sql", measured["county_ms"], measured["county_sql_ms"]),
    ):
        rows.append(
            {
                "name": f"projects.in_progress.{name}",
                "value": round(ours, 1),
                "unit": "ms",
                "baseline": round(theirs, 1),
                "ratio": round(ours / theirs, 2),
                "target_ratio": TARGET_RATIO,
            }
        )
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        for row in run():
            print(row)
