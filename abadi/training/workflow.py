"""An enrolment's steps, written once (``abadi.core.workflow``).

enrolled → (attendance recorded, any number of times) → completed (certificate), or
withdrawn. Each step has its effective date: not in the future, not before the enrolment.
The record page, its action view and the API offer and run the steps from this table.
"""

from django.utils.translation import gettext_lazy as _

from abadi.core.workflow import Done, Step, Workflow
from abadi.training.models import EnrolmentStatus
from abadi.training.permissions import ENROL

FORMS = "abadi.training.forms."
SCHEMAS = "abadi.training.schemas."
SERVICES = "abadi.training.services."


def _history(enrolment) -> list[Done]:
    """The steps taken, from the enrolment's own dated fields."""
    done = [Done(action="enrol", actor_id=None, on=enrolment.enrolled_on)]
    if enrolment.completed_on is not None:
        done.append(Done(action="complete", actor_id=None, on=enrolment.completed_on))
    if enrolment.withdrawn_on is not None:
        done.append(Done(action="withdraw", actor_id=None, on=enrolment.withdrawn_on))
    return done


WORKFLOW = Workflow(
    name="training",
    record_name="enrolment",
    history=_history,
    area=lambda enrolment: enrolment.course.area,
    status_labels=dict(EnrolmentStatus.choices),
    steps=[
        Step(
            action="enrol",
            label=_("ثبت‌نام در دوره"),
            sources=(),
            target=EnrolmentStatus.ENROLLED,
            permissions=(ENROL,),
            service=SERVICES + "enrolment_create",
        ),
        Step(
            action="attend",
            label=_("ثبت ساعت حضور"),
            sources=(EnrolmentStatus.ENROLLED,),
            target=None,
            permissions=(ENROL,),
            moves=False,
            after=("enrol",),
            form=FORMS + "AttendanceForm",
            schema=SCHEMAS + "AttendanceIn",
            service=SERVICES + "enrolment_attend",
        ),
        Step(
            action="complete",
            label=_("پایان دوره و صدور گواهی"),
            sources=(EnrolmentStatus.ENROLLED,),
            target=EnrolmentStatus.COMPLETED,
            permissions=(ENROL,),
            after=("enrol",),
            form=FORMS + "CompleteForm",
            schema=SCHEMAS + "CompleteIn",
            service=SERVICES + "enrolment_complete",
        ),
        Step(
            action="withdraw",
            label=_("انصراف از دوره"),
            sources=(EnrolmentStatus.ENROLLED,),
            target=EnrolmentStatus.WITHDRAWN,
            permissions=(ENROL,),
            after=("enrol",),
            form=FORMS + "WithdrawForm",
            schema=SCHEMAS + "WithdrawIn",
            service=SERVICES + "enrolment_withdraw",
        ),
    ],
)
