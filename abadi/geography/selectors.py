"""Reads of the area tree. Every function takes the actor and sees only the actor's subtrees;
ancestors above them are named (for breadcrumbs) but never listed."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from abadi.core import ports as core_ports
from abadi.core.permissions import VIEW_AREAS
from abadi.core.persian import search_key, to_latin_digits, to_persian_digits
from abadi.core.scoping import (
    COUNTRY_PATH,
    access_object,
    area_in_scope,
    scope,
    unscoped,
    visible_paths,
)
from abadi.geography.models import Area, AreaChange, AreaLevel

COUNTRY_CODE = "IR"
SEARCH_LIMIT = 20


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


def example_area(*, actor, perm: str, levels: tuple[str, ...] | None = None) -> Area | None:
    """One of the places ``actor`` may choose in an area box, for its placeholder: a
    village (or the first of ``levels``) of their own areas; a county when any level does."""
    wanted = levels or (AreaLevel.COUNTY,)
    areas = areas_visible_under(actor=actor, perm=perm).filter(level__in=wanted)
    return areas.only("code", "name", "path").order_by("path").first()


def area_suggestions(
    *,
    actor,
    perm: str,
    text: str,
    levels: tuple[str, ...] | None = None,
    above: bool = False,
    limit: int = 8,
) -> list[Area]:
    """Places whose name contains what is typed so far (or whose code starts with it),
    among the areas ``actor`` holds ``perm`` in, of one of ``levels``: the picker's list.
    Names that start with the text first, then the higher levels."""
    key = search_key(_split_input(text)[1] if text.strip() else "")
    if not key:
        return []
    areas = areas_visible_under(actor=actor, perm=perm, above=above)
    if levels:
        areas = areas.filter(level__in=levels)
    code = normalize_code(text.strip())
    if code.isdigit():
        return list(
            areas.filter(code__startswith=code).defer("geometry").order_by("depth", "code")[:limit]
        )
    ranked = areas.filter(search_key__contains=key).annotate(
        prefix_rank=Case(
            When(search_key__startswith=key, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    return list(
        ranked.defer("geometry").order_by("prefix_rank", "depth", "search_key", "code")[:limit]
    )


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


# ---------------------------------------------------------------------------- ports
# How every other app turns what a person typed into an area, finds the area a user works
# in, and the county a place lies in. Nothing else in the project resolves area input.

_LEVEL_WORDS = {
    "استان": AreaLevel.PROVINCE,
    "شهرستان": AreaLevel.COUNTY,
    "بخش": AreaLevel.DISTRICT,
    "دهستان": AreaLevel.RURAL_DISTRICT,
    "شهر": AreaLevel.CITY,
    "روستای": AreaLevel.VILLAGE,
    "روستا": AreaLevel.VILLAGE,
}
# "اسبو — خلخال", "اسبو - خلخال", "اسبو، خلخال": a place and the county it lies in.
_PLACE_AND_COUNTY = re.compile(r"\s*(?:[—–]|\s-\s|[،,])\s*")
LOOKUP_CHUNK = 500


class AreaInputError(ValidationError):
    """No area of the kind asked, in the caller's areas, answers to the input; or several
    do (``candidates``, each with its place in the tree)."""

    def __init__(self, message: str, *, field: str, candidates: list[Area] | None = None) -> None:
        super().__init__({field: [message]})
        self.message_text = message
        self.candidates = candidates or []


def place_label(area: Area, names: dict[str, str] | None = None) -> str:
    """ "village — rural district — county" (the area and what it lies in, up to the
    county), for telling apart places of the same name."""
    names = names if names is not None else names_above([area])
    codes = area.ancestor_codes()
    # /IR/province/county/district/rural district/: the rural district and the county.
    wanted = [codes[i] for i in (4, 2) if i < len(codes)]
    above = [names[code] for code in wanted if code in names]
    return " — ".join([area.name, *above])


def _level_message(levels: tuple[str, ...]) -> str:
    return " یا ".join(str(AreaLevel(level).label) for level in levels)


def _split_input(text: str) -> tuple[str | None, str, str | None]:
    """(level word's level, name, county name) of a typed name."""
    parts = _PLACE_AND_COUNTY.split(text.strip(), maxsplit=1)
    name, county = parts[0], (parts[1] if len(parts) > 1 else None)
    words = name.split(maxsplit=1)
    level = _LEVEL_WORDS.get(words[0]) if len(words) == 2 else None
    if level is not None:
        name = words[1]
    return level, name, county


def _in_county(areas: list[Area], county_name: str) -> list[Area]:
    """The areas lying in a county of that name."""
    counties = dict(
        Area.objects.filter(level=AreaLevel.COUNTY, search_key=search_key(county_name)).values_list(
            "code", "path"
        )
    )
    return [area for area in areas if any(area.path.startswith(p) for p in counties.values())]


def _pick(matches: list[Area], *, text: str, field: str, levels: tuple[str, ...] | None) -> Area:
    if not matches:
        raise AreaInputError(
            _("«%(name)s» در مناطق حوزه شما پیدا نشد.") % {"name": text}, field=field
        )
    if len(matches) == 1:
        return matches[0]
    depths = sorted(area.depth for area in matches)
    if levels is None and depths[0] < depths[1]:
        # "اردبیل" alone is the province, not its county or city of the same name.
        return min(matches, key=lambda area: area.depth)
    names = names_above(matches)
    listed = "؛ ".join(
        f"{place_label(area, names)} ({to_persian_digits(area.code)})" for area in matches[:8]
    )
    raise AreaInputError(
        _("چند منطقه به نام «%(name)s» هست؛ یکی را برگزینید یا نام شهرستان را هم بنویسید: %(list)s")
        % {"name": text, "list": listed},
        field=field,
        candidates=matches,
    )


def area_from_input(
    *,
    actor,
    perm: str,
    text: str,
    levels: tuple[str, ...] | None = None,
    field: str = "area",
    above: bool = False,
) -> Area:
    """The one area a person means: a Statistical Centre code (Persian or Latin digits),
    "IR", a name ("اسبو", "شهرستان خلخال") or a name and its county ("اسبو — خلخال"),
    among the areas ``actor`` holds ``perm`` in, of one of ``levels`` (any level if None);
    with ``above``, the areas above those too (a county officer may ask for the province's
    figures and see their county's share of them).

    Raises :class:`AreaInputError` (a ValidationError on ``field``) with a Persian message:
    the same for an area that does not exist and one outside the caller's areas, the
    candidates with their county for a name several places share, and the levels asked
    for an area of another level.
    """
    raw = (text or "").strip()
    if not raw:
        raise AreaInputError(_("منطقه را وارد کنید."), field=field)
    visible = areas_visible_under(actor=actor, perm=perm, above=above)
    code = normalize_code(raw)
    if code == COUNTRY_CODE or code.isdigit():
        area = visible.filter(code=code).first()
        if area is None:
            raise AreaInputError(
                _("منطقه‌ای با کد «%(code)s» در حوزه شما پیدا نشد.")
                % {"code": to_persian_digits(code)},
                field=field,
            )
        _check_level(area, levels, field)
        return area
    level, name, county = _split_input(raw)
    candidates = visible.filter(search_key=search_key(name))
    wanted = (level,) if level else levels
    if wanted:
        candidates = candidates.filter(level__in=wanted)
    matches = list(candidates.defer("geometry").order_by("depth", "code")[:50])
    if county:
        matches = _in_county(matches, county)
    if not matches and wanted and visible.filter(search_key=search_key(name)).exists():
        other = visible.filter(search_key=search_key(name)).first()
        assert other is not None
        _check_level(other, wanted, field)
    return _pick(matches, text=raw, field=field, levels=wanted)


def _check_level(area: Area, levels: tuple[str, ...] | None, field: str) -> None:
    if levels and area.level not in levels:
        raise AreaInputError(
            _("«%(name)s» %(level)s است؛ اینجا %(wanted)s لازم است.")
            % {
                "name": area.name,
                "level": area.get_level_display(),
                "wanted": _level_message(levels),
            },
            field=field,
        )


def area_anywhere_from_input(
    *, text: str, levels: tuple[str, ...] | None = None, field: str = "area"
) -> Area:
    """:func:`area_from_input` over the whole country, whoever asks: for a record whose
    place may lie outside the office's own areas (a house the Ardabil office builds in
    Lorestan). The divisions are reference data; the record itself stays the office's."""
    from abadi.core.actors import SYSTEM

    return area_from_input(actor=SYSTEM, perm=VIEW_AREAS, text=text, levels=levels, field=field)


def areas_anywhere(*, texts: set[str], levels: tuple[str, ...] | None = None) -> AreaInputs:
    """:class:`AreaInputs` over the whole country (see :func:`area_anywhere_from_input`)."""
    from abadi.core.actors import SYSTEM

    return AreaInputs(actor=SYSTEM, perm=VIEW_AREAS, texts=texts, levels=levels)


def areas_visible_under(*, actor, perm: str, above: bool = False) -> QuerySet[Area]:
    """The areas ``actor`` holds ``perm`` in (each assignment's area and all below it), and
    with ``above`` the areas those lie in."""
    visible = scope(Area.objects.all(), actor=actor, perm=perm, area_field="")
    if not above:
        return visible
    ancestors = {
        "/" + "/".join(parts[: index + 1]) + "/"
        for root in visible_paths(actor, perm)
        for parts in [root.strip("/").split("/")]
        for index in range(len(parts))
    }
    return visible | Area.objects.filter(path__in=ancestors)


class AreaInputs:
    """:func:`area_from_input` for every cell of a file at once: the areas the cells name
    are looked up in a few queries for the whole file, then each cell is resolved from
    memory. ``resolve`` gives the area or the Persian reason there is none."""

    def __init__(
        self,
        *,
        actor,
        perm: str,
        texts: set[str],
        levels: tuple[str, ...] | None = None,
    ) -> None:
        self.levels = levels
        roots = visible_paths(actor, perm)
        self.roots: list[str] | None = None if COUNTRY_PATH in roots else roots
        typed = {text.strip() for text in texts if text and text.strip()}
        codes = sorted({normalize_code(t) for t in typed if normalize_code(t).isdigit()})
        self.by_code: dict[str, Area] = {}
        for chunk in _chunks(codes):
            found = unscoped(Area.objects.filter(code__in=chunk)).defer("geometry")
            self.by_code.update((area.code, area) for area in found)
        split = {t: _split_input(t) for t in typed if not normalize_code(t).isdigit()}
        keys = sorted({search_key(name) for _level, name, _county in split.values()})
        self.by_name: dict[str, list[Area]] = {}
        places = areas_visible_under(actor=actor, perm=perm).defer("geometry")
        if levels:
            places = places.filter(level__in=levels)
        for chunk in _chunks(keys):
            for area in places.filter(search_key__in=chunk).order_by("depth", "code"):
                self.by_name.setdefault(area.search_key, []).append(area)
        self.split = split
        self.resolved: dict[str, Area | str] = {}
        self.paths: dict[int, str] = {}

    def in_scope(self, path: str) -> bool:
        return self.roots is None or any(path.startswith(root) for root in self.roots)

    def learn_paths(self, area_ids: set[int]) -> None:
        """Remember the paths of these areas (of rows already registered) for
        :meth:`id_in_scope`."""
        for chunk in _chunks(sorted(area_ids - set(self.paths))):
            self.paths.update(unscoped(Area.objects.filter(pk__in=chunk)).values_list("id", "path"))

    def id_in_scope(self, area_id: int) -> bool:
        return self.in_scope(self.paths[area_id])

    def resolve(self, text: str) -> Area | str:
        raw = (text or "").strip()
        if raw not in self.resolved:
            try:
                self.resolved[raw] = self._resolve(raw)
            except AreaInputError as error:
                self.resolved[raw] = error.message_text
        return self.resolved[raw]

    def _resolve(self, raw: str) -> Area:
        if not raw:
            raise AreaInputError(_("منطقه را وارد کنید."), field="area")
        code = normalize_code(raw)
        if code.isdigit():
            area = self.by_code.get(code)
            if area is None or not self.in_scope(area.path):
                # Same answer for "no such area" and "not yours": scope never hints what exists.
                raise AreaInputError(
                    _("منطقه‌ای با کد «%(code)s» در حوزه شما پیدا نشد.")
                    % {"code": to_persian_digits(code)},
                    field="area",
                )
            _check_level(area, self.levels, "area")
            return area
        level, name, county = self.split[raw]
        matches = self.by_name.get(search_key(name), [])
        if level:
            matches = [area for area in matches if area.level == level]
        if county:
            matches = _in_county(matches, county)
        return _pick(
            matches, text=raw, field="area", levels=self.levels or ((level,) if level else None)
        )


def _chunks(values: list):
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]


def areas_of_level(*, actor, perm: str, level: str, under: Area | None = None) -> QuerySet[Area]:
    """The areas of one level (the counties, say) ``actor`` holds ``perm`` in, by code;
    ``under``: only those below that area."""
    areas = areas_visible_under(actor=actor, perm=perm).filter(level=level).defer("geometry")
    if under is not None:
        areas = areas.filter(path__startswith=under.path)
    return areas.order_by("code")


def home_area(*, actor, perm: str) -> Area | None:
    """The widest area ``actor`` works in under ``perm``: the country for a national role,
    else the highest of their areas (the first of equals); None without the permission."""
    roots = visible_paths(actor, perm)
    if not roots:
        return None
    if COUNTRY_PATH in roots:
        return Area.objects.filter(code=COUNTRY_CODE).defer("geometry").first()
    widest = min(roots, key=lambda path: (path.count("/"), path))
    return Area.objects.filter(path=widest).defer("geometry").first()


def county_of(area: Area) -> Area | None:
    """The county an area lies in (the area itself if it is one); None above a county."""
    if area.level == AreaLevel.COUNTY:
        return area
    codes = area.ancestor_codes()
    return Area.objects.filter(code__in=codes, level=AreaLevel.COUNTY).defer("geometry").first()


def names_of_level(level: str) -> dict[str, str]:
    """The name of every area of one level by code (the counties, for labelling rows by
    the county their area path names)."""
    return dict(Area.objects.filter(level=level).values_list("code", "name"))


def area_names(codes) -> dict[str, str]:
    """Area names by code (one query), for labelling breakdowns keyed by area code."""
    return dict(Area.objects.filter(code__in=list(codes)).values_list("code", "name"))


core_ports.provide("area_from_input", area_from_input)
core_ports.provide("home_area", home_area)


def area_ids(codes) -> dict[str, int]:
    """Area ids by code (one query), for writing many rows that name their area."""
    return dict(Area.objects.filter(code__in=list(codes)).values_list("code", "pk"))
