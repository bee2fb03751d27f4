"""Two issues racing for the last units, each thread on its own database connection.

On PostgreSQL the conditional update (``quantity >= n``) takes the stock row: the second
waits for the first to commit, then finds too little and is refused. On SQLite a write
transaction holds the database's write lock (BEGIN IMMEDIATE); a thread that finds it
locked retries, as a client would. Either way exactly one passes and the balance is zero.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, close_old_connections, connection

from abadi.relief import services
from abadi.relief.models import Package, Stock
from abadi.relief.tests.conftest import DAY, make_household

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(work, count: int) -> list[str]:
    barrier = threading.Barrier(count)
    outcomes = [""] * count

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


def test_two_issues_racing_for_the_last_units_one_passes(clerk, warehouse, rice):
    services.stock_issue(actor=clerk, warehouse=warehouse, item=rice, quantity=95, on=DAY, note="x")

    def issue(i: int) -> None:
        services.stock_issue(
            actor=clerk, warehouse=warehouse, item=rice, quantity=5, on=DAY, note=f"race {i}"
        )

    outcomes = run_together(issue, 2)
    assert sorted(outcomes) == ["ok", "refused"], connection.vendor
    assert Stock.objects.get(warehouse=warehouse, item=rice).quantity == 0


def test_two_handouts_of_one_household_racing_hand_one(clerk, areas, campaign, kit):
    household = make_household(areas["2403010001001"])

    def hand(i: int) -> None:
        services.package_hand(
            actor=clerk, campaign=campaign, kit=kit, household=household, on=DAY, proof_code=str(i)
        )

    outcomes = run_together(hand, 2)
    assert sorted(outcomes) == ["ok", "refused"]
    assert Package.objects.filter(household=household).count() == 1
