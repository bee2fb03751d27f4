"""Export kinds of relief: campaigns, shipments, stock and packages, as their lists show
them (scope applied)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from abadi.core.exports import ExportColumn, ExportKind, register_export
from abadi.relief import selectors
from abadi.relief.permissions import VIEW_RELIEF

AMOUNT = "#,##0"


def campaign_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("شناسه"), lambda c: c.pk),
        ExportColumn(_("نام پویش"), lambda c: c.name, width=36),
        ExportColumn(_("نوع پویش"), lambda c: c.get_campaign_type_display(), width=18),
        ExportColumn(_("حادثه"), lambda c: c.get_disaster_display() if c.disaster else ""),
        ExportColumn(_("دفتر مسئول"), lambda c: c.area.code),
        ExportColumn(_("تاریخ آغاز"), lambda c: c.starts_on),
        ExportColumn(_("تاریخ پایان"), lambda c: c.ends_on),
        ExportColumn(_("هدف (خانوار)"), lambda c: c.goal_households),
        ExportColumn(_("هدف (بسته)"), lambda c: c.goal_packages),
        ExportColumn(_("هدف (ریال)"), lambda c: c.goal_value, number_format=AMOUNT, width=20),
    ]


def shipment_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("شماره بارنامه"), lambda s: s.number, width=14),
        ExportColumn(_("پویش"), lambda s: s.campaign.name if s.campaign else "", width=30),
        ExportColumn(_("انبار مبدأ"), lambda s: s.origin.name, width=24),
        ExportColumn(_("مقصد"), lambda s: s.destination.code),
        ExportColumn(_("نام مقصد"), lambda s: s.destination.name, width=18),
        ExportColumn(_("پلاک کامیون"), lambda s: s.truck_plate, width=18),
        ExportColumn(_("راننده"), lambda s: s.driver_name, width=24),
        ExportColumn(_("تاریخ اعزام"), lambda s: s.dispatched_on),
        ExportColumn(_("تاریخ تحویل"), lambda s: s.delivered_on),
        ExportColumn(_("وضعیت"), lambda s: s.get_status_display()),
        ExportColumn(_("کمک نقدی (ریال)"), lambda s: s.cash, number_format=AMOUNT, width=18),
        ExportColumn(_("ارزش محموله (ریال)"), lambda s: s.value, number_format=AMOUNT, width=20),
        ExportColumn(_("مغایرت‌ها"), lambda s: s.discrepancies, width=30),
    ]


def stock_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("انبار"), lambda s: s.warehouse.name, width=24),
        ExportColumn(_("کالا"), lambda s: s.item.name, width=24),
        ExportColumn(_("واحد"), lambda s: s.item.get_unit_display()),
        ExportColumn(_("موجودی"), lambda s: s.quantity, number_format=AMOUNT),
    ]


def package_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("تاریخ تحویل"), lambda p: p.on),
        ExportColumn(_("پویش"), lambda p: p.campaign.name, width=30),
        ExportColumn(_("بسته"), lambda p: p.kit.name, width=24),
        ExportColumn(
            _("کد ملی سرپرست"), lambda p: p.household.head.national_code if p.household.head else ""
        ),
        ExportColumn(_("شهرستان"), lambda p: p.area.name),
        ExportColumn(_("محل سکونت"), lambda p: p.place.name),
        ExportColumn(_("ارزش (ریال)"), lambda p: p.value, number_format=AMOUNT, width=18),
        ExportColumn(_("توزیع‌کننده"), lambda p: p.get_distributor_kind_display()),
    ]


register_export(
    ExportKind(
        name="relief_campaigns",
        label=_("پویش‌های امدادی"),
        perm=VIEW_RELIEF,
        columns=campaign_columns,
        queryset=lambda actor: selectors.campaign_list(actor=actor),
        filename="relief-campaigns",
    )
)
register_export(
    ExportKind(
        name="relief_shipments",
        label=_("محموله‌های امدادی"),
        perm=VIEW_RELIEF,
        columns=shipment_columns,
        queryset=lambda actor: selectors.shipment_list(actor=actor),
        filename="relief-shipments",
    )
)
register_export(
    ExportKind(
        name="relief_stock",
        label=_("موجودی انبارهای امداد"),
        perm=VIEW_RELIEF,
        columns=stock_columns,
        queryset=lambda actor: selectors.stock_of(actor=actor),
        area_field="warehouse__area",
        filename="relief-stock",
    )
)
register_export(
    ExportKind(
        name="relief_packages",
        label=_("بسته‌های تحویلی"),
        perm=VIEW_RELIEF,
        columns=package_columns,
        queryset=lambda actor: selectors.package_list(actor=actor),
        filename="relief-packages",
    )
)
