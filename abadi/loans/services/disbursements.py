"""Tranches paid by the bank, and the repayment schedule they set."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from abadi.core.actors import user_of
from abadi.core.money import format_rials
from abadi.core.services import audited_create, service
from abadi.core.validators import positive_amount
from abadi.loans.audit import Action
from abadi.loans.models import Application, Disbursement, Instalment, Status
from abadi.loans.schedule import build_schedule
from abadi.loans.selectors import remaining_to_disburse
from abadi.loans.services.common import LOCKED_REFERENCES, move, start
from abadi.loans.services.repayments import allocate_repayments
from abadi.people.services import benefit_record


def schedule_generate(*, application: Application) -> list[Instalment]:
    """(Re)write the instalments of a loan from its line's terms, on the money paid out so
    far, from the contract's date: the borrower owes on what reached them, never on an
    approved amount the bank has not paid. Repayments already made are allocated again."""
    line = application.credit_line
    assert application.contract_date is not None
    principal = application.disbursements.aggregate(total=Sum("amount"))["total"] or 0
    application.instalments.all().delete()
    if not principal:
        return []
    rows = build_schedule(
        principal=principal,
        annual_rate_bp=line.annual_rate_bp,
        term_months=line.term_months,
        grace_months=line.grace_months,
        grace_mode=line.grace_mode,
        start=application.contract_date,
    )
    instalments = Instalment.objects.bulk_create(
        Instalment(
            application=application,
            number=row.number,
            due_date=row.due_date,
            principal=row.principal,
            interest=row.interest,
            total=row.total,
        )
        for row in rows
    )
    if application.repayments.exists():
        allocate_repayments(application=application)
    return instalments


@dataclass
class DisbursementResult:
    disbursement: Disbursement
    warnings: list[str] = field(default_factory=list)


@service
def disbursement_add(
    *,
    actor,
    application: Application,
    amount: int,
    date: datetime.date,
    reference: str = "",
    source_id: str | None = None,
) -> DisbursementResult:
    """One tranche. Tranches never sum above the approved amount (the application row is
    locked while the paid sum is read); each records a loan benefit for the household and
    extends the repayment schedule to the money paid out."""
    application, date = start(actor=actor, application=application, action="disburse", on=date)
    positive_amount(amount, field="amount", label=_("مبلغ پرداخت"))
    remaining = remaining_to_disburse(application)
    if amount > remaining:
        raise ValidationError(
            {
                "amount": _("مبلغ پرداخت از مانده مبلغ مصوب (%(left)s) بیشتر است.")
                % {"left": format_rials(remaining)}
            }
        )
    first = remaining == application.approved_amount
    disbursement = audited_create(
        Disbursement(
            application=application,
            date=date,
            amount=amount,
            reference=(reference or "").strip(),
            source_id=source_id or None,
            created_by=user_of(actor),
        ),
        actor=actor,
        action=Action.DISBURSE,
        exclude=LOCKED_REFERENCES,
        area=application.area,
        on=date,
        touches=(application,),
    )
    result = benefit_record(
        actor=actor,
        programme="loan",
        date=date,
        value=amount,
        area=application.place,
        source=disbursement,
        person=application.applicant,
        household=application.applicant.household,
        note=_("طرح %(number)s: %(title)s")
        % {"number": application.number, "title": application.title},
    )
    if application.status == Status.CONTRACTED:
        move(
            application,
            action="disburse",
            actor=actor,
            on=date,
            note=_("پرداخت %(amount)s") % {"amount": format_rials(amount)},
        )
    schedule_generate(application=application)
    # Later tranches of the same loan would only warn about this loan itself.
    return DisbursementResult(disbursement, list(result.warnings) if first else [])
