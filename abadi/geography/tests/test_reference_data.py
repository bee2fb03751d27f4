"""The real divisions and boundaries shipped in ``abadi/geography/data`` (about 104,000
areas), loaded once: counts per level, Ardabil's twelve counties, the polygons that could
not be matched, and that a second load finds nothing to do."""

import io
from collections import Counter

import pytest
from django.core.management import call_command

from abadi.geography.loader import load_divisions
from abadi.geography.models import Area

# OpenStreetMap counties newer than the divisions snapshot (خمام, چهاربرج, کرخه, …): their
# territory is still inside an older county of the snapshot, so there is nothing to match.
KNOWN_UNMATCHED_POLYGONS = 30
# Pol-e Dokhtar (1508): OpenStreetMap has only Mamulan, split from it later.
KNOWN_COUNTIES_WITHOUT_POLYGON = ["1508 پلدختر"]


@pytest.mark.reference_data
def test_full_reference_data(db):
    lines: list[str] = []
    first = load_divisions(log=lines.append)
    assert Counter(Area.objects.values_list("level", flat=True)) == {
        "country": 1,
        "province": 31,
        "county": 449,  # 448 in the snapshot and Ungut
        "district": 1099,
        "rural_district": 2637,
        "city": 1554,
        "village": 98100,
    }
    assert sum(first.created.values()) == Area.objects.count()

    # Every province and all but one county have a polygon and a centroid.
    assert not Area.objects.filter(level="province", geometry__isnull=True).exists()
    assert first.areas_without_polygon == KNOWN_COUNTIES_WITHOUT_POLYGON
    assert len(first.unmatched_polygons) == KNOWN_UNMATCHED_POLYGONS
    assert all(not line.startswith("province") for line in first.unmatched_polygons)
    assert sorted(set(first.iso_to_sci.values())) == sorted(
        Area.objects.filter(level="province").values_list("code", flat=True)
    )
    ardabil = Area.objects.get(code="24")
    assert 37 < ardabil.latitude < 40 and 47 < ardabil.longitude < 49

    out = io.StringIO()
    call_command("areas", "24", stdout=out)
    counties = [line for line in out.getvalue().splitlines() if "\tشهرستان\t" in line]
    assert len(counties) == 12
    assert any(line.strip().startswith("2412\tانگوت") for line in counties)
    assert Area.objects.get(code="240501").path == "/IR/24/2412/240501/"

    second = load_divisions(log=lines.append)
    assert not second.changed
    assert second.unchanged == Area.objects.count()
