"""Import kinds of the training module: courses, enrolments (with attendance and
completion) and licences ("training_courses", "training_enrolments", "training_licences").

Every row is checked before anything is written; the rows are then written through the
same services as the pages, so seats, certificate numbers, the benefit ledger and the
audit log follow the same rules. A row already imported (same source id; same course and
national code; same agency and licence number for the same person) is left unchanged, so
a file can be imported twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core.imports import (
    Column,
    ImportKind,
    ImportOutcome,
    parsers,
    refused_as_row_error,
    register_import,
)
from abadi.core.persian import search_key, to_latin_digits
from abadi.geography.selectors import AreaInputs
from abadi.people.selectors import persons_by_national_code
from abadi.training import services
from abadi.training.forms import COURSE_PLACE_LEVELS
from abadi.training.models import (
    Course,
    CourseField,
    Enrolment,
    EnrolmentStatus,
    Licence,
    LicenceKind,
)
from abadi.training.permissions import ENROL, MANAGE_COURSES, RECORD_LICENCES, VIEW_TRAINING
from abadi.training.selectors import LICENCE_AGENCIES, courses_by_reference, partner_agencies


def _words(choices) -> dict[str, str]:
    return {
        **{str(label): value for value, label in choices.choices},
        **{v: v for v in choices.values},
    }


def _agencies(actor, kinds=None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for agency in partner_agencies(actor=actor, kinds=kinds):
        found[search_key(agency.name)] = agency
        found[str(agency.pk)] = agency
    return found


def _agency(agencies: dict[str, Any], text: str, key: str = "agency"):
    agency = agencies.get(search_key(text)) or agencies.get(to_latin_digits(text).strip())
    if agency is None:
        raise ValidationError({key: _("دستگاهی به نام «%(name)s» پیدا نشد.") % {"name": text}})
    return agency


# Courses ----------------------------------------------------------------------------------


@dataclass
class CourseContext:
    places: AreaInputs
    agencies: dict[str, Any]
    known: set[str] = field(default_factory=set)


class CourseImport(ImportKind):
    name = "training_courses"
    label = gettext_lazy("دوره‌های آموزشی")
    perm = MANAGE_COURSES
    columns = [
        Column("source_id", gettext_lazy("شناسه منبع"), aliases=("source id", "کد دوره"), parse=parsers.code(64), example="TVTO-1400-17", help=gettext_lazy("شناسه دوره در سامانه دستگاه همکار؛ با آن ورود دوباره همان پرونده چیزی را دو بار ثبت نمی‌کند")),
        Column("title", gettext_lazy("عنوان دوره"), aliases=("title", "عنوان"), parse=parsers.text(200), example="پرورش زنبور عسل"),
        Column("field", gettext_lazy("رشته"), aliases=("field",), parse=parsers.choice(_words(CourseField)), example=str(CourseField.BEEKEEPING.label), choices=tuple(str(label) for label in CourseField.labels)),
        Column("agency", gettext_lazy("دستگاه همکار"), aliases=("agency", "دستگاه"), parse=parsers.text(200), example="اداره کل آموزش فنی و حرفه‌ای استان اردبیل"),
        Column("place", gettext_lazy("محل برگزاری"), aliases=("place", "محل"), parse=parsers.text(200), example="2403", help=gettext_lazy("کد یا نام شهرستان، شهر یا روستا")),
        Column("starts_on", gettext_lazy("تاریخ شروع"), aliases=("starts on", "شروع"), parse=parsers.jalali_date(), example="1400/03/01"),
        Column("ends_on", gettext_lazy("تاریخ پایان"), aliases=("ends on", "پایان"), parse=parsers.jalali_date(), example="1400/03/20"),
        Column("hours", gettext_lazy("ساعت آموزش"), aliases=("hours", "ساعت"), parse=parsers.integer(1, 2000), example="60"),
        Column("capacity", gettext_lazy("ظرفیت"), aliases=("capacity",), parse=parsers.integer(1, 500), example="25"),
        Column("venue", gettext_lazy("مکان"), aliases=("venue", "نشانی"), required=False, parse=parsers.text(200), example="مرکز آموزش فنی و حرفه‌ای خلخال"),
    ]  # fmt: skip
    ignored_headers = ("شناسه", "نام محل برگزاری", "شهرستان", "ثبت‌نام‌شدگان", "گواهی‌ها")

    def prepare(self, *, actor, rows):
        places = AreaInputs(
            actor=actor,
            perm=self.perm,
            texts={row["place"] for row in rows if row.get("place")},
            levels=COURSE_PLACE_LEVELS,
        )
        sources = {row["source_id"] for row in rows if row.get("source_id")}
        # An exported course without a source id is named by its id: it is already here.
        known = set(courses_by_reference(actor=actor, texts=sources, perm=VIEW_TRAINING))
        known |= set(
            Course.objects.filter(source_id__in=sources).values_list("source_id", flat=True)
        )
        return CourseContext(places=places, agencies=_agencies(actor), known=known)

    def validate_row(self, row, *, context: CourseContext):
        if row["source_id"] in context.known:
            return row
        errors: dict[str, str] = {}
        place = context.places.resolve(row["place"])
        if isinstance(place, str):
            errors["place"] = place
        try:
            agency = _agency(context.agencies, row["agency"])
        except ValidationError as error:
            errors.update({key: " ".join(value) for key, value in error.message_dict.items()})
        if row["ends_on"] < row["starts_on"]:
            errors["ends_on"] = _("تاریخ پایان دوره پیش از تاریخ شروع آن است.")
        if errors:
            raise ValidationError(errors)
        return {**row, "_place": place, "_agency": agency}

    def external_key(self, row):
        return row.get("source_id")

    def commit(self, rows, *, actor, context: CourseContext) -> ImportOutcome:
        created = unchanged = 0
        for row in rows:
            if row["source_id"] in context.known:
                unchanged += 1
                continue
            with refused_as_row_error(row):
                services.course_create(
                    actor=actor,
                    title=row["title"],
                    field=row["field"],
                    agency=row["_agency"],
                    place=row["_place"],
                    starts_on=row["starts_on"],
                    ends_on=row["ends_on"],
                    hours=row["hours"],
                    capacity=row["capacity"],
                    venue=row.get("venue") or "",
                    source_id=row["source_id"],
                )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


# Enrolments -------------------------------------------------------------------------------

COURSE_COLUMN = Column(
    "course",
    gettext_lazy("دوره"),
    aliases=("course", "شناسه دوره", "کد دوره"),
    parse=parsers.code(64),
    example="TVTO-1400-17",
    help=gettext_lazy("شناسه دوره در سامانه یا شناسه منبع آن"),
)


@dataclass
class EnrolmentContext:
    courses: dict[str, Course]
    persons: dict[str, Any]
    existing: dict[tuple[int, int], Enrolment]
    seats: dict[int, int] = field(default_factory=dict)


class EnrolmentImport(ImportKind):
    name = "training_enrolments"
    label = gettext_lazy("ثبت‌نام، حضور و پایان دوره فراگیران")
    perm = ENROL
    columns = [
        COURSE_COLUMN,
        Column("national_code", gettext_lazy("کد ملی"), aliases=("national code", "کد ملی فراگیر"), parse=parsers.national_code, example="0012345679"),
        Column("enrolled_on", gettext_lazy("تاریخ ثبت‌نام"), aliases=("enrolled on",), required=False, parse=parsers.jalali_date(not_future=True), example="1400/02/25", help=gettext_lazy("خالی: امروز")),
        Column("hours_attended", gettext_lazy("ساعت حضور"), aliases=("hours attended", "حضور"), required=False, parse=parsers.integer(0, 2000), example="60"),
        Column("completed_on", gettext_lazy("تاریخ پایان دوره"), aliases=("completed on", "تاریخ گواهی"), required=False, parse=parsers.jalali_date(not_future=True), example="1400/03/20", help=gettext_lazy("برای فراگیری که دوره را به پایان رسانده؛ گواهی با شماره بعدی دوره صادر می‌شود")),
    ]  # fmt: skip
    ignored_headers = (
        "نام فراگیر",
        "عنوان دوره",
        "شهرستان",
        "وضعیت",
        "شماره گواهی",
        "تاریخ انصراف",
    )

    def prepare(self, *, actor, rows):
        courses = courses_by_reference(
            actor=actor, texts={row["course"] for row in rows if row.get("course")}, perm=ENROL
        )
        persons = persons_by_national_code(
            actor=actor, codes={row["national_code"] for row in rows}, perm=ENROL
        )
        existing = {
            (enrolment.course_id, enrolment.person_id): enrolment
            for enrolment in Enrolment.objects.filter(
                course__in=list(courses.values()), person__in=list(persons.values())
            )
        }
        seats = {course.pk: course.capacity - course.enrolled_count for course in courses.values()}
        return EnrolmentContext(courses=courses, persons=persons, existing=existing, seats=seats)

    def validate_row(self, row, *, context: EnrolmentContext):
        errors: dict[str, str] = {}
        course = context.courses.get(to_latin_digits(row["course"]).strip())
        if course is None:
            errors["course"] = _("دوره‌ای با شناسه «%(key)s» در حوزه شما پیدا نشد.") % {
                "key": row["course"]
            }
        person = context.persons.get(row["national_code"])
        if person is None:
            errors["national_code"] = _("فردی با این کد ملی در حوزه شما ثبت نشده است.")
        if errors:
            raise ValidationError(errors)
        assert course is not None and person is not None
        hours = row.get("hours_attended")
        if hours is not None and hours > course.hours:
            raise ValidationError({"hours_attended": _("ساعت حضور از ساعت آموزش دوره بیشتر است.")})
        earlier = context.existing.get((course.pk, person.pk))
        if earlier is None:
            if context.seats.get(course.pk, 0) <= 0:
                raise ValidationError({"national_code": _("ظرفیت دوره تکمیل است.")})
            context.seats[course.pk] -= 1
        elif earlier.status == EnrolmentStatus.WITHDRAWN:
            raise ValidationError({"national_code": _("این فرد از همین دوره انصراف داده است.")})
        return {**row, "_course": course, "_person": person, "_earlier": earlier}

    def external_key(self, row):
        return f"{to_latin_digits(row['course']).strip()}|{row['national_code']}"

    def key_column(self, row):
        return "national_code"

    def commit(self, rows, *, actor, context: EnrolmentContext) -> ImportOutcome:
        created = updated = unchanged = 0
        for row in rows:
            enrolment = row["_earlier"]
            with refused_as_row_error(row):
                if enrolment is None:
                    enrolment = services.enrolment_create(
                        actor=actor,
                        course=row["_course"],
                        person=row["_person"],
                        on=row.get("enrolled_on"),
                    )
                    created += 1
                    changed = True
                else:
                    changed = False
                hours = row.get("hours_attended")
                if (
                    enrolment.status == EnrolmentStatus.ENROLLED
                    and row.get("completed_on") is not None
                ):
                    services.enrolment_complete(
                        actor=actor,
                        enrolment=enrolment,
                        on=row["completed_on"],
                        hours_attended=hours,
                    )
                    changed = True
                elif (
                    enrolment.status == EnrolmentStatus.ENROLLED
                    and hours is not None
                    and hours != enrolment.hours_attended
                ):
                    services.enrolment_attend(
                        actor=actor, enrolment=enrolment, hours_attended=hours
                    )
                    changed = True
            if row["_earlier"] is not None:
                updated += changed
                unchanged += not changed
        return ImportOutcome(created=created, updated=updated, unchanged=unchanged)


# Licences ---------------------------------------------------------------------------------


@dataclass
class LicenceContext:
    persons: dict[str, Any]
    agencies: dict[str, Any]
    courses: dict[str, Course]
    existing: dict[tuple[int, str], Licence]


class LicenceImport(ImportKind):
    name = "training_licences"
    label = gettext_lazy("مجوزهای صادرشده")
    perm = RECORD_LICENCES
    columns = [
        Column("national_code", gettext_lazy("کد ملی"), aliases=("national code", "کد ملی دارنده"), parse=parsers.national_code, example="0012345679"),
        Column("kind", gettext_lazy("نوع مجوز"), aliases=("kind", "نوع"), parse=parsers.choice(_words(LicenceKind)), example=str(LicenceKind.HOME_BUSINESS.label), choices=tuple(str(label) for label in LicenceKind.labels)),
        Column("agency", gettext_lazy("دستگاه صادرکننده"), aliases=("agency", "دستگاه"), parse=parsers.text(200), example="سازمان صنعت، معدن و تجارت استان اردبیل"),
        Column("number", gettext_lazy("شماره مجوز"), aliases=("number", "شماره"), parse=parsers.code(50), example="24-1400-5531"),
        Column("issued_on", gettext_lazy("تاریخ صدور"), aliases=("issued on",), parse=parsers.jalali_date(not_future=True), example="1400/07/12"),
        Column("expires_on", gettext_lazy("تاریخ اعتبار تا"), aliases=("expires on", "اعتبار تا"), required=False, parse=parsers.jalali_date(), example="1405/07/12"),
        Column("course", gettext_lazy("دوره"), aliases=("course", "شناسه دوره"), required=False, parse=parsers.code(64), example=""),
        Column("loan_number", gettext_lazy("شماره طرح اشتغال"), aliases=("loan number", "شماره طرح"), required=False, parse=parsers.code(20), example=""),
        Column("activity", gettext_lazy("فعالیت"), aliases=("activity",), required=False, parse=parsers.text(200), example="تولید لبنیات محلی"),
        Column("source_id", gettext_lazy("شناسه منبع"), aliases=("source id",), required=False, parse=parsers.code(64), example=""),
    ]  # fmt: skip
    ignored_headers = ("دارنده مجوز", "شهرستان")

    def prepare(self, *, actor, rows):
        persons = persons_by_national_code(
            actor=actor, codes={row["national_code"] for row in rows}, perm=RECORD_LICENCES
        )
        agencies = _agencies(actor, LICENCE_AGENCIES)
        courses = courses_by_reference(
            actor=actor, texts={row["course"] for row in rows if row.get("course")}, perm=self.perm
        )
        numbers = {services.normalize_licence_number(row["number"]) for row in rows}
        existing = {
            (licence.agency_id, licence.number): licence
            for licence in Licence.objects.filter(number__in=numbers)
        }
        return LicenceContext(
            persons=persons, agencies=agencies, courses=courses, existing=existing
        )

    def validate_row(self, row, *, context: LicenceContext):
        errors: dict[str, str] = {}
        person = context.persons.get(row["national_code"])
        if person is None:
            errors["national_code"] = _("فردی با این کد ملی در حوزه شما ثبت نشده است.")
        agency = None
        try:
            agency = _agency(context.agencies, row["agency"])
        except ValidationError as error:
            errors.update({key: " ".join(value) for key, value in error.message_dict.items()})
        course = None
        if row.get("course"):
            course = context.courses.get(to_latin_digits(row["course"]).strip())
            if course is None:
                errors["course"] = _("دوره‌ای با این شناسه در حوزه شما پیدا نشد.")
        expires = row.get("expires_on")
        if expires is not None and expires <= row["issued_on"]:
            errors["expires_on"] = _("تاریخ اعتبار مجوز باید پس از تاریخ صدور باشد.")
        if errors:
            raise ValidationError(errors)
        assert agency is not None and person is not None
        number = services.normalize_licence_number(row["number"])
        earlier = context.existing.get((agency.pk, number))
        if earlier is not None and earlier.person_id != person.pk:
            raise ValidationError(
                {"number": _("این شماره مجوز پیش‌تر برای همین دستگاه به نام فرد دیگری ثبت شده است.")}
            )
        return {**row, "_person": person, "_agency": agency, "_course": course, "_earlier": earlier}

    def external_key(self, row):
        return f"{search_key(row['agency'])}|{services.normalize_licence_number(row['number'])}"

    def key_column(self, row):
        return "number"

    def commit(self, rows, *, actor, context: LicenceContext) -> ImportOutcome:
        created = unchanged = 0
        for row in rows:
            if row["_earlier"] is not None:
                unchanged += 1
                continue
            with refused_as_row_error(row):
                services.licence_record(
                    actor=actor,
                    person=row["_person"],
                    kind=row["kind"],
                    agency=row["_agency"],
                    number=row["number"],
                    issued_on=row["issued_on"],
                    expires_on=row.get("expires_on"),
                    course=row["_course"],
                    loan_number=row.get("loan_number") or "",
                    activity=row.get("activity") or "",
                    source_id=row.get("source_id"),
                )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


register_import(CourseImport())
register_import(EnrolmentImport())
register_import(LicenceImport())
