"""A group's status, written once (``abadi.core.workflow``).

registered → active; active → suspended → active (reinstated); active or suspended →
expired when the permit in force has run out (dated the day after its last day); a new
permit (renewal) makes an expired group active again and leaves a suspended one
suspended; any but a dissolved group may be dissolved. Every step has its effective
date, never in the future nor before the step before it. Services check each step here;
the group page and the API offer and run the steps from this table.
"""

from django.utils.translation import gettext_lazy as _

from abadi.core.workflow import Done, Step, Workflow
from abadi.volunteers.models import GroupStatus
from abadi.volunteers.permissions import CHANGE_STATUS, MANAGE_GROUPS

FORMS = "abadi.volunteers.forms."
SCHEMAS = "abadi.volunteers.schemas."
SERVICES = "abadi.volunteers.services."

LIVE = (GroupStatus.ACTIVE, GroupStatus.SUSPENDED, GroupStatus.EXPIRED)


def _history(group) -> list[Done]:
    return [
        Done(action=action, actor_id=actor_id, on=on)
        for action, actor_id, on in group.status_changes.order_by("on", "at", "id").values_list(
            "action", "actor_id", "on"
        )
    ]


WORKFLOW = Workflow(
    name="volunteers",
    record_name="group",
    history=_history,
    status_labels=dict(GroupStatus.choices),
    steps=[
        Step(
            action="register",
            label=_("ثبت گروه"),
            sources=(),
            target=GroupStatus.ACTIVE,
            permissions=(MANAGE_GROUPS,),
            service=SERVICES + "group_register",
        ),
        Step(
            action="suspend",
            label=_("تعلیق گروه"),
            sources=(GroupStatus.ACTIVE,),
            target=GroupStatus.SUSPENDED,
            permissions=(CHANGE_STATUS,),
            form=FORMS + "ReasonForm",
            schema=SCHEMAS + "GroupReasonIn",
            service=SERVICES + "group_suspend",
        ),
        Step(
            action="reinstate",
            label=_("رفع تعلیق"),
            sources=(GroupStatus.SUSPENDED,),
            target=GroupStatus.ACTIVE,
            permissions=(CHANGE_STATUS,),
            form=FORMS + "StepForm",
            schema=SCHEMAS + "GroupStepIn",
            service=SERVICES + "group_reinstate",
        ),
        Step(
            action="expire",
            label=_("ثبت انقضای مجوز"),
            sources=(GroupStatus.ACTIVE, GroupStatus.SUSPENDED),
            target=GroupStatus.EXPIRED,
            permissions=(CHANGE_STATUS,),
            when=lambda group: group.permit_lapsed(),
            form=FORMS + "NoteForm",
            schema=SCHEMAS + "NoteIn",
            service=SERVICES + "group_expire",
        ),
        Step(
            action="renew",
            label=_("ثبت مجوز تازه (تمدید)"),
            sources=LIVE,
            target=GroupStatus.ACTIVE,
            permissions=(MANAGE_GROUPS,),
            dated_by="issued_on",
            # A suspended group keeps its suspension: only an expired one becomes active.
            moves=False,
            form=FORMS + "PermitForm",
            schema=SCHEMAS + "PermitIn",
            service=SERVICES + "permit_renew",
        ),
        Step(
            action="dissolve",
            label=_("انحلال گروه"),
            sources=LIVE,
            target=GroupStatus.DISSOLVED,
            permissions=(CHANGE_STATUS,),
            form=FORMS + "ReasonForm",
            schema=SCHEMAS + "GroupReasonIn",
            service=SERVICES + "group_dissolve",
        ),
    ],
)
