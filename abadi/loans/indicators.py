"""Indicators of the job-creation facilities (F1–F3 of the source article and more).

Rows count by the county office responsible for the application. "Loans disbursed in a
period" are the loans with at least one tranche dated in it; their verified jobs are the
direct jobs seen at each loan's latest monitoring visit while the business was active.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Case, Count, Exists, F, OuterRef, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from abadi.core.indicators import (
    VIEW_INDICATORS,
    Cell,
    Column,
    Indicator,
    IndicatorQuery,
    Kind,
    Undefined,
    Unit,
    choice_labels,
    register_indicator,
)
from abadi.core.persian import to_persian_digits
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import area_names
from abadi.loans.models import (
    COMMITTED_STATUSES,
    Application,
    CreditLine,
    Disbursement,
    Quota,
    QuotaKind,
    Sector,
    Status,
)
from abadi.loans.selectors import status_as_of, verified_jobs_expression, with_position
from abadi.organisations.selectors import organisation_names

if TYPE_CHECKING:
    from abadi.geography.models import Area

COUNTY = "area__code"

# How the records behind each value are listed (the records page of reporting).
PLAN = Column(_("شماره طرح"), "number", Cell.CODE, url="loans:application_detail")
APPLICANT = Column(_("متقاضی"), "applicant.full_name")
PLACE = Column(_("محل اجرا"), "place.name")
COUNTY_NAME = Column(_("شهرستان"), "area.name")
LOAN_COLUMNS = (
    PLAN,
    APPLICANT,
    Column(_("عنوان طرح"), "title"),
    PLACE,
    COUNTY_NAME,
    Column(_("مبلغ مصوب"), "approved_amount", Cell.RIALS),
)
TRANCHE_COLUMNS = (
    Column(
        _("شماره طرح"),
        "application.number",
        Cell.CODE,
        url="loans:application_detail",
        url_id="application_id",
    ),
    Column(_("متقاضی"), "application.applicant.full_name"),
    Column(_("تاریخ پرداخت"), "date", Cell.DATE),
    Column(_("مبلغ"), "amount", Cell.RIALS),
    Column(_("شهرستان"), "application.area.name"),
)
APPLICATION_COLUMNS = (
    PLAN,
    APPLICANT,
    Column(_("عنوان طرح"), "title"),
    PLACE,
    Column(_("تاریخ ثبت"), "registered_on", Cell.DATE),
    Column(_("مبلغ درخواستی"), "requested_amount", Cell.RIALS),
    Column(_("وضعیت کنونی"), "get_status_display"),
)
QUOTA_COLUMNS = (
    Column(
        _("خط اعتباری"),
        "credit_line.title",
        url="loans:credit_line_detail",
        url_id="credit_line_id",
    ),
    Column(_("شهرستان"), "county.name"),
    Column(_("سهمیه"), "amount", Cell.RIALS),
    Column(_("تعهدشده"), "used", Cell.RIALS),
)


def _bank_labels(keys: Iterable[str]) -> dict[str, str]:
    return organisation_names([int(key) for key in keys if str(key).isdigit()])


def _line_labels(keys: Iterable[str]) -> dict[str, str]:
    ids = [int(key) for key in keys if str(key).isdigit()]
    return {
        str(pk): title
        for pk, title in CreditLine.objects.filter(pk__in=ids).values_list("pk", "title")
    }


NOTHING_OUTSTANDING = _("هیچ وامی مانده اصل ندارد؛ نسبتی برای محاسبه نیست.")
NO_QUOTA = _("هیچ سهمیه‌ای تعیین نشده است؛ نسبتی برای محاسبه نیست.")
NO_VERIFIED_JOB = _("هیچ شغلی در بازدید تأیید نشده است؛ سرانه تعریف نمی‌شود.")


def _percent(part: int | None, whole: int | None, reason) -> float | Undefined:
    """``part`` as a percentage of ``whole`` with two decimals; nothing to divide by is
    :class:`Undefined` with ``reason``, never a zero."""
    if not whole:
        return Undefined(reason)
    return float(
        (Decimal(part or 0) * 100 / Decimal(whole)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    )


def _grouped(qs: QuerySet, field: str, expression) -> dict[str, int]:
    rows = qs.order_by().values(field).annotate(total=expression).values_list(field, "total")
    return {str(key): int(total or 0) for key, total in rows}


# Disbursed amount (F1, with the plan of F3) ------------------------------------------------


def disbursement_records(query: IndicatorQuery) -> QuerySet[Disbursement]:
    tranches = query.in_area(Disbursement.objects.all(), "application__area")
    return query.in_period(tranches, "date")


def disbursed_total(tranches: QuerySet[Disbursement]) -> int:
    return tranches.aggregate(total=Sum("amount"))["total"] or 0


def planned_credit(area: Area, year: int) -> int | None:
    """The year's plan: the totals of the credit lines the area's offices hold; for a
    county, its quotas on the province's lines. One query either way."""
    if area.level == AreaLevel.COUNTY:
        quotas = Quota.objects.filter(kind=QuotaKind.COUNTY, county=area, credit_line__year=year)
        return quotas.aggregate(total=Sum("amount"))["total"]
    lines = CreditLine.objects.filter(year=year, area__path__startswith=area.path)
    return lines.aggregate(total=Sum("total"))["total"]


register_indicator(
    Indicator(
        key="loans.disbursed_amount",
        name_fa=_("تسهیلات اشتغال پرداخت‌شده"),
        name_en="Job-creation loans disbursed",
        unit=Unit.RIAL,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=disbursement_records,
        columns=TRANCHE_COLUMNS,
        value=disbursed_total,
        breakdowns={
            "county": lambda qs: _grouped(qs, "application__area__code", Sum("amount")),
            "bank": lambda qs: _grouped(qs, "application__bank_id", Sum("amount")),
            "sector": lambda qs: _grouped(qs, "application__sector", Sum("amount")),
        },
        default_breakdown="county",
        breakdown_labels={
            "county": area_names,
            "bank": _bank_labels,
            "sector": choice_labels(Sector),
        },
        derived_target=planned_credit,
        description=_(
            "جمع مبالغ پرداخت‌شده (قسط‌های تسهیلات) با تاریخ پرداخت در دوره، به شهرستان مسئول طرح. "
            "برنامه: جمع خطوط اعتباری آن سال (برای شهرستان: سهمیه آن)."
        ),
    )
)


# Jobs of the loans disbursed in the period (F2) ----------------------------------------------


def disbursed_loans(query: IndicatorQuery) -> QuerySet[Application]:
    """Applications with a tranche dated in the period (any tranche, without a period)."""
    tranches = query.in_period(Disbursement.objects.filter(application=OuterRef("pk")), "date")
    return query.in_area(Application.objects.all()).filter(Exists(tranches))


def _verified(query: IndicatorQuery):
    """Jobs verified by the period's last day: a later visit does not change the figure
    of a period already over."""
    return verified_jobs_expression(as_of=query.flow_end)


def _sum_verified(loans: QuerySet[Application], query: IndicatorQuery) -> int:
    return loans.aggregate(total=Sum(_verified(query)))["total"] or 0


def _verified_by(field: str):
    def breakdown(loans: QuerySet[Application], query: IndicatorQuery) -> dict[str, int]:
        return _grouped(loans, field, Sum(_verified(query)))

    return breakdown


register_indicator(
    Indicator(
        key="loans.jobs_planned",
        name_fa=_("اشتغال مستقیم پیش‌بینی‌شده طرح‌های پرداخت‌شده"),
        name_en="Direct jobs planned by the loans disbursed",
        unit=Unit.JOB,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=disbursed_loans,
        columns=(*LOAN_COLUMNS, Column(_("اشتغال پیش‌بینی‌شده"), "planned_jobs", Cell.COUNT)),
        value=lambda loans: loans.aggregate(total=Sum("planned_jobs"))["total"] or 0,
        breakdowns={
            "county": lambda qs: _grouped(qs, COUNTY, Sum("planned_jobs")),
            "sector": lambda qs: _grouped(qs, "sector", Sum("planned_jobs")),
            "bank": lambda qs: _grouped(qs, "bank_id", Sum("planned_jobs")),
        },
        default_breakdown="county",
        breakdown_labels={
            "county": area_names,
            "sector": choice_labels(Sector),
            "bank": _bank_labels,
        },
        description=_("جمع اشتغال مستقیمی که طرح‌های دارای پرداخت در دوره پیش‌بینی کرده بودند."),
    )
)

register_indicator(
    Indicator(
        key="loans.jobs_verified",
        name_fa=_("اشتغال مستقیم ایجادشده (تأییدشده در بازدید)"),
        name_en="Direct jobs created (verified on visits)",
        unit=Unit.JOB,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=disbursed_loans,
        columns=LOAN_COLUMNS,
        value=_sum_verified,
        breakdowns={
            "county": _verified_by(COUNTY),
            "sector": _verified_by("sector"),
            "bank": _verified_by("bank_id"),
        },
        default_breakdown="county",
        breakdown_labels={
            "county": area_names,
            "sector": choice_labels(Sector),
            "bank": _bank_labels,
        },
        description=_(
            "جمع اشتغال مستقیم مشاهده‌شده در آخرین بازدید نظارتی تا پایان دوره، برای هر طرحی که در "
            "دوره پرداخت داشته است؛ طرحی که در آن بازدید تعطیل یا منحرف بوده، اشتغالی ندارد."
        ),
    )
)


# Applications by status --------------------------------------------------------------------


def application_records(query: IndicatorQuery) -> QuerySet[Application]:
    return query.in_period(query.in_area(Application.objects.all()), "registered_on")


def _by_status_then(applications: QuerySet[Application], query: IndicatorQuery) -> dict[str, int]:
    """Applications by the status each had on the period's last day."""
    rows = (
        applications.order_by()
        .annotate(then=status_as_of(as_of=query.flow_end or query.as_of))
        .values("then")
        .annotate(n=Count("pk"))
        .values_list("then", "n")
    )
    return {str(status): n for status, n in rows if status}


register_indicator(
    Indicator(
        key="loans.applications",
        name_fa=_("طرح‌های اشتغال ثبت‌شده"),
        name_en="Job-creation applications registered",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=application_records,
        columns=APPLICATION_COLUMNS,
        value=lambda qs: qs.count(),
        breakdowns={
            "status": _by_status_then,
            "sector": lambda qs: dict(
                qs.order_by().values("sector").annotate(n=Count("pk")).values_list("sector", "n")
            ),
            "county": lambda qs: dict(
                qs.order_by().values(COUNTY).annotate(n=Count("pk")).values_list(COUNTY, "n")
            ),
        },
        default_breakdown="status",
        breakdown_labels={
            "status": choice_labels(Status),
            "sector": choice_labels(Sector),
            "county": area_names,
        },
        description=_("شمار طرح‌هایی که در دوره ثبت شده‌اند، به وضعیتشان در پایان دوره."),
    )
)


# Cost per verified job -----------------------------------------------------------------------


def cost_records(query: IndicatorQuery) -> QuerySet[Application]:
    """Loans disbursed in the period, each with the amount paid to it in the period and the
    jobs verified by the period's end."""
    tranches = query.in_period(Disbursement.objects.filter(application=OuterRef("pk")), "date")
    amount = tranches.order_by().values("application").annotate(total=Sum("amount")).values("total")
    return disbursed_loans(query).annotate(
        period_amount=Coalesce(Subquery(amount), Value(0)), verified=_verified(query)
    )


def _cost_per_job(row: dict) -> int | Undefined:
    jobs = row["jobs"] or 0
    if not jobs:
        return Undefined(NO_VERIFIED_JOB)
    return (2 * (row["amount"] or 0) + jobs) // (2 * jobs)


def cost_per_job(loans: QuerySet[Application]) -> int | Undefined:
    return _cost_per_job(loans.aggregate(amount=Sum("period_amount"), jobs=Sum("verified")))


def _cost_by(field: str):
    def breakdown(loans: QuerySet[Application]) -> dict[str, int | Undefined]:
        rows = (
            loans.order_by()
            .values(field)
            .annotate(amount=Sum("period_amount"), jobs=Sum("verified"))
        )
        return {str(row[field]): _cost_per_job(row) for row in rows}

    return breakdown


register_indicator(
    Indicator(
        key="loans.cost_per_job",
        name_fa=_("سرانه تسهیلات هر شغل تأییدشده"),
        name_en="Loan amount per verified job",
        unit=Unit.RIAL,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=cost_records,
        columns=(
            *LOAN_COLUMNS[:4],
            Column(_("پرداخت در دوره"), "period_amount", Cell.RIALS),
            Column(_("شغل تأییدشده"), "verified", Cell.COUNT),
        ),
        value=cost_per_job,
        breakdowns={"county": _cost_by(COUNTY), "sector": _cost_by("sector")},
        default_breakdown="sector",
        breakdown_labels={"county": area_names, "sector": choice_labels(Sector)},
        description=_("مبلغ پرداخت‌شده در دوره تقسیم بر اشتغال تأییدشده همان طرح‌ها."),
    )
)


# Quota utilisation ---------------------------------------------------------------------------


def quota_records(query: IndicatorQuery) -> QuerySet[Quota]:
    """County quotas of the lines of the period's years, each with the amount its approvals
    held on the as-of day (approved by then, and still approved or beyond on that day:
    an approval withdrawn later still held its amount before)."""
    committed = (
        Application.objects.filter(
            credit_line=OuterRef("credit_line"),
            area=OuterRef("county"),
            approved_on__lte=query.as_of,
        )
        .annotate(then=status_as_of(as_of=query.as_of))
        .filter(then__in=COMMITTED_STATUSES)
        .order_by()
        .values("credit_line")
        .annotate(total=Sum("approved_amount"))
        .values("total")
    )
    quotas = query.in_area(Quota.objects.filter(kind=QuotaKind.COUNTY), "county")
    return query.in_years(quotas, "credit_line__year").annotate(
        used=Coalesce(Subquery(committed), Value(0))
    )


def quota_utilisation(quotas: QuerySet[Quota]) -> float | Undefined:
    row = quotas.aggregate(used_total=Sum("used"), quota_total=Sum("amount"))
    return _percent(row["used_total"], row["quota_total"], NO_QUOTA)


def _utilisation_by(field: str):
    def breakdown(quotas: QuerySet[Quota]) -> dict[str, float | Undefined]:
        rows = (
            quotas.order_by()
            .values(field)
            .annotate(used_total=Sum("used"), quota_total=Sum("amount"))
        )
        return {
            str(row[field]): _percent(row["used_total"], row["quota_total"], NO_QUOTA)
            for row in rows
        }

    return breakdown


register_indicator(
    Indicator(
        key="loans.quota_utilisation",
        name_fa=_("درصد استفاده از سهمیه تسهیلات"),
        name_en="Loan quota utilisation",
        unit=Unit.PERCENT,
        kind=Kind.STATE,
        permission=VIEW_INDICATORS,
        records=quota_records,
        columns=QUOTA_COLUMNS,
        value=quota_utilisation,
        breakdowns={
            "county": _utilisation_by("county__code"),
            "credit_line": _utilisation_by("credit_line_id"),
        },
        default_breakdown="county",
        breakdown_labels={"county": area_names, "credit_line": _line_labels},
        description=_("مبلغ مصوب طرح‌ها به درصدی از سهمیه شهرستان‌ها در خطوط اعتباری سال."),
    )
)


# Portfolio at risk -----------------------------------------------------------------------------


def _par_records(days: int):
    def records(query: IndicatorQuery) -> QuerySet[Application]:
        as_of = query.as_of
        cutoff = as_of - datetime.timedelta(days=days)
        loans = with_position(query.in_area(Application.objects.all()), as_of=as_of)
        return loans.annotate(
            at_risk=Case(
                When(oldest_unpaid_due__lt=cutoff, then=F("outstanding")), default=Value(0)
            )
        )

    return records


def _par_value(loans: QuerySet[Application]) -> float | Undefined:
    row = loans.aggregate(risk_total=Sum("at_risk"), outstanding_total=Sum("outstanding"))
    return _percent(row["risk_total"], row["outstanding_total"], NOTHING_OUTSTANDING)


def _par_by(field: str):
    def breakdown(loans: QuerySet[Application]) -> dict[str, float | Undefined]:
        rows = (
            loans.order_by()
            .values(field)
            .annotate(risk_total=Sum("at_risk"), outstanding_total=Sum("outstanding"))
        )
        return {
            str(row[field]): _percent(
                row["risk_total"], row["outstanding_total"], NOTHING_OUTSTANDING
            )
            for row in rows
        }

    return breakdown


for _days in (30, 90):
    register_indicator(
        Indicator(
            key=f"loans.par{_days}",
            name_fa=_("پرتفوی در معرض ریسک بیش از %(days)s روز")
            % {"days": to_persian_digits(_days)},
            name_en=f"Portfolio at risk > {_days} days",
            unit=Unit.PERCENT,
            kind=Kind.STATE,
            permission=VIEW_INDICATORS,
            records=_par_records(_days),
            columns=(
                PLAN,
                APPLICANT,
                COUNTY_NAME,
                Column(_("مانده اصل"), "outstanding", Cell.RIALS),
                Column(_("در معرض ریسک"), "at_risk", Cell.RIALS),
            ),
            value=_par_value,
            breakdowns={
                "county": _par_by(COUNTY),
                "bank": _par_by("bank_id"),
                "credit_line": _par_by("credit_line_id"),
            },
            default_breakdown="county",
            breakdown_labels={
                "county": area_names,
                "bank": _bank_labels,
                "credit_line": _line_labels,
            },
            description=_(
                "مانده اصل وام‌هایی که قدیمی‌ترین قسط پرداخت‌نشده‌شان بیش از %(days)s روز گذشته است، "
                "به درصدی از مانده اصل همه وام‌های پرداخت‌شده، در پایان دوره (یا امروز)."
            )
            % {"days": to_persian_digits(_days)},
        )
    )
