"""Reads of the indicator catalogue: values with their plans, the records behind a value,
targets and their mismatches, and the areas a viewer may ask about.

Scope semantics: a value is computed over the INTERSECTION of the requested area's
subtree and the viewer's scope under the indicator's permission. A county officer of
2403 asking for province 24 gets 2403's share (marked ``partial``); a province's target
is shown only to viewers who see the whole province, so a partial value is never set
against a plan it does not cover.

Query bound: for one area and period, each indicator costs one query for its value, one
for its default breakdown (if it has one) and one for its derived target (if it derives
one and a year is asked); the manual targets of every indicator come in ONE query.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from abadi.core import store
from abadi.core.indicators import (
    VIEW_INDICATOR_RECORDS,
    VIEW_INDICATORS,
    Indicator,
    IndicatorQuery,
    Undefined,
    all_indicators,
    get_indicator,
)
from abadi.core.jalali import REPORT_YEARS
from abadi.core.permissions import has_perm
from abadi.core.persian import to_persian_digits
from abadi.core.scoping import area_in_scope, scope, visible_paths
from abadi.geography.selectors import area_from_input, home_area
from abadi.reporting.models import Target

if TYPE_CHECKING:
    from abadi.geography.models import Area

# Areas ------------------------------------------------------------------------------


def indicator_area(*, actor, text: str | None, perm: str = VIEW_INDICATORS) -> Area:
    """The area an indicator question names (a code, IR or a name; the viewer's own areas
    and the areas above them), or the viewer's widest area when none is named."""
    if not text:
        area = home_area(actor=actor, perm=perm)
        if area is None:
            raise PermissionDenied(perm)
        return area
    return area_from_input(actor=actor, perm=perm, text=text, above=True)


def area_label(area: Area) -> str:
    return f"{area.get_level_display()} {area.name} ({to_persian_digits(area.code)})"


def area_viewable(*, actor, area: Area, perm: str = VIEW_INDICATORS) -> bool:
    """Whether any part of ``area`` lies in the viewer's scope (the area itself, or an area
    of the viewer's below it)."""
    return any(
        root.startswith(area.path) or area.path.startswith(root)
        for root in visible_paths(actor, perm)
    )


def visible_indicators(*, actor, keys: list[str] | None = None) -> list[Indicator]:
    """Indicators the viewer holds the permission of, in catalogue order. An unknown key
    is a ValidationError naming it."""
    if keys:
        unknown = [key for key in keys if key not in {i.key for i in all_indicators()}]
        if unknown:
            raise ValidationError(
                {"key": _("شاخص «%(key)s» تعریف نشده است.") % {"key": "، ".join(unknown)}}
            )
    wanted = set(keys) if keys else None
    return [
        indicator
        for indicator in all_indicators()
        if (wanted is None or indicator.key in wanted) and has_perm(actor, indicator.permission)
    ]


def _query(
    *,
    actor,
    area: Area,
    year: int | None,
    month: int | None,
    start: datetime.date | None,
    end: datetime.date | None,
    as_of: datetime.date | None = None,
    occasion: str | None = None,
) -> IndicatorQuery:
    if occasion is not None and (year is not None or start is not None or end is not None):
        raise ValidationError(
            {"occasion": _("یا مناسبت را بدهید یا سال یا بازهٔ تاریخ را، نه با هم.")}
        )
    if year is not None and not REPORT_YEARS[0] <= year <= REPORT_YEARS[1]:
        raise ValidationError(
            {
                "year": _("سال باید از %(first)s تا %(last)s باشد.")
                % {
                    "first": to_persian_digits(REPORT_YEARS[0]),
                    "last": to_persian_digits(REPORT_YEARS[1]),
                }
            }
        )
    if month is not None and year is None:
        raise ValidationError({"month": _("ماه بدون سال معنا ندارد؛ سال را هم بدهید.")})
    if month is not None and not 1 <= month <= 12:
        raise ValidationError({"month": _("ماه باید عددی از ۱ تا ۱۲ باشد.")})
    if year is not None and (start is not None or end is not None):
        raise ValidationError({"year": _("یا سال (و ماه) را بدهید یا بازهٔ تاریخ را، نه هر دو.")})
    if start is not None and end is not None and start > end:
        raise ValidationError({"end": _("پایان بازه پیش از آغاز آن است.")})
    if not area_viewable(actor=actor, area=area):
        raise PermissionDenied(_("این منطقه در حوزهٔ دسترسی شما نیست."))
    return IndicatorQuery.build(
        actor=actor,
        area=area,
        year=year,
        month=month,
        start=start,
        end=end,
        as_of=as_of,
        occasion=occasion,
    )


def _percent(value: Any, target: int | None) -> float | None:
    """Actual as a percentage of plan, two decimals; None without a plan or a value."""
    if not target or value is None:
        return None
    return float(
        (Decimal(value) * 100 / Decimal(target)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    )


def _manual_targets(*, area: Area, year: int, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The area's own manual targets and the sum of its children's, for every key at once."""
    found: dict[str, dict[str, Any]] = {
        key: {"own": None, "children": 0, "child_count": 0} for key in keys
    }
    rows = Target.objects.filter(year=year, key__in=keys).filter(
        Q(area=area) | Q(area__parent=area)
    )
    for key, area_id, value in rows.values_list("key", "area_id", "value"):
        if area_id == area.pk:
            found[key]["own"] = value
        else:
            found[key]["children"] += value
            found[key]["child_count"] += 1
    return found


def _plan(
    indicator: Indicator,
    *,
    area: Area,
    year: int,
    manual: int | None,
    children: int,
    child_count: int,
) -> dict[str, Any]:
    derived = indicator.derived_target(area, year) if indicator.derived_target else None
    target = manual if manual is not None else derived
    mismatch = child_count > 0 and target is not None and target != children
    return {
        "target": target,
        "target_source": "manual"
        if manual is not None
        else ("derived" if derived is not None else None),
        "target_manual": manual,
        "target_derived": derived,
        "children_target_sum": children if child_count else None,
        "target_mismatch": mismatch,
    }


def _no_plan() -> dict[str, Any]:
    return {
        "target": None,
        "target_source": None,
        "target_manual": None,
        "target_derived": None,
        "children_target_sum": None,
        "target_mismatch": False,
    }


def computed(
    indicators: list[Indicator],
    query: IndicatorQuery,
    *,
    breakdown_of: Callable[[Indicator], str | None] = lambda indicator: None,
) -> dict[str, tuple[Any, dict[str, Any] | None]]:
    """Each indicator's value for ``query`` and the breakdown ``breakdown_of`` names (or
    None), by key: one batch through the indicator store."""
    named = {indicator.key: breakdown_of(indicator) for indicator in indicators}
    asks = [store.Ask(indicator, query) for indicator in indicators]
    asks += [
        store.Ask(indicator, query, breakdown=named[indicator.key])
        for indicator in indicators
        if named[indicator.key]
    ]
    results = iter(store.answers(asks))
    values = {indicator.key: next(results) for indicator in indicators}
    return {
        indicator.key: (values[indicator.key], next(results) if named[indicator.key] else None)
        for indicator in indicators
    }


def indicator_values(
    *,
    actor,
    area: Area,
    year: int | None = None,
    month: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    as_of: datetime.date | None = None,
    keys: list[str] | None = None,
    occasion: str | None = None,
) -> list[dict[str, Any]]:
    """Every indicator the viewer may see, for ``area`` over a Jalali year, a Jalali month,
    an occasion's days (its id or name) or a date range (none: all time up to the as-of
    day), states as of ``as_of`` (default: the period's last day, or today), each with its
    plan.

    Targets are annual: they are given for a year, not for a month or a date range. A
    value that cannot be computed is None with its ``reason``.
    """
    query = _query(
        actor=actor,
        area=area,
        year=year,
        month=month,
        start=start,
        end=end,
        as_of=as_of,
        occasion=occasion,
    )
    indicators = visible_indicators(actor=actor, keys=keys)
    annual = year is not None and month is None
    manual = (
        _manual_targets(area=area, year=year, keys=[i.key for i in indicators])
        if annual and year
        else {}
    )
    indicators = [
        indicator
        for indicator in indicators
        if area_viewable(actor=actor, area=area, perm=indicator.permission)
    ]
    computed_of = computed(indicators, query, breakdown_of=lambda i: i.default_breakdown)
    results = []
    for indicator in indicators:
        whole = area_in_scope(actor=actor, perm=indicator.permission, area=area)
        value, breakdown = computed_of[indicator.key]
        undefined = isinstance(value, Undefined)
        reason = str(value) if undefined else None
        value = None if undefined else value
        if annual and whole and year is not None:
            own = manual[indicator.key]
            plan = _plan(
                indicator,
                area=area,
                year=year,
                manual=own["own"],
                children=own["children"],
                child_count=own["child_count"],
            )
        else:
            plan = _no_plan()
        results.append(
            {
                "key": indicator.key,
                "name": indicator.name,
                "name_en": indicator.name_en,
                "value": value,
                "reason": reason,
                "unit": indicator.unit.value,
                "kind": indicator.kind.value,
                "breakdown": breakdown,
                "breakdown_name": indicator.default_breakdown,
                **plan,
                "percent": _percent(value, plan["target"]),
                "partial": not whole,
                "as_of": query.as_of,
                "start": query.start,
                "end": query.flow_end,
                "occasion": query.occasion.name if query.occasion else None,
            }
        )
    return results


@dataclass
class IndicatorRecords:
    indicator: Indicator
    query: IndicatorQuery
    queryset: QuerySet
    sql: str


_CLAUSES = re.compile(r" (FROM|WHERE|ORDER BY|GROUP BY|INNER JOIN|LEFT OUTER JOIN|AND|OR) ")


def query_sql(queryset: QuerySet) -> str:
    """The SQL of a queryset as text, one clause a line (parameters inlined for reading,
    not for running)."""
    try:
        sql = str(queryset.query)
    except EmptyResultSet:
        return _("-- هیچ ردیفی در حوزهٔ دسترسی شما نیست (پرس‌وجوی تهی)")
    return _CLAUSES.sub(lambda match: f"\n{match.group(1)} ", sql)


def indicator_records(
    *,
    actor,
    key: str,
    area: Area,
    year: int | None = None,
    month: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    as_of: datetime.date | None = None,
    occasion: str | None = None,
) -> IndicatorRecords:
    """The rows behind one value, and their SQL: what the value is computed from."""
    if not has_perm(actor, VIEW_INDICATOR_RECORDS):
        raise PermissionDenied(_("دیدن ردیف‌های پشت شاخص‌ها برای شما مجاز نیست."))
    try:
        indicator = get_indicator(key)
    except KeyError as missing:
        raise ValidationError(
            {"key": _("شاخص «%(key)s» تعریف نشده است.") % {"key": key}}
        ) from missing
    if not has_perm(actor, indicator.permission):
        raise PermissionDenied(_("این شاخص برای شما قابل مشاهده نیست."))
    query = _query(
        actor=actor,
        area=area,
        year=year,
        month=month,
        start=start,
        end=end,
        as_of=as_of,
        occasion=occasion,
    )
    queryset = indicator.records(query.for_permission(indicator.permission))
    if not queryset.ordered:
        queryset = queryset.order_by("-pk")
    return IndicatorRecords(
        indicator=indicator, query=query, queryset=queryset, sql=query_sql(queryset)
    )


# Targets ----------------------------------------------------------------------------


def target_list(
    *, actor, area: Area | None = None, year: int | None = None, key: str | None = None
) -> QuerySet[Target]:
    """Manual targets in the viewer's scope (``area``: that area and the areas under it)."""
    targets = scope(
        Target.objects.select_related("area", "set_by"), actor=actor, perm=VIEW_INDICATORS
    )
    if area is not None:
        targets = targets.filter(area__path__startswith=area.path)
    if year is not None:
        targets = targets.filter(year=year)
    if key:
        targets = targets.filter(key=key)
    return targets.order_by("key", "year", "area__path")


def target_mismatches(*, actor, key: str, area: Area, year: int) -> dict[str, Any]:
    """An area's target beside its children's manual targets and their sum.

    The area's target is its effective one (manual, else derived); a child's is the one a
    manager set for it. ``mismatch`` is true when both exist and differ.
    """
    try:
        indicator = get_indicator(key)
    except KeyError as missing:
        raise ValidationError(
            {"key": _("شاخص «%(key)s» تعریف نشده است.") % {"key": key}}
        ) from missing
    if not area_in_scope(actor=actor, perm=VIEW_INDICATORS, area=area):
        raise PermissionDenied(_("این منطقه در حوزهٔ دسترسی شما نیست."))
    rows = list(
        Target.objects.filter(key=key, year=year)
        .filter(Q(area=area) | Q(area__parent=area))
        .select_related("area")
        .order_by("area__path")
    )
    own = next((row.value for row in rows if row.area_id == area.pk), None)
    child_rows = [row for row in rows if row.area_id != area.pk]
    children = [{"area": row.area, "value": row.value} for row in child_rows]
    plan = _plan(
        indicator,
        area=area,
        year=year,
        manual=own,
        children=sum(row.value for row in child_rows),
        child_count=len(children),
    )
    return {
        "key": key,
        "area": area,
        "year": year,
        "value": plan["target"],
        "source": plan["target_source"],
        "manual": plan["target_manual"],
        "derived": plan["target_derived"],
        "children": children,
        "children_sum": plan["children_target_sum"],
        "mismatch": plan["target_mismatch"],
        "difference": (plan["target"] - plan["children_target_sum"])
        if plan["target_mismatch"]
        and plan["target"] is not None
        and plan["children_target_sum"] is not None
        else None,
    }
