"""Volunteer groups over HTTP, under ``/api/v1/volunteers/…``: groups and every status step
of their workflow (one endpoint per step of ``abadi.volunteers.workflow``), permits,
counts and the map, adopted villages, leader, members, leader accounts, deployments and
their photos.

Dates travel as Jalali strings ("1401/02/18"), areas as Statistical Centre codes (or
names). A group outside the caller's groups answers 404 like one that does not exist; a
refused step answers 422 with the Persian reason; a step the caller's role may not take
answers 403. A group leader sees and reports only the groups their account leads.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import File, Query, Status, UploadedFile

from abadi.core.api_access import api_requires
from abadi.core.api_kit import ApiRouter, Id, JalaliDate, Limit, Offset, page_of, paged
from abadi.core.files import file_response
from abadi.core.workflow import Step
from abadi.geography.models import RESIDENCE_LEVELS, AreaLevel
from abadi.geography.selectors import area_from_input, home_area
from abadi.volunteers import schemas, selectors, services
from abadi.volunteers.forms import HOME_LEVELS
from abadi.volunteers.models import (
    AdoptedVillage,
    Deployment,
    DeploymentPhoto,
    Group,
    GroupLeadership,
    Membership,
)
from abadi.volunteers.permissions import (
    CHANGE_STATUS,
    MANAGE_GROUPS,
    MANAGE_LEADERS,
    MANAGE_MEMBERS,
    REPORT_DEPLOYMENTS,
    VIEW_VOLUNTEERS,
)
from abadi.volunteers.workflow import WORKFLOW

router = ApiRouter(tags=["volunteers"])


def _get(request, pk: Id) -> Group:
    return selectors.group_get(actor=request.auth, pk=pk)


def _detail(request, pk: Id) -> Group:
    group = _get(request, pk)
    group.domains = selectors.group_domains(group)  # type: ignore[attr-defined]
    group.villages = [row.village.code for row in selectors.group_villages(group)]  # type: ignore[attr-defined]
    group.members = selectors.group_members(group).count()  # type: ignore[attr-defined]
    group.timeline = list(selectors.group_timeline(group))  # type: ignore[attr-defined]
    group.permit_list = list(selectors.group_permits(group))  # type: ignore[attr-defined]
    group.next_actions = [  # type: ignore[attr-defined]
        step.action for step in WORKFLOW.available(actor=request.auth, record=group)
    ]
    return group


def _area(request, text: str, *, perm: str, levels, field: str):
    return area_from_input(actor=request.auth, perm=perm, text=text, levels=levels, field=field)


def _filters(filters: schemas.GroupFilters) -> dict[str, Any]:
    return {
        "domain": filters.domain or "",
        "county": filters.county,
        "group_type": filters.group_type or "",
        "status": filters.status or "",
        "query": filters.q,
    }


# ------------------------------------------------------------------------------ groups


@router.get("/volunteers/workflow", response=list[schemas.GroupWorkflowStepOut])
@api_requires(VIEW_VOLUNTEERS)
def workflow(request):
    """The status steps of a group: from which statuses, to which, dated by which field.
    Each offered step has its own ``POST /volunteers/groups/{pk}/{action}``."""
    return WORKFLOW.steps


@router.get("/volunteers/groups", response=page_of(schemas.GroupOut))
@api_requires(VIEW_VOLUNTEERS)
def list_groups(
    request, filters: Query[schemas.GroupFilters], limit: Limit = 50, offset: Offset = 0
):
    """Groups the caller may see, newest first (a group leader: their own)."""
    groups = selectors.group_list(actor=request.auth, **_filters(filters))
    return paged(groups, limit=limit, offset=offset)


@router.get("/volunteers/groups/counts", response=schemas.CountsOut)
@api_requires(VIEW_VOLUNTEERS)
def group_counts(request, filters: Query[schemas.GroupFilters]):
    """Counts of the list's groups by domain (a group counts in each of its domains) and
    by county."""
    groups = selectors.group_list(actor=request.auth, **_filters(filters))

    def rows(counts):
        return [{"key": key, "label": label, "count": count} for key, label, count in counts]

    by_county = selectors.counts_by_county(groups)
    return {
        "total": sum(count for _key, _label, count in by_county),
        "by_domain": rows(selectors.counts_by_domain(groups)),
        "by_county": rows(by_county),
    }


@router.get("/volunteers/groups/map", response=dict[str, Any])
@api_requires(VIEW_VOLUNTEERS)
def group_map(request, filters: Query[schemas.GroupFilters], area: str = ""):
    """GeoJSON of the polygons of ``area`` (the country's provinces or a province's
    counties; default the caller's widest area) with each one's group ``count``."""
    where = (
        _area(
            request,
            area,
            perm=VIEW_VOLUNTEERS,
            levels=(AreaLevel.COUNTRY, AreaLevel.PROVINCE),
            field="area",
        )
        if area
        else home_area(actor=request.auth, perm=VIEW_VOLUNTEERS)
    )
    if where is None:
        raise Http404
    groups = selectors.group_list(actor=request.auth, **_filters(filters))
    return selectors.group_map(actor=request.auth, area=where, groups=groups)


@router.get("/volunteers/groups/{pk}", response=schemas.GroupDetailOut)
@api_requires(VIEW_VOLUNTEERS, record=Group)
def get_group(request, pk: Id):
    return _detail(request, pk)


def _person(request, code: str, perm: str):
    return selectors.member_person(actor=request.auth, national_code=code, perm=perm)


@router.post("/volunteers/groups", response={201: schemas.GroupDetailOut})
@api_requires(MANAGE_GROUPS)
def create_group(request, payload: schemas.GroupIn):
    """Register a group; it belongs to the county its home lies in. Refused (422): an
    Atlas ID already registered, a leader not in the registry, a permit expiring on or
    before the day it was issued."""
    data = payload.values()
    home = _area(request, data.pop("home"), perm=MANAGE_GROUPS, levels=HOME_LEVELS, field="home")
    code = data.pop("leader_national_code")
    leader = None
    if code:
        try:
            leader = _person(request, code, MANAGE_GROUPS)
        except ValidationError as error:
            raise ValidationError({"leader_national_code": error.messages}) from error
    villages = [
        _area(request, text, perm=MANAGE_GROUPS, levels=(AreaLevel.VILLAGE,), field="villages")
        for text in data.pop("villages")
    ]
    group = services.group_register(
        actor=request.auth, home=home, leader=leader, villages=villages, **data
    )
    return Status(201, _detail(request, group.pk))


@router.patch("/volunteers/groups/{pk}", response=schemas.GroupDetailOut)
@api_requires(MANAGE_GROUPS, record=Group)
def update_group(request, pk: Id, payload: schemas.GroupPatch):
    group = _get(request, pk)
    data = payload.values(exclude_unset=True)
    if data.get("home") is not None:
        data["home"] = _area(
            request, data["home"], perm=MANAGE_GROUPS, levels=HOME_LEVELS, field="home"
        )
    data = {key: value for key, value in data.items() if value is not None}
    services.group_update(actor=request.auth, group=group, **data)
    return _detail(request, pk)


def _step_endpoint(step: Step):
    schema = step.schema_class

    def take_step(request, pk: Id, payload: schema):  # type: ignore[valid-type]
        step.service_function(actor=request.auth, group=_get(request, pk), **payload.values())  # type: ignore[attr-defined]
        return _detail(request, pk)

    take_step.__name__ = f"{step.action}_group"
    take_step.__doc__ = (
        f"The status step «{step.label}» (from: {', '.join(step.sources)}); its date field "
        f"is ``{step.dated_by}``. Refused with 422 from another status and for a date in the "
        "future or before the step it follows."
    )
    return take_step


# The step's own permission is checked by its service in the group's county (403).
for _step in WORKFLOW.steps:
    if _step.schema:
        router.post(
            f"/volunteers/groups/{{pk}}/{_step.action}",
            response=schemas.GroupDetailOut,
            operation_id=f"volunteers_{_step.action}_group",
        )(api_requires(VIEW_VOLUNTEERS, record=Group)(_step_endpoint(_step)))


@router.post("/volunteers/permits/lapse", response=schemas.LapseOut)
@api_requires(CHANGE_STATUS)
def lapse_groups(request):
    """Record the lapse of every active or suspended group of the caller's areas whose
    permit has run out (each dated the day after its permit's last day)."""
    return {"recorded": services.groups_lapse(actor=request.auth)}


@router.get("/volunteers/groups/{pk}/permits", response=list[schemas.PermitOut])
@api_requires(VIEW_VOLUNTEERS, record=Group)
def list_permits(request, pk: Id):
    return list(selectors.group_permits(_get(request, pk)))


@router.get("/volunteers/permits/expiring", response=page_of(schemas.GroupOut))
@api_requires(VIEW_VOLUNTEERS)
def permits_expiring(
    request,
    days: int | None = Query(None, ge=0, le=3650, description="default from the settings (60)"),
    as_of: JalaliDate | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    """Active or suspended groups whose permit runs out within ``days`` (or has run out),
    soonest first."""
    groups = selectors.permits_expiring(actor=request.auth, days=days, as_of=as_of)
    return paged(groups, limit=limit, offset=offset)


@router.put("/volunteers/groups/{pk}/leader", response=schemas.GroupDetailOut)
@api_requires(MANAGE_GROUPS, record=Group)
def set_leader(request, pk: Id, payload: schemas.LeaderIn):
    """Make a registered person (by national code) the group's leader."""
    group = _get(request, pk)
    services.group_set_leader(
        actor=request.auth,
        group=group,
        person=_person(request, payload.national_code, MANAGE_GROUPS),
    )
    return _detail(request, pk)


# ------------------------------------------------------------------------------ villages


@router.get("/volunteers/groups/{pk}/villages", response=list[schemas.VillageOut])
@api_requires(VIEW_VOLUNTEERS, record=Group)
def list_villages(request, pk: Id):
    return list(selectors.group_villages(_get(request, pk)))


@router.post("/volunteers/groups/{pk}/villages", response={201: schemas.VillageOut})
@api_requires(MANAGE_GROUPS, record=Group)
def add_village(request, pk: Id, payload: schemas.VillageIn):
    group = _get(request, pk)
    village = _area(
        request, payload.village, perm=MANAGE_GROUPS, levels=(AreaLevel.VILLAGE,), field="village"
    )
    return Status(
        201,
        services.village_adopt(actor=request.auth, group=group, village=village, on=payload.on),
    )


@router.delete("/volunteers/villages/{pk}", response={204: None})
@api_requires(MANAGE_GROUPS, record=AdoptedVillage)
def drop_village(request, pk: Id):
    adopted = selectors.adopted_village_get(actor=request.auth, pk=pk, perm=MANAGE_GROUPS)
    services.village_drop(actor=request.auth, adopted=adopted)
    return Status(204, None)


# ------------------------------------------------------------------------------ members


@router.get("/volunteers/groups/{pk}/members", response=list[schemas.MemberOut])
@api_requires(VIEW_VOLUNTEERS, record=Group)
def list_group_members(request, pk: Id, former: bool = False):
    """Current members (``former=true``: those who left too)."""
    return list(selectors.group_members(_get(request, pk), current=not former))


@router.post("/volunteers/groups/{pk}/members", response={201: schemas.MemberOut})
@api_requires(MANAGE_MEMBERS, record=Group)
def add_member(request, pk: Id, payload: schemas.MemberIn):
    """Add a person of the registry (by national code); one not registered is refused
    (422) and must be registered in people first."""
    group = _get(request, pk)
    if not selectors.may_act_on(request.auth, MANAGE_MEMBERS, group):
        raise PermissionDenied(MANAGE_MEMBERS)
    person = _person(request, payload.national_code, MANAGE_MEMBERS)
    membership = services.member_add(
        actor=request.auth,
        group=group,
        person=person,
        role=payload.role,
        skills=payload.skills,
        joined_on=payload.joined_on,
    )
    return Status(201, selectors.membership_get(actor=request.auth, pk=membership.pk))


@router.get("/volunteers/members", response=page_of(schemas.MemberOut))
@api_requires(VIEW_VOLUNTEERS)
def list_members(request, limit: Limit = 50, offset: Offset = 0):
    """Current members of every group the caller may see."""
    return paged(selectors.member_list(actor=request.auth), limit=limit, offset=offset)


@router.patch("/volunteers/members/{pk}", response=schemas.MemberOut)
@api_requires(MANAGE_MEMBERS, record=Membership)
def update_member(request, pk: Id, payload: schemas.MemberPatch):
    membership = selectors.membership_get(actor=request.auth, pk=pk, perm=MANAGE_MEMBERS)
    data = {
        key: value for key, value in payload.values(exclude_unset=True).items() if value is not None
    }
    services.member_update(actor=request.auth, membership=membership, **data)
    return selectors.membership_get(actor=request.auth, pk=pk)


@router.post("/volunteers/members/{pk}/leave", response=schemas.MemberOut)
@api_requires(MANAGE_MEMBERS, record=Membership)
def leave_member(request, pk: Id, payload: schemas.LeaveIn):
    membership = selectors.membership_get(actor=request.auth, pk=pk, perm=MANAGE_MEMBERS)
    services.member_leave(actor=request.auth, membership=membership, on=payload.on)
    return selectors.membership_get(actor=request.auth, pk=pk)


# ------------------------------------------------------------------------------ leader accounts


@router.get("/volunteers/groups/{pk}/leaderships", response=list[schemas.LeadershipOut])
@api_requires(VIEW_VOLUNTEERS, record=Group)
def list_leaderships(request, pk: Id):
    return list(selectors.group_leaderships(_get(request, pk)))


@router.post("/volunteers/groups/{pk}/leaderships", response={201: schemas.LeadershipOut})
@api_requires(MANAGE_LEADERS, record=Group)
def add_leadership(request, pk: Id, payload: schemas.LeadershipIn):
    """Link a user holding the group-leader role over the group's county to the group."""
    from abadi.accounts.selectors import active_user

    group = _get(request, pk)
    leadership = services.leadership_grant(
        actor=request.auth,
        group=group,
        user=active_user(username=payload.username.strip()),
        since=payload.since,
    )
    return Status(201, leadership)


@router.post("/volunteers/leaderships/{pk}/end", response=schemas.LeadershipOut)
@api_requires(MANAGE_LEADERS, record=GroupLeadership)
def end_leadership(request, pk: Id, payload: schemas.EndIn):
    leadership = selectors.leadership_get(actor=request.auth, pk=pk, perm=MANAGE_LEADERS)
    return services.leadership_end(actor=request.auth, leadership=leadership, until=payload.until)


# ------------------------------------------------------------------------------ deployments


@router.get("/volunteers/deployments", response=page_of(schemas.DeploymentOut))
@api_requires(VIEW_VOLUNTEERS)
def list_deployments(
    request, filters: Query[schemas.DeploymentFilters], limit: Limit = 50, offset: Offset = 0
):
    group = _get(request, filters.group) if filters.group else None
    deployments = selectors.deployment_list(
        actor=request.auth,
        group=group,
        domain=filters.domain or "",
        county=filters.county,
        start=filters.start,
        end=filters.end,
    )
    return paged(deployments, limit=limit, offset=offset)


def _deployment(request, pk: Id) -> Deployment:
    return selectors.deployment_get(actor=request.auth, pk=pk)


@router.get("/volunteers/deployments/{pk}", response=schemas.DeploymentDetailOut)
@api_requires(VIEW_VOLUNTEERS, record=Deployment)
def get_deployment(request, pk: Id):
    return _deployment(request, pk)


@router.post("/volunteers/deployments", response={201: schemas.DeploymentDetailOut})
@api_requires(REPORT_DEPLOYMENTS)
def report_deployment(request, payload: schemas.DeploymentIn):
    """Report a deployment of a group the caller may report for (a leader: their own);
    photos follow with ``POST /volunteers/deployments/{pk}/photos``. Refused (422): a
    group not theirs, an end before the start, a group not active when it started."""
    data = payload.values()
    group = selectors.group_for(
        actor=request.auth, perm=REPORT_DEPLOYMENTS, pk=data.pop("group_id"), field="group_id"
    )
    place = _area(
        request, data.pop("place"), perm=REPORT_DEPLOYMENTS, levels=RESIDENCE_LEVELS, field="place"
    )
    deployment = services.deployment_report(actor=request.auth, group=group, place=place, **data)
    return Status(201, _deployment(request, deployment.pk))


@router.patch("/volunteers/deployments/{pk}", response=schemas.DeploymentDetailOut)
@api_requires(REPORT_DEPLOYMENTS, record=Deployment)
def update_deployment(request, pk: Id, payload: schemas.DeploymentPatch):
    deployment = _deployment(request, pk)
    data = {
        key: value for key, value in payload.values(exclude_unset=True).items() if value is not None
    }
    if "place" in data:
        data["place"] = _area(
            request, data["place"], perm=REPORT_DEPLOYMENTS, levels=RESIDENCE_LEVELS, field="place"
        )
    services.deployment_update(actor=request.auth, deployment=deployment, **data)
    return _deployment(request, pk)


@router.post("/volunteers/deployments/{pk}/photos", response={201: schemas.GroupPhotoOut})
@api_requires(REPORT_DEPLOYMENTS, record=Deployment)
def add_photo(request, pk: Id, file: File[UploadedFile]):
    """Add a photo (JPG or PNG up to 5 MB; multipart ``file``); at most 10 a deployment."""
    photo = services.deployment_photo_add(
        actor=request.auth, deployment=_deployment(request, pk), file=file
    )
    return Status(201, photo)


@router.get("/volunteers/photos/{pk}/file", response={200: None}, url_name="volunteers_photo_file")
@api_requires(VIEW_VOLUNTEERS, record=DeploymentPhoto)
def photo_file(request, pk: Id):
    """The photo, with its stored content type."""
    return file_response(selectors.deployment_photo_get(actor=request.auth, pk=pk), "file")
