"""The loan application's workflow, written once (``abadi.core.workflow``).

registered → county review → committee approval (amount, committee date, minutes number)
→ introduced to the bank (letter) → bank contract → disbursed (tranches) → in operation →
settled; or rejected / withdrawn with a reason while no money has left the bank.
Maker-checker: whoever registered a plan may not review or approve it, and whoever
reviewed it may not approve it. Services check each step here; the record page, its action
view and the API offer and run the steps from this table; the timeline labels its rows by it.
"""

from django.utils.translation import gettext_lazy as _

from abadi.core.workflow import Done, Step, Workflow
from abadi.loans.models import OPEN_STATUSES, Status
from abadi.loans.permissions import (
    APPROVE_LOANS,
    DISBURSE_LOANS,
    REGISTER_LOANS,
    REVIEW_LOANS,
    VISIT_LOANS,
)
from abadi.loans.selectors import remaining_to_disburse

FORMS = "abadi.loans.forms."
SCHEMAS = "abadi.loans.schemas."
SERVICES = "abadi.loans.services."

# The statuses from which money may still go out, or come back.
PAYING = (Status.CONTRACTED, Status.DISBURSED, Status.IN_OPERATION)
REPAYING = (Status.DISBURSED, Status.IN_OPERATION)
VISITABLE = (Status.DISBURSED, Status.IN_OPERATION, Status.SETTLED)


def _history(application) -> list[Done]:
    return [
        Done(action=action, actor_id=actor_id, on=on)
        for action, actor_id, on in application.status_changes.order_by(
            "on", "at", "id"
        ).values_list("action", "actor_id", "on")
    ]


WORKFLOW = Workflow(
    name="loans",
    record_name="application",
    history=_history,
    status_labels=dict(Status.choices),
    steps=[
        Step(
            action="register",
            label=_("ثبت طرح"),
            sources=(),
            target=Status.REGISTERED,
            permissions=(REGISTER_LOANS,),
            service=SERVICES + "application_register",
        ),
        Step(
            action="review",
            label=_("تأیید بررسی شهرستان"),
            sources=(Status.REGISTERED,),
            target=Status.REVIEWED,
            permissions=(REVIEW_LOANS,),
            not_by=("register",),
            form=FORMS + "StepForm",
            schema=SCHEMAS + "LoanStepIn",
            service=SERVICES + "application_review",
        ),
        Step(
            action="approve",
            label=_("تصویب در کمیته"),
            sources=(Status.REVIEWED,),
            target=Status.APPROVED,
            permissions=(APPROVE_LOANS,),
            not_by=("register", "review"),
            form=FORMS + "ApproveForm",
            schema=SCHEMAS + "ApproveIn",
            service=SERVICES + "application_approve",
        ),
        Step(
            action="introduce",
            label=_("معرفی به بانک"),
            sources=(Status.APPROVED,),
            target=Status.INTRODUCED,
            permissions=(APPROVE_LOANS,),
            dated_by="letter_date",
            form=FORMS + "IntroduceForm",
            schema=SCHEMAS + "IntroduceIn",
            service=SERVICES + "application_introduce",
        ),
        Step(
            action="contract",
            label=_("ثبت قرارداد بانک"),
            sources=(Status.INTRODUCED,),
            target=Status.CONTRACTED,
            permissions=(DISBURSE_LOANS,),
            dated_by="contract_date",
            form=FORMS + "ContractForm",
            schema=SCHEMAS + "ContractIn",
            service=SERVICES + "application_contract",
        ),
        Step(
            action="disburse",
            label=_("ثبت پرداخت"),
            sources=PAYING,
            target=Status.DISBURSED,
            permissions=(DISBURSE_LOANS,),
            when=lambda application: remaining_to_disburse(application) > 0,
            dated_by="date",
            after=("contract",),
            moves=False,
            form=FORMS + "DisbursementForm",
            schema=SCHEMAS + "MoneyIn",
            service=SERVICES + "disbursement_add",
        ),
        Step(
            action="operate",
            label=_("اعلام بهره‌برداری"),
            sources=(Status.DISBURSED,),
            target=Status.IN_OPERATION,
            permissions=(VISIT_LOANS,),
            form=FORMS + "StepForm",
            schema=SCHEMAS + "LoanStepIn",
            service=SERVICES + "application_start_operation",
        ),
        Step(
            action="repay",
            label=_("ثبت بازپرداخت"),
            sources=REPAYING,
            target=Status.SETTLED,
            permissions=(DISBURSE_LOANS,),
            dated_by="date",
            after=("disburse",),
            moves=False,
            form=FORMS + "RepaymentForm",
            schema=SCHEMAS + "MoneyIn",
            service=SERVICES + "repayment_add",
        ),
        Step(
            action="visit",
            label=_("ثبت بازدید نظارتی"),
            sources=VISITABLE,
            target=Status.IN_OPERATION,
            permissions=(VISIT_LOANS,),
            dated_by="date",
            after=("disburse",),
            moves=False,
            form=FORMS + "VisitForm",
            schema=SCHEMAS + "VisitIn",
            service=SERVICES + "visit_add",
        ),
        Step(
            action="reject",
            label=_("رد طرح"),
            sources=OPEN_STATUSES,
            target=Status.REJECTED,
            permissions=(APPROVE_LOANS,),
            # Before the committee has decided, the county may refuse the plan too.
            permissions_from={
                Status.REGISTERED: (REVIEW_LOANS, APPROVE_LOANS),
                Status.REVIEWED: (REVIEW_LOANS, APPROVE_LOANS),
            },
            form=FORMS + "ReasonForm",
            schema=SCHEMAS + "LoanReasonIn",
            service=SERVICES + "application_reject",
        ),
        Step(
            action="withdraw",
            label=_("انصراف متقاضی"),
            sources=OPEN_STATUSES,
            target=Status.WITHDRAWN,
            permissions=(REGISTER_LOANS,),
            form=FORMS + "ReasonForm",
            schema=SCHEMAS + "LoanReasonIn",
            service=SERVICES + "application_withdraw",
        ),
        Step(
            action="settle",
            label=_("تسویه کامل"),
            sources=(),
            target=Status.SETTLED,
            permissions=(DISBURSE_LOANS,),
        ),
    ],
)
