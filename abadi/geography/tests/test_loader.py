import datetime
from collections import Counter

import pytest

from abadi.core.actors import SYSTEM
from abadi.core.models import AuditEvent
from abadi.geography import services
from abadi.geography.loader import (
    DivisionDataError,
    centroid,
    load_divisions,
    match_key,
    read_divisions,
)
from abadi.geography.models import Area, AreaChange

from .conftest import SAMPLE_DIR


def levels() -> Counter:
    return Counter(Area.objects.values_list("level", flat=True))


def test_sample_loads_into_one_tree(load_sample):
    result, _ = load_sample()
    assert levels() == {
        "country": 1,
        "province": 3,
        "county": 7,
        "district": 7,
        "rural_district": 6,
        "city": 4,
        "village": 6,
    }
    assert sum(result.created.values()) == Area.objects.count()
    village = Area.objects.get(code="2401010001001001")
    assert village.path == "/IR/24/2401/240101/2401010001/2401010001001001/"
    assert village.depth == 5
    assert village.parent.code == "2401010001"
    city = Area.objects.get(code="2401011195")
    assert city.parent.code == "240101"
    assert city.level == "city"


def test_codes_are_padded_to_their_level(load_sample):
    """The CSV lost leading zeros: Markazi is 0 and its county 0010 became 10 — the code of
    Isfahan province. Padding restores both."""
    load_sample()
    assert Area.objects.get(code="00").name == "مرکزی"
    assert Area.objects.get(code="10").name == "اصفهان"
    delijan = Area.objects.get(code="0010")
    assert (delijan.name, delijan.level, delijan.parent.code) == ("دلیجان", "county", "00")
    assert Area.objects.get(code="0001010001001006").path == (
        "/IR/00/0001/000101/0001010001/0001010001001006/"
    )


def test_ungut_becomes_a_county_with_its_district(load_sample):
    _, lines = load_sample()
    ungut = Area.objects.get(code="2412")
    assert (ungut.name, ungut.level, ungut.parent.code) == ("انگوت", "county", "24")
    district = Area.objects.get(code="240501")
    assert district.parent == ungut
    assert district.path == "/IR/24/2412/240501/"
    assert Area.objects.get(code="2405010002001004").path.startswith("/IR/24/2412/240501/")
    assert Area.objects.get(code="2405012492").path == "/IR/24/2412/240501/2405012492/"
    # Germi keeps its other district.
    assert list(Area.objects.get(code="2405").children.values_list("code", flat=True)) == ["240504"]
    assert any("2412" in line for line in lines)


def test_second_load_changes_nothing(load_sample):
    load_sample()
    before = list(Area.objects.values())
    events = AuditEvent.objects.filter(action="area.load").count()
    result, lines = load_sample()
    assert not result.changed
    assert result.unchanged == Area.objects.count()
    assert list(Area.objects.values()) == before
    assert AuditEvent.objects.filter(action="area.load").count() == events
    assert any(line.startswith("nothing to do") for line in lines)


def test_reload_repairs_only_what_differs(load_sample):
    load_sample()
    Area.objects.filter(code="2403").update(name="خلخال قدیم", search_key="خلخال قدیم")
    result, _ = load_sample()
    assert dict(result.updated) == {"county": 1}
    assert Area.objects.get(code="2403").name == "خلخال"


def test_first_load_is_audited_once(load_sample):
    load_sample()
    event = AuditEvent.objects.get(action="area.load")
    assert event.new_values["created"]["village"] == 6


def test_polygons_are_matched_by_name_code_and_province(load_sample):
    result, lines = load_sample()
    # Arabic ي in the OSM name, ref:sci for Ungut, the Arak file numbered 99 found by names.
    for code in ("24", "00", "2401", "2403", "2412", "0001"):
        assert Area.objects.get(code=code).geometry is not None, code
    assert result.iso_to_sci == {"24": "24", "99": "00"}
    assert result.unmatched_polygons == ["IR-24 شهرستان نوپدید"]
    assert "unmatched polygon: IR-24 شهرستان نوپدید" in lines
    assert sorted(result.areas_without_polygon) == [
        "0010 دلیجان",
        "10 اصفهان",
        "1002 اصفهان",
        "2405 گرمی",
    ]


def test_centroid_and_english_name(load_sample):
    load_sample()
    county = Area.objects.get(code="2401")
    assert (county.longitude, county.latitude) == (48.25, 38.25)
    assert county.name_en == "Ardabil"
    country = Area.objects.get(code="IR")
    assert country.latitude is not None


def test_centroid_subtracts_holes():
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]
    x, y = centroid({"type": "Polygon", "coordinates": [outer, hole]})
    assert x == pytest.approx(7 / 3, abs=1e-5)
    assert y == pytest.approx(7 / 3, abs=1e-5)


def test_match_key_folds_what_osm_and_census_write_differently():
    assert match_key("استان چهارمحال و بختیاری") == match_key("چهارمحال وبختیاری")
    assert match_key("شهرستان ویژه مراغه") == match_key("مراغه")
    assert match_key("شهرستان نائین") == match_key("نایین")
    assert match_key("شهرستان طرقبه شاندیز") == match_key("بینالود")


def test_recorded_move_survives_a_reload(load_sample):
    load_sample()
    moved = services.area_reparent(
        area=Area.objects.get(code="2403010001"),
        new_parent=Area.objects.get(code="240101"),
        effective_date=datetime.date(2024, 3, 20),
        actor=SYSTEM,
    )
    assert AreaChange.objects.filter(area=moved).exists()
    result, lines = load_sample()
    assert result.kept_moves == ["2403010001"]
    assert not result.changed
    village = Area.objects.get(code="2403010001001002")
    assert village.path == "/IR/24/2401/240101/2403010001/2403010001001002/"
    assert any("kept recorded move of 2403010001" in line for line in lines)


def test_added_county_is_kept_by_a_reload(load_sample):
    load_sample()
    county = services.area_create(
        code="2413",
        name="شهرستان تازه",
        level="county",
        parent=Area.objects.get(code="24"),
        actor=SYSTEM,
    )
    result, _ = load_sample()
    assert not result.changed
    assert Area.objects.filter(pk=county.pk).exists()


def test_duplicate_code_is_a_clear_error(tmp_path):
    for path in SAMPLE_DIR.glob("*.csv"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "city.csv").open("a", encoding="utf-8") as out:
        out.write("9,تکراری,0,3,20,10,2401010001\n")
    with pytest.raises(DivisionDataError, match="2401010001"):
        read_divisions(tmp_path)


def test_missing_file_is_a_clear_error(tmp_path, db):
    with pytest.raises(DivisionDataError, match=r"province\.csv"):
        load_divisions(directory=tmp_path, log=lambda line: None)
