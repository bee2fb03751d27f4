"""Racing for one donation's last rials, each thread on its own database connection.

On PostgreSQL the donation row ``allocate`` locks with SELECT … FOR UPDATE makes the
threads wait for each other; on SQLite a write transaction starts with BEGIN IMMEDIATE and
holds the database's write lock. Either way each allocation sees every earlier one, so the
donation never gives more than it received, and receipts numbered at the same moment
never share a number nor leave a gap. Run it on PostgreSQL with ``DATABASE_URL``.
"""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, close_old_connections, connection
from django.db.models import Sum

from abadi.funds import selectors, services
from abadi.funds.models import Allocation, Donation, UseKind

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6
ON = datetime.date(2021, 7, 1)


def run_together(work, count: int) -> list[str]:
    barrier = threading.Barrier(count)
    outcomes: list[str] = [""] * count

    def target(i: int) -> None:
        try:
            barrier.wait()
            for _attempt in range(200):
                try:
                    work(i)
                    outcomes[i] = "ok"
                    return
                except ValidationError:
                    outcomes[i] = "refused"
                    return
                except OperationalError as error:
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
            outcomes[i] = "gave up"
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_threads_race_for_the_last_rials(transactional_db, give, staff):
    donation = give(1_000)
    services.allocate(
        actor=staff.officer,
        donation=donation,
        use_kind=UseKind.PROJECT,
        use_id=1,
        rials=400,
        on=ON,
    )

    def take_the_rest(i: int) -> None:
        services.allocate(
            actor=staff.officer,
            donation=donation,
            use_kind=UseKind.PROJECT,
            use_id=2 + i,
            rials=600,
            on=ON,
        )

    outcomes = run_together(take_the_rest, 2)
    assert sorted(outcomes) == ["ok", "refused"]
    donation.refresh_from_db()
    assert donation.allocated == 1_000
    assert Allocation.objects.aggregate(total=Sum("rials"))["total"] == 1_000
    assert selectors.donation_balance(donation=donation) == 0


def test_many_threads_never_pass_what_was_received(transactional_db, give, staff):
    donation = give(1_000)

    def take(i: int) -> None:
        services.allocate(
            actor=staff.officer,
            donation=donation,
            use_kind=UseKind.RELIEF_CAMPAIGN,
            use_id=1,
            rials=300,
            on=ON,
        )

    outcomes = run_together(take, THREADS)
    assert sorted(outcomes) == ["ok"] * 3 + ["refused"] * (THREADS - 3)
    donation.refresh_from_db()
    assert donation.allocated == 900


def test_receipts_issued_together_are_numbered_without_gap(transactional_db, give, staff, donor):
    def receipt(i: int) -> None:
        services.donation_record(
            actor=staff.clerk,
            donor=donor,
            kind="cash",
            amount=10 + i,
            method="cash",
            received_on=datetime.date(2021, 6, 1),
        )

    outcomes = run_together(receipt, THREADS)
    assert outcomes == ["ok"] * THREADS
    seqs = sorted(Donation.objects.values_list("receipt_seq", flat=True))
    assert seqs == list(range(1, THREADS + 1))
