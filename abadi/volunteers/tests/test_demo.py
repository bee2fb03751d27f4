"""The demo gives F4 and F5 exactly from its records, its deployments run from 1399 to
today on days their group was active, and a second run writes nothing."""

import datetime

import pytest

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.indicators import IndicatorQuery, get_indicator
from abadi.people.demo import REFERENCE_DATE
from abadi.testing import ARDABIL_COUNTIES, ardabil_tree
from abadi.volunteers import demo, selectors
from abadi.volunteers.models import Deployment, Group, GroupLeadership, Membership, StatusChange

pytestmark = pytest.mark.django_db

COUNTIES = ARDABIL_COUNTIES


@pytest.fixture
def ardabil(areas):
    """The small tree plus every county of Ardabil with a village."""
    return ardabil_tree(areas)


def state(key, area, *, as_of):
    query = IndicatorQuery.build(actor=SYSTEM, area=area, as_of=as_of)
    indicator = get_indicator(key)
    return indicator.compute(query), indicator.breakdown("domain", query)


def test_demo_gives_f4_and_f5_and_a_history_to_today(ardabil, monkeypatch):
    from abadi.accounts import demo as accounts_demo
    from abadi.people import demo as people_demo

    monkeypatch.setattr(people_demo, "HOUSEHOLDS", 300)
    log: list[str] = []
    accounts_demo.build(log=log.append)
    people_demo.build(log=log.append)
    demo.build(log=log.append)

    value, by_domain = state("volunteers.active_groups", ardabil["24"], as_of=REFERENCE_DATE)
    assert value == 2_200  # F5
    assert by_domain == {
        "civil_works": 660,
        "health": 550,
        "services": 550,
        "disaster": 220,
        "education": 110,
        "agriculture": 60,
        "other": 50,
    }
    country, _by_domain = state("volunteers.active_groups", ardabil["IR"], as_of=REFERENCE_DATE)
    assert country == 42_700  # F4: more than 42,000
    assert Group.objects.filter(area__path__startswith="/IR/24/").count() == 2_600
    # The day before and after differ: the history is read as of the day asked.
    before, _ = state("volunteers.active_groups", ardabil["24"], as_of=datetime.date(2021, 3, 20))
    assert before != value

    today = clock.today()
    span = Deployment.objects.order_by("started_on").values_list("started_on", flat=True)
    assert span.first() >= datetime.date(2020, 3, 20)  # 1399/01/01
    assert span.last() > today - datetime.timedelta(days=60)
    assert not Deployment.objects.filter(ended_on__gt=today).exists()
    for deployment in Deployment.objects.select_related("group").order_by("?")[:200]:
        assert selectors.group_active_on(deployment.group, deployment.started_on)
    # Every group's history is a chain: one open row, each row closed on the next one's day.
    assert StatusChange.objects.filter(until__isnull=True).count() == Group.objects.count()
    assert Membership.objects.exists()
    assert GroupLeadership.objects.filter(user__username="leader").exists()
    assert any("volunteers: 2600 Ardabil groups" in line for line in log)

    counts = (Group.objects.count(), Deployment.objects.count(), StatusChange.objects.count())
    demo.build(log=log.append)
    assert (
        Group.objects.count(),
        Deployment.objects.count(),
        StatusChange.objects.count(),
    ) == counts
