"""Concurrent approvals and tranches, each thread on its own database connection.

On PostgreSQL the rows the services lock with SELECT … FOR UPDATE make the threads wait
for each other; on SQLite a write transaction starts with BEGIN IMMEDIATE and holds the
database's write lock. Either way each decision sees every earlier one, so the quota and
the approved amount hold. A thread that finds the SQLite database locked retries, as a
client whose request failed would.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, close_old_connections, connection
from django.db.models import Sum

from abadi.loans import services
from abadi.loans.models import Application, Disbursement, Status

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


def run_together(work, count: int) -> list[str]:
    """Run ``work(i)`` in ``count`` threads released at once; collect what each got."""
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


def test_concurrent_approvals_cannot_exceed_the_county_quota(
    transactional_db, register, advance, line, staff, areas
):
    services.quota_set(
        actor=staff.manager, credit_line=line, county=areas["2403"], amount=1_500_000_000
    )
    applications = [advance(register(amount=500_000_000), Status.REVIEWED) for _ in range(THREADS)]

    def approve(i: int) -> None:
        services.application_approve(
            actor=staff.manager, application=applications[i], amount=500_000_000, minutes_no="۱۴"
        )

    outcomes = run_together(approve, THREADS)
    assert sorted(outcomes) == ["ok"] * 3 + ["refused"] * (THREADS - 3)
    approved = Application.objects.filter(status=Status.APPROVED)
    assert approved.count() == 3
    assert approved.aggregate(total=Sum("approved_amount"))["total"] == 1_500_000_000


def test_concurrent_tranches_cannot_exceed_the_approved_amount(
    transactional_db, register, advance, staff
):
    application = advance(register(amount=1_000_000_000), Status.CONTRACTED)

    def disburse(i: int) -> None:
        import datetime

        services.disbursement_add(
            actor=staff.clerk,
            application=application,
            amount=300_000_000,
            date=datetime.date(2022, 5, 10 + i),
        )

    outcomes = run_together(disburse, THREADS)
    assert sorted(outcomes) == ["ok"] * 3 + ["refused"] * (THREADS - 3)
    total = Disbursement.objects.filter(application=application).aggregate(total=Sum("amount"))[
        "total"
    ]
    assert total == 900_000_000
    application.refresh_from_db()
    assert application.status == Status.DISBURSED
    assert application.status_changes.filter(to_status=Status.DISBURSED).count() == 1
