"""Fixtures of the training tests: partner agencies, people of the small area tree, a
course in 2403 and the staff who enrol, complete and record licences."""

from __future__ import annotations

import datetime
import itertools

import pytest

from abadi.core.permissions import Role
from abadi.core.persian import search_key
from abadi.core.validators import national_code_check_digit
from abadi.organisations.models import Organisation, OrganisationKind
from abadi.people.models import Household, Person
from abadi.testing import user_with_role
from abadi.training import services

_numbers = itertools.count(1)

VILLAGE_2403 = "2403010001001"
VILLAGE_2401 = "2401010001001"


def make_agency(area, name: str, kind: str = OrganisationKind.TVTO) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind, area=area, search_key=search_key(name))


def make_person(area, *, first_name: str = "زهرا", sex: str = "female") -> Person:
    number = next(_numbers)
    first_nine = f"{456_000_000 + number:09d}"
    household = Household.objects.create(area=area)
    person = Person(
        national_code=first_nine + str(national_code_check_digit(first_nine)),
        first_name=first_name,
        last_name=f"احمدی {number}",
        father_name="علی",
        sex=sex,
        area=area,
        household=household,
        birth_date=datetime.date(1990, 3, 1),
    )
    person.save()
    household.head = person
    household.save()
    return person


@pytest.fixture
def clerk(areas):
    return user_with_role("clerk2403", Role.DATA_CLERK, areas["2403"])


@pytest.fixture
def officer(areas):
    return user_with_role("training24", Role.PROGRAMME_OFFICER, areas["24"], module="training")


@pytest.fixture
def tvto(areas) -> Organisation:
    return make_agency(areas["24"], "اداره کل آموزش فنی و حرفه‌ای استان اردبیل")


@pytest.fixture
def samt(areas) -> Organisation:
    return make_agency(areas["24"], "سازمان صنعت، معدن و تجارت استان اردبیل", OrganisationKind.SAMT)


@pytest.fixture
def jihad(areas) -> Organisation:
    return make_agency(
        areas["24"], "سازمان جهاد کشاورزی استان اردبیل", OrganisationKind.AGRICULTURE_JIHAD
    )


@pytest.fixture
def make_course(areas, officer, tvto):
    """A course in the 2403 village (or ``place``), by default a 10-day course that ended
    before the tests' day."""

    def _make(
        *,
        capacity: int = 3,
        place=None,
        starts_on=datetime.date(2021, 5, 1),
        ends_on=datetime.date(2021, 5, 10),
        hours: int = 40,
        title: str = "پرورش زنبور عسل",
    ):
        return services.course_create(
            actor=officer,
            title=title,
            field="beekeeping",
            agency=tvto,
            place=place or areas[VILLAGE_2403],
            starts_on=starts_on,
            ends_on=ends_on,
            hours=hours,
            capacity=capacity,
        )

    return _make


@pytest.fixture
def course(make_course):
    return make_course()


@pytest.fixture
def trainee(areas) -> Person:
    return make_person(areas[VILLAGE_2403])
