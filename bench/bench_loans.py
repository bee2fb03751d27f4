"""Loan schedules at portfolio scale, and portfolio at risk over that portfolio.

Runs on PostgreSQL in its own database "abadi_bench_loans" (dropped and created afresh;
the server is DATABASE_URL's when that names PostgreSQL, else ABADI_BENCH_PG_URL,
default postgres://postgres@127.0.0.1:5432). The work happens in a child process whose
DATABASE_URL points at that database, so the app's own code runs unchanged.

- ``loans.schedules_500k_x36``: the repayment schedules of ``ABADI_BENCH_LOANS`` loans
  (default 500,000) of 36 monthly instalments, computed by the app's
  :func:`abadi.loans.schedule.build_schedule` (Jalali due dates, integer rials) and stored
  with COPY, including building the instalment table's indexes. Baseline: the 60 s
  target; ratio = seconds / 60.
- ``loans.par_province``: PAR30 and PAR90 of the province through the app's selector
  (:func:`abadi.loans.selectors.par`, one ORM statement of correlated subqueries),
  against one hand-written SQL statement (hash joins of three grouped scans) on the same
  data. ratio = selector / hand-written (target at most 5).
- ``loans.par_by_county``: the same, grouped by county.
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
LOANS = int(os.environ.get("ABADI_BENCH_LOANS", "500000"))
TERM = 36
BENCH_DB = "abadi_bench_loans"
TARGET_SECONDS = 60.0
TARGET_RATIO = 5.0
REPEAT = 5
# PAR is measured "now": the child sets this to today (Tehran) before building the data.
AS_OF = datetime.date.today()
SEED = 36


# ------------------------------------------------------------------------- in the child


def _setup():
    """Areas (the province, its twelve counties, a village each), banks, one credit line,
    a thousand applicants and the loans themselves, with one tranche each."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from abadi.accounts.models import RoleAssignment
    from abadi.core.permissions import Role
    from abadi.geography.models import Area, AreaLevel
    from abadi.loans.models import CreditLine
    from abadi.organisations.models import Organisation, OrganisationKind
    from abadi.people.models import Person

    call_command("migrate", verbosity=0)
    country = Area.objects.create(
        code="IR", name="ایران", level=AreaLevel.COUNTRY, path="/IR/", depth=0
    )
    province = Area.objects.create(
        code="24", name="اردبیل", level=AreaLevel.PROVINCE, parent=country, path="/IR/24/", depth=1
    )
    counties, villages = [], []
    for n in range(1, 13):
        code = f"24{n:02d}"
        county = Area.objects.create(
            code=code,
            name=f"شهرستان {n}",
            level=AreaLevel.COUNTY,
            parent=province,
            path=f"/IR/24/{code}/",
            depth=2,
        )
        village = Area.objects.create(
            code=f"{code}010001001",
            name=f"روستای {n}",
            level=AreaLevel.VILLAGE,
            parent=county,
            path=f"{county.path}{code}010001001/",
            depth=3,
        )
        counties.append(county)
        villages.append(village)
    banks = [
        Organisation.objects.create(
            name=f"بانک {n}", kind=OrganisationKind.AGENT_BANK, area=province, search_key=f"bank{n}"
        )
        for n in range(6)
    ]
    line = CreditLine.objects.create(
        area=province, year=1401, title="bench", total=10**18, annual_rate_bp=400, term_months=TERM
    )
    line.banks.set(banks)
    persons = []
    for n in range(1000):
        person = Person(
            first_name="نام", last_name=f"خانواده {n}", sex="male", area=villages[n % 12]
        )
        person.fill_keys()
        persons.append(person)
    persons = Person.objects.bulk_create(persons)
    manager = get_user_model().objects.create_user(username="bench-manager", password=None)
    RoleAssignment.objects.create(user=manager, role=Role.PROVINCE_MANAGER, area=province)

    rng = random.Random(SEED)
    now = datetime.datetime.now(datetime.UTC).isoformat()
    loans = []
    with connection.cursor() as cursor:
        columns = (
            "number, applicant_id, area_id, place_id, title, sector, activity, own_contribution, "
            "requested_amount, planned_jobs, credit_line_id, bank_id, status, registered_on, "
            "approved_amount, approved_on, letter_no, letter_date, contract_no, contract_date, "
            "rejection_reason, created_at, updated_at"
        )
        with cursor.cursor.copy(f"COPY loans_application ({columns}) FROM STDIN") as copy:
            for n in range(LOANS):
                county = n % 12
                amount = rng.randrange(30, 301) * 10_000_000
                contract = AS_OF - datetime.timedelta(days=rng.randrange(30, 1100))
                copy.write_row(
                    (
                        f"B-{n:07d}", persons[n % 1000].pk, counties[county].pk, villages[county].pk,
                        "طرح", "livestock", "دامداری", 0, amount, 2, line.pk, banks[n % 6].pk,
                        "in_operation", contract, amount, contract, f"L{n}", contract, f"C{n}",
                        contract, "", now, now,
                    )
                )  # fmt: skip
                loans.append((amount, contract))
        cursor.execute("SELECT id FROM loans_application ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        with cursor.cursor.copy(
            "COPY loans_disbursement (application_id, date, amount, reference, created_at) FROM STDIN"
        ) as copy:
            for pk, (amount, contract) in zip(ids, loans, strict=True):
                copy.write_row((pk, contract + datetime.timedelta(days=5), amount, "", now))
    return manager, list(zip(ids, loans, strict=True))


WORKERS = 2
COLUMNS = "id, application_id, number, due_date, principal, interest, total, principal_paid, interest_paid, paid_date"
UNPAID = (0, 0, None)
TYPES = ["int8", "int8", "int2", "date", "int8", "int8", "int8", "int8", "int8", "date"]


def _copy_schedules(job: tuple[str, list[tuple]]) -> list[tuple]:
    """One worker's share: compute each loan's schedule with the app's function and COPY
    it (binary) on its own connection. A borrower has paid every instalment due by the
    loan's cutoff (most: the benchmark's day; some a month or two before; some long ago)."""
    import psycopg

    from abadi.loans.schedule import build_schedule

    url, loans = job
    repayments = []
    statement = f"COPY loans_instalment ({COLUMNS}) FROM STDIN (FORMAT BINARY)"
    with psycopg.connect(url) as conn, conn.cursor() as cursor, cursor.copy(statement) as copy:
        copy.set_types(TYPES)
        write = copy.write_row
        for pk, first_id, amount, contract, cutoff in loans:
            principal_paid = total_paid = 0
            last = None
            for number, due_date, principal, interest in build_schedule(
                principal=amount, annual_rate_bp=400, term_months=TERM, start=contract
            ):
                total = principal + interest
                if due_date <= cutoff:
                    principal_paid += principal
                    total_paid += total
                    last = due_date
                    paid = (principal, interest, due_date)
                else:
                    paid = UNPAID
                write((first_id + number, pk, number, due_date, principal, interest, total, *paid))
            if last is not None:
                repayments.append(
                    (pk, last, total_paid, principal_paid, total_paid - principal_paid)
                )
    return repayments


def _schedules(loans) -> tuple[float, list[tuple]]:
    """Compute and store every loan's schedule in ``WORKERS`` processes, then build the
    instalment table's indexes and constraints; the whole of it is timed."""
    import multiprocessing

    from django.db import connection

    rng = random.Random(SEED + 1)
    jobs: list[list[tuple]] = [[] for _ in range(WORKERS)]
    for index, (pk, (amount, contract)) in enumerate(loans):
        habit = rng.random()
        if habit < 0.8:
            cutoff = AS_OF
        elif habit < 0.9:
            cutoff = AS_OF - datetime.timedelta(days=rng.randrange(35, 80))
        else:
            cutoff = AS_OF - datetime.timedelta(days=rng.randrange(120, 300))
        # Ids are handed out here (a block of TERM per loan) rather than drawn from the
        # sequence row by row.
        jobs[index * WORKERS // len(loans)].append((pk, index * TERM, amount, contract, cutoff))
    url = os.environ["DATABASE_URL"]
    start = time.perf_counter()
    with connection.cursor() as cursor:
        # A bulk load drops the table's secondary indexes and its unique and foreign-key
        # constraints and builds them again once the rows are in (inside the timing): a
        # kept foreign key queues a check for every row, and sorting once beats 18 million
        # index inserts.
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'loans_instalment'::regclass AND contype IN ('p', 'u', 'f')"
        )
        constraints = cursor.fetchall()
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE loans_instalment DROP CONSTRAINT "{name}"')
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'loans_instalment' "
            "AND indexname <> 'loans_instalment_pkey'"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        parts = pool.map(_copy_schedules, [(url, job) for job in jobs])
    loaded = time.perf_counter()
    with connection.cursor() as cursor:
        # Room to sort in memory for the index builds (this session only).
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE loans_instalment ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('loans_instalment', 'id'), %s)",
            [len(loans) * TERM],
        )
    seconds = time.perf_counter() - start
    print(
        f"  rows computed and copied in {loaded - start:.1f} s ({WORKERS} processes); "
        f"indexes and constraints in {time.perf_counter() - loaded:.1f} s",
        flush=True,
    )
    return seconds, [row for part in parts for row in part]


def _store_repayments(repayments) -> None:
    from django.db import connection

    now = datetime.datetime.now(datetime.UTC).isoformat()
    with connection.cursor() as cursor:
        columns = (
            "application_id, date, amount, reference, principal_part, interest_part, created_at"
        )
        with cursor.cursor.copy(f"COPY loans_repayment ({columns}) FROM STDIN") as copy:
            for pk, day, amount, principal, interest in repayments:
                copy.write_row((pk, day, amount, "", principal, interest, now))
        for table in (
            "loans_application",
            "loans_instalment",
            "loans_repayment",
            "loans_disbursement",
        ):
            cursor.execute(f"ANALYZE {table}")


HAND_WRITTEN = """
WITH paid_out AS (
    SELECT application_id, SUM(amount) AS amount FROM loans_disbursement
    WHERE date <= %(as_of)s GROUP BY application_id
), paid_back AS (
    SELECT application_id, SUM(principal_part) AS principal FROM loans_repayment
    WHERE date <= %(as_of)s GROUP BY application_id
), late AS (
    SELECT application_id, MIN(due_date) AS since FROM loans_instalment
    WHERE due_date <= %(as_of)s AND (paid_date IS NULL OR paid_date > %(as_of)s)
    GROUP BY application_id
), positions AS (
    SELECT a.area_id, o.amount - COALESCE(b.principal, 0) AS outstanding, l.since
    FROM loans_application a
    JOIN geography_area g ON g.id = a.area_id
    JOIN paid_out o ON o.application_id = a.id
    LEFT JOIN paid_back b ON b.application_id = a.id
    LEFT JOIN late l ON l.application_id = a.id
    WHERE g.path LIKE '/IR/24/%%' AND a.status IN ('disbursed', 'in_operation', 'settled')
)
SELECT {group} COUNT(*), SUM(outstanding),
       COALESCE(SUM(outstanding) FILTER (WHERE since < %(cut30)s), 0),
       COALESCE(SUM(outstanding) FILTER (WHERE since < %(cut90)s), 0)
FROM positions {tail}
"""


def _hand_written(by_county: bool) -> list[tuple]:
    from django.db import connection

    sql = HAND_WRITTEN.format(
        group="area_id," if by_county else "",
        tail="GROUP BY area_id ORDER BY area_id" if by_county else "",
    )
    params = {
        "as_of": AS_OF,
        "cut30": AS_OF - datetime.timedelta(days=30),
        "cut90": AS_OF - datetime.timedelta(days=90),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _median(func) -> tuple[float, object]:
    result = func()  # warm the caches once
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = func()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), result


def child() -> None:
    import django

    global AS_OF
    django.setup()
    from django.utils import timezone

    AS_OF = timezone.localdate()
    from abadi.geography.models import Area
    from abadi.loans import selectors

    setup_start = time.perf_counter()
    manager, loans = _setup()
    print(f"  setup: {LOANS:,} loans in {time.perf_counter() - setup_start:.1f} s", flush=True)
    seconds, repayments = _schedules(loans)
    print(f"  schedules: {LOANS * TERM:,} instalments in {seconds:.1f} s", flush=True)
    _store_repayments(repayments)
    province = Area.objects.get(code="24")

    results: dict[str, object] = {"schedule_seconds": seconds}
    selector_total, [ours] = _median(
        lambda: selectors.par(actor=manager, as_of=AS_OF, area=province)
    )
    hand_total, [theirs] = _median(lambda: _hand_written(False))
    # Both ways must agree to the rial before their speed is compared.
    assert (ours.loans, ours.outstanding, ours.at_risk_30, ours.at_risk_90) == tuple(theirs), (
        ours,
        theirs,
    )
    selector_county, by_county = _median(
        lambda: selectors.par(actor=manager, as_of=AS_OF, area=province, by="county")
    )
    hand_county, rows = _median(lambda: _hand_written(True))
    assert [(r.loans, r.outstanding, r.at_risk_30, r.at_risk_90) for r in by_county] == [
        tuple(row[1:]) for row in rows
    ]
    print(f"  PAR30 {ours.par30} %, PAR90 {ours.par90} % of {ours.outstanding:,} rials", flush=True)
    results.update(
        selector_total=selector_total,
        hand_total=hand_total,
        selector_county=selector_county,
        hand_county=hand_county,
    )
    print("RESULT " + json.dumps(results), flush=True)


# ------------------------------------------------------------------------ in the parent


def run() -> list[dict]:
    measured = measure(__file__, BENCH_DB, "loans")
    if measured is None:
        return []
    seconds = measured["schedule_seconds"]
    return [
        {
            "name": f"loans.schedules_{LOANS // 1000}k_x{TERM}.store_seconds",
            "value": round(seconds, 2),
            "unit": "s",
            "baseline": TARGET_SECONDS,
            "ratio": round(seconds / TARGET_SECONDS, 2),
            "target_ratio": 1.0,
        },
        {
            "name": "loans.par_province.selector_vs_sql",
            "value": round(measured["selector_total"] * 1000, 1),
            "unit": "ms",
            "baseline": round(measured["hand_total"] * 1000, 1),
            "ratio": round(measured["selector_total"] / measured["hand_total"], 2),
            "target_ratio": TARGET_RATIO,
        },
        {
            "name": "loans.par_by_county.selector_vs_sql",
            "value": round(measured["selector_county"] * 1000, 1),
            "unit": "ms",
            "baseline": round(measured["hand_county"] * 1000, 1),
            "ratio": round(measured["selector_county"] / measured["hand_county"], 2),
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
