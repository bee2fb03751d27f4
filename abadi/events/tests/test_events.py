"""Events along their workflow, every rule at its edge; a refusal writes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abadi.core import clock
from abadi.core.models import AuditEvent
from abadi.events import selectors, services
from abadi.events.models import Event, EventLink, EventStatus, Exhibitor, LinkKind
from abadi.events.tests.conftest import FIRST, LAST, VILLAGE_2401, WEEK_NAME

pytestmark = pytest.mark.django_db


def test_an_event_belongs_to_its_places_county_and_starts_planned(plan, areas):
    event = plan()
    assert event.area == areas["2403"]
    assert event.status == EventStatus.PLANNED
    assert event.on == datetime.date(2022, 5, 7)
    assert list(event.steps.values_list("action", flat=True)) == ["plan"]


def test_an_event_ending_before_it_starts_is_refused_writing_nothing(plan):
    events, audits = Event.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        plan(start=datetime.time(10, 0), end=datetime.time(9, 59))
    assert "پیش از آغاز" in refused.value.message_dict["ends_at"][0]
    assert (Event.objects.count(), AuditEvent.objects.count()) == (events, audits)
    # Ending the minute it starts is not ending before it.
    assert plan(start=datetime.time(10, 0), end=datetime.time(10, 0)).ends_at is not None


def test_an_event_outside_its_occasions_days_is_refused(plan):
    assert plan(day=FIRST).on == FIRST
    assert plan(day=LAST).on == LAST
    with pytest.raises(ValidationError) as refused:
        plan(day=LAST + datetime.timedelta(days=1))
    assert WEEK_NAME in refused.value.message_dict["starts_at"][0]


def test_a_volunteer_group_organiser_must_be_named(plan):
    with pytest.raises(ValidationError) as refused:
        plan(organiser_kind_value="volunteer_group")
    assert "گروه جهادی" in refused.value.message_dict["organiser_name"][0]
    event = plan(organiser_kind_value="volunteer_group", organiser_name="گروه جهادی شهید باکری")
    assert event.organiser_name == "گروه جهادی شهید باکری"


def test_another_county_may_not_plan_here(plan, officer_2401):
    with pytest.raises(PermissionDenied):
        plan(actor=officer_2401)


def test_marking_a_future_event_held_is_refused(plan, clerk):
    tomorrow = clock.today() + datetime.timedelta(days=1)
    event = plan(day=tomorrow, occasion=False)
    with pytest.raises(ValidationError) as refused:
        services.event_mark_held(actor=clerk, event=event, people_served=10)
    assert "روزش نرسیده" in refused.value.message_dict["on"][0]
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED and event.held_on is None


def test_an_event_of_today_may_be_marked_held_today(plan, clerk):
    today = clock.today()
    event = plan(day=today, occasion=False, start=datetime.time(0, 0), end=None)
    held = services.event_mark_held(actor=clerk, event=event, people_served=40, report="انجام شد")
    assert held.status == EventStatus.HELD and held.held_on == today
    assert [s.action for s in selectors.event_timeline(event=held)] == ["plan", "hold"]


def test_held_on_may_not_precede_the_events_day_nor_be_in_the_future(plan, clerk):
    event = plan()
    with pytest.raises(ValidationError) as early:
        services.event_mark_held(actor=clerk, event=event, on=datetime.date(2022, 5, 6))
    assert "on" in early.value.message_dict
    with pytest.raises(ValidationError):
        services.event_mark_held(
            actor=clerk, event=event, on=clock.today() + datetime.timedelta(days=1)
        )
    held = services.event_mark_held(
        actor=clerk, event=event, on=datetime.date(2022, 5, 7), people_served=120
    )
    assert held.held_on == datetime.date(2022, 5, 7) and held.people_served == 120


def test_a_held_event_cannot_be_held_again_or_cancelled(plan, clerk):
    event = plan()
    services.event_mark_held(actor=clerk, event=event, on=event.on)
    with pytest.raises(ValidationError):
        services.event_mark_held(actor=clerk, event=event, on=event.on)
    with pytest.raises(ValidationError):
        services.event_cancel(actor=clerk, event=event, reason="باران")


def test_a_held_events_report_can_be_completed(plan, clerk):
    event = plan()
    services.event_mark_held(actor=clerk, event=event, on=event.on, people_served=5)
    services.event_report(actor=clerk, event=event, people_served=250, report="۲۵۰ نفر ویزیت")
    event.refresh_from_db()
    assert event.people_served == 250 and event.report == "۲۵۰ نفر ویزیت"


def test_cancel_needs_a_reason_and_is_dated_not_before_the_planning(plan, clerk):
    event = plan(planned_on=datetime.date(2022, 5, 1))
    with pytest.raises(ValidationError) as refused:
        services.event_cancel(actor=clerk, event=event, reason=" ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.event_cancel(
            actor=clerk, event=event, reason="برف سنگین", on=datetime.date(2022, 4, 30)
        )
    cancelled = services.event_cancel(
        actor=clerk, event=event, reason="برف سنگین", on=datetime.date(2022, 5, 6)
    )
    assert cancelled.status == EventStatus.CANCELLED
    assert cancelled.cancelled_on == datetime.date(2022, 5, 6)


def test_only_a_planned_event_may_be_edited_and_its_day_moves_with_it(plan, clerk):
    event = plan()
    moved = services.event_update(
        actor=clerk,
        event=event,
        starts_at=services.event_moment(datetime.date(2022, 5, 8), datetime.time(8, 0)),
        ends_at=None,
    )
    assert moved.on == datetime.date(2022, 5, 8)
    services.event_mark_held(actor=clerk, event=moved, on=moved.on)
    with pytest.raises(ValidationError):
        services.event_update(actor=clerk, event=moved, title="دیگر")


# Links to other modules' records ----------------------------------------------------------


def test_an_inauguration_links_one_project_and_a_release_ceremony_aid_cases(
    plan, clerk, completed_solar, aid_case
):
    opening = plan(
        kind="inauguration",
        links=[services.LinkItem(kind=LinkKind.PROJECT, target_id=completed_solar.pk)],
    )
    assert list(opening.links.values_list("kind", "target_id", "label")) == [
        ("project", completed_solar.pk, str(completed_solar))
    ]
    with pytest.raises(ValidationError):
        services.event_link_add(
            actor=clerk, event=opening, kind=LinkKind.PROJECT, target_id=completed_solar.pk
        )
    ceremony = plan(kind="prisoner_release")
    cases = [aid_case(), aid_case()]
    for case in cases:
        services.event_link_add(
            actor=clerk, event=ceremony, kind=LinkKind.AID_CASE, target_id=case.pk
        )
    assert ceremony.links.count() == 2
    assert ceremony.links.first().label == str(cases[0])
    with pytest.raises(ValidationError):
        services.event_link_add(
            actor=clerk, event=ceremony, kind=LinkKind.AID_CASE, target_id=cases[0].pk
        )


def test_a_link_to_an_aid_case_that_is_not_there_is_refused(plan, clerk, aid_case):
    ceremony = plan(kind="prisoner_release")
    case = aid_case()
    with pytest.raises(ValidationError, match="پیدا نشد"):
        services.event_link_add(
            actor=clerk, event=ceremony, kind=LinkKind.AID_CASE, target_id=case.pk + 1000
        )
    assert ceremony.links.count() == 0


def test_a_held_release_ceremony_frees_its_paid_prisoners(plan, clerk, county_officer, aid_case):
    from abadi.funds.models import CaseStatus
    from abadi.funds.selectors import case_get

    ceremony = plan(kind="prisoner_release", day=datetime.date(2022, 5, 10))
    case = aid_case()
    services.event_link_add(actor=clerk, event=ceremony, kind=LinkKind.AID_CASE, target_id=case.pk)
    services.event_mark_held(actor=county_officer, event=ceremony, on=ceremony.on, people_served=40)
    freed = case_get(actor=county_officer, pk=case.pk)
    assert freed.status == CaseStatus.RELEASED
    assert freed.released_on == datetime.date(2022, 5, 10)


def test_a_ceremony_for_a_prisoner_not_yet_paid_is_not_held(plan, clerk, county_officer, aid_case):
    from abadi.funds.models import CaseStatus
    from abadi.funds.selectors import case_get

    ceremony = plan(kind="prisoner_release", day=datetime.date(2022, 5, 10))
    paid, unpaid = aid_case(), aid_case("funding")
    for case in (paid, unpaid):
        services.event_link_add(
            actor=clerk, event=ceremony, kind=LinkKind.AID_CASE, target_id=case.pk
        )
    with pytest.raises(ValidationError, match="پرداخت نشده"):
        services.event_mark_held(
            actor=county_officer, event=ceremony, on=ceremony.on, people_served=40
        )
    ceremony.refresh_from_db()
    assert ceremony.status == "planned"
    assert case_get(actor=county_officer, pk=paid.pk).status == CaseStatus.PAID  # nothing half-done


def test_links_of_the_wrong_kind_are_refused(plan, clerk):
    medical = plan()
    with pytest.raises(ValidationError):
        services.event_link_add(actor=clerk, event=medical, kind=LinkKind.PROJECT, target_id=1)
    with pytest.raises(ValidationError):
        plan(kind="groundbreaking", links=[services.LinkItem(kind=LinkKind.AID_CASE, target_id=3)])
    assert EventLink.objects.count() == 0


def test_a_link_to_a_project_that_is_not_there_is_refused(plan, completed_solar):
    with pytest.raises(ValidationError) as refused:
        plan(
            kind="inauguration",
            links=[services.LinkItem(kind=LinkKind.PROJECT, target_id=completed_solar.pk + 1)],
        )
    assert "پیدا نشد" in str(refused.value.message_dict["links"])
    assert EventLink.objects.count() == 0


def test_holding_an_inauguration_keeps_its_link_and_names_it_in_the_audit(
    plan, county_officer, completed_solar
):
    opening = plan(
        kind="inauguration",
        links=[services.LinkItem(kind=LinkKind.PROJECT, target_id=completed_solar.pk)],
    )
    services.event_mark_held(actor=county_officer, event=opening, on=opening.on, people_served=6)
    event = AuditEvent.objects.filter(action="event.hold").get()
    assert event.new_values["links"] == [
        {"kind": "project", "id": completed_solar.pk, "label": str(completed_solar)}
    ]
    # The project's step is a step of the same event, so both histories show it.
    assert [step["action"] for step in event.steps] == ["project.inaugurate"]


# Exhibitors -------------------------------------------------------------------------------


def test_exhibitors_only_at_exhibitions_with_sales_not_negative(plan, clerk):
    fair = plan(kind="exhibition", title="نمایشگاه اقتصاد مقاومتی خلخال")
    exhibitor = services.exhibitor_add(
        actor=clerk, event=fair, name="کارگاه فرش", sales_amount=0, visitors=0
    )
    assert exhibitor.sales_amount == 0
    with pytest.raises(ValidationError):
        services.exhibitor_add(actor=clerk, event=fair, name="کارگاه فرش")
    with pytest.raises(ValidationError) as negative:
        services.exhibitor_add(actor=clerk, event=fair, name="لبنیات", sales_amount=-1)
    assert "sales_amount" in negative.value.message_dict
    with pytest.raises(ValidationError):
        services.exhibitor_add(actor=clerk, event=plan(), name="کارگاه")
    services.exhibitor_update(
        actor=clerk, exhibitor=exhibitor, sales_amount=75_000_000, visitors=90
    )
    exhibitor.refresh_from_db()
    assert (exhibitor.sales_amount, exhibitor.visitors) == (75_000_000, 90)
    assert Exhibitor.objects.count() == 1


def test_another_countys_clerk_cannot_report_or_cancel_here(plan, areas):
    from abadi.core.permissions import Role
    from abadi.testing import user_with_role

    other = user_with_role("clerk2401", Role.DATA_CLERK, areas["2401"])
    event = plan()
    with pytest.raises(PermissionDenied):
        services.event_mark_held(actor=other, event=event, on=event.on)
    with pytest.raises(PermissionDenied):
        services.event_cancel(actor=other, event=event, reason="x")
    assert plan(actor=other, place=areas[VILLAGE_2401]).area == areas["2401"]
