"""Fixtures of the volunteers tests: the staff of the small area tree, persons of the
registry, a sibling county whose code extends 2403's (24031), groups registered through
the services and a group leader's account linked to one of them."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

import pytest

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.permissions import Role
from abadi.core.persian import search_key
from abadi.core.validators import national_code_check_digit
from abadi.geography.models import Area, AreaLevel
from abadi.people.models import Person
from abadi.testing import user_with_role
from abadi.volunteers import services
from abadi.volunteers.models import Domain, Group, GroupType

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def days_ago(n: int) -> datetime.date:
    return clock.today() - datetime.timedelta(days=n)


def make_person(area: Area, *, first_name: str = "حسین", last_name: str | None = None) -> Person:
    number = next(_numbers)
    first_nine = f"{345_000_000 + number:09d}"
    person = Person(
        national_code=first_nine + str(national_code_check_digit(first_nine)),
        first_name=first_name,
        last_name=last_name or f"جهادی {number}",
        sex="male",
        area=area,
        mobile=f"0914{number:07d}",
        birth_date=datetime.date(1990, 1, 1),
    )
    person.save()
    return person


def free_code() -> str:
    """A valid national code no person of the tests holds."""
    first_nine = f"{678_000_000 + next(_numbers):09d}"
    return first_nine + str(national_code_check_digit(first_nine))


def make_group(
    home: Area,
    *,
    actor=SYSTEM,
    name: str | None = None,
    atlas_id: str | None = None,
    main_domain: str = Domain.CIVIL_WORKS,
    domains=(),
    on: datetime.date | None = None,
    permit: tuple[datetime.date, datetime.date] | None = None,
    leader=None,
) -> Group:
    number = next(_numbers)
    return services.group_register(
        actor=actor,
        atlas_id=atlas_id or f"T{number:06d}",
        name=name or f"گروه جهادی آزمون {number}",
        group_type=GroupType.NEIGHBOURHOOD,
        main_domain=main_domain,
        domains=domains,
        home=home,
        leader=leader,
        permit_number=f"M-{number}" if permit else "",
        permit_issued_on=permit[0] if permit else None,
        permit_expires_on=permit[1] if permit else None,
        on=on or (permit[0] if permit else days_ago(400)),
    )


@dataclass
class Staff:
    admin: object
    manager: object  # province manager of 24
    officer: object  # volunteers programme officer of 24
    county: object  # county officer of 2403
    county_2401: object  # county officer of 2401
    clerk: object  # data clerk of 2403
    loans_officer: object  # programme officer of another module


@pytest.fixture
def staff(areas, admin_user, manager, county_officer, officer_2401) -> Staff:
    return Staff(
        admin=admin_user,
        manager=manager,
        officer=user_with_role("vol24", Role.PROGRAMME_OFFICER, areas["24"], module="volunteers"),
        county=county_officer,
        county_2401=officer_2401,
        clerk=user_with_role("clerk2403", Role.DATA_CLERK, areas["2403"]),
        loans_officer=user_with_role(
            "loans24", Role.PROGRAMME_OFFICER, areas["24"], module="loans"
        ),
    )


@pytest.fixture
def sibling(areas) -> dict[str, Area]:
    """County 24031 (its code starts with 2403's) and a village in it."""
    county = Area.objects.create(
        code="24031",
        name="شهرستان همسایه",
        level=AreaLevel.COUNTY,
        parent=areas["24"],
        path="/IR/24/24031/",
        depth=2,
        search_key=search_key("شهرستان همسایه"),
    )
    district = Area.objects.create(
        code="2403101",
        name="بخش همسایه",
        level=AreaLevel.DISTRICT,
        parent=county,
        path="/IR/24/24031/2403101/",
        depth=3,
        search_key=search_key("بخش همسایه"),
    )
    rural = Area.objects.create(
        code="24031010001",
        name="دهستان همسایه",
        level=AreaLevel.RURAL_DISTRICT,
        parent=district,
        path="/IR/24/24031/2403101/24031010001/",
        depth=4,
        search_key=search_key("دهستان همسایه"),
    )
    village = Area.objects.create(
        code="24031010001001",
        name="روستای همسایه",
        level=AreaLevel.VILLAGE,
        parent=rural,
        path="/IR/24/24031/2403101/24031010001/24031010001001/",
        depth=5,
        search_key=search_key("روستای همسایه"),
    )
    return {"county": county, "village": village}


@pytest.fixture
def village(areas) -> Area:
    return areas["2403010001001"]


@pytest.fixture
def other_village(areas) -> Area:
    return areas["2401010001001"]


@pytest.fixture
def group(village) -> Group:
    return make_group(village, name="گروه جهادی شهید باکری", domains=[Domain.HEALTH])


@pytest.fixture
def other_group(village) -> Group:
    """A second group of the same county (2403)."""
    return make_group(village, name="گروه جهادی امام رضا")


@pytest.fixture
def leader(areas, group):
    """A group leader's account (role over 2403) linked to ``group``."""
    user = user_with_role("leader1", Role.GROUP_LEADER, areas["2403"])
    services.leadership_grant(actor=SYSTEM, group=group, user=user, since=days_ago(30))
    return user
