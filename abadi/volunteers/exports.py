"""Export kinds of the volunteers module: groups, members, deployments and the permits
running out, as the lists show them (filters and scope applied). The first columns of
groups, members and deployments are their import columns, so an edited export imports
back (the further columns are ignored)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from abadi.core.exports import ExportColumn, ExportKind, register_export
from abadi.volunteers.models import Domain
from abadi.volunteers.permissions import VIEW_VOLUNTEERS

_LABELS = {str(value): str(label) for value, label in Domain.choices}


def _other_domains(group: Any) -> str:
    """The group's domains besides its main one (the rows come prefetched in chunks)."""
    others = sorted(
        row.domain for row in group.domain_rows.all() if row.domain != group.main_domain
    )
    return "، ".join(_LABELS.get(domain, domain) for domain in others)


def group_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("شناسه اطلس"), lambda g: g.atlas_id, width=14),
        ExportColumn(_("نام گروه"), lambda g: g.name, width=28),
        ExportColumn(_("نوع گروه"), lambda g: g.get_group_type_display(), width=16),
        ExportColumn(_("حوزه اصلی"), lambda g: g.get_main_domain_display(), width=16),
        ExportColumn(_("حوزه‌های دیگر"), _other_domains, width=24),
        ExportColumn(_("محل استقرار"), lambda g: g.home.code, width=16),
        ExportColumn(_("کد ملی سرگروه"), lambda g: g.leader.national_code if g.leader else None),
        ExportColumn(_("شماره مجوز"), lambda g: g.permit_number, width=14),
        ExportColumn(_("تاریخ صدور مجوز"), lambda g: g.permit_issued_on),
        ExportColumn(_("پایان اعتبار مجوز"), lambda g: g.permit_expires_on),
        ExportColumn(_("تاریخ آغاز فعالیت"), lambda g: g.active_since),
        ExportColumn(_("نام محل استقرار"), lambda g: g.home.name, width=18),
        ExportColumn(_("شهرستان"), lambda g: g.area.name, width=14),
        ExportColumn(_("سرگروه"), lambda g: g.leader.full_name if g.leader else "", width=20),
        ExportColumn(_("وضعیت"), lambda g: g.current_status_label, width=12),
    ]


def member_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("شناسه اطلس"), lambda m: m.group.atlas_id, width=14),
        ExportColumn(_("کد ملی"), lambda m: m.person.national_code, width=14),
        ExportColumn(_("نقش"), lambda m: m.get_role_display(), width=14),
        ExportColumn(_("مهارت‌ها"), lambda m: m.skills, width=24),
        ExportColumn(_("تاریخ عضویت"), lambda m: m.joined_on),
        ExportColumn(_("نام گروه"), lambda m: m.group.name, width=24),
        ExportColumn(_("نام"), lambda m: m.person.full_name, width=22),
        ExportColumn(_("شهرستان"), lambda m: m.group.area.name, width=14),
        ExportColumn(_("تاریخ خروج"), lambda m: m.left_on),
    ]


def deployment_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("شناسه اطلس"), lambda d: d.group.atlas_id, width=14),
        ExportColumn(_("محل خدمت"), lambda d: d.place.code, width=16),
        ExportColumn(_("تاریخ آغاز"), lambda d: d.started_on),
        ExportColumn(_("تاریخ پایان"), lambda d: d.ended_on),
        ExportColumn(_("حوزه"), lambda d: d.get_domain_display(), width=16),
        ExportColumn(_("کار انجام‌شده"), lambda d: d.work_done, width=36),
        ExportColumn(_("شمار خدمت‌گیرندگان"), lambda d: d.people_served),
        ExportColumn(_("شمار جهادگران"), lambda d: d.volunteers),
        ExportColumn(_("نفر-روز خدمت"), lambda d: d.volunteer_days),
        ExportColumn(_("شناسه منبع"), lambda d: d.source_id, width=14),
        ExportColumn(_("نام گروه"), lambda d: d.group.name, width=24),
        ExportColumn(_("نام محل خدمت"), lambda d: d.place.name, width=18),
        ExportColumn(_("شهرستان"), lambda d: d.area.name, width=14),
    ]


def permit_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("شناسه اطلس"), lambda g: g.atlas_id, width=14),
        ExportColumn(_("نام گروه"), lambda g: g.name, width=28),
        ExportColumn(_("شهرستان"), lambda g: g.area.name, width=14),
        ExportColumn(_("شماره مجوز"), lambda g: g.permit_number, width=14),
        ExportColumn(_("تاریخ صدور مجوز"), lambda g: g.permit_issued_on),
        ExportColumn(_("پایان اعتبار مجوز"), lambda g: g.permit_expires_on),
        ExportColumn(_("سرگروه"), lambda g: g.leader.full_name if g.leader else "", width=20),
        ExportColumn(_("تلفن سرگروه"), lambda g: g.leader.mobile if g.leader else "", width=14),
        ExportColumn(_("وضعیت"), lambda g: g.current_status_label, width=12),
    ]


def _groups(actor):
    from abadi.volunteers.selectors import group_list

    return group_list(actor=actor).prefetch_related("domain_rows")


def _members(actor):
    from abadi.volunteers.selectors import member_list

    return member_list(actor=actor)


def _deployments(actor):
    from abadi.volunteers.selectors import deployment_list

    return deployment_list(actor=actor)


def _permits(actor):
    from abadi.volunteers.selectors import permits_expiring

    return permits_expiring(actor=actor)


register_export(
    ExportKind(
        name="volunteer_groups",
        label=_("گروه‌های جهادی"),
        perm=VIEW_VOLUNTEERS,
        columns=group_columns,
        queryset=_groups,
        filename="volunteer-groups",
    )
)
register_export(
    ExportKind(
        name="volunteer_members",
        label=_("اعضای گروه‌های جهادی"),
        perm=VIEW_VOLUNTEERS,
        columns=member_columns,
        queryset=_members,
        area_field="group__area",
        filename="volunteer-members",
    )
)
register_export(
    ExportKind(
        name="volunteer_deployments",
        label=_("اردوها و خدمات گروه‌های جهادی"),
        perm=VIEW_VOLUNTEERS,
        columns=deployment_columns,
        queryset=_deployments,
        filename="deployments",
    )
)
register_export(
    ExportKind(
        name="volunteer_permits",
        label=_("مجوزهای رو به پایان گروه‌های جهادی"),
        perm=VIEW_VOLUNTEERS,
        columns=permit_columns,
        queryset=_permits,
        filename="volunteer-permits",
    )
)
