import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abadi.core.models import AuditEvent
from abadi.reporting.models import Target
from abadi.reporting.selectors import indicator_values, target_list, target_mismatches
from abadi.reporting.services import target_delete, target_set

from .conftest import TEST_KEY, jdate


def row_for(rows):
    return next(row for row in rows if row["key"] == TEST_KEY)


def test_manager_sets_and_replaces_a_target_with_an_audit_trail(value_indicator, manager, areas):
    target = target_set(actor=manager, key=TEST_KEY, area=areas["24"], year=1401, value=700)
    assert (target.value, target.set_by) == (700, manager)
    target_set(actor=manager, key=TEST_KEY, area=areas["24"], year=1401, value=800, note="اصلاحیه")
    assert Target.objects.get().value == 800
    events = list(AuditEvent.objects.filter(action__startswith="target.").order_by("id"))
    assert [e.action for e in events] == ["target.create", "target.update"]
    assert events[1].old_values == {"value": 700, "note": ""}
    assert events[1].new_values["value"] == 800
    assert events[1].area == areas["24"]


@pytest.mark.parametrize(
    ("field", "changes"),
    [("key", {"key": "no.such"}), ("value", {"value": -1}), ("year", {"year": 99})],
)
def test_bad_targets_are_refused_naming_the_field(value_indicator, manager, areas, field, changes):
    arguments = {"key": TEST_KEY, "area": areas["24"], "year": 1401, "value": 10, **changes}
    with pytest.raises(ValidationError) as error:
        target_set(actor=manager, **arguments)
    assert field in error.value.message_dict
    assert not Target.objects.exists()


def test_only_managers_in_their_own_area_set_targets(
    value_indicator, manager, county_officer, reporting_officer, areas
):
    with pytest.raises(PermissionDenied):
        target_set(actor=county_officer, key=TEST_KEY, area=areas["2403"], year=1401, value=1)
    with pytest.raises(PermissionDenied):
        target_set(actor=manager, key=TEST_KEY, area=areas["15"], year=1401, value=1)
    target_set(actor=reporting_officer, key=TEST_KEY, area=areas["2403"], year=1401, value=1)
    assert Target.objects.count() == 1


def test_manual_target_overrides_the_derived_one_and_both_are_shown(
    value_indicator, manager, areas, derived_plans, make_benefit
):
    make_benefit("2403010001001", jdate(1401, 2, 1), 350)
    derived_plans[("24", 1401)] = 1000
    row = row_for(indicator_values(actor=manager, area=areas["24"], year=1401))
    assert (row["target"], row["target_source"], row["percent"]) == (1000, "derived", 35.0)
    target_set(actor=manager, key=TEST_KEY, area=areas["24"], year=1401, value=700)
    row = row_for(indicator_values(actor=manager, area=areas["24"], year=1401))
    assert (row["target"], row["target_source"]) == (700, "manual")
    assert (row["target_manual"], row["target_derived"], row["percent"]) == (700, 1000, 50.0)
    assert target_delete(actor=manager, key=TEST_KEY, area=areas["24"], year=1401) is True
    assert target_delete(actor=manager, key=TEST_KEY, area=areas["24"], year=1401) is False
    assert row_for(indicator_values(actor=manager, area=areas["24"], year=1401))["target"] == 1000


def test_targets_are_annual_and_per_year(value_indicator, manager, areas):
    target_set(actor=manager, key=TEST_KEY, area=areas["24"], year=1401, value=700)
    assert row_for(indicator_values(actor=manager, area=areas["24"], year=1401))["target"] == 700
    assert row_for(indicator_values(actor=manager, area=areas["24"], year=1400))["target"] is None
    assert (
        row_for(indicator_values(actor=manager, area=areas["24"], year=1401, month=2))["target"]
        is None
    )
    assert row_for(indicator_values(actor=manager, area=areas["24"]))["target"] is None


def test_a_province_target_is_not_the_sum_of_its_counties(value_indicator, manager, areas):
    target_set(actor=manager, key=TEST_KEY, area=areas["2401"], year=1401, value=40)
    target_set(actor=manager, key=TEST_KEY, area=areas["2403"], year=1401, value=50)
    # Counties alone: the province has no plan until one is set for it.
    row = row_for(indicator_values(actor=manager, area=areas["24"], year=1401))
    assert (row["target"], row["children_target_sum"], row["target_mismatch"]) == (None, 90, False)
    target_set(actor=manager, key=TEST_KEY, area=areas["24"], year=1401, value=100)
    row = row_for(indicator_values(actor=manager, area=areas["24"], year=1401))
    assert (row["target"], row["children_target_sum"], row["target_mismatch"]) == (100, 90, True)
    found = target_mismatches(actor=manager, key=TEST_KEY, area=areas["24"], year=1401)
    assert found["mismatch"] is True
    assert (found["value"], found["children_sum"], found["difference"]) == (100, 90, 10)
    assert [(c["area"].code, c["value"]) for c in found["children"]] == [("2401", 40), ("2403", 50)]
    target_set(actor=manager, key=TEST_KEY, area=areas["2403"], year=1401, value=60)
    assert (
        target_mismatches(actor=manager, key=TEST_KEY, area=areas["24"], year=1401)["mismatch"]
        is False
    )


def test_mismatch_of_an_area_outside_the_scope_is_refused(value_indicator, county_officer, areas):
    with pytest.raises(PermissionDenied):
        target_mismatches(actor=county_officer, key=TEST_KEY, area=areas["24"], year=1401)


def test_target_list_is_scoped(value_indicator, manager, admin_user, county_officer, areas):
    target_set(actor=admin_user, key=TEST_KEY, area=areas["2403"], year=1401, value=1)
    target_set(actor=admin_user, key=TEST_KEY, area=areas["2401"], year=1401, value=2)
    target_set(actor=admin_user, key=TEST_KEY, area=areas["15"], year=1401, value=3)
    assert [t.area.code for t in target_list(actor=county_officer)] == ["2403"]
    assert [t.area.code for t in target_list(actor=manager)] == ["2401", "2403"]
    assert [t.area.code for t in target_list(actor=admin_user, area=areas["15"], year=1401)] == [
        "15"
    ]
