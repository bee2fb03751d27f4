"""Writes of the volunteers module: groups (registration, correction, domains, adopted
villages, leader), their status steps (``abadi.volunteers.workflow``) and permits,
members, the user accounts that lead a group, and deployments with their photos.

Every service is one transaction and one audit event; every refusal is a Persian
``ValidationError`` on the field it is about (nothing is written) or a
``PermissionDenied`` when the actor may not act on that group. A group leader acts only
on the groups their account is linked to (:func:`abadi.volunteers.selectors.may_act_on`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.actors import user_of
from abadi.core.audit import audit_record, changed, snapshot
from abadi.core.imports.bulk import insert_rows
from abadi.core.jalali import format_jalali
from abadi.core.permissions import Role
from abadi.core.persian import search_key, to_latin_digits, to_persian_digits
from abadi.core.services import audited_create, model_update, require, service
from abadi.core.validators import count_within, not_before, not_future, required_text
from abadi.geography.models import RESIDENCE_LEVELS, AreaLevel
from abadi.geography.selectors import county_of
from abadi.volunteers.audit import Action
from abadi.volunteers.models import (
    ATLAS_ID_LENGTH,
    MAX_DEPLOYMENT_DAYS,
    MAX_PEOPLE_SERVED,
    MAX_PHOTOS,
    MAX_VOLUNTEERS,
    AdoptedVillage,
    Deployment,
    DeploymentPhoto,
    Domain,
    Group,
    GroupDomain,
    GroupLeadership,
    GroupStatus,
    GroupType,
    MemberRole,
    Membership,
    Permit,
    StatusChange,
)
from abadi.volunteers.permissions import (
    CHANGE_STATUS,
    MANAGE_GROUPS,
    MANAGE_LEADERS,
    MANAGE_MEMBERS,
    REPORT_DEPLOYMENTS,
)
from abadi.volunteers.selectors import group_active_on, may_act_on, status_on
from abadi.volunteers.workflow import WORKFLOW

if TYPE_CHECKING:
    from abadi.geography.models import Area

# Home: the county itself or any place below it; never a province.
HOME_LEVELS = (
    AreaLevel.COUNTY,
    AreaLevel.DISTRICT,
    AreaLevel.RURAL_DISTRICT,
    AreaLevel.CITY,
    AreaLevel.VILLAGE,
)
_ATLAS = re.compile(rf"^[0-9A-Z][0-9A-Z\-]{{2,{ATLAS_ID_LENGTH - 1}}}$")


# ------------------------------------------------------------------------------ checks


def normalize_atlas_id(value: object) -> str:
    """The stored form of an Atlas ID (Latin digits, capitals), or a Persian refusal."""
    text = to_latin_digits(str(value or "")).strip().upper()
    if not text:
        raise ValidationError({"atlas_id": _("شناسه اطلس را وارد کنید.")})
    if not _ATLAS.match(text):
        raise ValidationError(
            {
                "atlas_id": _(
                    "شناسه اطلس باید ۳ تا %(max)s نویسه از رقم‌ها، حروف لاتین و خط تیره باشد."
                )
                % {"max": to_persian_digits(ATLAS_ID_LENGTH)}
            }
        )
    return text


def _atlas_free(atlas_id: str, *, exclude: int | None = None) -> None:
    taken = Group.objects.filter(atlas_id=atlas_id)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(
            {"atlas_id": _("گروهی با شناسه اطلس «%(id)s» قبلاً ثبت شده است.") % {"id": atlas_id}}
        )


def _choice(value: str, choices: type[models.TextChoices], *, field: str, label: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("«%(label)s» نامعتبر است.") % {"label": label}})
    return value


def _domains(main: str, domains: Iterable[str]) -> list[str]:
    _choice(main, Domain, field="main_domain", label=_("حوزه اصلی"))
    chosen = {main}
    for domain in domains:
        chosen.add(_choice(domain, Domain, field="domains", label=_("حوزه‌ها")))
    return sorted(chosen)


def _home_county(home: Area) -> Area:
    if home.level not in HOME_LEVELS:
        raise ValidationError(
            {
                "home": _("محل استقرار گروه باید یک شهرستان یا جایی در آن باشد، نه «%(name)s».")
                % {"name": home.name}
            }
        )
    county = county_of(home)
    if county is None:
        raise ValidationError({"home": _("محل استقرار گروه باید در یک شهرستان باشد.")})
    return county


def check_permit(
    issued_on: datetime.date | None, expires_on: datetime.date | None
) -> tuple[datetime.date, datetime.date] | None:
    """Both dates or neither; issued by today; expiring after the day it was issued."""
    if issued_on is None and expires_on is None:
        return None
    if issued_on is None:
        raise ValidationError({"permit_issued_on": _("تاریخ صدور مجوز را وارد کنید.")})
    if expires_on is None:
        raise ValidationError({"permit_expires_on": _("تاریخ پایان اعتبار مجوز را وارد کنید.")})
    not_future(issued_on, field="permit_issued_on", label=_("تاریخ صدور مجوز"))
    if expires_on <= issued_on:
        raise ValidationError(
            {
                "permit_expires_on": _(
                    "پایان اعتبار مجوز (%(expires)s) باید پس از تاریخ صدور آن (%(issued)s) باشد."
                )
                % {"expires": format_jalali(expires_on), "issued": format_jalali(issued_on)}
            }
        )
    return issued_on, expires_on


def _require_on(actor, perm: str, group: Group) -> None:
    if not may_act_on(actor, perm, group):
        raise PermissionDenied(perm)


def _lock(group: Group) -> Group:
    return Group.objects.select_for_update().select_related("area", "home").get(pk=group.pk)


def _not_dissolved(group: Group) -> None:
    if group.status == GroupStatus.DISSOLVED:
        raise ValidationError(_("گروه «%(name)s» منحل شده است.") % {"name": group.name})


# ------------------------------------------------------------------------------ status moves


def _move(
    group: Group,
    *,
    action: str,
    actor,
    on: datetime.date,
    audit_action: str,
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> Group:
    """Take the step ``action``: close the open status row on ``on``, open the new one,
    set the group's status and write the audit record."""
    step = WORKFLOW.step(action)
    from_status = group.status
    target = step.target or from_status
    StatusChange.objects.filter(group=group, until__isnull=True).update(until=on)
    StatusChange.objects.create(
        group=group,
        from_status=from_status,
        to_status=target,
        action=action,
        on=on,
        actor=user_of(actor),
        note=note,
    )
    group.status = target
    group.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_action,
        obj=group,
        old={"status": from_status},
        new={"status": target, **({"note": note} if note else {}), **(extra or {})},
        on=on,
    )
    return group


def _start(*, actor, group: Group, action: str, on: datetime.date | None):
    group = _lock(group)
    WORKFLOW.check(actor=actor, record=group, action=action)
    day = WORKFLOW.check_date(record=group, action=action, on=on or clock.today())
    return group, day


def _lapse_day(group: Group) -> datetime.date:
    """The day a lapse takes effect: the day after the permit's last day, or the last
    step's day if that came later (a lapse during a suspension)."""
    assert group.permit_expires_on is not None
    day = group.permit_expires_on + datetime.timedelta(days=1)
    last = group.status_changes.order_by("-on", "-at", "-id").values_list("on", flat=True).first()
    return max(day, last) if last else day


def _record_lapse_if_due(group: Group, *, actor) -> None:
    """An active or suspended group whose permit has run out is recorded as expired, in
    the same service call (registering an old permit, reinstating after it ran out)."""
    if group.status in (GroupStatus.ACTIVE, GroupStatus.SUSPENDED) and group.permit_lapsed():
        _move(
            group,
            action="expire",
            actor=actor,
            on=_lapse_day(group),
            audit_action=Action.EXPIRE,
            note=_("مجوز در %(date)s به پایان رسید.")
            % {"date": format_jalali(group.permit_expires_on)},
        )


# ------------------------------------------------------------------------------ groups


@service
def group_register(
    *,
    actor,
    atlas_id: str,
    name: str,
    group_type: str,
    main_domain: str,
    home: Area,
    domains: Iterable[str] = (),
    leader=None,
    permit_number: str = "",
    permit_issued_on: datetime.date | None = None,
    permit_expires_on: datetime.date | None = None,
    villages: Iterable[Area] = (),
    note: str = "",
    on: datetime.date | None = None,
) -> Group:
    """Register a group based in ``home`` (it belongs to the county ``home`` lies in),
    active from ``on`` (default: the permit's issue date, else today). ``leader`` is a
    person of the registry; ``villages`` the villages it has adopted."""
    county = _home_county(home)
    require(actor, MANAGE_GROUPS, county)
    atlas = normalize_atlas_id(atlas_id)
    _atlas_free(atlas)
    name = required_text(name, field="name", label=_("نام گروه"))
    _choice(group_type, GroupType, field="group_type", label=_("نوع گروه"))
    chosen = _domains(main_domain, domains)
    permit = check_permit(permit_issued_on, permit_expires_on)
    day = on or (permit[0] if permit else clock.today())
    not_future(day, field="on", label=_("تاریخ آغاز فعالیت"))
    if permit is not None:
        not_before(day, permit[0], field="on", label=_("تاریخ آغاز فعالیت"), other=_("صدور مجوز"))
    group = Group(
        atlas_id=atlas,
        name=name,
        search_key=search_key(name)[:200],
        group_type=group_type,
        main_domain=main_domain,
        area=county,
        home=home,
        leader=leader,
        status=GroupStatus.ACTIVE,
        active_since=day,
        permit_number=(permit_number or "").strip(),
        permit_issued_on=permit[0] if permit else None,
        permit_expires_on=permit[1] if permit else None,
        note=(note or "").strip(),
        registered_by=user_of(actor),
    )
    audited_create(
        group,
        actor=actor,
        action=Action.REGISTER,
        exclude=["area", "home", "leader", "registered_by"],
        on=day,
        extra={"domains": chosen},
    )
    GroupDomain.objects.bulk_create(GroupDomain(group=group, domain=d) for d in chosen)
    StatusChange.objects.create(
        group=group, to_status=GroupStatus.ACTIVE, action="register", on=day, actor=user_of(actor)
    )
    if permit is not None:
        Permit.objects.create(
            group=group,
            number=group.permit_number,
            issued_on=permit[0],
            expires_on=permit[1],
            recorded_by=user_of(actor),
        )
    for village in villages:
        _adopt(group, village, on=day)
    if leader is not None:
        Membership.objects.create(group=group, person=leader, role=MemberRole.LEADER, joined_on=day)
    _record_lapse_if_due(group, actor=actor)
    return group


@dataclass(frozen=True)
class LightGroup:
    """A group of the national list: name, type, domain and where it is based."""

    atlas_id: str
    name: str
    group_type: str
    main_domain: str
    home: Area
    county: Area
    active_since: datetime.date


GROUP_INSERT = (
    "atlas_id",
    "name",
    "search_key",
    "group_type",
    "main_domain",
    "area",
    "home",
    "status",
    "active_since",
    "permit_number",
    "note",
    "created_at",
    "updated_at",
)
ID_CHUNK = 5_000


@service
def groups_register_bulk(*, actor, rows: list[LightGroup], note: str = "") -> dict[str, int]:
    """Register many groups of the national list at once (the bulk import, the demo):
    each row checked as :func:`group_register` checks it, written with COPY / one
    prepared INSERT (the group, its domain, its "registered" status row), and ONE audit
    event for the batch. Returns the new groups' ids by Atlas ID."""
    if not rows:
        return {}
    for county in {row.county.pk: row.county for row in rows}.values():
        require(actor, MANAGE_GROUPS, county)
    seen: set[str] = set()
    types, domains, today = set(GroupType.values), set(Domain.values), clock.today()
    for row in rows:
        if row.atlas_id in seen:
            raise ValidationError(
                {"atlas_id": _("شناسه اطلس «%(id)s» دو بار آمده است.") % {"id": row.atlas_id}}
            )
        seen.add(row.atlas_id)
        # The same checks as group_register's, written for tens of thousands of rows.
        if row.group_type not in types:
            _choice(row.group_type, GroupType, field="group_type", label=_("نوع گروه"))
        if row.main_domain not in domains:
            _choice(row.main_domain, Domain, field="main_domain", label=_("حوزه اصلی"))
        if row.active_since > today:
            not_future(row.active_since, field="on", label=_("تاریخ آغاز فعالیت"))
        if not row.name.strip():
            required_text(row.name, field="name", label=_("نام گروه"))
    atlas_ids = sorted(seen)
    for start in range(0, len(atlas_ids), ID_CHUNK):
        taken = Group.objects.filter(atlas_id__in=atlas_ids[start : start + ID_CHUNK])
        first = taken.values_list("atlas_id", flat=True).first()
        if first is not None:
            _atlas_free(first)
    now = clock.now()
    insert_rows(
        Group,
        GROUP_INSERT,
        (
            (
                row.atlas_id,
                row.name.strip(),
                search_key(row.name)[:200],
                row.group_type,
                row.main_domain,
                row.county.pk,
                row.home.pk,
                GroupStatus.ACTIVE,
                row.active_since,
                "",
                note,
                now,
                now,
            )
            for row in rows
        ),
    )
    ids: dict[str, int] = {}
    for start in range(0, len(atlas_ids), ID_CHUNK):
        ids.update(
            Group.objects.filter(atlas_id__in=atlas_ids[start : start + ID_CHUNK]).values_list(
                "atlas_id", "id"
            )
        )
    insert_rows(GroupDomain, ("group", "domain"), ((ids[r.atlas_id], r.main_domain) for r in rows))
    user = getattr(user_of(actor), "pk", None)
    insert_rows(
        StatusChange,
        ("group", "from_status", "to_status", "action", "on", "actor", "at", "note"),
        (
            (ids[r.atlas_id], "", GroupStatus.ACTIVE, "register", r.active_since, user, now, "")
            for r in rows
        ),
    )
    audit_record(
        actor=actor,
        action=Action.BULK,
        new={"count": len(rows), "counties": len({r.county.pk for r in rows}), "note": note},
    )
    return ids


GROUP_EDITABLE = ("name", "group_type", "main_domain", "home", "note")


@service
def group_update(
    *, actor, group: Group, domains: Iterable[str] | None = None, **fields: Any
) -> Group:
    """Correct a group's name, type, domains, home or note. A new home in another county
    moves the group there (the actor must manage both)."""
    group = _lock(group)
    require(actor, MANAGE_GROUPS, group.area)
    old_domains = sorted(group.domain_rows.values_list("domain", flat=True))
    main = fields.get("main_domain", group.main_domain)
    chosen = _domains(main, old_domains if domains is None else domains)

    def prepare(changed_group: Group) -> None:
        changed_group.name = required_text(changed_group.name, field="name", label=_("نام گروه"))
        changed_group.search_key = search_key(changed_group.name)[:200]
        _choice(changed_group.group_type, GroupType, field="group_type", label=_("نوع گروه"))
        if "home" in fields:
            county = _home_county(changed_group.home)
            require(actor, MANAGE_GROUPS, county)
            changed_group.area = county

    group, _moved = model_update(
        group,
        actor=actor,
        action=Action.UPDATE,
        fields=fields,
        allowed=GROUP_EDITABLE,
        prepare=prepare,
    )
    if chosen != old_domains:
        group.domain_rows.exclude(domain__in=chosen).delete()
        GroupDomain.objects.bulk_create(
            GroupDomain(group=group, domain=d) for d in chosen if d not in old_domains
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=group,
            old={"domains": old_domains},
            new={"domains": chosen},
        )
    return group


def _adopt(group: Group, village: Area, *, on: datetime.date) -> AdoptedVillage:
    if village.level != AreaLevel.VILLAGE:
        raise ValidationError({"village": _("«%(name)s» روستا نیست.") % {"name": village.name}})
    if group.adopted_villages.filter(village=village).exists():
        raise ValidationError(
            {
                "village": _("روستای «%(name)s» پیش‌تر تحت پوشش این گروه است.")
                % {"name": village.name}
            }
        )
    return AdoptedVillage.objects.create(group=group, village=village, adopted_on=on)


@service
def village_adopt(
    *, actor, group: Group, village: Area, on: datetime.date | None = None
) -> AdoptedVillage:
    """The group takes ``village`` under its care from ``on`` (default today)."""
    group = _lock(group)
    require(actor, MANAGE_GROUPS, group.area)
    _not_dissolved(group)
    day = not_future(on or clock.today(), field="on", label=_("تاریخ پذیرش"))
    adopted = _adopt(group, village, on=day)
    audit_record(
        actor=actor,
        action=Action.VILLAGE_ADOPT,
        obj=group,
        new={"village": village.code},
        on=day,
    )
    return adopted


@service
def village_drop(*, actor, adopted: AdoptedVillage) -> None:
    group = _lock(adopted.group)
    require(actor, MANAGE_GROUPS, group.area)
    code = adopted.village.code
    adopted.delete()
    audit_record(actor=actor, action=Action.VILLAGE_DROP, obj=group, old={"village": code})


@service
def group_set_leader(*, actor, group: Group, person, on: datetime.date | None = None) -> Group:
    """Make ``person`` (of the registry) the group's leader: their membership takes the
    leader's role, the previous leader stays a member."""
    group = _lock(group)
    require(actor, MANAGE_GROUPS, group.area)
    _not_dissolved(group)
    day = not_future(on or clock.today(), field="on", label=_("تاریخ"))
    previous = group.leader_id
    group.memberships.filter(left_on__isnull=True, role=MemberRole.LEADER).exclude(
        person=person
    ).update(role=MemberRole.MEMBER)
    membership = group.memberships.filter(left_on__isnull=True, person=person).first()
    if membership is None:
        Membership.objects.create(group=group, person=person, role=MemberRole.LEADER, joined_on=day)
    elif membership.role != MemberRole.LEADER:
        membership.role = MemberRole.LEADER
        membership.save(update_fields=["role"])
    group.leader = person
    group.save(update_fields=["leader", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.LEADER,
        obj=group,
        old={"leader_id": previous},
        new={"leader_id": person.pk},
        on=day,
    )
    return group


# ------------------------------------------------------------------------------ status steps


@service
def group_suspend(*, actor, group: Group, reason: str, on: datetime.date | None = None) -> Group:
    """Suspend the group from ``on``: it is not active on that day any more."""
    group, day = _start(actor=actor, group=group, action="suspend", on=on)
    reason = required_text(reason, field="reason", label=_("دلیل تعلیق"))
    return _move(
        group, action="suspend", actor=actor, on=day, audit_action=Action.SUSPEND, note=reason
    )


@service
def group_reinstate(
    *, actor, group: Group, note: str = "", on: datetime.date | None = None
) -> Group:
    group, day = _start(actor=actor, group=group, action="reinstate", on=on)
    group = _move(
        group, action="reinstate", actor=actor, on=day, audit_action=Action.REINSTATE, note=note
    )
    _record_lapse_if_due(group, actor=actor)
    return group


@service
def group_expire(*, actor, group: Group, note: str = "") -> Group:
    """Record that the group's permit has run out: dated the day after its last day."""
    group = _lock(group)
    WORKFLOW.check(actor=actor, record=group, action="expire")
    day = WORKFLOW.check_date(record=group, action="expire", on=_lapse_day(group))
    return _move(group, action="expire", actor=actor, on=day, audit_action=Action.EXPIRE, note=note)


@service
def permit_renew(
    *,
    actor,
    group: Group,
    issued_on: datetime.date,
    expires_on: datetime.date,
    number: str = "",
    note: str = "",
) -> Permit:
    """A new permit (a renewal): it becomes the permit in force; an expired group is
    active again from the day it was issued, a suspended one stays suspended."""
    group, issued_on = _start(actor=actor, group=group, action="renew", on=issued_on)
    check_permit(issued_on, expires_on)
    if group.permit_issued_on is not None and issued_on <= group.permit_issued_on:
        raise ValidationError(
            {
                "issued_on": _(
                    "مجوز تازه باید پس از مجوز پیشین (صادرشده در %(date)s) صادر شده باشد."
                )
                % {"date": format_jalali(group.permit_issued_on)}
            }
        )
    permit = Permit.objects.create(
        group=group,
        number=(number or "").strip(),
        issued_on=issued_on,
        expires_on=expires_on,
        recorded_by=user_of(actor),
    )
    old = snapshot(group, ["permit_number", "permit_issued_on", "permit_expires_on"])
    group.permit_number, group.permit_issued_on, group.permit_expires_on = (
        permit.number,
        issued_on,
        expires_on,
    )
    group.save(
        update_fields=["permit_number", "permit_issued_on", "permit_expires_on", "updated_at"]
    )
    before, after = changed(old, snapshot(group, old.keys()))
    audit_record(actor=actor, action=Action.RENEW, obj=group, old=before, new=after, on=issued_on)
    if group.status == GroupStatus.EXPIRED:
        _move(
            group, action="renew", actor=actor, on=issued_on, audit_action=Action.RENEW, note=note
        )
    _record_lapse_if_due(group, actor=actor)
    return permit


@service
def group_dissolve(*, actor, group: Group, reason: str, on: datetime.date | None = None) -> Group:
    """Dissolve the group from ``on``: its memberships and leader accounts end that day."""
    group, day = _start(actor=actor, group=group, action="dissolve", on=on)
    reason = required_text(reason, field="reason", label=_("دلیل انحلال"))
    for membership in group.memberships.filter(left_on__isnull=True):
        membership.left_on = max(day, membership.joined_on)
        membership.save(update_fields=["left_on"])
    for leadership in group.leaderships.filter(until__isnull=True):
        leadership.until = max(day, leadership.since)
        leadership.save(update_fields=["until"])
    return _move(
        group, action="dissolve", actor=actor, on=day, audit_action=Action.DISSOLVE, note=reason
    )


@service
def groups_lapse(*, actor, today: datetime.date | None = None) -> int:
    """Record the lapse of every active or suspended group (in the actor's areas) whose
    permit ran out before ``today``, each dated the day after its permit's last day: in
    bulk, with ONE audit event for the batch (the daily ``abadi volunteers_lapse``)."""
    from abadi.core.scoping import scope

    day = today or clock.today()
    due = scope(
        Group.objects.filter(
            status__in=(GroupStatus.ACTIVE, GroupStatus.SUSPENDED), permit_expires_on__lt=day
        ),
        actor=actor,
        perm=CHANGE_STATUS,
    ).select_for_update()
    groups = {group.pk: group for group in due.only("id", "status", "permit_expires_on")}
    if not groups:
        return 0
    user = user_of(actor)
    open_rows = list(StatusChange.objects.filter(group_id__in=list(groups), until__isnull=True))
    new_rows = []
    for row in open_rows:
        group = groups[row.group_id]
        assert group.permit_expires_on is not None
        lapse = max(group.permit_expires_on + datetime.timedelta(days=1), row.on)
        row.until = lapse
        new_rows.append(
            StatusChange(
                group_id=group.pk,
                from_status=group.status,
                to_status=GroupStatus.EXPIRED,
                action="expire",
                on=lapse,
                actor=user,
                note=_("مجوز در %(date)s به پایان رسید.")
                % {"date": format_jalali(group.permit_expires_on)},
            )
        )
    StatusChange.objects.bulk_update(open_rows, ["until"], batch_size=500)
    StatusChange.objects.bulk_create(new_rows, batch_size=500)
    Group.objects.filter(pk__in=list(groups)).update(
        status=GroupStatus.EXPIRED, updated_at=clock.now()
    )
    audit_record(
        actor=actor,
        action=Action.LAPSE_BULK,
        new={"count": len(groups), "groups": sorted(groups)[:1000]},
        on=day,
    )
    return len(groups)


# ------------------------------------------------------------------------------ members


@service
def member_add(
    *,
    actor,
    group: Group,
    person,
    role: str = MemberRole.MEMBER,
    skills: str = "",
    joined_on: datetime.date | None = None,
) -> Membership:
    """Add a person of the registry to the group (a leader may, to their own group)."""
    group = _lock(group)
    _require_on(actor, MANAGE_MEMBERS, group)
    _not_dissolved(group)
    _choice(role, MemberRole, field="role", label=_("نقش"))
    if role == MemberRole.LEADER:
        raise ValidationError({"role": _("سرگروه را با «تعیین سرگروه» معرفی کنید.")})
    day = not_future(joined_on or clock.today(), field="joined_on", label=_("تاریخ عضویت"))
    if group.memberships.filter(person=person, left_on__isnull=True).exists():
        raise ValidationError(
            {"national_code": _("«%(name)s» هم‌اکنون عضو این گروه است.") % {"name": person}}
        )
    return audited_create(
        Membership(
            group=group, person=person, role=role, skills=(skills or "").strip(), joined_on=day
        ),
        actor=actor,
        action=Action.MEMBER_ADD,
        exclude=["group", "person"],
        area=group.area,
        on=day,
        touches=(group, person),
    )


@service
def member_update(*, actor, membership: Membership, **fields: Any) -> Membership:
    """Change a member's role (not to leader) or skills."""
    group = _lock(membership.group)
    _require_on(actor, MANAGE_MEMBERS, group)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if fields.get("role") == MemberRole.LEADER or (
        "role" in fields and membership.role == MemberRole.LEADER
    ):
        raise ValidationError({"role": _("سرگروه را با «تعیین سرگروه» تغییر دهید.")})

    def prepare(changed_membership: Membership) -> None:
        changed_membership.skills = (changed_membership.skills or "").strip()

    membership, _changed = model_update(
        membership,
        actor=actor,
        action=Action.MEMBER_UPDATE,
        fields=fields,
        allowed=("role", "skills"),
        prepare=prepare,
        area=group.area,
    )
    return membership


@service
def member_leave(*, actor, membership: Membership, on: datetime.date | None = None) -> Membership:
    """The member leaves the group on ``on`` (default today); a leader leaving leaves the
    group without one."""
    group = _lock(membership.group)
    _require_on(actor, MANAGE_MEMBERS, group)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError(_("این عضو پیش‌تر از گروه خارج شده است."))
    day = not_future(on or clock.today(), field="on", label=_("تاریخ خروج"))
    not_before(day, membership.joined_on, field="on", label=_("تاریخ خروج"), other=_("تاریخ عضویت"))
    membership.left_on = day
    membership.save(update_fields=["left_on"])
    if group.leader_id == membership.person_id:
        group.leader = None
        group.save(update_fields=["leader", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.MEMBER_LEAVE,
        obj=membership,
        area=group.area,
        new={"left_on": str(day)},
        on=day,
        touches=(group,),
    )
    return membership


# ------------------------------------------------------------------------------ leader accounts


def _leads_there(user, group: Group) -> bool:
    return any(
        assignment.role == Role.GROUP_LEADER
        and (assignment.area is None or group.area.path.startswith(assignment.area.path))
        for assignment in user.cached_role_assignments()
    )


@service
def leadership_grant(
    *, actor, group: Group, user, since: datetime.date | None = None
) -> GroupLeadership:
    """Link ``user`` (who holds the group-leader role over the group's county) to the
    group: from then on they see and report for it."""
    group = _lock(group)
    require(actor, MANAGE_LEADERS, group.area)
    _not_dissolved(group)
    if user is None or not getattr(user, "is_active", False):
        raise ValidationError({"username": _("کاربری با این نام کاربری پیدا نشد.")})
    if not _leads_there(user, group):
        raise ValidationError(
            {
                "username": _(
                    "کاربر «%(user)s» نقش سرگروه جهادی را در شهرستان این گروه ندارد؛ نخست "
                    "مدیر سامانه این نقش را به او بدهد."
                )
                % {"user": user.username}
            }
        )
    if group.leaderships.filter(user=user, until__isnull=True).exists():
        raise ValidationError(
            {
                "username": _("کاربر «%(user)s» هم‌اکنون سرگروه این گروه است.")
                % {"user": user.username}
            }
        )
    day = not_future(since or clock.today(), field="since", label=_("از تاریخ"))
    return audited_create(
        GroupLeadership(group=group, user=user, since=day, granted_by=user_of(actor)),
        actor=actor,
        action=Action.LEADERSHIP_GRANT,
        exclude=["group", "user", "granted_by"],
        area=group.area,
        on=day,
        touches=(group,),
    )


@service
def leadership_end(
    *, actor, leadership: GroupLeadership, until: datetime.date | None = None
) -> GroupLeadership:
    group = _lock(leadership.group)
    require(actor, MANAGE_LEADERS, group.area)
    leadership = GroupLeadership.objects.select_for_update().get(pk=leadership.pk)
    if leadership.until is not None:
        raise ValidationError(_("این پیوند پیش‌تر پایان یافته است."))
    day = not_future(until or clock.today(), field="until", label=_("تا تاریخ"))
    not_before(day, leadership.since, field="until", label=_("تا تاریخ"), other=_("آغاز آن"))
    leadership.until = day
    leadership.save(update_fields=["until"])
    audit_record(
        actor=actor,
        action=Action.LEADERSHIP_END,
        obj=leadership,
        area=group.area,
        new={"until": str(day)},
        on=day,
        touches=(group,),
    )
    return leadership


# ------------------------------------------------------------------------------ deployments


def check_deployment(
    *,
    group: Group,
    place: Area,
    started_on: datetime.date,
    ended_on: datetime.date,
    domain: str,
    work_done: str,
    people_served: Any,
    volunteers: Any,
    volunteer_days: Any,
) -> tuple[str, int]:
    """The rules of a deployment report (pages, API and imports check rows with it before
    writing); returns the cleaned work text and the volunteer-days."""
    if place.level not in RESIDENCE_LEVELS:
        raise ValidationError(
            {
                "place": _("محل خدمت باید یک روستا یا شهر باشد، نه «%(name)s».")
                % {"name": place.name}
            }
        )
    not_before(
        ended_on,
        started_on,
        field="ended_on",
        label=_("تاریخ پایان اردو"),
        other=_("تاریخ آغاز آن"),
    )
    not_future(ended_on, field="ended_on", label=_("تاریخ پایان اردو"))
    days = (ended_on - started_on).days + 1
    if days > MAX_DEPLOYMENT_DAYS:
        raise ValidationError(
            {
                "ended_on": _("یک اردو نمی‌تواند بیش از %(days)s روز باشد.")
                % {"days": to_persian_digits(MAX_DEPLOYMENT_DAYS)}
            }
        )
    _choice(domain, Domain, field="domain", label=_("حوزه"))
    work = required_text(work_done, field="work_done", label=_("کار انجام‌شده"))
    count_within(
        people_served,
        field="people_served",
        label=_("شمار خدمت‌گیرندگان"),
        maximum=MAX_PEOPLE_SERVED,
    )
    count_within(
        volunteers, field="volunteers", label=_("شمار جهادگران"), minimum=1, maximum=MAX_VOLUNTEERS
    )
    most = volunteers * days
    if volunteer_days is None:
        volunteer_days = most
    count_within(
        volunteer_days, field="volunteer_days", label=_("نفر-روز خدمت"), minimum=1, maximum=most
    )
    if not group_active_on(group, started_on):
        status = status_on(group, started_on)
        raise ValidationError(
            {
                "started_on": _(
                    "گروه «%(name)s» در تاریخ آغاز اردو (%(date)s) فعال نبود%(status)s."
                )
                % {
                    "name": group.name,
                    "date": format_jalali(started_on),
                    "status": f" ({GroupStatus(status).label})" if status else "",
                }
            }
        )
    return work, volunteer_days


def _photo(deployment: Deployment, upload: Any) -> DeploymentPhoto:
    photo = DeploymentPhoto(deployment=deployment, file=upload)
    try:
        photo.full_clean(exclude=["deployment"])
    except ValidationError as error:
        raise ValidationError({"photos": error.messages}) from error
    photo.save()
    return photo


def _photo_room(deployment: Deployment, adding: int) -> None:
    if deployment.photos.count() + adding > MAX_PHOTOS:
        raise ValidationError(
            {
                "photos": _("هر اردو حداکثر %(max)s عکس دارد.")
                % {"max": to_persian_digits(MAX_PHOTOS)}
            }
        )


@service
def deployment_report(
    *,
    actor,
    group: Group,
    place: Area,
    started_on: datetime.date,
    ended_on: datetime.date,
    domain: str,
    work_done: str,
    people_served: int,
    volunteers: int,
    volunteer_days: int | None = None,
    photos: Iterable[Any] = (),
    source_id: str | None = None,
) -> Deployment:
    """A deployment of ``group`` to ``place``; a group leader reports for their own group
    only. ``volunteer_days`` defaults to volunteers × days and may not exceed it."""
    group = Group.objects.select_related("area").get(pk=group.pk)
    _require_on(actor, REPORT_DEPLOYMENTS, group)
    work, days = check_deployment(
        group=group,
        place=place,
        started_on=started_on,
        ended_on=ended_on,
        domain=domain,
        work_done=work_done,
        people_served=people_served,
        volunteers=volunteers,
        volunteer_days=volunteer_days,
    )
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(
            {
                "photos": _("هر اردو حداکثر %(max)s عکس دارد.")
                % {"max": to_persian_digits(MAX_PHOTOS)}
            }
        )
    deployment = audited_create(
        Deployment(
            group=group,
            area=group.area,
            place=place,
            started_on=started_on,
            ended_on=ended_on,
            domain=domain,
            work_done=work,
            people_served=people_served,
            volunteers=volunteers,
            volunteer_days=days,
            reported_by=user_of(actor),
            source_id=source_id or None,
        ),
        actor=actor,
        action=Action.DEPLOYMENT_REPORT,
        exclude=["group", "area", "place", "reported_by"],
        on=started_on,
        touches=(group,),
    )
    for upload in photos:
        _photo(deployment, upload)
    return deployment


DEPLOYMENT_EDITABLE = (
    "place",
    "started_on",
    "ended_on",
    "domain",
    "work_done",
    "people_served",
    "volunteers",
    "volunteer_days",
)


@service
def deployment_update(*, actor, deployment: Deployment, **fields: Any) -> Deployment:
    """Correct a report (whoever may report for the group); the same rules apply."""
    deployment = (
        Deployment.objects.select_for_update().select_related("group__area").get(pk=deployment.pk)
    )
    _require_on(actor, REPORT_DEPLOYMENTS, deployment.group)
    if "volunteers" in fields and "volunteer_days" not in fields:
        fields["volunteer_days"] = None

    def prepare(changed_deployment: Deployment) -> None:
        work, days = check_deployment(
            group=changed_deployment.group,
            place=changed_deployment.place,
            started_on=changed_deployment.started_on,
            ended_on=changed_deployment.ended_on,
            domain=changed_deployment.domain,
            work_done=changed_deployment.work_done,
            people_served=changed_deployment.people_served,
            volunteers=changed_deployment.volunteers,
            volunteer_days=changed_deployment.volunteer_days,
        )
        changed_deployment.work_done, changed_deployment.volunteer_days = work, days

    deployment, _changed = model_update(
        deployment,
        actor=actor,
        action=Action.DEPLOYMENT_UPDATE,
        fields=fields,
        allowed=DEPLOYMENT_EDITABLE,
        prepare=prepare,
    )
    return deployment


@service
def deployment_photo_add(*, actor, deployment: Deployment, file: Any) -> DeploymentPhoto:
    """A photo of the deployment (JPG or PNG up to 5 MB), added afterwards."""
    deployment = (
        Deployment.objects.select_for_update().select_related("group__area").get(pk=deployment.pk)
    )
    _require_on(actor, REPORT_DEPLOYMENTS, deployment.group)
    _photo_room(deployment, 1)
    photo = _photo(deployment, file)
    audit_record(
        actor=actor,
        action=Action.DEPLOYMENT_PHOTO,
        obj=deployment,
        new={"photo": photo.original_name},
        touches=(deployment.group,),
    )
    return photo


@service
def deployment_link(
    *, actor, deployment: Deployment, project_id: int | None = None, event_id: int | None = None
) -> Deployment:
    """Name the project or event a deployment served (called by those modules, which
    check that the project or event is theirs to link)."""
    deployment = Deployment.objects.select_for_update().get(pk=deployment.pk)
    require(actor, MANAGE_GROUPS, deployment.area)
    fields: dict[str, Any] = {}
    if project_id is not None:
        fields["project_id"] = count_within(
            project_id, field="project_id", label=_("شناسه پروژه"), minimum=1, maximum=2**63 - 1
        )
    if event_id is not None:
        fields["event_id"] = count_within(
            event_id, field="event_id", label=_("شناسه برنامه"), minimum=1, maximum=2**63 - 1
        )
    deployment, _changed = model_update(
        deployment,
        actor=actor,
        action=Action.DEPLOYMENT_LINK,
        fields=fields,
        allowed=("project_id", "event_id"),
    )
    return deployment
