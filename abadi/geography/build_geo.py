"""Build the web-sized boundary files in ``data/`` from the OpenStreetMap extract (run once).

    python -m abadi.geography.build_geo /path/to/reference-data

reads ``geo/provinces.geojson`` and ``geo/counties/IR-NN.geojson`` of the reference data,
simplifies every ring with Douglas–Peucker, rounds coordinates and writes
``data/provinces.geojson.gz`` and ``data/counties.geojson.gz`` (deterministic output: the
same input gives byte-identical files). Matching the polygons to division codes is left to
the loader, so the files keep OpenStreetMap's own names. Pure Python, no GIS library.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import math
from collections.abc import Sequence
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Tolerances in degrees (one thousandth of a degree is about 100 m at Iran's latitudes).
PROVINCE_TOLERANCE = 0.004
COUNTY_TOLERANCE = 0.002
DECIMALS = 4

Point = tuple[float, float]
Ring = list[Point]


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    return math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """The points of an open line that stay within ``tolerance`` of it (ends always kept).

    Iterative, so a ring of tens of thousands of points cannot overflow the stack.
    """
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance_to_segment(points[i], points[first], points[last])
            if d > farthest:
                farthest, index = d, i
        if index != -1 and farthest > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring_area(ring: Sequence[Point]) -> float:
    """Signed area (shoelace) in square degrees; positive when counter-clockwise."""
    total = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        total += x1 * y2 - x2 * y1
    return total / 2


def simplify_ring(ring: Sequence[Point], tolerance: float) -> Ring | None:
    """A closed ring simplified, or None when it collapses below a triangle.

    A closed ring has no natural ends, so it is cut at its first point and the point
    farthest from it, and each half is simplified as a line.
    """
    points = [(float(x), float(y)) for x, y in ring]
    if points[0] != points[-1]:
        points.append(points[0])
    if len(points) < 4:
        return None
    start = points[0]
    far = max(
        range(len(points) - 1),
        key=lambda i: math.hypot(points[i][0] - start[0], points[i][1] - start[1]),
    )
    first_half = douglas_peucker(points[: far + 1], tolerance)
    second_half = douglas_peucker(points[far:], tolerance)
    simplified = first_half[:-1] + second_half
    rounded: Ring = []
    for x, y in simplified:
        point = (round(x, DECIMALS), round(y, DECIMALS))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) < 4 or abs(ring_area(rounded)) < tolerance * tolerance:
        return None
    return rounded


def simplify_geometry(geometry: dict, tolerance: float) -> dict | None:
    """A (Multi)Polygon simplified to a MultiPolygon; parts that collapse are dropped."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        return None
    result = []
    for polygon in polygons:
        outer = simplify_ring(polygon[0], tolerance)
        if outer is None:
            continue
        holes = [hole for hole in (simplify_ring(r, tolerance) for r in polygon[1:]) if hole]
        result.append([[list(p) for p in ring] for ring in (outer, *holes)])
    if not result:
        return None
    return {"type": "MultiPolygon", "coordinates": result}


def _write(features: list[dict], target: Path) -> None:
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    # mtime=0 and no file name in the header: rebuilding gives the same bytes.
    with (
        target.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out,
    ):
        out.write(text.encode())


def build_provinces(source: Path) -> list[dict]:
    collection = json.loads(source.read_text(encoding="utf-8"))
    features = []
    for feature in collection["features"]:
        geometry = simplify_geometry(feature["geometry"], PROVINCE_TOLERANCE)
        if geometry is None:
            continue
        properties = feature["properties"]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": properties.get("name:fa") or properties.get("name", ""),
                    "name_en": properties.get("name:en", ""),
                },
                "geometry": geometry,
            }
        )
    return sorted(features, key=lambda f: f["properties"]["name"])


def build_counties(source_dir: Path) -> list[dict]:
    features = []
    for path in sorted(source_dir.glob("IR-*.geojson")):
        iso_number = path.stem.removeprefix("IR-")
        collection = json.loads(path.read_text(encoding="utf-8"))
        for feature in collection["features"]:
            geometry = simplify_geometry(feature["geometry"], COUNTY_TOLERANCE)
            if geometry is None:
                # Label points (OSM nodes) carry no boundary.
                continue
            tags = feature["properties"].get("tags", {})
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "iso": iso_number,
                        "osm_id": feature["properties"].get("id"),
                        "name": tags.get("name:fa") or tags.get("name", ""),
                        "name_en": tags.get("name:en", ""),
                        "ref_sci": tags.get("ref:sci", ""),
                    },
                    "geometry": geometry,
                }
            )
    return features


def _count_points(features: list[dict]) -> int:
    return sum(
        len(ring) for f in features for polygon in f["geometry"]["coordinates"] for ring in polygon
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="reference data directory (holds geo/)")
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    provinces = build_provinces(args.source / "geo" / "provinces.geojson")
    counties = build_counties(args.source / "geo" / "counties")
    _write(provinces, args.out / "provinces.geojson.gz")
    _write(counties, args.out / "counties.geojson.gz")
    for name, features in (("provinces", provinces), ("counties", counties)):
        size = (args.out / f"{name}.geojson.gz").stat().st_size
        print(f"{name}: {len(features)} features, {_count_points(features)} points, {size} bytes")


if __name__ == "__main__":
    main()
