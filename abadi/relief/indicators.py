"""Indicators of relief (F6 and F16 of the source article).

Shipments count for the office that sent them (the origin warehouse's area), in the period
they were dispatched, wherever they went (``destination`` breakdown by province); packages
for the county the household lives in, on the day they were handed. Without a period they
count all time up to the as-of day: "24 trucks as of 1401/02/18".
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from abadi.core import clock
from abadi.core.indicators import (
    VIEW_INDICATORS,
    Indicator,
    IndicatorQuery,
    Kind,
    Unit,
    register_indicator,
)
from abadi.core.jalali import jalali_year_bounds, jalali_year_of
from abadi.geography.selectors import area_names
from abadi.relief.models import Campaign, Package, Shipment

FIRST_YEAR = 1399  # relief records start with the COVID drives


def _grouped(qs: QuerySet, field: str, expression) -> dict[str, int]:
    rows = qs.order_by().values(field).annotate(total=expression).values_list(field, "total")
    return {str(key): int(total or 0) for key, total in rows}


def _by_year(qs: QuerySet, date_field: str, expression_of) -> dict[str, int]:
    """Value per Jalali year: one aggregate with a filtered sum per year."""
    last = jalali_year_of(clock.today())
    columns = {
        str(year): expression_of(Q(**{f"{date_field}__range": jalali_year_bounds(year)}))
        for year in range(FIRST_YEAR, last + 1)
    }
    totals = qs.order_by().aggregate(**columns)
    return {year: int(total or 0) for year, total in totals.items() if total}


def _campaign_names(keys: Iterable[str]) -> dict[str, str]:
    ids = [int(key) for key in keys if str(key).isdigit()]
    return {
        str(pk): name for pk, name in Campaign.objects.filter(pk__in=ids).values_list("pk", "name")
    }


def shipments(query: IndicatorQuery) -> QuerySet[Shipment]:
    return query.in_period(query.in_area(Shipment.objects.all()), "dispatched_on")


def packages(query: IndicatorQuery) -> QuerySet[Package]:
    return query.in_period(query.in_area(Package.objects.all()), "on")


def _breakdowns(expression, date_field: str, per_year, *, destination: bool = False) -> dict:
    found = {
        "county": lambda qs: _grouped(qs, "area__code", expression),
        "campaign": lambda qs: _grouped(qs, "campaign_id", expression),
        "year": lambda qs: _by_year(qs, date_field, per_year),
    }
    if destination:
        found["province"] = lambda qs: _grouped(qs, "destination__path", expression)
    return found


def _province_of_paths(rows: dict[str, int]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for path, value in rows.items():
        parts = path.strip("/").split("/")
        code = parts[1] if len(parts) > 1 else parts[0]
        totals[code] = totals.get(code, 0) + value
    return totals


def _shipment_breakdowns(expression, per_year) -> dict:
    found = _breakdowns(expression, "dispatched_on", per_year)
    found["province"] = lambda qs: _province_of_paths(_grouped(qs, "destination__path", expression))
    return found


LABELS = {
    "county": area_names,
    "province": area_names,
    "campaign": _campaign_names,
    "year": lambda keys: {key: key for key in keys},
}

register_indicator(
    Indicator(
        key="relief.shipments",
        name_fa=_("محموله‌های امدادی (کامیون)"),
        name_en="Relief shipments (trucks)",
        unit=Unit.TRUCK,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=shipments,
        value=lambda rows: rows.count(),
        breakdowns=_shipment_breakdowns(Count("id"), lambda q: Count("id", filter=q)),
        default_breakdown="province",
        breakdown_labels=LABELS,
        description=_(
            "کامیون‌هایی که در دوره (یا تا تاریخ گزارش) از انبارهای دفتر اعزام شده‌اند؛ "
            "تفکیک «استان» به استان مقصد است."
        ),
    )
)
register_indicator(
    Indicator(
        key="relief.shipped_value",
        name_fa=_("ارزش محموله‌های امدادی"),
        name_en="Value of relief shipments",
        unit=Unit.RIAL,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=shipments,
        value=lambda rows: rows.aggregate(total=Sum("value"))["total"] or 0,
        breakdowns=_shipment_breakdowns(Sum("value"), lambda q: Sum("value", filter=q)),
        default_breakdown="province",
        breakdown_labels=LABELS,
        description=_("ارزش کالا، بسته و کمک نقدی کامیون‌های اعزام‌شده."),
    )
)
register_indicator(
    Indicator(
        key="relief.packages",
        name_fa=_("بسته‌های معیشتی و بهداشتی توزیع‌شده"),
        name_en="Livelihood and hygiene packages handed out",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=packages,
        value=lambda rows: rows.count(),
        breakdowns=_breakdowns(Count("id"), "on", lambda q: Count("id", filter=q)),
        default_breakdown="campaign",
        breakdown_labels=LABELS,
        description=_("بسته‌هایی که در دوره به خانوارها تحویل شده است؛ به شهرستان خانوار."),
    )
)
register_indicator(
    Indicator(
        key="relief.packages_value",
        name_fa=_("ارزش بسته‌های توزیع‌شده"),
        name_en="Value of packages handed out",
        unit=Unit.RIAL,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=packages,
        value=lambda rows: rows.aggregate(total=Sum("value"))["total"] or 0,
        breakdowns=_breakdowns(Sum("value"), "on", lambda q: Sum("value", filter=q)),
        default_breakdown="campaign",
        breakdown_labels=LABELS,
        description=_("جمع ارزش بسته‌های تحویل‌شده در دوره (ارزش هر بسته در روز تحویل)."),
    )
)
register_indicator(
    Indicator(
        key="relief.households_reached",
        name_fa=_("خانوارهای بهره‌مند از بسته‌ها"),
        name_en="Households reached by packages",
        unit=Unit.HOUSEHOLD,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=packages,
        value=lambda rows: rows.aggregate(n=Count("household_id", distinct=True))["n"] or 0,
        breakdowns=_breakdowns(
            Count("household_id", distinct=True),
            "on",
            lambda q: Count("household_id", distinct=True, filter=q),
        ),
        default_breakdown="county",
        breakdown_labels=LABELS,
        description=_("خانوارهای متمایزی که در دوره دست‌کم یک بسته گرفته‌اند."),
    )
)
