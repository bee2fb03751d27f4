"""Reads of the training module. Every selector takes the actor and limits rows to the
areas the actor may see: a course, and its enrolments, belong to the county office
responsible for its place; a licence to the county its holder lives in."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.jalali import jalali_year_bounds
from abadi.core.persian import search_key, to_latin_digits, to_persian_digits
from abadi.core.records import openable
from abadi.core.scoping import access_object, scope
from abadi.core.validators import normalize_national_code
from abadi.loans.selectors import application_list
from abadi.organisations.models import OrganisationKind
from abadi.organisations.selectors import organisation_by_ids, organisation_list
from abadi.people.selectors import person_by_national_code
from abadi.training.models import Course, Enrolment, EnrolmentStatus, Licence
from abadi.training.permissions import VIEW_TRAINING

if TYPE_CHECKING:
    from abadi.organisations.models import Organisation

# Agencies a course or a licence may name: partner agencies, not banks or contractors.
NOT_PARTNERS = (OrganisationKind.AGENT_BANK, OrganisationKind.CONTRACTOR)
LICENCE_AGENCIES = (
    OrganisationKind.AGRICULTURE_JIHAD,
    OrganisationKind.SAMT,
    OrganisationKind.GUILD,
    OrganisationKind.TVTO,
    OrganisationKind.EXECUTIVE_AGENCY,
    OrganisationKind.WELFARE,
    OrganisationKind.OTHER,
)


# Courses ----------------------------------------------------------------------------------


def course_list(
    *,
    actor,
    query: str = "",
    field: str = "",
    agency: int | None = None,
    county: str = "",
    year: int | None = None,
    starting_within: int | None = None,
    perm: str = VIEW_TRAINING,
) -> QuerySet[Course]:
    """Courses of the actor's areas; ``starting_within``: those whose first day is from
    today to that many days ahead."""
    courses = scope(Course.objects.all(), actor=actor, perm=perm)
    if query:
        text = query.strip()
        courses = courses.filter(
            Q(title__icontains=text) | Q(place__search_key__startswith=search_key(text))
        )
    if field:
        courses = courses.filter(field=field)
    if agency:
        courses = courses.filter(agency_id=agency)
    if county:
        courses = courses.filter(area__code=county)
    if year:
        courses = courses.filter(starts_on__range=jalali_year_bounds(year))
    if starting_within is not None:
        today = clock.today()
        courses = courses.filter(
            starts_on__range=(today, today + datetime.timedelta(days=starting_within))
        )
    return courses.select_related("agency", "area", "place").annotate(
        completed=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED))
    )


@openable(Course)
def course_get(*, actor, pk: int, perm: str = VIEW_TRAINING) -> Course:
    return access_object(
        Course.objects.select_related("agency", "area", "place"), actor=actor, perm=perm, pk=pk
    )


def course_by_reference(*, actor, text: str, perm: str, field: str = "course") -> Course:
    """The course a file or a form names: its id, or the source id it was imported with."""
    key = to_latin_digits(text or "").strip()
    courses = scope(
        Course.objects.select_related("area", "place", "agency"), actor=actor, perm=perm
    )
    found = courses.filter(source_id=key).first() if key else None
    if found is None and key.isdigit():
        found = courses.filter(pk=int(key)).first()
    if found is None:
        raise ValidationError(
            {field: _("دوره‌ای با شناسه «%(key)s» در حوزه شما پیدا نشد.") % {"key": text}}
        )
    return found


def courses_by_reference(*, actor, texts: set[str], perm: str) -> dict[str, Course]:
    """:func:`course_by_reference` for a whole file at once (two queries)."""
    keys = {to_latin_digits(text).strip() for text in texts if text}
    courses = scope(
        Course.objects.select_related("area", "place", "agency"), actor=actor, perm=perm
    )
    found: dict[str, Course] = {}
    for course in courses.filter(source_id__in=keys):
        found[course.source_id or ""] = course
    ids = [int(key) for key in keys if key.isdigit() and key not in found]
    for course in courses.filter(pk__in=ids):
        found.setdefault(str(course.pk), course)
    return found


def courses_starting(*, actor, days: int = 7, perm: str = VIEW_TRAINING) -> QuerySet[Course]:
    """Courses whose first day is from today to ``days`` days ahead."""
    today = clock.today()
    return scope(
        Course.objects.filter(starts_on__range=(today, today + datetime.timedelta(days=days))),
        actor=actor,
        perm=perm,
    )


def course_enrolments(*, course: Course) -> QuerySet[Enrolment]:
    """A course's enrolments (the caller opened the course), in the order people enrolled."""
    return course.enrolments.select_related("person", "person__area").order_by("id")


# Enrolments -------------------------------------------------------------------------------


def enrolment_list(
    *,
    actor,
    course: int | None = None,
    status: str = "",
    query: str = "",
    year: int | None = None,
    perm: str = VIEW_TRAINING,
) -> QuerySet[Enrolment]:
    enrolments = scope(Enrolment.objects.all(), actor=actor, perm=perm, area_field="course__area")
    if course:
        enrolments = enrolments.filter(course_id=course)
    if status:
        enrolments = enrolments.filter(status=status)
    if query:
        text = to_latin_digits(query).strip()
        if text.isdigit():
            enrolments = enrolments.filter(
                Q(person__national_code=text.zfill(10)) | Q(certificate_no__startswith=text)
            )
        else:
            enrolments = enrolments.filter(
                Q(person__search_key__startswith=search_key(query))
                | Q(certificate_no__startswith=text)
            )
    if year:
        bounds = jalali_year_bounds(year)
        enrolments = enrolments.filter(Q(enrolled_on__range=bounds) | Q(completed_on__range=bounds))
    return enrolments.select_related(
        "person", "person__area", "course", "course__area", "course__agency"
    )


@openable(Enrolment)
def enrolment_get(*, actor, pk: int, perm: str = VIEW_TRAINING) -> Enrolment:
    return access_object(
        Enrolment.objects.select_related(
            "person", "person__area", "course", "course__area", "course__place", "course__agency"
        ),
        actor=actor,
        perm=perm,
        area_field="course__area",
        pk=pk,
    )


# Licences ---------------------------------------------------------------------------------


def licence_list(
    *,
    actor,
    query: str = "",
    kind: str = "",
    agency: int | None = None,
    county: str = "",
    year: int | None = None,
    expiring_within: int | None = None,
    perm: str = VIEW_TRAINING,
) -> QuerySet[Licence]:
    licences = scope(Licence.objects.all(), actor=actor, perm=perm)
    if query:
        text = to_latin_digits(query).strip()
        if text.isdigit() and len(text) in (8, 9, 10):
            licences = licences.filter(Q(person__national_code=text.zfill(10)) | Q(number=text))
        else:
            licences = licences.filter(
                Q(number__startswith=text) | Q(person__search_key__startswith=search_key(query))
            )
    if kind:
        licences = licences.filter(kind=kind)
    if agency:
        licences = licences.filter(agency_id=agency)
    if county:
        licences = licences.filter(area__code=county)
    if year:
        licences = licences.filter(issued_on__range=jalali_year_bounds(year))
    if expiring_within is not None:
        today = clock.today()
        licences = licences.filter(
            expires_on__range=(today, today + datetime.timedelta(days=expiring_within))
        )
    return licences.select_related("person", "person__area", "agency", "area", "course")


@openable(Licence)
def licence_get(*, actor, pk: int, perm: str = VIEW_TRAINING) -> Licence:
    return access_object(
        Licence.objects.select_related("person", "person__area", "agency", "area", "course"),
        actor=actor,
        perm=perm,
        pk=pk,
    )


def licences_expiring(*, actor, days: int = 30, perm: str = VIEW_TRAINING) -> QuerySet[Licence]:
    return licence_list(actor=actor, expiring_within=days, perm=perm)


# What a page, the API and an import name, read the same way -------------------------------


def partner_agencies(*, actor, kinds: tuple[str, ...] | None = None) -> QuerySet[Organisation]:
    """The partner agencies a course or a licence of the actor's areas may name: those
    registered in the actor's areas or above them (a county's course is often held with
    the province's agency), by the organisations module's own rule: the agencies of the
    kinds asked are listed, then ``organisation_by_ids`` keeps those the actor works with."""
    candidates = organisation_list(actor=SYSTEM).exclude(kind__in=NOT_PARTNERS)
    if kinds is not None:
        candidates = candidates.filter(kind__in=kinds)
    ids = list(candidates.values_list("pk", flat=True))
    found = organisation_by_ids(actor=actor, ids=ids)
    return candidates.filter(pk__in=list(found))


def agency_by_id(*, actor, pk: int | None, field: str = "agency_id") -> Organisation:
    """A partner agency by id, among those of the actor's areas and the areas above them
    (a county's course may be held with the province's agency)."""
    agency = organisation_by_ids(actor=actor, ids=[pk]).get(pk) if pk else None
    if agency is None or agency.kind in NOT_PARTNERS:
        raise ValidationError({field: _("دستگاه همکاری با این شناسه پیدا نشد.")})
    return agency


def person_by_code(*, actor, national_code: str, perm: str, field: str = "national_code"):
    """The person of the registry with this national code, among those the actor may see
    under ``perm``; a Persian ValidationError on ``field`` otherwise."""
    try:
        code = normalize_national_code(national_code)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    person = person_by_national_code(actor=actor, national_code=code, perm=perm)
    if person is None:
        raise ValidationError(
            {
                field: _("فردی با کد ملی %(code)s در حوزه شما ثبت نشده است.")
                % {"code": to_persian_digits(code)}
            }
        )
    return person


def loan_application_by_number(*, actor, number: str, field: str = "loan_number") -> Any:
    """The loan plan with this number among those the actor may see, read through the
    loans module's own selector; a Persian ValidationError on ``field`` otherwise."""
    text = to_latin_digits(number or "").strip()
    found = [
        application
        for application in application_list(actor=actor, query=text)[:10]
        if application.number == text
    ]
    if not text or not found:
        raise ValidationError(
            {
                field: _("طرح اشتغالی با شماره «%(number)s» در حوزه شما پیدا نشد.")
                % {"number": to_persian_digits(text or number or "")}
            }
        )
    return found[0]
