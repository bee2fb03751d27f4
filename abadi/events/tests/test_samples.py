"""``samples.build`` makes every kind of record in the county it is given, each carrying
the marker, and none of it is visible from the other county."""

import pytest

from abadi.events import samples, selectors
from abadi.events.models import Event, EventFile, EventLink, EventStatus, Exhibitor, Occasion

pytestmark = pytest.mark.django_db


def test_every_kind_in_its_county_with_the_marker(
    areas, county_officer, officer_2401, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # An inauguration opens the county's own completed project: the projects samples first.
    from abadi.projects import samples as projects

    projects.build(county=areas["2403"], marker="نشان‌الف", count=2)
    samples.build(county=areas["2403"], marker="نشان‌الف", count=2)
    samples.build(county=areas["2401"], marker="نشان‌ب", count=1)
    assert Occasion.objects.filter(area__code="2403").count() == 2
    mine = Event.objects.filter(area__code="2403")
    assert mine.count() == 8 and all("نشان‌الف" in event.title for event in mine)
    assert set(mine.values_list("status", flat=True)) == set(EventStatus.values)
    assert EventFile.objects.filter(event__area__code="2403").count() == 2
    assert EventLink.objects.filter(event__area__code="2403").count() == 2
    assert Exhibitor.objects.filter(event__area__code="2403", name__contains="نشان‌الف").count() == 2
    for actor, other in ((county_officer, "نشان‌ب"), (officer_2401, "نشان‌الف")):
        assert not any(other in event.title for event in selectors.event_list(actor=actor))
        assert not any(other in row.name for row in selectors.exhibitor_list(actor=actor))
        assert not any(other in occasion.name for occasion in selectors.occasion_list(actor=actor))
