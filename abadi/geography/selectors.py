"""Reads of the area tree. Every function takes the actor and sees only the actor's subtrees;
ancestors above them are named (for breadcrumbs) but never listed."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from abadi.core.permissions import VIEW_AREAS
from abadi.core.persian import search_key, to_latin_digits, to_persian_digits
from abadi.core.scoping import access_object, area_in_scope, scope, visible_paths
from abadi.geography.models import Area, AreaChange, AreaLevel

COUNTRY_CODE = "IR"
SEARCH_LIMIT = 20


class AreaLookupError(Exception):
    """No area, or more than one, answers to the code or name given."""

    def __init__(self, message: str, candidates: list[Area] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


def areas_visible(*, actor) -> QuerySet[Area]:
    return scope(Area.objects.all(), actor=actor, perm=VIEW_AREAS, area_field="")


def with_children_count(areas: QuerySet[Area]) -> QuerySet[Area]:
    """The areas with ``children_count``, in the same query; polygons left out."""
    return areas.defer("geometry").annotate(children_count=Count("children"))


def area_get(*, actor, code: str) -> Area:
    """One area by code with its children count, or 404 (also when it lies outside the scope)."""
    code = normalize_code(code)
    return access_object(
        with_children_count(Area.objects.all()),
        actor=actor,
        perm=VIEW_AREAS,
        area_field="",
        code=code,
    )


def area_children(*, actor, area: Area) -> QuerySet[Area]:
    """The children of ``area`` the actor may see, each with its own children count."""
    children = areas_visible(actor=actor).filter(parent=area)
    return with_children_count(children).order_by("level", "name", "code")


def area_roots(*, actor) -> QuerySet[Area]:
    """The top areas of the actor's scope (the country for someone who sees it all)."""
    paths = visible_paths(actor, VIEW_AREAS)
    codes = [path.strip("/").rsplit("/", 1)[-1] for path in paths]
    return with_children_count(Area.objects.filter(code__in=codes)).order_by("path")


def area_search(*, actor, query: str, limit: int | None = SEARCH_LIMIT) -> QuerySet[Area]:
    """Areas whose name contains ``query`` (Persian search key) or whose code starts with it;
    names that start with it first, then the higher levels."""
    key = search_key(query)
    if not key:
        return Area.objects.none()
    areas = areas_visible(actor=actor)
    if key.isdigit() or key.upper() == COUNTRY_CODE:
        areas = areas.filter(code__startswith=key.upper())
        prefix: Any = Value(0, output_field=IntegerField())
    else:
        areas = areas.filter(search_key__contains=key)
        prefix = Case(
            When(search_key__startswith=key, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ordered = (
        with_children_count(areas)
        .annotate(prefix_rank=prefix)
        .order_by("prefix_rank", "depth", "search_key", "code")
    )
    return ordered[:limit] if limit else ordered


def area_ancestors(*, actor, area: Area) -> list[dict[str, Any]]:
    """The areas above ``area``, country first, each marked whether the actor may open it."""
    codes = area.ancestor_codes()
    if not codes:
        return []
    found = {
        a.code: a for a in Area.objects.filter(code__in=codes).only("code", "name", "level", "path")
    }
    return [
        {"area": found[code], "open": area_in_scope(actor=actor, perm=VIEW_AREAS, area=found[code])}
        for code in codes
        if code in found
    ]


def area_changes(*, actor, area: Area) -> QuerySet[AreaChange]:
    """The recorded moves of ``area`` (which the actor may see), newest first."""
    if not area_in_scope(actor=actor, perm=VIEW_AREAS, area=area):
        return AreaChange.objects.none()
    return AreaChange.objects.filter(area=area).select_related("old_parent", "new_parent", "actor")


def names_above(areas: list[Area]) -> dict[str, str]:
    """Name of every area on the paths of ``areas`` (one query), for "where is it" labels."""
    codes = {code for area in areas for code in area.ancestor_codes() if code != COUNTRY_CODE}
    return dict(Area.objects.filter(code__in=codes).values_list("code", "name"))


def area_map(*, actor, area: Area) -> dict[str, Any]:
    """GeoJSON of the polygons to draw for ``area``: the children for the country and a
    province, otherwise the county the area lies in. Only polygons inside the scope."""
    if area.level in (AreaLevel.COUNTRY, AreaLevel.PROVINCE):
        shapes = areas_visible(actor=actor).filter(parent=area)
        clickable = True
    else:
        shapes = areas_visible(actor=actor).filter(
            code__in=[*area.ancestor_codes(), area.code], level=AreaLevel.COUNTY
        )
        clickable = area.level != AreaLevel.COUNTY
    features = [
        {
            "type": "Feature",
            "geometry": shape.geometry,
            "properties": {
                "code": shape.code,
                "label": shape.name,
                "code_fa": to_persian_digits(shape.code),
                "clickable": clickable,
            },
        }
        for shape in shapes.filter(geometry__isnull=False).only("code", "name", "geometry", "path")
    ]
    return {"type": "FeatureCollection", "features": features}


def normalize_code(text: str) -> str:
    text = to_latin_digits(text or "").strip()
    return COUNTRY_CODE if text.upper() == COUNTRY_CODE else text


def area_resolve(*, queryset: QuerySet[Area], text: str) -> Area:
    """The one area of ``queryset`` named by ``text``: a code, "IR", or a name.

    Raises :class:`AreaLookupError` with a Persian message when none or several match.
    """
    code = normalize_code(text)
    if not code:
        raise AreaLookupError(_("کد یا نام منطقه را وارد کنید."))
    if code == COUNTRY_CODE or code.isdigit():
        area = queryset.filter(code=code).first()
        if area is None:
            raise AreaLookupError(_("منطقه‌ای با کد «%(code)s» پیدا نشد.") % {"code": code})
        return area
    matches = list(queryset.filter(search_key=search_key(text)).order_by("depth", "code")[:50])
    if not matches:
        raise AreaLookupError(_("منطقه‌ای با نام «%(name)s» پیدا نشد.") % {"name": text})
    if len(matches) > 1:
        raise AreaLookupError(
            _("چند منطقه با نام «%(name)s» هست؛ یکی را با کدش مشخص کنید.") % {"name": text},
            candidates=matches,
        )
    return matches[0]
