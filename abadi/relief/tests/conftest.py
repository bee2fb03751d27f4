"""Fixtures of the relief tests: the small area tree with a sibling county whose code
extends 2403's (24031), staff, households of the registry, a campaign, items, a kit and
a warehouse with stock — all made through the services."""

from __future__ import annotations

import datetime
import itertools

import pytest

from abadi.core.actors import SYSTEM
from abadi.core.permissions import Role
from abadi.core.validators import national_code_check_digit
from abadi.geography.models import Area, AreaLevel
from abadi.people.models import Household, Person
from abadi.relief import services
from abadi.relief.models import CampaignType, KitKind, ReceiptSource, Unit
from abadi.testing import child_area, user_with_role

_numbers = itertools.count(1)
DAY = datetime.date(2021, 5, 1)  # 1400/02/11


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sibling(areas):
    """County 24031 (its code starts with 2403's) and a village in it."""
    county = child_area(areas["24"], "24031", AreaLevel.COUNTY, "شهرستان همسایه")
    return child_area(county, "240319990001", AreaLevel.VILLAGE, "روستای همسایه")


def make_household(village: Area, **flags) -> Household:
    number = next(_numbers)
    first_nine = f"{456_000_000 + number:09d}"
    head = Person.objects.create(
        national_code=first_nine + str(national_code_check_digit(first_nine)),
        first_name="سرپرست",
        last_name=f"خانوار {number}",
        sex="female",
        area=village,
        **flags,
    )
    household = Household.objects.create(head=head, area=village)
    head.household = household
    head.save()
    return household


@pytest.fixture
def clerk(areas):
    return user_with_role("clerk2403", Role.DATA_CLERK, areas["2403"])


@pytest.fixture
def campaign(areas):
    return services.campaign_create(
        actor=SYSTEM,
        name="رزمایش کمک مؤمنانه ۱۴۰۰",
        campaign_type=CampaignType.LIVELIHOOD,
        area=areas["24"],
        starts_on=datetime.date(2021, 3, 21),
        ends_on=datetime.date(2022, 3, 20),
        targets=[areas["2403"]],
        goal_packages=100,
    )


@pytest.fixture
def rice(areas):
    return services.item_create(
        actor=SYSTEM, name="برنج", unit=Unit.KG, unit_value=300_000, area=areas["24"]
    )


@pytest.fixture
def oil(areas):
    return services.item_create(
        actor=SYSTEM, name="روغن", unit=Unit.LITRE, unit_value=500_000, area=areas["24"]
    )


@pytest.fixture
def kit(areas, rice, oil):
    return services.kit_create(
        actor=SYSTEM,
        name="بسته معیشتی",
        kind=KitKind.LIVELIHOOD,
        area=areas["24"],
        contents=[(rice, 10), (oil, 2)],
    )


@pytest.fixture
def warehouse(areas, rice, oil):
    warehouse = services.warehouse_create(actor=SYSTEM, name="انبار خلخال", area=areas["2403"])
    for item in (rice, oil):
        services.stock_receive(
            actor=SYSTEM,
            warehouse=warehouse,
            item=item,
            quantity=100,
            on=DAY,
            source=ReceiptSource.PURCHASE,
        )
    return warehouse
