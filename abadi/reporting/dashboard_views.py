"""The dashboard page: an area's figures per domain for a Jalali year beside the year
before, the drill to its counties and their records, and the charts and the map of one
indicator (drawn by ``static/reporting/dashboard.js`` from ``/api/v1/dashboard``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from abadi.core.access import requires
from abadi.core.indicators import VIEW_INDICATOR_RECORDS, VIEW_INDICATORS, format_percent
from abadi.core.permissions import has_perm
from abadi.core.persian import to_persian_digits
from abadi.core.scoping import area_in_scope
from abadi.reporting import dashboard
from abadi.reporting.presentation import format_value, unit_label


def _link(**params: Any) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return f"{reverse('reporting:dashboard')}?{query}"


def _figure(row: dict[str, Any]) -> dict[str, Any]:
    unit = row["unit"]
    return {
        **row,
        "name": to_persian_digits(row["name"]),
        "unit_label": unit_label(unit),
        "value_text": format_value(row["value"], unit),
        "last_text": format_value(row["last_value"], unit),
        "target_text": format_value(row["target"], unit) if row["target"] is not None else "",
        "percent_text": format_percent(row["percent"]),
        "bar": min(round(row["percent"] or 0), 100),
    }


def _refused(request: HttpRequest, error: dashboard.DashboardError) -> HttpResponse:
    return render(
        request,
        "reporting/dashboard_error.html",
        {"message": error.message, "home": reverse("reporting:dashboard")},
        status=error.status,
    )


def _up(request: HttpRequest, area, year: int, key: str) -> dict[str, str] | None:
    """The area above, if the viewer may open its dashboard (back up the drill)."""
    parent = area.parent
    if parent is None or not area_in_scope(actor=request.user, perm=VIEW_INDICATORS, area=parent):
        return None
    return {
        "name": f"{parent.get_level_display()} {parent.name}",
        "url": _link(area=parent.code, year=year, key=key),
    }


@requires(VIEW_INDICATORS)
def dashboard_page(request: HttpRequest) -> HttpResponse:
    try:
        year = dashboard.dashboard_year(request.GET.get("year"))
        area = dashboard.dashboard_area(actor=request.user, text=request.GET.get("area"))
        indicator = dashboard.dashboard_key(
            actor=request.user, area=area, text=request.GET.get("key")
        )
    except dashboard.DashboardError as error:
        return _refused(request, error)
    visible = dashboard.dashboard_indicators(actor=request.user, area=area)
    cards = dashboard.dashboard_cards(actor=request.user, area=area, year=year, indicators=visible)
    for card in cards:
        card["indicators"] = [_figure(row) for row in card["indicators"]]
        card["headline"] = next(
            row for row in card["indicators"] if row["key"] == card["headline"]["key"]
        )
        card["others"] = [row for row in card["indicators"] if row is not card["headline"]]
    unit = indicator.unit.value
    children = [
        {
            **row,
            "name": to_persian_digits(row["name"]),
            "value_text": format_value(row["value"], unit),
            "last_text": format_value(row["last_value"], unit),
            "url": _link(area=row["code"], year=year, key=indicator.key),
        }
        for row in dashboard.dashboard_by_area(
            actor=request.user, area=area, year=year, indicator=indicator
        )
    ]
    api = reverse("api:dashboard")
    context = {
        "area": area,
        "area_name": to_persian_digits(area.name),
        "year": year,
        "last_year": year - 1,
        "years": dashboard.dashboard_years(),
        "cards": cards,
        "indicator": indicator,
        "indicator_name": to_persian_digits(indicator.name),
        "indicator_unit": unit_label(unit),
        "indicators": [(i.key, to_persian_digits(i.name)) for i in visible],
        "children": children,
        "can_records": has_perm(request.user, VIEW_INDICATOR_RECORDS),  # type: ignore[arg-type]
        "children_level": children[0]["level"] if children else "",
        "shapes": dashboard.dashboard_shapes(area=area) if children else None,
        "up": _up(request, area, year, indicator.key),
        "data_url": f"{api}?{urlencode({'area': area.code, 'year': year, 'key': indicator.key, 'cards': 'false'})}",
        "drill_url": _link(area="CODE", year=year, key=indicator.key),
        "texts": {
            "this_year": _("سال %(year)s") % {"year": to_persian_digits(year)},
            "last_year": _("سال %(year)s") % {"year": to_persian_digits(year - 1)},
            "no_shapes": _("برای این منطقه مرزی در دست نیست."),
            "no_data": _("داده‌ای برای نمودار نیست."),
            "legend": to_persian_digits(indicator.name),
            "billion": _("میلیارد ریال"),
        },
    }
    return render(request, "reporting/dashboard.html", context)
