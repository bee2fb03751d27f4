"""Pages of the press summary and of the printable reports: ``/reporting/press/`` (the
summary, ``?format=pdf`` or ``text`` to download it), ``/reporting/export/`` (the
indicator table as ``pdf`` or ``xlsx``) and ``/reporting/county/`` (a county's year, PDF).

Bad input never gives a 500: a year outside the office's years is refused (422) with the
reason above the page, an unknown area or one outside the viewer's scope is named and
the viewer's own area shown instead, an unknown occasion is named and the year's own
used.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from abadi.core.access import requires
from abadi.core.edge import date_param, int_param, year_error, year_param
from abadi.core.exports import XLSX_TYPE
from abadi.core.forms import JalaliDateInput
from abadi.core.indicators import VIEW_INDICATORS
from abadi.core.jalali import format_jalali
from abadi.core.persian import to_persian_digits
from abadi.reporting import exports_pdf
from abadi.reporting.press import press_summary
from abadi.reporting.views import _area_box, _chosen_area, _current_year, _years

SUPPRESS_CHOICES = (0, 3, 5, 10)


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def _as_of(request: HttpRequest) -> datetime.date | None:
    if not str(request.GET.get("as_of", "") or "").strip():
        return None
    day, error = date_param(request.GET, "as_of")
    if error:
        messages.error(request, error)
        return None
    return day


def _year(request: HttpRequest) -> tuple[int, int]:
    """The Jalali year asked (default this year) and the status: 422 when refused."""
    error = year_error(request.GET)
    if error:
        messages.error(request, error)
    return year_param(request.GET) or _current_year(), 422 if error else 200


def _download(content: bytes | str, *, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires(VIEW_INDICATORS)
def press(request: HttpRequest):
    year, status = _year(request)
    area = _chosen_area(request)
    as_of = _as_of(request)
    occasion = request.GET.get("occasion", "").strip()[:200] or None
    suppress = int_param(request.GET, "suppress", minimum=0, maximum=100) or None
    try:
        summary = press_summary(
            actor=request.user,
            area=area,
            year=year,
            as_of=as_of,
            occasion=occasion,
            suppress=suppress,
        )
    except ValidationError as error:
        messages.error(request, _messages(error))
        occasion = None
        summary = press_summary(
            actor=request.user, area=area, year=year, as_of=as_of, suppress=suppress
        )
    fmt = request.GET.get("format", "")
    stem = f"press-{area.code}-{year}"
    if fmt == "pdf" and status == 200:
        return _download(
            exports_pdf.press_pdf(summary), name=f"{stem}.pdf", content_type=exports_pdf.PDF_TYPE
        )
    if fmt == "text" and status == 200:
        return _download(
            summary.as_text(), name=f"{stem}.txt", content_type="text/plain; charset=utf-8"
        )
    query: dict[str, Any] = {"area": area.code, "year": year}
    if as_of:
        query["as_of"] = format_jalali(as_of, persian_digits=False)
    if occasion:
        query["occasion"] = occasion
    if suppress:
        query["suppress"] = suppress
    context = {
        **exports_pdf.press_context(summary),
        "area": area,
        "year": year,
        "years": _years(),
        "area_box": _area_box(request, area, "p-area"),
        "as_of_box": JalaliDateInput(attrs={"placeholder": _("خالی: پایان سال یا امروز")}).render(
            "as_of", as_of, attrs={"id": "p-as-of", "class": "form-control"}
        ),
        "occasion": occasion or "",
        "suppress": suppress or 0,
        "suppress_choices": [(n, to_persian_digits(n)) for n in SUPPRESS_CHOICES],
        "query": urlencode(query),
    }
    return render(request, "reporting/press.html", context, status=status)


@requires(VIEW_INDICATORS)
def indicators_export(request: HttpRequest):
    """The indicator table (the page's and the dashboard's numbers) as PDF or xlsx."""
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("pdf", "xlsx"):
        return HttpResponse(_("قالب خروجی باید pdf یا xlsx باشد."), status=400)
    if year_error(request.GET, allowed=("all",)):
        return HttpResponse(year_error(request.GET, allowed=("all",)), status=422)
    area = _chosen_area(request)
    occasion = request.GET.get("occasion", "").strip()[:200] or None
    year = None if occasion or request.GET.get("year") == "all" else year_param(request.GET)
    if year is None and not occasion and request.GET.get("year") != "all":
        year = _current_year()
    as_of = None if occasion else _as_of(request)
    try:
        rows = exports_pdf.indicator_table(
            actor=request.user, area=area, year=year, as_of=as_of, occasion=occasion
        )
    except ValidationError as error:
        return HttpResponse(_messages(error), status=422)
    except PermissionDenied as error:
        return HttpResponse(str(error), status=403)
    stem = f"indicators-{area.code}-{year or 'all'}"
    if fmt == "xlsx":
        return _download(
            exports_pdf.indicators_xlsx(rows=rows, title=area.name),
            name=f"{stem}.xlsx",
            content_type=XLSX_TYPE,
        )
    label = exports_pdf.period_label(year=year, as_of=as_of, occasion=occasion, rows=rows)
    return _download(
        exports_pdf.indicators_pdf(area=area, rows=rows, period=label),
        name=f"{stem}.pdf",
        content_type=exports_pdf.PDF_TYPE,
    )


@requires(VIEW_INDICATORS)
def county_report(request: HttpRequest):
    """A county's (or any area's) year as a PDF with its charts."""
    error = year_error(request.GET)
    if error:
        return HttpResponse(error, status=422)
    area = _chosen_area(request)
    year = year_param(request.GET) or _current_year()
    try:
        content = exports_pdf.county_report_pdf(actor=request.user, area=area, year=year)
    except ValidationError as refused:
        return HttpResponse(_messages(refused), status=422)
    return _download(
        content, name=f"report-{area.code}-{year}.pdf", content_type=exports_pdf.PDF_TYPE
    )
