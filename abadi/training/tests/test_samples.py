"""``samples.build`` makes every kind of record in the county it is given, each carrying
the marker, and none of it is visible from the other county."""

import pytest

from abadi.training import samples, selectors
from abadi.training.models import Course, Enrolment, Licence

pytestmark = pytest.mark.django_db


def test_every_kind_in_its_county_with_the_marker(areas, county_officer, officer_2401):
    samples.build(county=areas["2403"], marker="نشان‌الف", count=2)
    samples.build(county=areas["2401"], marker="نشان‌ب", count=1)
    assert Course.objects.filter(area__code="2403", title__contains="نشان‌الف").count() == 2
    # count + 1 a course: the first completes, the others are still enrolled.
    assert Enrolment.objects.filter(course__area__code="2403").count() == 6
    assert (
        Enrolment.objects.filter(course__area__code="2403", certificate_no__isnull=False).count()
        == 2
    )
    assert Licence.objects.filter(area__code="2403", activity__contains="نشان‌الف").count() == 2
    for actor, marker, other in (
        (county_officer, "نشان‌الف", "نشان‌ب"),
        (officer_2401, "نشان‌ب", "نشان‌الف"),
    ):
        titles = [course.title for course in selectors.course_list(actor=actor)]
        assert titles and all(marker in title for title in titles)
        assert not any(other in title for title in titles)
        assert all(marker in row.course.title for row in selectors.enrolment_list(actor=actor))
        assert all(marker in row.activity for row in selectors.licence_list(actor=actor))
