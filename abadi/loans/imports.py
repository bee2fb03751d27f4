"""Import kinds of the loans module: plans, tranches the banks paid and the banks' repayment
files ("loan_applications", "loan_disbursements", "loan_repayments").

Every row is checked before anything is written (unknown loan, amount ≤ 0, a date in the
future, more than the loan still owes or may still receive — counting the rows above it
in the same file); the framework writes nothing when any row is broken. Rows are then
written through the same services as the pages, so each is audited, allocated to the
instalments and recorded in the benefit ledger. A row whose bank reference was already
imported for the same loan is left unchanged, so a file can be imported twice safely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Min, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core.imports import (
    Column,
    ImportKind,
    ImportOutcome,
    parsers,
    refused_as_row_error,
    register_import,
)
from abadi.core.persian import ltr_run, search_key, to_latin_digits
from abadi.core.scoping import scope
from abadi.loans import services
from abadi.loans.models import Application, CreditLine, Disbursement, Repayment, Sector, Status
from abadi.loans.permissions import DISBURSE_LOANS, REGISTER_LOANS, VIEW_LOANS
from abadi.loans.selectors import credit_line_list
from abadi.loans.services.repayments import REPAYABLE_STATUSES
from abadi.loans.workflow import WORKFLOW
from abadi.organisations.selectors import agent_banks
from abadi.people.selectors import persons_by_national_code

LOAN_COLUMN = Column(
    "loan",
    gettext_lazy("شماره طرح یا کد ملی"),
    aliases=(
        "loan",
        "application",
        "شماره طرح",
        "شماره وام",
        "کد ملی",
        "national code",
        "loan number",
    ),
    parse=parsers.code(20),
    example="1401-000042",
    help=gettext_lazy(
        "شماره طرح در سامانه، یا کد ملی وام‌گیرنده اگر تنها یک وام در حال بازپرداخت دارد"
    ),
)
DATE_COLUMN = Column(
    "date",
    gettext_lazy("تاریخ"),
    aliases=("date", "تاریخ پرداخت", "تاریخ واریز"),
    parse=parsers.jalali_date(not_future=True),
    example="1401/02/18",
)
AMOUNT_COLUMN = Column(
    "amount",
    gettext_lazy("مبلغ (ریال)"),
    aliases=("amount", "مبلغ", "مبلغ ریال"),
    parse=parsers.amount(),
    example="29523985",
)
REFERENCE_COLUMN = Column(
    "reference",
    gettext_lazy("شماره پیگیری"),
    aliases=("reference", "ref", "شماره سند", "سند", "کد پیگیری"),
    required=False,
    parse=parsers.code(64),
    example="BK-140102181234",
    help=gettext_lazy("شماره سند بانک؛ با آن ورود دوباره همان پرونده چیزی را دو بار ثبت نمی‌کند"),
)


@dataclass
class LoanContext:
    actor: Any
    by_number: dict[str, Application] = field(default_factory=dict)
    by_code: dict[str, list[Application]] = field(default_factory=dict)
    room: dict[int, int] = field(default_factory=dict)  # what each loan can still take
    first_paid: dict[int, Any] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)  # source ids already imported


def _keys(rows: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
    numbers, codes = set(), set()
    for row in rows:
        key = to_latin_digits(row.get("loan") or "")
        if key.isdigit() and len(key) in (8, 9, 10):
            codes.add(key.zfill(10))
        else:
            numbers.add(key)
    return numbers, codes


def _load(actor, rows, *, statuses, perm: str = DISBURSE_LOANS) -> LoanContext:
    numbers, codes = _keys(rows)
    loans = scope(Application.objects.all(), actor=actor, perm=perm).select_related("area")
    context = LoanContext(actor=actor)
    for loan in loans.filter(number__in=numbers):
        context.by_number[loan.number or ""] = loan
    matching = loans.filter(applicant__national_code__in=codes, status__in=statuses)
    for loan in matching.select_related("applicant"):
        context.by_code.setdefault(loan.applicant.national_code or "", []).append(loan)
    return context


def _resolve(context: LoanContext, key: str) -> Application:
    text = to_latin_digits(key)
    loan = context.by_number.get(text)
    if loan is None and text.isdigit():
        found = context.by_code.get(text.zfill(10), [])
        if len(found) > 1:
            raise ValidationError(
                {"loan": _("این کد ملی بیش از یک وام دارد؛ شماره طرح را بنویسید.")}
            )
        loan = found[0] if found else None
    if loan is None:
        raise ValidationError(
            {"loan": _("وامی با شماره یا کد ملی «%(key)s» پیدا نشد.") % {"key": key}}
        )
    return loan


def _source_id(loan: Application, reference: str | None) -> str | None:
    return f"{loan.number}:{reference}" if reference else None


class RepaymentImport(ImportKind):
    name = "loan_repayments"
    label = gettext_lazy("بازپرداخت اقساط تسهیلات (پرونده بانک)")
    perm = DISBURSE_LOANS
    columns = [LOAN_COLUMN, DATE_COLUMN, AMOUNT_COLUMN, REFERENCE_COLUMN]

    def prepare(self, *, actor, rows):
        context = _load(actor, rows, statuses=REPAYABLE_STATUSES)
        ids = [loan.pk for loan in context.by_number.values()] + [
            loan.pk for loans in context.by_code.values() for loan in loans
        ]
        owed = dict(
            Application.objects.filter(pk__in=ids)
            .annotate(due=Sum("instalments__total"))
            .values_list("pk", "due")
        )
        repaid = dict(
            Repayment.objects.filter(application_id__in=ids)
            .values_list("application_id")
            .annotate(total=Sum("amount"))
        )
        context.room = {pk: (due or 0) - repaid.get(pk, 0) for pk, due in owed.items()}
        context.first_paid = dict(
            Disbursement.objects.filter(application_id__in=ids)
            .values_list("application_id")
            .annotate(first=Min("date"))
        )
        context.known = set(
            Repayment.objects.filter(application_id__in=ids, source_id__isnull=False).values_list(
                "source_id", flat=True
            )
        )
        return context

    def validate_row(self, row, *, context: LoanContext):
        loan = _resolve(context, row["loan"])
        row = {**row, "_loan": loan, "_source": _source_id(loan, row.get("reference"))}
        if row["_source"] in context.known:
            return row  # imported before: left unchanged
        if loan.status not in REPAYABLE_STATUSES:
            raise ValidationError(
                {
                    "loan": _("طرح %(number)s وام در حال بازپرداخت نیست (%(status)s).")
                    % {"number": ltr_run(loan.number), "status": loan.get_status_display()}
                }
            )
        first = context.first_paid.get(loan.pk)
        if first is not None and row["date"] < first:
            raise ValidationError({"date": _("تاریخ بازپرداخت پیش از نخستین پرداخت وام است.")})
        room = context.room.get(loan.pk, 0)
        if row["amount"] > room:
            raise ValidationError({"amount": _("مبلغ از مانده بدهی این وام بیشتر است.")})
        context.room[loan.pk] = room - row["amount"]
        return row

    def external_key(self, row):
        return row.get("_source")

    def commit(self, rows, *, actor, context: LoanContext) -> ImportOutcome:
        created = unchanged = 0
        for row in sorted(rows, key=lambda row: row["date"]):
            if row["_source"] in context.known:
                unchanged += 1
                continue
            services.repayment_add(
                actor=actor,
                application=row["_loan"],
                amount=row["amount"],
                date=row["date"],
                reference=row.get("reference") or "",
                source_id=row["_source"],
            )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


DISBURSABLE = (Status.CONTRACTED, Status.DISBURSED, Status.IN_OPERATION)


class DisbursementImport(ImportKind):
    name = "loan_disbursements"
    label = gettext_lazy("پرداخت تسهیلات توسط بانک عامل")
    perm = DISBURSE_LOANS
    columns = [LOAN_COLUMN, DATE_COLUMN, AMOUNT_COLUMN, REFERENCE_COLUMN]

    def prepare(self, *, actor, rows):
        context = _load(actor, rows, statuses=DISBURSABLE)
        loans = list(context.by_number.values()) + [
            loan for found in context.by_code.values() for loan in found
        ]
        paid = dict(
            Disbursement.objects.filter(application__in=loans)
            .values_list("application_id")
            .annotate(total=Sum("amount"))
        )
        context.room = {
            loan.pk: (loan.approved_amount or 0) - paid.get(loan.pk, 0) for loan in loans
        }
        context.known = set(
            Disbursement.objects.filter(application__in=loans, source_id__isnull=False).values_list(
                "source_id", flat=True
            )
        )
        return context

    def validate_row(self, row, *, context: LoanContext):
        loan = _resolve(context, row["loan"])
        row = {**row, "_loan": loan, "_source": _source_id(loan, row.get("reference"))}
        if row["_source"] in context.known:
            return row
        if loan.status not in DISBURSABLE:
            raise ValidationError(
                {
                    "loan": _("برای طرح %(number)s با وضعیت «%(status)s» نمی‌توان پرداخت ثبت کرد.")
                    % {"number": ltr_run(loan.number), "status": loan.get_status_display()}
                }
            )
        if loan.contract_date and row["date"] < loan.contract_date:
            raise ValidationError({"date": _("تاریخ پرداخت پیش از تاریخ قرارداد است.")})
        room = context.room.get(loan.pk, 0)
        if row["amount"] > room:
            raise ValidationError({"amount": _("مبلغ از مانده مبلغ مصوب این طرح بیشتر است.")})
        context.room[loan.pk] = room - row["amount"]
        return row

    def external_key(self, row):
        return row.get("_source")

    def commit(self, rows, *, actor, context: LoanContext) -> ImportOutcome:
        created = unchanged = 0
        for row in sorted(rows, key=lambda row: row["date"]):
            if row["_source"] in context.known:
                unchanged += 1
                continue
            services.disbursement_add(
                actor=actor,
                application=row["_loan"],
                amount=row["amount"],
                date=row["date"],
                reference=row.get("reference") or "",
                source_id=row["_source"],
            )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


SECTOR_WORDS = {
    **{str(label): value for value, label in Sector.choices},
    **{value: value for value in Sector.values},
}


@dataclass
class ApplicationContext:
    actor: Any
    persons: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, CreditLine] = field(default_factory=dict)
    banks: dict[str, Any] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)


class ApplicationImport(ImportKind):
    name = "loan_applications"
    label = gettext_lazy("طرح‌های اشتغال")
    perm = REGISTER_LOANS
    columns = [
        Column("national_code", gettext_lazy("کد ملی متقاضی"), aliases=("national code", "کد ملی"), parse=parsers.national_code, example="0012345679"),
        Column("credit_line", gettext_lazy("خط اعتباری"), aliases=("credit line",), parse=parsers.text(200), example="اقتصاد مقاومتی ۱۴۰۱"),
        Column("bank", gettext_lazy("بانک عامل"), aliases=("bank", "بانک"), parse=parsers.text(200), example="بانک کشاورزی"),
        Column("title", gettext_lazy("عنوان طرح"), aliases=("title",), parse=parsers.text(200), example="زنبورداری"),
        Column("sector", gettext_lazy("بخش"), aliases=("sector",), parse=parsers.choice(SECTOR_WORDS), example=str(Sector.POULTRY.label), choices=tuple(str(label) for label in Sector.labels)),
        Column("activity", gettext_lazy("فعالیت"), aliases=("activity",), parse=parsers.text(200), example="نگهداری ۴۰ کندو"),
        Column("requested_amount", gettext_lazy("مبلغ درخواستی (ریال)"), aliases=("requested amount", "مبلغ درخواستی"), parse=parsers.amount(), example="500000000"),
        Column("planned_jobs", gettext_lazy("اشتغال پیش‌بینی‌شده"), aliases=("planned jobs", "اشتغال"), parse=parsers.integer(1, 1000), example="2"),
        Column("own_contribution", gettext_lazy("آورده متقاضی (ریال)"), aliases=("own contribution", "آورده"), required=False, parse=parsers.amount(min_value=0), example="100000000"),
        Column("fixed_cost", gettext_lazy("سرمایه ثابت (ریال)"), aliases=("fixed cost",), required=False, parse=parsers.amount(), example="400000000"),
        Column("working_cost", gettext_lazy("سرمایه در گردش (ریال)"), aliases=("working cost",), required=False, parse=parsers.amount(), example="100000000"),
        Column("source_id", gettext_lazy("شناسه منبع"), aliases=("source id",), required=False, parse=parsers.code(64), example="EX-1401-17"),
        Column("registered_on", gettext_lazy("تاریخ ثبت"), aliases=("registered on", "تاریخ"), required=False, parse=parsers.jalali_date(not_future=True), example="1401/02/18", help=gettext_lazy("روزی که طرح ثبت شد؛ خالی: امروز")),
    ]  # fmt: skip

    def prepare(self, *, actor, rows):
        context = ApplicationContext(actor=actor)
        codes = {row["national_code"] for row in rows if row.get("national_code")}
        context.persons = persons_by_national_code(actor=actor, codes=codes, perm=REGISTER_LOANS)
        for line in credit_line_list(actor=actor).filter(active=True):
            context.lines[search_key(line.title)] = line
            context.lines[str(line.pk)] = line
        for bank in agent_banks(actor=actor, perm=REGISTER_LOANS):
            context.banks[search_key(bank.name)] = bank
        sources = {row["source_id"] for row in rows if row.get("source_id")}
        context.known = set(
            Application.objects.filter(source_id__in=sources).values_list("source_id", flat=True)
        )
        return context

    def validate_row(self, row, *, context: ApplicationContext):
        if row.get("source_id") in context.known:
            return row
        errors = {}
        person = context.persons.get(row["national_code"])
        if person is None:
            errors["national_code"] = _("فردی با این کد ملی در حوزه شما ثبت نشده است.")
        line = context.lines.get(search_key(row["credit_line"])) or context.lines.get(
            row["credit_line"]
        )
        if line is None:
            errors["credit_line"] = _("خط اعتباری «%(name)s» پیدا نشد.") % {
                "name": row["credit_line"]
            }
        bank = context.banks.get(search_key(row["bank"]))
        if bank is None:
            errors["bank"] = _("بانک عاملی به نام «%(name)s» پیدا نشد.") % {"name": row["bank"]}
        if errors:
            raise ValidationError(errors)
        return {**row, "_person": person, "_line": line, "_bank": bank}

    def external_key(self, row):
        return row.get("source_id") or None

    def commit(self, rows, *, actor, context: ApplicationContext) -> ImportOutcome:
        created = unchanged = 0
        for row in rows:
            if row.get("source_id") in context.known:
                unchanged += 1
                continue
            costs = [
                services.CostItem(kind, title, row[key])
                for kind, title, key in (
                    ("fixed", _("سرمایه ثابت"), "fixed_cost"),
                    ("working", _("سرمایه در گردش"), "working_cost"),
                )
                if row.get(key)
            ]
            services.application_register(
                actor=actor,
                applicant=row["_person"],
                credit_line=row["_line"],
                bank=row["_bank"],
                place=row["_person"].area,
                title=row["title"],
                sector=row["sector"],
                activity=row["activity"],
                requested_amount=row["requested_amount"],
                planned_jobs=row["planned_jobs"],
                own_contribution=row.get("own_contribution") or 0,
                cost_lines=costs,
                source_id=row.get("source_id"),
                on=row.get("registered_on"),
            )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


# Workflow steps of earlier years -----------------------------------------------------------

# The steps a file may record, by their code or their Persian label.
IMPORTABLE_STEPS = ("review", "approve", "introduce", "contract", "operate", "reject", "withdraw")
STEP_WORDS = {
    **{step: step for step in IMPORTABLE_STEPS},
    **{str(WORKFLOW.step(step).label): step for step in IMPORTABLE_STEPS},
}


def _step_arguments(row: dict[str, Any]) -> dict[str, Any]:
    """The service's keyword arguments for one row: its date in the step's own field."""
    step = WORKFLOW.step(row["step"])
    note = row.get("note") or ""
    number = row.get("number") or ""
    arguments: dict[str, Any] = {step.dated_by: row["date"]}
    if step.action == "approve":
        arguments.update(amount=row.get("amount"), minutes_no=number, note=note)
    elif step.action == "introduce":
        arguments.update(letter_no=number, note=note)
    elif step.action == "contract":
        arguments.update(contract_no=number, note=note)
    elif step.action in ("reject", "withdraw"):
        arguments.update(reason=note)
    else:
        arguments.update(note=note)
    return arguments


class StepImport(ImportKind):
    """Steps that happened before the office used the system (or were entered late): each
    row is one step of one plan, with the day it took effect; a file is applied in date
    order, through the same services and checks as the record page."""

    name = "loan_steps"
    label = gettext_lazy("گام‌های گردش کار طرح‌ها (سوابق)")
    perm = VIEW_LOANS
    columns = [
        LOAN_COLUMN,
        Column("step", gettext_lazy("گام"), aliases=("step", "action", "اقدام"), parse=parsers.choice(STEP_WORDS), example=str(WORKFLOW.step("approve").label), choices=tuple(str(WORKFLOW.step(step).label) for step in IMPORTABLE_STEPS)),
        Column("date", gettext_lazy("تاریخ"), aliases=("date", "on", "تاریخ اثر"), parse=parsers.jalali_date(not_future=True), example="1401/02/18"),
        Column("amount", gettext_lazy("مبلغ مصوب (ریال)"), aliases=("amount", "مبلغ"), required=False, parse=parsers.amount(), example="500000000", help=gettext_lazy("برای تصویب")),
        Column("number", gettext_lazy("شماره صورتجلسه، نامه یا قرارداد"), aliases=("number", "شماره"), required=False, parse=parsers.code(50), example="ک/۱۲۳"),
        Column("note", gettext_lazy("توضیح یا دلیل"), aliases=("note", "reason", "دلیل"), required=False, parse=parsers.text(2000), example=""),
    ]  # fmt: skip

    def prepare(self, *, actor, rows):
        return _load(actor, rows, statuses=tuple(Status.values), perm=VIEW_LOANS)

    def validate_row(self, row, *, context: LoanContext):
        loan = _resolve(context, row["loan"])
        if row["step"] == "approve" and not row.get("amount"):
            raise ValidationError({"amount": _("برای تصویب، مبلغ مصوب را بنویسید.")})
        if row["step"] in ("reject", "withdraw") and not row.get("note"):
            raise ValidationError({"note": _("دلیل را بنویسید.")})
        if row["step"] in ("approve", "introduce", "contract") and not row.get("number"):
            raise ValidationError({"number": _("شماره صورتجلسه، نامه یا قرارداد را بنویسید.")})
        return {**row, "_loan": loan}

    def commit(self, rows, *, actor, context: LoanContext) -> ImportOutcome:
        for row in sorted(rows, key=lambda row: row["date"]):
            step = WORKFLOW.step(row["step"])
            with refused_as_row_error(row):
                step.service_function(actor=actor, application=row["_loan"], **_step_arguments(row))
        return ImportOutcome(created=len(rows))


register_import(StepImport())
register_import(RepaymentImport())
register_import(DisbursementImport())
register_import(ApplicationImport())
