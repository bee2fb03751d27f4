import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abadi.core.models import AuditEvent
from abadi.geography import services
from abadi.geography.models import Area, AreaChange

DAY = datetime.date(2024, 3, 20)


def test_reparent_rewrites_the_whole_subtree(areas, admin_user):
    district = services.area_reparent(
        area=areas["240301"], new_parent=areas["2401"], effective_date=DAY, actor=admin_user
    )
    assert district.parent == areas["2401"]
    assert district.path == "/IR/24/2401/240301/"
    rural = Area.objects.get(code="2403010001")
    village = Area.objects.get(code="2403010001001")
    assert rural.path == "/IR/24/2401/240301/2403010001/"
    assert village.path == "/IR/24/2401/240301/2403010001/2403010001001/"
    assert (district.depth, rural.depth, village.depth) == (3, 4, 5)
    # Nothing else moved.
    assert (
        Area.objects.get(code="2401010001001").path
        == "/IR/24/2401/240101/2401010001/2401010001001/"
    )
    assert not Area.objects.filter(path__startswith="/IR/24/2403/240301/").exists()


def test_reparent_across_depths_fixes_depth(areas, admin_user):
    """A county moved to another province keeps its depth; its subtree's paths change."""
    county = services.area_reparent(
        area=areas["2403"], new_parent=areas["15"], effective_date=DAY, actor=admin_user
    )
    assert county.path == "/IR/15/2403/"
    assert (
        Area.objects.get(code="2403010001001").path
        == "/IR/15/2403/240301/2403010001/2403010001001/"
    )
    assert Area.objects.get(code="2403010001001").depth == 5


def test_reparent_records_history_and_audit(areas, admin_user):
    services.area_reparent(
        area=areas["240301"], new_parent=areas["2401"], effective_date=DAY, actor=admin_user
    )
    change = AreaChange.objects.get(area=areas["240301"])
    assert (change.old_parent, change.new_parent) == (areas["2403"], areas["2401"])
    assert (change.old_path, change.new_path) == ("/IR/24/2403/240301/", "/IR/24/2401/240301/")
    assert change.effective_date == DAY
    assert change.actor == admin_user
    event = AuditEvent.objects.get(action="area.reparent")
    assert event.old_values == {"parent": "2403", "path": "/IR/24/2403/240301/"}
    assert event.new_values["parent"] == "2401"
    assert event.effective_on == DAY
    assert event.actor == admin_user


@pytest.mark.parametrize(
    ("code", "target", "field", "words"),
    [
        ("240301", "24", "new_parent", "شهرستان"),  # a district under a province
        ("2403", "240301", "new_parent", "زیرمجموعه"),  # under its own subtree
        ("240301", "2403", "new_parent", "همین حالا"),  # already there
    ],
)
def test_reparent_refuses_with_a_persian_message(areas, admin_user, code, target, field, words):
    with pytest.raises(ValidationError) as refused:
        services.area_reparent(
            area=areas[code], new_parent=areas[target], effective_date=DAY, actor=admin_user
        )
    assert words in " ".join(refused.value.message_dict[field])
    assert not AreaChange.objects.exists()


def test_reparent_needs_a_date(areas, admin_user):
    with pytest.raises(ValidationError) as refused:
        services.area_reparent(
            area=areas["240301"], new_parent=areas["2401"], effective_date=None, actor=admin_user
        )
    assert "effective_date" in refused.value.message_dict


def test_only_area_managers_move_areas(areas, manager):
    with pytest.raises(PermissionDenied):
        services.area_reparent(
            area=areas["240301"], new_parent=areas["2401"], effective_date=DAY, actor=manager
        )
    assert Area.objects.get(code="240301").path == "/IR/24/2403/240301/"


def test_create_county(areas, admin_user):
    county = services.area_create(
        code="۲۴۱۲", name="  انگوت ", level="county", parent=areas["24"], actor=admin_user
    )
    assert (county.code, county.name, county.path, county.depth) == (
        "2412",
        "انگوت",
        "/IR/24/2412/",
        2,
    )
    assert county.search_key == "انگوت"
    event = AuditEvent.objects.get(action="area.create")
    assert event.new_values["code"] == "2412"
    assert event.area == county


@pytest.mark.parametrize(
    ("code", "level", "parent", "field"),
    [
        ("2401", "county", "24", "code"),  # taken
        ("2412", "county", "2401", "parent"),  # a county under a county
        ("abc", "county", "24", "code"),  # not a code
        ("2412", "hamlet", "24", "level"),  # no such level
    ],
)
def test_create_refuses_bad_input(areas, admin_user, code, level, parent, field):
    with pytest.raises(ValidationError) as refused:
        services.area_create(
            code=code, name="تازه", level=level, parent=areas[parent], actor=admin_user
        )
    assert field in refused.value.message_dict
    message = " ".join(refused.value.message_dict[field])
    assert any("\u0600" <= char <= "\u06ff" for char in message)
    assert not AuditEvent.objects.filter(action="area.create").exists()
