"""Export kinds of the events module: occasions, events and exhibitors as the lists show
them (scope applied). Their first columns are the import columns, so an exported file
imports back (the extra columns are ignored)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abadi.core.exports import ExportColumn, ExportKind, register_export
from abadi.events.permissions import VIEW_EVENTS

AMOUNT = "#,##0"


def _time(moment) -> str | None:
    return timezone.localtime(moment).strftime("%H:%M") if moment else None


def occasion_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("نام مناسبت"), lambda o: o.name, width=30),
        ExportColumn(_("دفتر مسئول"), lambda o: o.area.code, width=12),
        ExportColumn(_("روز نخست"), lambda o: o.starts_on),
        ExportColumn(_("روز پایان"), lambda o: o.ends_on),
        ExportColumn(_("توضیح"), lambda o: o.description, width=30),
        ExportColumn(_("شناسه"), lambda o: o.pk, width=10),
        ExportColumn(_("شمار رویدادها"), lambda o: getattr(o, "event_count", None)),
    ]


def event_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("شناسه منبع"), lambda e: e.source_id or str(e.pk), width=14),
        ExportColumn(_("عنوان"), lambda e: e.title, width=34),
        ExportColumn(_("نوع برنامه"), lambda e: e.get_kind_display(), width=30),
        ExportColumn(_("مناسبت"), lambda e: e.occasion.name if e.occasion_id else None, width=26),
        ExportColumn(_("محل برگزاری"), lambda e: e.place.code, width=16),
        ExportColumn(_("روز برگزاری"), lambda e: e.on),
        ExportColumn(_("ساعت آغاز"), lambda e: _time(e.starts_at)),
        ExportColumn(_("ساعت پایان"), lambda e: _time(e.ends_at)),
        ExportColumn(_("برگزارکننده"), lambda e: e.get_organiser_kind_display(), width=16),
        ExportColumn(_("نام برگزارکننده"), lambda e: e.organiser_name, width=22),
        ExportColumn(_("مکان"), lambda e: e.venue, width=20),
        ExportColumn(_("تاریخ برگزاری (ثبت‌شده)"), lambda e: e.held_on),
        ExportColumn(_("شمار بهره‌مندان"), lambda e: e.people_served),
        ExportColumn(_("شناسه"), lambda e: e.pk, width=10),
        ExportColumn(_("شهرستان"), lambda e: e.area.name, width=14),
        ExportColumn(_("نام محل"), lambda e: e.place.name, width=18),
        ExportColumn(_("وضعیت"), lambda e: e.get_status_display(), width=14),
        ExportColumn(_("تاریخ لغو"), lambda e: e.cancelled_on),
    ]


def exhibitor_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("نمایشگاه"), lambda x: x.event.source_id or str(x.event_id), width=14),
        ExportColumn(_("شماره طرح اشتغال"), lambda x: x.loan_number, width=14),
        ExportColumn(_("نام کارگاه"), lambda x: x.name, width=26),
        ExportColumn(_("محصولات"), lambda x: x.products, width=30),
        ExportColumn(_("فروش (ریال)"), lambda x: x.sales_amount, number_format=AMOUNT),
        ExportColumn(_("بازدیدکنندگان"), lambda x: x.visitors),
        ExportColumn(_("عنوان نمایشگاه"), lambda x: x.event.title, width=30),
        ExportColumn(_("شهرستان"), lambda x: x.event.area.name, width=14),
        ExportColumn(_("روز نمایشگاه"), lambda x: x.event.on),
    ]


def _occasions(actor):
    from abadi.events.selectors import occasion_list

    return occasion_list(actor=actor).order_by("id")


def _events(actor):
    from abadi.events.selectors import event_list

    return event_list(actor=actor).order_by("id")


def _exhibitors(actor):
    from abadi.events.selectors import exhibitor_list

    return exhibitor_list(actor=actor).order_by("id")


register_export(
    ExportKind(
        name="events_occasions",
        label=_("مناسبت‌ها"),
        perm=VIEW_EVENTS,
        columns=occasion_columns,
        queryset=_occasions,
        filename="occasions",
    )
)
register_export(
    ExportKind(
        name="events_events",
        label=_("رویدادها"),
        perm=VIEW_EVENTS,
        columns=event_columns,
        queryset=_events,
        filename="events",
    )
)
register_export(
    ExportKind(
        name="events_exhibitors",
        label=_("غرفه‌داران نمایشگاه‌ها"),
        perm=VIEW_EVENTS,
        columns=exhibitor_columns,
        queryset=_exhibitors,
        area_field="event__area",
        filename="exhibitors",
    )
)
