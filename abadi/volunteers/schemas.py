"""What the volunteers API reads and writes (``abadi.volunteers.api``): ninja schemas that
resolve their fields from the records; Jalali dates, Statistical Centre codes, enums for
every status-like field."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from abadi.core.api_kit import In, JalaliDate, jalali
from abadi.core.workflow import Step
from abadi.volunteers.models import (
    ATLAS_ID_LENGTH,
    MAX_PEOPLE_SERVED,
    MAX_VOLUNTEERS,
    Deployment,
    Domain,
    Group,
    GroupStatus,
    GroupType,
    MemberRole,
)

# ------------------------------------------------------------------------------ groups


class GroupStatusChangeOut(Schema):
    action: str
    label: str
    from_status: GroupStatus | None
    to_status: GroupStatus
    on: str = Field(description="Jalali date the step took effect")
    until: str | None = Field(description="Jalali date the next step took effect")
    actor: str | None
    at: datetime.datetime = Field(description="when it was entered")
    note: str

    @staticmethod
    def resolve_label(change: Any) -> str:
        from abadi.volunteers.workflow import WORKFLOW

        return WORKFLOW.label_of(change.action)

    @staticmethod
    def resolve_from_status(change: Any) -> str | None:
        return change.from_status or None

    @staticmethod
    def resolve_on(change: Any) -> str | None:
        return jalali(change.on)

    @staticmethod
    def resolve_until(change: Any) -> str | None:
        return jalali(change.until)

    @staticmethod
    def resolve_actor(change: Any) -> str | None:
        return change.actor.username if change.actor_id else None


class PermitOut(Schema):
    id: int
    number: str
    issued_on: str
    expires_on: str

    @staticmethod
    def resolve_issued_on(permit: Any) -> str | None:
        return jalali(permit.issued_on)

    @staticmethod
    def resolve_expires_on(permit: Any) -> str | None:
        return jalali(permit.expires_on)


class GroupOut(Schema):
    id: int
    atlas_id: str
    name: str
    group_type: GroupType
    main_domain: Domain
    area: str = Field(description="county code")
    home: str = Field(description="code of the area the group is based in")
    leader_id: int | None
    leader_name: str | None
    status: GroupStatus = Field(description="status as lists show it today")
    status_recorded: GroupStatus = Field(description="the last status step recorded")
    active_since: str
    permit_number: str
    permit_issued_on: str | None
    permit_expires_on: str | None

    @staticmethod
    def resolve_area(group: Group) -> str:
        return group.area.code

    @staticmethod
    def resolve_home(group: Group) -> str:
        return group.home.code

    @staticmethod
    def resolve_leader_name(group: Group) -> str | None:
        return group.leader.full_name if group.leader is not None else None

    @staticmethod
    def resolve_status(group: Group) -> str:
        return group.current_status

    @staticmethod
    def resolve_status_recorded(group: Group) -> str:
        return group.status

    @staticmethod
    def resolve_active_since(group: Group) -> str | None:
        return jalali(group.active_since)

    @staticmethod
    def resolve_permit_issued_on(group: Group) -> str | None:
        return jalali(group.permit_issued_on)

    @staticmethod
    def resolve_permit_expires_on(group: Group) -> str | None:
        return jalali(group.permit_expires_on)


class GroupDetailOut(GroupOut):
    domains: list[Domain]
    note: str
    villages: list[str] = Field(description="codes of the adopted villages")
    members: int = Field(description="current members")
    timeline: list[GroupStatusChangeOut]
    permits: list[PermitOut]
    next_actions: list[str] = Field(description="status steps the caller may take now")

    @staticmethod
    def resolve_permits(group: Any) -> list[Any]:
        return group.permit_list


class GroupFilters(Schema):
    domain: Domain | None = None
    county: str = Field("", max_length=20, description="county code")
    group_type: GroupType | None = None
    status: GroupStatus | None = Field(None, description="status as lists show it today")
    q: str = Field("", max_length=100, description="name or Atlas ID")


class GroupIn(In):
    atlas_id: str = Field(min_length=1, max_length=ATLAS_ID_LENGTH)
    name: str = Field(min_length=1, max_length=200)
    group_type: GroupType
    main_domain: Domain
    domains: list[Domain] = Field(default_factory=list, max_length=10)
    home: str = Field(description="code or name of the county, city or village it is based in")
    leader_national_code: str | None = Field(
        None, description="national code of the leader (registered in people)"
    )
    permit_number: str = Field("", max_length=50)
    permit_issued_on: JalaliDate | None = None
    permit_expires_on: JalaliDate | None = None
    villages: list[str] = Field(
        default_factory=list, max_length=100, description="codes or names of adopted villages"
    )
    note: str = Field("", max_length=2000)
    on: JalaliDate | None = Field(None, description="active from; default the permit's issue")


class GroupPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    group_type: GroupType | None = None
    main_domain: Domain | None = None
    domains: list[Domain] | None = Field(None, max_length=10)
    home: str | None = None
    note: str | None = Field(None, max_length=2000)


class GroupStepIn(In):
    on: JalaliDate | None = Field(None, description="the day the step took effect; default today")
    note: str = Field("", max_length=2000)


class GroupReasonIn(In):
    on: JalaliDate | None = None
    reason: str = Field(min_length=1, max_length=2000)


class NoteIn(In):
    note: str = Field("", max_length=2000)


class PermitIn(In):
    number: str = Field("", max_length=50)
    issued_on: JalaliDate
    expires_on: JalaliDate
    note: str = Field("", max_length=2000)


class LeaderIn(In):
    national_code: str = Field(description="national code of a registered person")


class VillageIn(In):
    village: str = Field(description="code or name of the village")
    on: JalaliDate | None = None


class VillageOut(Schema):
    id: int
    village: str
    name: str
    adopted_on: str

    @staticmethod
    def resolve_village(row: Any) -> str:
        return row.village.code

    @staticmethod
    def resolve_name(row: Any) -> str:
        return row.village.name

    @staticmethod
    def resolve_adopted_on(row: Any) -> str | None:
        return jalali(row.adopted_on)


class CountOut(Schema):
    key: str
    label: str
    count: int


class CountsOut(Schema):
    total: int | None = Field(description="groups of the list (null: not counted)")
    by_domain: list[CountOut] = Field(description="a group with several domains counts in each")
    by_county: list[CountOut]


class LapseOut(Schema):
    recorded: int = Field(description="groups whose lapse was recorded")


class GroupWorkflowStepOut(Schema):
    action: str
    label: str
    from_statuses: list[GroupStatus]
    to_status: GroupStatus | None
    dated_by: str

    @staticmethod
    def resolve_label(step: Step) -> str:
        return str(step.label)

    @staticmethod
    def resolve_from_statuses(step: Step) -> list[str]:
        return list(step.sources)

    @staticmethod
    def resolve_to_status(step: Step) -> str | None:
        return step.target


# ------------------------------------------------------------------------------ members


class MemberOut(Schema):
    id: int
    group_id: int
    person_id: int
    name: str
    national_code: str | None
    role: MemberRole
    skills: str
    joined_on: str
    left_on: str | None

    @staticmethod
    def resolve_name(member: Any) -> str:
        return member.person.full_name

    @staticmethod
    def resolve_national_code(member: Any) -> str | None:
        return member.person.national_code

    @staticmethod
    def resolve_joined_on(member: Any) -> str | None:
        return jalali(member.joined_on)

    @staticmethod
    def resolve_left_on(member: Any) -> str | None:
        return jalali(member.left_on)


class MemberIn(In):
    national_code: str = Field(description="national code of a person registered in people")
    role: MemberRole = MemberRole.MEMBER
    skills: str = Field("", max_length=200)
    joined_on: JalaliDate | None = None


class MemberPatch(In):
    role: MemberRole | None = None
    skills: str | None = Field(None, max_length=200)


class LeaveIn(In):
    on: JalaliDate | None = None


class LeadershipOut(Schema):
    id: int
    group_id: int
    username: str
    since: str
    until: str | None

    @staticmethod
    def resolve_username(row: Any) -> str:
        return row.user.username

    @staticmethod
    def resolve_since(row: Any) -> str | None:
        return jalali(row.since)

    @staticmethod
    def resolve_until(row: Any) -> str | None:
        return jalali(row.until)


class LeadershipIn(In):
    username: str = Field(min_length=1, max_length=150)
    since: JalaliDate | None = None


class EndIn(In):
    until: JalaliDate | None = None


# ------------------------------------------------------------------------------ deployments


class GroupPhotoOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    url: str

    @staticmethod
    def resolve_url(photo: Any) -> str:
        from django.urls import reverse

        return reverse("api:volunteers_photo_file", args=[photo.pk])


class DeploymentOut(Schema):
    id: int
    group_id: int
    group_name: str
    area: str = Field(description="county code")
    place: str = Field(description="village or city code")
    started_on: str
    ended_on: str
    days: int
    domain: Domain
    work_done: str
    people_served: int
    volunteers: int
    volunteer_days: int
    project_id: int | None
    event_id: int | None

    @staticmethod
    def resolve_group_name(deployment: Deployment) -> str:
        return deployment.group.name

    @staticmethod
    def resolve_area(deployment: Deployment) -> str:
        return deployment.area.code

    @staticmethod
    def resolve_place(deployment: Deployment) -> str:
        return deployment.place.code

    @staticmethod
    def resolve_started_on(deployment: Deployment) -> str | None:
        return jalali(deployment.started_on)

    @staticmethod
    def resolve_ended_on(deployment: Deployment) -> str | None:
        return jalali(deployment.ended_on)


class DeploymentDetailOut(DeploymentOut):
    photos: list[GroupPhotoOut]

    @staticmethod
    def resolve_photos(deployment: Deployment) -> list[Any]:
        return list(deployment.photos.all())


class DeploymentFilters(Schema):
    group: int | None = Field(None, ge=1, le=2**63 - 1, description="group id")
    domain: Domain | None = None
    county: str = Field("", max_length=20, description="county code")
    start: JalaliDate | None = Field(None, description="started on or after")
    end: JalaliDate | None = Field(None, description="started on or before")


class DeploymentIn(In):
    group_id: int = Field(ge=1, le=2**63 - 1)
    place: str = Field(description="code or name of the village or city")
    started_on: JalaliDate
    ended_on: JalaliDate
    domain: Domain
    work_done: str = Field(min_length=1, max_length=4000)
    people_served: int = Field(ge=0, le=MAX_PEOPLE_SERVED)
    volunteers: int = Field(ge=1, le=MAX_VOLUNTEERS)
    volunteer_days: int | None = Field(
        None, ge=1, le=MAX_VOLUNTEERS * 366, description="default volunteers × days"
    )
    source_id: str | None = Field(None, max_length=64)


class DeploymentPatch(In):
    place: str | None = None
    started_on: JalaliDate | None = None
    ended_on: JalaliDate | None = None
    domain: Domain | None = None
    work_done: str | None = Field(None, min_length=1, max_length=4000)
    people_served: int | None = Field(None, ge=0, le=MAX_PEOPLE_SERVED)
    volunteers: int | None = Field(None, ge=1, le=MAX_VOLUNTEERS)
    volunteer_days: int | None = Field(None, ge=1, le=MAX_VOLUNTEERS * 366)
