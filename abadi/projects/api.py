"""Projects over HTTP, under ``/api/v1/projects/…``: projects (with their places, shares and
timeline), every step of their stages (one endpoint per step of
``abadi.projects.workflow``), progress reports and their photos, beneficiary households,
the map's counts and the year's plan.

Dates travel as Jalali strings ("1401/02/18"), money as integer rials, places and offices
as Statistical Centre codes (or names), capacity in whole units (watts, metres). A project
outside the caller's areas answers 404 like one that does not exist; a refused step
answers 422 with the Persian reason; a step the caller's role may not take answers 403.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Query, Status, UploadedFile

from abadi.core.api_access import api_requires
from abadi.core.api_kit import ApiRouter, Id, Limit, Offset, Year, page_of, paged
from abadi.core.files import file_response
from abadi.core.workflow import Step
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import area_from_input
from abadi.projects import schemas, selectors, services
from abadi.projects.models import ProgressPhoto, ProgressReport, Project
from abadi.projects.permissions import (
    MANAGE_PLANS,
    REGISTER_PROJECTS,
    REPORT_PROGRESS,
    VIEW_PROJECTS,
)
from abadi.projects.workflow import WORKFLOW

router = ApiRouter(tags=["projects"])


def _get(request, pk: Id) -> Project:
    return selectors.project_get(actor=request.auth, pk=pk)


def _detail(request, project: Project) -> Project:
    project = selectors.project_get(actor=request.auth, pk=project.pk)
    project.places_codes = [area.code for area in selectors.project_places(project=project)]  # type: ignore[attr-defined]
    project.fundings_list = list(selectors.project_fundings(project=project))  # type: ignore[attr-defined]
    project.timeline_list = list(selectors.project_timeline(project=project))  # type: ignore[attr-defined]
    project.next_actions = [  # type: ignore[attr-defined]
        step.action for step in WORKFLOW.available(actor=request.auth, record=project)
    ]
    project.beneficiary_total = project.beneficiaries.count()  # type: ignore[attr-defined]
    return project


def _shares(actor, fundings: list[schemas.FundingIn]) -> list[services.FundingShare]:
    shares = []
    for index, share in enumerate(fundings):
        organisation = None
        if share.organisation_id is not None:
            organisation = selectors.organisation_for(
                actor=actor, pk=share.organisation_id, field=f"fundings.{index}.organisation_id"
            )
        shares.append(
            services.FundingShare(
                kind=share.kind,
                amount=share.amount,
                organisation=organisation,
                donor_name=share.donor_name,
            )
        )
    return shares


@router.get("/projects/types", response=list[schemas.TypeOut])
@api_requires(VIEW_PROJECTS)
def project_types(request):
    """The types of project and the capacity fields each must (``required``) or may
    (``optional``) have."""
    return schemas.project_types()


@router.get("/projects/workflow", response=list[schemas.ProjectWorkflowStepOut])
@api_requires(VIEW_PROJECTS)
def workflow(request):
    """The steps of a project's stages: from which stages, to which, dated by which field.
    Each offered step has its own ``POST /projects/{pk}/{action}``."""
    return WORKFLOW.steps


@router.get("/projects", response=page_of(schemas.ProjectOut))
@api_requires(VIEW_PROJECTS)
def list_projects(
    request, filters: Query[schemas.ProjectFilters], limit: Limit = 50, offset: Offset = 0
):
    """Projects of the caller's areas, newest first; ``county`` and ``province`` filter by
    where the place lies."""
    projects = selectors.project_list(
        actor=request.auth,
        project_type=filters.project_type or "",
        stage=filters.stage or "",
        county=filters.county,
        province=filters.province,
        executor_kind=filters.executor_kind or "",
        executor=filters.executor,
        query=filters.q,
    ).order_by("-id")
    return paged(projects, limit=limit, offset=offset)


@router.get("/projects/map", response=schemas.MapOut)
@api_requires(VIEW_PROJECTS)
def project_map(
    request,
    filters: Query[schemas.ProjectFilters],
    area: str = Query("", max_length=20, description="province code, or IR; default: yours"),
):
    """Projects counted by the county (of a province) or province (of the country) their
    place lies in."""
    where = selectors.map_area(actor=request.auth, code=area)
    projects = selectors.project_list(
        actor=request.auth,
        project_type=filters.project_type or "",
        stage=filters.stage or "",
        county=filters.county,
        province=filters.province,
        executor_kind=filters.executor_kind or "",
        executor=filters.executor,
        query=filters.q,
    )
    data = selectors.project_map(actor=request.auth, area=where, projects=projects)
    names = {f["properties"]["code"]: f["properties"]["label"] for f in data.geojson["features"]}
    return {
        "area": where.code,
        "level": data.level,
        "rows": [
            {"code": code, "name": names[code], "projects": data.counts.get(code, 0)}
            for code in sorted(names)
        ],
        "outside": data.outside,
    }


# The plan --------------------------------------------------------------------------------------


@router.get("/projects/plans", response=page_of(schemas.PlanOut))
@api_requires(VIEW_PROJECTS)
def list_plans(request, year: Year | None = None, limit: Limit = 50, offset: Offset = 0):
    return paged(selectors.plan_list(actor=request.auth, year=year), limit=limit, offset=offset)


@router.put("/projects/plans", response=schemas.PlanOut)
@api_requires(MANAGE_PLANS)
def set_plan(request, payload: schemas.PlanIn):
    """Set one office's plan of one type for a year (replacing what was there)."""
    data = payload.values()
    area = area_from_input(
        actor=request.auth,
        perm=MANAGE_PLANS,
        text=data.pop("area"),
        levels=(AreaLevel.PROVINCE, AreaLevel.COUNTY),
    )
    return services.plan_set(actor=request.auth, area=area, **data)


# Projects ------------------------------------------------------------------------------------


@router.get("/projects/{pk}", response=schemas.ProjectDetailOut)
@api_requires(VIEW_PROJECTS, record=Project)
def get_project(request, pk: Id):
    return _detail(request, _get(request, pk))


@router.post("/projects", response={201: schemas.ProjectDetailOut})
@api_requires(REGISTER_PROJECTS)
def create_project(request, payload: schemas.ProjectIn):
    """Register a project: its places anywhere in Iran, the responsible office (default:
    the county of the place, if the caller works there), capacity, executor, and a budget
    whose shares add up to it exactly. ``on``: the day it entered the plan."""
    actor = request.auth
    places = selectors.places_from_input(texts=payload.places, field="places")
    area = (
        selectors.responsible_area_from_input(actor=actor, text=payload.area)
        if payload.area
        else None
    )
    executor = payload.executor
    organisation = None
    if executor.kind != "group":
        organisation = selectors.organisation_for(
            actor=actor,
            pk=executor.organisation_id,
            field="executor.organisation_id",
            kind=executor.kind,
        )
    project = services.project_register(
        actor=actor,
        title=payload.title,
        project_type=payload.project_type,
        places=places,
        area=area,
        budget=payload.budget,
        fundings=_shares(actor, payload.fundings),
        executor=services.Executor(
            kind=executor.kind,
            organisation=organisation,
            group_atlas_id=executor.group_atlas_id,
            group_name=executor.group_name,
        ),
        capacity=payload.capacity.values() if payload.capacity else {},
        description=payload.description,
        source_id=payload.source_id,
        on=payload.on,
    )
    return Status(201, _detail(request, project))


@router.patch("/projects/{pk}", response=schemas.ProjectDetailOut)
@api_requires(REGISTER_PROJECTS, record=Project)
def update_project(request, pk: Id, payload: schemas.ProjectPatch):
    """Correct the title, description or capacity of a project not yet finished."""
    project = services.project_update(
        actor=request.auth, project=_get(request, pk), **payload.values(exclude_unset=True)
    )
    return _detail(request, project)


@router.put("/projects/{pk}/funding", response=schemas.ProjectDetailOut)
@api_requires(REGISTER_PROJECTS, record=Project)
def set_funding(request, pk: Id, payload: schemas.FundingSetIn):
    """Replace the budget and its shares; refused unless the shares add up to it exactly."""
    project = services.project_funding_set(
        actor=request.auth,
        project=_get(request, pk),
        budget=payload.budget,
        fundings=_shares(request.auth, payload.fundings),
    )
    return _detail(request, project)


def _step_endpoint(step: Step):
    schema = step.schema_class

    def take_step(request, pk: Id, payload: schema):  # type: ignore[valid-type]
        step.service_function(actor=request.auth, project=_get(request, pk), **payload.values())  # type: ignore[attr-defined]
        return _detail(request, _get(request, pk))

    take_step.__name__ = f"{step.action}_project"
    take_step.__doc__ = (
        f"The step «{step.label}» (from: {', '.join(step.sources)}); its date field is "
        f"``{step.dated_by}``. Refused with 422 from another stage and for a date in the "
        "future or before the step it follows."
    )
    return take_step


# The step's own permission is checked by its service, in the project's office (403).
for _step in WORKFLOW.steps:
    if _step.schema and _step.action != "report":
        router.post(
            f"/projects/{{pk}}/{_step.action}",
            response=schemas.ProjectDetailOut,
            operation_id=f"projects_{_step.action}",
        )(api_requires(VIEW_PROJECTS, record=Project)(_step_endpoint(_step)))


# Progress reports and photos -----------------------------------------------------------------


@router.get("/projects/{pk}/reports", response=page_of(schemas.ReportOut))
@api_requires(VIEW_PROJECTS, record=Project)
def list_reports(request, pk: Id, limit: Limit = 50, offset: Offset = 0):
    """The project's progress reports, newest first, with their photos."""
    return paged(selectors.project_reports(project=_get(request, pk)), limit=limit, offset=offset)


@router.post("/projects/{pk}/reports", response={201: schemas.ReportOut})
@api_requires(REPORT_PROGRESS, record=Project)
def add_report(request, pk: Id, payload: schemas.ProgressIn):
    """A progress report (date not in the future nor before the groundbreaking); photos
    follow with ``POST /projects/reports/{id}/photos``."""
    report = services.progress_report_add(
        actor=request.auth, project=_get(request, pk), **payload.values()
    )
    return Status(201, selectors.progress_report_get(actor=request.auth, pk=report.pk))


@router.post("/projects/reports/{pk}/photos", response={201: schemas.ReportOut})
@api_requires(REPORT_PROGRESS, record=ProgressReport)
def add_photo(request, pk: Id, file: File[UploadedFile]):
    """Add a photo (JPG or PNG up to 8 MB, decoded and given a thumbnail) to a report."""
    report = selectors.progress_report_get(actor=request.auth, pk=pk)
    services.progress_photo_add(actor=request.auth, report=report, file=file)
    return Status(201, selectors.progress_report_get(actor=request.auth, pk=pk))


@router.get("/projects/photos/{pk}/file", response={200: None}, url_name="projects_photo_file")
@api_requires(VIEW_PROJECTS, record=ProgressPhoto)
def photo_file(request, pk: Id):
    return file_response(selectors.progress_photo_get(actor=request.auth, pk=pk), "file")


@router.get(
    "/projects/photos/{pk}/thumbnail", response={200: None}, url_name="projects_photo_thumbnail"
)
@api_requires(VIEW_PROJECTS, record=ProgressPhoto)
def photo_thumbnail(request, pk: Id):
    photo = selectors.progress_photo_get(actor=request.auth, pk=pk)
    response = file_response(photo, "thumbnail")
    response["Content-Type"] = "image/jpeg"
    return response


# Beneficiaries ---------------------------------------------------------------------------------


@router.get("/projects/{pk}/beneficiaries", response=page_of(schemas.BeneficiaryOut))
@api_requires(VIEW_PROJECTS, record=Project)
def list_beneficiaries(request, pk: Id, limit: Limit = 50, offset: Offset = 0):
    return paged(
        selectors.project_beneficiaries(project=_get(request, pk)), limit=limit, offset=offset
    )


@router.post("/projects/{pk}/beneficiaries", response={201: schemas.BeneficiaryOut})
@api_requires(REGISTER_PROJECTS, record=Project)
def add_beneficiary(request, pk: Id, payload: schemas.BeneficiaryIn):
    """Link a household (by a member's national code, or its id) of the caller's areas;
    on a completed project its benefit is recorded at once."""
    if not payload.national_code and payload.household_id is None:
        raise ValidationError({"national_code": [_("کد ملی یا شناسه خانوار را بفرستید.")]})
    project = _get(request, pk)
    household = selectors.household_for(
        actor=request.auth,
        national_code=payload.national_code or "",
        household_id=payload.household_id,
        field="household_id" if payload.household_id is not None else "national_code",
    )
    row = services.beneficiary_add(actor=request.auth, project=project, household=household)
    return Status(201, selectors.project_beneficiaries(project=project).get(pk=row.pk))
