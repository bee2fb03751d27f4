"""Export kinds of the loans module: plans, tranches and repayments as the lists show them
(scope applied). The first columns of tranches and repayments are the import columns, so
an exported file imports back unchanged (its extra columns are ignored)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from abadi.core.exports import ExportColumn, ExportKind, register_export
from abadi.core.scoping import scope
from abadi.loans.models import Disbursement, Repayment
from abadi.loans.permissions import VIEW_LOANS
from abadi.loans.selectors import application_list

AMOUNT = "#,##0"


def application_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("شماره طرح"), lambda a: a.number, width=14),
        ExportColumn(_("کد ملی متقاضی"), lambda a: a.applicant.national_code, width=14),
        ExportColumn(_("متقاضی"), lambda a: a.applicant.full_name, width=22),
        ExportColumn(_("خط اعتباری"), lambda a: a.credit_line.title, width=30),
        ExportColumn(_("بانک عامل"), lambda a: a.bank.name, width=18),
        ExportColumn(_("عنوان طرح"), lambda a: a.title, width=24),
        ExportColumn(_("بخش"), lambda a: a.get_sector_display(), width=16),
        ExportColumn(_("فعالیت"), lambda a: a.activity, width=24),
        ExportColumn(_("مبلغ درخواستی (ریال)"), lambda a: a.requested_amount, number_format=AMOUNT),
        ExportColumn(_("اشتغال پیش‌بینی‌شده"), lambda a: a.planned_jobs),
        ExportColumn(_("آورده متقاضی (ریال)"), lambda a: a.own_contribution, number_format=AMOUNT),
        ExportColumn(_("شناسه منبع"), lambda a: a.source_id, width=14),
        ExportColumn(_("شهرستان"), lambda a: a.area.name, width=14),
        ExportColumn(_("محل اجرا"), lambda a: a.place.name, width=16),
        ExportColumn(_("وضعیت"), lambda a: a.get_status_display(), width=16),
        ExportColumn(_("مبلغ مصوب (ریال)"), lambda a: a.approved_amount, number_format=AMOUNT),
        ExportColumn(_("پرداخت‌شده (ریال)"), lambda a: a.disbursed, number_format=AMOUNT),
        ExportColumn(_("تاریخ ثبت"), lambda a: a.registered_on),
        ExportColumn(_("تاریخ تصویب"), lambda a: a.approved_on),
        ExportColumn(_("شماره نامه معرفی"), lambda a: a.letter_no),
        ExportColumn(_("تاریخ قرارداد"), lambda a: a.contract_date),
    ]


def money_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("شماره طرح یا کد ملی"), lambda r: r.application.number, width=14),
        ExportColumn(_("تاریخ"), lambda r: r.date),
        ExportColumn(_("مبلغ (ریال)"), lambda r: r.amount, number_format=AMOUNT),
        ExportColumn(_("شماره پیگیری"), lambda r: r.reference, width=20),
        ExportColumn(_("متقاضی"), lambda r: r.application.applicant.full_name, width=22),
        ExportColumn(_("شهرستان"), lambda r: r.application.area.name, width=14),
        ExportColumn(_("بانک عامل"), lambda r: r.application.bank.name, width=18),
    ]


def repayment_columns() -> list[ExportColumn]:
    return [
        *money_columns(),
        ExportColumn(_("سهم اصل (ریال)"), lambda r: r.principal_part, number_format=AMOUNT),
        ExportColumn(_("سهم سود (ریال)"), lambda r: r.interest_part, number_format=AMOUNT),
    ]


def _money_rows(model, actor):
    rows = scope(model.objects.all(), actor=actor, perm=VIEW_LOANS, area_field="application__area")
    return rows.select_related(
        "application", "application__applicant", "application__area", "application__bank"
    ).order_by("date", "id")


register_export(
    ExportKind(
        name="loan_applications",
        label=_("طرح‌های اشتغال"),
        perm=VIEW_LOANS,
        columns=application_columns,
        queryset=lambda actor: application_list(actor=actor).order_by("id"),
        filename="loan-applications",
    )
)
register_export(
    ExportKind(
        name="loan_disbursements",
        label=_("پرداخت‌های تسهیلات"),
        perm=VIEW_LOANS,
        columns=money_columns,
        queryset=lambda actor: _money_rows(Disbursement, actor),
        area_field="application__area",
        filename="loan-disbursements",
    )
)
register_export(
    ExportKind(
        name="loan_repayments",
        label=_("بازپرداخت‌های تسهیلات"),
        perm=VIEW_LOANS,
        columns=repayment_columns,
        queryset=lambda actor: _money_rows(Repayment, actor),
        area_field="application__area",
        filename="loan-repayments",
    )
)
