"""Indicators of donors' money and aid cases (F17, F18 of the source article).

A donation counts for the office that received it, in the period it was received, net of
reversing entries (a reversal counts negative on its own day); an allocation on the day it
was made. A released prisoner counts on the day of release; a scheduled one on the day
planned for the release (F18: the cases planned for the days of Basij Sazandegi week
1401). The debt settled is the judgment of the cases released in the period, split into
the creditor's forgiveness, the interest-free loan and the donors' share.

Figures carry amounts and counts only: no donor's name is ever part of one.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from abadi.core.indicators import (
    VIEW_INDICATORS,
    Indicator,
    IndicatorQuery,
    Kind,
    Unit,
    choice_labels,
    register_indicator,
)
from abadi.funds.models import (
    AidCase,
    Allocation,
    CaseStatus,
    CaseType,
    DebtType,
    Donation,
    DonationKind,
    DonationStatus,
    UseKind,
)
from abadi.geography.selectors import area_names

COUNTY = "area__code"


def _grouped(qs: QuerySet, field: str, expression) -> dict[str, int]:
    rows = qs.order_by().values(field).annotate(total=expression).values_list(field, "total")
    return {str(key): int(total or 0) for key, total in rows}


def _names(keys: Iterable[str]) -> dict[str, str]:
    return area_names(keys)


def _sum(field: str):
    return lambda qs: qs.order_by().aggregate(total=Sum(field))["total"] or 0


# Donations ----------------------------------------------------------------------------------


def donations(query: IndicatorQuery, kind: str = "") -> QuerySet[Donation]:
    rows = Donation.objects.exclude(status=DonationStatus.RECORDED)
    if kind:
        rows = rows.filter(kind=kind)
    return query.in_period(query.in_area(rows), "received_on")


def _designation_labels(keys: Iterable[str]) -> dict[str, str]:
    return {
        key: str(UseKind(key).label) if key in UseKind.values else str(_("عمومی")) for key in keys
    }


_DONATION_BREAKDOWNS = {
    "kind": lambda qs: _grouped(qs, "kind", Sum("amount")),
    "county": lambda qs: _grouped(qs, COUNTY, Sum("amount")),
    "designation": lambda qs: _grouped(qs, "designation_kind", Sum("amount")),
}
_DONATION_LABELS = {
    "kind": choice_labels(DonationKind),
    "county": _names,
    "designation": lambda keys: {
        key: str(UseKind(key).label) if key in UseKind.values else str(_("عمومی")) for key in keys
    },
}

for key, name_fa, name_en, kind in (
    ("funds.donations_received", _("کمک‌های دریافتی خیّران"), "Donations received", ""),
    ("funds.donations_cash", _("کمک‌های نقدی خیّران"), "Cash donations received", DonationKind.CASH),
    (
        "funds.donations_in_kind",
        _("ارزش کمک‌های غیرنقدی خیّران"),
        "In-kind donations received (estimated value)",
        DonationKind.IN_KIND,
    ),
):
    register_indicator(
        Indicator(
            key=key,
            name_fa=name_fa,
            name_en=name_en,
            unit=Unit.RIAL,
            kind=Kind.FLOW,
            permission=VIEW_INDICATORS,
            records=functools.partial(donations, kind=kind),
            value=_sum("amount"),
            breakdowns=_DONATION_BREAKDOWNS,
            default_breakdown="kind" if not kind else "county",
            breakdown_labels=_DONATION_LABELS,
            description=_(
                "کمک‌هایی که در دوره با رسید رسمی دریافت شده‌اند (غیرنقدی به ارزش برآوردی)، "
                "پس از کسر اسناد برگشت؛ به دفتر دریافت‌کننده."
            ),
        )
    )


def allocations(query: IndicatorQuery) -> QuerySet[Allocation]:
    return query.in_period(query.in_area(Allocation.objects.all()), "on")


register_indicator(
    Indicator(
        key="funds.allocated",
        name_fa=_("کمک‌های تخصیص‌یافته به مصارف"),
        name_en="Donations allocated to uses",
        unit=Unit.RIAL,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=allocations,
        value=_sum("rials"),
        breakdowns={
            "use": lambda qs: _grouped(qs, "use_kind", Sum("rials")),
            "county": lambda qs: _grouped(qs, COUNTY, Sum("rials")),
        },
        default_breakdown="use",
        breakdown_labels={"use": choice_labels(UseKind), "county": _names},
        description=_(
            "مبالغی که در دوره از کمک‌ها به پروژه، پرونده، خرید بسته یا پویش تخصیص یافته است."
        ),
    )
)


def _received_until(query: IndicatorQuery) -> QuerySet[Donation]:
    rows = Donation.objects.exclude(status=DonationStatus.RECORDED)
    return query.in_area(rows).filter(received_on__lte=query.as_of)


def _unallocated(donations_then: QuerySet[Donation], query: IndicatorQuery) -> int:
    received = donations_then.order_by().aggregate(total=Sum("amount"))["total"] or 0
    allocated = (
        query.in_area(Allocation.objects.filter(on__lte=query.as_of))
        .order_by()
        .aggregate(total=Sum("rials"))["total"]
        or 0
    )
    return received - allocated


register_indicator(
    Indicator(
        key="funds.unallocated_balance",
        name_fa=_("مانده تخصیص‌نیافته کمک‌ها"),
        name_en="Unallocated balance of donations",
        unit=Unit.RIAL,
        kind=Kind.STATE,
        permission=VIEW_INDICATORS,
        records=_received_until,
        value=_unallocated,
        description=_(
            "همهٔ کمک‌های دریافتی تا تاریخ گزارش (پس از اسناد برگشت) منهای همهٔ تخصیص‌ها تا همان روز."
        ),
    )
)


# Aid cases -----------------------------------------------------------------------------------


def prisoners_released(query: IndicatorQuery) -> QuerySet[AidCase]:
    rows = AidCase.objects.filter(case_type=CaseType.PRISONER_RELEASE, status=CaseStatus.RELEASED)
    return query.in_period(query.in_area(rows), "released_on")


def prisoners_scheduled(query: IndicatorQuery) -> QuerySet[AidCase]:
    rows = AidCase.objects.filter(
        case_type=CaseType.PRISONER_RELEASE, planned_release_on__isnull=False
    ).exclude(status=CaseStatus.CLOSED)
    return query.in_period(query.in_area(rows), "planned_release_on")


def _with_donors(qs: QuerySet[AidCase]) -> dict[str, int]:
    rows = qs.order_by().aggregate(
        with_donors=Count("pk", filter=Q(donated__gt=0)),
        without=Count("pk", filter=Q(donated=0)),
    )
    return {"with_donors": rows["with_donors"], "without_donors": rows["without"]}


_FUNDED_LABELS = {
    "with_donors": str(_("با سهم خیّران")),
    "without_donors": str(_("بی سهم خیّران")),
}

register_indicator(
    Indicator(
        key="cases.prisoners_released",
        name_fa=_("زندانیان جرائم غیرعمد و مالی آزادشده"),
        name_en="Prisoners of unintentional and financial crimes released",
        unit=Unit.PERSON,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=prisoners_released,
        value=lambda qs: qs.count(),
        breakdowns={
            "county": lambda qs: _grouped(qs, COUNTY, Count("id")),
            "debt_type": lambda qs: _grouped(qs, "debt_type", Count("id")),
            "donors": _with_donors,
        },
        default_breakdown="county",
        breakdown_labels={
            "county": _names,
            "debt_type": choice_labels(DebtType),
            "donors": lambda keys: {key: _FUNDED_LABELS.get(key, key) for key in keys},
        },
        description=_(
            "پرونده‌های آزادی زندانی که در دوره به آزادی رسیده‌اند؛ به دفتر پرونده. تفکیک "
            "«خیّران» پرونده‌هایی را که سهمی از کمک خیّران گرفته‌اند جدا می‌کند."
        ),
    )
)
register_indicator(
    Indicator(
        key="cases.prisoners_scheduled",
        name_fa=_("زندانیانی که آزادی‌شان برنامه‌ریزی شده است"),
        name_en="Prisoners scheduled for release",
        unit=Unit.PERSON,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=prisoners_scheduled,
        value=lambda qs: qs.count(),
        breakdowns={
            "county": lambda qs: _grouped(qs, COUNTY, Count("id")),
            "status": lambda qs: _grouped(qs, "status", Count("id")),
        },
        default_breakdown="county",
        breakdown_labels={"county": _names, "status": choice_labels(CaseStatus)},
        description=_(
            "پرونده‌های آزادی زندانی (بسته‌نشده) که روز آزادی‌شان در دوره برنامه‌ریزی شده است."
        ),
    )
)


def _settlement(qs: QuerySet[AidCase]) -> dict[str, int]:
    totals = qs.order_by().aggregate(
        forgiveness=Sum("forgiveness"), loans=Sum("loan_amount"), donors=Sum("donated")
    )
    return {key: int(value or 0) for key, value in totals.items()}


_SETTLEMENT_LABELS = {
    "forgiveness": str(_("گذشت طلبکاران")),
    "loans": str(_("وام قرض‌الحسنه")),
    "donors": str(_("سهم خیّران")),
}

register_indicator(
    Indicator(
        key="cases.debt_settled",
        name_fa=_("بدهی تسویه‌شده پرونده‌های آزادی"),
        name_en="Debt settled for released prisoners",
        unit=Unit.RIAL,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=prisoners_released,
        value=_sum("judgment_amount"),
        breakdowns={
            "split": _settlement,
            "county": lambda qs: _grouped(qs, COUNTY, Sum("judgment_amount")),
        },
        default_breakdown="split",
        breakdown_labels={
            "split": lambda keys: {key: _SETTLEMENT_LABELS.get(key, key) for key in keys},
            "county": _names,
        },
        description=_(
            "مبلغ محکومیت زندانیانی که در دوره آزاد شده‌اند، به تفکیک گذشت طلبکار، وام "
            "قرض‌الحسنه و سهم خیّران."
        ),
    )
)
