"""Donors' money at scale: ``ABADI_BENCH_DONATIONS`` receipted donations (default 100,000)
and about twice as many allocations, spread over four Jalali years and the province's
offices, inside a transaction that is rolled back at the end. Times:

- ``funds.donation_list_page.ms``: the donations page (first page, newest first, each row's
  donor as the viewer may read it) of the province manager at full size against the same
  page with 100 donations (ratio near 1: the page does not grow with the table);
  ``funds.donation_list_page.queries``: its queries at both sizes;
- ``funds.unallocated_balance``: the ``funds.unallocated_balance`` indicator of the
  province as of 1401/02/18 (two aggregate queries) against reading every donation and
  allocation and summing in Python (what a report built row by row does); both must agree;
- ``funds.use_statement``: where one relief campaign's money came from
  (``selectors.allocated_to``, one aggregate) against summing its allocation rows in Python.

Ratios are measured / baseline for the page, baseline / measured for the figures.
"""

import datetime
import os
import random
import statistics
import time

from django.db import connection, transaction
from django.test.utils import override_settings

DONATIONS = int(os.environ.get("ABADI_BENCH_DONATIONS", "100000"))
SMALL = 100
REPEAT = 5
YEARS = (1399, 1400, 1401, 1402)
AS_OF = datetime.date(2022, 5, 8)


class _Rollback(Exception):
    pass


def _median_ms(func) -> float:
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _fill(offices, count: int, start: int) -> None:
    from abadi.core.jalali import jalali_date
    from abadi.funds.models import (
        Allocation,
        Donation,
        DonationKind,
        DonationStatus,
        Donor,
        DonorKind,
        UseKind,
    )

    rng = random.Random(1401 + start)
    donors = Donor.objects.bulk_create(
        [
            Donor(
                kind=DonorKind.GROUP,
                name=f"خیّران {n}",
                area=offices[n % len(offices)],
                anonymous=n % 5 == 0,
            )
            for n in range(max(count // 20, 5))
        ],
        batch_size=5000,
    )
    seq: dict[int, int] = {}
    donations = []
    for _row in range(count):
        year = rng.choice(YEARS)
        donor = rng.choice(donors)
        seq[year] = seq.get(year, 0) + 1
        donations.append(
            Donation(
                donor=donor,
                area=donor.area,
                kind=DonationKind.CASH,
                method="transfer",
                amount=rng.randint(1, 100) * 1_000_000,
                received_on=jalali_date(year, rng.randint(1, 6), rng.randint(1, 29)),
                status=DonationStatus.RECEIPTED,
                receipt_year=year,
                receipt_seq=start + seq[year],
                number=f"{year}-b{start + seq[year]:07d}",
            )
        )
    Donation.objects.bulk_create(donations, batch_size=5000)
    allocations = []
    for donation in donations:
        left = donation.amount
        for _ in range(rng.randint(0, 3)):
            rials = rng.randint(1, max(left // 2, 1))
            if rials > left:
                break
            left -= rials
            allocations.append(
                Allocation(
                    donation=donation,
                    use_kind=rng.choice([UseKind.RELIEF_CAMPAIGN, UseKind.PROJECT]),
                    use_id=rng.randint(1, 50),
                    rials=rials,
                    on=donation.received_on + datetime.timedelta(days=rng.randint(0, 60)),
                    area=donation.area,
                )
            )
        donation.allocated = donation.amount - left
    Donation.objects.bulk_update(donations, ["allocated"], batch_size=5000)
    Allocation.objects.bulk_create(allocations, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE funds_donation")
            cursor.execute("ANALYZE funds_allocation")


def _page(client) -> tuple[float, int]:
    # Django empties the query log when a request starts: count at the cursor instead.
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get("/funds/")
    assert response.status_code == 200, response.status_code
    return _median_ms(lambda: client.get("/funds/")), len(queries)


def run() -> list[dict]:
    from django.test import Client

    from abadi.core.actors import SYSTEM
    from abadi.core.indicators import IndicatorQuery, get_indicator
    from abadi.core.permissions import Role
    from abadi.funds import selectors
    from abadi.funds.models import Allocation, Donation, UseKind
    from abadi.geography.models import Area, AreaLevel
    from abadi.testing import area_tree, user_with_role

    results: list[dict] = []
    try:
        with transaction.atomic(), override_settings(ALLOWED_HOSTS=["testserver"]):
            tree = area_tree()
            offices = list(Area.objects.filter(level=AreaLevel.COUNTY, path__startswith="/IR/24/"))
            manager = user_with_role("bench-funds-manager", Role.PROVINCE_MANAGER, tree["24"])
            client = Client()
            client.force_login(manager)
            _fill(offices, SMALL, 0)
            small_ms, small_queries = _page(client)
            _fill(offices, DONATIONS, 10_000_000)
            full_ms, full_queries = _page(client)

            province = tree["24"]
            indicator = get_indicator("funds.unallocated_balance")
            query = IndicatorQuery.build(actor=SYSTEM, area=province, as_of=AS_OF)

            def by_rows() -> int:
                received = sum(
                    d.amount
                    for d in Donation.objects.filter(
                        area__path__startswith=province.path, received_on__lte=AS_OF
                    )
                    .exclude(status="recorded")
                    .iterator(chunk_size=5000)
                )
                allocated = sum(
                    a.rials
                    for a in Allocation.objects.filter(
                        area__path__startswith=province.path, on__lte=AS_OF
                    ).iterator(chunk_size=5000)
                )
                return received - allocated

            assert indicator.compute(query) == by_rows()
            figure_ms = _median_ms(lambda: indicator.compute(query))
            rows_ms = _median_ms(by_rows)

            def use_rows() -> int:
                return sum(
                    a.rials
                    for a in Allocation.objects.filter(use_kind=UseKind.RELIEF_CAMPAIGN, use_id=7)
                )

            assert selectors.allocated_to(use_kind=UseKind.RELIEF_CAMPAIGN, use_id=7) == use_rows()
            use_ms = _median_ms(
                lambda: selectors.allocated_to(use_kind=UseKind.RELIEF_CAMPAIGN, use_id=7)
            )
            use_rows_ms = _median_ms(use_rows)
            label = f"{DONATIONS:,} donations, {connection.vendor}"
            results = [
                {
                    "name": f"funds.donation_list_page.ms ({label})",
                    "value": full_ms,
                    "unit": "ms",
                    "baseline": round(small_ms, 3),
                    "ratio": round(full_ms / small_ms, 2) if small_ms else None,
                    "target_ratio": 3.0,
                },
                {
                    "name": f"funds.donation_list_page.queries ({label})",
                    "value": float(full_queries),
                    "unit": "queries",
                    "baseline": small_queries,
                    "ratio": round(full_queries / small_queries, 2) if small_queries else None,
                    "target_ratio": 1.0,
                },
                {
                    "name": f"funds.unallocated_balance ({label})",
                    "value": figure_ms,
                    "unit": "ms",
                    "baseline": round(rows_ms, 3),
                    "ratio": round(rows_ms / figure_ms, 2) if figure_ms else None,
                    "target_ratio": 10.0,
                },
                {
                    "name": f"funds.use_statement ({label})",
                    "value": use_ms,
                    "unit": "ms",
                    "baseline": round(use_rows_ms, 3),
                    "ratio": round(use_rows_ms / use_ms, 2) if use_ms else None,
                    "target_ratio": 2.0,
                },
            ]
            raise _Rollback
    except _Rollback:
        pass
    return results
