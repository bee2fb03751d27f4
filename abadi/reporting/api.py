"""The indicator catalogue over HTTP: values with plans, the records behind a value, targets."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from abadi.core.api_access import api_requires
from abadi.geography.models import Area
from abadi.reporting import selectors, services
from abadi.reporting.permissions import SET_TARGETS, VIEW_INDICATOR_RECORDS, VIEW_INDICATORS

router = Router(tags=["indicators"])

RECORDS_PAGE_SIZE = 50


class IndicatorOut(Schema):
    key: str
    name: str
    name_en: str
    value: int
    target: int | None
    unit: str
    kind: str
    breakdown: dict[str, int] | None
    breakdown_name: str | None
    percent: float | None
    target_source: str | None
    target_manual: int | None
    target_derived: int | None
    children_target_sum: int | None
    target_mismatch: bool
    partial: bool


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


class TargetIn(Schema):
    key: str
    area: str
    year: int
    value: int
    note: str = ""


def _area(actor, code: str | None) -> Area:
    """The area named by ``code`` (code, IR or a name), or the caller's top area."""
    if not code:
        area = selectors.default_area(actor=actor)
        if area is None:
            raise Http404
        return area
    try:
        return selectors.area_resolve(code)
    except selectors.AreaNotFound as error:
        if error.candidates:
            raise ValidationError(
                {"area": [str(error), *(selectors.area_label(a) for a in error.candidates)]}
            ) from error
        raise ValidationError({"area": str(error)}) from error


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


@router.get("/indicators", response=list[IndicatorOut])
@api_requires(VIEW_INDICATORS)
def list_indicators(
    request,
    area: str | None = None,
    year: int | None = None,
    month: int | None = None,
    key: list[str] = Query(None),  # noqa: B008  (ninja declares repeatable query params so)
):
    """Every indicator the caller may see for an area (SCI code, IR or a name; default: the
    caller's top area) over a Jalali year or month; without a year, flows cover all time
    and states mean now. Values cover the part of the area in the caller's scope."""
    where = _area(request.auth, area)
    return selectors.indicator_values(
        actor=request.auth, area=where, year=year, month=month, keys=key or None
    )


@router.get("/indicators/{key}/records", response=RecordsOut)
@api_requires(VIEW_INDICATOR_RECORDS)
def indicator_records(
    request,
    key: str,
    area: str | None = None,
    year: int | None = None,
    month: int | None = None,
    page: int = 1,
):
    """The rows a value is computed from (id and a short description), 50 a page, and the SQL."""
    where = _area(request.auth, area)
    found = selectors.indicator_records(
        actor=request.auth, key=key, area=where, year=year, month=month
    )
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
def list_targets(request, area: str | None = None, year: int | None = None, key: str = ""):
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
def delete_target(request, key: str, area: str, year: int):
    """Remove a manual target (a derived one, if the indicator has one, applies again)."""
    where = _area(request.auth, area)
    if not services.target_delete(actor=request.auth, key=key, area=where, year=year):
        raise Http404(_("برنامه‌ای ثبت نشده است."))
    return Status(204, None)
