"""Credit lines and their county and bank quotas."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from abadi.core.audit import audit_record, snapshot
from abadi.core.money import format_rials
from abadi.core.services import audited_create, model_update, require, service
from abadi.core.validators import positive_amount
from abadi.geography.models import AreaLevel
from abadi.loans.audit import Action
from abadi.loans.models import COMMITTED_STATUSES, Application, CreditLine, Quota, QuotaKind
from abadi.loans.permissions import MANAGE_CREDIT_LINES
from abadi.organisations.models import OrganisationKind

if TYPE_CHECKING:
    from abadi.geography.models import Area

CREDIT_LINE_FIELDS = (
    "title",
    "source",
    "total",
    "annual_rate_bp",
    "term_months",
    "grace_months",
    "grace_mode",
    "active",
)


def committed(applications: QuerySet[Application]) -> int:
    """What approvals hold of a line or quota: approved amounts from approval on."""
    total = applications.filter(status__in=COMMITTED_STATUSES).aggregate(
        total=Sum("approved_amount")
    )["total"]
    return total or 0


def _check_banks(banks: list[Any]) -> None:
    wrong = [bank.name for bank in banks if bank.kind != OrganisationKind.AGENT_BANK]
    if wrong:
        raise ValidationError({"banks": _("«%(name)s» بانک عامل نیست.") % {"name": wrong[0]}})


@service
def credit_line_create(
    *,
    actor,
    area: Area,
    year: int,
    title: str,
    total: int,
    annual_rate_bp: int,
    term_months: int,
    grace_months: int = 0,
    grace_mode: str = "interest_only",
    source: str = "",
    banks: Iterable[Any] = (),
) -> CreditLine:
    require(actor, MANAGE_CREDIT_LINES, area)
    positive_amount(total, field="total", label=_("مبلغ کل خط اعتباری"))
    banks = list(banks)
    _check_banks(banks)
    line = CreditLine(
        area=area,
        year=year,
        title=title.strip(),
        source=source.strip(),
        total=total,
        annual_rate_bp=annual_rate_bp,
        term_months=term_months,
        grace_months=grace_months,
        grace_mode=grace_mode,
    )
    audited_create(
        line,
        actor=actor,
        action=Action.CREDIT_LINE_CREATE,
        extra={"banks": sorted(bank.pk for bank in banks)},
    )
    line.banks.set(banks)
    return line


@service
def credit_line_update(
    *, actor, credit_line: CreditLine, banks: Iterable[Any] | None = None, **fields: Any
) -> CreditLine:
    line = CreditLine.objects.select_for_update().get(pk=credit_line.pk)
    require(actor, MANAGE_CREDIT_LINES, line.area)

    def prepare(changed_line: CreditLine) -> None:
        if "total" in fields:
            positive_amount(changed_line.total, field="total", label=_("مبلغ کل خط اعتباری"))
            used = committed(changed_line.applications.all())
            if changed_line.total < used:
                raise ValidationError(
                    {
                        "total": _("مبلغ کل از مبلغ مصوب‌شده (%(used)s) کمتر می‌شود.")
                        % {"used": format_rials(used)}
                    }
                )

    line, _changed = model_update(
        line,
        actor=actor,
        action=Action.CREDIT_LINE_UPDATE,
        fields=fields,
        allowed=CREDIT_LINE_FIELDS,
        prepare=prepare,
    )
    if banks is not None:
        banks = list(banks)
        _check_banks(banks)
        before = sorted(line.banks.values_list("pk", flat=True))
        after = sorted(bank.pk for bank in banks)
        if before != after:
            line.banks.set(banks)
            audit_record(
                actor=actor,
                action=Action.CREDIT_LINE_UPDATE,
                obj=line,
                old={"banks": before},
                new={"banks": after},
            )
    return line


@service
def quota_set(
    *,
    actor,
    credit_line: CreditLine,
    amount: int,
    county: Area | None = None,
    bank: Any = None,
) -> Quota:
    """Set the quota of one county or one bank on a line (creates or changes the row)."""
    line = CreditLine.objects.select_for_update().get(pk=credit_line.pk)
    require(actor, MANAGE_CREDIT_LINES, line.area)
    if (county is None) == (bank is None):
        raise ValidationError(_("سهمیه یا برای یک شهرستان است یا برای یک بانک."))
    positive_amount(amount, field="amount", label=_("مبلغ سهمیه"))
    if county is not None:
        if county.level != AreaLevel.COUNTY or not county.path.startswith(line.area.path):
            raise ValidationError(
                {"county": _("شهرستان سهمیه باید از شهرستان‌های حوزه این خط اعتباری باشد.")}
            )
        kind = QuotaKind.COUNTY
        target: dict[str, Any] = {"county": county}
        used = committed(line.applications.filter(area=county))
    else:
        if not line.banks.filter(pk=bank.pk).exists():
            raise ValidationError(
                {"bank": _("«%(name)s» از بانک‌های عامل این خط اعتباری نیست.") % {"name": bank.name}}
            )
        kind, target = QuotaKind.BANK, {"bank": bank}
        used = committed(line.applications.filter(bank=bank))
    if amount < used:
        raise ValidationError(
            {
                "amount": _("سهمیه از مبلغ مصوب‌شده در آن (%(used)s) کمتر نمی‌شود.")
                % {"used": format_rials(used)}
            }
        )
    others = (
        line.quotas.filter(kind=kind).exclude(**target).aggregate(total=Sum("amount"))["total"] or 0
    )
    if others + amount > line.total:
        raise ValidationError(
            {
                "amount": _("جمع سهمیه‌ها از مبلغ کل خط اعتباری (%(total)s) بیشتر می‌شود.")
                % {"total": format_rials(line.total)}
            }
        )
    quota = Quota.objects.filter(credit_line=line, kind=kind, **target).first()
    before = snapshot(quota) if quota else None
    quota = quota or Quota(credit_line=line, kind=kind, **target)
    quota.amount = amount
    quota.full_clean()
    quota.save()
    audit_record(
        actor=actor,
        action=Action.QUOTA_SET,
        obj=quota,
        area=line.area,
        old=before,
        new=snapshot(quota),
    )
    return quota


@dataclass(frozen=True)
class QuotaRoom:
    """What is left of a line, and of a county's and a bank's quota on it."""

    line_remaining: int
    county_remaining: int | None
    bank_remaining: int | None


def quota_room(*, credit_line: CreditLine, county: Area, bank: Any) -> QuotaRoom:
    """Remaining amounts for a (county, bank) pair; None where the line sets no such quotas."""
    applications = credit_line.applications.all()
    line_remaining = credit_line.total - committed(applications)
    county_quotas = dict(
        credit_line.quotas.filter(kind=QuotaKind.COUNTY).values_list("county_id", "amount")
    )
    bank_quotas = dict(
        credit_line.quotas.filter(kind=QuotaKind.BANK).values_list("bank_id", "amount")
    )
    county_remaining = bank_remaining = None
    if county_quotas:
        county_remaining = county_quotas.get(county.pk, 0) - committed(
            applications.filter(area=county)
        )
    if bank_quotas:
        bank_remaining = bank_quotas.get(bank.pk, 0) - committed(applications.filter(bank=bank))
    return QuotaRoom(line_remaining, county_remaining, bank_remaining)
