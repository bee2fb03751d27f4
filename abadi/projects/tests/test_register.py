"""Registering a project: capacity by type, places anywhere in Iran, the responsible office,
the executor, and a budget whose shares add up to it to the rial. Every refusal is in
Persian and writes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abadi.core.models import AuditEvent
from abadi.projects import services
from abadi.projects.models import (
    ExecutorKind,
    FunderKind,
    Funding,
    Project,
    ProjectPlace,
    ProjectType,
    Stage,
    StageChange,
)
from abadi.projects.tests.conftest import PLANNED, shares

pytestmark = pytest.mark.django_db


def nothing_written(before_events: int) -> None:
    assert Project.objects.count() == 0
    assert Funding.objects.count() == 0
    assert ProjectPlace.objects.count() == 0
    assert StageChange.objects.count() == 0
    assert AuditEvent.objects.count() == before_events


def test_a_project_is_registered_with_its_places_shares_and_first_step(register, places, staff):
    project = register()
    assert project.number == f"1399-{project.pk:06d}"
    assert project.stage == Stage.PLANNED
    assert project.area.code == "2403"  # the county of the village, where the clerk works
    assert project.place_county.code == "2403"
    assert project.place_province.code == "24"
    assert project.housing_units == 6
    assert sum(project.fundings.values_list("amount", flat=True)) == project.budget
    [step] = project.stage_changes.all()
    assert (step.action, step.to_stage, step.on, step.until) == (
        "register",
        Stage.PLANNED,
        PLANNED,
        None,
    )
    event = AuditEvent.objects.get(action="project.register")
    assert event.new_values["places"] == ["2403010001001"]


def test_shares_adding_up_exactly_pass(register, agency):
    budget = 1_000_000_001
    project = register(
        budget=budget,
        fundings=[
            services.FundingShare(FunderKind.AGENCY, 600_000_000, organisation=agency),
            services.FundingShare(FunderKind.OFFICE, 400_000_001),
        ],
    )
    assert project.budget == budget


@pytest.mark.parametrize("office", [400_000_000, 400_000_002], ids=["one-rial-short", "one-over"])
def test_shares_one_rial_off_are_refused_and_nothing_is_written(register, agency, office):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        register(
            budget=1_000_000_001,
            fundings=[
                services.FundingShare(FunderKind.AGENCY, 600_000_000, organisation=agency),
                services.FundingShare(FunderKind.OFFICE, office),
            ],
        )
    message = refused.value.message_dict["fundings"][0]
    assert "برابر نیست" in message
    assert "۱ ریال" in message
    assert ("کم" if office < 400_000_001 else "زیاد") in message
    nothing_written(events)


def test_a_share_must_name_its_agency_or_donor(register):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        register(budget=100, fundings=[services.FundingShare(FunderKind.AGENCY, 100)])
    assert "دستگاه" in refused.value.message_dict["fundings"][0]
    with pytest.raises(ValidationError) as refused:
        register(budget=100, fundings=[services.FundingShare(FunderKind.DONOR, 100)])
    assert "نام خیّر" in refused.value.message_dict["fundings"][0]
    nothing_written(events)


@pytest.mark.parametrize(
    "code", ["2403010001", "2403", "24"], ids=["rural-district", "county", "province"]
)
def test_a_place_that_is_not_a_village_or_city_is_refused(register, places, code):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        register(place=places[code])
    assert "باید یک روستا یا شهر باشد" in refused.value.message_dict["places"][0]
    nothing_written(events)


def test_a_city_is_a_place(register, places):
    project = register(place=places["city"], project_type=ProjectType.HEALTH_HOUSE)
    assert project.place.code == "240301001"


def test_a_water_supply_serves_several_villages_and_counts_them(register, places):
    project = register(
        project_type=ProjectType.WATER,
        places_list=[places["2403010001001"], places["village2"]],
    )
    assert project.villages_served == 2
    assert sorted(project.places.values_list("area__code", flat=True)) == [
        "2403010001001",
        "2403010001002",
    ]


def test_only_a_water_supply_has_several_places_and_only_villages(register, places):
    with pytest.raises(ValidationError) as refused:
        register(places_list=[places["2403010001001"], places["village2"]])
    assert "یک محل اجرا" in refused.value.message_dict["places"][0]
    with pytest.raises(ValidationError) as refused:
        register(project_type=ProjectType.WATER, places_list=[places["city"]])
    assert "شهر است" in refused.value.message_dict["places"][0]


def test_a_place_in_another_province_belongs_to_the_office_that_builds_it(register, places, staff):
    by_province = register(place=places["lorestan"], actor=staff.officer)
    assert by_province.area.code == "24"  # the officer's office: Lorestan is not theirs
    assert by_province.place_province.code == "15"
    by_county = register(place=places["lorestan"], actor=staff.clerk)
    assert by_county.area.code == "2403"


def test_the_office_must_be_one_the_actor_works_in(register, places, staff):
    with pytest.raises(PermissionDenied):
        register(area=places["2401"])  # the 2403 clerk
    with pytest.raises(ValidationError) as refused:
        register(area=places["2403010001"], actor=staff.officer)
    assert "استان یا شهرستان" in refused.value.message_dict["area"][0]


def test_capacity_is_checked_by_type(register):
    with pytest.raises(ValidationError) as refused:
        register(capacity={})
    assert "واحد مسکونی" in refused.value.message_dict["housing_units"][0]
    with pytest.raises(ValidationError) as refused:
        register(capacity={"housing_units": 4, "power_watts": 5000})
    assert "ثبت نمی‌شود" in refused.value.message_dict["power_watts"][0]
    with pytest.raises(ValidationError) as refused:
        register(project_type=ProjectType.SOLAR, capacity={"households_served": 1})
    assert "توان" in refused.value.message_dict["power_watts"][0]


def test_capacity_at_its_cap_passes_and_one_over_fails(register):
    assert register(capacity={"housing_units": 2_000}).housing_units == 2_000
    with pytest.raises(ValidationError) as refused:
        register(capacity={"housing_units": 2_001})
    assert "بیشتر از" in refused.value.message_dict["housing_units"][0]
    with pytest.raises(ValidationError):
        register(capacity={"housing_units": 0})


def test_the_executor_is_named(register, contractor):
    with pytest.raises(ValidationError) as refused:
        register(executor=services.Executor(kind=ExecutorKind.GROUP, group_atlas_id="12"))
    assert "نام گروه جهادی" in refused.value.message_dict["executor_group_name"][0]
    with pytest.raises(ValidationError) as refused:
        register(executor=services.Executor(kind=ExecutorKind.CONTRACTOR))
    assert "executor_organisation" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        register(
            executor=services.Executor(
                kind=ExecutorKind.GROUP, group_atlas_id="A12", group_name="گروه"
            )
        )
    assert "رقم" in refused.value.message_dict["executor_group_atlas_id"][0]
    project = register(
        executor=services.Executor(kind=ExecutorKind.CONTRACTOR, organisation=contractor)
    )
    assert project.executor_label == "شرکت عمران سبلان"


def test_a_date_in_the_future_is_refused(register):
    import datetime

    from abadi.core import clock

    with pytest.raises(ValidationError) as refused:
        register(on=clock.today() + datetime.timedelta(days=1))
    assert "آینده" in refused.value.message_dict["on"][0]
    assert register(on=clock.today()).planned_on == clock.today()


def test_funding_is_replaced_only_by_shares_that_add_up(register, agency, staff):
    project = register(budget=900)
    with pytest.raises(ValidationError):
        services.project_funding_set(
            actor=staff.clerk,
            project=project,
            budget=1_000,
            fundings=[services.FundingShare(FunderKind.OFFICE, 999)],
        )
    assert sorted(project.fundings.values_list("amount", flat=True)) == sorted(
        share.amount for share in shares(900, agency)
    )
    services.project_funding_set(
        actor=staff.clerk,
        project=project,
        budget=1_000,
        fundings=[services.FundingShare(FunderKind.OFFICE, 1_000)],
    )
    project.refresh_from_db()
    assert project.budget == 1_000
    assert list(project.fundings.values_list("kind", "amount")) == [(FunderKind.OFFICE, 1_000)]


def test_editing_checks_the_capacity_again(register, staff):
    project = register()
    services.project_update(
        actor=staff.clerk, project=project, title="ساخت ۸ واحد", housing_units=8
    )
    project.refresh_from_db()
    assert (project.title, project.housing_units) == ("ساخت ۸ واحد", 8)
    with pytest.raises(ValidationError):
        services.project_update(actor=staff.clerk, project=project, classrooms=3)
    with pytest.raises(PermissionDenied):
        services.project_update(actor=staff.other_county, project=project, title="x")
