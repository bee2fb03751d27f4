"""Reads of the projects module. Every selector takes the actor and limits rows to the areas
the actor may see: a project belongs to its responsible office (``area``), wherever its
place is."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.jalali import format_jalali
from abadi.core.permissions import VIEW_AREAS, VIEW_ORGANISATIONS
from abadi.core.persian import search_key, to_latin_digits, to_persian_digits
from abadi.core.records import openable
from abadi.core.scoping import access_object, scope
from abadi.core.validators import normalize_national_code
from abadi.geography.models import RESIDENCE_LEVELS, AreaLevel
from abadi.geography.selectors import (
    AreaInputs,
    area_anywhere_from_input,
    area_children,
    area_from_input,
    area_map,
    areas_anywhere,
    areas_of_level,
)
from abadi.organisations.models import OrganisationKind
from abadi.organisations.selectors import (
    organisation_by_ids,
    organisation_list,
    organisations_worked_with,
)
from abadi.people.selectors import household_get, person_by_national_code
from abadi.projects.models import (
    UNDER_WAY,
    Beneficiary,
    ExecutorKind,
    Funding,
    ProgressPhoto,
    ProgressReport,
    Project,
    ProjectPlace,
    ProjectPlan,
    ProjectType,
    Stage,
    StageChange,
)
from abadi.projects.permissions import REGISTER_PROJECTS, VIEW_PROJECTS

if TYPE_CHECKING:
    from abadi.geography.models import Area

# A project under way with no progress report for this many days is waiting for one.
REPORT_DUE_DAYS = 60


# Stages on a day ---------------------------------------------------------------------------


def stage_changes_on(day: datetime.date, stages: Iterable[str]) -> QuerySet[StageChange]:
    """The steps that held on ``day`` and left the project in one of ``stages``: each
    project has at most one (its last step taken by then), found by a range on the
    step's ``on`` … ``until``."""
    return StageChange.objects.filter(
        Q(until__isnull=True) | Q(until__gt=day), on__lte=day, to_stage__in=list(stages)
    )


def in_stage_on(
    projects: QuerySet[Project], day: datetime.date, stages: Iterable[str]
) -> QuerySet[Project]:
    """The projects of ``projects`` that were in one of ``stages`` on ``day``, read from
    their dated history (never from their current stage)."""
    return projects.filter(pk__in=stage_changes_on(day, stages).values("project_id"))


def stage_on(project: Project, day: datetime.date) -> str | None:
    """The stage ``project`` was in on ``day`` (None before it was registered)."""
    change = (
        project.stage_changes.filter(on__lte=day).order_by("-on", "-at", "-id").only("to_stage")
    ).first()
    return change.to_stage if change else None


# Projects ------------------------------------------------------------------------------------


def project_list(
    *,
    actor,
    project_type: str = "",
    stage: str = "",
    county: str = "",
    province: str = "",
    executor_kind: str = "",
    executor: int | None = None,
    query: str = "",
    awaiting_report: bool = False,
    perm: str = VIEW_PROJECTS,
) -> QuerySet[Project]:
    """The projects the actor may see, filtered: ``county`` and ``province`` are codes of
    the county and province the place lies in; ``executor`` an organisation id; ``query``
    a project number, a title or a volunteer group's name or Atlas ID; ``awaiting_report``:
    only those under way waiting for a progress report."""
    projects = scope(Project.objects.all(), actor=actor, perm=perm)
    if awaiting_report:
        projects = projects.filter(pk__in=projects_awaiting_report(actor=actor).values("pk"))
    if project_type:
        projects = projects.filter(project_type=project_type)
    if stage:
        projects = projects.filter(stage=stage)
    if county:
        projects = projects.filter(place_county__code=county)
    if province:
        projects = projects.filter(place_province__code=province)
    if executor_kind:
        projects = projects.filter(executor_kind=executor_kind)
    if executor:
        projects = projects.filter(executor_organisation_id=executor)
    text = (query or "").strip()
    if text:
        latin = to_latin_digits(text)
        if latin.replace("-", "").isdigit():
            projects = projects.filter(
                Q(number__startswith=latin) | Q(executor_group_atlas_id=latin)
            )
        else:
            projects = projects.filter(
                Q(title__icontains=text)
                | Q(executor_group_name__icontains=text)
                | Q(place__search_key__startswith=search_key(text))
            )
    return projects.select_related(
        "area", "place", "place_county", "place_province", "executor_organisation"
    )


@openable(Project)
def project_get(*, actor, pk: int, perm: str = VIEW_PROJECTS) -> Project:
    """One project the actor may see (under ``perm``), or 404."""
    return access_object(
        Project.objects.select_related(
            "area",
            "place",
            "place_county",
            "place_province",
            "executor_organisation",
            "created_by",
        ),
        actor=actor,
        perm=perm,
        pk=pk,
    )


def project_by_number(*, actor, number: str, perm: str = VIEW_PROJECTS) -> Project | None:
    return (
        scope(Project.objects.select_related("area"), actor=actor, perm=perm)
        .filter(number=to_latin_digits(number or "").strip())
        .first()
    )


def projects_by_number(*, actor, numbers: Iterable[str], perm: str) -> dict[str, Project]:
    """:func:`project_by_number` for a whole file (a few queries)."""
    found: dict[str, Project] = {}
    wanted = sorted({to_latin_digits(number).strip() for number in numbers if number})
    projects = scope(Project.objects.select_related("area"), actor=actor, perm=perm)
    for start in range(0, len(wanted), 500):
        for project in projects.filter(number__in=wanted[start : start + 500]):
            found[project.number or ""] = project
    return found


def stage_counts(projects: QuerySet[Project]) -> dict[str, int]:
    return dict(projects.order_by().values_list("stage").annotate(n=Count("pk")))


def project_timeline(*, project: Project) -> QuerySet[StageChange]:
    """The steps taken, in the order they took effect (then as entered)."""
    return project.stage_changes.select_related("actor").order_by("on", "at", "id")


def project_places(*, project: Project) -> list[Area]:
    return [
        place.area
        for place in ProjectPlace.objects.filter(project=project)
        .select_related("area")
        .order_by("id")
    ]


def project_fundings(*, project: Project) -> QuerySet[Funding]:
    return project.fundings.select_related("organisation").order_by("id")


def project_reports(*, project: Project) -> QuerySet[ProgressReport]:
    """Progress reports, newest first, with their photos and who reported."""
    return project.reports.select_related("reported_by").prefetch_related("photos")


def progress_series(*, project: Project) -> list[dict[str, Any]]:
    """The progress chart's points, oldest first: Jalali date (Persian digits) and percent."""
    rows = project.reports.order_by("date", "id").values_list("date", "percent")
    return [{"date": format_jalali(day), "percent": percent} for day, percent in rows]


def project_photos(*, project: Project) -> QuerySet[ProgressPhoto]:
    return (
        ProgressPhoto.objects.filter(report__project=project)
        .select_related("report")
        .order_by("-report__date", "-id")
    )


def project_beneficiaries(*, project: Project) -> QuerySet[Beneficiary]:
    return project.beneficiaries.select_related("household__head", "household__area").order_by("id")


@openable(ProgressReport)
def progress_report_get(*, actor, pk: int, perm: str = VIEW_PROJECTS) -> ProgressReport:
    return access_object(
        ProgressReport.objects.select_related("project", "project__area", "reported_by"),
        actor=actor,
        perm=perm,
        area_field="project__area",
        pk=pk,
    )


@openable(ProgressPhoto, files=("file", "thumbnail"))
def progress_photo_get(*, actor, pk: int) -> ProgressPhoto:
    return access_object(
        ProgressPhoto.objects.select_related("report__project"),
        actor=actor,
        perm=VIEW_PROJECTS,
        area_field="report__project__area",
        pk=pk,
    )


def report_list(*, actor, project: Project | None = None) -> QuerySet[ProgressReport]:
    """Progress reports of the projects the actor may see, newest first."""
    reports = scope(
        ProgressReport.objects.all(), actor=actor, perm=VIEW_PROJECTS, area_field="project__area"
    )
    if project is not None:
        reports = reports.filter(project=project)
    return reports.select_related("project", "project__place", "reported_by").order_by(
        "-date", "-id"
    )


def projects_awaiting_report(*, actor, days: int = REPORT_DUE_DAYS) -> QuerySet[Project]:
    """Projects under way the actor may report on with no report in the last ``days`` days
    (counting from the groundbreaking for those never reported on)."""
    from abadi.projects.permissions import REPORT_PROGRESS

    cutoff = clock.today() - datetime.timedelta(days=days)
    projects = scope(Project.objects.filter(stage__in=UNDER_WAY), actor=actor, perm=REPORT_PROGRESS)
    broken = StageChange.objects.filter(action="groundbreak", on__lt=cutoff).values("project_id")
    return projects.filter(
        Q(last_report_on__lt=cutoff) | Q(last_report_on__isnull=True, pk__in=broken)
    )


# Places anywhere in Iran -----------------------------------------------------------------------
# The office builds in other provinces too (houses in Lorestan after the floods), so a
# project's place is looked up in the whole country's divisions — reference data of the
# Statistical Centre, not records of another office — while the project itself belongs to
# an office in the actor's areas.


def place_from_input(*, text: str, field: str = "place") -> Area:
    """The one village or city anywhere in Iran that ``text`` names (a code, a name, or
    "name — county"); a Persian ValidationError on ``field`` otherwise."""
    return area_anywhere_from_input(text=text, levels=RESIDENCE_LEVELS, field=field)


def places_from_input(*, texts: Iterable[str], field: str = "places") -> list[Area]:
    """Several places (a water supply's villages), each as :func:`place_from_input`, in the
    order given, without repeats; every unknown one named in one error."""
    found: list[Area] = []
    errors: list[str] = []
    for text in texts:
        if not (text or "").strip():
            continue
        try:
            area = place_from_input(text=text, field=field)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if area not in found:
            found.append(area)
    if errors:
        raise ValidationError({field: errors})
    return found


def place_inputs(*, texts: set[str]) -> AreaInputs:
    """Places of a whole import file at once (anywhere in Iran)."""
    return areas_anywhere(texts=set(texts), levels=RESIDENCE_LEVELS)


def place_hint(*, text: str) -> tuple[Area | None, str, list[Area]]:
    """What a place box names: (the place, the error, the candidates of a shared name)."""
    from abadi.geography.selectors import AreaInputError

    try:
        return place_from_input(text=text), "", []
    except AreaInputError as error:
        return None, error.message_text, error.candidates


def responsible_area_from_input(*, actor, text: str, field: str = "area") -> Area:
    """The office (a province or a county of the actor's areas) responsible for a project."""
    return area_from_input(
        actor=actor,
        perm=REGISTER_PROJECTS,
        text=text,
        levels=(AreaLevel.PROVINCE, AreaLevel.COUNTY),
        field=field,
    )


def provinces() -> QuerySet[Area]:
    """Every province of the country (a filter of the place's province)."""
    return areas_of_level(actor=SYSTEM, perm=VIEW_AREAS, level=AreaLevel.PROVINCE)


# Executors and funders --------------------------------------------------------------------------


def executor_organisations(*, actor, kind: str = "") -> QuerySet[Any]:
    """Organisations that may execute a project or fund it: contractors and agencies the
    actor works with — registered in the actor's areas or in an area above them, the rule
    of ``organisations.selectors.organisation_by_ids`` (agencies are the province's) —
    banks excluded."""
    organisations = organisations_worked_with(
        organisation_list(actor=SYSTEM).exclude(kind=OrganisationKind.AGENT_BANK),
        actor,
        VIEW_ORGANISATIONS,
    )
    if kind == ExecutorKind.CONTRACTOR:
        organisations = organisations.filter(kind=OrganisationKind.CONTRACTOR)
    elif kind == ExecutorKind.AGENCY:
        organisations = organisations.exclude(kind=OrganisationKind.CONTRACTOR)
    return organisations


def organisation_for(*, actor, pk: int | None, field: str, kind: str = "") -> Any:
    """The organisation ``pk`` names among those the actor works with, or a Persian
    ValidationError on ``field``. ``kind``: a contractor must be registered as one."""
    if pk is None:
        raise ValidationError({field: _("دستگاه یا پیمانکار را انتخاب کنید.")})
    organisation = organisation_by_ids(actor=actor, ids=[pk]).get(pk)
    if organisation is None or organisation.kind == OrganisationKind.AGENT_BANK:
        raise ValidationError({field: _("دستگاه یا پیمانکاری با این شناسه پیدا نشد.")})
    if kind == ExecutorKind.CONTRACTOR and organisation.kind != OrganisationKind.CONTRACTOR:
        raise ValidationError(
            {field: _("«%(name)s» به عنوان پیمانکار ثبت نشده است.") % {"name": organisation.name}}
        )
    return organisation


# Beneficiaries ---------------------------------------------------------------------------------


def household_for(*, actor, national_code: str = "", household_id: int | None = None, field: str):
    """The household a beneficiary row names: by the national code of one of its members,
    or by its id, among the households the actor may register projects for."""
    if household_id is not None:
        from django.http import Http404

        try:
            return household_get(actor=actor, pk=household_id, perm=REGISTER_PROJECTS)
        except Http404 as missing:
            raise ValidationError({field: _("خانواری با این شناسه پیدا نشد.")}) from missing
    try:
        code = normalize_national_code(national_code)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    person = person_by_national_code(actor=actor, national_code=code, perm=REGISTER_PROJECTS)
    if person is None or person.household is None:
        raise ValidationError(
            {
                field: _("خانواری با عضوی با کد ملی %(code)s در حوزه شما ثبت نشده است.")
                % {"code": to_persian_digits(code)}
            }
        )
    return person.household


# The map -----------------------------------------------------------------------------------------


@dataclass
class MapData:
    area: Area
    level: str  # what each shape is: county or province
    counts: dict[str, int]
    geojson: dict[str, Any]
    outside: int  # projects whose place lies outside the drawn area


def project_map(*, actor, area: Area, projects: QuerySet[Project]) -> MapData:
    """Projects counted by the county (for a province) or the province (for the country)
    their place lies in — one grouped query — and the shapes to draw them on (the
    country's divisions, reference data)."""
    if area.level == AreaLevel.COUNTRY:
        key, level = "place_province_id", AreaLevel.PROVINCE
    else:
        key, level = "place_county_id", AreaLevel.COUNTY
    # Grouped by the id alone (no join for it); the area's children name the ids.
    children = dict(area_children(actor=SYSTEM, area=area).values_list("pk", "code"))
    counts: dict[str, int] = {}
    outside = 0
    for area_id, n in projects.order_by().values_list(key).annotate(n=Count("pk")):
        if area_id in children:
            counts[children[area_id]] = n
        else:
            outside += n
    shapes = area_map(actor=SYSTEM, area=area)
    for feature in shapes["features"]:
        code = feature["properties"]["code"]
        feature["properties"]["count"] = counts.get(code, 0)
        feature["properties"]["count_fa"] = to_persian_digits(counts.get(code, 0))
    return MapData(area=area, level=level, counts=counts, geojson=shapes, outside=outside)


def map_area(*, actor, code: str) -> Area:
    """The area a map is drawn for: a province or the country, by code (any the actor may
    read); by default the province the actor works in."""
    from abadi.geography.selectors import home_area

    code = to_latin_digits(code or "").strip()
    if code:
        try:
            return area_from_input(
                actor=SYSTEM,
                perm=VIEW_AREAS,
                text=code,
                levels=(AreaLevel.COUNTRY, AreaLevel.PROVINCE),
                field="area",
            )
        except ValidationError:
            pass
    home = home_area(actor=actor, perm=VIEW_PROJECTS)
    if home is None or home.level == AreaLevel.COUNTRY:
        return area_from_input(actor=SYSTEM, perm=VIEW_AREAS, text="IR", field="area")
    province_code = home.code[:2]
    return area_from_input(
        actor=SYSTEM, perm=VIEW_AREAS, text=province_code, levels=(AreaLevel.PROVINCE,)
    )


# The plan -----------------------------------------------------------------------------------------


def plan_list(*, actor, year: int | None = None) -> QuerySet[ProjectPlan]:
    plans = scope(ProjectPlan.objects.all(), actor=actor, perm=VIEW_PROJECTS)
    if year:
        plans = plans.filter(year=year)
    return plans.select_related("area").order_by("-year", "area__code", "project_type")


def planned(
    area: Area, year: int, project_type: str | None = None, *, units: bool = False
) -> int | None:
    """The year's plan of the offices in ``area``'s subtree (each office plans its own
    projects): the projects — or with ``units`` the housing units — planned of
    ``project_type`` (every type if None); None when nothing was planned. One query."""
    plans = ProjectPlan.objects.filter(year=year, area__path__startswith=area.path)
    if project_type is not None:
        plans = plans.filter(project_type=project_type)
    return plans.aggregate(total=Sum("units" if units else "count"))["total"]


def type_label(value: str) -> str:
    return str(ProjectType(value).label) if value in ProjectType.values else value


def stage_label(value: str) -> str:
    return str(Stage(value).label) if value in Stage.values else value


@dataclass(frozen=True)
class StepTaken:
    """A stage step a project took: which project, where it stands, on which day."""

    project_id: int
    title: str
    place: Area
    office: Area
    on: datetime.date


def steps_taken(
    *,
    actor,
    action: str,
    start: datetime.date,
    end: datetime.date,
    project_type: str = "",
) -> list[StepTaken]:
    """The projects of the actor's areas that took ``action`` (``inaugurate``…) between two
    days, with the day — what the events of those days are about."""
    changes = StageChange.objects.filter(action=action, on__range=(start, end))
    projects = scope(Project.objects.all(), actor=actor, perm=VIEW_PROJECTS)
    if project_type:
        projects = projects.filter(project_type=project_type)
    changes = changes.filter(project__in=projects).select_related("project__place", "project__area")
    return [
        StepTaken(
            project_id=change.project_id,
            title=change.project.title,
            place=change.project.place,
            office=change.project.area,
            on=change.on,
        )
        for change in changes.order_by("on", "project_id")
    ]
