"""The demo scenario gives the article's figures exactly, on a tree with Ardabil's twelve
counties (one village each), and a second run creates nothing."""

import pytest

from abadi.core.actors import SYSTEM
from abadi.core.indicators import IndicatorQuery, get_indicator
from abadi.geography.models import Area, AreaLevel
from abadi.loans.models import (
    Application,
    CreditLine,
    Disbursement,
    MonitoringVisit,
    Repayment,
    Status,
)

pytestmark = pytest.mark.django_db

COUNTIES = [f"24{n:02d}" for n in range(1, 13)]


@pytest.fixture
def ardabil(areas):
    """The small tree plus every county of Ardabil with a district, a rural district and a
    village."""
    province = areas["24"]
    for code in COUNTIES:
        parent = province
        for level, area_code in (
            (AreaLevel.COUNTY, code),
            (AreaLevel.DISTRICT, code + "01"),
            (AreaLevel.RURAL_DISTRICT, code + "010001"),
            (AreaLevel.VILLAGE, code + "010001001"),
        ):
            path = f"{parent.path}{area_code}/"
            parent, _created = Area.objects.get_or_create(
                code=area_code,
                defaults={
                    "name": f"{level.label} {area_code}",
                    "level": level,
                    "parent": parent,
                    "path": path,
                    "depth": path.count("/") - 2,
                },
            )
    return areas


def value(key, area, year):
    return get_indicator(key).compute(IndicatorQuery.build(actor=SYSTEM, area=area, year=year))


def test_demo_gives_the_articles_figures(ardabil):
    from abadi.accounts import demo as accounts_demo
    from abadi.loans import demo as loans_demo
    from abadi.people import demo as people_demo

    log: list[str] = []
    accounts_demo.build(log=log.append)
    people_demo.build(log=log.append)
    loans_demo.build(log=log.append)
    province = ardabil["24"]

    assert value("loans.disbursed_amount", province, 1400) == 580_000_000_000
    assert value("loans.jobs_verified", province, 1400) == 900
    assert get_indicator("loans.disbursed_amount").derived_target(province, 1401) == 700_000_000_000
    assert 0 < value("loans.disbursed_amount", province, 1401) < 700_000_000_000  # partly flowing

    # A realistic mix: every county, every bank, many sectors and statuses.
    loans = Application.objects.all()
    assert set(loans.values_list("area__code", flat=True)) == set(COUNTIES)
    assert loans.values("bank").distinct().count() == 6
    assert loans.values("sector").distinct().count() >= 7
    statuses = set(loans.values_list("status", flat=True))
    assert {
        Status.REGISTERED,
        Status.APPROVED,
        Status.IN_OPERATION,
        Status.REJECTED,
        Status.WITHDRAWN,
    } <= statuses
    assert MonitoringVisit.objects.filter(status="closed").exists()
    assert Repayment.objects.exists()
    # Credit lines of both years; the quotas hold every approval.
    assert set(CreditLine.objects.values_list("year", flat=True)) == {1400, 1401}

    counts = (Application.objects.count(), Disbursement.objects.count(), Repayment.objects.count())
    again: list[str] = []
    loans_demo.build(log=again.append)
    assert (
        Application.objects.count(),
        Disbursement.objects.count(),
        Repayment.objects.count(),
    ) == counts
    assert "already built" in again[-1]
