"""The one way rows are limited to the areas a user may see.

Every row that belongs somewhere carries an ``area``; an area carries its materialised
``path`` (``/IR/24/2403/…/``). A user's role assignments name areas; a user sees a row when
the row's area lies in the subtree of an area their assignment for the permission names.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from abadi.core.permissions import assignments_granting

M = TypeVar("M", bound=Model)


class Area(Protocol):
    """What scoping needs of an area (``abadi.geography``'s model, which core never
    imports): its materialised path."""

    pk: Any
    path: str


COUNTRY_PATH = "/IR/"


def visible_paths(actor, perm: str) -> list[str]:
    """The area paths under which ``actor`` holds ``perm``; nested paths are folded away."""
    paths = sorted(
        {a.area.path if a.area_id else COUNTRY_PATH for a in assignments_granting(actor, perm)}
    )
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def scope[M: Model](
    queryset: QuerySet[M], *, actor, perm: str, area_field: str = "area"
) -> QuerySet[M]:
    """Rows of ``queryset`` whose area (``area_field``, or the row itself if "") ``actor`` may see."""
    roots = visible_paths(actor, perm)
    if not roots:
        return queryset.none()
    if COUNTRY_PATH in roots:
        return queryset
    lookup = f"{area_field}__path__startswith" if area_field else "path__startswith"
    condition = Q()
    for root in roots:
        condition |= Q(**{lookup: root})
    return queryset.filter(condition)


def unscoped[M: Model](queryset: QuerySet[M]) -> QuerySet[M]:
    """All rows, on purpose: for system work (loaders, demo, indicators of the country)."""
    return queryset


def area_in_scope(*, actor, perm: str, area: Area | None) -> bool:
    roots = visible_paths(actor, perm)
    if COUNTRY_PATH in roots:
        return True
    return area is not None and any(area.path.startswith(root) for root in roots)


def access_object[M: Model](
    queryset: QuerySet[M], *, actor, perm: str, area_field: str = "area", **lookup
) -> M:
    """One row the actor may see, or 404 — never a hint that a row outside the scope exists."""
    try:
        return scope(queryset, actor=actor, perm=perm, area_field=area_field).get(**lookup)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing
