"""What the training API reads and writes (``abadi.training.api``): Jalali dates,
Statistical Centre codes for places, ids for agencies and courses."""

from __future__ import annotations

from ninja import Field, Schema

from abadi.core.api_kit import Id, In, JalaliDate, JalaliDateOut
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


class CourseOut(Schema):
    id: int
    title: str
    field: CourseField
    field_label: str
    agency_id: int
    agency_name: str
    area: str = Field(description="code of the responsible county")
    place: str = Field(description="code of the place it is held in")
    place_name: str
    venue: str
    starts_on: JalaliDateOut
    ends_on: JalaliDateOut
    hours: int
    capacity: int
    enrolled_count: int
    seats_left: int
    certificates_issued: int
    note: str
    source_id: str | None

    @staticmethod
    def resolve_field_label(course: Course) -> str:
        return str(course.get_field_display())

    @staticmethod
    def resolve_agency_name(course: Course) -> str:
        return course.agency.name

    @staticmethod
    def resolve_area(course: Course) -> str:
        return course.area.code

    @staticmethod
    def resolve_place(course: Course) -> str:
        return course.place.code

    @staticmethod
    def resolve_place_name(course: Course) -> str:
        return course.place.name

    @staticmethod
    def resolve_certificates_issued(course: Course) -> int:
        return course.last_certificate


class CourseIn(In):
    title: str = Field(min_length=1, max_length=200)
    field: CourseField
    agency_id: int = Field(description="id of the partner agency (see /organisations)")
    place: str = Field(max_length=200, description="code or name of the county, city or village")
    venue: str = Field("", max_length=200)
    starts_on: JalaliDate
    ends_on: JalaliDate
    hours: int = Field(ge=1, le=MAX_HOURS)
    capacity: int = Field(ge=1, le=MAX_CAPACITY)
    note: str = Field("", max_length=2000)
    source_id: str | None = Field(None, max_length=64)


class CoursePatch(In):
    title: str | None = Field(None, min_length=1, max_length=200)
    field: CourseField | None = None
    agency_id: Id | None = None
    venue: str | None = Field(None, max_length=200)
    starts_on: JalaliDate | None = None
    ends_on: JalaliDate | None = None
    hours: int | None = Field(None, ge=1, le=MAX_HOURS)
    capacity: int | None = Field(None, ge=1, le=MAX_CAPACITY)
    note: str | None = Field(None, max_length=2000)


class CourseFilters(Schema):
    q: str = Field("", max_length=100, description="title or place name")
    field: CourseField | None = None
    agency: Id | None = None
    county: str = Field("", max_length=20, description="county code")
    year: int | None = Field(None, ge=1300, le=1500, description="Jalali year the course began")
    starting_within: int | None = Field(None, ge=0, le=3650, description="first day within N days")


class EnrolmentOut(Schema):
    id: int
    course_id: int
    course_title: str
    person_id: int
    person_name: str
    national_code: str | None
    status: EnrolmentStatus
    status_label: str
    enrolled_on: JalaliDateOut
    hours_attended: int
    completed_on: JalaliDateOut | None
    withdrawn_on: JalaliDateOut | None
    certificate_no: str | None
    certificate_url: str | None = Field(description="the printable certificate (PDF)")
    note: str

    @staticmethod
    def resolve_course_title(enrolment: Enrolment) -> str:
        return enrolment.course.title

    @staticmethod
    def resolve_person_name(enrolment: Enrolment) -> str:
        return enrolment.person.full_name

    @staticmethod
    def resolve_national_code(enrolment: Enrolment) -> str | None:
        return enrolment.person.national_code

    @staticmethod
    def resolve_status_label(enrolment: Enrolment) -> str:
        return str(enrolment.get_status_display())

    @staticmethod
    def resolve_certificate_url(enrolment: Enrolment) -> str | None:
        if not enrolment.certificate_no:
            return None
        from django.urls import reverse

        return reverse("api:training_certificate", args=[enrolment.pk])


class EnrolmentDetailOut(EnrolmentOut):
    next_actions: list[str] = Field(description="steps the caller may take now")


class EnrolmentFilters(Schema):
    course: Id | None = None
    status: EnrolmentStatus | None = None
    q: str = Field("", max_length=100, description="name, national code or certificate number")
    year: int | None = Field(
        None, ge=1300, le=1500, description="Jalali year enrolled or completed"
    )


class EnrolIn(In):
    national_code: str = Field(description="the trainee's national code (registered in people)")
    on: JalaliDate | None = Field(None, description="the day they enrolled; default today")
    note: str = Field("", max_length=300)


class AttendanceIn(In):
    hours_attended: int = Field(ge=0, le=MAX_HOURS, description="hours attended so far")
    on: JalaliDate | None = None


class CompleteIn(In):
    on: JalaliDate | None = Field(None, description="the day they completed; default today")
    hours_attended: int | None = Field(None, ge=0, le=MAX_HOURS)


class WithdrawIn(In):
    reason: str = Field(min_length=1, max_length=300)
    on: JalaliDate | None = None


class LicenceOut(Schema):
    id: int
    kind: LicenceKind
    kind_label: str
    agency_id: int
    agency_name: str
    number: str
    issued_on: JalaliDateOut
    expires_on: JalaliDateOut | None
    person_id: int
    person_name: str
    national_code: str | None
    area: str = Field(description="code of the responsible county")
    course_id: int | None
    loan_number: str = Field(description="number of the loan plan that needed it, or empty")
    activity: str
    note: str
    source_id: str | None

    @staticmethod
    def resolve_kind_label(licence: Licence) -> str:
        return str(licence.get_kind_display())

    @staticmethod
    def resolve_agency_name(licence: Licence) -> str:
        return licence.agency.name

    @staticmethod
    def resolve_person_name(licence: Licence) -> str:
        return licence.person.full_name

    @staticmethod
    def resolve_national_code(licence: Licence) -> str | None:
        return licence.person.national_code

    @staticmethod
    def resolve_area(licence: Licence) -> str:
        return licence.area.code


class LicenceIn(In):
    national_code: str = Field(description="the holder's national code (registered in people)")
    kind: LicenceKind
    agency_id: int = Field(description="id of the issuing agency")
    number: str = Field(min_length=1, max_length=50, description="unique for the agency")
    issued_on: JalaliDate
    expires_on: JalaliDate | None = Field(None, description="after issued_on")
    course_id: int | None = Field(None, description="a course the holder enrolled in")
    loan_number: str = Field("", max_length=20, description="the holder's loan plan number")
    activity: str = Field("", max_length=200)
    note: str = Field("", max_length=300)
    source_id: str | None = Field(None, max_length=64)


class LicencePatch(In):
    kind: LicenceKind | None = None
    number: str | None = Field(None, min_length=1, max_length=50)
    issued_on: JalaliDate | None = None
    expires_on: JalaliDate | None = None
    course_id: int | None = Field(None, description="null clears the course")
    loan_number: str | None = Field(None, max_length=20, description="empty clears the plan")
    activity: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=300)


class LicenceFilters(Schema):
    q: str = Field("", max_length=100, description="number, holder's name or national code")
    kind: LicenceKind | None = None
    agency: Id | None = None
    county: str = Field("", max_length=20, description="county code")
    year: int | None = Field(None, ge=1300, le=1500, description="Jalali year of issue")
    expiring_within: int | None = Field(None, ge=0, le=3650, description="days from today")


class EnrolmentWorkflowStepOut(Schema):
    action: str
    label: str
    from_statuses: list[EnrolmentStatus]
    to_status: EnrolmentStatus | None
    dated_by: str

    @staticmethod
    def resolve_label(step) -> str:
        return str(step.label)

    @staticmethod
    def resolve_from_statuses(step) -> list[str]:
        return list(step.sources)

    @staticmethod
    def resolve_to_status(step) -> str | None:
        return step.target
