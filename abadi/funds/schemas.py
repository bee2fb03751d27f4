"""What the funds API reads and writes (``abadi.funds.api``): Jalali dates, Statistical
Centre codes, integer rials, enums for every status-like field. A donor's name is the one
the caller may read (an anonymous donor's only for those who answer for the money)."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from abadi.core.api_kit import Id, In, JalaliDate, jalali
from abadi.core.validators import MAX_RECORD_AMOUNT
from abadi.funds.models import (
    CaseStatus,
    CaseType,
    DebtType,
    DonationKind,
    DonationStatus,
    DonorKind,
    Entry,
    PaymentMethod,
    PledgeStatus,
    UseKind,
)

Rials = Field(ge=1, le=MAX_RECORD_AMOUNT, description="integer rials")


class DonorOut(Schema):
    id: int
    kind: DonorKind
    name: str = Field(description="the name the caller may read")
    anonymous: bool
    area: str = Field(description="code of the office")
    person_id: int | None

    @staticmethod
    def resolve_name(donor: Any) -> str:
        return getattr(donor, "label", None) or donor.name

    @staticmethod
    def resolve_area(donor: Any) -> str:
        return donor.area.code


class DonorDetailOut(DonorOut):
    mobile: str
    address: str
    received: int = Field(description="rials received, net of reversals")
    allocated: int
    balance: int

    @staticmethod
    def resolve_mobile(donor: Any) -> str:
        return "" if getattr(donor, "hidden", False) else donor.mobile

    @staticmethod
    def resolve_address(donor: Any) -> str:
        return "" if getattr(donor, "hidden", False) else donor.address


class DonorIn(In):
    kind: DonorKind
    area: str = Field(description="code or name of the province or county office")
    national_code: str | None = Field(None, description="for a person: a registered person")
    organisation_id: Id | None = None
    name: str = Field("", max_length=200)
    mobile: str = Field("", max_length=20)
    address: str = Field("", max_length=300)
    anonymous: bool = False


class DonorPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    mobile: str | None = Field(None, max_length=20)
    address: str | None = Field(None, max_length=300)
    anonymous: bool | None = None


class DonationItemSchema(In):
    name: str = Field(min_length=1, max_length=200)
    quantity: int = Field(ge=1, le=10_000_000)
    unit: str = Field("", max_length=30)
    value: int = Rials


class FundAllocationOut(Schema):
    id: int
    donation_id: int
    receipt: str | None
    use_kind: UseKind
    use_id: int
    rials: int
    on: str
    note: str
    reverses_id: int | None
    donor: str = Field(description="the donor's name as the caller may read it")

    @staticmethod
    def resolve_receipt(allocation: Any) -> str | None:
        return allocation.donation.number

    @staticmethod
    def resolve_on(allocation: Any) -> str | None:
        return jalali(allocation.on)

    @staticmethod
    def resolve_donor(allocation: Any) -> str:
        return getattr(allocation, "donor_label", "")


class DonationOut(Schema):
    id: int
    entry: Entry
    number: str | None = Field(description="receipt number, e.g. 1401-000123")
    donor_id: int
    donor: str = Field(description="the donor's name as the caller may read it")
    area: str
    kind: DonationKind
    method: PaymentMethod
    bank_reference: str
    amount: int
    allocated: int
    balance: int
    received_on: str
    designation_kind: UseKind | None
    designation_id: int | None
    pledge_id: int | None
    status: DonationStatus
    reverses_id: int | None

    @staticmethod
    def resolve_donor(donation: Any) -> str:
        return getattr(donation, "donor_label", "")

    @staticmethod
    def resolve_area(donation: Any) -> str:
        return donation.area.code

    @staticmethod
    def resolve_received_on(donation: Any) -> str | None:
        return jalali(donation.received_on)

    @staticmethod
    def resolve_designation_kind(donation: Any) -> str | None:
        return donation.designation_kind or None


class DonationDetailOut(DonationOut):
    items: list[DonationItemSchema]
    allocations: list[FundAllocationOut]

    @staticmethod
    def resolve_items(donation: Any) -> list[Any]:
        return list(donation.items.order_by("id"))

    @staticmethod
    def resolve_allocations(donation: Any) -> list[Any]:
        return getattr(donation, "allocation_rows", [])


class DonationIn(In):
    kind: DonationKind
    amount: int | None = Field(None, ge=1, le=MAX_RECORD_AMOUNT, description="cash: rials")
    method: PaymentMethod = PaymentMethod.TRANSFER
    bank_reference: str = Field("", max_length=64)
    received_on: JalaliDate | None = None
    items: list[DonationItemSchema] = Field(default_factory=list, max_length=100)
    designation_kind: UseKind | None = None
    designation_id: Id | None = None
    pledge_id: Id | None = None
    note: str = Field("", max_length=300)
    receipt: bool = True


class DonationPatch(In):
    amount: int | None = Field(None, ge=1, le=MAX_RECORD_AMOUNT)
    method: PaymentMethod | None = None
    bank_reference: str | None = Field(None, max_length=64)
    received_on: JalaliDate | None = None
    note: str | None = Field(None, max_length=300)


class FundAllocationIn(In):
    use_kind: UseKind
    use_id: Id
    rials: int = Rials
    on: JalaliDate | None = None
    note: str = Field("", max_length=300)


class FundReverseIn(In):
    reason: str = Field(min_length=1, max_length=300)
    on: JalaliDate | None = None


class PledgeOut(Schema):
    id: int
    donor_id: int
    area: str
    amount: int
    fulfilled: int
    pledged_on: str
    due_on: str
    designation_kind: UseKind | None
    designation_id: int | None
    status: PledgeStatus

    @staticmethod
    def resolve_area(pledge: Any) -> str:
        return pledge.area.code

    @staticmethod
    def resolve_pledged_on(pledge: Any) -> str | None:
        return jalali(pledge.pledged_on)

    @staticmethod
    def resolve_due_on(pledge: Any) -> str | None:
        return jalali(pledge.due_on)

    @staticmethod
    def resolve_designation_kind(pledge: Any) -> str | None:
        return pledge.designation_kind or None


class PledgeIn(In):
    amount: int = Rials
    due_on: JalaliDate
    pledged_on: JalaliDate | None = None
    designation_kind: UseKind | None = None
    designation_id: Id | None = None
    note: str = Field("", max_length=300)


class PledgeCancelIn(In):
    reason: str = Field(min_length=1, max_length=300)


class CaseChangeOut(Schema):
    action: str
    label: str
    from_status: CaseStatus | None
    to_status: CaseStatus
    on: str
    until: str | None
    at: datetime.datetime
    note: str

    @staticmethod
    def resolve_label(change: Any) -> str:
        from abadi.funds.workflow import WORKFLOW

        return WORKFLOW.label_of(change.action)

    @staticmethod
    def resolve_from_status(change: Any) -> str | None:
        return change.from_status or None

    @staticmethod
    def resolve_on(change: Any) -> str | None:
        return jalali(change.on)

    @staticmethod
    def resolve_until(change: Any) -> str | None:
        return jalali(change.until)


class CaseOut(Schema):
    id: int
    number: str | None
    case_type: CaseType
    area: str
    person_id: int
    prison: str
    debt_type: DebtType
    judgment_amount: int
    forgiveness: int
    loan_amount: int
    donated: int = Field(description="donors' share: the allocations to the case")
    remaining: int
    status: CaseStatus
    opened_on: str
    paid_on: str | None
    planned_release_on: str | None
    released_on: str | None
    close_reason: str

    @staticmethod
    def resolve_area(case: Any) -> str:
        return case.area.code

    @staticmethod
    def resolve_opened_on(case: Any) -> str | None:
        return jalali(case.opened_on)

    @staticmethod
    def resolve_paid_on(case: Any) -> str | None:
        return jalali(case.paid_on)

    @staticmethod
    def resolve_planned_release_on(case: Any) -> str | None:
        return jalali(case.planned_release_on)

    @staticmethod
    def resolve_released_on(case: Any) -> str | None:
        return jalali(case.released_on)


class CaseDetailOut(CaseOut):
    timeline: list[CaseChangeOut]
    next_actions: list[str]

    @staticmethod
    def resolve_timeline(case: Any) -> list[Any]:
        return list(case.changes.order_by("on", "at", "id"))

    @staticmethod
    def resolve_next_actions(case: Any) -> list[str]:
        return getattr(case, "next_actions", [])


class CaseIn(In):
    national_code: str = Field(description="national code of a registered person")
    area: str = Field(description="code or name of the province or county office")
    case_type: CaseType = CaseType.PRISONER_RELEASE
    prison: str = Field("", max_length=200)
    debt_type: DebtType = DebtType.NONE
    judgment_amount: int = Rials
    forgiveness: int = Field(0, ge=0, le=MAX_RECORD_AMOUNT)
    loan_amount: int = Field(0, ge=0, le=MAX_RECORD_AMOUNT)
    on: JalaliDate | None = None
    note: str = Field("", max_length=2000)


class CasePatch(In):
    prison: str | None = Field(None, max_length=200)
    debt_type: DebtType | None = None
    judgment_amount: int | None = Field(None, ge=1, le=MAX_RECORD_AMOUNT)
    forgiveness: int | None = Field(None, ge=0, le=MAX_RECORD_AMOUNT)
    loan_amount: int | None = Field(None, ge=0, le=MAX_RECORD_AMOUNT)
    note: str | None = Field(None, max_length=2000)


class CaseStepIn(In):
    on: JalaliDate | None = Field(None, description="the day the step took effect; default today")
    note: str = Field("", max_length=2000)


class CaseScheduleIn(In):
    planned_on: JalaliDate = Field(description="the day the release is planned for")
    note: str = Field("", max_length=2000)


class CaseReasonIn(In):
    on: JalaliDate | None = None
    reason: str = Field(min_length=1, max_length=2000)


class CaseWorkflowStepOut(Schema):
    action: str
    label: str
    sources: list[str]
    target: str | None
    dated_by: str

    @staticmethod
    def resolve_label(step: Any) -> str:
        return str(step.label)
