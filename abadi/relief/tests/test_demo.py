"""The relief demo on Ardabil's twelve counties and the counties its trucks went to: the
COVID drives hand exactly 1,610 billion rials of packages by the article's day (F16), 27
trucks left for the earthquake and flood areas by then (F6), later drives run up to today,
no household gets a campaign's package twice, and a second run creates nothing."""

import datetime

import pytest
from django.db.models import Count, Min, Sum

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.indicators import IndicatorQuery, get_indicator
from abadi.core.jalali import jalali_year_of
from abadi.geography.models import Area, AreaLevel
from abadi.people.models import Benefit
from abadi.relief import demo
from abadi.relief.models import Campaign, Package, Shipment, Stock
from abadi.testing import ardabil_tree, child_area

pytestmark = pytest.mark.django_db

ARTICLE_DAY = datetime.date(2022, 5, 8)  # 1401/02/18
COVID_START = datetime.date(2020, 3, 20)  # 1399/01/01


@pytest.fixture
def world(areas):
    """Ardabil's counties, and every county a response sends trucks to, each under a
    province of its own code's stem (2203 and 2209 under 22; 720 under 7)."""
    ardabil_tree(areas, villages=2)
    country = Area.objects.get(level=AreaLevel.COUNTRY)
    for response in demo.RESPONSES:
        province_code = response.county[:-2]
        province = child_area(country, province_code, AreaLevel.PROVINCE, f"استان {province_code}")
        child_area(province, response.county, AreaLevel.COUNTY, f"شهرستان {response.county}")
    return areas


def value(key, area, **period):
    return get_indicator(key).compute(IndicatorQuery.build(actor=SYSTEM, area=area, **period))


def _build(log):
    from abadi.accounts import demo as accounts_demo
    from abadi.people import demo as people_demo

    accounts_demo.build(log=log.append)
    people_demo.build(log=log.append)
    demo.build(log=log.append)


def test_the_relief_demo_gives_f6_and_f16_and_runs_to_today(world):
    log: list[str] = []
    _build(log)
    province, country = world["24"], Area.objects.get(level=AreaLevel.COUNTRY)
    since_covid = {"start": COVID_START, "end": ARTICLE_DAY}

    assert value("relief.packages_value", province, **since_covid) == 1_610_000_000_000
    assert value("relief.shipments", country, **since_covid) == 27
    # Trucks went out of the province: every shipment of the article's time is elsewhere.
    early = Shipment.objects.filter(dispatched_on__lte=ARTICLE_DAY)
    assert early.count() == 27
    assert not early.filter(destination__path__startswith=province.path).exists()

    # A history to the day the demo runs, never beyond it.
    today = clock.today()
    assert not Package.objects.filter(on__gt=today).exists()
    assert not Shipment.objects.filter(dispatched_on__gt=today).exists()
    this_year = jalali_year_of(today)
    latest = Campaign.objects.order_by("-starts_on").first()
    assert jalali_year_of(latest.starts_on) >= this_year - 1

    # One package of a campaign to a household, each in the ledger once, stock never short.
    twice = Package.objects.values("campaign", "household").annotate(n=Count("id")).filter(n__gt=1)
    assert not twice.exists()
    packages = Package.objects.aggregate(n=Count("id"), value=Sum("value"))
    ledger = Benefit.objects.filter(programme="package").aggregate(
        n=Count("id"), value=Sum("value")
    )
    assert packages == ledger
    assert Stock.objects.aggregate(lowest=Min("quantity"))["lowest"] >= 0

    counts = (Package.objects.count(), Shipment.objects.count(), Campaign.objects.count())
    demo.build(log=log.append)
    assert (Package.objects.count(), Shipment.objects.count(), Campaign.objects.count()) == counts
    assert "  relief: already built" in log
