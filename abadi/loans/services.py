"""Writes of the loans module: credit lines, quotas, the application workflow, tranches,
repayments and job-verification visits.

Every transition locks the application row, checks the actor's permission in the
application's county, writes a :class:`StatusChange` for the timeline and one audit event.
Money never goes read-decide-write without a lock: approvals lock the credit line (and its
quota rows) before summing what is already committed; tranches lock the application before
summing what is already paid.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.audit import audit_record, changed, snapshot
from abadi.core.jalali import format_jalali
from abadi.core.money import format_rials
from abadi.core.scoping import area_in_scope
from abadi.geography.models import Area, AreaLevel
from abadi.loans.models import (
    COMMITTED_STATUSES,
    OPEN_STATUSES,
    Application,
    CostKind,
    CostLine,
    CreditLine,
    Disbursement,
    Document,
    Guarantor,
    Instalment,
    MonitoringVisit,
    Quota,
    QuotaKind,
    Repayment,
    Status,
    StatusChange,
    VisitPhoto,
    VisitStatus,
)
from abadi.loans.permissions import (
    APPROVE_LOANS,
    DISBURSE_LOANS,
    MANAGE_CREDIT_LINES,
    REGISTER_LOANS,
    REVIEW_LOANS,
    VISIT_LOANS,
)
from abadi.loans.schedule import build_schedule
from abadi.organisations.models import Branch, Organisation, OrganisationKind

AGENT_BANK = OrganisationKind.AGENT_BANK


def _require(actor, perm: str, area: Area | None) -> None:
    if not area_in_scope(actor=actor, perm=perm, area=area):
        raise PermissionDenied(perm)


def _require_any(actor, perms: Iterable[str], area: Area | None) -> None:
    if not any(area_in_scope(actor=actor, perm=perm, area=area) for perm in perms):
        raise PermissionDenied(",".join(perms))


def _positive(amount: Any, field_name: str, label: str) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationError(
            {field_name: _("%(label)s باید مبلغی بیشتر از صفر باشد.") % {"label": label}}
        )
    return amount


def _not_future(day: datetime.date, field_name: str, label: str) -> None:
    if day > clock.today():
        raise ValidationError(
            {field_name: _("%(label)s نمی‌تواند در آینده باشد.") % {"label": label}}
        )


def _not_before(
    day: datetime.date, earliest: datetime.date | None, field_name: str, label: str, other: str
) -> None:
    if earliest is not None and day < earliest:
        raise ValidationError(
            {
                field_name: _("%(label)s (%(day)s) پیش از %(other)s (%(earliest)s) است.")
                % {
                    "label": label,
                    "day": format_jalali(day),
                    "other": other,
                    "earliest": format_jalali(earliest),
                }
            }
        )


def county_of(area: Area) -> Area:
    """The county an area lies in (the area itself if it is one)."""
    if area.level == AreaLevel.COUNTY:
        return area
    codes = [part for part in area.path.split("/") if part]
    county = Area.objects.filter(code__in=codes, level=AreaLevel.COUNTY).first()
    if county is None:
        raise ValidationError({"place": _("محل اجرای طرح باید در یک شهرستان باشد.")})
    return county


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("area", "credit_line")
        .get(pk=application.pk)
    )


# Rows written under the lock of their application: the references were just read.
LOCKED_REFERENCES = ["application", "created_by", "inspector"]

UNCHANGED_ON_MOVE = [
    "applicant",
    "household",
    "area",
    "place",
    "credit_line",
    "bank",
    "branch",
    "registered_by",
    "number",
    "source_id",
]


def _moment(on: datetime.date | None) -> datetime.datetime:
    """When a step happened: now, or noon of the (earlier) day the step's document names."""
    now = clock.now()
    if on is None or on >= clock.today():
        return now
    return timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))


def _move(
    application: Application,
    *,
    to: str,
    actor,
    note: str = "",
    on: datetime.date | None = None,
    **values: Any,
) -> Application:
    """Change status (and the step's fields), write the timeline row and the audit event."""
    before = snapshot(application)
    from_status = application.status
    application.status = to
    for name, value in values.items():
        setattr(application, name, value)
    # The plan's own references were checked at registration and do not change here; the
    # database's check constraints guard the amounts.
    application.full_clean(exclude=UNCHANGED_ON_MOVE, validate_constraints=False)
    application.save()
    # A step dated by its document (a letter, a contract) never goes before the step
    # before it on the timeline.
    previous = application.status_changes.order_by("-at").values_list("at", flat=True).first()
    at = _moment(on)
    StatusChange.objects.create(
        application=application,
        from_status=from_status,
        to_status=to,
        actor=_user(actor),
        note=note,
        at=max(at, previous) if previous else at,
    )
    old, new = changed(before, snapshot(application))
    audit_record(actor=actor, action=f"loan.{to}", obj=application, old=old, new=new)
    return application


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _expect(application: Application, *allowed: str, action: str) -> None:
    if application.status not in allowed:
        raise ValidationError(
            _("طرحی با وضعیت «%(status)s» را نمی‌توان %(action)s.")
            % {"status": application.get_status_display(), "action": action}
        )


# Credit lines and quotas ------------------------------------------------------------


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


@transaction.atomic
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
    banks: Iterable[Organisation] = (),
) -> CreditLine:
    _require(actor, MANAGE_CREDIT_LINES, area)
    _positive(total, "total", _("مبلغ کل خط اعتباری"))
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
    line.full_clean()
    line.save()
    banks = list(banks)
    _check_banks(banks)
    line.banks.set(banks)
    audit_record(
        actor=actor,
        action="credit_line.create",
        obj=line,
        new={**snapshot(line), "banks": [bank.pk for bank in banks]},
    )
    return line


def _check_banks(banks: list[Organisation]) -> None:
    wrong = [bank.name for bank in banks if bank.kind != AGENT_BANK]
    if wrong:
        raise ValidationError({"banks": _("«%(name)s» بانک عامل نیست.") % {"name": wrong[0]}})


@transaction.atomic
def credit_line_update(
    *, actor, credit_line: CreditLine, banks: Iterable[Organisation] | None = None, **fields: Any
) -> CreditLine:
    line = CreditLine.objects.select_for_update().get(pk=credit_line.pk)
    _require(actor, MANAGE_CREDIT_LINES, line.area)
    before = snapshot(line)
    for name, value in fields.items():
        if name not in CREDIT_LINE_FIELDS:
            raise ValueError(f"not an editable field: {name}")
        setattr(line, name, value)
    if "total" in fields:
        _positive(line.total, "total", _("مبلغ کل خط اعتباری"))
        committed = _committed(line.applications.all())
        if line.total < committed:
            raise ValidationError(
                {
                    "total": _("مبلغ کل از مبلغ مصوب‌شده (%(used)s) کمتر می‌شود.")
                    % {"used": format_rials(committed)}
                }
            )
    line.full_clean()
    line.save()
    old, new = changed(before, snapshot(line))
    if banks is not None:
        banks = list(banks)
        _check_banks(banks)
        old["banks"] = sorted(line.banks.values_list("pk", flat=True))
        line.banks.set(banks)
        new["banks"] = sorted(bank.pk for bank in banks)
    if new:
        audit_record(actor=actor, action="credit_line.update", obj=line, old=old, new=new)
    return line


def _committed(applications) -> int:
    return (
        applications.filter(status__in=COMMITTED_STATUSES).aggregate(total=Sum("approved_amount"))[
            "total"
        ]
        or 0
    )


@transaction.atomic
def quota_set(
    *,
    actor,
    credit_line: CreditLine,
    amount: int,
    county: Area | None = None,
    bank: Organisation | None = None,
) -> Quota:
    """Set the quota of one county or one bank on a line (creates or changes the row)."""
    line = CreditLine.objects.select_for_update().get(pk=credit_line.pk)
    _require(actor, MANAGE_CREDIT_LINES, line.area)
    if (county is None) == (bank is None):
        raise ValidationError(_("سهمیه یا برای یک شهرستان است یا برای یک بانک."))
    _positive(amount, "amount", _("مبلغ سهمیه"))
    if county is not None:
        if county.level != AreaLevel.COUNTY or not county.path.startswith(line.area.path):
            raise ValidationError(
                {"county": _("شهرستان سهمیه باید از شهرستان‌های حوزه این خط اعتباری باشد.")}
            )
        kind = QuotaKind.COUNTY
        target: dict[str, Any] = {"county": county}
        used = _committed(line.applications.filter(area=county))
    else:
        assert bank is not None
        if not line.banks.filter(pk=bank.pk).exists():
            raise ValidationError(
                {"bank": _("«%(name)s» از بانک‌های عامل این خط اعتباری نیست.") % {"name": bank.name}}
            )
        kind, target = QuotaKind.BANK, {"bank": bank}
        used = _committed(line.applications.filter(bank=bank))
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
        actor=actor, action="quota.set", obj=quota, area=line.area, old=before, new=snapshot(quota)
    )
    return quota


# Registration -----------------------------------------------------------------------


@dataclass
class CostItem:
    kind: str
    title: str
    amount: int


@dataclass
class GuarantorItem:
    name: str
    national_code: str
    relation: str = ""


@dataclass
class RegisterResult:
    application: Application
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def application_register(
    *,
    actor,
    applicant,
    credit_line: CreditLine,
    bank: Organisation,
    place: Area,
    title: str,
    sector: str,
    activity: str,
    requested_amount: int,
    planned_jobs: int,
    own_contribution: int = 0,
    branch: Branch | None = None,
    cost_lines: Iterable[CostItem] = (),
    guarantors: Iterable[GuarantorItem] = (),
    source_id: str | None = None,
    note: str = "",
    on: datetime.date | None = None,
) -> Application:
    county = county_of(place)
    on = on or clock.today()
    _not_future(on, "on", _("تاریخ ثبت"))
    _require(actor, REGISTER_LOANS, county)
    _positive(requested_amount, "requested_amount", _("مبلغ درخواستی"))
    if not credit_line.active:
        raise ValidationError({"credit_line": _("این خط اعتباری فعال نیست.")})
    if not county.path.startswith(credit_line.area.path):
        raise ValidationError({"place": _("محل اجرای طرح خارج از حوزه این خط اعتباری است.")})
    if not credit_line.banks.filter(pk=bank.pk).exists():
        raise ValidationError(
            {"bank": _("«%(name)s» از بانک‌های عامل این خط اعتباری نیست.") % {"name": bank.name}}
        )
    if branch is not None and branch.organisation_id != bank.pk:
        raise ValidationError({"branch": _("این شعبه از بانک انتخاب‌شده نیست.")})
    if requested_amount > credit_line.total:
        raise ValidationError({"requested_amount": _("مبلغ درخواستی از کل خط اعتباری بیشتر است.")})
    if planned_jobs is None or planned_jobs < 1:
        raise ValidationError({"planned_jobs": _("اشتغال پیش‌بینی‌شده باید دست‌کم یک نفر باشد.")})
    application = Application(
        applicant=applicant,
        household=applicant.household,
        area=county,
        place=place,
        title=title.strip(),
        sector=sector,
        activity=activity.strip(),
        own_contribution=own_contribution,
        requested_amount=requested_amount,
        planned_jobs=planned_jobs,
        credit_line=credit_line,
        bank=bank,
        branch=branch,
        status=Status.REGISTERED,
        registered_by=_user(actor),
        registered_on=on,
        source_id=source_id or None,
    )
    # The references are the instances handed in (and checked above), not ids to look up.
    application.full_clean(exclude=["number", *UNCHANGED_ON_MOVE[:8]])
    application.save()
    application.number = f"{credit_line.year}-{application.pk:06d}"
    application.save(update_fields=["number"])
    for item in cost_lines:
        _positive(item.amount, "cost_lines", _("مبلغ ردیف هزینه"))
        if item.kind not in CostKind.values:
            raise ValidationError({"cost_lines": _("نوع ردیف هزینه نامعتبر است.")})
        line = CostLine(
            application=application, kind=item.kind, title=item.title.strip(), amount=item.amount
        )
        line.full_clean(exclude=LOCKED_REFERENCES)
        line.save()
    for guarantor in guarantors:
        _guarantor(application, guarantor)
    StatusChange.objects.create(
        application=application,
        from_status="",
        to_status=Status.REGISTERED,
        actor=_user(actor),
        note=note,
        at=_moment(on),
    )
    audit_record(actor=actor, action="loan.register", obj=application, new=snapshot(application))
    return application


def _guarantor(application: Application, item: GuarantorItem) -> Guarantor:
    from abadi.core.validators import normalize_national_code, validate_national_code

    try:
        code = normalize_national_code(item.national_code)
        validate_national_code(code)
    except ValidationError as error:
        raise ValidationError({"national_code": error.messages}) from error
    guarantor = Guarantor(
        application=application,
        name=item.name.strip(),
        national_code=code,
        relation=item.relation.strip(),
    )
    guarantor.full_clean(exclude=LOCKED_REFERENCES)
    guarantor.save()
    return guarantor


@transaction.atomic
def application_update(*, actor, application: Application, **fields: Any) -> Application:
    """Correct the plan while it is still before committee approval."""
    editable = {
        "title",
        "sector",
        "activity",
        "own_contribution",
        "requested_amount",
        "planned_jobs",
        "branch",
    }
    application = _lock(application)
    _require(actor, REGISTER_LOANS, application.area)
    _expect(application, Status.REGISTERED, Status.REVIEWED, action=_("ویرایش کرد"))
    before = snapshot(application)
    for name, value in fields.items():
        if name not in editable:
            raise ValueError(f"not an editable field: {name}")
        setattr(application, name, value)
    _positive(application.requested_amount, "requested_amount", _("مبلغ درخواستی"))
    if application.branch is not None and application.branch.organisation_id != application.bank_id:
        raise ValidationError({"branch": _("این شعبه از بانک انتخاب‌شده نیست.")})
    application.full_clean()
    application.save()
    old, new = changed(before, snapshot(application))
    if new:
        audit_record(actor=actor, action="loan.update", obj=application, old=old, new=new)
    return application


@transaction.atomic
def cost_line_add(
    *, actor, application: Application, kind: str, title: str, amount: int
) -> CostLine:
    application = _lock(application)
    _require(actor, REGISTER_LOANS, application.area)
    _expect(application, Status.REGISTERED, Status.REVIEWED, action=_("ویرایش کرد"))
    _positive(amount, "amount", _("مبلغ ردیف هزینه"))
    line = CostLine(application=application, kind=kind, title=title.strip(), amount=amount)
    line.full_clean()
    line.save()
    audit_record(actor=actor, action="loan.cost_line", obj=application, new=snapshot(line))
    return line


@transaction.atomic
def guarantor_add(
    *, actor, application: Application, name: str, national_code: str, relation: str = ""
) -> Guarantor:
    application = _lock(application)
    _require(actor, REGISTER_LOANS, application.area)
    _expect(application, *OPEN_STATUSES, action=_("ویرایش کرد"))
    guarantor = _guarantor(application, GuarantorItem(name, national_code, relation))
    audit_record(actor=actor, action="loan.guarantor", obj=application, new=snapshot(guarantor))
    return guarantor


@transaction.atomic
def document_add(*, actor, application: Application, title: str, file) -> Document:
    """Attach a document (PDF, JPG or PNG up to 5 MB; checked by the model's validators)."""
    application = _lock(application)
    _require(actor, REGISTER_LOANS, application.area)
    document = Document(
        application=application, title=title.strip(), file=file, uploaded_by=_user(actor)
    )
    document.full_clean()
    document.save()
    audit_record(actor=actor, action="loan.document", obj=application, new=snapshot(document))
    return document


# Workflow ---------------------------------------------------------------------------


@transaction.atomic
def application_review(
    *, actor, application: Application, note: str = "", on: datetime.date | None = None
) -> Application:
    """County review: the county officer confirms the plan and sends it to committee."""
    application = _lock(application)
    _require(actor, REVIEW_LOANS, application.area)
    _expect(application, Status.REGISTERED, action=_("بررسی کرد"))
    if on is not None:
        _not_future(on, "on", _("تاریخ بررسی"))
        _not_before(on, application.registered_on, "on", _("تاریخ بررسی"), _("تاریخ ثبت طرح"))
    return _move(
        application, to=Status.REVIEWED, actor=actor, note=note, on=on, reviewed_by=_user(actor)
    )


@dataclass(frozen=True)
class QuotaRoom:
    """What is left of a line, and of a county's and a bank's quota on it."""

    line_remaining: int
    county_remaining: int | None
    bank_remaining: int | None


def quota_room(*, credit_line: CreditLine, county: Area, bank: Organisation) -> QuotaRoom:
    """Remaining amounts for a (county, bank) pair; None where the line sets no such quotas."""
    applications = credit_line.applications.all()
    line_remaining = credit_line.total - _committed(applications)
    county_quotas = list(
        credit_line.quotas.filter(kind=QuotaKind.COUNTY).values_list("county_id", "amount")
    )
    bank_quotas = list(
        credit_line.quotas.filter(kind=QuotaKind.BANK).values_list("bank_id", "amount")
    )
    county_remaining = bank_remaining = None
    if county_quotas:
        quota = dict(county_quotas).get(county.pk, 0)
        county_remaining = quota - _committed(applications.filter(area=county))
    if bank_quotas:
        quota = dict(bank_quotas).get(bank.pk, 0)
        bank_remaining = quota - _committed(applications.filter(bank=bank))
    return QuotaRoom(line_remaining, county_remaining, bank_remaining)


@transaction.atomic
def application_approve(
    *,
    actor,
    application: Application,
    amount: int,
    note: str = "",
    on: datetime.date | None = None,
) -> Application:
    """Committee approval of ``amount`` rials, within the line's county and bank quotas.

    Maker-checker: whoever registered or reviewed the plan cannot approve it. The credit
    line and its quota rows are locked first, so concurrent approvals are serialised and
    each one sums the commitments the previous ones made.
    """
    application = _lock(application)
    _require(actor, APPROVE_LOANS, application.area)
    _expect(application, Status.REVIEWED, action=_("تصویب کرد"))
    actor_id = getattr(actor, "pk", None)
    if actor_id is not None and actor_id in (
        application.registered_by_id,
        application.reviewed_by_id,
    ):
        raise ValidationError(
            _("تصویب‌کننده نمی‌تواند همان کسی باشد که طرح را ثبت یا بررسی کرده است.")
        )
    _positive(amount, "amount", _("مبلغ مصوب"))
    on = on or clock.today()
    _not_future(on, "on", _("تاریخ تصویب"))
    _not_before(on, application.registered_on, "on", _("تاریخ تصویب"), _("تاریخ ثبت طرح"))
    if amount > application.requested_amount:
        raise ValidationError({"amount": _("مبلغ مصوب از مبلغ درخواستی بیشتر است.")})
    line = CreditLine.objects.select_for_update().get(pk=application.credit_line_id)
    # Lock the quota rows this approval draws on, in a fixed order (no deadlocks).
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
    return _move(
        application,
        to=Status.APPROVED,
        actor=actor,
        note=note,
        approved_amount=amount,
        approved_by=_user(actor),
        approved_on=on,
        on=on,
    )


@transaction.atomic
def application_introduce(
    *, actor, application: Application, letter_no: str, letter_date: datetime.date, note: str = ""
) -> Application:
    """Introduce the applicant to the bank: the letter's number and date (the PDF is
    generated from these on demand)."""
    application = _lock(application)
    _require(actor, APPROVE_LOANS, application.area)
    _expect(application, Status.APPROVED, action=_("به بانک معرفی کرد"))
    letter_no = (letter_no or "").strip()
    if not letter_no:
        raise ValidationError({"letter_no": _("شماره نامه معرفی را وارد کنید.")})
    _not_future(letter_date, "letter_date", _("تاریخ نامه معرفی"))
    _not_before(
        letter_date, application.approved_on, "letter_date", _("تاریخ نامه معرفی"), _("تاریخ تصویب")
    )
    return _move(
        application,
        to=Status.INTRODUCED,
        actor=actor,
        note=note,
        on=letter_date,
        letter_no=letter_no,
        letter_date=letter_date,
    )


@transaction.atomic
def application_contract(
    *,
    actor,
    application: Application,
    contract_no: str,
    contract_date: datetime.date,
    note: str = "",
) -> Application:
    """Record the bank's contract and generate the repayment schedule from its date."""
    application = _lock(application)
    _require(actor, DISBURSE_LOANS, application.area)
    _expect(application, Status.INTRODUCED, action=_("قرارداد ثبت کرد"))
    contract_no = (contract_no or "").strip()
    if not contract_no:
        raise ValidationError({"contract_no": _("شماره قرارداد را وارد کنید.")})
    _not_future(contract_date, "contract_date", _("تاریخ قرارداد"))
    if application.letter_date and contract_date < application.letter_date:
        raise ValidationError({"contract_date": _("تاریخ قرارداد پیش از تاریخ نامه معرفی است.")})
    application = _move(
        application,
        to=Status.CONTRACTED,
        actor=actor,
        note=note,
        on=contract_date,
        contract_no=contract_no,
        contract_date=contract_date,
    )
    schedule_generate(application=application)
    return application


def schedule_generate(*, application: Application) -> list[Instalment]:
    """(Re)write the instalments of a contracted loan from its line's terms."""
    line = application.credit_line
    assert application.approved_amount is not None and application.contract_date is not None
    rows = build_schedule(
        principal=application.approved_amount,
        annual_rate_bp=line.annual_rate_bp,
        term_months=line.term_months,
        grace_months=line.grace_months,
        grace_mode=line.grace_mode,
        start=application.contract_date,
    )
    application.instalments.all().delete()
    return Instalment.objects.bulk_create(
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


@dataclass
class DisbursementResult:
    disbursement: Disbursement
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
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
    locked while the paid sum is read); each records a loan benefit for the household."""
    from abadi.people.services import benefit_record

    application = _lock(application)
    _require(actor, DISBURSE_LOANS, application.area)
    _expect(
        application,
        Status.CONTRACTED,
        Status.DISBURSED,
        Status.IN_OPERATION,
        action=_("پرداخت کرد"),
    )
    _positive(amount, "amount", _("مبلغ پرداخت"))
    _not_future(date, "date", _("تاریخ پرداخت"))
    assert application.approved_amount is not None
    if application.contract_date and date < application.contract_date:
        raise ValidationError({"date": _("تاریخ پرداخت پیش از تاریخ قرارداد است.")})
    paid = application.disbursements.aggregate(total=Sum("amount"))["total"] or 0
    remaining = application.approved_amount - paid
    if amount > remaining:
        raise ValidationError(
            {
                "amount": _("مبلغ پرداخت از مانده مبلغ مصوب (%(left)s) بیشتر است.")
                % {"left": format_rials(remaining)}
            }
        )
    disbursement = Disbursement(
        application=application,
        date=date,
        amount=amount,
        reference=(reference or "").strip(),
        source_id=source_id or None,
        created_by=_user(actor),
    )
    disbursement.full_clean(exclude=LOCKED_REFERENCES)
    disbursement.save()
    audit_record(
        actor=actor,
        action="loan.disbursement",
        obj=disbursement,
        area=application.area,
        new=snapshot(disbursement),
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
    first = paid == 0
    if application.status == Status.CONTRACTED:
        _move(
            application,
            to=Status.DISBURSED,
            actor=actor,
            on=date,
            note=_("پرداخت %(amount)s") % {"amount": format_rials(amount)},
        )
    # Later tranches of the same loan would only warn about this loan itself.
    return DisbursementResult(disbursement, list(result.warnings) if first else [])


@transaction.atomic
def application_start_operation(
    *, actor, application: Application, note: str = "", on: datetime.date | None = None
) -> Application:
    application = _lock(application)
    _require(actor, VISIT_LOANS, application.area)
    _expect(application, Status.DISBURSED, action=_("در حال بهره‌برداری اعلام کرد"))
    return _move(application, to=Status.IN_OPERATION, actor=actor, note=note, on=on)


def _open_step_perms(application: Application) -> tuple[str, ...]:
    if application.status in (Status.REGISTERED, Status.REVIEWED):
        return (REVIEW_LOANS, APPROVE_LOANS)
    return (APPROVE_LOANS,)


@transaction.atomic
def application_reject(*, actor, application: Application, reason: str) -> Application:
    """Refuse the plan with a reason. After committee approval only the committee may."""
    application = _lock(application)
    _require_any(actor, _open_step_perms(application), application.area)
    _expect(application, *OPEN_STATUSES, action=_("رد کرد"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("دلیل رد طرح را بنویسید.")})
    return _move(application, to=Status.REJECTED, actor=actor, note=reason, rejection_reason=reason)


@transaction.atomic
def application_withdraw(*, actor, application: Application, reason: str) -> Application:
    """The applicant withdraws; an approved amount goes back to the quota."""
    application = _lock(application)
    _require(actor, REGISTER_LOANS, application.area)
    _expect(application, *OPEN_STATUSES, action=_("از جریان خارج کرد"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("دلیل انصراف را بنویسید.")})
    return _move(
        application, to=Status.WITHDRAWN, actor=actor, note=reason, rejection_reason=reason
    )


# Repayments -------------------------------------------------------------------------


REPAYABLE_STATUSES = (Status.DISBURSED, Status.IN_OPERATION)


def loan_lookup(*, actor, key: str, perm: str = DISBURSE_LOANS) -> Application:
    """The loan a bank file names: by plan number, or by the applicant's national code
    (which must then name exactly one loan being repaid)."""
    from abadi.core.persian import to_latin_digits
    from abadi.core.scoping import scope

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


@transaction.atomic
def repayment_add(
    *,
    actor,
    loan: Application | str,
    amount: int,
    date: datetime.date,
    reference: str = "",
    source_id: str | None = None,
) -> Repayment:
    """Record money paid back; allocate it to the instalments; settle a fully repaid loan.

    ``loan`` is the application or the key a bank file carries (plan number or national
    code)."""
    if isinstance(loan, str):
        loan = loan_lookup(actor=actor, key=loan)
    application = _lock(loan)
    _require(actor, DISBURSE_LOANS, application.area)
    if application.status not in REPAYABLE_STATUSES:
        raise ValidationError(
            {
                "loan": _("طرح %(number)s وام در حال بازپرداخت نیست (%(status)s).")
                % {"number": application.number, "status": application.get_status_display()}
            }
        )
    _positive(amount, "amount", _("مبلغ بازپرداخت"))
    _not_future(date, "date", _("تاریخ بازپرداخت"))
    first_paid = application.disbursements.order_by("date").values_list("date", flat=True).first()
    if first_paid is not None and date < first_paid:
        raise ValidationError({"date": _("تاریخ بازپرداخت پیش از نخستین پرداخت وام است.")})
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
        created_by=_user(actor),
    )
    repayment.full_clean(exclude=LOCKED_REFERENCES)
    repayment.save()
    parts = allocate_repayments(application=application)
    repayment.principal_part, repayment.interest_part = parts[repayment.pk]
    audit_record(
        actor=actor,
        action="loan.repayment",
        obj=repayment,
        area=application.area,
        new=snapshot(repayment),
    )
    if repaid + amount == due_total:
        _move(application, to=Status.SETTLED, actor=actor, on=date, note=_("بازپرداخت کامل اقساط"))
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


# Job verification -------------------------------------------------------------------


VISITABLE_STATUSES = (Status.DISBURSED, Status.IN_OPERATION, Status.SETTLED)


@transaction.atomic
def visit_add(
    *,
    actor,
    application: Application,
    date: datetime.date,
    direct_jobs: int,
    status: str,
    notes: str = "",
    photos: Iterable[Any] = (),
) -> MonitoringVisit:
    """A monitoring visit. Its jobs count as verified while the business is active; an
    active visit to a freshly disbursed loan marks it as in operation."""
    application = _lock(application)
    _require(actor, VISIT_LOANS, application.area)
    _expect(application, *VISITABLE_STATUSES, action=_("بازدید کرد"))
    _not_future(date, "date", _("تاریخ بازدید"))
    first_paid = application.disbursements.order_by("date").values_list("date", flat=True).first()
    if first_paid is not None and date < first_paid:
        raise ValidationError({"date": _("تاریخ بازدید پیش از پرداخت وام است.")})
    if not isinstance(direct_jobs, int) or direct_jobs < 0:
        raise ValidationError({"direct_jobs": _("تعداد اشتغال مشاهده‌شده نمی‌تواند منفی باشد.")})
    if status not in VisitStatus.values:
        raise ValidationError({"status": _("وضعیت بازدید نامعتبر است.")})
    visit = MonitoringVisit(
        application=application,
        date=date,
        inspector=_user(actor),
        direct_jobs=direct_jobs,
        status=status,
        notes=(notes or "").strip(),
    )
    visit.full_clean(exclude=LOCKED_REFERENCES)
    visit.save()
    for upload in photos:
        photo = VisitPhoto(visit=visit, file=upload)
        photo.full_clean()
        photo.save()
    audit_record(
        actor=actor, action="loan.visit", obj=visit, area=application.area, new=snapshot(visit)
    )
    if application.status == Status.DISBURSED and status == VisitStatus.ACTIVE:
        _move(
            application,
            to=Status.IN_OPERATION,
            actor=actor,
            on=date,
            note=_("بازدید %(date)s: کسب‌وکار فعال") % {"date": format_jalali(date)},
        )
    return visit
