"""The workflow's steps that only move the plan: review, committee approval, the bank's
introduction letter and contract, operation, rejection and withdrawal. Each is checked
against the table of ``abadi.loans.workflow`` and takes its effective date."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from abadi.core.actors import user_of
from abadi.core.money import format_rials
from abadi.core.services import service
from abadi.core.validators import positive_amount, required_text
from abadi.loans.models import Application, CreditLine, Quota
from abadi.loans.services.common import move, start
from abadi.loans.services.credit_lines import quota_room


@service
def application_review(
    *, actor, application: Application, note: str = "", on: datetime.date | None = None
) -> Application:
    """County review: the county officer confirms the plan and sends it to committee."""
    application, on = start(actor=actor, application=application, action="review", on=on)
    return move(
        application, action="review", actor=actor, on=on, note=note, reviewed_by=user_of(actor)
    )


def _within_quotas(application: Application, amount: int) -> None:
    """Lock the line and the quota rows this approval draws on, in a fixed order (no
    deadlocks), then refuse an amount beyond what is left of any of them: concurrent
    approvals are serialised, each summing what the previous ones committed."""
    line = CreditLine.objects.select_for_update().get(pk=application.credit_line_id)
    list(
        Quota.objects.select_for_update()
        .filter(Q(county=application.area_id) | Q(bank=application.bank_id), credit_line=line)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    room = quota_room(credit_line=line, county=application.area, bank=application.bank)
    if amount > room.line_remaining:
        raise ValidationError(
            {
                "amount": _("مبلغ مصوب از مانده خط اعتباری (%(left)s) بیشتر است.")
                % {"left": format_rials(max(room.line_remaining, 0))}
            }
        )
    if room.county_remaining is not None and amount > room.county_remaining:
        raise ValidationError(
            {
                "amount": _("مبلغ مصوب از مانده سهمیه شهرستان %(county)s (%(left)s) بیشتر است.")
                % {
                    "county": application.area.name,
                    "left": format_rials(max(room.county_remaining, 0)),
                }
            }
        )
    if room.bank_remaining is not None and amount > room.bank_remaining:
        raise ValidationError(
            {
                "amount": _("مبلغ مصوب از مانده سهمیه %(bank)s (%(left)s) بیشتر است.")
                % {"bank": application.bank.name, "left": format_rials(max(room.bank_remaining, 0))}
            }
        )


@service
def application_approve(
    *,
    actor,
    application: Application,
    amount: int,
    minutes_no: str = "",
    note: str = "",
    on: datetime.date | None = None,
) -> Application:
    """The committee approves ``amount`` rials (at most what was requested) at its meeting
    of ``on``, minuted as ``minutes_no``, within the line's county and bank quotas."""
    application, on = start(actor=actor, application=application, action="approve", on=on)
    minutes_no = required_text(minutes_no, field="minutes_no", label=_("شماره صورتجلسه کمیته"))
    positive_amount(amount, field="amount", label=_("مبلغ مصوب"))
    if amount > application.requested_amount:
        raise ValidationError({"amount": _("مبلغ مصوب از مبلغ درخواستی بیشتر است.")})
    _within_quotas(application, amount)
    return move(
        application,
        action="approve",
        actor=actor,
        on=on,
        note=note,
        approved_amount=amount,
        approved_by=user_of(actor),
        approved_on=on,
        minutes_no=minutes_no,
    )


@service
def application_introduce(
    *, actor, application: Application, letter_no: str, letter_date: datetime.date, note: str = ""
) -> Application:
    """Introduce the applicant to the bank: the letter's number and date (the PDF is
    generated from these on demand)."""
    application, letter_date = start(
        actor=actor, application=application, action="introduce", on=letter_date
    )
    letter_no = required_text(letter_no, field="letter_no", label=_("شماره نامه معرفی"))
    return move(
        application,
        action="introduce",
        actor=actor,
        on=letter_date,
        note=note,
        letter_no=letter_no,
        letter_date=letter_date,
    )


@service
def application_contract(
    *,
    actor,
    application: Application,
    contract_no: str,
    contract_date: datetime.date,
    note: str = "",
) -> Application:
    """Record the bank's contract; the repayment schedule follows the money paid out."""
    application, contract_date = start(
        actor=actor, application=application, action="contract", on=contract_date
    )
    contract_no = required_text(contract_no, field="contract_no", label=_("شماره قرارداد"))
    return move(
        application,
        action="contract",
        actor=actor,
        on=contract_date,
        note=note,
        contract_no=contract_no,
        contract_date=contract_date,
    )


@service
def application_start_operation(
    *, actor, application: Application, note: str = "", on: datetime.date | None = None
) -> Application:
    application, on = start(actor=actor, application=application, action="operate", on=on)
    return move(application, action="operate", actor=actor, on=on, note=note)


@service
def application_reject(
    *, actor, application: Application, reason: str, on: datetime.date | None = None
) -> Application:
    """Refuse the plan with a reason. After committee approval only the committee may."""
    application, on = start(actor=actor, application=application, action="reject", on=on)
    reason = required_text(reason, field="reason", label=_("دلیل رد طرح"))
    return move(
        application, action="reject", actor=actor, on=on, note=reason, rejection_reason=reason
    )


@service
def application_withdraw(
    *, actor, application: Application, reason: str, on: datetime.date | None = None
) -> Application:
    """The applicant withdraws; an approved amount goes back to the quota."""
    application, on = start(actor=actor, application=application, action="withdraw", on=on)
    reason = required_text(reason, field="reason", label=_("دلیل انصراف"))
    return move(
        application, action="withdraw", actor=actor, on=on, note=reason, rejection_reason=reason
    )
