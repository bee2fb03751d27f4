"""An aid case's statuses, written once (``abadi.core.workflow``).

identified → reviewed → funding → paid → released; before it is paid a case may be closed
(with a reason: the creditor forgave it all, the person was freed otherwise, the case did
not qualify). Paying needs the whole debt settled (forgiveness, loan and donors' share add
up to the judgment); a release is possible only once the debt is paid, and the day of a
release is never before the payment. Scheduling the release (its planned date) is a step
that keeps the status, possible once the case is being funded.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from abadi.core.workflow import Done, Step, Workflow
from abadi.funds.models import CaseStatus
from abadi.funds.permissions import ADVANCE_CASES, OPEN_CASES

FORMS = "abadi.funds.forms."
SCHEMAS = "abadi.funds.schemas."
SERVICES = "abadi.funds.services."


def _history(case) -> list[Done]:
    return [
        Done(action=action, actor_id=actor_id, on=on)
        for action, actor_id, on in case.changes.order_by("on", "at", "id").values_list(
            "action", "actor_id", "on"
        )
    ]


def _settled(case) -> bool:
    return case.remaining == 0


WORKFLOW = Workflow(
    name="funds",
    record_name="case",
    history=_history,
    status_labels=dict(CaseStatus.choices),
    steps=[
        Step(
            action="open",
            label=_("شناسایی و ثبت پرونده"),
            sources=(),
            target=CaseStatus.IDENTIFIED,
            permissions=(OPEN_CASES,),
        ),
        Step(
            action="review",
            label=_("بررسی پرونده"),
            sources=(CaseStatus.IDENTIFIED,),
            target=CaseStatus.REVIEWED,
            permissions=(ADVANCE_CASES,),
            form=FORMS + "CaseStepForm",
            schema=SCHEMAS + "CaseStepIn",
            service=SERVICES + "case_review",
        ),
        Step(
            action="fund",
            label=_("آغاز تأمین اعتبار"),
            sources=(CaseStatus.REVIEWED,),
            target=CaseStatus.FUNDING,
            permissions=(ADVANCE_CASES,),
            form=FORMS + "CaseStepForm",
            schema=SCHEMAS + "CaseStepIn",
            service=SERVICES + "case_fund",
        ),
        Step(
            action="schedule",
            label=_("تعیین تاریخ آزادی"),
            sources=(CaseStatus.FUNDING, CaseStatus.PAID),
            target=None,
            permissions=(ADVANCE_CASES,),
            dated_by="planned_on",
            after=("open",),
            moves=False,
            form=FORMS + "CaseScheduleForm",
            schema=SCHEMAS + "CaseScheduleIn",
            service=SERVICES + "case_schedule",
        ),
        Step(
            action="pay",
            label=_("پرداخت بدهی"),
            sources=(CaseStatus.FUNDING,),
            target=CaseStatus.PAID,
            permissions=(ADVANCE_CASES,),
            when=_settled,
            after=("fund",),
            form=FORMS + "CaseStepForm",
            schema=SCHEMAS + "CaseStepIn",
            service=SERVICES + "case_pay",
        ),
        Step(
            action="release",
            label=_("آزادی"),
            sources=(CaseStatus.PAID,),
            target=CaseStatus.RELEASED,
            permissions=(ADVANCE_CASES,),
            after=("pay",),
            form=FORMS + "CaseStepForm",
            schema=SCHEMAS + "CaseStepIn",
            service=SERVICES + "case_release",
        ),
        Step(
            action="close",
            label=_("بستن پرونده"),
            sources=(CaseStatus.IDENTIFIED, CaseStatus.REVIEWED, CaseStatus.FUNDING),
            target=CaseStatus.CLOSED,
            permissions=(ADVANCE_CASES,),
            after=("open", "review", "fund"),
            form=FORMS + "CaseReasonForm",
            schema=SCHEMAS + "CaseReasonIn",
            service=SERVICES + "case_close",
        ),
    ],
)
