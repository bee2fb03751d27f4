from pathlib import Path

import pytest

from abadi.geography.loader import load_divisions
from abadi.geography.models import Area

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"


def square(x: float, y: float, size: float = 0.5) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


@pytest.fixture
def load_sample(db):
    """Load the sample divisions; returns (result, printed lines)."""

    def load():
        lines: list[str] = []
        result = load_divisions(directory=SAMPLE_DIR, log=lines.append)
        return result, lines

    return load


@pytest.fixture
def mapped_areas(areas):
    """The small test tree with polygons on its provinces and counties."""
    shapes = {"24": square(47, 37, 2), "15": square(47, 33, 2)}
    shapes |= {"2401": square(48, 38), "2403": square(48.5, 37.5), "1501": square(48, 33)}
    for code, geometry in shapes.items():
        Area.objects.filter(code=code).update(geometry=geometry)
        areas[code].refresh_from_db()
    return areas
