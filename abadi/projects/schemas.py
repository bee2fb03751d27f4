"""What the projects API reads and writes (``abadi.projects.api``): Jalali dates, integer
rials, Statistical Centre codes; capacity in whole units (watts, metres, square metres)."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from abadi.core.api_kit import Id, In, JalaliDate, Year, jalali
from abadi.core.workflow import Step
from abadi.projects.models import (
    CAPACITY,
    CAPACITY_MAX,
    ExecutorKind,
    FunderKind,
    Project,
    ProjectType,
    Stage,
)
from abadi.projects.workflow import WORKFLOW


class FundingOut(Schema):
    kind: FunderKind
    organisation_id: int | None
    donor_name: str
    label: str
    amount: int

    @staticmethod
    def resolve_label(share: Any) -> str:
        return share.funder_label


class StageChangeOut(Schema):
    action: str
    label: str
    from_stage: Stage | None
    to_stage: Stage
    on: str = Field(description="Jalali date the step took effect")
    until: str | None = Field(description="Jalali date the next step replaced it; null: current")
    actor: str | None
    at: datetime.datetime = Field(description="when it was entered")
    note: str

    @staticmethod
    def resolve_label(change: Any) -> str:
        return WORKFLOW.label_of(change.action)

    @staticmethod
    def resolve_from_stage(change: Any) -> str | None:
        return change.from_stage or None

    @staticmethod
    def resolve_on(change: Any) -> str | None:
        return jalali(change.on)

    @staticmethod
    def resolve_until(change: Any) -> str | None:
        return jalali(change.until)

    @staticmethod
    def resolve_actor(change: Any) -> str | None:
        return change.actor.username if change.actor_id else None


class ProjectOut(Schema):
    id: int
    number: str | None
    title: str
    project_type: ProjectType
    type_label: str
    stage: Stage
    stage_label: str
    area: str = Field(description="code of the responsible office's area")
    place: str = Field(description="code of the (first) village or city")
    place_name: str
    place_county: str | None = Field(description="code of the county the place lies in")
    place_province: str | None = Field(description="code of the province the place lies in")
    executor_kind: ExecutorKind
    executor_organisation_id: int | None
    executor_group_atlas_id: str
    executor_group_name: str
    budget: int
    progress: int = Field(description="percent of the latest progress report")
    planned_on: str = Field(description="Jalali date it entered the plan")
    last_report_on: str | None
    housing_units: int | None
    floor_area_m2: int | None
    households_served: int | None
    villages_served: int | None
    power_watts: int | None
    length_m: int | None
    classrooms: int | None

    @staticmethod
    def resolve_type_label(project: Project) -> str:
        return str(project.get_project_type_display())

    @staticmethod
    def resolve_stage_label(project: Project) -> str:
        return str(project.get_stage_display())

    @staticmethod
    def resolve_area(project: Project) -> str:
        return project.area.code

    @staticmethod
    def resolve_place(project: Project) -> str:
        return project.place.code

    @staticmethod
    def resolve_place_name(project: Project) -> str:
        return project.place.name

    @staticmethod
    def resolve_place_county(project: Project) -> str | None:
        return project.place_county.code if project.place_county is not None else None

    @staticmethod
    def resolve_place_province(project: Project) -> str | None:
        return project.place_province.code if project.place_province is not None else None

    @staticmethod
    def resolve_planned_on(project: Project) -> str | None:
        return jalali(project.planned_on)

    @staticmethod
    def resolve_last_report_on(project: Project) -> str | None:
        return jalali(project.last_report_on)


class ProjectDetailOut(ProjectOut):
    description: str
    places: list[str] = Field(description="codes of every place (a water supply's villages)")
    fundings: list[FundingOut]
    timeline: list[StageChangeOut]
    next_actions: list[str] = Field(description="workflow steps the caller may take now")
    beneficiary_count: int = Field(description="households linked (list: /beneficiaries)")
    cancel_reason: str

    # What ``abadi.projects.api`` reads for the detail, once per project.
    @staticmethod
    def resolve_places(project: Any) -> list[str]:
        return project.places_codes

    @staticmethod
    def resolve_fundings(project: Any) -> list[Any]:
        return project.fundings_list

    @staticmethod
    def resolve_timeline(project: Any) -> list[Any]:
        return project.timeline_list

    @staticmethod
    def resolve_beneficiary_count(project: Any) -> int:
        return project.beneficiary_total


class FundingIn(In):
    kind: FunderKind
    amount: int = Field(gt=0, le=10**16, description="rials")
    organisation_id: int | None = Field(None, description="for an agency's share")
    donor_name: str = Field("", max_length=200, description="for a donor's share")


class ExecutorIn(In):
    kind: ExecutorKind
    organisation_id: int | None = Field(None, description="a contractor's or agency's id")
    group_atlas_id: str = Field("", max_length=32, description="a volunteer group's Atlas ID")
    group_name: str = Field("", max_length=200, description="a volunteer group's name")


class CapacityIn(In):
    housing_units: int | None = Field(None, ge=1, le=CAPACITY_MAX["housing_units"])
    floor_area_m2: int | None = Field(None, ge=1, le=CAPACITY_MAX["floor_area_m2"])
    households_served: int | None = Field(None, ge=1, le=CAPACITY_MAX["households_served"])
    power_watts: int | None = Field(None, ge=1, le=CAPACITY_MAX["power_watts"])
    length_m: int | None = Field(None, ge=1, le=CAPACITY_MAX["length_m"])
    classrooms: int | None = Field(None, ge=1, le=CAPACITY_MAX["classrooms"])


class ProjectIn(In):
    title: str = Field(min_length=1, max_length=200)
    project_type: ProjectType
    places: list[str] = Field(
        min_length=1,
        max_length=300,
        description="villages or cities anywhere in Iran: codes, names or 'name — county'",
    )
    area: str | None = Field(
        None, description="the responsible office (province or county code or name)"
    )
    executor: ExecutorIn
    budget: int = Field(gt=0, le=10**16, description="rials")
    fundings: list[FundingIn] = Field(min_length=1, max_length=50)
    capacity: CapacityIn | None = None
    description: str = Field("", max_length=5000)
    source_id: str | None = Field(None, max_length=64)
    on: JalaliDate | None = Field(None, description="the day it entered the plan; default today")


class ProjectPatch(In):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=5000)
    housing_units: int | None = Field(None, ge=1, le=CAPACITY_MAX["housing_units"])
    floor_area_m2: int | None = Field(None, ge=1, le=CAPACITY_MAX["floor_area_m2"])
    households_served: int | None = Field(None, ge=1, le=CAPACITY_MAX["households_served"])
    power_watts: int | None = Field(None, ge=1, le=CAPACITY_MAX["power_watts"])
    length_m: int | None = Field(None, ge=1, le=CAPACITY_MAX["length_m"])
    classrooms: int | None = Field(None, ge=1, le=CAPACITY_MAX["classrooms"])


class FundingSetIn(In):
    budget: int = Field(gt=0, le=10**16)
    fundings: list[FundingIn] = Field(min_length=1, max_length=50)


class ProjectStepIn(In):
    on: JalaliDate | None = Field(None, description="the day the step took effect; default today")
    note: str = Field("", max_length=2000)


class ProjectReasonIn(In):
    on: JalaliDate | None = None
    reason: str = Field(min_length=1, max_length=2000)


class ProgressIn(In):
    date: JalaliDate = Field(description="the day of the visit")
    percent: int = Field(ge=0, le=100)
    text: str = Field("", max_length=5000)


class ProjectPhotoOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    width: int
    height: int
    url: str = Field(description="the photo (the caller's session or bearer token)")
    thumbnail_url: str

    @staticmethod
    def resolve_url(photo: Any) -> str:
        from django.urls import reverse

        return reverse("api:projects_photo_file", args=[photo.pk])

    @staticmethod
    def resolve_thumbnail_url(photo: Any) -> str:
        from django.urls import reverse

        return reverse("api:projects_photo_thumbnail", args=[photo.pk])


class ReportOut(Schema):
    id: int
    project_id: int
    date: str
    percent: int
    text: str
    reported_by: str | None
    photos: list[ProjectPhotoOut]

    @staticmethod
    def resolve_date(report: Any) -> str | None:
        return jalali(report.date)

    @staticmethod
    def resolve_reported_by(report: Any) -> str | None:
        return report.reported_by.username if report.reported_by_id else None

    @staticmethod
    def resolve_photos(report: Any) -> list[Any]:
        return list(report.photos.all())


class BeneficiaryIn(In):
    national_code: str | None = Field(None, description="national code of a household member")
    household_id: Id | None = None


class BeneficiaryOut(Schema):
    household_id: int
    head: str | None
    area: str
    added_on: str
    benefit_on: str | None = Field(description="Jalali date its ledger row was recorded for")

    @staticmethod
    def resolve_head(row: Any) -> str | None:
        head = row.household.head
        return head.full_name if head is not None else None

    @staticmethod
    def resolve_area(row: Any) -> str:
        return row.household.area.code

    @staticmethod
    def resolve_added_on(row: Any) -> str | None:
        return jalali(row.added_on)

    @staticmethod
    def resolve_benefit_on(row: Any) -> str | None:
        return jalali(row.benefit_on)


class ProjectFilters(Schema):
    project_type: ProjectType | None = None
    stage: Stage | None = None
    county: str = Field("", max_length=20, description="code of the county of the place")
    province: str = Field("", max_length=20, description="code of the province of the place")
    executor_kind: ExecutorKind | None = None
    executor: int | None = Field(None, ge=1, le=10**12, description="an organisation's id")
    q: str = Field("", max_length=100, description="number, title, group name or Atlas ID")


class MapCountOut(Schema):
    code: str
    name: str
    projects: int


class MapOut(Schema):
    area: str
    level: str = Field(description="what each row is: county or province")
    rows: list[MapCountOut]
    outside: int = Field(description="projects whose place lies outside the area")


class PlanOut(Schema):
    id: int
    area: str
    year: int
    project_type: ProjectType
    count: int
    units: int | None
    note: str

    @staticmethod
    def resolve_area(plan: Any) -> str:
        return plan.area.code


class PlanIn(In):
    area: str = Field(description="code or name of the office (province or county)")
    year: Year
    project_type: ProjectType
    count: int = Field(ge=0, le=1_000_000)
    units: int | None = Field(None, ge=0, le=10_000_000)
    note: str = Field("", max_length=300)


class ProjectWorkflowStepOut(Schema):
    action: str
    label: str
    from_stages: list[Stage]
    to_stage: Stage | None
    dated_by: str

    @staticmethod
    def resolve_label(step: Step) -> str:
        return str(step.label)

    @staticmethod
    def resolve_from_stages(step: Step) -> list[str]:
        return list(step.sources)

    @staticmethod
    def resolve_to_stage(step: Step) -> str | None:
        return step.target


class TypeOut(Schema):
    value: ProjectType
    label: str
    required: list[str] = Field(description="capacity fields a project of this type must have")
    optional: list[str]


def project_types() -> list[dict[str, Any]]:
    return [
        {
            "value": value,
            "label": str(label),
            "required": list(CAPACITY[value][0]),
            "optional": list(CAPACITY[value][1]),
        }
        for value, label in ProjectType.choices
    ]
