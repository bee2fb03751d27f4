"""Seats, enrolment twice, attendance, completion and certificates: every rule at its edge,
and a refusal writes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abadi.core.models import AuditEvent
from abadi.people.models import Benefit, Programme
from abadi.training import services
from abadi.training.models import Course, Enrolment, EnrolmentStatus
from abadi.training.tests.conftest import VILLAGE_2401, VILLAGE_2403, make_person

pytestmark = pytest.mark.django_db

ENROLLED_ON = datetime.date(2021, 4, 25)


def enrol(actor, course, person, on=ENROLLED_ON):
    return services.enrolment_create(actor=actor, course=course, person=person, on=on)


def test_exactly_at_capacity_passes_and_one_more_is_refused_writing_nothing(course, clerk, areas):
    people = [make_person(areas[VILLAGE_2403]) for _ in range(4)]
    for person in people[:3]:
        enrol(clerk, course, person)
    course.refresh_from_db()
    assert course.enrolled_count == course.capacity == 3
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        enrol(clerk, course, people[3])
    assert "ظرفیت دوره" in refused.value.message_dict["national_code"][0]
    course.refresh_from_db()
    assert course.enrolled_count == 3
    assert Enrolment.objects.filter(course=course).count() == 3
    assert AuditEvent.objects.count() == events


def test_enrolling_twice_is_refused_and_the_seat_is_not_taken(course, clerk, trainee):
    enrol(clerk, course, trainee)
    with pytest.raises(ValidationError) as refused:
        enrol(clerk, course, trainee)
    assert "پیش‌تر در این دوره ثبت‌نام شده" in refused.value.message_dict["national_code"][0]
    course.refresh_from_db()
    assert course.enrolled_count == 1


def test_enrolment_after_the_course_ended_is_refused_its_last_day_passes(course, clerk, areas):
    enrol(clerk, course, make_person(areas[VILLAGE_2403]), on=course.ends_on)
    with pytest.raises(ValidationError) as refused:
        enrol(
            clerk,
            course,
            make_person(areas[VILLAGE_2403]),
            on=course.ends_on + datetime.timedelta(days=1),
        )
    assert "پس از پایان دوره" in refused.value.message_dict["on"][0]


def test_another_countys_clerk_may_not_enrol(course, areas):
    from abadi.core.permissions import Role
    from abadi.testing import user_with_role

    other = user_with_role("clerk2401", Role.DATA_CLERK, areas["2401"])
    with pytest.raises(PermissionDenied):
        enrol(other, course, make_person(areas[VILLAGE_2401]))


def test_attendance_within_the_course_hours(course, clerk, trainee):
    enrolment = enrol(clerk, course, trainee)
    services.enrolment_attend(
        actor=clerk, enrolment=enrolment, hours_attended=40, on=course.ends_on
    )
    enrolment.refresh_from_db()
    assert enrolment.hours_attended == 40
    with pytest.raises(ValidationError) as refused:
        services.enrolment_attend(actor=clerk, enrolment=enrolment, hours_attended=41)
    assert "ساعت حضور" in refused.value.message_dict["hours_attended"][0]


def test_completion_numbers_certificates_without_gaps_and_records_a_benefit(course, clerk, areas):
    enrolments = [enrol(clerk, course, make_person(areas[VILLAGE_2403])) for _ in range(3)]
    done = [
        services.enrolment_complete(actor=clerk, enrolment=enrolment, on=course.ends_on)
        for enrolment in enrolments
    ]
    assert [e.certificate_seq for e in done] == [1, 2, 3]
    assert [e.certificate_no for e in done] == [f"1400-{course.pk}-000{n}" for n in (1, 2, 3)]
    course.refresh_from_db()
    assert course.last_certificate == 3
    benefits = Benefit.objects.filter(programme=Programme.TRAINING)
    assert benefits.count() == 3
    assert {b.date for b in benefits} == {course.ends_on}
    assert benefits.first().household_id is not None


def test_a_refused_completion_takes_no_number(course, clerk, areas):
    first, second = (enrol(clerk, course, make_person(areas[VILLAGE_2403])) for _ in range(2))
    with pytest.raises(ValidationError) as refused:
        services.enrolment_complete(
            actor=clerk, enrolment=first, on=course.ends_on - datetime.timedelta(days=1)
        )
    assert "پیش از روز پایان دوره" in refused.value.message_dict["on"][0]
    completed = services.enrolment_complete(actor=clerk, enrolment=second, on=course.ends_on)
    assert completed.certificate_seq == 1
    first.refresh_from_db()
    assert first.status == EnrolmentStatus.ENROLLED and first.certificate_no is None
    assert not Benefit.objects.filter(programme=Programme.TRAINING, source_id=first.pk).exists()


def test_completion_in_the_future_is_refused(make_course, clerk, trainee):
    from abadi.core import clock

    today = clock.today()
    course = make_course(starts_on=today - datetime.timedelta(days=3), ends_on=today)
    enrolment = enrol(clerk, course, trainee, on=today - datetime.timedelta(days=4))
    with pytest.raises(ValidationError):
        services.enrolment_complete(
            actor=clerk, enrolment=enrolment, on=today + datetime.timedelta(days=1)
        )
    done = services.enrolment_complete(actor=clerk, enrolment=enrolment, on=today)
    assert done.completed_on == today


def test_a_completed_enrolment_cannot_complete_again_or_withdraw(course, clerk, trainee):
    enrolment = enrol(clerk, course, trainee)
    services.enrolment_complete(actor=clerk, enrolment=enrolment, on=course.ends_on)
    with pytest.raises(ValidationError):
        services.enrolment_complete(actor=clerk, enrolment=enrolment, on=course.ends_on)
    with pytest.raises(ValidationError):
        services.enrolment_withdraw(actor=clerk, enrolment=enrolment, reason="جابه‌جایی")


def test_withdrawal_frees_the_seat(course, clerk, areas):
    enrolments = [enrol(clerk, course, make_person(areas[VILLAGE_2403])) for _ in range(3)]
    services.enrolment_withdraw(
        actor=clerk, enrolment=enrolments[0], reason="مهاجرت", on=course.starts_on
    )
    course.refresh_from_db()
    assert course.enrolled_count == 2
    enrol(clerk, course, make_person(areas[VILLAGE_2403]))
    assert Course.objects.get(pk=course.pk).enrolled_count == 3


def test_withdrawal_before_the_enrolment_is_refused(course, clerk, trainee):
    enrolment = enrol(clerk, course, trainee)
    with pytest.raises(ValidationError):
        services.enrolment_withdraw(
            actor=clerk,
            enrolment=enrolment,
            reason="x",
            on=ENROLLED_ON - datetime.timedelta(days=1),
        )
