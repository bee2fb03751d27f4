"""The stages: planned → groundbreaking → in progress → completed → inaugurated (and
suspended / cancelled with a reason), each dated, in order, never in the future nor before
the step before it; the stage on any day read from the dated history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abadi.core import clock
from abadi.core.models import AuditEvent
from abadi.projects import selectors, services
from abadi.projects.models import UNDER_WAY, Project, Stage, StageChange
from abadi.projects.tests.conftest import BROKEN, COMPLETED, INAUGURATED, PLANNED, STARTED
from abadi.projects.workflow import WORKFLOW

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_a_project_walks_every_stage_and_its_timeline_chains(register, advance):
    project = advance(register(), Stage.INAUGURATED)
    steps = list(project.stage_changes.order_by("on", "id").values_list("action", "on", "until"))
    assert steps == [
        ("register", PLANNED, BROKEN),
        ("groundbreak", BROKEN, STARTED),
        ("start", STARTED, COMPLETED),
        ("complete", COMPLETED, INAUGURATED),
        ("inaugurate", INAUGURATED, None),
    ]
    assert project.progress == 100
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "project.groundbreak",
        "project.start",
        "project.complete",
        "project.inaugurate",
    }


def test_a_stage_out_of_order_is_refused_and_nothing_is_written(register, staff):
    project = register()
    steps = StageChange.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.project_complete(actor=staff.county, project=project, on=COMPLETED)
    assert "«تکمیل پروژه» از وضعیت «در برنامه» ممکن نیست." in refused.value.messages
    with pytest.raises(ValidationError):
        services.project_start(actor=staff.county, project=project, on=STARTED)
    assert StageChange.objects.count() == steps
    project.refresh_from_db()
    assert project.stage == Stage.PLANNED


def test_a_project_is_not_inaugurated_before_it_is_completed(register, advance, staff):
    project = advance(register(), Stage.IN_PROGRESS)
    with pytest.raises(ValidationError) as refused:
        services.project_inaugurate(actor=staff.county, project=project, on=INAUGURATED)
    assert "افتتاح" in refused.value.messages[0]
    project.refresh_from_db()
    assert project.stage == Stage.IN_PROGRESS


def test_a_step_dated_before_the_one_before_it_is_refused_the_same_day_passes(register, staff):
    project = register()
    with pytest.raises(ValidationError) as refused:
        services.project_groundbreak(actor=staff.county, project=project, on=PLANNED - DAY)
    assert "پیش از" in refused.value.message_dict["on"][0]
    services.project_groundbreak(actor=staff.county, project=project, on=PLANNED)
    project.refresh_from_db()
    assert project.stage == Stage.GROUNDBREAKING


def test_a_step_in_the_future_is_refused_today_passes(register, staff):
    project = register()
    with pytest.raises(ValidationError) as refused:
        services.project_groundbreak(actor=staff.county, project=project, on=clock.today() + DAY)
    assert "آینده" in refused.value.message_dict["on"][0]
    services.project_groundbreak(actor=staff.county, project=project)
    assert project.stage_changes.get(action="groundbreak").on == clock.today()


def test_completion_is_not_dated_before_the_last_progress_report(register, advance, staff):
    project = advance(register(), Stage.IN_PROGRESS)
    report_day = STARTED + 30 * DAY
    services.progress_report_add(actor=staff.county, project=project, date=report_day, percent=70)
    with pytest.raises(ValidationError):
        services.project_complete(actor=staff.county, project=project, on=report_day - DAY)
    services.project_complete(actor=staff.county, project=project, on=report_day)


def test_suspension_and_cancellation_need_a_reason(register, advance, staff):
    project = advance(register(), Stage.IN_PROGRESS)
    with pytest.raises(ValidationError) as refused:
        services.project_suspend(actor=staff.county, project=project, reason="  ", on=STARTED)
    assert "دلیل توقف" in refused.value.message_dict["reason"][0]
    services.project_suspend(actor=staff.county, project=project, reason="نبود مصالح", on=STARTED)
    project.refresh_from_db()
    assert (project.stage, project.cancel_reason) == (Stage.SUSPENDED, "نبود مصالح")
    services.project_resume(actor=staff.county, project=project, on=STARTED + DAY)
    project.refresh_from_db()
    assert (project.stage, project.cancel_reason) == (Stage.IN_PROGRESS, "")
    services.project_cancel(actor=staff.county, project=project, reason="واگذاری", on=STARTED + DAY)
    project.refresh_from_db()
    assert project.stage == Stage.CANCELLED
    with pytest.raises(ValidationError):
        services.project_resume(actor=staff.county, project=project)


def test_a_completed_project_cannot_be_cancelled(register, advance, staff):
    project = advance(register(), Stage.COMPLETED)
    with pytest.raises(ValidationError):
        services.project_cancel(actor=staff.county, project=project, reason="x")


def test_stages_need_the_permission_in_the_projects_office(register, staff):
    project = register()
    with pytest.raises(PermissionDenied):
        services.project_groundbreak(actor=staff.other_county, project=project, on=BROKEN)
    with pytest.raises(PermissionDenied):
        services.project_groundbreak(actor=staff.clerk, project=project, on=BROKEN)  # a clerk
    services.project_groundbreak(actor=staff.manager, project=project, on=BROKEN)


def test_other_modules_advance_a_project_by_one_call(register, advance, staff):
    """What the events module calls when a groundbreaking or an inauguration is held."""
    project = register()
    services.project_advance(
        actor=staff.manager, project=project, action="groundbreak", on=BROKEN, note="مراسم"
    )
    assert project.stage_changes.get(action="groundbreak").note == "مراسم"
    advance(project, Stage.COMPLETED)
    services.project_advance(
        actor=staff.manager, project=project, action="inaugurate", on=INAUGURATED
    )
    project.refresh_from_db()
    assert project.stage == Stage.INAUGURATED
    with pytest.raises(ValidationError) as refused:
        services.project_advance(actor=staff.manager, project=project, action="report")
    assert "گردش کار" in refused.value.message_dict["action"][0]
    other = register()
    services.project_advance(actor=staff.county, project=other, action="cancel", note="دلیل")
    other.refresh_from_db()
    assert other.cancel_reason == "دلیل"


def test_the_stage_on_a_day_comes_from_the_dated_history(register, advance):
    project = advance(register(), Stage.INAUGURATED)
    projects = Project.objects.all()

    def under_way(day):
        return list(selectors.in_stage_on(projects, day, UNDER_WAY))

    assert selectors.stage_on(project, PLANNED - DAY) is None
    assert selectors.stage_on(project, PLANNED) == Stage.PLANNED
    assert under_way(BROKEN - DAY) == []
    assert under_way(BROKEN) == [project]  # from the groundbreaking's day
    assert under_way(COMPLETED - DAY) == [project]  # the last day in progress
    assert under_way(COMPLETED) == []  # completed that day
    assert selectors.stage_on(project, COMPLETED) == Stage.COMPLETED
    assert selectors.stage_on(project, INAUGURATED) == Stage.INAUGURATED


def test_two_steps_on_one_day_leave_the_later_one(register, staff):
    project = register()
    services.project_groundbreak(actor=staff.county, project=project, on=BROKEN)
    services.project_start(actor=staff.county, project=project, on=BROKEN)
    assert selectors.stage_on(project, BROKEN) == Stage.IN_PROGRESS
    assert [
        p.pk for p in selectors.in_stage_on(Project.objects.all(), BROKEN, [Stage.GROUNDBREAKING])
    ] == []


def test_the_table_offers_the_steps_of_the_stage(register, staff):
    project = register()
    offered = [step.action for step in WORKFLOW.available(actor=staff.county, record=project)]
    assert offered == ["groundbreak", "cancel"]
    assert WORKFLOW.available(actor=staff.other_county, record=project) == []
