"""The volunteers indicators on hand-built records: a state read as of a day from the
dated history, flows by the Jalali year a deployment started in, by area."""

import datetime

import jdatetime
import pytest

from abadi.core.actors import SYSTEM
from abadi.core.indicators import IndicatorQuery, get_indicator
from abadi.volunteers import services
from abadi.volunteers.models import Domain, Group
from abadi.volunteers.tests.conftest import make_group, make_person

pytestmark = pytest.mark.django_db


def jdate(year, month, day) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def value(key, area, *, year=None, as_of=None, actor=SYSTEM):
    query = IndicatorQuery.build(actor=actor, area=area, year=year, as_of=as_of)
    return get_indicator(key).compute(query)


def breakdown(key, name, area, *, year=None, as_of=None):
    query = IndicatorQuery.build(actor=SYSTEM, area=area, year=year, as_of=as_of)
    return get_indicator(key).breakdown(name, query)


@pytest.fixture
def history(staff, village, other_village, areas):
    """Groups of 2403, 2401 and Lorestan with suspensions, a dissolution and a lapse around
    the article's day, 1401/02/18."""
    day = jdate(1401, 2, 18)
    a = make_group(
        village, main_domain=Domain.HEALTH, domains=[Domain.CIVIL_WORKS], on=jdate(1399, 1, 1)
    )
    b = make_group(village, main_domain=Domain.CIVIL_WORKS, on=jdate(1399, 5, 1))
    c = make_group(other_village, main_domain=Domain.SERVICES, on=jdate(1400, 1, 1))
    d = make_group(areas["1501"], main_domain=Domain.DISASTER, on=jdate(1400, 6, 1))
    e = make_group(village, main_domain=Domain.HEALTH, on=jdate(1399, 1, 1))
    f = make_group(
        village, main_domain=Domain.OTHER, permit=(jdate(1399, 1, 1), jdate(1401, 2, 17))
    )
    services.group_suspend(actor=SYSTEM, group=b, reason="-", on=day)  # not active that day
    services.group_dissolve(actor=SYSTEM, group=e, reason="-", on=jdate(1400, 10, 1))
    services.group_suspend(actor=SYSTEM, group=c, reason="-", on=jdate(1401, 3, 1))  # after
    return {"day": day, "groups": (a, b, c, d, e, f)}


def test_active_groups_as_of_the_article_day(history, areas):
    day = history["day"]
    assert value("volunteers.active_groups", areas["IR"], as_of=day) == 3  # a, c, d
    assert value("volunteers.active_groups", areas["24"], as_of=day) == 2  # a, c
    assert value("volunteers.active_groups", areas["2403"], as_of=day) == 1  # a
    assert (
        value("volunteers.active_groups", areas["2403"], as_of=day - datetime.timedelta(days=1))
        == 3
    )
    assert breakdown("volunteers.active_groups", "domain", areas["24"], as_of=day) == {
        "health": 1,
        "services": 1,
    }
    assert breakdown("volunteers.active_groups", "any_domain", areas["24"], as_of=day) == {
        "health": 1,
        "civil_works": 1,
        "services": 1,
    }
    assert breakdown("volunteers.active_groups", "province", areas["IR"], as_of=day) == {
        "24": 2,
        "15": 1,
    }
    # A state with a year is read on the year's last day (1400/12/29).
    assert value("volunteers.active_groups", areas["2403"], year=1400) == 3  # a, b, f


def test_the_current_status_does_not_change_the_past(history, areas):
    Group.objects.update(status="dissolved")  # a current field says nothing of a day gone
    assert value("volunteers.active_groups", areas["24"], as_of=history["day"]) == 2


def test_members_are_distinct_persons_open_on_the_day(staff, group, other_group, village, areas):
    person, other = make_person(village), make_person(village)
    services.member_add(actor=SYSTEM, group=group, person=person, joined_on=jdate(1400, 1, 1))
    services.member_add(actor=SYSTEM, group=other_group, person=person, joined_on=jdate(1400, 1, 1))
    membership = services.member_add(
        actor=SYSTEM, group=group, person=other, joined_on=jdate(1400, 1, 1)
    )
    services.member_leave(actor=SYSTEM, membership=membership, on=jdate(1401, 1, 1))
    assert value("volunteers.members", areas["24"], year=1400) == 2
    assert value("volunteers.members", areas["24"], as_of=jdate(1401, 1, 1)) == 1
    assert value("volunteers.members", areas["2401"], year=1400) == 0


def test_deployments_count_by_the_year_they_started(staff, village, areas):
    group = make_group(village, on=jdate(1399, 1, 1))

    def report(start, end, served, volunteers):
        services.deployment_report(
            actor=SYSTEM,
            group=group,
            place=village,
            started_on=start,
            ended_on=end,
            domain=Domain.HEALTH,
            work_done="-",
            people_served=served,
            volunteers=volunteers,
        )

    report(jdate(1400, 12, 28), jdate(1401, 1, 2), 100, 2)  # spans the new year: 1400
    report(jdate(1401, 1, 1), jdate(1401, 1, 1), 50, 3)
    assert value("volunteers.deployments", areas["24"], year=1400) == 1
    assert value("volunteers.deployments", areas["24"], year=1401) == 1
    assert (
        value("volunteers.volunteer_days", areas["2403"], year=1400) == 2 * 4
    )  # 28 and 29 Esfand, 1 and 2 Farvardin
    assert value("volunteers.people_served", areas["2403"], year=1401) == 50
    assert value("volunteers.people_served", areas["2401"], year=1401) == 0
    assert breakdown("volunteers.deployments", "county", areas["24"], year=1400) == {"2403": 1}


def test_a_county_officer_gets_the_figures_of_their_county_only(history, staff, areas):
    assert (
        value("volunteers.active_groups", areas["24"], as_of=history["day"], actor=staff.county)
        == 1
    )
