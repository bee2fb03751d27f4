"""Loans over HTTP, under ``/api/v1/loans/…``: credit lines and quotas, applications and
every step of their workflow (one endpoint per step of ``abadi.loans.workflow``), tranches,
repayments, visits, documents, the introduction letter and portfolio at risk.

Dates travel as Jalali strings ("1401/02/18"), money as integer rials, areas as Statistical
Centre codes (or names). An application outside the caller's areas answers 404 like one
that does not exist; a refused step answers 422 with the Persian reason; a step the
caller's role may not take answers 403.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Status, UploadedFile

from abadi.core import clock
from abadi.core.api_access import api_requires
from abadi.core.api_kit import (
    ApiRouter,
    Id,
    JalaliDate,
    Limit,
    Offset,
    Year,
    jalali,
    page_of,
    paged,
)
from abadi.core.files import file_response
from abadi.core.workflow import Step
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import area_from_input
from abadi.loans import schemas, selectors, services
from abadi.loans.models import (
    INTRODUCED_STATUSES,
    OPEN_STATUSES,
    Application,
    CreditLine,
    Document,
    MonitoringVisit,
)
from abadi.loans.permissions import (
    DISBURSE_LOANS,
    MANAGE_CREDIT_LINES,
    REGISTER_LOANS,
    VIEW_LOANS,
    VISIT_LOANS,
)
from abadi.loans.workflow import WORKFLOW
from abadi.organisations.selectors import organisation_by_ids

router = ApiRouter(tags=["loans"])


def _get(request, pk: Id) -> Application:
    return selectors.application_get(actor=request.auth, pk=pk)


def _detail(request, application: Application) -> Application:
    """The application as the detail schema shows it: timeline, next steps, warnings."""
    application = selectors.application_get(actor=request.auth, pk=application.pk)
    application.timeline = list(selectors.application_timeline(application=application))  # type: ignore[attr-defined]
    application.next_actions = [  # type: ignore[attr-defined]
        step.action for step in WORKFLOW.available(actor=request.auth, record=application)
    ]
    application.warnings = (  # type: ignore[attr-defined]
        selectors.application_checks(
            applicant=application.applicant,
            household=application.household,
            exclude_pk=application.pk,
        )
        if application.status in OPEN_STATUSES
        else []
    )
    application.verified_jobs = selectors.verified_jobs_of(application)  # type: ignore[attr-defined]
    return application


# Credit lines -------------------------------------------------------------------------


def _line_detail(request, line: CreditLine) -> CreditLine:
    """The line with the use of each quota the caller may see; its own sums only for those
    who see the whole line (docs/adr/0010-credit-line-visibility.md)."""
    usage = selectors.credit_line_usage(actor=request.auth, credit_line=line)
    whole = usage.whole_line
    if not whole:
        line.committed = None  # type: ignore[attr-defined]
    line.approved = usage.line.approved if whole else None  # type: ignore[attr-defined]
    line.introduced = usage.line.introduced if whole else None  # type: ignore[attr-defined]
    line.disbursed = usage.line.disbursed if whole else None  # type: ignore[attr-defined]
    line.counties = [_quota_out("county", row) for row in usage.counties]  # type: ignore[attr-defined]
    line.bank_quotas = [_quota_out("bank", row) for row in usage.banks]  # type: ignore[attr-defined]
    return line


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


def _banks(actor, ids: list[int]) -> list[Any]:
    found = organisation_by_ids(actor=actor, ids=ids)
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {"banks": [_("بانکی با شناسه %(id)s پیدا نشد.") % {"id": missing[0]}]}
        )
    return [found[pk] for pk in ids]


@router.get("/loans/credit-lines", response=page_of(schemas.CreditLineOut))
@api_requires(VIEW_LOANS)
def list_credit_lines(request, year: Year | None = None, limit: Limit = 50, offset: Offset = 0):
    """Credit lines of the caller's areas and of the areas above them."""
    lines = selectors.credit_line_list(actor=request.auth, year=year).prefetch_related("banks")
    return paged(lines, limit=limit, offset=offset)


@router.get("/loans/credit-lines/{pk}", response=schemas.CreditLineDetailOut)
@api_requires(VIEW_LOANS, record=CreditLine)
def get_credit_line(request, pk: Id):
    """A credit line with live use of each quota the caller may see; the line's own
    totals only for those who see the whole line (a county sees its own share)."""
    return _line_detail(request, selectors.credit_line_get(actor=request.auth, pk=pk))


@router.post("/loans/credit-lines", response={201: schemas.CreditLineDetailOut})
@api_requires(MANAGE_CREDIT_LINES)
def create_credit_line(request, payload: schemas.CreditLineIn):
    data = payload.values()
    area = area_from_input(actor=request.auth, perm=MANAGE_CREDIT_LINES, text=data.pop("area"))
    banks = _banks(request.auth, data.pop("banks"))
    line = services.credit_line_create(actor=request.auth, area=area, banks=banks, **data)
    return Status(
        201, _line_detail(request, selectors.credit_line_get(actor=request.auth, pk=line.pk))
    )


@router.patch("/loans/credit-lines/{pk}", response=schemas.CreditLineDetailOut)
@api_requires(MANAGE_CREDIT_LINES, record=CreditLine)
def update_credit_line(request, pk: Id, payload: schemas.CreditLinePatch):
    line = selectors.credit_line_get(actor=request.auth, pk=pk)
    data = payload.values(exclude_unset=True)
    banks = _banks(request.auth, data.pop("banks")) if data.get("banks") is not None else None
    data.pop("banks", None)
    services.credit_line_update(actor=request.auth, credit_line=line, banks=banks, **data)
    return _line_detail(request, selectors.credit_line_get(actor=request.auth, pk=pk))


@router.put("/loans/credit-lines/{pk}/quotas", response=schemas.CreditLineDetailOut)
@api_requires(MANAGE_CREDIT_LINES, record=CreditLine)
def set_quota(request, pk: Id, payload: schemas.QuotaIn):
    """Set one county's or one bank's quota on the line (give ``county`` or ``bank_id``)."""
    line = selectors.credit_line_get(actor=request.auth, pk=pk)
    county = bank = None
    if payload.county:
        county = area_from_input(
            actor=request.auth,
            perm=MANAGE_CREDIT_LINES,
            text=payload.county,
            levels=(AreaLevel.COUNTY,),
            field="county",
        )
    if payload.bank_id is not None:
        bank = _banks(request.auth, [payload.bank_id])[0]
    services.quota_set(
        actor=request.auth, credit_line=line, amount=payload.amount, county=county, bank=bank
    )
    return _line_detail(request, selectors.credit_line_get(actor=request.auth, pk=pk))


# Applications -------------------------------------------------------------------------


@router.get("/loans/workflow", response=list[schemas.LoanWorkflowStepOut])
@api_requires(VIEW_LOANS)
def workflow(request):
    """The steps of an application's workflow: from which statuses, to which, dated by
    which field. Each offered step has its own ``POST /loans/applications/{pk}/{action}``."""
    return WORKFLOW.steps


@router.get("/loans/applications", response=page_of(schemas.ApplicationOut))
@api_requires(VIEW_LOANS)
def list_applications(
    request, filters: Query[schemas.ApplicationFilters], limit: Limit = 50, offset: Offset = 0
):
    applications = selectors.application_list(
        actor=request.auth,
        status=filters.status or "",
        credit_line=filters.credit_line,
        bank=filters.bank,
        sector=filters.sector or "",
        county=filters.county,
        query=filters.q,
    ).order_by("-id")
    return paged(applications, limit=limit, offset=offset)


@router.get("/loans/applications/{pk}", response=schemas.ApplicationDetailOut)
@api_requires(VIEW_LOANS, record=Application)
def get_application(request, pk: Id):
    return _detail(request, _get(request, pk))


@router.post("/loans/applications", response={201: schemas.ApplicationDetailOut})
@api_requires(REGISTER_LOANS)
def create_application(request, payload: schemas.ApplicationIn):
    """Register a plan for a person of the caller's areas (by national code); it belongs
    to the county of the person's village. ``on``: the day it was registered."""
    actor = request.auth
    person = selectors.applicant_by_national_code(actor=actor, national_code=payload.national_code)
    line = selectors.open_credit_line(actor=actor, pk=payload.credit_line_id)
    bank, branch = selectors.bank_and_branch(
        actor=actor, bank_id=payload.bank_id, branch_id=payload.branch_id
    )
    application = services.application_register(
        actor=actor,
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
        on=payload.on,
    )
    return Status(201, _detail(request, application))


@router.patch("/loans/applications/{pk}", response=schemas.ApplicationDetailOut)
@api_requires(REGISTER_LOANS, record=Application)
def update_application(request, pk: Id, payload: schemas.ApplicationPatch):
    """Correct the plan before the committee decides."""
    application = services.application_update(
        actor=request.auth, application=_get(request, pk), **payload.values(exclude_unset=True)
    )
    return _detail(request, application)


def _step_endpoint(step: Step):
    schema = step.schema_class

    def take_step(request, pk: Id, payload: schema):  # type: ignore[valid-type]
        values = payload.values()  # type: ignore[attr-defined]
        step.service_function(actor=request.auth, application=_get(request, pk), **values)
        return _detail(request, _get(request, pk))

    take_step.__name__ = f"{step.action}_application"
    take_step.__doc__ = (
        f"The workflow step «{step.label}» (from: {', '.join(step.sources)}); "
        f"its date field is ``{step.dated_by}``. Refused with 422 from another status, "
        "for a date in the future or before the step it follows, and for whoever took a "
        "step it must not follow (maker-checker)."
    )
    return take_step


# The step's own permission is checked by its service, in the plan's county (403).
for _step in WORKFLOW.steps:
    if _step.schema:
        router.post(
            f"/loans/applications/{{pk}}/{_step.action}",
            response=schemas.ApplicationDetailOut,
            operation_id=f"loans_{_step.action}_application",
        )(api_requires(VIEW_LOANS, record=Application)(_step_endpoint(_step)))


@router.get("/loans/applications/{pk}/schedule", response=schemas.ScheduleOut)
@api_requires(VIEW_LOANS, record=Application)
def get_schedule(request, pk: Id, as_of: JalaliDate | None = None):
    """The instalments, and what is overdue on ``as_of`` (default today)."""
    application = _get(request, pk)
    day = as_of or clock.today()
    arrears = selectors.loan_arrears(application=application, as_of=day)
    return {
        "instalments": list(application.instalments.order_by("number")),
        "overdue_amount": arrears.overdue_amount,
        "days_past_due": arrears.days_past_due,
        "outstanding_principal": arrears.outstanding_principal,
        "as_of": jalali(day),
    }


@router.get("/loans/applications/{pk}/disbursements", response=list[schemas.MoneyOut])
@api_requires(VIEW_LOANS, record=Application)
def list_disbursements(request, pk: Id):
    return list(_get(request, pk).disbursements.order_by("date", "id"))


@router.get("/loans/applications/{pk}/repayments", response=list[schemas.RepaymentOut])
@api_requires(VIEW_LOANS, record=Application)
def list_repayments(request, pk: Id):
    return list(_get(request, pk).repayments.order_by("date", "id"))


@router.post("/loans/repayments", response={201: schemas.RepaymentOut})
@api_requires(DISBURSE_LOANS)
def add_repayment(request, payload: schemas.RepaymentIn):
    """A repayment for the loan named by plan number or national code, as a bank file
    names it; refused for an unknown loan, an amount ≤ 0, a date in the future or before
    the first tranche, or more than the loan owes."""
    repayment = services.repayment_add(
        actor=request.auth,
        application=payload.loan,
        amount=payload.amount,
        date=payload.date,
        reference=payload.reference,
    )
    return Status(201, repayment)


@router.get("/loans/applications/{pk}/visits", response=list[schemas.VisitOut])
@api_requires(VIEW_LOANS, record=Application)
def list_visits(request, pk: Id):
    visits = _get(request, pk).visits.select_related("inspector").prefetch_related("photos")
    return list(visits.order_by("-date", "-id"))


@router.post("/loans/visits/{pk}/photos", response={201: schemas.VisitOut})
@api_requires(VISIT_LOANS, record=MonitoringVisit)
def add_visit_photo(request, pk: Id, file: File[UploadedFile]):
    """Add a photo (JPG or PNG up to 5 MB) to a visit the caller may record visits for."""
    visit = selectors.visit_get(actor=request.auth, pk=pk)
    services.visit_photo_add(actor=request.auth, visit=visit, file=file)
    return Status(201, selectors.visit_get(actor=request.auth, pk=pk))


@router.get("/loans/applications/{pk}/documents", response=list[schemas.DocumentOut])
@api_requires(VIEW_LOANS, record=Application)
def list_documents(request, pk: Id):
    return list(_get(request, pk).documents.all())


@router.post("/loans/applications/{pk}/documents", response={201: schemas.DocumentOut})
@api_requires(REGISTER_LOANS, record=Application)
def add_document(request, pk: Id, title: Form[str], file: File[UploadedFile]):
    """Attach a document (PDF, JPG or PNG up to 5 MB; multipart form: ``title``, ``file``)."""
    document = services.document_add(
        actor=request.auth, application=_get(request, pk), title=title, file=file
    )
    return Status(201, document)


@router.get(
    "/loans/documents/{pk}/file",
    response={200: None},
    url_name="loans_document_file",
)
@api_requires(VIEW_LOANS, record=Document)
def document_file(request, pk: Id):
    """The document's file, with its stored content type."""
    return file_response(selectors.document_get(actor=request.auth, pk=pk), "file")


@router.get("/loans/applications/{pk}/letter.pdf", response={200: None})
@api_requires(VIEW_LOANS, record=Application)
def introduction_letter(request, pk: Id):
    """The printable introduction letter to the bank (PDF), once the plan was introduced."""
    from abadi.loans.letters import introduction_letter_pdf

    application = _get(request, pk)
    if application.status not in INTRODUCED_STATUSES or not application.letter_no:
        raise Http404
    response = HttpResponse(introduction_letter_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="introduction-{application.number}.pdf"'
    return response


@router.get("/loans/visits/due", response=page_of(schemas.ApplicationOut))
@api_requires(VIEW_LOANS)
def due_visits(
    request,
    days: int | None = Query(None, ge=1, le=3650, description="default from the settings"),
    limit: Limit = 50,
    offset: Offset = 0,
):
    """Disbursed loans without a visit in the last ``days`` days, oldest first."""
    return paged(
        selectors.loans_due_visit(actor=request.auth, days=days), limit=limit, offset=offset
    )


@router.get("/loans/par", response=schemas.ParOut)
@api_requires(VIEW_LOANS)
def portfolio_at_risk(
    request, as_of: JalaliDate | None = None, by: selectors.ParGroup = selectors.ParGroup.COUNTY
):
    """PAR30/PAR90 of the caller's portfolio, in total and by county, bank or credit line."""
    day = as_of or clock.today()
    [total] = selectors.par(actor=request.auth, as_of=day)
    return {
        "as_of": jalali(day),
        "total": total,
        "rows": selectors.par(actor=request.auth, as_of=day, by=by),
    }
