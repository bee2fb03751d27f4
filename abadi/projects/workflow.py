"""A project's stages, written once (``abadi.core.workflow``).

planned → groundbreaking (کلنگ‌زنی) → in progress → completed → inaugurated (افتتاح و
بهره‌برداری); under way a project may be suspended (with a reason) and resumed; before it
is completed it may be cancelled (with a reason). Progress reports are a step that keeps
the stage, possible once the ground is broken: the first one starts the work. Every step
has its effective date, never in the future nor before the step (or report) before it; a
report is never dated before the groundbreaking, the start or the last resumption.

Services check each step here; the project page, its action view and the API offer and run
the steps from this table; the timeline labels its rows by it; other modules (an event that
holds a groundbreaking or an inauguration) call ``services.project_advance``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from abadi.core.workflow import Done, Step, Workflow
from abadi.projects.models import Stage
from abadi.projects.permissions import ADVANCE_PROJECTS, REGISTER_PROJECTS, REPORT_PROGRESS

FORMS = "abadi.projects.forms."
SCHEMAS = "abadi.projects.schemas."
SERVICES = "abadi.projects.services."


def _history(project) -> list[Done]:
    """The steps taken and the progress reports, in the order they took effect."""
    steps = [
        Done(action=action, actor_id=actor_id, on=on)
        for action, actor_id, on in project.stage_changes.order_by("on", "at", "id").values_list(
            "action", "actor_id", "on"
        )
    ]
    reports = [
        Done(action="report", actor_id=actor_id, on=on)
        for actor_id, on in project.reports.order_by("date", "id").values_list(
            "reported_by_id", "date"
        )
    ]
    return sorted(steps + reports, key=lambda done: done.on)


WORKFLOW = Workflow(
    name="projects",
    record_name="project",
    history=_history,
    status_labels=dict(Stage.choices),
    steps=[
        Step(
            action="register",
            label=_("ثبت پروژه در برنامه"),
            sources=(),
            target=Stage.PLANNED,
            permissions=(REGISTER_PROJECTS,),
        ),
        Step(
            action="groundbreak",
            label=_("کلنگ‌زنی"),
            sources=(Stage.PLANNED,),
            target=Stage.GROUNDBREAKING,
            permissions=(ADVANCE_PROJECTS,),
            form=FORMS + "StepForm",
            schema=SCHEMAS + "ProjectStepIn",
            service=SERVICES + "project_groundbreak",
        ),
        Step(
            action="start",
            label=_("آغاز عملیات اجرایی"),
            sources=(Stage.GROUNDBREAKING,),
            target=Stage.IN_PROGRESS,
            permissions=(ADVANCE_PROJECTS,),
            form=FORMS + "StepForm",
            schema=SCHEMAS + "ProjectStepIn",
            service=SERVICES + "project_start",
        ),
        Step(
            action="report",
            label=_("گزارش پیشرفت"),
            sources=(Stage.GROUNDBREAKING, Stage.IN_PROGRESS),
            target=Stage.IN_PROGRESS,
            permissions=(REPORT_PROGRESS,),
            dated_by="date",
            after=("groundbreak", "start", "resume"),
            moves=False,
            form=FORMS + "ProgressForm",
            schema=SCHEMAS + "ProgressIn",
            service=SERVICES + "progress_report_add",
        ),
        Step(
            action="complete",
            label=_("تکمیل پروژه"),
            sources=(Stage.IN_PROGRESS,),
            target=Stage.COMPLETED,
            permissions=(ADVANCE_PROJECTS,),
            form=FORMS + "StepForm",
            schema=SCHEMAS + "ProjectStepIn",
            service=SERVICES + "project_complete",
        ),
        Step(
            action="inaugurate",
            label=_("افتتاح و بهره‌برداری"),
            sources=(Stage.COMPLETED,),
            target=Stage.INAUGURATED,
            permissions=(ADVANCE_PROJECTS,),
            form=FORMS + "StepForm",
            schema=SCHEMAS + "ProjectStepIn",
            service=SERVICES + "project_inaugurate",
        ),
        Step(
            action="suspend",
            label=_("توقف پروژه"),
            sources=(Stage.GROUNDBREAKING, Stage.IN_PROGRESS),
            target=Stage.SUSPENDED,
            permissions=(ADVANCE_PROJECTS,),
            form=FORMS + "ReasonForm",
            schema=SCHEMAS + "ProjectReasonIn",
            service=SERVICES + "project_suspend",
        ),
        Step(
            action="resume",
            label=_("ازسرگیری پروژه"),
            sources=(Stage.SUSPENDED,),
            target=Stage.IN_PROGRESS,
            permissions=(ADVANCE_PROJECTS,),
            form=FORMS + "StepForm",
            schema=SCHEMAS + "ProjectStepIn",
            service=SERVICES + "project_resume",
        ),
        Step(
            action="cancel",
            label=_("لغو پروژه"),
            sources=(Stage.PLANNED, Stage.GROUNDBREAKING, Stage.IN_PROGRESS, Stage.SUSPENDED),
            target=Stage.CANCELLED,
            permissions=(ADVANCE_PROJECTS,),
            form=FORMS + "ReasonForm",
            schema=SCHEMAS + "ProjectReasonIn",
            service=SERVICES + "project_cancel",
        ),
    ],
)

# The steps that move a project from one stage to the next (what ``project_advance`` takes).
STAGE_STEPS = ("groundbreak", "start", "complete", "inaugurate", "suspend", "resume", "cancel")
