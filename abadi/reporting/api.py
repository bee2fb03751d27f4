"""The indicator catalogue over HTTP: values with plans, the records behind a value, targets."""

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from abadi.core.api_access import api_requires
from abadi.core.api_kit import ApiRouter, In, JalaliDate, JalaliDateOut, Year
from abadi.core.indicators import VIEW_INDICATOR_RECORDS, VIEW_INDICATORS, Kind, Unit
from abadi.reporting import selectors, services
from abadi.reporting.permissions import SET_TARGETS

router = ApiRouter(tags=["indicators"])

RECORDS_PAGE_SIZE = 50


class IndicatorOut(Schema):
    key: str
    name: str = Field(description="the Persian name")
    name_en: str
    value: int | float | None = Field(
        description="rials and counts are integers, percentages keep two decimals; null "
        "where nothing can be computed (see reason)"
    )
    reason: str | None = Field(description="why value is null")
    target: int | None
    unit: Unit
    kind: Kind = Field(description="flow: what happened in the period; state: as of as_of")
    breakdown: dict[str, int | float] | None
    breakdown_name: str | None
    percent: float | None
    target_source: str | None
    target_manual: int | None
    target_derived: int | None
    children_target_sum: int | None
    target_mismatch: bool
    partial: bool = Field(description="the caller sees only part of the area")
    as_of: JalaliDateOut = Field(description="the day states are read on")
    start: JalaliDateOut | None = Field(description="first day flows count (null: all time)")
    end: JalaliDateOut | None = Field(description="last day flows count")


class RecordOut(Schema):
    id: Any
    repr: str


class RecordsOut(Schema):
    key: str
    area: str
    year: int | None
    month: int | None
    count: int
    page: int
    pages: int
    sql: str
    items: list[RecordOut]


class TargetOut(Schema):
    key: str
    area: str
    area_name: str
    year: int
    value: int
    note: str
    set_by: str | None


class TargetIn(In):
    key: str = Field(max_length=80)
    area: str = Field(max_length=200, description="code, IR or a name")
    year: Year
    value: int = Field(ge=0, le=10**16)
    note: str = Field("", max_length=300)


def _area(actor, code: str | None):
    """The area named by ``code`` (code, IR or a name), or the caller's widest area."""
    return selectors.indicator_area(actor=actor, text=code)


def _target_out(target) -> dict[str, Any]:
    return {
        "key": target.key,
        "area": target.area.code,
        "area_name": target.area.name,
        "year": target.year,
        "value": target.value,
        "note": target.note,
        "set_by": target.set_by.username if target.set_by else None,
    }


class PeriodQuery(Schema):
    area: str | None = Field(None, max_length=200, description="code, IR or a name")
    year: Year | None = None
    month: int | None = Field(None, ge=1, le=12, description="Jalali month (needs year)")
    start: JalaliDate | None = Field(None, description="first day of a period (with end)")
    end: JalaliDate | None = Field(None, description="last day of a period")
    as_of: JalaliDate | None = Field(None, description="day states are read on")
    occasion: str | None = Field(
        None, max_length=200, description="an occasion's id or name: its days are the period"
    )


def _period(request, period: PeriodQuery) -> dict[str, Any]:
    return {
        "actor": request.auth,
        "area": _area(request.auth, period.area),
        "year": period.year,
        "month": period.month,
        "start": period.start,
        "end": period.end,
        "as_of": period.as_of,
        "occasion": period.occasion or None,
    }


@router.get("/indicators", response=list[IndicatorOut])
@api_requires(VIEW_INDICATORS)
def list_indicators(
    request,
    period: Query[PeriodQuery],
    key: list[str] = Query(None, max_length=50),  # noqa: B008  (ninja declares repeatable query params so)
):
    """Every indicator the caller may see for an area (SCI code, IR or a name; default: the
    caller's widest area). Flows count a Jalali ``year`` (and ``month``), or ``start`` to
    ``end``, or an ``occasion``'s days (its id or name), or all time up to ``as_of``;
    states are read as of ``as_of`` (default: the period's last day, or today). Values cover the part of the area in the caller's scope."""
    return selectors.indicator_values(**_period(request, period), keys=key or None)


@router.get("/indicators/{key}/records", response=RecordsOut)
@api_requires(VIEW_INDICATOR_RECORDS)
def indicator_records(
    request,
    key: str,
    period: Query[PeriodQuery],
    page: int = Query(1, ge=1, le=100_000),
):
    """The rows a value is computed from (id and a short description), 50 a page, and the SQL."""
    arguments = _period(request, period)
    where = arguments["area"]
    year, month = period.year, period.month
    found = selectors.indicator_records(key=key, **arguments)
    paginator = Paginator(found.queryset, RECORDS_PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "key": key,
        "area": where.code,
        "year": year,
        "month": month,
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "sql": found.sql,
        "items": [{"id": row.pk, "repr": str(row)[:200]} for row in current.object_list],
    }


@router.get("/targets", response=list[TargetOut])
@api_requires(VIEW_INDICATORS)
def list_targets(
    request,
    area: str | None = Query(None, max_length=200),
    year: Year | None = None,
    key: str = Query("", max_length=80),
):
    """Manual targets in the caller's scope (``area``: that area and the areas under it)."""
    where = _area(request.auth, area) if area else None
    targets = selectors.target_list(actor=request.auth, area=where, year=year, key=key or None)
    return [_target_out(target) for target in targets]


@router.put("/targets", response=TargetOut)
@api_requires(SET_TARGETS)
def put_target(request, payload: TargetIn):
    """Set the manual target of an indicator for an area and Jalali year (replaces it)."""
    where = _area(request.auth, payload.area)
    target = services.target_set(
        actor=request.auth,
        key=payload.key,
        area=where,
        year=payload.year,
        value=payload.value,
        note=payload.note,
    )
    return _target_out(target)


@router.delete("/targets", response={204: None})
@api_requires(SET_TARGETS)
def delete_target(
    request,
    year: Year,
    key: str = Query(..., max_length=80),
    area: str = Query(..., max_length=200),
):
    """Remove a manual target (a derived one, if the indicator has one, applies again)."""
    where = _area(request.auth, area)
    if not services.target_delete(actor=request.auth, key=key, area=where, year=year):
        raise Http404(_("برنامه‌ای ثبت نشده است."))
    return Status(204, None)


# The dashboard's data (GET /dashboard) joins this router.
from abadi.reporting.dashboard_api import router as dashboard_router  # noqa: E402

router.add_router("", dashboard_router)
# The press summary's endpoint joins this router.
from abadi.reporting import press_api  # noqa: E402, F401
