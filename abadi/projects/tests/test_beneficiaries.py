"""Beneficiary households: linked to a project within its capacity; on completion each gets
its row in people's benefit ledger, through people's service."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from abadi.core.models import AuditEvent
from abadi.people.models import Benefit, Programme
from abadi.projects import selectors, services
from abadi.projects.models import Project, ProjectType, Stage
from abadi.projects.tests.conftest import COMPLETED, make_household

pytestmark = pytest.mark.django_db


def ledger(project):
    return Benefit.objects.filter(
        source_type=ContentType.objects.get_for_model(Project), source_id=project.pk
    )


def test_completion_records_a_benefit_for_each_household(register, advance, places, staff):
    project = register(budget=9_000_000_000)  # 6 housing units
    homes = [make_household(places["2403010001001"]) for _ in range(2)]
    for household in homes:
        services.beneficiary_add(actor=staff.clerk, project=project, household=household)
    advance(project, Stage.IN_PROGRESS)
    assert ledger(project).count() == 0
    advance(project, Stage.COMPLETED)
    rows = list(ledger(project).order_by("household_id"))
    assert [row.household_id for row in rows] == [h.pk for h in homes]
    assert {(row.programme, row.date, row.value) for row in rows} == {
        (Programme.HOUSING, COMPLETED, 1_500_000_000)  # the budget over the six units
    }
    assert set(project.beneficiaries.values_list("benefit_on", flat=True)) == {COMPLETED}
    # One event: the completion, with the ledger's batch folded into it.
    event = AuditEvent.objects.get(action="project.complete")
    assert [step["action"] for step in event.steps] == ["benefit.record_bulk"]


def test_a_household_added_after_completion_gets_its_benefit_at_once(
    register, advance, places, staff
):
    project = advance(
        register(project_type=ProjectType.SOLAR, budget=1_000_000_000), Stage.COMPLETED
    )
    household = make_household(places["2403010001001"])
    row = services.beneficiary_add(actor=staff.clerk, project=project, household=household)
    assert row.benefit_on == COMPLETED
    [benefit] = ledger(project)
    assert (benefit.programme, benefit.value, benefit.household_id) == (
        Programme.SOLAR,
        1_000_000_000,
        household.pk,
    )


def test_households_within_the_capacity_pass_one_more_fails(register, places, staff):
    project = register(capacity={"housing_units": 2})
    for _ in range(2):
        services.beneficiary_add(
            actor=staff.clerk, project=project, household=make_household(places["2403010001001"])
        )
    with pytest.raises(ValidationError) as refused:
        services.beneficiary_add(
            actor=staff.clerk, project=project, household=make_household(places["2403010001001"])
        )
    assert "۲ خانوار" in refused.value.message_dict["household"][0]


def test_a_household_is_linked_once(register, places, staff):
    project = register()
    household = make_household(places["2403010001001"])
    services.beneficiary_add(actor=staff.clerk, project=project, household=household)
    with pytest.raises(ValidationError) as refused:
        services.beneficiary_add(actor=staff.clerk, project=project, household=household)
    assert "پیش‌تر" in refused.value.message_dict["household"][0]


def test_a_household_is_removed_only_before_its_benefit(register, advance, places, staff):
    project = register()
    household = make_household(places["2403010001001"])
    services.beneficiary_add(actor=staff.clerk, project=project, household=household)
    services.beneficiary_remove(actor=staff.clerk, project=project, household=household)
    assert project.beneficiaries.count() == 0
    services.beneficiary_add(actor=staff.clerk, project=project, household=household)
    advance(project, Stage.COMPLETED)
    with pytest.raises(ValidationError) as refused:
        services.beneficiary_remove(actor=staff.clerk, project=project, household=household)
    assert "حذف نمی‌شود" in refused.value.message_dict["household"][0]


def test_households_are_found_by_a_members_code_in_the_actors_areas(register, places, staff):
    near = make_household(places["2403010001001"])
    far = make_household(places["2401010001001"])
    found = selectors.household_for(
        actor=staff.clerk, national_code=near.head.national_code, field="national_code"
    )
    assert found == near
    with pytest.raises(ValidationError) as refused:
        selectors.household_for(
            actor=staff.clerk, national_code=far.head.national_code, field="national_code"
        )
    assert "در حوزه شما" in refused.value.message_dict["national_code"][0]


def test_beneficiaries_need_the_register_permission(register, places, staff):
    project = register()
    with pytest.raises(PermissionDenied):
        services.beneficiary_add(
            actor=staff.other_county,
            project=project,
            household=make_household(places["2401010001001"]),
        )
