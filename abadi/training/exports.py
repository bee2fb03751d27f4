"""Export kinds of the training module: courses, enrolments and licences as the lists show
them (scope applied). Their first columns are the import columns, so an exported file
imports back (the extra columns are ignored)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from abadi.core.exports import ExportColumn, ExportKind, register_export
from abadi.training.permissions import VIEW_TRAINING


def course_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("شناسه منبع"), lambda c: c.source_id or str(c.pk), width=14),
        ExportColumn(_("عنوان دوره"), lambda c: c.title, width=30),
        ExportColumn(_("رشته"), lambda c: c.get_field_display(), width=22),
        ExportColumn(_("دستگاه همکار"), lambda c: c.agency.name, width=30),
        ExportColumn(_("محل برگزاری"), lambda c: c.place.code, width=16),
        ExportColumn(_("تاریخ شروع"), lambda c: c.starts_on),
        ExportColumn(_("تاریخ پایان"), lambda c: c.ends_on),
        ExportColumn(_("ساعت آموزش"), lambda c: c.hours),
        ExportColumn(_("ظرفیت"), lambda c: c.capacity),
        ExportColumn(_("مکان"), lambda c: c.venue, width=20),
        ExportColumn(_("شناسه"), lambda c: c.pk, width=10),
        ExportColumn(_("نام محل برگزاری"), lambda c: c.place.name, width=18),
        ExportColumn(_("شهرستان"), lambda c: c.area.name, width=14),
        ExportColumn(_("ثبت‌نام‌شدگان"), lambda c: c.enrolled_count),
        ExportColumn(_("گواهی‌ها"), lambda c: c.last_certificate),
    ]


def enrolment_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("دوره"), lambda e: e.course.source_id or str(e.course_id), width=14),
        ExportColumn(_("کد ملی"), lambda e: e.person.national_code, width=14),
        ExportColumn(_("تاریخ ثبت‌نام"), lambda e: e.enrolled_on),
        ExportColumn(_("ساعت حضور"), lambda e: e.hours_attended),
        ExportColumn(_("تاریخ پایان دوره"), lambda e: e.completed_on),
        ExportColumn(_("نام فراگیر"), lambda e: e.person.full_name, width=22),
        ExportColumn(_("عنوان دوره"), lambda e: e.course.title, width=30),
        ExportColumn(_("شهرستان"), lambda e: e.course.area.name, width=14),
        ExportColumn(_("وضعیت"), lambda e: e.get_status_display(), width=18),
        ExportColumn(_("شماره گواهی"), lambda e: e.certificate_no, width=18),
        ExportColumn(_("تاریخ انصراف"), lambda e: e.withdrawn_on),
    ]


def licence_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("کد ملی"), lambda lic: lic.person.national_code, width=14),
        ExportColumn(_("نوع مجوز"), lambda lic: lic.get_kind_display(), width=24),
        ExportColumn(_("دستگاه صادرکننده"), lambda lic: lic.agency.name, width=30),
        ExportColumn(_("شماره مجوز"), lambda lic: lic.number, width=18),
        ExportColumn(_("تاریخ صدور"), lambda lic: lic.issued_on),
        ExportColumn(_("تاریخ اعتبار تا"), lambda lic: lic.expires_on),
        ExportColumn(_("دوره"), lambda lic: lic.course_id, width=10),
        ExportColumn(_("شماره طرح اشتغال"), lambda lic: lic.loan_number, width=14),
        ExportColumn(_("فعالیت"), lambda lic: lic.activity, width=22),
        ExportColumn(_("شناسه منبع"), lambda lic: lic.source_id, width=14),
        ExportColumn(_("دارنده مجوز"), lambda lic: lic.person.full_name, width=22),
        ExportColumn(_("شهرستان"), lambda lic: lic.area.name, width=14),
    ]


def _courses(actor):
    from abadi.training.selectors import course_list

    return course_list(actor=actor).order_by("id")


def _enrolments(actor):
    from abadi.training.selectors import enrolment_list

    return enrolment_list(actor=actor).order_by("id")


def _licences(actor):
    from abadi.training.selectors import licence_list

    return licence_list(actor=actor).order_by("id")


register_export(
    ExportKind(
        name="training_courses",
        label=_("دوره‌های آموزشی"),
        perm=VIEW_TRAINING,
        columns=course_columns,
        queryset=_courses,
        filename="courses",
    )
)
register_export(
    ExportKind(
        name="training_enrolments",
        label=_("ثبت‌نام‌های دوره‌های آموزشی"),
        perm=VIEW_TRAINING,
        columns=enrolment_columns,
        queryset=_enrolments,
        area_field="course__area",
        filename="enrolments",
    )
)
register_export(
    ExportKind(
        name="training_licences",
        label=_("مجوزهای صادرشده"),
        perm=VIEW_TRAINING,
        columns=licence_columns,
        queryset=_licences,
        filename="licences",
    )
)
