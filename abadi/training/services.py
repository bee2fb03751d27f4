"""Writes of the training module: courses, enrolments and their steps, licences.

Seats are taken with one conditional update (``enrolled_count < capacity``), so two
clerks enrolling the last seat at once cannot both get it; a check constraint holds the
count within the capacity whatever writes it. A certificate number is the course's next
number, taken under the course's row lock in the transaction that completes the
enrolment: numbers run without gaps. Completing a course records a training benefit in
the people registry's ledger.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.audit import audit_record, snapshot
from abadi.core.jalali import format_jalali, jalali_year_of
from abadi.core.persian import to_latin_digits, to_persian_digits
from abadi.core.services import audited_create, model_update, require, service
from abadi.core.validators import count_within, not_before, not_future, required_text
from abadi.geography.selectors import county_of
from abadi.people.models import Programme
from abadi.people.services import benefit_record
from abadi.training.audit import Action
from abadi.training.models import (
    MAX_CAPACITY,
    MAX_HOURS,
    Course,
    CourseField,
    Enrolment,
    EnrolmentStatus,
    Licence,
    LicenceKind,
)
from abadi.training.permissions import ENROL, MANAGE_COURSES, RECORD_LICENCES
from abadi.training.selectors import NOT_PARTNERS, loan_application_by_number
from abadi.training.workflow import WORKFLOW

if TYPE_CHECKING:
    from abadi.geography.models import Area

COURSE_EDITABLE = (
    "title",
    "field",
    "agency",
    "venue",
    "starts_on",
    "ends_on",
    "hours",
    "capacity",
    "note",
)
LICENCE_EDITABLE = ("kind", "number", "issued_on", "expires_on", "activity", "note")


# Courses ----------------------------------------------------------------------------------


def _responsible_county(place: Area, field: str = "place") -> Area:
    county = county_of(place)
    if county is None:
        raise ValidationError({field: _("محل برگزاری دوره باید در یک شهرستان باشد.")})
    return county


def _check_agency(agency, field: str = "agency") -> None:
    if agency is None or agency.kind in NOT_PARTNERS:
        raise ValidationError({field: _("دستگاه همکار را از میان دستگاه‌های همکار برگزینید.")})


def _check_course(course: Course) -> None:
    if course.field not in CourseField.values:
        raise ValidationError({"field": _("رشته دوره نامعتبر است.")})
    required_text(course.title, field="title", label=_("عنوان دوره"))
    count_within(course.hours, field="hours", label=_("ساعت آموزش"), minimum=1, maximum=MAX_HOURS)
    count_within(
        course.capacity, field="capacity", label=_("ظرفیت دوره"), minimum=1, maximum=MAX_CAPACITY
    )
    not_before(
        course.ends_on,
        course.starts_on,
        field="ends_on",
        label=_("تاریخ پایان دوره"),
        other=_("تاریخ شروع"),
    )
    if course.capacity < course.enrolled_count:
        raise ValidationError(
            {
                "capacity": _("ظرفیت را نمی‌توان کمتر از %(count)s نفر ثبت‌نام‌شده کرد.")
                % {"count": to_persian_digits(course.enrolled_count)}
            }
        )


@service
def course_create(
    *,
    actor,
    title: str,
    field: str,
    agency,
    place: Area,
    starts_on: datetime.date,
    ends_on: datetime.date,
    hours: int,
    capacity: int,
    venue: str = "",
    note: str = "",
    source_id: str | None = None,
) -> Course:
    """A course held with ``agency`` in ``place``; it belongs to the place's county."""
    county = _responsible_county(place)
    require(actor, MANAGE_COURSES, county)
    _check_agency(agency)
    course = Course(
        title=(title or "").strip(),
        field=field,
        agency=agency,
        area=county,
        place=place,
        venue=(venue or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        hours=hours,
        capacity=capacity,
        note=(note or "").strip(),
        source_id=source_id or None,
    )
    _check_course(course)
    return audited_create(
        course, actor=actor, action=Action.COURSE_CREATE, exclude=["agency", "area", "place"]
    )


def _lock_course(course: Course) -> Course:
    return (
        Course.objects.select_for_update(of=("self",))
        .select_related("area", "place", "agency")
        .get(pk=course.pk)
    )


@service
def course_update(*, actor, course: Course, **fields: Any) -> Course:
    """Correct a course; its capacity never below the people already enrolled, its last
    day never after the first certificate it issued (completions follow the last day)."""
    course = _lock_course(course)
    require(actor, MANAGE_COURSES, course.area)
    if "agency" in fields:
        _check_agency(fields["agency"])

    def prepare(changed: Course) -> None:
        _check_course(changed)
        last = (
            changed.enrolments.filter(completed_on__isnull=False)
            .order_by("completed_on")
            .values_list("completed_on", flat=True)
            .first()
        )
        if last is not None and changed.ends_on > last:
            raise ValidationError(
                {
                    "ends_on": _("پایان دوره نمی‌تواند پس از نخستین گواهی صادرشده (%(day)s) باشد.")
                    % {"day": format_jalali(last)}
                }
            )

    course, _changed = model_update(
        course,
        actor=actor,
        action=Action.COURSE_UPDATE,
        fields=fields,
        allowed=COURSE_EDITABLE,
        prepare=prepare,
    )
    return course


# Enrolments -------------------------------------------------------------------------------


def _take_seat(course: Course) -> None:
    """One seat, or a refusal when none is left: a conditional update the database
    applies row by row, so concurrent enrolments cannot both take the last seat."""
    taken = Course.objects.filter(pk=course.pk, enrolled_count__lt=F("capacity")).update(
        enrolled_count=F("enrolled_count") + 1
    )
    if not taken:
        raise ValidationError(
            {
                "national_code": _("ظرفیت دوره «%(title)s» (%(capacity)s نفر) تکمیل است.")
                % {"title": course.title, "capacity": to_persian_digits(course.capacity)}
            }
        )


def _free_seat(course: Course) -> None:
    Course.objects.filter(pk=course.pk, enrolled_count__gt=0).update(
        enrolled_count=F("enrolled_count") - 1
    )


@service
def enrolment_create(
    *, actor, course: Course, person, on: datetime.date | None = None, note: str = ""
) -> Enrolment:
    """Enrol ``person`` (of the registry, in the actor's areas) in ``course`` on ``on``
    (default today): refused when the course is full, when the person is already enrolled
    in it, and on a day after the course ended."""
    require(actor, ENROL, course.area)
    require(actor, ENROL, person.area)
    on = not_future(on or clock.today(), field="on", label=_("تاریخ ثبت‌نام"))
    if on > course.ends_on:
        raise ValidationError(
            {
                "on": _("تاریخ ثبت‌نام (%(day)s) پس از پایان دوره (%(end)s) است.")
                % {"day": format_jalali(on), "end": format_jalali(course.ends_on)}
            }
        )
    # The seat first: from here on this transaction holds the course's row, so the check
    # for a second enrolment of the same person in it cannot race another one.
    _take_seat(course)
    earlier = Enrolment.objects.filter(course=course, person=person).first()
    if earlier is not None:
        raise ValidationError(
            {
                "national_code": _("%(name)s پیش‌تر در این دوره ثبت‌نام شده است (%(status)s).")
                % {"name": person.full_name, "status": earlier.get_status_display()}
            }
        )
    enrolment = Enrolment(
        course=course,
        person=person,
        enrolled_on=on,
        status=EnrolmentStatus.ENROLLED,
        note=(note or "").strip(),
    )
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as clash:
        raise ValidationError(
            {"national_code": _("این فرد پیش‌تر در همین دوره ثبت‌نام شده است.")}
        ) from clash
    audit_record(
        actor=actor,
        action=Action.ENROL,
        obj=enrolment,
        area=course.area,
        new=snapshot(enrolment),
        on=on,
        touches=(course, person),
    )
    return enrolment


def _start(*, actor, enrolment: Enrolment, action: str, on: datetime.date | None):
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course", "course__area", "course__place", "person", "person__household")
        .get(pk=enrolment.pk)
    )
    WORKFLOW.check(actor=actor, record=enrolment, action=action)
    day = WORKFLOW.check_date(record=enrolment, action=action, on=on or clock.today())
    return enrolment, day


def _hours(value: Any, course: Course) -> int:
    return count_within(
        value, field="hours_attended", label=_("ساعت حضور"), minimum=0, maximum=course.hours
    )


@service
def enrolment_attend(
    *, actor, enrolment: Enrolment, hours_attended: int, on: datetime.date | None = None
) -> Enrolment:
    """Record the hours a trainee has attended so far (at most the course's hours)."""
    enrolment, on = _start(actor=actor, enrolment=enrolment, action="attend", on=on)
    before = enrolment.hours_attended
    enrolment.hours_attended = _hours(hours_attended, enrolment.course)
    enrolment.save(update_fields=["hours_attended", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.ATTEND,
        obj=enrolment,
        area=enrolment.course.area,
        old={"hours_attended": before},
        new={"hours_attended": enrolment.hours_attended},
        on=on,
        touches=(enrolment.course,),
    )
    return enrolment


def certificate_number(course: Course, seq: int) -> str:
    """ "1400-12-0007": the Jalali year the course began, the course and its seventh
    certificate."""
    return f"{jalali_year_of(course.starts_on)}-{course.pk}-{seq:04d}"


@service
def enrolment_complete(
    *,
    actor,
    enrolment: Enrolment,
    on: datetime.date | None = None,
    hours_attended: int | None = None,
) -> Enrolment:
    """The trainee completed the course on ``on`` (not before its last day, not in the
    future): the certificate takes the course's next number and the ledger records a
    training benefit."""
    enrolment, on = _start(actor=actor, enrolment=enrolment, action="complete", on=on)
    course = _lock_course(enrolment.course)
    if on < course.ends_on:
        raise ValidationError(
            {
                "on": _(
                    "تاریخ پایان دوره برای فراگیر (%(day)s) پیش از روز پایان دوره (%(end)s) است."
                )
                % {"day": format_jalali(on), "end": format_jalali(course.ends_on)}
            }
        )
    before = snapshot(enrolment)
    if hours_attended is not None:
        enrolment.hours_attended = _hours(hours_attended, course)
    seq = course.last_certificate + 1
    Course.objects.filter(pk=course.pk).update(last_certificate=seq)
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_on = on
    enrolment.certificate_seq = seq
    enrolment.certificate_no = certificate_number(course, seq)
    enrolment.save()
    audit_record(
        actor=actor,
        action=Action.COMPLETE,
        obj=enrolment,
        area=course.area,
        old={key: before[key] for key in ("status", "completed_on", "certificate_no")},
        new={
            "status": enrolment.status,
            "completed_on": str(on),
            "certificate_no": enrolment.certificate_no,
            "hours_attended": enrolment.hours_attended,
        },
        on=on,
        touches=(course,),
    )
    person = enrolment.person
    benefit_record(
        actor=actor,
        programme=Programme.TRAINING,
        date=on,
        value=0,
        area=course.place,
        source=enrolment,
        person=person,
        household=person.household,
        note=_("گواهی %(number)s: %(title)s")
        % {"number": enrolment.certificate_no, "title": course.title},
    )
    return enrolment


@service
def enrolment_withdraw(
    *, actor, enrolment: Enrolment, reason: str, on: datetime.date | None = None
) -> Enrolment:
    """The trainee left the course: their seat is freed."""
    enrolment, on = _start(actor=actor, enrolment=enrolment, action="withdraw", on=on)
    reason = required_text(reason, field="reason", label=_("دلیل انصراف"))
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.withdrawn_on = on
    enrolment.note = reason[:300]
    enrolment.save()
    _free_seat(enrolment.course)
    audit_record(
        actor=actor,
        action=Action.WITHDRAW,
        obj=enrolment,
        area=enrolment.course.area,
        old={"status": EnrolmentStatus.ENROLLED},
        new={"status": enrolment.status, "withdrawn_on": str(on), "reason": reason},
        on=on,
        touches=(enrolment.course,),
    )
    return enrolment


# Licences ---------------------------------------------------------------------------------


def normalize_licence_number(value: Any) -> str:
    """A licence number as stored: Latin digits, no spaces, upper-case letters."""
    return "".join(to_latin_digits(str(value or "")).split()).upper()


def _check_licence(licence: Licence) -> None:
    if licence.kind not in LicenceKind.values:
        raise ValidationError({"kind": _("نوع مجوز نامعتبر است.")})
    licence.number = normalize_licence_number(licence.number)
    required_text(licence.number, field="number", label=_("شماره مجوز"))
    not_future(licence.issued_on, field="issued_on", label=_("تاریخ صدور مجوز"))
    if licence.expires_on is not None and licence.expires_on <= licence.issued_on:
        raise ValidationError(
            {
                "expires_on": _("تاریخ اعتبار مجوز (%(end)s) باید پس از تاریخ صدور (%(day)s) باشد.")
                % {
                    "end": format_jalali(licence.expires_on),
                    "day": format_jalali(licence.issued_on),
                }
            }
        )
    clash = Licence.objects.filter(agency_id=licence.agency_id, number=licence.number)
    if licence.pk is not None:
        clash = clash.exclude(pk=licence.pk)
    if clash.exists():
        raise ValidationError(
            {
                "number": _("مجوز شماره «%(number)s» پیش‌تر برای %(agency)s ثبت شده است.")
                % {"number": to_persian_digits(licence.number), "agency": licence.agency.name}
            }
        )


def _check_course_of(person, course: Course | None) -> None:
    if course is not None and not course.enrolments.filter(person=person).exists():
        raise ValidationError(
            {
                "course": _("%(name)s در دوره «%(title)s» ثبت‌نام نکرده است.")
                % {"name": person.full_name, "title": course.title}
            }
        )


def _check_loan(*, actor, person, loan_number: str) -> str:
    if not loan_number:
        return ""
    application = loan_application_by_number(actor=actor, number=loan_number)
    if application.applicant_id != person.pk:
        raise ValidationError(
            {
                "loan_number": _("طرح %(number)s به نام %(name)s نیست.")
                % {"number": to_persian_digits(application.number), "name": person.full_name}
            }
        )
    return application.number


@service
def licence_record(
    *,
    actor,
    person,
    kind: str,
    agency,
    number: str,
    issued_on: datetime.date,
    expires_on: datetime.date | None = None,
    course: Course | None = None,
    loan_number: str = "",
    activity: str = "",
    note: str = "",
    source_id: str | None = None,
) -> Licence:
    """A licence ``agency`` issued to ``person``: its number is unique for the agency, its
    expiry after its issue; the course that prepared them (one they enrolled in) and the
    loan plan that needed it (theirs, found through the loans module) may be named."""
    county = county_of(person.area)
    if county is None:
        raise ValidationError({"national_code": _("محل سکونت دارنده مجوز در شهرستانی نیست.")})
    require(actor, RECORD_LICENCES, county)
    _check_agency(agency)
    _check_course_of(person, course)
    licence = Licence(
        kind=kind,
        agency=agency,
        number=number,
        issued_on=issued_on,
        expires_on=expires_on,
        person=person,
        area=county,
        course=course,
        loan_number=_check_loan(actor=actor, person=person, loan_number=loan_number),
        activity=(activity or "").strip(),
        note=(note or "").strip(),
        source_id=source_id or None,
    )
    _check_licence(licence)
    return audited_create(
        licence,
        actor=actor,
        action=Action.LICENCE_CREATE,
        exclude=["agency", "person", "area", "course"],
        on=issued_on,
        touches=(person,),
    )


@service
def licence_update(
    *,
    actor,
    licence: Licence,
    course: Course | str | None = "",
    loan_number: str | None = None,
    **fields: Any,
) -> Licence:
    """Correct a licence (its holder and agency stay); ``course`` and ``loan_number`` are
    changed only when given (None clears the course, "" the plan)."""
    licence = (
        Licence.objects.select_for_update(of=("self",))
        .select_related("agency", "person")
        .get(pk=licence.pk)
    )
    require(actor, RECORD_LICENCES, licence.area)
    changes = dict(fields)
    if course != "":
        _check_course_of(licence.person, course)  # type: ignore[arg-type]
        changes["course"] = course
    if loan_number is not None:
        changes["loan_number"] = _check_loan(
            actor=actor, person=licence.person, loan_number=loan_number
        )
    licence, _changed = model_update(
        licence,
        actor=actor,
        action=Action.LICENCE_UPDATE,
        fields=changes,
        allowed=(*LICENCE_EDITABLE, "course", "loan_number"),
        prepare=_check_licence,
    )
    return licence
