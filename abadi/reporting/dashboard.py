"""Reads of the dashboard: an area's headline figures per domain for a Jalali year beside
the year before, with their plans; one indicator's trend by month, its values by the
area's children (the drill and the map) and by its type breakdown.

Everything comes from the indicator registry: an indicator's domain is its key's module
(``loans.…`` → loans), so a module that registers indicators gets its card without a line
here. The viewer must see the WHOLE area (a county officer opens their county, not the
province): a dashboard never sets a partial value against the province's plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core import clock, ports, store
from abadi.core.actors import SYSTEM
from abadi.core.indicators import (
    VIEW_INDICATOR_RECORDS,
    VIEW_INDICATORS,
    Indicator,
    IndicatorQuery,
    Kind,
    Undefined,
)
from abadi.core.jalali import MONTH_NAMES, REPORT_YEARS, jalali_month_bounds, jalali_year_of
from abadi.core.permissions import has_perm
from abadi.core.persian import to_latin_digits, to_persian_digits
from abadi.core.scoping import area_in_scope
from abadi.geography.selectors import (
    area_anywhere_from_input,
    area_from_input,
    area_map,
    areas_visible_under,
    home_area,
)
from abadi.reporting import selectors
from abadi.reporting.presentation import breakdown_rows

if TYPE_CHECKING:
    from abadi.geography.models import Area

# The first year the office's records cover, for the year selector.
FIRST_YEAR = 1399


@dataclass(frozen=True)
class Domain:
    code: str
    name: Any
    modules: tuple[str, ...]


# The office's domains, in the order the article speaks of them. A module not named here
# (a new one) gets a card of its own under "other" — never a missing figure.
DOMAINS: tuple[Domain, ...] = (
    Domain("loans", gettext_lazy("اشتغال و تسهیلات"), ("loans",)),
    Domain("groups", gettext_lazy("گروه‌های جهادی"), ("volunteers",)),
    Domain("projects", gettext_lazy("پروژه‌های محرومیت‌زدایی"), ("projects",)),
    Domain("funds", gettext_lazy("خیّران و پرونده‌های حمایتی"), ("funds", "cases")),
    Domain("relief", gettext_lazy("امداد و کمک‌های مؤمنانه"), ("relief",)),
    Domain("training", gettext_lazy("آموزش و مجوز"), ("training",)),
    Domain("events", gettext_lazy("برنامه‌ها و رویدادها"), ("events",)),
)
OTHER = Domain("other", gettext_lazy("سایر شاخص‌ها"), ())

# Breakdowns that are places, not kinds: the chart "by type" takes another one.
PLACE_BREAKDOWNS = {"county", "province", "office", "projects_by_province", "occasion"}


class DashboardError(Exception):
    """A question the dashboard cannot answer: the HTTP status and the Persian reason."""

    def __init__(self, status: int, message: str, field: str = "area") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


def domain_of(indicator: Indicator) -> Domain:
    """The domain an indicator's figures belong to: its own ``domain`` if it declares one,
    else the module its key names."""
    declared = getattr(indicator, "domain", None)
    module = declared or indicator.key.split(".", 1)[0]
    return next(
        (domain for domain in DOMAINS if module == domain.code or module in domain.modules),
        OTHER,
    )


# Input ------------------------------------------------------------------------------


def current_year() -> int:
    return jalali_year_of(clock.today())


def dashboard_years() -> list[int]:
    return list(range(FIRST_YEAR, current_year() + 2))


def dashboard_year(text: Any) -> int:
    """The Jalali year of the query string (any digits; default this year); 400 outside
    the office's years."""
    raw = to_latin_digits(str(text or "")).strip()
    if not raw:
        return current_year()
    if not raw.isdigit() or len(raw) > 6 or not REPORT_YEARS[0] <= int(raw) <= REPORT_YEARS[1]:
        raise DashboardError(
            400,
            _("سال باید یک سال شمسی از %(first)s تا %(last)s باشد؛ «%(text)s» خوانده نشد.")
            % {
                "first": to_persian_digits(REPORT_YEARS[0]),
                "last": to_persian_digits(REPORT_YEARS[1]),
                "text": to_persian_digits(raw[:20]),
            },
            field="year",
        )
    return int(raw)


def dashboard_area(*, actor, text: str | None) -> Area:
    """The area of the dashboard: the one ``text`` names (a code, IR or a name), which the
    viewer must see whole; without one, the viewer's home area. 404 for an area that does
    not exist, 403 for one outside the viewer's areas (or only partly inside them)."""
    raw = (text or "").strip()[:200]
    if not raw:
        area = home_area(actor=actor, perm=VIEW_INDICATORS)
        if area is None:
            raise DashboardError(403, _("شما به هیچ منطقه‌ای دسترسی ندارید."))
        return area
    try:
        area = area_from_input(actor=actor, perm=VIEW_INDICATORS, text=raw)
    except ValidationError as not_visible:
        try:
            area_anywhere_from_input(text=raw)
        except ValidationError as missing:
            raise DashboardError(404, " ".join(missing.messages)) from missing
        raise DashboardError(
            403, _("این منطقه در حوزهٔ دسترسی شما نیست؛ داشبورد منطقهٔ خود را ببینید.")
        ) from not_visible
    return area


def dashboard_indicators(*, actor, area: Area) -> list[Indicator]:
    """The indicators the viewer may read for the whole of ``area`` (the press: the
    published ones, which are those its role may read)."""
    return [
        indicator
        for indicator in selectors.visible_indicators(actor=actor)
        if area_in_scope(actor=actor, perm=indicator.permission, area=area)
    ]


def dashboard_key(*, actor, area: Area, text: str | None) -> Indicator:
    """The indicator the charts and the map show: the one named, else the first with a
    plan in the catalogue order. 400 for a key that does not exist or is not the
    viewer's."""
    visible = dashboard_indicators(actor=actor, area=area)
    if not visible:
        raise DashboardError(403, _("هیچ شاخصی برای شما قابل مشاهده نیست."), field="key")
    raw = (text or "").strip()[:80]
    if not raw:
        return next((i for i in visible if i.derived_target is not None), visible[0])
    found = next((i for i in visible if i.key == raw), None)
    if found is None:
        raise DashboardError(
            400,
            _("شاخص «%(key)s» تعریف نشده است یا برای شما قابل مشاهده نیست.") % {"key": raw},
            field="key",
        )
    return found


# Values -----------------------------------------------------------------------------


def _values(asks: list[tuple[Indicator, IndicatorQuery]]) -> list[int | float | None]:
    """The values of the asks, in order, through the indicator store (None where a value
    is undefined)."""
    computed = store.answers([store.Ask(indicator, query) for indicator, query in asks])
    return [None if isinstance(value, Undefined) else value for value in computed]


def _records_url(*, actor, key: str, area: Area, year: int) -> str:
    if not has_perm(actor, VIEW_INDICATOR_RECORDS):
        return ""
    return ports.indicator_url(key=key, area=area, year=year) or ""


def dashboard_cards(
    *, actor, area: Area, year: int, indicators: list[Indicator] | None = None
) -> list[dict[str, Any]]:
    """Per domain (in the office's order, empty ones left out): each indicator's value for
    ``year`` and the year before, its plan and percent done, and where its records are
    read. Cost: the indicator store's few queries (``store.QUERIES_AT_MOST``) and one for
    each value not stored or stale, one for each derived plan, one for every manual plan."""
    indicators = dashboard_indicators(actor=actor, area=area) if indicators is None else indicators
    this = IndicatorQuery.build(actor=actor, area=area, year=year)
    last = IndicatorQuery.build(actor=actor, area=area, year=year - 1)
    values = iter(_values([(i, query) for i in indicators for query in (this, last)]))
    manual = selectors._manual_targets(area=area, year=year, keys=[i.key for i in indicators])
    by_domain: dict[str, dict[str, Any]] = {}
    for indicator in indicators:
        value, last_value = next(values), next(values)
        domain = domain_of(indicator)
        own = manual[indicator.key]
        plan = selectors._plan(
            indicator,
            area=area,
            year=year,
            manual=own["own"],
            children=own["children"],
            child_count=own["child_count"],
        )
        card = by_domain.setdefault(
            domain.code, {"code": domain.code, "name": str(domain.name), "indicators": []}
        )
        card["indicators"].append(
            {
                "key": indicator.key,
                "name": indicator.name,
                "unit": indicator.unit.value,
                "kind": indicator.kind.value,
                "value": value,
                "last_value": last_value,
                "target": plan["target"],
                "target_source": plan["target_source"],
                "percent": selectors._percent(value, plan["target"]),
                "records_url": _records_url(actor=actor, key=indicator.key, area=area, year=year),
                "last_records_url": _records_url(
                    actor=actor, key=indicator.key, area=area, year=year - 1
                ),
            }
        )
    order = [domain.code for domain in (*DOMAINS, OTHER)]
    cards = sorted(by_domain.values(), key=lambda card: order.index(card["code"]))
    for card in cards:
        # The headline: the first figure with a plan, else the domain's first.
        card["headline"] = next(
            (row for row in card["indicators"] if row["target"] is not None),
            card["indicators"][0],
        )
    return cards


def dashboard_children(*, actor, area: Area) -> list[Area]:
    """The areas one step below ``area`` the viewer may read (a province's counties, the
    country's provinces), by code."""
    return list(
        areas_visible_under(actor=actor, perm=VIEW_INDICATORS)
        .filter(parent=area)
        .defer("geometry")
        .order_by("code")
    )


def dashboard_by_area(
    *, actor, area: Area, year: int, indicator: Indicator
) -> list[dict[str, Any]]:
    """The indicator for each child of ``area`` (``year`` and the year before): the drill
    and the map. Each child's value is its own question to the catalogue (through the
    store), so it counts by the responsible area exactly as the headline does."""
    children = dashboard_children(actor=actor, area=area)
    values = iter(
        _values(
            [
                (indicator, IndicatorQuery.build(actor=actor, area=child, year=which))
                for child in children
                for which in (year, year - 1)
            ]
        )
    )
    rows = []
    for child in children:
        rows.append(
            {
                "code": child.code,
                "name": child.name,
                "level": child.level,
                "value": next(values),
                "last_value": next(values),
                "records_url": _records_url(actor=actor, key=indicator.key, area=child, year=year),
            }
        )
    return rows


def dashboard_trend(*, actor, area: Area, year: int, indicator: Indicator) -> dict[str, Any]:
    """The indicator month by month for ``year`` and the year before: a flow's value in
    each month, a state's value on each month's last day. Months not begun yet are null."""
    today = clock.today()
    months = [
        (which, month)
        for which in (year, year - 1)
        for month in range(1, 13)
        if jalali_month_bounds(which, month)[0] <= today
    ]
    values = _values(
        [
            (indicator, IndicatorQuery.build(actor=actor, area=area, year=which, month=month))
            for which, month in months
        ]
    )
    found = dict(zip(months, values, strict=True))
    return {
        "labels": list(MONTH_NAMES),
        "this_year": [found.get((year, month)) for month in range(1, 13)],
        "last_year": [found.get((year - 1, month)) for month in range(1, 13)],
    }


def type_breakdown_name(indicator: Indicator) -> str | None:
    """The indicator's breakdown by kind (its default if that is not a place, else its
    first that is not)."""
    names = list(indicator.breakdowns)
    if indicator.default_breakdown and indicator.default_breakdown not in PLACE_BREAKDOWNS:
        return indicator.default_breakdown
    return next((name for name in names if name not in PLACE_BREAKDOWNS), None)


def dashboard_by_type(*, actor, area: Area, year: int, indicator: Indicator) -> dict[str, Any]:
    name = type_breakdown_name(indicator)
    if name is None:
        return {"name": None, "items": []}
    query = IndicatorQuery.build(actor=actor, area=area, year=year)
    parts: dict[str, Any] = store.answer(store.Ask(indicator, query, breakdown=name))
    rows = breakdown_rows(indicator, name, parts)
    return {
        "name": name,
        "items": [
            {"key": row["key"], "label": to_persian_digits(row["label"]), "value": row["value"]}
            for row in rows
        ],
    }


def dashboard_charts(*, actor, area: Area, year: int, indicator: Indicator) -> dict[str, Any]:
    """The charts of one indicator: by month, by child area, by type."""
    return {
        "trend": dashboard_trend(actor=actor, area=area, year=year, indicator=indicator),
        "by_area": dashboard_by_area(actor=actor, area=area, year=year, indicator=indicator),
        "by_type": dashboard_by_type(actor=actor, area=area, year=year, indicator=indicator),
    }


def dashboard_shapes(*, area: Area) -> dict[str, Any]:
    """The polygons of the area's children (a province's counties) as GeoJSON; the
    divisions are reference data, read whoever asks (the area itself was checked)."""
    if area.level not in ("country", "province"):
        return {"type": "FeatureCollection", "features": []}
    return area_map(actor=SYSTEM, area=area)


def indicator_meta(indicator: Indicator) -> dict[str, Any]:
    return {
        "key": indicator.key,
        "name": indicator.name,
        "unit": indicator.unit.value,
        "kind": indicator.kind.value,
        "state": indicator.kind == Kind.STATE,
    }


def dashboard_data(
    *,
    actor,
    area_text: str | None,
    year_text: Any,
    key_text: str | None,
    cards: bool = True,
) -> dict[str, Any]:
    """Everything the dashboard shows for an area and year, as data (the API's answer)."""
    year = dashboard_year(year_text)
    area = dashboard_area(actor=actor, text=area_text)
    indicator = dashboard_key(actor=actor, area=area, text=key_text)
    return {
        "area": {"code": area.code, "name": area.name, "level": area.level},
        "year": year,
        "last_year": year - 1,
        "indicator": indicator_meta(indicator),
        "domains": dashboard_cards(actor=actor, area=area, year=year) if cards else [],
        **dashboard_charts(actor=actor, area=area, year=year, indicator=indicator),
    }
