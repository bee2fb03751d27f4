"""Export kinds of the funds module: donors, donations, allocations, pledges and aid cases,
as the lists show them (filters and scope applied). The first columns of donors, donations
and cases are their import columns, so an edited export imports back.

An anonymous donor's name is written only for a viewer who may read it (the list pages
pass the viewer); the command line's export, which has no viewer, never writes it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from abadi.core.exports import ExportColumn, ExportKind, register_export
from abadi.funds.permissions import VIEW_FUNDS

AMOUNT = "#,##0"


def _namer(actor: Any):
    from abadi.funds.selectors import donor_label, published_donor_label

    if actor is None:
        return published_donor_label
    return lambda donor: donor_label(actor=actor, donor=donor)


def donor_columns(actor: Any = None) -> list[ExportColumn]:
    name = _namer(actor)
    return [
        ExportColumn(_("شماره خیّر"), lambda d: d.pk, width=10),
        ExportColumn(_("نوع خیّر"), lambda d: d.get_kind_display(), width=14),
        ExportColumn(_("نام"), name, width=28),
        ExportColumn(_("تلفن همراه"), lambda d: "" if d.anonymous else d.mobile, width=14),
        ExportColumn(_("بی‌نام"), lambda d: d.anonymous),
        ExportColumn(_("دفتر"), lambda d: d.area.code, width=10),
        ExportColumn(_("نام دفتر"), lambda d: d.area.name, width=16),
    ]


def donation_columns(actor: Any = None) -> list[ExportColumn]:
    name = _namer(actor)
    return [
        ExportColumn(_("شماره خیّر"), lambda d: d.donor_id, width=10),
        ExportColumn(_("نوع کمک"), lambda d: d.get_kind_display(), width=12),
        ExportColumn(_("مبلغ (ریال)"), lambda d: d.amount, width=18, number_format=AMOUNT),
        ExportColumn(_("روش پرداخت"), lambda d: d.get_method_display(), width=14),
        ExportColumn(_("تاریخ دریافت"), lambda d: d.received_on),
        ExportColumn(_("شماره پیگیری بانکی"), lambda d: d.bank_reference, width=16),
        ExportColumn(_("مصرف معین"), lambda d: d.get_designation_kind_display(), width=16),
        ExportColumn(_("شماره مصرف معین"), lambda d: d.designation_id),
        ExportColumn(_("شماره رسید"), lambda d: d.number, width=14),
        ExportColumn(_("خیّر"), lambda d: name(d.donor), width=24),
        ExportColumn(_("تخصیص‌یافته (ریال)"), lambda d: d.allocated, width=18, number_format=AMOUNT),
        ExportColumn(_("مانده (ریال)"), lambda d: d.balance, width=18, number_format=AMOUNT),
        ExportColumn(_("وضعیت"), lambda d: d.get_status_display(), width=14),
        ExportColumn(_("دفتر"), lambda d: d.area.name, width=14),
    ]


def allocation_columns(actor: Any = None) -> list[ExportColumn]:
    name = _namer(actor)
    return [
        ExportColumn(_("شماره رسید"), lambda a: a.donation.number, width=14),
        ExportColumn(_("نوع مصرف"), lambda a: a.get_use_kind_display(), width=18),
        ExportColumn(_("شماره مصرف"), lambda a: a.use_id),
        ExportColumn(_("مبلغ (ریال)"), lambda a: a.rials, width=18, number_format=AMOUNT),
        ExportColumn(_("تاریخ تخصیص"), lambda a: a.on),
        ExportColumn(_("یادداشت"), lambda a: a.note, width=24),
        ExportColumn(_("خیّر"), lambda a: name(a.donation.donor), width=24),
        ExportColumn(_("دفتر"), lambda a: a.area.name, width=14),
    ]


def pledge_columns(actor: Any = None) -> list[ExportColumn]:
    name = _namer(actor)
    return [
        ExportColumn(_("شماره خیّر"), lambda p: p.donor_id, width=10),
        ExportColumn(_("خیّر"), lambda p: name(p.donor), width=24),
        ExportColumn(_("مبلغ تعهد (ریال)"), lambda p: p.amount, width=18, number_format=AMOUNT),
        ExportColumn(_("تاریخ تعهد"), lambda p: p.pledged_on),
        ExportColumn(_("سررسید"), lambda p: p.due_on),
        ExportColumn(_("ادا شده (ریال)"), lambda p: p.fulfilled, width=18, number_format=AMOUNT),
        ExportColumn(_("وضعیت"), lambda p: p.get_status_display(), width=12),
    ]


def case_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("کد ملی مددجو"), lambda c: c.person.national_code, width=14),
        ExportColumn(_("نوع پرونده"), lambda c: c.get_case_type_display(), width=24),
        ExportColumn(_("زندان"), lambda c: c.prison, width=20),
        ExportColumn(_("نوع بدهی"), lambda c: c.get_debt_type_display(), width=16),
        ExportColumn(
            _("مبلغ محکومیت (ریال)"), lambda c: c.judgment_amount, width=18, number_format=AMOUNT
        ),
        ExportColumn(
            _("گذشت طلبکار (ریال)"), lambda c: c.forgiveness, width=18, number_format=AMOUNT
        ),
        ExportColumn(
            _("وام قرض‌الحسنه (ریال)"), lambda c: c.loan_amount, width=18, number_format=AMOUNT
        ),
        ExportColumn(_("تاریخ شناسایی"), lambda c: c.opened_on),
        ExportColumn(_("دفتر"), lambda c: c.area.code, width=10),
        ExportColumn(_("شماره پرونده"), lambda c: c.number, width=14),
        ExportColumn(_("سهم خیّران (ریال)"), lambda c: c.donated, width=18, number_format=AMOUNT),
        ExportColumn(_("مانده (ریال)"), lambda c: c.remaining, width=18, number_format=AMOUNT),
        ExportColumn(_("وضعیت"), lambda c: c.get_status_display(), width=14),
        ExportColumn(_("تاریخ برنامه‌ریزی‌شده آزادی"), lambda c: c.planned_release_on),
        ExportColumn(_("تاریخ آزادی"), lambda c: c.released_on),
    ]


def _donors(actor):
    from abadi.funds.selectors import donor_list

    return donor_list(actor=actor)


def _donations(actor):
    from abadi.funds.selectors import donation_list

    return donation_list(actor=actor)


def _allocations(actor):
    from abadi.funds.selectors import allocation_list

    return allocation_list(actor=actor)


def _pledges(actor):
    from abadi.funds.selectors import pledge_list

    return pledge_list(actor=actor)


def _cases(actor):
    from abadi.funds.selectors import case_list

    return case_list(actor=actor)


register_export(
    ExportKind(
        name="fund_donors",
        label=_("خیّران"),
        perm=VIEW_FUNDS,
        columns=donor_columns,
        queryset=_donors,
        filename="donors",
    )
)
register_export(
    ExportKind(
        name="fund_donations",
        label=_("کمک‌های خیّران"),
        perm=VIEW_FUNDS,
        columns=donation_columns,
        queryset=_donations,
        filename="donations",
    )
)
register_export(
    ExportKind(
        name="fund_allocations",
        label=_("تخصیص‌های کمک"),
        perm=VIEW_FUNDS,
        columns=allocation_columns,
        queryset=_allocations,
        filename="allocations",
    )
)
register_export(
    ExportKind(
        name="fund_pledges",
        label=_("تعهدهای خیّران"),
        perm=VIEW_FUNDS,
        columns=pledge_columns,
        queryset=_pledges,
        filename="pledges",
    )
)
register_export(
    ExportKind(
        name="aid_cases",
        label=_("پرونده‌های حمایتی"),
        perm=VIEW_FUNDS,
        columns=case_columns,
        queryset=_cases,
        filename="aid-cases",
    )
)
