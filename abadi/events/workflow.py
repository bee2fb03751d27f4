"""An event's workflow, written once (``abadi.core.workflow``).

planned → held (the day it was held, people served, report), or planned → cancelled
(with a reason); a held event's report may be completed afterwards. Holding is refused
for an event whose day has not come. Services check each step here; the record page,
its action view and the API offer and run the steps from this table; the timeline
labels its rows by it.
"""

from django.utils.translation import gettext_lazy as _

from abadi.core.workflow import Done, Step, Workflow
from abadi.events.models import EventStatus
from abadi.events.permissions import PLAN_EVENTS, REPORT_EVENTS

FORMS = "abadi.events.forms."
SCHEMAS = "abadi.events.schemas."
SERVICES = "abadi.events.services."


def _history(event) -> list[Done]:
    return [
        Done(action=action, actor_id=actor_id, on=on)
        for action, actor_id, on in event.steps.order_by("on", "at", "id").values_list(
            "action", "actor_id", "on"
        )
    ]


WORKFLOW = Workflow(
    name="events",
    record_name="event",
    history=_history,
    status_labels=dict(EventStatus.choices),
    steps=[
        Step(
            action="plan",
            label=_("برنامه‌ریزی رویداد"),
            sources=(),
            target=EventStatus.PLANNED,
            permissions=(PLAN_EVENTS,),
            service=SERVICES + "event_plan",
        ),
        Step(
            action="hold",
            label=_("ثبت برگزاری"),
            sources=(EventStatus.PLANNED,),
            target=EventStatus.HELD,
            permissions=(REPORT_EVENTS,),
            # Offered once the event's day has come; the service says why otherwise.
            when=lambda event: not event.is_future,
            after=("plan",),
            form=FORMS + "HoldForm",
            schema=SCHEMAS + "HoldIn",
            service=SERVICES + "event_mark_held",
        ),
        Step(
            action="report",
            label=_("تکمیل گزارش"),
            sources=(EventStatus.HELD,),
            target=None,
            permissions=(REPORT_EVENTS,),
            moves=False,
            after=("hold",),
            form=FORMS + "ReportForm",
            schema=SCHEMAS + "ReportIn",
            service=SERVICES + "event_report",
        ),
        Step(
            action="cancel",
            label=_("لغو رویداد"),
            sources=(EventStatus.PLANNED,),
            target=EventStatus.CANCELLED,
            permissions=(PLAN_EVENTS,),
            after=("plan",),
            form=FORMS + "CancelForm",
            schema=SCHEMAS + "CancelIn",
            service=SERVICES + "event_cancel",
        ),
    ],
)
