"""Areas over the API, limited exactly like the area browser: the caller's subtrees only."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from abadi.core.api_access import api_requires
from abadi.core.api_kit import ApiRouter, PageNumbers, error_body
from abadi.core.permissions import VIEW_AREAS
from abadi.geography import selectors
from abadi.geography.models import Area

router = ApiRouter(tags=["areas"])


class AreaOut(Schema):
    code: str = Field(description="Statistical Centre of Iran code; IR for the country")
    name: str
    name_en: str
    level: str = Field(
        description="country, province, county, district, rural_district, city or village"
    )
    level_label: str = Field(description="the level in Persian")
    parent_code: str | None
    path: str = Field(description="codes from the country down, e.g. /IR/24/2401/")
    depth: int
    deprived: bool
    hard_to_reach: bool
    latitude: float | None
    longitude: float | None
    children_count: int

    @staticmethod
    def resolve_level_label(area: Area) -> str:
        return area.get_level_display()

    @staticmethod
    def resolve_parent_code(area: Area) -> str | None:
        codes = area.ancestor_codes()
        return codes[-1] if codes else None


class AncestorOut(Schema):
    code: str
    name: str
    level: str


class AreaDetailOut(AreaOut):
    ancestors: list[AncestorOut] = Field(description="the areas above, country first (names only)")


class FeatureCollectionOut(Schema):
    type: str = "FeatureCollection"
    features: list[dict[str, Any]] = Field(
        description="GeoJSON features; properties: code, label, code_fa, clickable"
    )


def _not_found(code: str) -> Status:
    return Status(404, error_body(_not_found_message(code)))


def _not_found_message(code: str) -> str:
    return _("منطقه‌ای با کد «%(code)s» پیدا نشد.") % {"code": code}


@router.get("/areas", response=list[AreaOut])
@api_requires(VIEW_AREAS)
@paginate(PageNumbers, page_size=100)
def list_areas(
    request,
    parent: str | None = Query(None, max_length=20),
    q: str | None = Query(None, max_length=100),
):
    """The children of ``parent`` (a code), or the areas matching ``q`` (name or code prefix;
    names that start with it first). Without either: the top areas of the caller's scope.
    A ``parent`` that does not exist or lies outside the caller's areas answers 404."""
    actor = request.auth
    if q:
        return selectors.area_search(actor=actor, query=q, limit=None)
    if parent:
        try:
            area = selectors.area_get(actor=actor, code=parent)
        except Http404 as missing:
            raise HttpError(404, _not_found_message(parent)) from missing
        return selectors.area_children(actor=actor, area=area)
    return selectors.area_roots(actor=actor)


@router.get("/areas/{code}", response=AreaDetailOut)
@api_requires(VIEW_AREAS, record=Area)
def get_area(request, code: str):
    """One area with its children count and the names of the areas above it."""
    try:
        area = selectors.area_get(actor=request.auth, code=code)
    except Http404:
        return _not_found(code)
    ancestors = [
        {"code": step["area"].code, "name": step["area"].name, "level": step["area"].level}
        for step in selectors.area_ancestors(actor=request.auth, area=area)
    ]
    area.ancestors = ancestors  # type: ignore[attr-defined]
    return Status(200, area)


@router.get("/areas/{code}/boundaries", response=FeatureCollectionOut)
@api_requires(VIEW_AREAS, record=Area)
def area_boundaries(request, code: str):
    """GeoJSON of what a map of the area draws: the provinces of IR, the counties of a
    province, otherwise the county the area lies in. Data © OpenStreetMap contributors (ODbL)."""
    try:
        area = selectors.area_get(actor=request.auth, code=code)
    except Http404:
        return _not_found(code)
    return Status(200, selectors.area_map(actor=request.auth, area=area))
