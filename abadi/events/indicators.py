"""Indicators of events and exhibitions (F13 of the source article).

Events count by the county office responsible for them. "Planned in a period" are the
events whose day falls in it and that had not been cancelled by its end; "held" are those
whose holding was recorded with a date in it. An occasion names a period (``--occasion``):
its days. Exhibitions, their exhibitors and sales count by the exhibitions held.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, QuerySet, Sum
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
from abadi.events.models import Event, EventKind, Exhibitor, Occasion
from abadi.geography.selectors import area_names


def _count(qs: QuerySet) -> int:
    return qs.count()


def _grouped(qs: QuerySet, field: str, expression=None) -> dict[str, int]:
    rows = (
        qs.order_by()
        .values(field)
        .annotate(total=expression if expression is not None else Count("pk"))
        .values_list(field, "total")
    )
    return {str(key): int(total or 0) for key, total in rows if key is not None}


def _occasion_labels(keys: Iterable[str]) -> dict[str, str]:
    ids = [int(key) for key in keys if str(key).isdigit()]
    return {
        str(pk): name for pk, name in Occasion.objects.filter(pk__in=ids).values_list("pk", "name")
    }


def planned_records(query: IndicatorQuery) -> QuerySet[Event]:
    """Events whose day falls in the period, not cancelled by its end."""
    events = query.in_period(query.in_area(Event.objects.all()), "on")
    end = query.flow_end
    if end is not None:
        events = events.exclude(cancelled_on__lte=end)
    return events


def held_records(query: IndicatorQuery) -> QuerySet[Event]:
    """Events whose holding was recorded with a date in the period."""
    return query.in_period(query.in_area(Event.objects.filter(held_on__isnull=False)), "held_on")


def exhibition_records(query: IndicatorQuery) -> QuerySet[Event]:
    return held_records(query).filter(kind=EventKind.EXHIBITION)


def exhibitor_records(query: IndicatorQuery) -> QuerySet[Exhibitor]:
    exhibitors = query.in_area(
        Exhibitor.objects.filter(event__kind=EventKind.EXHIBITION), "event__area"
    )
    return query.in_period(exhibitors.filter(event__held_on__isnull=False), "event__held_on")


EVENT_BREAKDOWNS = {
    "kind": lambda qs: _grouped(qs, "kind"),
    "county": lambda qs: _grouped(qs, "area__code"),
    "occasion": lambda qs: _grouped(qs, "occasion_id"),
}
EVENT_LABELS = {
    "kind": choice_labels(EventKind),
    "county": area_names,
    "occasion": _occasion_labels,
}

register_indicator(
    Indicator(
        key="events.planned",
        name_fa=_("برنامه‌ها و رویدادهای برنامه‌ریزی‌شده"),
        name_en="Events planned",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=planned_records,
        value=_count,
        breakdowns=EVENT_BREAKDOWNS,
        default_breakdown="kind",
        breakdown_labels=EVENT_LABELS,
        description=_(
            "رویدادهایی که روز برگزاری‌شان در دوره است و تا پایان دوره لغو نشده‌اند، به "
            "شهرستان مسئول؛ با مناسبت، دوره همان روزهای مناسبت است."
        ),
    )
)
register_indicator(
    Indicator(
        key="events.held",
        name_fa=_("رویدادهای برگزارشده"),
        name_en="Events held",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=held_records,
        value=_count,
        breakdowns=EVENT_BREAKDOWNS,
        default_breakdown="kind",
        breakdown_labels=EVENT_LABELS,
        description=_("رویدادهایی که برگزاری‌شان با تاریخی در دوره ثبت شده است، به شهرستان مسئول."),
    )
)
register_indicator(
    Indicator(
        key="events.people_served",
        name_fa=_("بهره‌مندان رویدادهای برگزارشده"),
        name_en="People served by events held",
        unit=Unit.PERSON,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=held_records,
        value=lambda qs: qs.aggregate(total=Sum("people_served"))["total"] or 0,
        breakdowns={
            "kind": lambda qs: _grouped(qs, "kind", Sum("people_served")),
            "county": lambda qs: _grouped(qs, "area__code", Sum("people_served")),
        },
        default_breakdown="kind",
        breakdown_labels={"kind": choice_labels(EventKind), "county": area_names},
        description=_("جمع شمار بهره‌مندانی که گزارش رویدادهای برگزارشده در دوره ثبت کرده‌اند."),
    )
)
register_indicator(
    Indicator(
        key="events.exhibitions",
        name_fa=_("نمایشگاه‌های اقتصاد مقاومتی برگزارشده"),
        name_en="Resistance-economy exhibitions held",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=exhibition_records,
        value=_count,
        breakdowns={"county": lambda qs: _grouped(qs, "area__code")},
        default_breakdown="county",
        breakdown_labels={"county": area_names},
        description=_("نمایشگاه‌هایی که برگزاری‌شان با تاریخی در دوره ثبت شده است."),
    )
)
register_indicator(
    Indicator(
        key="events.exhibitors",
        name_fa=_("غرفه‌داران نمایشگاه‌ها"),
        name_en="Exhibitors at exhibitions",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=exhibitor_records,
        value=_count,
        breakdowns={"county": lambda qs: _grouped(qs, "event__area__code")},
        default_breakdown="county",
        breakdown_labels={"county": area_names},
        description=_("کارگاه‌هایی که در نمایشگاه‌های برگزارشده در دوره غرفه داشته‌اند."),
    )
)
register_indicator(
    Indicator(
        key="events.sales",
        name_fa=_("فروش غرفه‌داران نمایشگاه‌ها"),
        name_en="Exhibitors' sales",
        unit=Unit.RIAL,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=exhibitor_records,
        value=lambda qs: qs.aggregate(total=Sum("sales_amount"))["total"] or 0,
        breakdowns={"county": lambda qs: _grouped(qs, "event__area__code", Sum("sales_amount"))},
        default_breakdown="county",
        breakdown_labels={"county": area_names},
        description=_("جمع فروش ثبت‌شده غرفه‌داران در نمایشگاه‌های برگزارشده در دوره."),
    )
)
