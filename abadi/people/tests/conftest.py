import datetime

import pytest

from abadi.core.permissions import Role
from abadi.core.validators import national_code_check_digit
from abadi.people.models import Household, Person, Sex
from abadi.testing import user_with_role

VILLAGE_2403 = "2403010001001"
VILLAGE_2401 = "2401010001001"


def make_code(seed: int) -> str:
    """A valid national code, different for every seed."""
    first_nine = f"{seed + 123_456_000:09d}"
    return first_nine + str(national_code_check_digit(first_nine))


def make_person(area, **fields) -> Person:
    """A person written straight to the table (tests of reads need no audit trail)."""
    values = {
        "first_name": "علی",
        "last_name": "رضایی",
        "father_name": "حسن",
        "sex": Sex.MALE,
        "birth_date": datetime.date(1980, 5, 1),
        "area": area,
        **fields,
    }
    person = Person(**values)
    person.normalize()
    person.save()
    return person


def make_household(area, *members: Person, head: Person | None = None) -> Household:
    household = Household.objects.create(area=area, head=head or (members[0] if members else None))
    for member in members:
        member.household = household
        member.save()
    return household


@pytest.fixture
def village_2403(areas):
    return areas[VILLAGE_2403]


@pytest.fixture
def village_2401(areas):
    return areas[VILLAGE_2401]


@pytest.fixture
def clerk(areas):
    return user_with_role("clerk24", Role.DATA_CLERK, areas["24"])


@pytest.fixture
def auditor(areas):
    return user_with_role("auditor24", Role.AUDITOR, areas["24"])


@pytest.fixture
def loans_officer(areas):
    return user_with_role("loans24", Role.PROGRAMME_OFFICER, areas["24"], module="loans")


@pytest.fixture
def press(areas):
    return user_with_role("press24", Role.PRESS, areas["24"])
