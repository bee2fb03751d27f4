"""Loans over HTTP: credit lines, applications and their workflow, tranches, repayments,
visits and portfolio at risk, under ``/api/v1/loans/…``.

Dates travel as Jalali strings ("1401/02/18"; input also takes Persian digits and - or .),
money as integer rials, areas as Statistical Centre codes. An application outside the
caller's areas answers 404 like one that does not exist; a refused step answers 422 with
the Persian reason; a step the caller's role may not take answers 403.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus

from abadi.core import clock
from abadi.core.api_access import api_requires
from abadi.core.jalali import format_jalali, parse_jalali
from abadi.core.scoping import area_in_scope
from abadi.loans import selectors, services
from abadi.loans.models import Application, CreditLine, Sector, Status, VisitStatus
from abadi.loans.permissions import (
    APPROVE_LOANS,
    DISBURSE_LOANS,
    REGISTER_LOANS,
    REVIEW_LOANS,
    VIEW_LOANS,
    VISIT_LOANS,
)
from abadi.organisations.models import Branch, Organisation, OrganisationKind

router = Router(tags=["loans"])

JALALI = "Jalali date YYYY/MM/DD, e.g. 1401/02/18"
MAX_LIMIT = 200


def _jalali(value: datetime.date | None) -> str | None:
    return format_jalali(value, persian_digits=False) if value else None


def _date(value: str, field: str) -> datetime.date:
    try:
        return parse_jalali(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


# Schemas ------------------------------------------------------------------------------


class QuotaOut(Schema):
    kind: str
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
    grace_mode: str
    active: bool
    committed: int = Field(description="approved amounts of plans approved and beyond")
    banks: list[int]


class CreditLineDetailOut(CreditLineOut):
    approved: int
    introduced: int
    disbursed: int
    counties: list[QuotaOut]
    bank_quotas: list[QuotaOut]


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    actor: str | None
    at: datetime.datetime
    note: str


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
    sector: str
    activity: str
    own_contribution: int
    requested_amount: int
    planned_jobs: int
    credit_line_id: int
    bank_id: int
    branch_id: int | None
    status: str
    status_label: str
    approved_amount: int | None
    registered_on: str | None = Field(description=JALALI)
    approved_on: str | None = Field(description=JALALI)
    letter_no: str
    letter_date: str | None = Field(description=JALALI)
    contract_no: str
    contract_date: str | None = Field(description=JALALI)
    disbursed: int
    rejection_reason: str


class ApplicationDetailOut(ApplicationOut):
    timeline: list[StatusChangeOut]
    next_actions: list[str]
    warnings: list[str]
    verified_jobs: int


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    limit: int
    offset: int
    next_offset: int | None


class CostIn(Schema):
    kind: str = Field(description="fixed | working")
    title: str
    amount: int


class GuarantorIn(Schema):
    name: str
    national_code: str
    relation: str = ""


class ApplicationIn(Schema):
    national_code: str = Field(description="applicant's national code (registered in people)")
    credit_line_id: int
    bank_id: int
    branch_id: int | None = None
    title: str
    sector: Sector
    activity: str
    requested_amount: int
    planned_jobs: int
    own_contribution: int = 0
    cost_lines: list[CostIn] = []
    guarantors: list[GuarantorIn] = []
    source_id: str | None = None


class NoteIn(Schema):
    note: str = ""


class ApproveIn(NoteIn):
    amount: int


class IntroduceIn(Schema):
    letter_no: str
    letter_date: str = Field(description=JALALI)


class ContractIn(Schema):
    contract_no: str
    contract_date: str = Field(description=JALALI)


class ReasonIn(Schema):
    reason: str


class MoneyIn(Schema):
    amount: int
    date: str = Field(description=JALALI)
    reference: str = ""


class RepaymentIn(MoneyIn):
    loan: str = Field(description="plan number (1401-000042) or the borrower's national code")


class MoneyOut(Schema):
    id: int
    application_id: int
    date: str
    amount: int
    reference: str


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


class ScheduleOut(Schema):
    instalments: list[InstalmentOut]
    overdue_amount: int
    days_past_due: int
    outstanding_principal: int
    as_of: str


class VisitIn(Schema):
    date: str = Field(description=JALALI)
    direct_jobs: int
    status: VisitStatus
    notes: str = ""


class VisitOut(Schema):
    id: int
    application_id: int
    date: str
    inspector: str | None
    direct_jobs: int
    status: str
    notes: str


class ParRowOut(Schema):
    key: str
    label: str
    loans: int
    outstanding: int
    at_risk_30: int
    at_risk_90: int
    par30: float = Field(description="percent")
    par90: float = Field(description="percent")


class ParOut(Schema):
    as_of: str
    total: ParRowOut
    rows: list[ParRowOut]


class ApplicationFilters(Schema):
    status: Status | None = None
    credit_line: int | None = None
    bank: int | None = None
    sector: Sector | None = None
    county: str = Field("", description="county code")
    q: str = Field("", description="applicant name, national code or plan number")


# Helpers ------------------------------------------------------------------------------


def _line_out(line: CreditLine) -> dict[str, Any]:
    return {
        "id": line.pk,
        "year": line.year,
        "title": line.title,
        "source": line.source,
        "area": line.area.code,
        "total": line.total,
        "annual_rate_bp": line.annual_rate_bp,
        "term_months": line.term_months,
        "grace_months": line.grace_months,
        "grace_mode": line.grace_mode,
        "active": line.active,
        "committed": getattr(line, "committed", 0) or 0,
        "banks": sorted(bank.pk for bank in line.banks.all()),
    }


def _quota_out(kind: str, row: selectors.UsageRow) -> dict[str, Any]:
    return {
        "kind": kind,
        "key": row.key,
        "label": row.label,
        "quota": row.quota,
        "approved": row.approved,
        "introduced": row.introduced,
        "disbursed": row.disbursed,
        "remaining": row.remaining,
    }


def _application_out(application: Application, disbursed: int | None = None) -> dict[str, Any]:
    if disbursed is None:
        disbursed = getattr(application, "disbursed", None)
    if disbursed is None:
        disbursed = application.disbursements.aggregate(total=Sum("amount"))["total"] or 0
    return {
        "id": application.pk,
        "number": application.number,
        "applicant_id": application.applicant_id,
        "applicant_name": application.applicant.full_name,
        "national_code": application.applicant.national_code,
        "household_id": application.household_id,
        "area": application.area.code,
        "place": application.place.code,
        "title": application.title,
        "sector": application.sector,
        "activity": application.activity,
        "own_contribution": application.own_contribution,
        "requested_amount": application.requested_amount,
        "planned_jobs": application.planned_jobs,
        "credit_line_id": application.credit_line_id,
        "bank_id": application.bank_id,
        "branch_id": application.branch_id,
        "status": application.status,
        "status_label": application.get_status_display(),
        "approved_amount": application.approved_amount,
        "registered_on": _jalali(application.registered_on),
        "approved_on": _jalali(application.approved_on),
        "letter_no": application.letter_no,
        "letter_date": _jalali(application.letter_date),
        "contract_no": application.contract_no,
        "contract_date": _jalali(application.contract_date),
        "disbursed": disbursed,
        "rejection_reason": application.rejection_reason,
    }


def _detail_out(request, application: Application) -> dict[str, Any]:
    application = selectors.application_get(actor=request.auth, pk=application.pk)
    latest = application.visits.order_by("-date", "-id").first()
    return {
        **_application_out(application),
        "timeline": [
            {
                "from_status": change.from_status,
                "to_status": change.to_status,
                "actor": change.actor.username if change.actor else None,
                "at": change.at,
                "note": change.note,
            }
            for change in selectors.application_timeline(application=application)
        ],
        "next_actions": selectors.next_actions(actor=request.auth, application=application),
        "warnings": selectors.application_checks(
            applicant=application.applicant,
            household=application.household,
            exclude_pk=application.pk,
        )
        if application.is_open
        else [],
        "verified_jobs": latest.verified_jobs if latest else 0,
    }


def _get(request, pk: int) -> Application:
    return selectors.application_get(actor=request.auth, pk=pk)


def _money_out(row) -> dict[str, Any]:
    out = {
        "id": row.pk,
        "application_id": row.application_id,
        "date": _jalali(row.date),
        "amount": row.amount,
        "reference": row.reference,
    }
    if hasattr(row, "principal_part"):
        out.update(principal_part=row.principal_part, interest_part=row.interest_part)
    return out


def _visit_out(visit) -> dict[str, Any]:
    return {
        "id": visit.pk,
        "application_id": visit.application_id,
        "date": _jalali(visit.date),
        "inspector": visit.inspector.username if visit.inspector else None,
        "direct_jobs": visit.direct_jobs,
        "status": visit.status,
        "notes": visit.notes,
    }


def _par_out(row: selectors.ParRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "loans": row.loans,
        "outstanding": row.outstanding,
        "at_risk_30": row.at_risk_30,
        "at_risk_90": row.at_risk_90,
        "par30": float(row.par30),
        "par90": float(row.par90),
    }


# Credit lines -------------------------------------------------------------------------


@router.get("/loans/credit-lines", response=list[CreditLineOut])
@api_requires(VIEW_LOANS)
def list_credit_lines(request, year: int | None = None):
    """Credit lines of the caller's areas and of the areas above them."""
    lines = selectors.credit_line_list(actor=request.auth, year=year).prefetch_related("banks")
    return [_line_out(line) for line in lines]


@router.get("/loans/credit-lines/{pk}", response=CreditLineDetailOut)
@api_requires(VIEW_LOANS)
def get_credit_line(request, pk: int):
    """A credit line with live utilisation of the line and of each county and bank quota."""
    line = selectors.credit_line_get(actor=request.auth, pk=pk)
    usage = selectors.credit_line_usage(credit_line=line)
    return {
        **_line_out(line),
        "approved": usage.line.approved,
        "introduced": usage.line.introduced,
        "disbursed": usage.line.disbursed,
        "counties": [_quota_out("county", row) for row in usage.counties],
        "bank_quotas": [_quota_out("bank", row) for row in usage.banks],
    }


# Applications -------------------------------------------------------------------------


@router.get("/loans/applications", response=ApplicationPage)
@api_requires(VIEW_LOANS)
def list_applications(
    request, filters: Query[ApplicationFilters], limit: int = 50, offset: int = 0
):
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    applications = selectors.application_list(
        actor=request.auth,
        status=filters.status or "",
        credit_line=filters.credit_line,
        bank=filters.bank,
        sector=filters.sector or "",
        county=filters.county,
        query=filters.q,
    ).order_by("-id")
    rows = list(applications[offset : offset + limit + 1])
    return {
        "items": [_application_out(row) for row in rows[:limit]],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(rows) > limit else None,
    }


@router.get("/loans/applications/{pk}", response=ApplicationDetailOut)
@api_requires(VIEW_LOANS)
def get_application(request, pk: int):
    return _detail_out(request, _get(request, pk))


@router.post("/loans/applications", response={201: ApplicationDetailOut})
@api_requires(REGISTER_LOANS)
def create_application(request, payload: ApplicationIn):
    from abadi.core.validators import normalize_national_code
    from abadi.people.models import Person

    try:
        code = normalize_national_code(payload.national_code)
    except ValidationError as error:
        raise ValidationError({"national_code": error.messages}) from error
    person = Person.objects.filter(national_code=code).select_related("area", "household").first()
    if person is None or not area_in_scope(
        actor=request.auth, perm=REGISTER_LOANS, area=person.area
    ):
        raise ValidationError({"national_code": ["فردی با این کد ملی در حوزه شما ثبت نشده است."]})
    line = selectors.credit_line_list(actor=request.auth).filter(pk=payload.credit_line_id).first()
    if line is None:
        raise ValidationError({"credit_line_id": ["خط اعتباری پیدا نشد."]})
    bank = Organisation.objects.filter(pk=payload.bank_id, kind=OrganisationKind.AGENT_BANK).first()
    if bank is None:
        raise ValidationError({"bank_id": ["بانک عامل پیدا نشد."]})
    branch = None
    if payload.branch_id is not None:
        branch = Branch.objects.filter(pk=payload.branch_id).first()
        if branch is None:
            raise ValidationError({"branch_id": ["شعبه پیدا نشد."]})
    application = services.application_register(
        actor=request.auth,
        applicant=person,
        credit_line=line,
        bank=bank,
        branch=branch,
        place=person.area,
        title=payload.title,
        sector=payload.sector,
        activity=payload.activity,
        requested_amount=payload.requested_amount,
        planned_jobs=payload.planned_jobs,
        own_contribution=payload.own_contribution,
        cost_lines=[services.CostItem(c.kind, c.title, c.amount) for c in payload.cost_lines],
        guarantors=[
            services.GuarantorItem(g.name, g.national_code, g.relation) for g in payload.guarantors
        ],
        source_id=payload.source_id,
    )
    return HttpStatus(201, _detail_out(request, application))


@router.post("/loans/applications/{pk}/review", response=ApplicationDetailOut)
@api_requires(REVIEW_LOANS)
def review_application(request, pk: int, payload: NoteIn):
    application = services.application_review(
        actor=request.auth, application=_get(request, pk), note=payload.note
    )
    return _detail_out(request, application)


@router.post("/loans/applications/{pk}/approve", response=ApplicationDetailOut)
@api_requires(APPROVE_LOANS)
def approve_application(request, pk: int, payload: ApproveIn):
    """Committee approval; refused beyond the county's or bank's remaining quota and for
    whoever registered or reviewed the plan."""
    application = services.application_approve(
        actor=request.auth, application=_get(request, pk), amount=payload.amount, note=payload.note
    )
    return _detail_out(request, application)


@router.post("/loans/applications/{pk}/introduce", response=ApplicationDetailOut)
@api_requires(APPROVE_LOANS)
def introduce_application(request, pk: int, payload: IntroduceIn):
    application = services.application_introduce(
        actor=request.auth,
        application=_get(request, pk),
        letter_no=payload.letter_no,
        letter_date=_date(payload.letter_date, "letter_date"),
    )
    return _detail_out(request, application)


@router.post("/loans/applications/{pk}/contract", response=ApplicationDetailOut)
@api_requires(DISBURSE_LOANS)
def contract_application(request, pk: int, payload: ContractIn):
    application = services.application_contract(
        actor=request.auth,
        application=_get(request, pk),
        contract_no=payload.contract_no,
        contract_date=_date(payload.contract_date, "contract_date"),
    )
    return _detail_out(request, application)


@router.post("/loans/applications/{pk}/operate", response=ApplicationDetailOut)
@api_requires(VISIT_LOANS)
def operate_application(request, pk: int, payload: NoteIn):
    application = services.application_start_operation(
        actor=request.auth, application=_get(request, pk), note=payload.note
    )
    return _detail_out(request, application)


@router.post("/loans/applications/{pk}/reject", response=ApplicationDetailOut)
@api_requires(REVIEW_LOANS)
def reject_application(request, pk: int, payload: ReasonIn):
    application = services.application_reject(
        actor=request.auth, application=_get(request, pk), reason=payload.reason
    )
    return _detail_out(request, application)


@router.post("/loans/applications/{pk}/withdraw", response=ApplicationDetailOut)
@api_requires(REGISTER_LOANS)
def withdraw_application(request, pk: int, payload: ReasonIn):
    application = services.application_withdraw(
        actor=request.auth, application=_get(request, pk), reason=payload.reason
    )
    return _detail_out(request, application)


@router.get("/loans/applications/{pk}/schedule", response=ScheduleOut)
@api_requires(VIEW_LOANS)
def get_schedule(request, pk: int, as_of: str = ""):
    application = _get(request, pk)
    day = _date(as_of, "as_of") if as_of else None
    arrears = selectors.loan_arrears(application=application, as_of=day)
    day = day or clock.today()
    return {
        "instalments": [
            {
                "number": row.number,
                "due_date": _jalali(row.due_date),
                "principal": row.principal,
                "interest": row.interest,
                "total": row.total,
                "principal_paid": row.principal_paid,
                "interest_paid": row.interest_paid,
                "paid_date": _jalali(row.paid_date),
            }
            for row in application.instalments.order_by("number")
        ],
        "overdue_amount": arrears.overdue_amount,
        "days_past_due": arrears.days_past_due,
        "outstanding_principal": arrears.outstanding_principal,
        "as_of": _jalali(day),
    }


# Money and visits ---------------------------------------------------------------------


@router.get("/loans/applications/{pk}/disbursements", response=list[MoneyOut])
@api_requires(VIEW_LOANS)
def list_disbursements(request, pk: int):
    return [_money_out(row) for row in _get(request, pk).disbursements.order_by("date", "id")]


@router.post("/loans/applications/{pk}/disbursements", response={201: MoneyOut})
@api_requires(DISBURSE_LOANS)
def add_disbursement(request, pk: int, payload: MoneyIn):
    """A tranche; refused above the remaining approved amount."""
    result = services.disbursement_add(
        actor=request.auth,
        application=_get(request, pk),
        amount=payload.amount,
        date=_date(payload.date, "date"),
        reference=payload.reference,
    )
    return HttpStatus(201, _money_out(result.disbursement))


@router.get("/loans/applications/{pk}/repayments", response=list[RepaymentOut])
@api_requires(VIEW_LOANS)
def list_repayments(request, pk: int):
    return [_money_out(row) for row in _get(request, pk).repayments.order_by("date", "id")]


@router.post("/loans/repayments", response={201: RepaymentOut})
@api_requires(DISBURSE_LOANS)
def add_repayment(request, payload: RepaymentIn):
    """A repayment for the loan named by plan number or national code; refused for an
    unknown loan, an amount ≤ 0, a date in the future or more than the loan owes."""
    repayment = services.repayment_add(
        actor=request.auth,
        loan=payload.loan,
        amount=payload.amount,
        date=_date(payload.date, "date"),
        reference=payload.reference,
    )
    return HttpStatus(201, _money_out(repayment))


@router.get("/loans/applications/{pk}/visits", response=list[VisitOut])
@api_requires(VIEW_LOANS)
def list_visits(request, pk: int):
    visits = _get(request, pk).visits.select_related("inspector").order_by("-date", "-id")
    return [_visit_out(visit) for visit in visits]


@router.post("/loans/applications/{pk}/visits", response={201: VisitOut})
@api_requires(VISIT_LOANS)
def add_visit(request, pk: int, payload: VisitIn):
    visit = services.visit_add(
        actor=request.auth,
        application=_get(request, pk),
        date=_date(payload.date, "date"),
        direct_jobs=payload.direct_jobs,
        status=payload.status,
        notes=payload.notes,
    )
    return HttpStatus(201, _visit_out(visit))


@router.get("/loans/visits/due", response=list[ApplicationOut])
@api_requires(VIEW_LOANS)
def due_visits(request, days: int | None = None, limit: int = 50, offset: int = 0):
    """Disbursed loans without a visit in the last ``days`` days (default from settings)."""
    limit = max(1, min(limit, MAX_LIMIT))
    loans = selectors.loans_due_visit(actor=request.auth, days=days)[offset : offset + limit]
    return [_application_out(loan) for loan in loans]


@router.get("/loans/par", response=ParOut)
@api_requires(VIEW_LOANS)
def portfolio_at_risk(request, as_of: str = "", by: str = "county"):
    """PAR30/PAR90 of the caller's portfolio, in total and by county, bank or credit line."""
    if by not in selectors.PAR_GROUPS:
        raise ValidationError({"by": ["یکی از county، bank یا credit_line را بنویسید."]})
    day = _date(as_of, "as_of") if as_of else clock.today()
    [total] = selectors.par(actor=request.auth, as_of=day)
    return {
        "as_of": _jalali(day),
        "total": _par_out(total),
        "rows": [_par_out(row) for row in selectors.par(actor=request.auth, as_of=day, by=by)],
    }
