"""What the loans API reads and writes (``abadi.loans.api``): ninja schemas that resolve
their fields from the records, Jalali dates, integer rials, Statistical Centre codes."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from abadi.core.api_kit import Id, In, JalaliDate, Year, jalali
from abadi.core.workflow import Step
from abadi.loans.models import (
    Application,
    CostKind,
    CreditLine,
    GraceMode,
    Sector,
    Status,
    VisitStatus,
)
from abadi.loans.workflow import WORKFLOW

Action = str  # one of the workflow's actions (see /loans/workflow)


# Credit lines ---------------------------------------------------------------------------


class QuotaOut(Schema):
    kind: str = Field(description="county or bank")
    key: str = Field(description="county code or bank id")
    label: str
    quota: int
    approved: int
    introduced: int
    disbursed: int
    remaining: int


class CreditLineOut(Schema):
    id: int
    year: int
    title: str
    source: str
    area: str = Field(description="code of the responsible office's area")
    total: int
    annual_rate_bp: int = Field(description="hundredths of a percent: 400 = 4.00 %")
    term_months: int
    grace_months: int
    grace_mode: GraceMode
    active: bool
    committed: int | None = Field(
        description="approved amounts of plans approved and beyond; null where the caller "
        "sees only their county's share of a line (see the county rows)"
    )
    banks: list[int]

    @staticmethod
    def resolve_area(line: CreditLine) -> str:
        return line.area.code

    @staticmethod
    def resolve_banks(line: CreditLine) -> list[int]:
        return sorted(bank.pk for bank in line.banks.all())

    @staticmethod
    def resolve_committed(line: CreditLine) -> int | None:
        return getattr(line, "committed", None)


class CreditLineDetailOut(CreditLineOut):
    approved: int | None
    introduced: int | None
    disbursed: int | None
    counties: list[QuotaOut]
    bank_quotas: list[QuotaOut]


class CreditLineIn(In):
    area: str = Field(description="code or name of the responsible office's area")
    year: Year
    title: str = Field(min_length=1, max_length=200)
    source: str = Field("", max_length=200)
    total: int = Field(gt=0, le=10**16, description="rials")
    annual_rate_bp: int = Field(ge=0, le=10_000)
    term_months: int = Field(ge=1, le=240)
    grace_months: int = Field(0, ge=0, le=60)
    grace_mode: GraceMode = GraceMode.INTEREST_ONLY
    banks: list[Id] = Field(default_factory=list, max_length=50, description="ids of agent banks")


class CreditLinePatch(In):
    title: str | None = Field(None, min_length=1, max_length=200)
    source: str | None = Field(None, max_length=200)
    total: int | None = Field(None, gt=0, le=10**16)
    annual_rate_bp: int | None = Field(None, ge=0, le=10_000)
    term_months: int | None = Field(None, ge=1, le=240)
    grace_months: int | None = Field(None, ge=0, le=60)
    grace_mode: GraceMode | None = None
    active: bool | None = None
    banks: list[Id] | None = Field(None, max_length=50)


class QuotaIn(In):
    county: str | None = Field(None, description="county code or name (or give bank_id)")
    bank_id: Id | None = None
    amount: int = Field(gt=0, le=10**16)


# Applications ---------------------------------------------------------------------------


class LoanStatusChangeOut(Schema):
    action: str
    label: str
    from_status: Status | None
    to_status: Status
    actor: str | None
    on: str | None = Field(description="Jalali date the step took effect")
    at: datetime.datetime = Field(description="when it was entered")
    note: str

    @staticmethod
    def resolve_label(change) -> str:
        return WORKFLOW.label_of(change.action)

    @staticmethod
    def resolve_from_status(change) -> str | None:
        return change.from_status or None

    @staticmethod
    def resolve_actor(change) -> str | None:
        return change.actor.username if change.actor_id else None

    @staticmethod
    def resolve_on(change) -> str | None:
        return jalali(change.on)


class ApplicationOut(Schema):
    id: int
    number: str | None
    applicant_id: int
    applicant_name: str
    national_code: str | None
    household_id: int | None
    area: str = Field(description="responsible county code")
    place: str = Field(description="village code")
    title: str
    sector: Sector
    activity: str
    own_contribution: int
    requested_amount: int
    planned_jobs: int
    credit_line_id: int
    bank_id: int
    branch_id: int | None
    status: Status
    status_label: str
    approved_amount: int | None
    registered_on: str | None = Field(description="Jalali date")
    approved_on: str | None = Field(description="Jalali date of the committee's meeting")
    minutes_no: str
    letter_no: str
    letter_date: str | None
    contract_no: str
    contract_date: str | None
    disbursed: int
    rejection_reason: str

    @staticmethod
    def resolve_applicant_name(app: Application) -> str:
        return app.applicant.full_name

    @staticmethod
    def resolve_national_code(app: Application) -> str | None:
        return app.applicant.national_code

    @staticmethod
    def resolve_area(app: Application) -> str:
        return app.area.code

    @staticmethod
    def resolve_place(app: Application) -> str:
        return app.place.code

    @staticmethod
    def resolve_status_label(app: Application) -> str:
        return str(app.get_status_display())

    @staticmethod
    def resolve_registered_on(app: Application) -> str | None:
        return jalali(app.registered_on)

    @staticmethod
    def resolve_approved_on(app: Application) -> str | None:
        return jalali(app.approved_on)

    @staticmethod
    def resolve_letter_date(app: Application) -> str | None:
        return jalali(app.letter_date)

    @staticmethod
    def resolve_contract_date(app: Application) -> str | None:
        return jalali(app.contract_date)

    @staticmethod
    def resolve_disbursed(app: Application) -> int:
        return getattr(app, "disbursed", 0) or 0


class ApplicationDetailOut(ApplicationOut):
    timeline: list[LoanStatusChangeOut]
    next_actions: list[str] = Field(description="workflow steps the caller may take now")
    warnings: list[str]
    verified_jobs: int


class CostIn(In):
    kind: CostKind
    title: str = Field(max_length=200)
    amount: int = Field(gt=0, le=10**16)


class GuarantorIn(In):
    name: str = Field(min_length=1, max_length=200)
    national_code: str
    relation: str = Field("", max_length=100)


class ApplicationIn(In):
    national_code: str = Field(
        max_length=20, description="applicant's national code (registered in people)"
    )
    credit_line_id: Id
    bank_id: Id
    branch_id: Id | None = None
    title: str = Field(min_length=1, max_length=200)
    sector: Sector
    activity: str = Field(min_length=1, max_length=200)
    requested_amount: int = Field(gt=0, le=10**16)
    planned_jobs: int = Field(ge=1, le=1000)
    own_contribution: int = Field(0, ge=0, le=10**16)
    cost_lines: list[CostIn] = Field(default_factory=list, max_length=50)
    guarantors: list[GuarantorIn] = Field(default_factory=list, max_length=10)
    source_id: str | None = Field(None, max_length=64)
    on: JalaliDate | None = Field(None, description="the day it was registered; default today")


class ApplicationPatch(In):
    title: str | None = Field(None, min_length=1, max_length=200)
    sector: Sector | None = None
    activity: str | None = Field(None, min_length=1, max_length=200)
    own_contribution: int | None = Field(None, ge=0, le=10**16)
    requested_amount: int | None = Field(None, gt=0, le=10**16)
    planned_jobs: int | None = Field(None, ge=1, le=1000)


class LoanStepIn(In):
    on: JalaliDate | None = Field(None, description="the day the step took effect; default today")
    note: str = Field("", max_length=2000)


class ApproveIn(In):
    on: JalaliDate = Field(description="the committee's meeting date")
    minutes_no: str = Field(min_length=1, max_length=50)
    amount: int = Field(gt=0, le=10**16, description="approved rials, at most the request")
    note: str = Field("", max_length=2000)


class IntroduceIn(In):
    letter_no: str = Field(min_length=1, max_length=50)
    letter_date: JalaliDate
    note: str = Field("", max_length=2000)


class ContractIn(In):
    contract_no: str = Field(min_length=1, max_length=50)
    contract_date: JalaliDate
    note: str = Field("", max_length=2000)


class LoanReasonIn(In):
    on: JalaliDate | None = None
    reason: str = Field(min_length=1, max_length=2000)


class MoneyIn(In):
    amount: int = Field(gt=0, le=10**16)
    date: JalaliDate
    reference: str = Field("", max_length=64)


class RepaymentIn(MoneyIn):
    loan: str = Field(description="plan number (1401-000042) or the borrower's national code")


class VisitIn(In):
    date: JalaliDate
    direct_jobs: int = Field(ge=0, le=1000)
    status: VisitStatus
    notes: str = Field("", max_length=2000)


class MoneyOut(Schema):
    id: int
    application_id: int
    date: str
    amount: int
    reference: str

    @staticmethod
    def resolve_date(row: Any) -> str | None:
        return jalali(row.date)


class RepaymentOut(MoneyOut):
    principal_part: int
    interest_part: int


class InstalmentOut(Schema):
    number: int
    due_date: str
    principal: int
    interest: int
    total: int
    principal_paid: int
    interest_paid: int
    paid_date: str | None

    @staticmethod
    def resolve_due_date(row: Any) -> str | None:
        return jalali(row.due_date)

    @staticmethod
    def resolve_paid_date(row: Any) -> str | None:
        return jalali(row.paid_date)


class ScheduleOut(Schema):
    instalments: list[InstalmentOut]
    overdue_amount: int
    days_past_due: int
    outstanding_principal: int
    as_of: str


class VisitOut(Schema):
    id: int
    application_id: int
    date: str
    inspector: str | None
    direct_jobs: int
    status: VisitStatus
    notes: str
    photos: list[str] = Field(description="download links of the visit's photos")

    @staticmethod
    def resolve_date(visit: Any) -> str | None:
        return jalali(visit.date)

    @staticmethod
    def resolve_inspector(visit: Any) -> str | None:
        return visit.inspector.username if visit.inspector_id else None

    @staticmethod
    def resolve_photos(visit: Any) -> list[str]:
        from abadi.core.templatetags.abadi import file_url

        return [file_url(photo) for photo in visit.photos.all()]


class DocumentOut(Schema):
    id: int
    title: str
    content_type: str
    size: int
    original_name: str
    url: str = Field(description="download link (the caller's session or bearer token)")
    uploaded_at: datetime.datetime

    @staticmethod
    def resolve_url(document: Any) -> str:
        from django.urls import reverse

        return reverse("api:loans_document_file", args=[document.pk])


class ParRowOut(Schema):
    key: str
    label: str
    loans: int
    outstanding: int
    at_risk_30: int
    at_risk_90: int
    par30: float | None = Field(description="percent, two decimals; null with no portfolio")
    par90: float | None


class ParOut(Schema):
    as_of: str
    total: ParRowOut
    rows: list[ParRowOut]


class ApplicationFilters(Schema):
    status: Status | None = None
    credit_line: Id | None = None
    bank: Id | None = None
    sector: Sector | None = None
    county: str = Field("", max_length=20, description="county code")
    q: str = Field("", max_length=100, description="applicant name, national code or plan number")


class LoanWorkflowStepOut(Schema):
    action: str
    label: str
    from_statuses: list[Status]
    to_status: Status | None
    dated_by: str

    @staticmethod
    def resolve_label(step: Step) -> str:
        return str(step.label)

    @staticmethod
    def resolve_from_statuses(step: Step) -> list[str]:
        return list(step.sources)

    @staticmethod
    def resolve_to_status(step: Step) -> str | None:
        return step.target
