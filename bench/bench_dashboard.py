"""The province-year dashboard at national scale: 31 provinces of 14 counties, persons and
their benefit ledger, job-creation loans with their tranches, and deprivation-elimination
projects with their dated stages, all loaded in bulk (INSERT … SELECT and COPY).

Runs on PostgreSQL in its own database "abadi_bench_dashboard" (dropped and created
afresh; the server is DATABASE_URL's when that names PostgreSQL, else ABADI_BENCH_PG_URL,
default postgres://postgres@127.0.0.1:5432), in a child process whose DATABASE_URL points
at it, so the app's own code runs unchanged.

Sizes (env): ABADI_BENCH_PERSONS (default 300,000), ABADI_BENCH_BENEFITS (500,000),
ABADI_BENCH_LOANS (50,000), ABADI_BENCH_DASH_PROJECTS (20,000); ABADI_BENCH_FULL=1 takes the
issue's scale (6 M persons, 5 M benefits, 500 k loans, 200 k projects).

Measured, for Ardabil (24) in 1401 beside 1400, as its province manager. The dashboard
reads its values through the indicator store (``abadi.core.store``), so each figure is
measured as the office meets it: asked again (from the store), the first time after one
write (one tranche paid: the values that read the tranches are computed again, the rest
come from the store), and with nothing stored at all (everything computed):

- ``dashboard.same_numbers_vs_sql``: the dashboard's cards for ``loans.disbursed_amount``
  (with its plan), ``projects.in_progress`` and ``people.households_reached`` through the
  indicator registry, against hand-written SQL computing the same six values and the plan;
  both must agree before the times are compared (target ratio 3); ``.nothing_stored``
  the same with the store emptied first;
- ``dashboard.page.ms``: the whole dashboard page (every registered indicator for both
  years, the drill by county of the default indicator), server time, against the 300 ms
  the issue asks (ratio = ms / 300); ``.after_one_write`` and ``.nothing_stored`` as above;
- ``dashboard.api_charts.ms``: the charts' request (trend by month for both years, by
  county, by type), against the same 300 ms;
- ``press.summary.national_data.ms``: the province's press summary of the year on the
  same data, against the 1 s the issue asks; ``.nothing_stored`` as above (the demo-based
  bench_press measures its prose against the registry).
"""

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

from pg_child import measure

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FULL = os.environ.get("ABADI_BENCH_FULL", "") == "1"
PERSONS = int(os.environ.get("ABADI_BENCH_PERSONS", "6000000" if FULL else "300000"))
BENEFITS = int(os.environ.get("ABADI_BENCH_BENEFITS", "5000000" if FULL else "500000"))
LOANS = int(os.environ.get("ABADI_BENCH_LOANS", "500000" if FULL else "50000"))
PROJECTS = int(os.environ.get("ABADI_BENCH_DASH_PROJECTS", "200000" if FULL else "20000"))
BENCH_DB = "abadi_bench_dashboard"
PROVINCES = 31
COUNTIES = 14
YEAR = 1401
TARGET_RATIO = 3.0
TARGET_MS = 300.0
PRESS_TARGET_MS = 1000.0  # the press summary on the same data
REPEAT = 5
FIRST = datetime.date(2020, 3, 20)  # 1399/01/01
DAYS = 1460  # 1399 to 1402
KEYS = ("loans.disbursed_amount", "projects.in_progress", "people.households_reached")


# ------------------------------------------------------------------------- in the child


def _areas():
    """The country, 31 provinces (Ardabil "24" among them) of 14 counties, one village each."""
    from abadi.geography.models import Area, AreaLevel

    country = Area.objects.create(code="IR", name="ایران", level=AreaLevel.COUNTRY, path="/IR/")
    counties, villages = [], []
    for p in range(1, PROVINCES + 1):
        code = f"{p:02d}"
        province = Area.objects.create(
            code=code,
            name=f"استان {p}",
            level=AreaLevel.PROVINCE,
            parent=country,
            path=f"/IR/{code}/",
            depth=1,
        )
        for n in range(1, COUNTIES + 1):
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


def _load_people(villages) -> None:
    """Persons (a third of them in households) and the benefit ledger, by INSERT … SELECT."""
    from django.db import connection

    from abadi.people.models import Programme

    ids = "ARRAY[" + ",".join(str(v.pk) for v in villages) + "]"
    n = len(villages)
    programmes = "ARRAY[" + ",".join(f"'{p}'" for p in Programme.values) + "]"
    households = PERSONS // 3
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO people_household (created_at, updated_at, area_id, address)
            SELECT now(), now(), ({ids})[1 + i % {n}], '' FROM generate_series(0::bigint, {households} - 1) i"""
        )
        cursor.execute("SELECT MIN(id) FROM people_household")
        first_household = cursor.fetchone()[0]
        cursor.execute(
            f"""INSERT INTO people_person (created_at, updated_at, first_name, last_name,
                father_name, sex, mobile, area_id, search_key, last_name_key, duplicate_key,
                household_id, ikrf_covered, welfare_covered, disabled, female_headed)
            SELECT now(), now(), 'نام', 'خانواده ' || i, '', 'male', '', ({ids})[1 + i % {n}],
                'نام خانواده ' || i, 'خانواده ' || i, 'k' || i,
                CASE WHEN i % 3 = 0 THEN {first_household} + (i / 3) % {households} END,
                false, false, false, false
            FROM generate_series(0::bigint, {PERSONS} - 1) i"""
        )
        cursor.execute("SELECT MIN(id) FROM people_person")
        first_person = cursor.fetchone()[0]
        cursor.execute(
            f"""INSERT INTO people_benefit (person_id, programme, date, value, area_id, campaign,
                note, created_at)
            SELECT {first_person} + (i * 7919) % {PERSONS},
                ({programmes})[1 + i % {len(Programme.values)}],
                DATE '{FIRST.isoformat()}' + ((i * 31) % {DAYS})::int, 10000000,
                ({ids})[1 + ((i * 7919) % {PERSONS}) % {n}], '', '', now()
            FROM generate_series(0::bigint, {BENEFITS} - 1) i"""
        )


def _load_loans(counties, villages) -> None:
    """Banks, one credit line a province a year, and the loans with one tranche each."""
    from django.db import connection

    from abadi.geography.models import Area
    from abadi.loans.models import CreditLine
    from abadi.organisations.models import Organisation, OrganisationKind

    ardabil = Area.objects.get(code="24")
    banks = [
        Organisation.objects.create(
            name=f"بانک {n}", kind=OrganisationKind.AGENT_BANK, area=ardabil, search_key=f"b{n}"
        )
        for n in range(3)
    ]
    lines = {}
    for province in Area.objects.filter(level="province"):
        for year in (1399, 1400, 1401, 1402):
            line = CreditLine.objects.create(
                area=province,
                year=year,
                title=f"خط {year}",
                total=700 * 10**9,
                annual_rate_bp=400,
                term_months=36,
            )
            line.banks.set(banks)
            lines[province.pk, year] = line.pk
    cases = " ".join(
        f"WHEN {county.pk} THEN {county.parent_id}" for county in counties
    )  # county → province
    county_ids = "ARRAY[" + ",".join(str(c.pk) for c in counties) + "]"
    village_ids = "ARRAY[" + ",".join(str(v.pk) for v in villages) + "]"
    line_of = " ".join(
        f"WHEN {province}*10000+{year} THEN {pk}" for (province, year), pk in lines.items()
    )
    n = len(counties)
    bank_ids = "ARRAY[" + ",".join(str(b.pk) for b in banks) + "]"
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id) FROM people_person")
        first_person = cursor.fetchone()[0]
        # Day d after 1399/01/01 lies in Jalali year 1399 + d / 365 (near enough for a plan).
        cursor.execute(
            f"""INSERT INTO loans_application (number, applicant_id, area_id, place_id, title,
                sector, activity, own_contribution, requested_amount, planned_jobs,
                credit_line_id, bank_id, status, registered_on, approved_amount, approved_on,
                letter_no, letter_date, contract_no, contract_date, rejection_reason,
                created_at, updated_at, minutes_no)
            SELECT 'B-' || i, {first_person} + i % {PERSONS}, ({county_ids})[1 + i % {n}],
                ({village_ids})[1 + i % {n}], 'طرح', 'livestock', 'دامداری', 0,
                (30 + i % 270) * 10000000, 2,
                CASE (CASE ({county_ids})[1 + i % {n}] {cases} END) * 10000
                    + 1399 + ((i * 37) % {DAYS - 10}) / 365 {line_of} END,
                ({bank_ids})[1 + i % 3], 'in_operation',
                DATE '{FIRST.isoformat()}' + ((i * 37) % {DAYS - 10})::int, (30 + i % 270) * 10000000,
                DATE '{FIRST.isoformat()}' + ((i * 37) % {DAYS - 10})::int, 'L' || i,
                DATE '{FIRST.isoformat()}' + ((i * 37) % {DAYS - 10})::int, 'C' || i,
                DATE '{FIRST.isoformat()}' + ((i * 37) % {DAYS - 10})::int, '', now(), now(), 'M' || i
            FROM generate_series(0::bigint, {LOANS} - 1) i"""
        )
        cursor.execute(
            """INSERT INTO loans_disbursement (application_id, date, amount, reference, created_at)
            SELECT id, contract_date + 5, approved_amount, '', now() FROM loans_application"""
        )


def _load_projects(counties, villages) -> None:
    sys.path.insert(0, str(HERE))
    import bench_projects

    bench_projects._load(PROJECTS, 0, counties, villages, offset=0)


def _manager():
    from django.contrib.auth import get_user_model

    from abadi.accounts.models import RoleAssignment
    from abadi.core.permissions import Role
    from abadi.geography.models import Area

    manager, created = get_user_model().objects.get_or_create(username="bench-manager")
    if not created:
        return manager
    RoleAssignment.objects.create(
        user=manager, role=Role.PROVINCE_MANAGER, area=Area.objects.get(code="24")
    )
    return manager


HAND_WRITTEN = {
    "disbursed": """
        SELECT COALESCE(SUM(d.amount), 0) FROM loans_disbursement d
        JOIN loans_application ap ON ap.id = d.application_id
        JOIN geography_area a ON a.id = ap.area_id
        WHERE a.path LIKE %(path)s AND d.date BETWEEN %(start)s AND %(end)s""",
    "plan": """
        SELECT SUM(cl.total) FROM loans_creditline cl JOIN geography_area a ON a.id = cl.area_id
        WHERE cl.year = %(year)s AND a.path LIKE %(path)s""",
    "in_progress": """
        SELECT COUNT(*) FROM projects_stagechange s
        JOIN projects_project p ON p.id = s.project_id
        JOIN geography_area a ON a.id = p.area_id
        WHERE a.path LIKE %(path)s AND s.to_stage IN ('groundbreaking', 'in_progress')
          AND s."on" <= %(day)s AND (s.until IS NULL OR s.until > %(day)s)""",
    "households": """
        SELECT COUNT(DISTINCT COALESCE(b.household_id, p.household_id))
             + COUNT(DISTINCT b.person_id) FILTER (
                   WHERE b.household_id IS NULL AND p.household_id IS NULL)
        FROM people_benefit b LEFT JOIN people_person p ON p.id = b.person_id
        JOIN geography_area a ON a.id = b.area_id
        WHERE a.path LIKE %(path)s AND b.date BETWEEN %(start)s AND %(end)s""",
}


def _hand_written(path: str) -> dict:
    from django.db import connection

    from abadi.core import clock
    from abadi.core.jalali import jalali_year_bounds

    found = {}
    with connection.cursor() as cursor:
        for year in (YEAR, YEAR - 1):
            start, end = jalali_year_bounds(year)
            day = min(end, clock.today())
            params = {"path": path + "%", "start": start, "end": end, "day": day, "year": year}
            for name in ("disbursed", "in_progress", "households"):
                cursor.execute(HAND_WRITTEN[name], params)
                found[name, year] = int(cursor.fetchone()[0] or 0)
        cursor.execute(HAND_WRITTEN["plan"], {"path": path + "%", "year": YEAR})
        found["plan", YEAR] = int(cursor.fetchone()[0] or 0)
    return found


def _dashboard_numbers(manager, province) -> dict:
    from abadi.core.indicators import get_indicator
    from abadi.reporting import dashboard

    cards = dashboard.dashboard_cards(
        actor=manager, area=province, year=YEAR, indicators=[get_indicator(k) for k in KEYS]
    )
    rows = {row["key"]: row for card in cards for row in card["indicators"]}
    names = dict(zip(KEYS, ("disbursed", "in_progress", "households"), strict=True))
    found = {}
    for key, name in names.items():
        found[name, YEAR] = rows[key]["value"]
        found[name, YEAR - 1] = rows[key]["last_value"]
    found["plan", YEAR] = rows["loans.disbursed_amount"]["target"]
    return found


def _press(manager, province):
    """The province's press summary of the year, as the press page writes it."""
    from abadi.reporting.press import press_summary

    return press_summary(actor=manager, area=province, year=YEAR)


def _timed(func) -> tuple[float, object]:
    result = func()  # warm the caches once
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = func()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000, result


def _fetch(client, url: str):
    response = client.get(url, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, (url, response.status_code)
    return response


def _request_once(client, url: str) -> tuple[float, int]:
    """One request's server time and queries (the first after the store was emptied or
    a table written: what is not stored is computed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        _fetch(client, url)
        ms = (time.perf_counter() - start) * 1000
    return ms, len(queries)


def _request(client, url: str) -> tuple[float, int]:
    """The median server time of a request asked again and again, and its queries."""
    ms, _response = _timed(lambda: _fetch(client, url))
    return ms, _request_once(client, url)[1]


def _load() -> None:
    from django.db import connection

    start = time.perf_counter()
    counties, villages = _areas()
    _load_people(villages)
    _load_loans(counties, villages)
    _load_projects(counties, villages)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"  loaded {PERSONS:,} persons, {BENEFITS:,} benefits, {LOANS:,} loans, "
        f"{PROJECTS:,} projects over {PROVINCES} provinces in {time.perf_counter() - start:.1f} s",
        flush=True,
    )


def _write_one_tranche(province) -> None:
    """What an office day does between two looks at the dashboard: one more tranche paid."""
    from abadi.loans.models import Application, Disbursement

    loan = Application.objects.filter(area__parent=province).order_by("pk").first()
    Disbursement.objects.create(application=loan, date=loan.contract_date, amount=10_000_000)


def _forget_stored_values() -> None:
    from abadi.core.models import StoredIndicatorValue

    StoredIndicatorValue.objects.all().delete()


def _measure() -> dict:
    from django.test import Client

    from abadi.geography.models import Area

    manager = _manager()
    province = Area.objects.get(code="24")
    sql_ms, theirs = _timed(lambda: _hand_written(province.path))
    _forget_stored_values()
    start = time.perf_counter()
    ours = _dashboard_numbers(manager, province)
    ours_cold_ms = (time.perf_counter() - start) * 1000
    assert ours == theirs, (ours, theirs)  # the same numbers before the speed is compared
    ours_ms, ours = _timed(lambda: _dashboard_numbers(manager, province))
    assert ours == theirs, (ours, theirs)
    print(f"  Ardabil {YEAR} (and {YEAR - 1}): {json.dumps({str(k): v for k, v in ours.items()})}")
    client = Client()
    client.force_login(manager)
    page = f"/reporting/dashboard/?area=24&year={YEAR}"
    charts = f"/api/v1/dashboard?area=24&year={YEAR}&key=loans.disbursed_amount&cards=false"
    _forget_stored_values()
    page_cold_ms, _queries = _request_once(client, page)
    page_ms, page_queries = _request(client, page)
    api_ms, api_queries = _request(client, charts)
    _write_one_tranche(province)
    page_after_write_ms, _queries = _request_once(client, page)
    assert _dashboard_numbers(manager, province) == _hand_written(province.path)
    print(f"  page: {page_queries} queries; charts: {api_queries} queries", flush=True)
    _forget_stored_values()
    start = time.perf_counter()
    _press(manager, province)
    press_cold_ms = (time.perf_counter() - start) * 1000
    press_ms, summary = _timed(lambda: _press(manager, province))
    print(f"  press summary: {len(summary.sentences)} sentences", flush=True)
    return {
        "ours_ms": ours_ms,
        "ours_cold_ms": ours_cold_ms,
        "sql_ms": sql_ms,
        "page_ms": page_ms,
        "page_cold_ms": page_cold_ms,
        "page_after_write_ms": page_after_write_ms,
        "api_ms": api_ms,
        "press_ms": press_ms,
        "press_cold_ms": press_cold_ms,
    }


def child() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _load()
    print("RESULT " + json.dumps(_measure()), flush=True)


# ------------------------------------------------------------------------ in the parent


def _against(name: str, ms: float, baseline: float, target: float = 1.0) -> dict:
    return {
        "name": name,
        "value": round(ms, 1),
        "unit": "ms",
        "baseline": round(baseline, 1),
        "ratio": round(ms / baseline, 2),
        "target_ratio": target,
    }


def run() -> list[dict]:
    measured = measure(__file__, BENCH_DB, "dashboard")
    if measured is None:
        return []
    sql_ms = measured["sql_ms"]
    return [
        _against("dashboard.same_numbers_vs_sql", measured["ours_ms"], sql_ms, TARGET_RATIO),
        _against(
            "dashboard.same_numbers_vs_sql.nothing_stored",
            measured["ours_cold_ms"],
            sql_ms,
            TARGET_RATIO,
        ),
        _against("dashboard.page.ms", measured["page_ms"], TARGET_MS),
        _against("dashboard.page.after_one_write.ms", measured["page_after_write_ms"], TARGET_MS),
        _against("dashboard.page.nothing_stored.ms", measured["page_cold_ms"], TARGET_MS),
        _against("dashboard.api_charts.ms", measured["api_ms"], TARGET_MS),
        _against("press.summary.national_data.ms", measured["press_ms"], PRESS_TARGET_MS),
        _against(
            "press.summary.national_data.nothing_stored.ms",
            measured["press_cold_ms"],
            PRESS_TARGET_MS,
        ),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        for row in run():
            print(row)
