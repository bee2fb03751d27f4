"""The demo scenario gives the article's figures exactly, on a tree with Ardabil's twelve
counties (one village each), and a second run creates nothing."""

import datetime

import pytest

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.indicators import IndicatorQuery, get_indicator
from abadi.core.jalali import jalali_year_of
from abadi.loans.models import (
    Application,
    CreditLine,
    Disbursement,
    Instalment,
    MonitoringVisit,
    Quota,
    Repayment,
    Status,
)
from abadi.loans.selectors import with_position
from abadi.loans.services import allocate_repayments
from abadi.loans.services.credit_lines import committed
from abadi.testing import ARDABIL_COUNTIES, ardabil_tree

pytestmark = pytest.mark.django_db

COUNTIES = ARDABIL_COUNTIES


@pytest.fixture
def ardabil(areas):
    """The small tree plus every county of Ardabil with a village."""
    return ardabil_tree(areas)


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
    # Credit lines of every year from 1399 to this one; the quotas hold every approval.
    this_year = jalali_year_of(clock.today())
    assert set(CreditLine.objects.values_list("year", flat=True)) == set(range(1399, this_year + 1))
    for quota in Quota.objects.select_related("credit_line"):
        loans_in = Application.objects.filter(credit_line=quota.credit_line).filter(
            **({"area": quota.county_id} if quota.kind == "county" else {"bank": quota.bank_id})
        )
        assert committed(loans_in) <= quota.amount

    _assert_alive_today(province)

    counts = (Application.objects.count(), Disbursement.objects.count(), Repayment.objects.count())
    again: list[str] = []
    loans_demo.build(log=again.append)
    assert (
        Application.objects.count(),
        Disbursement.objects.count(),
        Repayment.objects.count(),
    ) == counts
    assert "already built" in again[-1]


def _assert_alive_today(province):
    """On the day it is loaded the demo is a working office, not the article's day frozen:
    this year's money out and coming back, arrears a tail and not the whole portfolio."""
    today = clock.today()
    this_year = jalali_year_of(today)
    paid_this_year = value("loans.disbursed_amount", province, this_year)
    if jalali_day_of_year(today) > 60:  # the year's first plans are paid after New Year
        assert paid_this_year > 0
    last_month = today - datetime.timedelta(days=30)
    assert Repayment.objects.filter(date__gt=last_month, date__lte=today).count() > 50
    assert not Repayment.objects.filter(date__gt=today).exists()
    assert not Disbursement.objects.filter(date__gt=today).exists()
    assert not MonitoringVisit.objects.filter(date__gt=today).exists()
    assert MonitoringVisit.objects.filter(
        date__gt=last_month - datetime.timedelta(days=60)
    ).exists()
    par30 = value("loans.par30", province, None)
    par90 = value("loans.par90", province, None)
    assert 1 < par30 < 25
    assert 0 < par90 < par30
    # No loan is years behind: the bank recovers from the guarantor within about a year.
    late = with_position(Application.objects.all(), as_of=today).exclude(oldest_unpaid_due=None)
    worst = min(late.values_list("oldest_unpaid_due", flat=True))
    assert (today - worst).days < 500
    # Plans in every step of the pipeline today, and the settled loans of earlier years.
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {Status.REGISTERED, Status.REVIEWED, Status.SETTLED, Status.IN_OPERATION} <= statuses
    # The instalments and repayments were allocated as the service allocates them.
    for loan in Application.objects.filter(repayments__isnull=False).distinct().order_by("id")[:25]:
        before = list(
            Instalment.objects.filter(application=loan)
            .order_by("number")
            .values_list("principal_paid", "interest_paid", "paid_date")
        )
        allocate_repayments(application=loan)
        after = list(
            Instalment.objects.filter(application=loan)
            .order_by("number")
            .values_list("principal_paid", "interest_paid", "paid_date")
        )
        assert before == after


def jalali_day_of_year(day):
    import jdatetime

    return jdatetime.date.fromgregorian(date=day).timetuple().tm_yday
