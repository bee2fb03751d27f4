"""Money paid back: looked up from a bank file's key, allocated to the instalments."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from abadi.core.actors import user_of
from abadi.core.audit import audit_record, snapshot
from abadi.core.money import format_rials
from abadi.core.persian import to_latin_digits
from abadi.core.scoping import scope
from abadi.core.services import service
from abadi.core.validators import positive_amount
from abadi.loans.audit import Action
from abadi.loans.models import Application, Instalment, Repayment, Status
from abadi.loans.permissions import DISBURSE_LOANS
from abadi.loans.services.common import LOCKED_REFERENCES, lock, move, start

REPAYABLE_STATUSES = (Status.DISBURSED, Status.IN_OPERATION)


def loan_lookup(*, actor, key: str, perm: str = DISBURSE_LOANS) -> Application:
    """The loan a bank file names: by plan number, or by the applicant's national code
    (which must then name exactly one loan being repaid)."""
    text = to_latin_digits(key or "").strip()
    if not text:
        raise ValidationError({"loan": _("شماره طرح یا کد ملی وام‌گیرنده را وارد کنید.")})
    loans = scope(Application.objects.all(), actor=actor, perm=perm)
    found = list(loans.filter(number=text)[:1])
    if not found and text.isdigit() and len(text) in (8, 9, 10):
        found = list(
            loans.filter(applicant__national_code=text.zfill(10), status__in=REPAYABLE_STATUSES)[:2]
        )
        if len(found) > 1:
            raise ValidationError(
                {
                    "loan": _(
                        "کد ملی «%(key)s» بیش از یک وام در حال بازپرداخت دارد؛ شماره طرح را بنویسید."
                    )
                    % {"key": text}
                }
            )
    if not found:
        raise ValidationError(
            {"loan": _("وامی با شماره یا کد ملی «%(key)s» پیدا نشد.") % {"key": text}}
        )
    return found[0]


@service
def repayment_add(
    *,
    actor,
    application: Application | str,
    amount: int,
    date: datetime.date,
    reference: str = "",
    source_id: str | None = None,
) -> Repayment:
    """Record money paid back; allocate it to the instalments; settle a fully repaid loan.

    ``application`` is the loan or the key a bank file carries (plan number or national
    code)."""
    if isinstance(application, str):
        application = loan_lookup(actor=actor, key=application)
    application = lock(application)
    if application.status not in REPAYABLE_STATUSES:
        raise ValidationError(
            {
                "loan": _("طرح %(number)s وام در حال بازپرداخت نیست (%(status)s).")
                % {"number": application.number, "status": application.get_status_display()}
            }
        )
    application, date = start(actor=actor, application=application, action="repay", on=date)
    positive_amount(amount, field="amount", label=_("مبلغ بازپرداخت"))
    due_total = application.instalments.aggregate(total=Sum("total"))["total"] or 0
    repaid = application.repayments.aggregate(total=Sum("amount"))["total"] or 0
    if amount > due_total - repaid:
        raise ValidationError(
            {
                "amount": _("مبلغ بازپرداخت از مانده بدهی (%(left)s) بیشتر است.")
                % {"left": format_rials(due_total - repaid)}
            }
        )
    repayment = Repayment(
        application=application,
        date=date,
        amount=amount,
        reference=(reference or "").strip(),
        source_id=source_id or None,
        created_by=user_of(actor),
    )
    repayment.full_clean(exclude=LOCKED_REFERENCES)
    repayment.save()
    parts = allocate_repayments(application=application)
    repayment.principal_part, repayment.interest_part = parts[repayment.pk]
    audit_record(
        actor=actor,
        action=Action.REPAY,
        obj=repayment,
        area=application.area,
        new=snapshot(repayment),
        on=date,
        touches=(application,),
    )
    fully_repaid = repaid + amount == due_total
    if fully_repaid and application.disbursements.aggregate(total=Sum("amount"))["total"] == (
        application.approved_amount
    ):
        move(application, action="settle", actor=actor, on=date, note=_("بازپرداخت کامل اقساط"))
    return repayment


def allocate_repayments(*, application: Application) -> dict[int, tuple[int, int]]:
    """Replay every repayment in date order over the instalments: oldest instalment first,
    its interest before its principal. Replaying (rather than adding to the last state)
    keeps the allocation right when a bank file arrives with an earlier-dated payment;
    only the rows whose allocation changed are written. Returns each repayment's
    (principal, interest) parts."""
    instalments = list(application.instalments.order_by("number"))
    before = {i.pk: (i.principal_paid, i.interest_paid, i.paid_date) for i in instalments}
    for instalment in instalments:
        instalment.principal_paid = instalment.interest_paid = 0
        instalment.paid_date = None
    repayments = list(application.repayments.order_by("date", "id"))
    parts_before = {r.pk: (r.principal_part, r.interest_part) for r in repayments}
    index = 0
    for repayment in repayments:
        left = repayment.amount
        principal_part = interest_part = 0
        while left > 0 and index < len(instalments):
            instalment = instalments[index]
            pay = min(left, instalment.interest - instalment.interest_paid)
            instalment.interest_paid += pay
            interest_part += pay
            left -= pay
            pay = min(left, instalment.principal - instalment.principal_paid)
            instalment.principal_paid += pay
            principal_part += pay
            left -= pay
            if instalment.outstanding == 0:
                instalment.paid_date = repayment.date
                index += 1
        repayment.principal_part, repayment.interest_part = principal_part, interest_part
    for instalment in instalments:
        now = (instalment.principal_paid, instalment.interest_paid, instalment.paid_date)
        if now != before[instalment.pk]:
            Instalment.objects.filter(pk=instalment.pk).update(
                principal_paid=now[0], interest_paid=now[1], paid_date=now[2]
            )
    for repayment in repayments:
        if (repayment.principal_part, repayment.interest_part) != parts_before[repayment.pk]:
            Repayment.objects.filter(pk=repayment.pk).update(
                principal_part=repayment.principal_part, interest_part=repayment.interest_part
            )
    return {r.pk: (r.principal_part, r.interest_part) for r in repayments}
