"""The training and events demos give the article's figures exactly (F10, F11, F13), on a
tree with Ardabil's twelve counties, and a second run creates nothing."""

import pytest

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.indicators import IndicatorQuery, get_indicator
from abadi.events.models import Event, EventKind, EventStatus, Occasion
from abadi.organisations.models import Organisation, OrganisationKind
from abadi.people.models import Benefit
from abadi.testing import ARDABIL_COUNTIES, ardabil_tree
from abadi.training.models import Course, Enrolment, Licence

pytestmark = pytest.mark.django_db

COUNTIES = ARDABIL_COUNTIES
WEEK = "هفته بسیج سازندگی ۱۴۰۱"


@pytest.fixture
def ardabil(areas):
    """The small tree plus every county of Ardabil with two villages."""
    return ardabil_tree(areas, villages=2)


def value(key, area, **period):
    return get_indicator(key).compute(IndicatorQuery.build(actor=SYSTEM, area=area, **period))


def breakdown(key, name, area, **period):
    query = IndicatorQuery.build(actor=SYSTEM, area=area, **period)
    return get_indicator(key).breakdown(name, query)


def test_the_demos_give_the_articles_figures(ardabil):
    from abadi.accounts import demo as accounts_demo
    from abadi.events import demo as events_demo
    from abadi.organisations import demo as organisations_demo
    from abadi.people import demo as people_demo
    from abadi.training import demo as training_demo

    log: list[str] = []
    for demo in (accounts_demo, organisations_demo, people_demo, training_demo, events_demo):
        demo.build(log=log.append)
    province = ardabil["24"]

    # F10 and F11: 1400.
    assert value("training.completed", province, year=1400) == 3_100
    assert value("training.licences_issued", province, year=1400) == 1_200
    issuers = breakdown("training.licences_issued", "agency", province, year=1400)
    kinds = dict(Organisation.objects.values_list("pk", "kind"))
    assert {kinds[int(pk)] for pk in issuers} == {
        OrganisationKind.AGRICULTURE_JIHAD,
        OrganisationKind.SAMT,
        OrganisationKind.GUILD,
    }
    assert (
        Benefit.objects.filter(programme="training").count()
        == Enrolment.objects.filter(certificate_no__isnull=False).count()
    )
    # Certificates are numbered 1, 2, 3… in every course.
    for course in Course.objects.filter(last_certificate__gt=0)[:20]:
        numbers = sorted(
            course.enrolments.exclude(certificate_seq=None).values_list(
                "certificate_seq", flat=True
            )
        )
        assert numbers == list(range(1, course.last_certificate + 1))
    assert all(course.enrolled_count <= course.capacity for course in Course.objects.all())

    # F13: the week of 1401.
    assert value("events.planned", province, occasion=WEEK) == 510
    week = Occasion.objects.get(name=WEEK)
    events = Event.objects.filter(occasion=week).exclude(status=EventStatus.CANCELLED)
    manoeuvres = events.filter(kind=EventKind.MANOEUVRE)
    assert sorted(manoeuvres.values_list("area__code", flat=True)) == COUNTIES
    assert events.filter(kind=EventKind.INAUGURATION, title__contains="خورشیدی").count() == 203
    assert events.filter(kind=EventKind.PRISONER_RELEASE).count() == 1
    assert set(events.values_list("kind", flat=True)) == set(EventKind.values) - {EventKind.OTHER}
    assert set(events.values_list("area__code", flat=True)) == set(COUNTIES)
    assert Event.objects.filter(occasion=week, status=EventStatus.CANCELLED).count() == 4
    # Later years run up to the day the demo runs (and a few days ahead, planned).
    assert Event.objects.filter(on__gt="2025-03-21").exists()
    assert not Event.objects.filter(status=EventStatus.HELD, on__gt=clock.today()).exists()

    counts = (
        Course.objects.count(),
        Enrolment.objects.count(),
        Licence.objects.count(),
        Event.objects.count(),
    )
    again: list[str] = []
    training_demo.build(log=again.append)
    events_demo.build(log=again.append)
    assert again == ["  training: already built", "  events: already built"]
    assert (
        Course.objects.count(),
        Enrolment.objects.count(),
        Licence.objects.count(),
        Event.objects.count(),
    ) == counts
