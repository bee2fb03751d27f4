"""Export kinds of the projects module: projects, progress reports and the plan, as their
lists show them (scope applied). The first columns of each are its import's columns, so an
exported file imports back (its extra columns are ignored, and a project whose number is
already registered is left unchanged)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from abadi.core.exports import ExportColumn, ExportKind, register_export
from abadi.projects.models import FunderKind
from abadi.projects.permissions import VIEW_PROJECTS

AMOUNT = "#,##0"
SHARE_SEPARATOR = "؛ "


def _shares(project: Any, kind: str) -> str:
    return SHARE_SEPARATOR.join(
        f"{share.funder_label}: {share.amount}"
        for share in project.fundings.all()
        if share.kind == kind
    )


def _share_total(project: Any, kind: str) -> int | None:
    total = sum(share.amount for share in project.fundings.all() if share.kind == kind)
    return total or None


def _places(project: Any) -> str:
    return SHARE_SEPARATOR.join(place.area.code for place in project.places.all())


def _kw(project: Any) -> float | None:
    return project.power_kw


def _km(project: Any) -> float | None:
    return project.length_km


def project_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("شماره پروژه"), lambda p: p.number, width=14),
        ExportColumn(_("شناسه منبع"), lambda p: p.source_id, width=14),
        ExportColumn(_("عنوان"), lambda p: p.title, width=30),
        ExportColumn(_("نوع پروژه"), lambda p: p.get_project_type_display(), width=20),
        ExportColumn(_("محل اجرا"), _places, width=20),
        ExportColumn(_("دفتر مسئول"), lambda p: p.area.code, width=10),
        ExportColumn(_("نوع مجری"), lambda p: p.get_executor_kind_display(), width=14),
        ExportColumn(_("مجری"), lambda p: p.executor_label, width=24),
        ExportColumn(_("شناسه اطلس گروه"), lambda p: p.executor_group_atlas_id, width=14),
        ExportColumn(_("اعتبار کل (ریال)"), lambda p: p.budget, number_format=AMOUNT, width=18),
        ExportColumn(_("سهم دستگاه‌ها"), lambda p: _shares(p, FunderKind.AGENCY), width=36),
        ExportColumn(_("سهم خیّران"), lambda p: _shares(p, FunderKind.DONOR), width=30),
        ExportColumn(
            _("سهم بسیج سازندگی (ریال)"),
            lambda p: _share_total(p, FunderKind.OFFICE),
            number_format=AMOUNT,
        ),
        ExportColumn(
            _("آورده بهره‌بردار (ریال)"),
            lambda p: _share_total(p, FunderKind.BENEFICIARY),
            number_format=AMOUNT,
        ),
        ExportColumn(_("واحد مسکونی"), lambda p: p.housing_units),
        ExportColumn(_("زیربنا (متر مربع)"), lambda p: p.floor_area_m2),
        ExportColumn(_("خانوار بهره‌مند"), lambda p: p.households_served),
        ExportColumn(_("توان (کیلووات)"), _kw),
        ExportColumn(_("طول (کیلومتر)"), _km),
        ExportColumn(_("کلاس درس"), lambda p: p.classrooms),
        ExportColumn(_("تاریخ ثبت در برنامه"), lambda p: p.planned_on),
        ExportColumn(_("شرح"), lambda p: p.description, width=30),
        ExportColumn(_("مرحله"), lambda p: p.get_stage_display(), width=14),
        ExportColumn(_("درصد پیشرفت"), lambda p: p.progress),
        ExportColumn(_("روستای بهره‌مند"), lambda p: p.villages_served),
        ExportColumn(_("نام محل اجرا"), lambda p: p.place.name, width=18),
        ExportColumn(
            _("شهرستان محل اجرا"), lambda p: p.place_county.name if p.place_county else "", width=16
        ),
        ExportColumn(
            _("استان محل اجرا"),
            lambda p: p.place_province.name if p.place_province else "",
            width=14,
        ),
        ExportColumn(_("تاریخ آخرین گزارش"), lambda p: p.last_report_on),
    ]


def with_photo_count(reports):
    """Reports with how many photos each has, counted in the same query (an export
    streams its rows: a per-row count would be a query a row)."""
    from django.db.models import Count

    return reports.annotate(photo_count=Count("photos"))


def report_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("شماره پروژه"), lambda r: r.project.number, width=14),
        ExportColumn(_("تاریخ گزارش"), lambda r: r.date),
        ExportColumn(_("درصد پیشرفت"), lambda r: r.percent),
        ExportColumn(_("شرح پیشرفت"), lambda r: r.text, width=40),
        ExportColumn(_("شناسه منبع"), lambda r: r.source_id, width=14),
        ExportColumn(_("عنوان پروژه"), lambda r: r.project.title, width=30),
        ExportColumn(_("محل اجرا"), lambda r: r.project.place.name, width=18),
        ExportColumn(
            _("گزارش‌دهنده"),
            lambda r: r.reported_by.display_name() if r.reported_by else "",
            width=18,
        ),
        ExportColumn(_("شمار عکس"), lambda r: r.photo_count),
    ]


def plan_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("دفتر"), lambda p: p.area.code, width=10),
        ExportColumn(_("سال"), lambda p: p.year),
        ExportColumn(_("نوع پروژه"), lambda p: p.get_project_type_display(), width=20),
        ExportColumn(_("شمار پروژه‌ها"), lambda p: p.count),
        ExportColumn(_("واحد مسکونی"), lambda p: p.units),
        ExportColumn(_("یادداشت"), lambda p: p.note, width=30),
        ExportColumn(_("نام دفتر"), lambda p: p.area.name, width=16),
    ]


def _projects(actor):
    from abadi.projects.selectors import project_list

    return (
        project_list(actor=actor)
        .prefetch_related("fundings__organisation", "places__area")
        .order_by("id")
    )


def _reports(actor):
    from abadi.projects.selectors import report_list

    return with_photo_count(report_list(actor=actor)).order_by("id")


def _plans(actor):
    from abadi.projects.selectors import plan_list

    return plan_list(actor=actor)


register_export(
    ExportKind(
        name="projects",
        label=_("پروژه‌های محرومیت‌زدایی"),
        perm=VIEW_PROJECTS,
        columns=project_columns,
        queryset=_projects,
        filename="projects",
    )
)
register_export(
    ExportKind(
        name="project_reports",
        label=_("گزارش‌های پیشرفت پروژه‌ها"),
        perm=VIEW_PROJECTS,
        columns=report_columns,
        queryset=_reports,
        area_field="project__area",
        filename="project-reports",
    )
)
register_export(
    ExportKind(
        name="project_plans",
        label=_("برنامه سالانه پروژه‌ها"),
        perm=VIEW_PROJECTS,
        columns=plan_columns,
        queryset=_plans,
        filename="project-plans",
    )
)
