"""Reads of the volunteers module.

Every selector takes the actor. Staff see the rows of their areas (a group belongs to its
county, a deployment to the county it was reported in); a group leader sees only the
groups their account is linked to (:class:`GroupLeadership`) and what belongs to them,
whatever the area of their role: :func:`scope_groups` is the one place that says so
(docs/adr/0017-group-leaders.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.permissions import Role, assignments_granting
from abadi.core.persian import search_key, to_latin_digits, to_persian_digits
from abadi.core.records import openable
from abadi.core.scoping import COUNTRY_PATH
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import area_map, names_of_level
from abadi.people.permissions import EDIT_PEOPLE
from abadi.people.selectors import person_by_national_code
from abadi.volunteers.models import (
    AdoptedVillage,
    Deployment,
    DeploymentPhoto,
    Domain,
    Group,
    GroupDomain,
    GroupLeadership,
    GroupStatus,
    Membership,
    Permit,
    StatusChange,
)
from abadi.volunteers.permissions import VIEW_VOLUNTEERS

if TYPE_CHECKING:
    from abadi.geography.models import Area

# ------------------------------------------------------------------------------ access


def _roots(assignments: Iterable[Any]) -> list[str]:
    """The area paths of ``assignments``, nested ones folded into their ancestors."""
    paths = sorted({a.area.path if a.area_id else COUNTRY_PATH for a in assignments})
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def _split(actor, perm: str) -> tuple[list[str], list[str]]:
    """(staff roots, group-leader roots) of the actor's assignments granting ``perm``."""
    granted = assignments_granting(actor, perm)
    staff = [a for a in granted if a.role != Role.GROUP_LEADER]
    leading = [a for a in granted if a.role == Role.GROUP_LEADER]
    return _roots(staff), _roots(leading)


def led_groups(actor) -> QuerySet[GroupLeadership]:
    """The open leadership links of the actor's account."""
    pk = getattr(actor, "pk", None)
    if pk is None:
        return GroupLeadership.objects.none()
    return GroupLeadership.objects.filter(user_id=pk, until__isnull=True)


def scope_groups(
    queryset: QuerySet, *, actor, perm: str, area_field: str = "area", group_field: str = ""
) -> QuerySet:
    """Rows of ``queryset`` the actor may see under ``perm``: for staff, those whose area
    (``area_field``) lies in their areas; for a group leader, those of the groups they
    lead (``group_field`` leads from the row to its group; "" when the rows are groups),
    within the area of their role. One filter, no join beyond the area's."""
    staff, leading = _split(actor, perm)
    if COUNTRY_PATH in staff:
        return queryset
    condition = Q()
    matched = False
    for root in staff:
        condition |= Q(**{f"{area_field}__path__startswith": root})
        matched = True
    if leading and getattr(actor, "pk", None) is not None:
        in_lookup = f"{group_field}__in" if group_field else "pk__in"
        own = Q(**{in_lookup: led_groups(actor).values("group_id")})
        if COUNTRY_PATH not in leading:
            within = Q()
            for root in leading:
                within |= Q(**{f"{area_field}__path__startswith": root})
            own &= within
        condition |= own
        matched = True
    if not matched:
        return queryset.none()
    return queryset.filter(condition)


def may_act_on(actor, perm: str, group: Group) -> bool:
    """Whether the actor holds ``perm`` over ``group``: staff over its county, a leader
    over a group they lead (within the area of their role)."""
    staff, leading = _split(actor, perm)
    path = group.area.path
    if any(path.startswith(root) for root in staff):
        return True
    if not leading or not any(path.startswith(root) for root in leading):
        return False
    return led_groups(actor).filter(group_id=group.pk).exists()


def leads_only(actor, perm: str = VIEW_VOLUNTEERS) -> bool:
    """Whether the actor sees groups only as a group leader (no staff role for ``perm``)."""
    staff, leading = _split(actor, perm)
    return not staff and bool(leading)


MAX_ID = 2**63 - 1


def record_id(pk: Any) -> int:
    """A record id from a path or a form, or 404: what no row can have (zero, negative,
    beyond a 64-bit key) is not looked up."""
    from django.http import Http404

    try:
        number = int(pk)
    except (TypeError, ValueError) as wrong:
        raise Http404 from wrong
    if not 1 <= number <= MAX_ID:
        raise Http404
    return number


# ------------------------------------------------------------------------------ status


def expiry_window_days() -> int:
    """How far ahead the permit-expiry list looks (``ABADI_PERMIT_EXPIRY_DAYS``, 60)."""
    return settings.ABADI_PERMIT_EXPIRY_DAYS


def active_on(day: datetime.date) -> Q:
    """Groups active on ``day``, read from their dated history: a status row "active"
    open on that day (``on <= day < until``) and, for a group with permits on record, a
    permit in force that day (so a lapse counts from the day after expiry even before it
    is recorded). Three uncorrelated subqueries, whatever the number of groups."""
    periods = StatusChange.objects.filter(to_status=GroupStatus.ACTIVE, on__lte=day).filter(
        Q(until__isnull=True) | Q(until__gt=day)
    )
    covering = Permit.objects.filter(issued_on__lte=day, expires_on__gte=day)
    return Q(pk__in=periods.values("group_id")) & (
        ~Q(pk__in=Permit.objects.values("group_id")) | Q(pk__in=covering.values("group_id"))
    )


def status_on(group: Group, day: datetime.date) -> str | None:
    """The status ``group`` was in on ``day`` by its history (None before it was
    registered); an active status with a lapsed permit is "expired"."""
    row = (
        group.status_changes.filter(on__lte=day)
        .filter(Q(until__isnull=True) | Q(until__gt=day))
        .order_by("-on", "-at", "-id")
        .first()
    )
    if row is None:
        return None
    if (
        row.to_status == GroupStatus.ACTIVE
        and not Group.objects.filter(active_on(day), pk=group.pk).exists()
    ):
        return GroupStatus.EXPIRED
    return row.to_status


def group_active_on(group: Group, day: datetime.date) -> bool:
    return Group.objects.filter(active_on(day), pk=group.pk).exists()


def current_status(status: str, *, today: datetime.date | None = None) -> Q:
    """Groups in ``status`` as the lists show it today: an active group whose permit ran
    out counts as expired (see :attr:`Group.current_status`)."""
    today = today or clock.today()
    lapsed = Q(permit_expires_on__lt=today)
    if status == GroupStatus.ACTIVE:
        return Q(status=GroupStatus.ACTIVE) & ~lapsed
    if status == GroupStatus.EXPIRED:
        return Q(status=GroupStatus.EXPIRED) | (Q(status=GroupStatus.ACTIVE) & lapsed)
    return Q(status=status)


# ------------------------------------------------------------------------------ groups


def _atlas_text(text: str) -> str:
    return to_latin_digits(text).strip().upper()


def group_list(
    *,
    actor,
    perm: str = VIEW_VOLUNTEERS,
    domain: str = "",
    county: str = "",
    group_type: str = "",
    status: str = "",
    query: str = "",
) -> QuerySet[Group]:
    """Groups the actor may see, newest first: ``domain`` (any of the group's domains),
    ``county`` (code), ``group_type``, ``status`` (as lists show it today), ``query``
    (name or Atlas ID)."""
    groups = scope_groups(Group.objects.all(), actor=actor, perm=perm)
    if domain:
        groups = groups.filter(
            Exists(GroupDomain.objects.filter(group=OuterRef("pk"), domain=domain))
        )
    if county:
        groups = groups.filter(area__code=to_latin_digits(county).strip())
    if group_type:
        groups = groups.filter(group_type=group_type)
    if status:
        groups = groups.filter(current_status(status))
    text = (query or "").strip()
    if text:
        atlas = _atlas_text(text)
        key = search_key(text)
        groups = groups.filter(Q(atlas_id=atlas) | Q(search_key__contains=key))
    return groups.select_related("area", "home", "leader").order_by("-id")


def _last_deployment() -> Any:
    from django.db.models import Subquery

    latest = Deployment.objects.filter(group=OuterRef("pk")).order_by("-started_on", "-id")
    return Subquery(latest.values("started_on")[:1])


def with_last_deployment(groups: QuerySet[Group]) -> QuerySet[Group]:
    """Each group with the start of its latest deployment (one index probe per row)."""
    return groups.annotate(last_deployment=_last_deployment())


@openable(Group)
def group_get(*, actor, pk: int, perm: str = VIEW_VOLUNTEERS) -> Group:
    """One group the actor may see, or 404."""
    from django.http import Http404

    groups = scope_groups(
        Group.objects.select_related("area", "home", "leader", "registered_by"),
        actor=actor,
        perm=perm,
    )
    try:
        return groups.get(pk=record_id(pk))
    except Group.DoesNotExist as missing:
        raise Http404 from missing


def group_for(*, actor, perm: str, pk: Any, field: str = "group_id") -> Group:
    """The group an input names, among those the actor holds ``perm`` over; otherwise a
    Persian refusal on ``field`` that says the same whether the group exists or not."""
    try:
        number = int(to_latin_digits(str(pk)).strip())
    except (TypeError, ValueError):
        number = None
    group = None
    if number is not None and 1 <= number <= MAX_ID:
        group = (
            scope_groups(Group.objects.select_related("area"), actor=actor, perm=perm)
            .filter(pk=number)
            .first()
        )
    if group is None:
        raise ValidationError(
            {field: _("این گروه در میان گروه‌هایی نیست که شما می‌توانید برایشان ثبت کنید.")}
        )
    return group


def group_by_atlas(*, actor, atlas_id: str, perm: str = VIEW_VOLUNTEERS) -> Group | None:
    groups = scope_groups(Group.objects.select_related("area"), actor=actor, perm=perm)
    return groups.filter(atlas_id=_atlas_text(atlas_id)).first()


def groups_for_report(*, actor, perm: str) -> QuerySet[Group]:
    """Groups the actor may report for (a leader: their own), not dissolved."""
    groups = scope_groups(Group.objects.select_related("area"), actor=actor, perm=perm)
    return groups.exclude(status=GroupStatus.DISSOLVED).order_by("name", "id")


def group_domains(group: Group) -> list[str]:
    return list(group.domain_rows.order_by("domain").values_list("domain", flat=True))


def group_timeline(group: Group) -> QuerySet[StatusChange]:
    return group.status_changes.select_related("actor").order_by("on", "at", "id")


def group_permits(group: Group) -> QuerySet[Permit]:
    return group.permits.select_related("recorded_by").order_by("-issued_on", "-id")


def group_villages(group: Group) -> QuerySet[AdoptedVillage]:
    return group.adopted_villages.select_related("village").order_by("village__name", "id")


def group_members(group: Group, *, current: bool = True) -> QuerySet[Membership]:
    members = group.memberships.select_related("person", "person__area")
    if current:
        members = members.filter(left_on__isnull=True)
    return members.order_by("role", "person__last_name", "id")


def group_leaderships(group: Group) -> QuerySet[GroupLeadership]:
    return group.leaderships.filter(until__isnull=True).select_related("user")


def _one(queryset: QuerySet, pk: Any):
    from django.http import Http404

    found = queryset.filter(pk=record_id(pk)).first()
    if found is None:
        raise Http404
    return found


def adopted_village_get(*, actor, pk: int, perm: str = VIEW_VOLUNTEERS) -> AdoptedVillage:
    rows = scope_groups(
        AdoptedVillage.objects.select_related("group", "group__area", "village"),
        actor=actor,
        perm=perm,
        area_field="group__area",
        group_field="group",
    )
    return _one(rows, pk)


def leadership_get(*, actor, pk: int, perm: str = VIEW_VOLUNTEERS) -> GroupLeadership:
    """An open leadership link of a group the actor may see, or 404."""
    rows = scope_groups(
        GroupLeadership.objects.filter(until__isnull=True).select_related(
            "group", "group__area", "user"
        ),
        actor=actor,
        perm=perm,
        area_field="group__area",
        group_field="group",
    )
    return _one(rows, pk)


def _labelled(rows: dict[str, int], labels: dict[str, str]) -> list[tuple[str, str, int]]:
    return sorted(
        ((key, labels.get(key, key), count) for key, count in rows.items()),
        key=lambda row: (-row[2], row[1]),
    )


def counts_by_domain(groups: QuerySet[Group]) -> list[tuple[str, str, int]]:
    """(domain, label, groups working in it) for the groups of a list: a group with
    several domains counts in each."""
    rows = (
        GroupDomain.objects.filter(group__in=groups.order_by().values("pk"))
        .values("domain")
        .annotate(n=Count("id"))
        .values_list("domain", "n")
    )
    return _labelled(dict(rows), {str(value): str(label) for value, label in Domain.choices})


def counts_by_county(groups: QuerySet[Group]) -> list[tuple[str, str, int]]:
    """(county code, name, groups) for the groups of a list: one grouped query."""
    rows = (
        groups.order_by()
        .values("area__code", "area__name")
        .annotate(n=Count("id"))
        .values_list("area__code", "area__name", "n")
    )
    return sorted(rows, key=lambda row: (-row[2], row[1]))


def map_counts(groups: QuerySet[Group], *, area: Area) -> dict[str, int]:
    """Group counts for the polygons of ``area``'s map: by county under a province (or a
    county), by province under the country. One grouped query."""
    key = "area__parent__code" if area.level == AreaLevel.COUNTRY else "area__code"
    rows = groups.order_by().values(key).annotate(n=Count("id")).values_list(key, "n")
    return {str(code): n for code, n in rows}


def group_map(*, actor, area: Area, groups: QuerySet[Group]) -> dict[str, Any]:
    """The geography's polygons of ``area`` (provinces of the country, counties of a
    province) with each one's group count, for the map page."""
    if area.level not in (AreaLevel.COUNTRY, AreaLevel.PROVINCE):
        from abadi.geography.selectors import county_of

        county = county_of(area)
        area = county if county is not None else area
    collection = area_map(actor=actor, area=area)
    counts = map_counts(groups, area=area)
    for feature in collection["features"]:
        properties = feature["properties"]
        count = counts.get(properties["code"], 0)
        properties["count"] = count
        properties["count_fa"] = to_persian_digits(f"{count:,}").replace(",", "٬")
    collection["total"] = sum(counts.values())
    return collection


# ------------------------------------------------------------------------------ permits


def permits_expiring(
    *, actor, days: int | None = None, as_of: datetime.date | None = None
) -> QuerySet[Group]:
    """Groups (active or suspended) whose permit runs out within ``days`` of ``as_of``
    (default: the configured window from today), soonest first; those already lapsed
    come first, awaiting renewal or the record of their lapse."""
    days = expiry_window_days() if days is None else days
    day = as_of or clock.today()
    groups = scope_groups(Group.objects.all(), actor=actor, perm=VIEW_VOLUNTEERS)
    return (
        groups.filter(
            status__in=(GroupStatus.ACTIVE, GroupStatus.SUSPENDED),
            permit_expires_on__isnull=False,
            permit_expires_on__lte=day + datetime.timedelta(days=days),
        )
        .select_related("area", "home", "leader")
        .order_by("permit_expires_on", "id")
    )


# ------------------------------------------------------------------------------ members


def member_person(*, actor, national_code: str, perm: str) -> Any:
    """The registered person a member row names, or a Persian refusal on
    ``national_code`` (with, for whoever may register people, the offer to do so)."""
    from abadi.core.validators import normalize_national_code

    try:
        code = normalize_national_code(national_code)
    except ValidationError as error:
        raise ValidationError({"national_code": error.messages}) from error
    person = person_by_national_code(actor=actor, national_code=code, perm=perm)
    if person is None:
        raise MemberNotRegistered(code, can_register=_may_register(actor))
    return person


def _may_register(actor) -> bool:
    from abadi.core.permissions import has_perm

    return has_perm(actor, EDIT_PEOPLE)


class MemberNotRegistered(ValidationError):
    """A member named by a national code no registered person (in the caller's areas)
    has: members are persons of the registry, registered there first."""

    def __init__(self, code: str, *, can_register: bool) -> None:
        message = _(
            "فردی با کد ملی %(code)s در سامانهٔ افراد حوزهٔ شما ثبت نشده است؛ عضو گروه باید "
            "نخست در سامانهٔ افراد ثبت شود."
        ) % {"code": to_persian_digits(code)}
        super().__init__({"national_code": [message]})
        self.code = code
        self.can_register = can_register


def member_list(*, actor, group: Group | None = None, current: bool = True) -> QuerySet[Membership]:
    members = scope_groups(
        Membership.objects.all(),
        actor=actor,
        perm=VIEW_VOLUNTEERS,
        area_field="group__area",
        group_field="group",
    )
    if group is not None:
        members = members.filter(group=group)
    if current:
        members = members.filter(left_on__isnull=True)
    return members.select_related("group", "group__area", "person", "person__area").order_by(
        "group_id", "role", "id"
    )


def membership_get(*, actor, pk: int, perm: str = VIEW_VOLUNTEERS) -> Membership:
    from django.http import Http404

    members = scope_groups(
        Membership.objects.select_related("group", "group__area", "person"),
        actor=actor,
        perm=perm,
        area_field="group__area",
        group_field="group",
    )
    try:
        return members.get(pk=record_id(pk))
    except Membership.DoesNotExist as missing:
        raise Http404 from missing


# ------------------------------------------------------------------------------ deployments


def deployment_list(
    *,
    actor,
    group: Group | None = None,
    domain: str = "",
    county: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[Deployment]:
    deployments = scope_groups(
        Deployment.objects.all(), actor=actor, perm=VIEW_VOLUNTEERS, group_field="group"
    )
    if group is not None:
        deployments = deployments.filter(group=group)
    if domain:
        deployments = deployments.filter(domain=domain)
    if county:
        deployments = deployments.filter(area__code=to_latin_digits(county).strip())
    if start is not None:
        deployments = deployments.filter(started_on__gte=start)
    if end is not None:
        deployments = deployments.filter(started_on__lte=end)
    return deployments.select_related("group", "area", "place", "reported_by").order_by(
        "-started_on", "-id"
    )


def deployment_totals(deployments: QuerySet[Deployment]) -> dict[str, int]:
    totals = deployments.order_by().aggregate(
        count=Count("id"), people=Sum("people_served"), days=Sum("volunteer_days")
    )
    return {key: int(value or 0) for key, value in totals.items()}


@openable(Deployment)
def deployment_get(*, actor, pk: int, perm: str = VIEW_VOLUNTEERS) -> Deployment:
    from django.http import Http404

    deployments = scope_groups(
        Deployment.objects.select_related("group", "group__area", "area", "place", "reported_by"),
        actor=actor,
        perm=perm,
        group_field="group",
    )
    try:
        return deployments.get(pk=record_id(pk))
    except Deployment.DoesNotExist as missing:
        raise Http404 from missing


@openable(DeploymentPhoto, files=("file",))
def deployment_photo_get(*, actor, pk: int) -> DeploymentPhoto:
    from django.http import Http404

    photos = scope_groups(
        DeploymentPhoto.objects.select_related("deployment"),
        actor=actor,
        perm=VIEW_VOLUNTEERS,
        area_field="deployment__area",
        group_field="deployment__group",
    )
    try:
        return photos.get(pk=record_id(pk))
    except DeploymentPhoto.DoesNotExist as missing:
        raise Http404 from missing


def county_names() -> dict[str, str]:
    return names_of_level(AreaLevel.COUNTY)
