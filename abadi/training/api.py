"""Training over HTTP, under ``/api/v1/training/…``: courses, their enrolments and every
step of an enrolment (one endpoint per step of ``abadi.training.workflow``), the
printable certificate, and licences.

Dates travel as Jalali strings ("1401/02/18"), places as Statistical Centre codes (or
names), agencies by id, people by national code. A record outside the caller's areas
answers 404 like one that does not exist; a refused input answers 422 with the Persian
reason, field by field.
"""

from django.http import Http404, HttpResponse
from ninja import Query, Status

from abadi.core.api_access import api_requires
from abadi.core.api_kit import ApiRouter, Id, Limit, Offset, page_of, paged
from abadi.core.workflow import Step
from abadi.geography.selectors import area_from_input
from abadi.training import schemas, selectors, services
from abadi.training.forms import COURSE_PLACE_LEVELS
from abadi.training.models import Course, Enrolment, Licence
from abadi.training.permissions import ENROL, MANAGE_COURSES, RECORD_LICENCES, VIEW_TRAINING
from abadi.training.workflow import WORKFLOW

router = ApiRouter(tags=["training"])


# Courses ----------------------------------------------------------------------------------


@router.get("/training/courses", response=page_of(schemas.CourseOut))
@api_requires(VIEW_TRAINING)
def list_courses(
    request, filters: Query[schemas.CourseFilters], limit: Limit = 50, offset: Offset = 0
):
    courses = selectors.course_list(
        actor=request.auth,
        query=filters.q,
        field=filters.field or "",
        agency=filters.agency,
        county=filters.county,
        year=filters.year,
        starting_within=filters.starting_within,
    ).order_by("-starts_on", "-id")
    return paged(courses, limit=limit, offset=offset)


@router.get("/training/courses/{pk}", response=schemas.CourseOut)
@api_requires(VIEW_TRAINING, record=Course)
def get_course(request, pk: Id):
    return selectors.course_get(actor=request.auth, pk=pk)


@router.post("/training/courses", response={201: schemas.CourseOut})
@api_requires(MANAGE_COURSES)
def create_course(request, payload: schemas.CourseIn):
    """A course with a partner agency in a county, district, city or village; it belongs to
    the county of its place."""
    data = payload.values()
    data["place"] = area_from_input(
        actor=request.auth,
        perm=MANAGE_COURSES,
        text=data["place"],
        levels=COURSE_PLACE_LEVELS,
        field="place",
    )
    data["agency"] = selectors.agency_by_id(actor=request.auth, pk=data.pop("agency_id"))
    course = services.course_create(actor=request.auth, **data)
    return Status(201, selectors.course_get(actor=request.auth, pk=course.pk))


@router.patch("/training/courses/{pk}", response=schemas.CourseOut)
@api_requires(MANAGE_COURSES, record=Course)
def update_course(request, pk: Id, payload: schemas.CoursePatch):
    course = selectors.course_get(actor=request.auth, pk=pk)
    data = payload.values(exclude_unset=True)
    if "agency_id" in data:
        data["agency"] = selectors.agency_by_id(actor=request.auth, pk=data.pop("agency_id"))
    services.course_update(actor=request.auth, course=course, **data)
    return selectors.course_get(actor=request.auth, pk=pk)


@router.get("/training/courses/{pk}/enrolments", response=page_of(schemas.EnrolmentOut))
@api_requires(VIEW_TRAINING, record=Course)
def list_course_enrolments(request, pk: Id, limit: Limit = 50, offset: Offset = 0):
    course = selectors.course_get(actor=request.auth, pk=pk)
    return paged(selectors.course_enrolments(course=course), limit=limit, offset=offset)


@router.post("/training/courses/{pk}/enrolments", response={201: schemas.EnrolmentDetailOut})
@api_requires(ENROL, record=Course)
def enrol(request, pk: Id, payload: schemas.EnrolIn):
    """Enrol a person of the registry; refused (422) when the course is full or the person
    is already enrolled in it."""
    course = selectors.course_get(actor=request.auth, pk=pk)
    person = selectors.person_by_code(
        actor=request.auth, national_code=payload.national_code, perm=ENROL
    )
    enrolment = services.enrolment_create(
        actor=request.auth, course=course, person=person, on=payload.on, note=payload.note
    )
    return Status(201, _detail(request, enrolment.pk))


# Enrolments -------------------------------------------------------------------------------


def _detail(request, pk: Id) -> Enrolment:
    enrolment = selectors.enrolment_get(actor=request.auth, pk=pk)
    enrolment.next_actions = [  # type: ignore[attr-defined]
        step.action for step in WORKFLOW.available(actor=request.auth, record=enrolment)
    ]
    return enrolment


@router.get("/training/workflow", response=list[schemas.EnrolmentWorkflowStepOut])
@api_requires(VIEW_TRAINING)
def workflow(request):
    """The steps of an enrolment; each offered step has its own
    ``POST /training/enrolments/{pk}/{action}``."""
    return WORKFLOW.steps


@router.get("/training/enrolments", response=page_of(schemas.EnrolmentOut))
@api_requires(VIEW_TRAINING)
def list_enrolments(
    request, filters: Query[schemas.EnrolmentFilters], limit: Limit = 50, offset: Offset = 0
):
    enrolments = selectors.enrolment_list(
        actor=request.auth,
        course=filters.course,
        status=filters.status or "",
        query=filters.q,
        year=filters.year,
    ).order_by("-id")
    return paged(enrolments, limit=limit, offset=offset)


@router.get("/training/enrolments/{pk}", response=schemas.EnrolmentDetailOut)
@api_requires(VIEW_TRAINING, record=Enrolment)
def get_enrolment(request, pk: Id):
    return _detail(request, pk)


def _step_endpoint(step: Step):
    schema = step.schema_class

    def take_step(request, pk: Id, payload: schema):  # type: ignore[valid-type]
        enrolment = selectors.enrolment_get(actor=request.auth, pk=pk)
        step.service_function(actor=request.auth, enrolment=enrolment, **payload.values())  # type: ignore[attr-defined]
        return _detail(request, pk)

    take_step.__name__ = f"{step.action}_enrolment"
    take_step.__doc__ = (
        f"The step «{step.label}» (from: {', '.join(step.sources)}); its date field is "
        f"``{step.dated_by}``. Refused with 422 from another status and for a date in the "
        "future or before the enrolment."
    )
    return take_step


# The step's own permission is checked by its service, in the course's county (403).
for _step in WORKFLOW.steps:
    if _step.schema:
        router.post(
            f"/training/enrolments/{{pk}}/{_step.action}",
            response=schemas.EnrolmentDetailOut,
            operation_id=f"training_{_step.action}_enrolment",
        )(api_requires(VIEW_TRAINING, record=Enrolment)(_step_endpoint(_step)))


@router.get(
    "/training/enrolments/{pk}/certificate.pdf",
    response={200: None},
    url_name="training_certificate",
)
@api_requires(VIEW_TRAINING, record=Enrolment)
def certificate(request, pk: Id):
    """The printable certificate (PDF) of a completed enrolment."""
    from abadi.training.certificates import certificate_pdf

    enrolment = selectors.enrolment_get(actor=request.auth, pk=pk)
    if not enrolment.certificate_no:
        raise Http404
    response = HttpResponse(certificate_pdf(enrolment), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="certificate-{enrolment.certificate_no}.pdf"'
    )
    return response


# Licences ---------------------------------------------------------------------------------


@router.get("/training/licences", response=page_of(schemas.LicenceOut))
@api_requires(VIEW_TRAINING)
def list_licences(
    request, filters: Query[schemas.LicenceFilters], limit: Limit = 50, offset: Offset = 0
):
    licences = selectors.licence_list(
        actor=request.auth,
        query=filters.q,
        kind=filters.kind or "",
        agency=filters.agency,
        county=filters.county,
        year=filters.year,
        expiring_within=filters.expiring_within,
    ).order_by("-issued_on", "-id")
    return paged(licences, limit=limit, offset=offset)


@router.get("/training/licences/{pk}", response=schemas.LicenceOut)
@api_requires(VIEW_TRAINING, record=Licence)
def get_licence(request, pk: Id):
    return selectors.licence_get(actor=request.auth, pk=pk)


def _course(request, pk: int | None):
    if pk is None:
        return None
    return selectors.course_by_reference(
        actor=request.auth, text=str(pk), perm=VIEW_TRAINING, field="course_id"
    )


@router.post("/training/licences", response={201: schemas.LicenceOut})
@api_requires(RECORD_LICENCES)
def create_licence(request, payload: schemas.LicenceIn):
    """A licence an agency issued to a person of the registry; refused (422) for a number
    the same agency already issued, an expiry not after the issue, a course the person
    did not enrol in, or a loan plan that is not theirs."""
    data = payload.values()
    data["person"] = selectors.person_by_code(
        actor=request.auth, national_code=data.pop("national_code"), perm=RECORD_LICENCES
    )
    data["agency"] = selectors.agency_by_id(actor=request.auth, pk=data.pop("agency_id"))
    data["course"] = _course(request, data.pop("course_id"))
    licence = services.licence_record(actor=request.auth, **data)
    return Status(201, selectors.licence_get(actor=request.auth, pk=licence.pk))


@router.patch("/training/licences/{pk}", response=schemas.LicenceOut)
@api_requires(RECORD_LICENCES, record=Licence)
def update_licence(request, pk: Id, payload: schemas.LicencePatch):
    licence = selectors.licence_get(actor=request.auth, pk=pk)
    data = payload.values(exclude_unset=True)
    if "course_id" in data:
        data["course"] = _course(request, data.pop("course_id"))
    services.licence_update(actor=request.auth, licence=licence, **data)
    return selectors.licence_get(actor=request.auth, pk=pk)
