"""Load Iran's administrative divisions and their boundaries into the area tree.

The reference data (``data/`` beside this module, or any directory holding the same files)
is six division CSVs (``province``, ``county``, ``district``, ``rural_district``, ``city``,
``village``; plain or gzipped) and, optionally, ``provinces.geojson`` and
``counties.geojson`` (plain or gzipped, written by ``build_geo``).

The whole tree is built in memory first — codes, parents, paths, search keys, polygons —
then compared with the rows already in the database: only missing rows are inserted and
only rows whose values differ are updated, in batches, in one transaction. A second run
finds nothing to do. Rows the reference does not know (counties an administrator added)
are kept, and an area with a recorded :class:`AreaChange` stays where that change put it.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from abadi.core.actors import SYSTEM
from abadi.core.audit import audit_record
from abadi.core.persian import compact_key, search_key
from abadi.geography.models import Area, AreaChange, AreaLevel

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRY_CODE = "IR"
BATCH_SIZE = 2000

# The CSV codes are integers, so leading zeros are lost ("0" is Markazi, "10" both Markazi
# county 0010 and Isfahan province). Padding each level back to its width makes them the
# Statistical Centre's codes again and unique across levels.
LEVEL_FILES: list[tuple[str, str, int, str | None]] = [
    # level, file, code width, CSV column of the parent
    (AreaLevel.PROVINCE, "province", 2, None),
    (AreaLevel.COUNTY, "county", 4, "province"),
    (AreaLevel.DISTRICT, "district", 6, "county"),
    (AreaLevel.RURAL_DISTRICT, "rural_district", 10, "district"),
    (AreaLevel.CITY, "city", 10, "district"),
    (AreaLevel.VILLAGE, "village", 16, "rural_district"),
]


@dataclass(frozen=True)
class NewCounty:
    """A county created after the snapshot of the divisions, from districts it took over."""

    code: str
    name: str
    name_en: str
    province: str
    districts: tuple[str, ...]


# The divisions are a snapshot of about 2019–20; these counties came later.
NEW_COUNTIES = [
    NewCounty(code="2412", name="انگوت", name_en="Ungut", province="24", districts=("240501",)),
]

# OpenStreetMap names that no folding turns into the name in the divisions.
NAME_ALIASES = {
    "طرقبه شاندیز": "بینالود",  # Binalud county, renamed Torqabeh-Shandiz
    "چابهار": "چاه بهار",
}

_PREFIX = re.compile(r"^(شهرستان|استان)\s+(ویژه\s+)?")


def match_key(name: str) -> str:
    """The search key with what OpenStreetMap and the census write differently folded away:
    the "شهرستان"/"استان" (and "ویژه") prefix, spaces (وبختیاری / و بختیاری), hamza."""
    key = _PREFIX.sub("", search_key(name))
    return compact_key(NAME_ALIASES.get(key, key)).replace("ء", "")


@dataclass
class Node:
    code: str
    name: str
    level: str
    parent: str | None
    name_en: str = ""
    geometry: dict | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class LoadResult:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: int = 0
    kept_moves: list[str] = field(default_factory=list)
    unmatched_polygons: list[str] = field(default_factory=list)
    areas_without_polygon: list[str] = field(default_factory=list)
    iso_to_sci: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


class DivisionDataError(Exception):
    """The reference files are missing or inconsistent."""


def _open_text(directory: Path, stem: str) -> io.TextIOBase | None:
    for name in (f"{stem}.gz", stem):
        path = directory / name
        if path.exists():
            if name.endswith(".gz"):
                return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
            return path.open(encoding="utf-8", newline="")
    return None


def _rows(directory: Path, stem: str, columns: list[str]) -> Iterator[list[str]]:
    """The values of ``columns`` of each row (plain lists: a DictReader is twice as slow)."""
    handle = _open_text(directory, f"{stem}.csv")
    if handle is None:
        raise DivisionDataError(f"{stem}.csv(.gz) is missing in {directory}")
    with handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        missing = [c for c in columns if c not in header]
        if missing:
            raise DivisionDataError(f"{stem}.csv has no column {', '.join(missing)}")
        indexes = [header.index(c) for c in columns]
        for row in reader:
            if row:
                yield [row[i] for i in indexes]


def read_divisions(directory: Path) -> dict[str, Node]:
    """Every division as a node keyed by its (padded) code, parents before children."""
    nodes: dict[str, Node] = {
        COUNTRY_CODE: Node(COUNTRY_CODE, "ایران", AreaLevel.COUNTRY, None, "Iran")
    }
    code_by_id: dict[str, dict[str, str]] = {}
    for level, stem, width, parent_column in LEVEL_FILES:
        ids: dict[str, str] = {}
        parent_ids = code_by_id[parent_column] if parent_column else {}
        columns = ["id", "name", "code", parent_column or "id"]
        for row_id, name, raw_code, parent_id in _rows(directory, stem, columns):
            code = raw_code.strip().zfill(width)
            if parent_column is None:
                parent = COUNTRY_CODE
            elif parent_id in parent_ids:
                parent = parent_ids[parent_id]
            else:
                raise DivisionDataError(
                    f"{stem}.csv id {row_id}: {parent_column} {parent_id} is unknown"
                )
            if code in nodes:
                raise DivisionDataError(
                    f"{stem}.csv id {row_id}: code {code} is already used by "
                    f"{nodes[code].level} {nodes[code].name}"
                )
            nodes[code] = Node(code, " ".join(name.split()), level, parent)
            ids[row_id] = code
        code_by_id[stem] = ids
    return nodes


def apply_new_counties(nodes: dict[str, Node]) -> list[str]:
    """Create the counties of :data:`NEW_COUNTIES` whose province and districts are present."""
    applied = []
    for county in NEW_COUNTIES:
        if county.province not in nodes or not all(d in nodes for d in county.districts):
            continue
        nodes[county.code] = Node(
            county.code, county.name, AreaLevel.COUNTY, county.province, county.name_en
        )
        for district in county.districts:
            nodes[district].parent = county.code
        applied.append(county.code)
    # Keep parents before children for anyone iterating in order.
    ordered = sorted(nodes.values(), key=lambda n: _LEVEL_ORDER[n.level])
    nodes.clear()
    nodes.update((n.code, n) for n in ordered)
    return applied


_LEVEL_ORDER = {level: i for i, level in enumerate(AreaLevel.values)}


# --- boundaries ---------------------------------------------------------------------------


def _read_geojson(directory: Path, stem: str) -> list[dict[str, Any]]:
    handle = _open_text(directory, f"{stem}.geojson")
    if handle is None:
        return []
    with handle:
        return json.load(handle)["features"]


def _ring_moments(ring: list[list[float]]) -> tuple[float, float, float]:
    """Twice the signed area of a ring and its first moments (shoelace formula)."""
    area = x_sum = y_sum = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        cross = x1 * y2 - x2 * y1
        area += cross
        x_sum += (x1 + x2) * cross
        y_sum += (y1 + y2) * cross
    return area, x_sum, y_sum


def _polygons(geometry: dict) -> list:
    return (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )


def centroid(geometry: dict) -> tuple[float, float] | None:
    """Area-weighted centroid (longitude, latitude) of a (Multi)Polygon, holes subtracted."""
    total = cx = cy = 0.0
    for polygon in _polygons(geometry):
        for index, ring in enumerate(polygon):
            area, x_sum, y_sum = _ring_moments(ring)
            if area == 0:
                continue
            # Outer rings add, holes subtract, whatever their winding.
            weight = abs(area) / 2 * (1 if index == 0 else -1)
            total += weight
            cx += x_sum / (3 * area) * weight
            cy += y_sum / (3 * area) * weight
    if total == 0:
        return None
    return round(cx / total, 5), round(cy / total, 5)


def polygon_area(geometry: dict) -> float:
    """Area in square degrees (outer rings only; enough to weigh provinces)."""
    return sum(abs(_ring_moments(polygon[0])[0]) / 2 for polygon in _polygons(geometry))


def _clean_english(name: str) -> str:
    return re.sub(r"\s+(county|city)$", "", name.strip(), flags=re.IGNORECASE)


def _set_polygon(node: Node, feature: dict) -> None:
    node.geometry = feature["geometry"]
    node.name_en = node.name_en or _clean_english(feature["properties"].get("name_en", ""))
    point = centroid(node.geometry)
    if point:
        node.longitude, node.latitude = point


def attach_polygons(nodes: dict[str, Node], directory: Path, result: LoadResult) -> None:
    """Give provinces and counties their polygon, matched by code (``ref:sci``) or name."""
    provinces = [n for n in nodes.values() if n.level == AreaLevel.PROVINCE]
    by_key = {match_key(p.name): p for p in provinces}
    for feature in _read_geojson(directory, "provinces"):
        name = feature["properties"]["name"]
        province = by_key.get(match_key(name))
        if province is None or province.geometry is not None:
            result.unmatched_polygons.append(f"province {name}")
            continue
        _set_polygon(province, feature)

    counties: dict[str, dict[str, Node]] = defaultdict(dict)
    for node in nodes.values():
        if node.level == AreaLevel.COUNTY and node.parent:
            counties[node.parent][match_key(node.name)] = node
    features_by_iso: dict[str, list[dict]] = defaultdict(list)
    for feature in _read_geojson(directory, "counties"):
        features_by_iso[feature["properties"]["iso"]].append(feature)

    for iso, features in sorted(features_by_iso.items()):
        province_code = _province_of(features, counties)
        if province_code is None:
            result.unmatched_polygons.extend(
                f"IR-{iso} {f['properties']['name']}" for f in features
            )
            continue
        result.iso_to_sci[iso] = province_code
        for feature in features:
            properties = feature["properties"]
            ref = (properties.get("ref_sci") or "").strip()
            county = nodes.get(ref.zfill(4)) if ref.isdigit() else None
            if county is None or county.level != AreaLevel.COUNTY:
                county = counties[province_code].get(match_key(properties["name"]))
            if county is None or county.geometry is not None:
                result.unmatched_polygons.append(f"IR-{iso} {properties['name']}")
                continue
            _set_polygon(county, feature)

    if not any(n.geometry for n in provinces):
        return
    result.areas_without_polygon = [
        f"{n.code} {n.name}"
        for n in nodes.values()
        if n.level in (AreaLevel.PROVINCE, AreaLevel.COUNTY) and n.geometry is None
    ]
    _set_country_point(nodes[COUNTRY_CODE], provinces)


def _province_of(features: list[dict], counties: dict[str, dict[str, Node]]) -> str | None:
    """The province whose county names the features of one ISO 3166-2 file match best.

    The file number is not trusted to be the Statistical Centre's province code.
    """
    keys = [match_key(f["properties"]["name"]) for f in features]
    scores = sorted(
        ((sum(k in names for k in keys), code) for code, names in counties.items()), reverse=True
    )
    if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        return None
    return scores[0][1]


def _set_country_point(country: Node, provinces: list[Node]) -> None:
    """The country's point: the centroids of the provinces weighted by their areas."""
    weighted = [
        (n.longitude, n.latitude, polygon_area(n.geometry))
        for n in provinces
        if n.geometry and n.latitude is not None and n.longitude is not None
    ]
    total = sum(w for _, _, w in weighted)
    if total:
        country.longitude = round(sum(x * w for x, _, w in weighted) / total, 5)
        country.latitude = round(sum(y * w for _, y, w in weighted) / total, 5)


# --- writing ------------------------------------------------------------------------------

FIELDS = [
    "name",
    "name_en",
    "level",
    "parent_id",
    "path",
    "depth",
    "search_key",
    "geometry",
    "latitude",
    "longitude",
]


def load_divisions(*, directory: Path = DATA_DIR, log: Callable[[str], Any] = print) -> LoadResult:
    """Bring the area tree in line with the reference files in ``directory``."""
    result = LoadResult()
    log(f"reading divisions from {directory}")
    nodes = read_divisions(directory)
    for code in apply_new_counties(nodes):
        log(f"added county {code} {nodes[code].name} (not in the divisions snapshot)")
    attach_polygons(nodes, directory, result)
    differing = {iso: sci for iso, sci in result.iso_to_sci.items() if iso != sci}
    if result.iso_to_sci:
        log(
            f"county boundary files matched to {len(result.iso_to_sci)} provinces by county names; "
            + (
                f"ISO 3166-2 number ≠ SCI code for {differing}"
                if differing
                else "ISO 3166-2 numbers equal SCI codes"
            )
        )
    with transaction.atomic():
        _write(nodes, result, log)
    for line in result.unmatched_polygons:
        log(f"unmatched polygon: {line}")
    for line in result.areas_without_polygon:
        log(f"no polygon for: {line}")
    return result


def _write(nodes: dict[str, Node], result: LoadResult, log: Callable[[str], Any]) -> None:
    # Plain tuples, and the few polygons apart: decoding a JSON column on every one of
    # 100,000 rows costs more than the rest of the comparison.
    scalars = [f for f in FIELDS if f != "geometry"]
    polygons = dict(Area.objects.filter(geometry__isnull=False).values_list("code", "geometry"))
    existing: dict[str, dict[str, Any]] = {}
    for values in Area.objects.order_by().values_list("id", "code", *scalars):
        row = dict(zip(["id", "code", *scalars], values, strict=True))
        row["geometry"] = polygons.get(row["code"])
        existing[row["code"]] = row
    code_of_id = {row["id"]: code for code, row in existing.items()}
    moved = set(AreaChange.objects.values_list("area__code", flat=True))

    # The parent of each area: the reference, except where a recorded change says otherwise;
    # areas the reference does not know keep theirs.
    parent_of: dict[str, str | None] = {}
    for code, node in nodes.items():
        if code in moved and code in existing:
            parent_of[code] = code_of_id.get(existing[code]["parent_id"])
            if parent_of[code] != node.parent:
                result.kept_moves.append(code)
        else:
            parent_of[code] = node.parent
    for code, row in existing.items():
        if code not in parent_of:
            parent_of[code] = code_of_id.get(row["parent_id"])
    paths = _paths(parent_of)

    ids = {code: row["id"] for code, row in existing.items()}
    wanted_by_code: dict[str, dict[str, Any]] = {}
    to_create: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for code in sorted(parent_of, key=lambda c: paths[c].count("/")):
        path = paths[code]
        depth = path.count("/") - 2
        reference = nodes.get(code)
        if reference is None:
            # Not in the reference: only its path and depth follow its ancestors.
            wanted_by_code[code] = {"path": path, "depth": depth}
            continue
        wanted = {
            "name": reference.name,
            "name_en": reference.name_en,
            "level": reference.level,
            "path": path,
            "depth": depth,
            "search_key": search_key(reference.name),
            "geometry": reference.geometry,
            "latitude": reference.latitude,
            "longitude": reference.longitude,
        }
        if code in existing:
            wanted_by_code[code] = wanted
        else:
            to_create[depth].append({"code": code, **wanted})

    # New areas first, parents before children, so every parent has an id to point to.
    for depth in sorted(to_create):
        rows = to_create[depth]
        for row in rows:
            parent_code = parent_of[row["code"]]
            row["parent_id"] = ids[parent_code] if parent_code else None
        _insert(rows)
        ids.update(Area.objects.filter(depth=depth).values_list("code", "id"))
        result.created.update(Counter(row["level"] for row in rows))
        log(f"depth {depth}: created {len(rows)} areas")

    to_update: dict[tuple[str, ...], list[Area]] = defaultdict(list)
    for code, wanted in wanted_by_code.items():
        row = existing[code]
        parent_code = parent_of[code]
        if code in nodes:
            wanted["parent_id"] = ids[parent_code] if parent_code else None
        changes = {k: v for k, v in wanted.items() if row[k] != v}
        if not changes:
            result.unchanged += 1
            continue
        area = Area(id=row["id"], code=code, **{k: row[k] for k in FIELDS})
        for key, value in changes.items():
            setattr(area, key, value)
        to_update[tuple(sorted(changes))].append(area)
        result.updated[row["level"]] += 1
    for fields, batch in to_update.items():
        Area.objects.bulk_update(batch, list(fields), batch_size=BATCH_SIZE)
    if result.updated:
        log(f"updated {sum(result.updated.values())} areas: {dict(result.updated)}")

    if result.changed:
        audit_record(
            actor=SYSTEM,
            action="area.load",
            new={"created": dict(result.created), "updated": dict(result.updated)},
        )
        log(
            f"created {sum(result.created.values())}, updated {sum(result.updated.values())}, "
            f"unchanged {result.unchanged}"
        )
    else:
        log(f"nothing to do: all {result.unchanged} areas already match the reference data")
    for code in result.kept_moves:
        log(f"kept recorded move of {code} (see its area changes)")


# Columns of a new area; the field names are the column names.
INSERT_COLUMNS = ["code", "deprived", "hard_to_reach", *FIELDS]


def _insert(rows: list[dict[str, Any]]) -> None:
    """Insert new areas without building model instances: for a hundred thousand villages
    the ORM's per-object work in ``bulk_create`` is most of the load time. PostgreSQL takes
    them by COPY, other databases by ``executemany`` in batches."""
    values = [
        [
            json.dumps(row["geometry"])
            if name == "geometry" and row["geometry"] is not None
            else row.get(name, False)
            for name in INSERT_COLUMNS
        ]
        for row in rows
    ]
    table = connection.ops.quote_name(Area._meta.db_table)
    column_list = ", ".join(connection.ops.quote_name(c) for c in INSERT_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
            return
        placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})"
        for start in range(0, len(values), BATCH_SIZE):
            cursor.executemany(sql, values[start : start + BATCH_SIZE])


def _paths(parent_of: dict[str, str | None]) -> dict[str, str]:
    paths: dict[str, str] = {}
    for start in parent_of:
        chain = []
        code: str | None = start
        while code is not None and code not in paths:
            chain.append(code)
            if len(chain) > 12:
                raise DivisionDataError(f"area {start} has no way up to the country")
            code = parent_of.get(code)
        prefix = paths[code] if code is not None else "/"
        for link in reversed(chain):
            prefix = f"{prefix}{link}/"
            paths[link] = prefix
    return paths
