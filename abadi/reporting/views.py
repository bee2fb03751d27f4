from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.access import requires
from abadi.core.edge import date_param, int_param, year_error, year_param
from abadi.core.forms import JalaliDateInput
from abadi.core.indicators import (
    VIEW_INDICATOR_RECORDS,
    VIEW_INDICATOR_SQL,
    VIEW_INDICATORS,
    Cell,
    format_percent,
    get_indicator,
    record_cells,
    record_columns,
    with_columns,
)
from abadi.core.jalali import MONTH_NAMES, format_jalali, jalali_year_of
from abadi.core.permissions import has_perm
from abadi.core.persian import to_persian_digits
from abadi.core.scoping import area_in_scope
from abadi.geography.forms import AreaInput
from abadi.geography.selectors import area_from_input
from abadi.reporting import selectors, services
from abadi.reporting.forms import TargetForm
from abadi.reporting.permissions import SET_TARGETS
from abadi.reporting.presentation import breakdown_rows, format_value, unit_label

if TYPE_CHECKING:
    from abadi.geography.models import Area

FIRST_YEAR = 1398
ALL_TIME = "all"
RECORDS_PAGE_SIZE = 50


def _current_year() -> int:

    return jalali_year_of(clock.today())


def _years() -> list[int]:
    return list(range(FIRST_YEAR, max(1405, _current_year() + 1) + 1))


def _area_box(request: HttpRequest, area: Area, box_id: str) -> str:
    """The area picker of a page's filter: a name or a code, the viewer's own areas and the
    areas above them (a county officer may read the province's figures)."""
    box = AreaInput(levels=None, perm=VIEW_INDICATORS, above=True)
    box.attrs["placeholder"] = _("نام یا کد منطقه، مثلاً %(name)s یا %(code)s") % {
        "name": area.name,
        "code": to_persian_digits(area.code),
    }
    return box.render(
        "area", to_persian_digits(area.code), attrs={"id": box_id, "class": "form-control"}
    )


def _chosen_area(request: HttpRequest, perm: str = VIEW_INDICATORS) -> Area:
    """The area of the query string (a code or a name) if the viewer may see any of it,
    else their widest area, with the reason."""
    text = request.GET.get("area", "")
    if text:
        try:
            return selectors.indicator_area(actor=request.user, text=text, perm=perm)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return selectors.indicator_area(actor=request.user, text=None, perm=perm)


def _period(request: HttpRequest) -> tuple[int | None, int | None]:
    """Jalali year (default: this year; "all": no period) and month (optional)."""
    if request.GET.get("year", "") == ALL_TIME:
        return None, None
    year = year_param(request.GET) or _current_year()
    return year, int_param(request.GET, "month", minimum=1, maximum=12)


def _occasion(request: HttpRequest) -> str | None:
    """The occasion (id or name) of the query string: its days are the period."""
    return request.GET.get("occasion", "").strip()[:200] or None


def _occasion_label(values: list[dict[str, Any]]) -> str:
    first = values[0] if values else {}
    if not first.get("occasion"):
        return ""
    return _("%(name)s (%(start)s تا %(end)s)") % {
        "name": to_persian_digits(first["occasion"]),
        "start": format_jalali(first["start"]),
        "end": format_jalali(first["end"]),
    }


def _as_of(request: HttpRequest) -> tuple[datetime.date | None, str]:
    """The "as of" day of the query string (none: the period's last day, or today), and
    the Persian reason it was not read."""
    if not str(request.GET.get("as_of", "") or "").strip():
        return None, ""
    day, error = date_param(request.GET, "as_of")
    return (None, error) if error else (day, "")


def _as_of_text(as_of: datetime.date | None) -> str:
    return format_jalali(as_of, persian_digits=False) if as_of else ""


def _period_query(
    area: Area,
    year: int | None,
    month: int | None,
    as_of: datetime.date | None,
    occasion: str | None,
) -> str:
    """The query string that names the period a page shows, for links to its records."""
    if occasion:
        return _query_string(area=area.code, occasion=occasion)
    return _query_string(
        area=area.code, year=year or ALL_TIME, month=month, as_of=_as_of_text(as_of)
    )


def _period_label(year: int | None, month: int | None, as_of: datetime.date | None = None) -> str:
    if year is None:
        label = _("از آغاز تاکنون (وضعیت‌ها: اکنون)")
        if as_of is not None:
            label = _("از آغاز تا %(day)s") % {"day": format_jalali(as_of)}
        return label
    label = (
        _("سال %(year)s") % {"year": to_persian_digits(year)}
        if month is None
        else f"{MONTH_NAMES[month - 1]} {to_persian_digits(year)}"
    )
    if as_of is not None:
        label = _("%(period)s، تا %(day)s") % {"period": label, "day": format_jalali(as_of)}
    return label


def _query_string(**params: Any) -> str:
    return urlencode({key: value for key, value in params.items() if value not in (None, "")})


def _refused_year(request: HttpRequest) -> int:
    """422 (with the reason above the page) for a year outside the office's years; the
    page then shows the current year."""
    error = year_error(request.GET, allowed=(ALL_TIME,))
    if error:
        messages.error(request, error)
    return 422 if error else 200


@requires(VIEW_INDICATORS)
def indicators(request):
    status = _refused_year(request)
    area = _chosen_area(request)
    occasion = _occasion(request)
    year, month = (None, None) if occasion else _period(request)
    as_of, as_of_error = (None, "") if occasion else _as_of(request)
    try:
        values = selectors.indicator_values(
            actor=request.user, area=area, year=year, month=month, as_of=as_of, occasion=occasion
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        occasion = None
        year, month = _period(request)
        values = selectors.indicator_values(
            actor=request.user, area=area, year=year, month=month, as_of=as_of
        )
    can_see_records = has_perm(request.user, VIEW_INDICATOR_RECORDS)
    period = _period_query(area, year, month, as_of, occasion)
    rows = []
    for value in values:
        indicator = get_indicator(value["key"])
        unit = value["unit"]
        rows.append(
            {
                **value,
                "name": to_persian_digits(value["name"]),
                "unit_label": unit_label(unit),
                "value_text": format_value(value["value"], unit),
                "target_text": format_value(value["target"], unit)
                if value["target"] is not None
                else "",
                "derived_text": format_value(value["target_derived"], unit),
                "children_text": format_value(value["children_target_sum"], unit),
                "percent_text": format_percent(value["percent"]),
                "bar": min(round(value["percent"] or 0), 100),
                "breakdown_rows": [
                    {
                        **part,
                        "label": to_persian_digits(part["label"]),
                        "text": format_value(part["value"], unit),
                    }
                    for part in breakdown_rows(
                        indicator, value["breakdown_name"], value["breakdown"]
                    )
                ],
                "records_url": f"{reverse('reporting:indicator_records', args=[value['key']])}?{period}"
                if can_see_records
                else "",
                "description": str(indicator.description),
            }
        )
    context = {
        "area": area,
        "area_box": _area_box(request, area, "f-area"),
        "year": year,
        "month": month,
        "years": _years(),
        "months": list(enumerate(MONTH_NAMES, start=1)),
        "period_label": _occasion_label(values) if occasion else _period_label(year, month, as_of),
        "occasion": occasion or "",
        "as_of": as_of,
        "as_of_box": JalaliDateInput(attrs={"placeholder": _("خالی: امروز")}).render(
            "as_of", as_of, attrs={"id": "f-as-of", "class": "form-control"}
        ),
        "as_of_error": as_of_error,
        "rows": rows,
        "can_set_targets": has_perm(request.user, SET_TARGETS),
        "all_time": ALL_TIME,
    }
    return render(request, "reporting/indicators.html", context, status=status)


@requires(VIEW_INDICATOR_RECORDS)
def indicator_records(request, key: str):
    status = _refused_year(request)
    area = _chosen_area(request)
    occasion = _occasion(request)
    year, month = (None, None) if occasion else _period(request)
    as_of, as_of_error = (None, "") if occasion else _as_of(request)
    try:
        found = selectors.indicator_records(
            actor=request.user,
            key=key,
            area=area,
            year=year,
            month=month,
            as_of=as_of,
            occasion=occasion,
        )
    except ValidationError as missing:
        raise Http404(key) from missing
    indicator = found.indicator
    value = indicator.compute(found.query)
    columns = record_columns(indicator, found.queryset.model)
    records = with_columns(found.queryset, columns)
    page = Paginator(records, RECORDS_PAGE_SIZE).get_page(request.GET.get("page"))
    period = _period_query(area, year, month, as_of, occasion)
    context = {
        "indicator": indicator,
        "area": area,
        "year": year,
        "month": month,
        "period_label": (
            f"{to_persian_digits(found.query.occasion.name)}"
            if found.query.occasion
            else _period_label(year, month, as_of)
        ),
        "as_of_error": as_of_error,
        "value_text": format_value(value, indicator.unit),
        "unit_label": unit_label(indicator.unit),
        "page": page,
        "columns": [
            {"label": column.label, "number": column.cell in (Cell.RIALS, Cell.COUNT)}
            for column in columns
        ],
        "rows": [record_cells(row, columns) for row in page.object_list],
        "show_sql": has_perm(request.user, VIEW_INDICATOR_SQL),
        "sql": found.sql,
        "back": f"{reverse('reporting:indicators')}?{period}",
    }
    return render(request, "reporting/records.html", context, status=status)


@requires(VIEW_INDICATORS)
def targets(request):
    status = _refused_year(request) if request.method == "GET" else 200
    area = _chosen_area(request)
    year = year_param(request.GET) or _current_year()
    can_set = has_perm(request.user, SET_TARGETS)
    visible = selectors.visible_indicators(actor=request.user)
    form = None
    if can_set:
        form = TargetForm(
            request.POST or None,
            indicators=visible,
            actor=request.user,
            years=_years(),
            initial={"area": area.code, "year": year},
        )
    if request.method == "POST":
        if not can_set or form is None:
            raise PermissionDenied(SET_TARGETS)
        if request.POST.get("action") == "delete":
            return _delete_target(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                target = services.target_set(
                    actor=request.user,
                    key=data["key"],
                    area=data["area"],
                    year=data["year"],
                    value=data["value"],
                    note=data["note"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as error:
                form.add_error("area", str(error) or _("این منطقه در حوزهٔ دسترسی شما نیست."))
            else:
                messages.success(request, _("برنامه ثبت شد."))
                query = _query_string(area=target.area.code, year=target.year)
                return redirect(f"{reverse('reporting:targets')}?{query}")
    plans = []
    if area_in_scope(actor=request.user, perm=VIEW_INDICATORS, area=area):
        for indicator in visible:
            plan = selectors.target_mismatches(
                actor=request.user, key=indicator.key, area=area, year=year
            )
            unit = indicator.unit
            plans.append(
                {
                    **plan,
                    "indicator": indicator,
                    "value_text": format_value(plan["value"], unit),
                    "manual_text": format_value(plan["manual"], unit),
                    "derived_text": format_value(plan["derived"], unit),
                    "children_text": format_value(plan["children_sum"], unit),
                    "children_rows": [
                        {"area": child["area"], "text": format_value(child["value"], unit)}
                        for child in plan["children"]
                    ],
                }
            )
    context = {
        "area": area,
        "year": year,
        "years": _years(),
        "area_box": _area_box(request, area, "t-area"),
        "plans": plans,
        "form": form,
        "can_set": can_set,
    }
    return render(request, "reporting/targets.html", context, status=status)


def _delete_target(request):
    year = year_param(request.POST)
    key = request.POST.get("key", "")
    try:
        area = area_from_input(
            actor=request.user, perm=SET_TARGETS, text=request.POST.get("area", "")
        )
    except ValidationError as missing:
        raise Http404 from missing
    if year is None:
        raise Http404
    try:
        removed = services.target_delete(actor=request.user, key=key, area=area, year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        removed = False
    if removed:
        messages.success(request, _("برنامهٔ دستی حذف شد."))
    return redirect(f"{reverse('reporting:targets')}?{_query_string(area=area.code, year=year)}")
