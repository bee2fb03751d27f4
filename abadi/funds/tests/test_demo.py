"""The demo gives F17 and F18 exactly from its records, its giving runs from 1399 to
today with every rial traceable, and a second run writes nothing."""

import datetime

import pytest
from django.db.models import F, Sum

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.indicators import IndicatorQuery, get_indicator
from abadi.funds import demo
from abadi.funds.models import AidCase, Allocation, CaseStatus, Donation
from abadi.people.models import Benefit
from abadi.testing import ARDABIL_COUNTIES, ardabil_tree

pytestmark = pytest.mark.django_db

COUNTIES = ARDABIL_COUNTIES


@pytest.fixture
def ardabil(areas):
    """The small tree plus every county of Ardabil with a village."""
    return ardabil_tree(areas)


def value(key, area, **period):
    query = IndicatorQuery.build(actor=SYSTEM, area=area, **period)
    return get_indicator(key).compute(query)


def test_demo_gives_f17_and_f18_and_giving_to_today(ardabil, monkeypatch):
    from abadi.accounts import demo as accounts_demo
    from abadi.people import demo as people_demo

    monkeypatch.setattr(people_demo, "HOUSEHOLDS", 700)
    log: list[str] = []
    accounts_demo.build(log=log.append)
    people_demo.build(log=log.append)
    demo.build(log=log.append)
    province = ardabil["24"]
    assert AidCase.objects.exists(), log

    released = sum(value("cases.prisoners_released", province, year=year) for year in (1399, 1400))
    assert released == 350
    start, end = demo.week_days()
    assert value("cases.prisoners_scheduled", province, start=start, end=end) == 20
    # On the article's day the week's twenty are paid and waiting for the ceremony.
    ref = datetime.date(2022, 5, 8)
    week = AidCase.objects.filter(planned_release_on__range=(start, end))
    assert all(
        case.paid_on is not None and case.paid_on <= ref and (case.released_on or ref) >= ref
        for case in week
    )

    # Every rial traceable: each donation's allocated column is its allocations' sum, never
    # above what it received; each case's donors' share is its allocations' sum.
    for donation in Donation.objects.annotate(total=Sum("allocations__rials")):
        assert donation.allocated == (donation.total or 0) <= donation.amount
    for case in AidCase.objects.annotate(total=Sum("id")).only("id", "donated"):
        assert case.donated == (
            Allocation.objects.filter(use_kind="aid_case", use_id=case.pk).aggregate(
                s=Sum("rials")
            )["s"]
            or 0
        )
    assert (
        not AidCase.objects.filter(status=CaseStatus.RELEASED)
        .exclude(judgment_amount=F("forgiveness") + F("loan_amount") + F("donated"))
        .exists()
    )
    # Largely by donors: the donors' share is most of the debt settled in 1399–1400.
    settled = get_indicator("cases.debt_settled").breakdown(
        "split", IndicatorQuery.build(actor=SYSTEM, area=province, year=1400)
    )
    assert settled["donors"] > settled["forgiveness"] + settled["loans"]
    # Releases are in the ledger; giving runs to the last month.
    assert (
        Benefit.objects.filter(programme="release").count()
        == AidCase.objects.filter(status=CaseStatus.RELEASED).count()
    )
    latest = Donation.objects.order_by("-received_on").first()
    assert latest is not None and latest.received_on >= clock.today() - datetime.timedelta(days=31)
    # Receipt numbers run without a gap in every year.
    for year in Donation.objects.values_list("receipt_year", flat=True).distinct():
        seqs = sorted(
            Donation.objects.filter(receipt_year=year).values_list("receipt_seq", flat=True)
        )
        assert seqs == list(range(1, len(seqs) + 1))

    before = Donation.objects.count()
    demo.build(log=log.append)
    assert Donation.objects.count() == before
