import datetime

import pytest

from abadi.core.actors import SYSTEM
from abadi.core.indicators import IndicatorQuery, get_indicator
from abadi.core.permissions import Role
from abadi.relief import services
from abadi.relief.tests.conftest import DAY, make_household
from abadi.testing import user_with_role

pytestmark = pytest.mark.django_db
KEYS = [
    "relief.shipments",
    "relief.shipped_value",
    "relief.packages",
    "relief.packages_value",
    "relief.households_reached",
]


def _value(key, actor, area, **period):
    return get_indicator(key).compute(IndicatorQuery.build(actor=actor, area=area, **period))


def test_packages_and_shipments_count_by_office_period_and_scope(
    areas, sibling, campaign, kit, warehouse, rice
):
    for _n in range(3):
        services.package_hand(
            actor=SYSTEM,
            campaign=campaign,
            kit=kit,
            household=make_household(areas["2403010001001"]),
            on=DAY,
            proof_code="1",
        )
    services.shipment_dispatch(
        actor=SYSTEM,
        origin=warehouse,
        destination=areas["1501"],
        truck_plate="x",
        driver_name="y",
        on=DAY,
        lines=[services.ManifestLine(quantity=1, kit=kit)],
    )
    province = areas["24"]
    assert _value("relief.packages", SYSTEM, province) == 3
    assert _value("relief.packages_value", SYSTEM, province) == 3 * kit.value
    assert _value("relief.households_reached", SYSTEM, province) == 3
    assert _value("relief.shipments", SYSTEM, province) == 1
    assert _value("relief.shipped_value", SYSTEM, province) == kit.value
    # The day before: nothing yet; the year 1399: nothing.
    assert _value("relief.packages", SYSTEM, province, as_of=DAY - datetime.timedelta(days=1)) == 0
    assert _value("relief.packages", SYSTEM, province, year=1399) == 0
    assert _value("relief.packages", SYSTEM, province, year=1400) == 3
    indicator = get_indicator("relief.shipments")
    query = IndicatorQuery.build(actor=SYSTEM, area=province)
    assert indicator.breakdown("province", query) == {"15": 1}
    assert get_indicator("relief.packages").breakdown("year", query) == {"1400": 3}
    # A sibling county (24031) sees none of 2403's.
    officer = user_with_role("o24031", Role.COUNTY_OFFICER, sibling.parent)
    for key in KEYS:
        assert _value(key, officer, sibling.parent) == 0
