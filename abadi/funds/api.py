"""Donors' money and aid cases over HTTP, under ``/api/v1/funds/…``: donors, donations
(receipts, reversing entries), allocations, pledges, aid cases and every step of their
workflow (one endpoint per step of ``abadi.funds.workflow``).

Dates travel as Jalali strings ("1401/02/18"), amounts as integer rials, offices as
Statistical Centre codes. A record outside the caller's areas answers 404 like one that
does not exist; a refused write answers 422 with the Persian reason; a step the caller's
role may not take answers 403. An anonymous donor's name reaches only the roles that may
read it.
"""

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Query, Schema, Status

from abadi.core import clock
from abadi.core.api_access import api_requires
from abadi.core.api_kit import ApiRouter, Id, Limit, Offset, page_of, paged
from abadi.core.workflow import Step
from abadi.funds import schemas, selectors, services
from abadi.funds.forms import OFFICE_LEVELS
from abadi.funds.models import (
    AidCase,
    Allocation,
    CaseStatus,
    CaseType,
    Donation,
    DonationKind,
    DonationStatus,
    Donor,
    DonorKind,
    Pledge,
    PledgeStatus,
    UseKind,
)
from abadi.funds.permissions import (
    ALLOCATE_FUNDS,
    OPEN_CASES,
    RECORD_DONATIONS,
    REVERSE_DONATIONS,
    VIEW_FUNDS,
)
from abadi.funds.workflow import WORKFLOW
from abadi.geography.selectors import area_from_input

router = ApiRouter(tags=["funds"])


def _area(request, text: str, perm: str):
    return area_from_input(
        actor=request.auth, perm=perm, text=text, levels=OFFICE_LEVELS, field="area"
    )


def _donor_out(request, donor: Donor) -> Donor:
    label = selectors.donor_label(actor=request.auth, donor=donor)
    donor.label = label  # type: ignore[attr-defined]
    donor.hidden = label != donor.name  # type: ignore[attr-defined]
    return donor


def _donation_out(request, donation: Donation) -> Donation:
    donation.donor_label = selectors.donor_label(actor=request.auth, donor=donation.donor)  # type: ignore[attr-defined]
    return donation


def _allocation_out(request, allocation) -> Any:
    allocation.donor_label = selectors.donor_label(  # type: ignore[attr-defined]
        actor=request.auth, donor=allocation.donation.donor
    )
    return allocation


# Donors --------------------------------------------------------------------------------------


class DonorFilters(Schema):
    q: str = ""
    kind: DonorKind | None = None


@router.get("/funds/donors", response=page_of(schemas.DonorOut))
@api_requires(VIEW_FUNDS)
def list_donors(request, filters: Query[DonorFilters], limit: Limit = 50, offset: Offset = 0):
    donors = selectors.donor_list(
        actor=request.auth, query=filters.q[:100], kind=filters.kind or ""
    )
    return paged(donors, limit=limit, offset=offset, serialize=lambda d: _donor_out(request, d))


def _donor_detail(request, pk: int) -> Donor:
    donor = _donor_out(request, selectors.donor_get(actor=request.auth, pk=pk))
    for key, value in selectors.donor_giving(donor=donor).items():
        setattr(donor, key, value)
    return donor


@router.get("/funds/donors/{pk}", response=schemas.DonorDetailOut)
@api_requires(VIEW_FUNDS, record=Donor)
def get_donor(request, pk: Id):
    return _donor_detail(request, pk)


@router.post("/funds/donors", response={201: schemas.DonorDetailOut})
@api_requires(RECORD_DONATIONS)
def create_donor(request, payload: schemas.DonorIn):
    """Register a donor: a registered person (``national_code``), an organisation
    (``organisation_id``) or a named group of givers."""
    data = payload.values()
    area = _area(request, data.pop("area"), RECORD_DONATIONS)
    code = data.pop("national_code")
    organisation_id = data.pop("organisation_id")
    person = organisation = None
    if data["kind"] == DonorKind.PERSON and code:
        from abadi.people.selectors import person_by_national_code

        person = person_by_national_code(
            actor=request.auth, national_code=code, perm=RECORD_DONATIONS
        )
        if person is None:
            raise ValidationError(
                {"national_code": "فردی با این کد ملی در فهرست افراد حوزهٔ شما نیست."}
            )
    if data["kind"] == DonorKind.ORGANISATION and organisation_id:
        from abadi.organisations.selectors import organisation_get

        organisation = organisation_get(actor=request.auth, pk=organisation_id)
    donor = services.donor_register(
        actor=request.auth, area=area, person=person, organisation=organisation, **data
    )
    return Status(201, _donor_detail(request, donor.pk))


@router.patch("/funds/donors/{pk}", response=schemas.DonorDetailOut)
@api_requires(RECORD_DONATIONS, record=Donor)
def update_donor(request, pk: Id, payload: schemas.DonorPatch):
    donor = selectors.donor_get(actor=request.auth, pk=pk)
    data = {k: v for k, v in payload.values(exclude_unset=True).items() if v is not None}
    services.donor_update(actor=request.auth, donor=donor, **data)
    return _donor_detail(request, pk)


# Donations ----------------------------------------------------------------------------------


class DonationFilters(Schema):
    q: str = ""
    kind: DonationKind | None = None
    status: DonationStatus | None = None
    donor: Id | None = None
    designation_kind: UseKind | None = None
    with_balance: bool = False


@router.get("/funds/donations", response=page_of(schemas.DonationOut))
@api_requires(VIEW_FUNDS)
def list_donations(request, filters: Query[DonationFilters], limit: Limit = 50, offset: Offset = 0):
    """Donations and reversing entries the caller may see, newest first."""
    donations = selectors.donation_list(
        actor=request.auth,
        query=filters.q[:100],
        kind=filters.kind or "",
        status=filters.status or "",
        donor=filters.donor,
        designation_kind=filters.designation_kind or "",
        with_balance=filters.with_balance,
    )
    return paged(
        donations, limit=limit, offset=offset, serialize=lambda d: _donation_out(request, d)
    )


def _donation_detail(request, pk: int) -> Donation:
    donation = _donation_out(request, selectors.donation_get(actor=request.auth, pk=pk))
    donation.allocation_rows = [  # type: ignore[attr-defined]
        _allocation_out(request, allocation)
        for allocation in selectors.donation_allocations(donation=donation).select_related(
            "donation__donor", "donation__donor__area"
        )
    ]
    return donation


@router.get("/funds/donations/{pk}", response=schemas.DonationDetailOut)
@api_requires(VIEW_FUNDS, record=Donation)
def get_donation(request, pk: Id):
    return _donation_detail(request, pk)


@router.post("/funds/donors/{pk}/donations", response={201: schemas.DonationDetailOut})
@api_requires(RECORD_DONATIONS, record=Donor)
def create_donation(request, pk: Id, payload: schemas.DonationIn):
    """Record a gift of the donor, cash (``amount``) or in kind (``items``), receipted at
    once unless ``receipt`` is false. Refused (422): zero or negative amounts, a date in
    the future, an in-kind gift without items."""
    donor = selectors.donor_get(actor=request.auth, pk=pk)
    data = payload.values()
    items = [services.Item(**item.values()) for item in data.pop("items")]
    pledge_id = data.pop("pledge_id")
    pledge = selectors.pledge_get(actor=request.auth, pk=pledge_id) if pledge_id else None
    data["designation_kind"] = data["designation_kind"] or ""
    donation = services.donation_record(
        actor=request.auth, donor=donor, items=items, pledge=pledge, **data
    )
    return Status(201, _donation_detail(request, donation.pk))


@router.patch("/funds/donations/{pk}", response=schemas.DonationDetailOut)
@api_requires(RECORD_DONATIONS, record=Donation)
def update_donation(request, pk: Id, payload: schemas.DonationPatch):
    """Correct a donation not yet receipted; a receipted one is refused (422): reverse it."""
    donation = selectors.donation_get(actor=request.auth, pk=pk)
    data = {k: v for k, v in payload.values(exclude_unset=True).items() if v is not None}
    services.donation_update(actor=request.auth, donation=donation, **data)
    return _donation_detail(request, pk)


@router.post("/funds/donations/{pk}/receipt", response=schemas.DonationDetailOut)
@api_requires(RECORD_DONATIONS, record=Donation)
def receipt_donation(request, pk: Id):
    """Issue the official receipt of a donation recorded without one."""
    donation = selectors.donation_get(actor=request.auth, pk=pk)
    services.donation_receipt(actor=request.auth, donation=donation)
    return _donation_detail(request, pk)


@router.post("/funds/donations/{pk}/reverse", response={201: schemas.DonationDetailOut})
@api_requires(REVERSE_DONATIONS, record=Donation)
def reverse_donation(request, pk: Id, payload: schemas.FundReverseIn):
    """The reversing entry of a receipted donation (its own receipt number); refused while
    any of its money is allocated."""
    donation = selectors.donation_get(actor=request.auth, pk=pk)
    reversal = services.donation_reverse(actor=request.auth, donation=donation, **payload.values())
    return Status(201, _donation_detail(request, reversal.pk))


@router.post("/funds/donations/{pk}/allocations", response={201: schemas.FundAllocationOut})
@api_requires(ALLOCATE_FUNDS, record=Donation)
def allocate_donation(request, pk: Id, payload: schemas.FundAllocationIn):
    """Allocate rials of the donation to a use. Refused (422): more than it has left, a
    use its designation does not allow, an aid case not being funded or owing less."""
    donation = selectors.donation_get(actor=request.auth, pk=pk)
    data = payload.values()
    data["on"] = data["on"] or clock.today()
    allocation = services.allocate(actor=request.auth, donation=donation, **data)
    allocation = selectors.allocation_get(actor=request.auth, pk=allocation.pk)
    return Status(201, _allocation_out(request, allocation))


# Allocations ---------------------------------------------------------------------------------


class AllocationFilters(Schema):
    use_kind: UseKind | None = None
    use_id: Id | None = None
    donation: Id | None = None


@router.get("/funds/allocations", response=page_of(schemas.FundAllocationOut))
@api_requires(VIEW_FUNDS)
def list_allocations(
    request, filters: Query[AllocationFilters], limit: Limit = 50, offset: Offset = 0
):
    """Allocations the caller may see; with ``use_kind`` and ``use_id``: where that use's
    money came from."""
    if filters.use_kind and filters.use_id:
        rows = selectors.allocations_to(
            actor=request.auth, use_kind=filters.use_kind, use_id=filters.use_id
        )
    else:
        rows = selectors.allocation_list(
            actor=request.auth, use_kind=filters.use_kind or "", donation=filters.donation
        )
    return paged(rows, limit=limit, offset=offset, serialize=lambda a: _allocation_out(request, a))


@router.post("/funds/allocations/{pk}/reverse", response={201: schemas.FundAllocationOut})
@api_requires(ALLOCATE_FUNDS, record=Allocation)
def reverse_allocation(request, pk: Id, payload: schemas.FundReverseIn):
    """Return a mistaken allocation's rials to its donation."""
    allocation = selectors.allocation_get(actor=request.auth, pk=pk)
    reversal = services.allocation_reverse(
        actor=request.auth, allocation=allocation, **payload.values()
    )
    return Status(
        201, _allocation_out(request, selectors.allocation_get(actor=request.auth, pk=reversal.pk))
    )


# Pledges ------------------------------------------------------------------------------------


class PledgeFilters(Schema):
    status: PledgeStatus | None = None
    overdue: bool = False


@router.get("/funds/pledges", response=page_of(schemas.PledgeOut))
@api_requires(VIEW_FUNDS)
def list_pledges(request, filters: Query[PledgeFilters], limit: Limit = 50, offset: Offset = 0):
    pledges = selectors.pledge_list(
        actor=request.auth,
        status=filters.status or "",
        overdue_on=clock.today() if filters.overdue else None,
    )
    return paged(pledges, limit=limit, offset=offset)


@router.post("/funds/donors/{pk}/pledges", response={201: schemas.PledgeOut})
@api_requires(RECORD_DONATIONS, record=Donor)
def create_pledge(request, pk: Id, payload: schemas.PledgeIn):
    donor = selectors.donor_get(actor=request.auth, pk=pk)
    data = payload.values()
    data["designation_kind"] = data["designation_kind"] or ""
    pledge = services.pledge_record(actor=request.auth, donor=donor, **data)
    return Status(201, selectors.pledge_get(actor=request.auth, pk=pledge.pk))


@router.post("/funds/pledges/{pk}/cancel", response=schemas.PledgeOut)
@api_requires(RECORD_DONATIONS, record=Pledge)
def cancel_pledge(request, pk: Id, payload: schemas.PledgeCancelIn):
    pledge = selectors.pledge_get(actor=request.auth, pk=pk)
    services.pledge_cancel(actor=request.auth, pledge=pledge, reason=payload.reason)
    return selectors.pledge_get(actor=request.auth, pk=pk)


# Aid cases -----------------------------------------------------------------------------------


class CaseFilters(Schema):
    q: str = ""
    case_type: CaseType | None = None
    status: CaseStatus | None = None


@router.get("/funds/cases/workflow", response=list[schemas.CaseWorkflowStepOut])
@api_requires(VIEW_FUNDS)
def case_workflow(request):
    """The steps of an aid case. Each offered step has its own
    ``POST /funds/cases/{pk}/{action}``."""
    return WORKFLOW.steps


@router.get("/funds/cases", response=page_of(schemas.CaseOut))
@api_requires(VIEW_FUNDS)
def list_cases(request, filters: Query[CaseFilters], limit: Limit = 50, offset: Offset = 0):
    cases = selectors.case_list(
        actor=request.auth,
        query=filters.q[:100],
        case_type=filters.case_type or "",
        status=filters.status or "",
    )
    return paged(cases, limit=limit, offset=offset)


def _case_detail(request, pk: int) -> AidCase:
    case = selectors.case_get(actor=request.auth, pk=pk)
    case.next_actions = [  # type: ignore[attr-defined]
        step.action for step in WORKFLOW.available(actor=request.auth, record=case)
    ]
    return case


@router.get("/funds/cases/{pk}", response=schemas.CaseDetailOut)
@api_requires(VIEW_FUNDS, record=AidCase)
def get_case(request, pk: Id):
    return _case_detail(request, pk)


@router.post("/funds/cases", response={201: schemas.CaseDetailOut})
@api_requires(OPEN_CASES)
def create_case(request, payload: schemas.CaseIn):
    """Open an aid case for a registered person (by national code)."""
    from abadi.people.selectors import person_by_national_code

    data = payload.values()
    area = _area(request, data.pop("area"), OPEN_CASES)
    person = person_by_national_code(
        actor=request.auth, national_code=data.pop("national_code"), perm=OPEN_CASES
    )
    if person is None:
        raise ValidationError({"national_code": "فردی با این کد ملی در فهرست افراد حوزهٔ شما نیست."})
    case = services.case_open(actor=request.auth, person=person, area=area, **data)
    return Status(201, _case_detail(request, case.pk))


@router.patch("/funds/cases/{pk}", response=schemas.CaseDetailOut)
@api_requires(OPEN_CASES, record=AidCase)
def update_case(request, pk: Id, payload: schemas.CasePatch):
    case = selectors.case_get(actor=request.auth, pk=pk)
    data = {k: v for k, v in payload.values(exclude_unset=True).items() if v is not None}
    services.case_update(actor=request.auth, case=case, **data)
    return _case_detail(request, pk)


def _step_endpoint(step: Step):
    schema = step.schema_class

    def take_step(request, pk: Id, payload: schema):  # type: ignore[valid-type]
        case = selectors.case_get(actor=request.auth, pk=pk)
        step.service_function(actor=request.auth, case=case, **payload.values())  # type: ignore[attr-defined]
        return _case_detail(request, pk)

    take_step.__name__ = f"{step.action}_case"
    take_step.__doc__ = (
        f"The step «{step.label}» (from: {', '.join(step.sources)}); its date field is "
        f"``{step.dated_by}``. Refused with 422 from another status and for a date in the "
        "future or before the step it follows."
    )
    return take_step


for _step in WORKFLOW.steps:
    if _step.schema:
        router.post(
            f"/funds/cases/{{pk}}/{_step.action}",
            response=schemas.CaseDetailOut,
            operation_id=f"funds_{_step.action}_case",
        )(api_requires(VIEW_FUNDS, record=AidCase)(_step_endpoint(_step)))
