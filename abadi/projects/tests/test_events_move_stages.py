"""A groundbreaking or an inauguration held moves its project's stage, through the
projects service, on the day the event was held; the event is refused with the project's
reason when the project cannot take that step (an inauguration of a project not completed)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from abadi.events import services as events
from abadi.events.models import EventStatus
from abadi.projects.models import ProjectType, Stage

pytestmark = pytest.mark.django_db

WEEK_DAY = datetime.date(2022, 5, 7)  # 1401/02/17


def _event(actor, kind, project, place):
    return events.event_plan(
        actor=actor,
        title="افتتاح نیروگاه خورشیدی" if kind == "inauguration" else "کلنگ‌زنی مسکن",
        kind=kind,
        place=place,
        starts_at=events.event_moment(WEEK_DAY, datetime.time(10, 0)),
        ends_at=events.event_moment(WEEK_DAY, datetime.time(11, 0)),
        organiser_kind="county_office",
        links=[events.LinkItem(kind="project", target_id=project.pk)],
        planned_on=datetime.date(2022, 5, 1),
    )


def test_an_inauguration_held_inaugurates_its_completed_project(register, advance, staff, places):
    solar = advance(register(project_type=ProjectType.SOLAR), Stage.COMPLETED)
    event = _event(staff.county, "inauguration", solar, places["2403010001001"])
    assert str(solar) in event.links.get().label  # the link names the project
    events.event_mark_held(actor=staff.county, event=event, on=WEEK_DAY, people_served=40)
    solar.refresh_from_db()
    assert solar.stage == Stage.INAUGURATED
    step = solar.stage_changes.order_by("-on", "-id").first()
    assert (step.to_stage, step.on) == (Stage.INAUGURATED, WEEK_DAY)


def test_an_inauguration_of_a_project_not_completed_is_refused_and_nothing_moves(
    register, advance, staff, places
):
    under_way = advance(register(project_type=ProjectType.SOLAR), Stage.IN_PROGRESS)
    event = _event(staff.county, "inauguration", under_way, places["2403010001001"])
    with pytest.raises(ValidationError) as refused:
        events.event_mark_held(actor=staff.county, event=event, on=WEEK_DAY)
    assert "پروژهٔ" in str(refused.value.message_dict["links"])
    event.refresh_from_db()
    under_way.refresh_from_db()
    assert event.status == EventStatus.PLANNED and under_way.stage == Stage.IN_PROGRESS


def test_a_groundbreaking_held_breaks_ground(register, staff, places):
    planned = register()
    event = _event(staff.county, "groundbreaking", planned, places["2403010001001"])
    events.event_mark_held(actor=staff.county, event=event, on=WEEK_DAY)
    planned.refresh_from_db()
    assert planned.stage == Stage.GROUNDBREAKING


def test_a_project_outside_the_planners_areas_cannot_be_linked(register, staff, places):
    theirs = register(place=places["2401010001001"], actor=staff.officer)
    with pytest.raises(ValidationError, match="در حوزه شما پیدا نشد"):
        _event(staff.county, "groundbreaking", theirs, places["2403010001001"])
