"""Writes of the loans module, one module per thing written (in the manner of Zulip's
``zerver/actions``): credit lines and quotas, applications, the workflow's steps,
tranches, repayments and job-verification visits.

Every step locks its application, is checked against the workflow table
(``abadi.loans.workflow``), writes a timeline row with its effective date and one audit
event. Money never goes read-decide-write without a lock.
"""

from abadi.loans.services.applications import (
    CostItem,
    GuarantorItem,
    application_register,
    application_update,
    cost_line_add,
    document_add,
    guarantor_add,
)
from abadi.loans.services.credit_lines import (
    QuotaRoom,
    credit_line_create,
    credit_line_update,
    quota_room,
    quota_set,
)
from abadi.loans.services.disbursements import (
    DisbursementResult,
    disbursement_add,
    schedule_generate,
)
from abadi.loans.services.repayments import allocate_repayments, loan_lookup, repayment_add
from abadi.loans.services.steps import (
    application_approve,
    application_contract,
    application_introduce,
    application_reject,
    application_review,
    application_start_operation,
    application_withdraw,
)
from abadi.loans.services.visits import visit_add, visit_photo_add

__all__ = [
    "CostItem",
    "DisbursementResult",
    "GuarantorItem",
    "QuotaRoom",
    "allocate_repayments",
    "application_approve",
    "application_contract",
    "application_introduce",
    "application_register",
    "application_reject",
    "application_review",
    "application_start_operation",
    "application_update",
    "application_withdraw",
    "cost_line_add",
    "credit_line_create",
    "credit_line_update",
    "disbursement_add",
    "document_add",
    "guarantor_add",
    "loan_lookup",
    "quota_room",
    "quota_set",
    "repayment_add",
    "schedule_generate",
    "visit_add",
    "visit_photo_add",
]
