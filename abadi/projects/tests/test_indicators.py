"""The projects' indicators: states as of a day from the dated history, flows over a period
(its last day included), by the responsible office, broken down by the place, with the
year's plan as target."""

import datetime

import pytest
from django.core.management import call_command

from abadi.core.actors import SYSTEM
from abadi.core.indicators import IndicatorQuery, get_indicator
from abadi.geography.models import AreaLevel
from abadi.projects import services
from abadi.projects.models import ProjectType, Stage
from abadi.projects.tests.conftest import (
    BROKEN,
    COMPLETED,
    INAUGURATED,
    STARTED,
)
from abadi.testing import child_area

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def value(key, area, *, actor=SYSTEM, **period):
    return get_indicator(key).compute(IndicatorQuery.build(actor=actor, area=area, **period))


def breakdown(key, area, name=None, **period):
    indicator = get_indicator(key)
    return indicator.breakdown(
        name or indicator.default_breakdown, IndicatorQuery.build(actor=SYSTEM, area=area, **period)
    )


@pytest.fixture
def world(register, advance, places, staff):
    """A house built in Khalkhal, a water supply of two villages in Ardabil county, houses
    the province built in Lorestan, a repair, a solar plant put into service in the week, and
    a project of the sibling county 24031."""
    village = child_area(places["2401010001"], "2401010001002", AreaLevel.VILLAGE, "نوجه‌ده")
    house = advance(register(), Stage.COMPLETED)
    water = advance(
        register(
            project_type=ProjectType.WATER,
            places_list=[places["2401010001001"], village],
            actor=staff.officer,
        ),
        Stage.IN_PROGRESS,
    )
    lorestan = advance(
        register(place=places["lorestan"], actor=staff.officer, capacity={"housing_units": 10}),
        Stage.COMPLETED,
    )
    repair = advance(register(project_type=ProjectType.HOUSING_REPAIR), Stage.COMPLETED)
    solar = advance(register(project_type=ProjectType.SOLAR), Stage.INAUGURATED)
    sibling = child_area(places["24"], "24031", AreaLevel.COUNTY, "شهرستان آزمایشی")
    sibling_village = child_area(sibling, "240310", AreaLevel.VILLAGE, "روستای آزمایشی")
    other = advance(
        register(place=sibling_village, actor=staff.officer, capacity={"housing_units": 4}),
        Stage.IN_PROGRESS,
    )
    services.plan_set(
        actor=staff.manager,
        area=places["24"],
        year=1401,
        project_type=ProjectType.SOLAR,
        count=2_000,
    )
    return {
        "house": house,
        "water": water,
        "lorestan": lorestan,
        "repair": repair,
        "solar": solar,
        "other": other,
        "sibling": sibling,
    }


def test_in_progress_is_read_as_of_a_day(world, places):
    province = places["24"]
    # Before the groundbreakings nothing, while under way everything, after completion
    # only what is still under way (the water supply and the sibling county's houses).
    assert value("projects.in_progress", province, as_of=BROKEN - DAY) == 0
    assert value("projects.in_progress", province, as_of=BROKEN) == 6
    assert value("projects.in_progress", province, as_of=COMPLETED - DAY) == 6
    assert value("projects.in_progress", province, as_of=COMPLETED) == 2
    assert breakdown("projects.in_progress", province, as_of=COMPLETED) == {
        "water": 1,
        "housing_build": 1,
    }


def test_a_county_counts_its_own_not_its_siblings(world, places):
    assert value("projects.in_progress", places["2403"], as_of=STARTED) == 3
    assert value("projects.in_progress", world["sibling"], as_of=STARTED) == 1
    assert value("projects.housing_units_in_progress", places["2403"], as_of=STARTED) == 6


def test_villages_reached_by_water_in_progress(world, places):
    assert value("projects.water_villages_in_progress", places["24"], as_of=STARTED) == 2
    assert value("projects.water_villages_in_progress", places["24"], as_of=BROKEN - DAY) == 0
    assert breakdown("projects.water_villages_in_progress", places["24"], as_of=STARTED) == {
        "2401": 2
    }


def test_housing_units_in_progress_and_built_by_province_of_the_place(world, places):
    province = places["24"]
    assert value("projects.housing_units_in_progress", province, as_of=STARTED) == 6 + 10 + 4
    assert value("projects.housing_units_completed", province, as_of=COMPLETED) == 16
    assert breakdown("projects.housing_units_completed", province, as_of=COMPLETED) == {
        "24": 6,
        "15": 10,
    }
    assert breakdown(
        "projects.housing_units_completed", province, "projects_by_province", as_of=COMPLETED
    ) == {"24": 1, "15": 1}
    # A flow: counted from its completion day on.
    assert value("projects.housing_units_completed", province, as_of=COMPLETED - DAY) == 0
    assert value("projects.housing_units_repaired", province, as_of=COMPLETED) == 3


def test_solar_plants_put_into_service_in_a_week_with_the_years_plan(world, places):
    province = places["24"]
    week = {"start": datetime.date(2022, 5, 5), "end": datetime.date(2022, 5, 13)}
    assert value("projects.solar_inaugurated", province, **week) == 1
    # The inauguration's day is the period's last day: counted; the day before: not.
    assert value("projects.solar_inaugurated", province, start=week["start"], end=INAUGURATED) == 1
    assert (
        value("projects.solar_inaugurated", province, start=week["start"], end=INAUGURATED - DAY)
        == 0
    )
    assert value("projects.solar_kw_installed", province, year=1400) == 5
    from abadi.reporting.selectors import indicator_values

    [row] = indicator_values(
        actor=SYSTEM, area=province, year=1401, keys=["projects.solar_inaugurated"]
    )
    assert (row["value"], row["target"], row["target_source"]) == (1, 2_000, "derived")


def test_budget_by_funder(world, places):
    total = value("projects.budget", places["24"], year=1399)
    by_funder = breakdown("projects.budget", places["24"], year=1399)
    assert total == sum(by_funder.values())
    assert set(by_funder) == {"agency", "donor", "office", "beneficiary"}


def test_a_county_officer_sees_their_county_share_only(world, places, staff):
    assert value("projects.in_progress", places["24"], actor=staff.other_county, as_of=STARTED) == 1
    assert value("projects.in_progress", places["24"], actor=staff.county, as_of=STARTED) == 3


def test_the_command_gives_the_figures_as_of_a_day(world, capsys):
    call_command(
        "indicators",
        "--area",
        "24",
        "--as-of",
        "1400/02/11",  # STARTED
        "--json",
        "--key",
        "projects.in_progress",
        "--key",
        "projects.water_villages_in_progress",
        "--key",
        "projects.housing_units_in_progress",
    )
    import json

    rows = {row["key"]: row["value"] for row in json.loads(capsys.readouterr().out)}
    assert rows == {
        "projects.in_progress": 6,
        "projects.water_villages_in_progress": 2,
        "projects.housing_units_in_progress": 20,
    }
