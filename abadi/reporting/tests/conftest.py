import datetime

import pytest
from django.db.models import Count, Sum

from abadi.core.indicators import (
    VIEW_INDICATORS,
    Indicator,
    IndicatorQuery,
    Kind,
    Unit,
    register_indicator,
    unregister_indicator,
)
from abadi.core.jalali import jalali_date
from abadi.core.permissions import Role
from abadi.people.models import Benefit, Household, Person, Programme
from abadi.testing import user_with_role

TEST_KEY = "test.benefit_value"


def jdate(year: int, month: int, day: int) -> datetime.date:
    return jalali_date(year, month, day)


@pytest.fixture
def derived_plans():
    """area code -> derived target of the test indicator, editable by each test."""
    return {}


@pytest.fixture
def value_indicator(derived_plans):
    """A test-only indicator: the rials of the benefit ledger, by programme."""

    def records(query: IndicatorQuery):
        return query.in_period(query.in_area(Benefit.objects.all()), "date")

    def by_programme(benefits):
        rows = benefits.order_by().values("programme").annotate(total=Sum("value"))
        return {row["programme"]: row["total"] for row in rows}

    def by_count(benefits):
        rows = benefits.order_by().values("programme").annotate(n=Count("id"))
        return {row["programme"]: row["n"] for row in rows}

    indicator = register_indicator(
        Indicator(
            key=TEST_KEY,
            name_fa="ارزش بهره‌مندی‌ها (آزمون)",
            name_en="Benefit value (test)",
            unit=Unit.RIAL,
            kind=Kind.FLOW,
            permission=VIEW_INDICATORS,
            records=records,
            value=lambda benefits: benefits.aggregate(total=Sum("value"))["total"] or 0,
            breakdowns={"programme": by_programme, "count": by_count},
            default_breakdown="programme",
            derived_target=lambda area, year: derived_plans.get((area.code, year)),
        )
    )
    yield indicator
    unregister_indicator(TEST_KEY)


@pytest.fixture
def village(areas):
    return areas["2403010001001"]


@pytest.fixture
def make_benefit(areas):
    """A ledger row for a fresh person living in ``area_code``."""
    counter = {"n": 0}

    def make(
        area_code: str,
        date: datetime.date,
        value: int = 1000,
        programme: str = Programme.PACKAGE,
        person: Person | None = None,
        household: Household | None = None,
    ) -> Benefit:
        area = areas[area_code]
        if person is None and household is None:
            counter["n"] += 1
            person = Person.objects.create(
                first_name="نام", last_name=f"آزمون{counter['n']}", area=area
            )
        return Benefit.objects.create(
            person=person,
            household=household,
            programme=programme,
            date=date,
            value=value,
            area=area,
        )

    return make


@pytest.fixture
def press_user(areas):
    return user_with_role("press24", Role.PRESS, areas["24"])


@pytest.fixture
def partner_user(areas):
    return user_with_role("partner24", Role.PARTNER_USER, areas["24"])


@pytest.fixture
def reporting_officer(areas):
    return user_with_role("reporting24", Role.PROGRAMME_OFFICER, areas["24"], module="reporting")
