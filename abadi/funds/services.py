"""Writes of the funds module: donors, donations and their receipts and reversals, pledges,
allocations of donated money to uses, and aid cases along their statuses
(``abadi.funds.workflow``).

Money never read-decides-writes: an allocation locks its donation row (and the aid case it
pays into) before it reads what is left, and the database refuses what the lock missed.
Other modules spend donors' money through :func:`allocate` (a project's donors' share, a
relief purchase or campaign) and release a prisoner at a ceremony through
:func:`case_release`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.actors import user_of
from abadi.core.audit import audit_record, changed, snapshot
from abadi.core.jalali import jalali_year_of
from abadi.core.money import format_rials
from abadi.core.persian import search_key, to_persian_digits
from abadi.core.services import audited_create, model_update, require, service
from abadi.core.validators import (
    count_within,
    normalize_mobile,
    not_before,
    not_future,
    positive_amount,
    required_text,
    validate_mobile,
)
from abadi.funds.audit import Action
from abadi.funds.models import (
    FUNDABLE,
    OPEN_CASE_STATUSES,
    AidCase,
    Allocation,
    CaseChange,
    CaseStatus,
    CaseType,
    DebtType,
    Donation,
    DonationItem,
    DonationKind,
    DonationStatus,
    Donor,
    DonorKind,
    Entry,
    PaymentMethod,
    Pledge,
    PledgeStatus,
    ReceiptCounter,
    UseKind,
)
from abadi.funds.permissions import (
    ALLOCATE_FUNDS,
    OPEN_CASES,
    RECORD_DONATIONS,
    REVERSE_DONATIONS,
)
from abadi.funds.workflow import WORKFLOW
from abadi.people.models import Programme
from abadi.people.services import benefit_record

if TYPE_CHECKING:
    from abadi.geography.models import Area


def _check_area(area: Area | None) -> Area:
    if area is None:
        raise ValidationError({"area": _("دفتر را وارد کنید.")})
    return area


# Donors ------------------------------------------------------------------------------------


@service
def donor_register(
    *,
    actor,
    kind: str,
    area: Area,
    person: Any = None,
    organisation: Any = None,
    name: str = "",
    mobile: str = "",
    address: str = "",
    anonymous: bool = False,
    source_id: str | None = None,
) -> Donor:
    """A donor: a person of the registry, an organisation, or a named group of givers."""
    area = _check_area(area)
    require(actor, RECORD_DONATIONS, area)
    if kind not in DonorKind.values:
        raise ValidationError({"kind": _("نوع خیّر را انتخاب کنید.")})
    if kind == DonorKind.PERSON:
        if person is None:
            raise ValidationError({"person": _("خیّر حقیقی را از فهرست افراد انتخاب کنید.")})
        name = name or f"{person.first_name} {person.last_name}"
        organisation = None
    elif kind == DonorKind.ORGANISATION:
        if organisation is None:
            raise ValidationError({"organisation": _("سازمان خیّر را انتخاب کنید.")})
        name = name or organisation.name
        person = None
    else:
        person = organisation = None
    name = required_text(name, field="name", label=_("نام خیّر"))
    mobile = normalize_mobile(mobile) if mobile else ""
    if mobile:
        validate_mobile(mobile)
    for field, linked in (("person", person), ("organisation", organisation)):
        if linked is not None and Donor.objects.filter(**{field: linked}).exists():
            raise ValidationError({field: _("این خیّر پیش‌تر ثبت شده است.")})
    donor = Donor(
        kind=kind,
        person=person,
        organisation=organisation,
        name=name[:200],
        search_key=search_key(name)[:200],
        mobile=mobile,
        address=(address or "").strip()[:300],
        anonymous=bool(anonymous),
        area=area,
        created_by=user_of(actor),
        source_id=source_id or None,
    )
    return audited_create(
        donor, actor=actor, action=Action.DONOR_REGISTER, exclude=["person", "organisation"]
    )


DONOR_EDITABLE = ("name", "mobile", "address", "anonymous")


@service
def donor_update(*, actor, donor: Donor, **fields: Any) -> Donor:
    donor = Donor.objects.select_for_update().get(pk=donor.pk)
    require(actor, RECORD_DONATIONS, donor.area)

    def prepare(changed_donor: Donor) -> None:
        changed_donor.name = required_text(changed_donor.name, field="name", label=_("نام خیّر"))
        changed_donor.search_key = search_key(changed_donor.name)[:200]
        if changed_donor.mobile:
            changed_donor.mobile = normalize_mobile(changed_donor.mobile)

    donor, _changed = model_update(
        donor,
        actor=actor,
        action=Action.DONOR_UPDATE,
        fields=fields,
        allowed=DONOR_EDITABLE,
        prepare=prepare,
    )
    return donor


# Donations -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One line of goods given in kind: what, how many, and their estimated value."""

    name: str
    quantity: int
    value: int
    unit: str = ""


def _check_designation(kind: str, use_id: int | None) -> tuple[str, int | None]:
    kind = kind or ""
    if kind and kind not in UseKind.values:
        raise ValidationError({"designation_kind": _("مصرف معین نامعتبر است.")})
    if use_id is not None and not kind:
        raise ValidationError({"designation_kind": _("نوع مصرف معین را انتخاب کنید.")})
    if (
        kind == UseKind.AID_CASE
        and use_id is not None
        and not AidCase.objects.filter(pk=use_id).exists()
    ):
        raise ValidationError({"designation_id": _("پرونده حمایتی معین پیدا نشد.")})
    return kind, use_id


def _check_items(items: Sequence[Item]) -> list[Item]:
    if not items:
        raise ValidationError({"items": _("اقلام کمک غیرنقدی را وارد کنید.")})
    checked = []
    for item in items:
        name = required_text(item.name, field="items", label=_("نام کالا"))
        count_within(
            item.quantity, field="items", label=_("تعداد کالا"), minimum=1, maximum=10_000_000
        )
        positive_amount(item.value, field="items", label=_("ارزش برآوردی هر قلم"))
        checked.append(
            Item(name=name[:200], quantity=item.quantity, value=item.value, unit=item.unit)
        )
    return checked


def _check_method(kind: str, method: str) -> str:
    if kind not in DonationKind.values:
        raise ValidationError({"kind": _("نوع کمک را انتخاب کنید.")})
    if kind == DonationKind.IN_KIND:
        return PaymentMethod.GOODS
    if method not in PaymentMethod.values or method == PaymentMethod.GOODS:
        raise ValidationError({"method": _("روش پرداخت کمک نقدی را انتخاب کنید.")})
    return method


@service
def donation_record(
    *,
    actor,
    donor: Donor,
    kind: str,
    amount: int | None = None,
    method: str = PaymentMethod.TRANSFER,
    received_on: datetime.date | None = None,
    items: Sequence[Item] = (),
    designation_kind: str = "",
    designation_id: int | None = None,
    pledge: Pledge | None = None,
    bank_reference: str = "",
    note: str = "",
    area: Area | None = None,
    receipt: bool = True,
    source_id: str | None = None,
) -> Donation:
    """Record a gift: cash (``amount``, ``method``, a bank reference) or goods (``items``,
    whose estimated values make its amount), designated to a use or general, perhaps
    against a ``pledge``. Unless ``receipt`` is False (a transfer still to be confirmed)
    its official receipt is issued in the same transaction."""
    area = area or donor.area
    require(actor, RECORD_DONATIONS, area)
    method = _check_method(kind, method)
    checked_items: list[Item] = []
    if kind == DonationKind.IN_KIND:
        checked_items = _check_items(items)
        total = sum(item.value for item in checked_items)
        if amount is not None and amount != total:
            raise ValidationError(
                {
                    "amount": _("ارزش کمک غیرنقدی جمع ارزش اقلام آن (%(total)s) است.")
                    % {"total": format_rials(total)}
                }
            )
        amount = total
    amount = positive_amount(amount, field="amount", label=_("مبلغ کمک"))
    on = not_future(received_on or clock.today(), field="received_on", label=_("تاریخ دریافت"))
    designation_kind, designation_id = _check_designation(designation_kind, designation_id)
    if pledge is not None:
        pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if pledge.donor_id != donor.pk:
            raise ValidationError({"pledge": _("این تعهد از خیّر دیگری است.")})
        if pledge.status != PledgeStatus.OPEN:
            raise ValidationError({"pledge": _("این تعهد باز نیست.")})
    donation = Donation(
        entry=Entry.GIFT,
        donor=donor,
        area=area,
        kind=kind,
        method=method,
        bank_reference=(bank_reference or "").strip()[:64],
        amount=amount,
        received_on=on,
        designation_kind=designation_kind,
        designation_id=designation_id,
        pledge=pledge,
        note=(note or "").strip()[:300],
        created_by=user_of(actor),
        source_id=source_id or None,
    )
    audited_create(
        donation,
        actor=actor,
        action=Action.DONATION_RECORD,
        exclude=["donor", "pledge"],
        on=on,
        extra={"items": [item.__dict__ for item in checked_items]} if checked_items else None,
        touches=(donor,),
    )
    DonationItem.objects.bulk_create(
        DonationItem(
            donation=donation,
            name=item.name,
            quantity=item.quantity,
            unit=item.unit,
            value=item.value,
        )
        for item in checked_items
    )
    if receipt:
        donation = _issue_receipt(actor, donation)
    return donation


def next_receipt_number(year: int) -> tuple[int, str]:
    """The next number of ``year``'s receipts, from its counter row, locked until the
    transaction ends: numbers are given in order, and a transaction that fails gives its
    number back, so the year's receipts never have a gap."""
    try:
        with transaction.atomic():
            counter, _created = ReceiptCounter.objects.select_for_update().get_or_create(year=year)
    except IntegrityError:
        # Another transaction created the year's counter first: wait for its lock.
        counter = ReceiptCounter.objects.select_for_update().get(year=year)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return counter.last, f"{year}-{counter.last:06d}"


def _issue_receipt(actor, donation: Donation) -> Donation:
    year = jalali_year_of(donation.received_on)
    seq, number = next_receipt_number(year)
    donation.receipt_year = year
    donation.receipt_seq = seq
    donation.number = number
    donation.status = DonationStatus.RECEIPTED
    donation.receipted_at = clock.now()
    donation.save(update_fields=["receipt_year", "receipt_seq", "number", "status", "receipted_at"])
    audit_record(
        actor=actor,
        action=Action.DONATION_RECEIPT,
        obj=donation,
        new={"number": number, "year": year},
        on=donation.received_on,
        touches=(donation.donor,),
    )
    if donation.pledge_id is not None:
        _pledge_fulfil(donation.pledge_id, donation)
    return donation


def _pledge_fulfil(pledge_id: int, donation: Donation) -> None:
    pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
    pledge.fulfilled += donation.amount
    if pledge.fulfilled >= pledge.amount and pledge.status == PledgeStatus.OPEN:
        pledge.status = PledgeStatus.FULFILLED
        pledge.fulfilled_on = donation.received_on
    pledge.save(update_fields=["fulfilled", "status", "fulfilled_on", "updated_at"])


def _lock_donation(donation: Donation) -> Donation:
    return (
        Donation.objects.select_for_update(of=("self",))
        .select_related("donor", "area")
        .get(pk=donation.pk)
    )


def _refuse_receipted(donation: Donation) -> None:
    if donation.receipted:
        raise ValidationError(
            _(
                "کمک با رسید شماره %(number)s رسید رسمی دارد و ویرایش یا حذف نمی‌شود؛ "
                "برای اصلاح، سند برگشت ثبت کنید."
            )
            % {"number": to_persian_digits(donation.number)}
        )


DONATION_EDITABLE = ("amount", "method", "bank_reference", "received_on", "note")


@service
def donation_update(*, actor, donation: Donation, **fields: Any) -> Donation:
    """Correct a donation not yet receipted (a transfer awaiting confirmation)."""
    donation = _lock_donation(donation)
    require(actor, RECORD_DONATIONS, donation.area)
    _refuse_receipted(donation)

    def prepare(changed_donation: Donation) -> None:
        if changed_donation.kind == DonationKind.CASH:
            positive_amount(changed_donation.amount, field="amount", label=_("مبلغ کمک"))
        elif "amount" in fields:
            raise ValidationError({"amount": _("ارزش کمک غیرنقدی از اقلام آن است.")})
        not_future(changed_donation.received_on, field="received_on", label=_("تاریخ دریافت"))

    donation, _changed = model_update(
        donation,
        actor=actor,
        action=Action.DONATION_UPDATE,
        fields=fields,
        allowed=DONATION_EDITABLE,
        prepare=prepare,
    )
    return donation


@service
def donation_delete(*, actor, donation: Donation) -> None:
    """Remove a donation recorded by mistake before its receipt; a receipted one never."""
    donation = _lock_donation(donation)
    require(actor, RECORD_DONATIONS, donation.area)
    _refuse_receipted(donation)
    audit_record(
        actor=actor, action=Action.DONATION_UPDATE, obj=donation, old=snapshot(donation), new=None
    )
    donation.items.all().delete()
    donation.delete()


@service
def donation_receipt(*, actor, donation: Donation) -> Donation:
    """Issue the official receipt of a donation recorded without one."""
    donation = _lock_donation(donation)
    require(actor, RECORD_DONATIONS, donation.area)
    if donation.receipted:
        raise ValidationError(
            _("رسید این کمک پیش‌تر با شماره %(number)s صادر شده است.")
            % {"number": to_persian_digits(donation.number)}
        )
    return _issue_receipt(actor, donation)


@service
def donation_reverse(
    *, actor, donation: Donation, reason: str, on: datetime.date | None = None
) -> Donation:
    """Undo a receipted donation by a reversing entry of the opposite amount, with its own
    receipt number. Money already allocated must be returned first (by reversing its
    allocations): a reversal never leaves a use spending money that was never received."""
    donation = _lock_donation(donation)
    require(actor, REVERSE_DONATIONS, donation.area)
    reason = required_text(reason, field="reason", label=_("دلیل برگشت"))
    if donation.entry != Entry.GIFT:
        raise ValidationError(_("سند برگشت را نمی‌توان برگشت زد."))
    if donation.status == DonationStatus.REVERSED:
        raise ValidationError(_("این کمک پیش‌تر برگشت خورده است."))
    if not donation.receipted:
        raise ValidationError(_("کمک بی‌رسید برگشت نمی‌خورد؛ آن را ویرایش یا حذف کنید."))
    if donation.allocated:
        raise ValidationError(
            _("%(amount)s از این کمک تخصیص یافته است؛ نخست تخصیص‌های آن را برگشت بزنید.")
            % {"amount": format_rials(donation.allocated)}
        )
    day = not_future(on or clock.today(), field="on", label=_("تاریخ برگشت"))
    not_before(
        day, donation.received_on, field="on", label=_("تاریخ برگشت"), other=_("تاریخ دریافت")
    )
    reversal = Donation(
        entry=Entry.REVERSAL,
        donor=donation.donor,
        area=donation.area,
        kind=donation.kind,
        method=donation.method,
        amount=-donation.amount,
        received_on=day,
        designation_kind=donation.designation_kind,
        designation_id=donation.designation_id,
        reverses=donation,
        note=reason[:300],
        created_by=user_of(actor),
    )
    reversal.full_clean(exclude=["donor", "reverses"])
    reversal.save()
    donation.status = DonationStatus.REVERSED
    donation.save(update_fields=["status", "updated_at"])
    if donation.pledge_id is not None:
        Pledge.objects.filter(pk=donation.pledge_id).update(
            fulfilled=F("fulfilled") - donation.amount
        )
        Pledge.objects.filter(
            pk=donation.pledge_id, status=PledgeStatus.FULFILLED, fulfilled__lt=F("amount")
        ).update(status=PledgeStatus.OPEN, fulfilled_on=None)
    audit_record(
        actor=actor,
        action=Action.DONATION_REVERSE,
        obj=donation,
        old={"status": DonationStatus.RECEIPTED},
        new={"status": DonationStatus.REVERSED, "reason": reason, "reversal": reversal.pk},
        on=day,
        touches=(donation.donor, reversal),
    )
    return _issue_receipt(actor, reversal)


# Allocations -------------------------------------------------------------------------------


def _designation_allows(donation: Donation, use_kind: str, use_id: int) -> None:
    if donation.designation_kind and donation.designation_kind != use_kind:
        raise ValidationError(
            {
                "use_kind": _(
                    "این کمک برای «%(designated)s» داده شده و به «%(use)s» تخصیص نمی‌یابد."
                )
                % {
                    "designated": UseKind(donation.designation_kind).label,
                    "use": UseKind(use_kind).label,
                }
            }
        )
    if donation.designation_id is not None and donation.designation_id != use_id:
        raise ValidationError(
            {
                "use_id": _(
                    "این کمک برای «%(designated)s» شماره %(id)s داده شده و به مصرف دیگری "
                    "تخصیص نمی‌یابد."
                )
                % {
                    "designated": UseKind(donation.designation_kind).label,
                    "id": to_persian_digits(donation.designation_id),
                }
            }
        )


def _lock_case(pk: int) -> AidCase:
    return AidCase.objects.select_for_update(of=("self",)).select_related("area").get(pk=pk)


@service
def allocate(
    *,
    actor,
    donation: Donation,
    use_kind: str,
    use_id: int,
    rials: int,
    on: datetime.date,
    note: str = "",
) -> Allocation:
    """Give ``rials`` of ``donation`` to one use. Locks the donation row before it reads
    what is left; refuses (Persian ValidationError) zero or negative rials, more than the
    donation has left, a use its designation does not allow, and for an aid case more than
    the case still owes or a case not being funded."""
    if use_kind not in UseKind.values:
        raise ValidationError({"use_kind": _("نوع مصرف نامعتبر است.")})
    if not isinstance(use_id, int) or isinstance(use_id, bool) or use_id <= 0:
        raise ValidationError({"use_id": _("مصرف را انتخاب کنید.")})
    positive_amount(rials, field="rials", label=_("مبلغ تخصیص"))
    donation = _lock_donation(donation)
    require(actor, ALLOCATE_FUNDS, donation.area)
    if donation.entry != Entry.GIFT or donation.status != DonationStatus.RECEIPTED:
        raise ValidationError(
            _("تنها از کمکی که رسید رسمی دارد و برگشت نخورده است می‌توان تخصیص داد.")
        )
    day = not_future(on or clock.today(), field="on", label=_("تاریخ تخصیص"))
    not_before(
        day, donation.received_on, field="on", label=_("تاریخ تخصیص"), other=_("تاریخ دریافت کمک")
    )
    _designation_allows(donation, use_kind, use_id)
    if rials > donation.balance:
        raise ValidationError(
            {
                "rials": _("مبلغ تخصیص (%(rials)s) از مانده این کمک (%(balance)s) بیشتر است.")
                % {"rials": format_rials(rials), "balance": format_rials(donation.balance)}
            }
        )
    touches: tuple[Any, ...] = (donation, donation.donor)
    if use_kind == UseKind.AID_CASE:
        case = _lock_case(use_id) if AidCase.objects.filter(pk=use_id).exists() else None
        if case is None:
            raise ValidationError({"use_id": _("پرونده حمایتی پیدا نشد.")})
        if case.status not in FUNDABLE:
            raise ValidationError(
                {
                    "use_id": _("پرونده %(number)s در وضعیت «%(status)s» کمک نمی‌پذیرد.")
                    % {
                        "number": to_persian_digits(case.number),
                        "status": case.get_status_display(),
                    }
                }
            )
        if rials > case.remaining:
            raise ValidationError(
                {
                    "rials": _(
                        "مبلغ تخصیص (%(rials)s) از مانده بدهی پرونده (%(remaining)s) بیشتر است."
                    )
                    % {"rials": format_rials(rials), "remaining": format_rials(case.remaining)}
                }
            )
        AidCase.objects.filter(pk=case.pk).update(donated=F("donated") + rials)
        touches = (*touches, case)
    updated = Donation.objects.filter(pk=donation.pk, allocated__lte=F("amount") - rials).update(
        allocated=F("allocated") + rials
    )
    if updated != 1:  # pragma: no cover - the lock above makes this unreachable
        raise ValidationError({"rials": _("مانده این کمک کافی نیست.")})
    allocation = Allocation(
        donation=donation,
        use_kind=use_kind,
        use_id=use_id,
        rials=rials,
        on=day,
        area=donation.area,
        note=(note or "").strip()[:300],
        created_by=user_of(actor),
    )
    allocation.save()
    audit_record(
        actor=actor,
        action=Action.ALLOCATE,
        obj=allocation,
        new=snapshot(allocation),
        on=day,
        touches=touches,
    )
    return allocation


@service
def allocation_reverse(
    *, actor, allocation: Allocation, reason: str, on: datetime.date | None = None
) -> Allocation:
    """Return a mistaken allocation's rials to its donation by a reversing allocation. An
    aid case already paid keeps what paid it."""
    allocation = Allocation.objects.select_related("donation").get(pk=allocation.pk)
    donation = _lock_donation(allocation.donation)
    require(actor, ALLOCATE_FUNDS, donation.area)
    reason = required_text(reason, field="reason", label=_("دلیل برگشت تخصیص"))
    if allocation.reverses_id is not None:
        raise ValidationError(_("برگشت تخصیص را نمی‌توان برگشت زد."))
    if Allocation.objects.filter(reverses=allocation).exists():
        raise ValidationError(_("این تخصیص پیش‌تر برگشت خورده است."))
    day = not_future(on or clock.today(), field="on", label=_("تاریخ برگشت"))
    not_before(day, allocation.on, field="on", label=_("تاریخ برگشت"), other=_("تاریخ تخصیص"))
    touches: tuple[Any, ...] = (donation, donation.donor)
    if allocation.use_kind == UseKind.AID_CASE:
        case = _lock_case(allocation.use_id)
        if case.status not in OPEN_CASE_STATUSES:
            raise ValidationError(
                _("پرونده %(number)s پرداخت شده است؛ سهم خیّران آن برنمی‌گردد.")
                % {"number": to_persian_digits(case.number)}
            )
        AidCase.objects.filter(pk=case.pk).update(donated=F("donated") - allocation.rials)
        touches = (*touches, case)
    Donation.objects.filter(pk=donation.pk).update(allocated=F("allocated") - allocation.rials)
    reversal = Allocation.objects.create(
        donation=donation,
        use_kind=allocation.use_kind,
        use_id=allocation.use_id,
        rials=-allocation.rials,
        on=day,
        area=donation.area,
        note=reason[:300],
        reverses=allocation,
        created_by=user_of(actor),
    )
    audit_record(
        actor=actor,
        action=Action.ALLOCATION_REVERSE,
        obj=allocation,
        new={"reversal": reversal.pk, "rials": reversal.rials, "reason": reason},
        on=day,
        touches=(*touches, reversal),
    )
    return reversal


# Pledges -------------------------------------------------------------------------------------


@service
def pledge_record(
    *,
    actor,
    donor: Donor,
    amount: int,
    due_on: datetime.date,
    pledged_on: datetime.date | None = None,
    designation_kind: str = "",
    designation_id: int | None = None,
    note: str = "",
) -> Pledge:
    """A donor's promise to give ``amount`` by ``due_on``."""
    require(actor, RECORD_DONATIONS, donor.area)
    positive_amount(amount, field="amount", label=_("مبلغ تعهد"))
    pledged = not_future(pledged_on or clock.today(), field="pledged_on", label=_("تاریخ تعهد"))
    if due_on is None:
        raise ValidationError({"due_on": _("سررسید تعهد را وارد کنید.")})
    not_before(due_on, pledged, field="due_on", label=_("سررسید"), other=_("تاریخ تعهد"))
    designation_kind, designation_id = _check_designation(designation_kind, designation_id)
    pledge = Pledge(
        donor=donor,
        area=donor.area,
        amount=amount,
        pledged_on=pledged,
        due_on=due_on,
        designation_kind=designation_kind,
        designation_id=designation_id,
        note=(note or "").strip()[:300],
        created_by=user_of(actor),
    )
    return audited_create(
        pledge, actor=actor, action=Action.PLEDGE_RECORD, exclude=["donor"], touches=(donor,)
    )


@service
def pledge_cancel(*, actor, pledge: Pledge, reason: str) -> Pledge:
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    require(actor, RECORD_DONATIONS, pledge.area)
    reason = required_text(reason, field="reason", label=_("دلیل لغو"))
    if pledge.status != PledgeStatus.OPEN:
        raise ValidationError(_("تنها تعهد باز لغو می‌شود."))
    pledge.status = PledgeStatus.CANCELLED
    pledge.note = reason[:300]
    pledge.save(update_fields=["status", "note", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.PLEDGE_CANCEL,
        obj=pledge,
        old={"status": PledgeStatus.OPEN},
        new={"status": pledge.status, "reason": reason},
    )
    return pledge


# Aid cases -----------------------------------------------------------------------------------


def _check_settlement(judgment: Any, forgiveness: Any, loan: Any, donated: int = 0) -> None:
    positive_amount(judgment, field="judgment_amount", label=_("مبلغ محکومیت"))
    for field, value, label in (
        ("forgiveness", forgiveness, _("گذشت طلبکار")),
        ("loan_amount", loan, _("وام قرض‌الحسنه")),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValidationError({field: _("%(label)s نمی‌تواند منفی باشد.") % {"label": label}})
    if forgiveness + loan + donated > judgment:
        raise ValidationError(
            {
                "forgiveness": _(
                    "گذشت، وام و سهم خیّران (%(sum)s) از مبلغ محکومیت (%(judgment)s) بیشتر است."
                )
                % {
                    "sum": format_rials(forgiveness + loan + donated),
                    "judgment": format_rials(judgment),
                }
            }
        )


@service
def case_open(
    *,
    actor,
    person: Any,
    area: Area,
    judgment_amount: int,
    case_type: str = CaseType.PRISONER_RELEASE,
    prison: str = "",
    debt_type: str = "",
    forgiveness: int = 0,
    loan_amount: int = 0,
    on: datetime.date | None = None,
    note: str = "",
    source_id: str | None = None,
) -> AidCase:
    """Open an aid case for ``person``: for a prisoner, the prison, the debt's type and the
    judgment amount, with the creditor's forgiveness and an interest-free loan so far."""
    area = _check_area(area)
    require(actor, OPEN_CASES, area)
    if case_type not in CaseType.values:
        raise ValidationError({"case_type": _("نوع پرونده را انتخاب کنید.")})
    if person is None:
        raise ValidationError({"person": _("مددجو را از فهرست افراد انتخاب کنید.")})
    if case_type == CaseType.PRISONER_RELEASE:
        prison = required_text(prison, field="prison", label=_("نام زندان"))
        if debt_type not in DebtType.values or debt_type == DebtType.NONE:
            raise ValidationError({"debt_type": _("نوع بدهی زندانی را انتخاب کنید.")})
    else:
        debt_type = debt_type if debt_type in DebtType.values else DebtType.NONE
    _check_settlement(judgment_amount, forgiveness, loan_amount)
    day = not_future(on or clock.today(), field="on", label=_("تاریخ شناسایی"))
    case = AidCase(
        case_type=case_type,
        area=area,
        person=person,
        prison=(prison or "").strip()[:200],
        debt_type=debt_type,
        judgment_amount=judgment_amount,
        forgiveness=forgiveness,
        loan_amount=loan_amount,
        opened_on=day,
        note=(note or "").strip(),
        created_by=user_of(actor),
        source_id=source_id or None,
    )
    case.full_clean(exclude=["person"])
    case.save()
    case.number = f"{jalali_year_of(day)}-{case.pk:06d}"
    case.save(update_fields=["number"])
    CaseChange.objects.create(
        case=case, action="open", to_status=CaseStatus.IDENTIFIED, on=day, actor=user_of(actor)
    )
    audit_record(actor=actor, action=Action.CASE_OPEN, obj=case, new=snapshot(case), on=day)
    return case


CASE_EDITABLE = ("prison", "debt_type", "judgment_amount", "forgiveness", "loan_amount", "note")


@service
def case_update(*, actor, case: AidCase, **fields: Any) -> AidCase:
    """Correct a case not yet paid (the debt, the forgiveness and the loan as they become
    known); the donors' share is only ever changed by allocations."""
    case = _lock_case(case.pk)
    require(actor, OPEN_CASES, case.area)
    if case.status not in OPEN_CASE_STATUSES:
        raise ValidationError(
            _("پرونده‌ای با وضعیت «%(status)s» ویرایش نمی‌شود.")
            % {"status": case.get_status_display()}
        )

    def prepare(changed_case: AidCase) -> None:
        _check_settlement(
            changed_case.judgment_amount,
            changed_case.forgiveness,
            changed_case.loan_amount,
            changed_case.donated,
        )

    case, _changed = model_update(
        case,
        actor=actor,
        action=Action.CASE_UPDATE,
        fields=fields,
        allowed=CASE_EDITABLE,
        prepare=prepare,
    )
    return case


def _start(
    *, actor, case: AidCase, action: str, on: datetime.date | None
) -> tuple[AidCase, datetime.date]:
    case = _lock_case(case.pk)
    WORKFLOW.check(actor=actor, record=case, action=action)
    day = WORKFLOW.check_date(record=case, action=action, on=on or clock.today())
    return case, day


def _move(
    case: AidCase, *, action: str, actor, on: datetime.date, note: str = "", **values: Any
) -> AidCase:
    step = WORKFLOW.step(action)
    before = snapshot(case)
    from_status = case.status
    case.status = step.target or case.status
    for name, value in values.items():
        setattr(case, name, value)
    case.save()
    CaseChange.objects.filter(case=case, until__isnull=True).update(until=on)
    CaseChange.objects.create(
        case=case,
        action=action,
        from_status=from_status,
        to_status=case.status,
        on=on,
        actor=user_of(actor),
        note=note,
    )
    old, new = changed(before, snapshot(case))
    audit_record(actor=actor, action=f"funds.case_{action}", obj=case, old=old, new=new, on=on)
    return case


@service
def case_review(
    *, actor, case: AidCase, on: datetime.date | None = None, note: str = ""
) -> AidCase:
    """The office has checked the case (the judgment, the person's circumstances)."""
    case, day = _start(actor=actor, case=case, action="review", on=on)
    return _move(case, action="review", actor=actor, on=day, note=note)


@service
def case_fund(*, actor, case: AidCase, on: datetime.date | None = None, note: str = "") -> AidCase:
    """The case is open to donors' money."""
    case, day = _start(actor=actor, case=case, action="fund", on=on)
    return _move(case, action="fund", actor=actor, on=day, note=note)


@service
def case_schedule(*, actor, case: AidCase, planned_on: datetime.date, note: str = "") -> AidCase:
    """Set the day the prisoner is to be freed (often a ceremony of an occasion's week): a
    day that may lie ahead, never before the case was opened."""
    case = _lock_case(case.pk)
    WORKFLOW.check(actor=actor, record=case, action="schedule")
    if planned_on is None:
        raise ValidationError({"planned_on": _("تاریخ آزادی را وارد کنید.")})
    not_before(
        planned_on,
        case.paid_on or case.opened_on,
        field="planned_on",
        label=_("تاریخ آزادی"),
        other=_("تاریخ پرداخت") if case.paid_on else _("تاریخ شناسایی"),
    )
    old = case.planned_release_on
    case.planned_release_on = planned_on
    case.save(update_fields=["planned_release_on", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.CASE_SCHEDULE,
        obj=case,
        old={"planned_release_on": str(old) if old else None},
        new={"planned_release_on": str(planned_on), "note": note},
    )
    return case


@service
def case_pay(*, actor, case: AidCase, on: datetime.date | None = None, note: str = "") -> AidCase:
    """The debt is paid to the court: possible only once forgiveness, loan and donors'
    share add up to it."""
    locked = _lock_case(case.pk)
    if locked.status == CaseStatus.FUNDING and locked.remaining > 0:
        raise ValidationError(
            _("هنوز %(remaining)s از بدهی پرونده %(number)s تأمین نشده است.")
            % {
                "remaining": format_rials(locked.remaining),
                "number": to_persian_digits(locked.number),
            }
        )
    case, day = _start(actor=actor, case=locked, action="pay", on=on)
    return _move(case, action="pay", actor=actor, on=day, note=note, paid_on=day)


@service
def case_release(
    *, actor, case: AidCase, on: datetime.date | None = None, note: str = ""
) -> AidCase:
    """The prisoner walks free (a release ceremony of the events module calls this): never
    before the debt is paid nor dated before the payment. The release is the person's
    benefit in the people ledger, worth the debt settled."""
    locked = _lock_case(case.pk)
    if locked.status in OPEN_CASE_STATUSES:
        raise ValidationError(
            _("پرونده %(number)s هنوز پرداخت نشده است؛ آزادی پیش از پرداخت بدهی ممکن نیست.")
            % {"number": to_persian_digits(locked.number)}
        )
    case, day = _start(actor=actor, case=locked, action="release", on=on)
    case = _move(case, action="release", actor=actor, on=day, note=note, released_on=day)
    benefit_record(
        actor=actor,
        programme=PROGRAMME.get(case.case_type, Programme.OTHER),
        date=day,
        value=case.judgment_amount,
        area=case.area,
        source=case,
        person=case.person,
        note=str(case.number or ""),
    )
    return case


PROGRAMME: dict[str, str] = {
    CaseType.PRISONER_RELEASE: Programme.RELEASE,
    CaseType.MEDICAL: Programme.MEDICAL,
    CaseType.DOWRY: Programme.OTHER,
}


@service
def case_close(*, actor, case: AidCase, reason: str, on: datetime.date | None = None) -> AidCase:
    """Close a case before it is paid, with a reason. Donors' money it received stays
    traceable; reverse its allocations first to spend it elsewhere."""
    reason = required_text(reason, field="reason", label=_("دلیل بستن پرونده"))
    case, day = _start(actor=actor, case=case, action="close", on=on)
    if case.donated:
        raise ValidationError(
            _("%(amount)s از کمک خیّران به این پرونده تخصیص یافته است؛ نخست آن را برگشت بزنید.")
            % {"amount": format_rials(case.donated)}
        )
    return _move(case, action="close", actor=actor, on=day, note=reason, close_reason=reason)
