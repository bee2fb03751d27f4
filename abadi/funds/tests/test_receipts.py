"""Receipts: one number per donation, in order and without a gap through each Jalali year;
a receipted donation is never edited nor deleted, and is corrected by a reversing entry."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from abadi.core.models import AuditEvent
from abadi.funds import documents, selectors, services
from abadi.funds.models import Donation, DonationStatus, Entry, ReceiptCounter, UseKind

from .conftest import ALLOCATED, RECEIVED

pytestmark = pytest.mark.django_db


def test_numbers_run_in_order_through_each_jalali_year(give):
    first = give(10, on=datetime.date(2022, 3, 20))  # 1400/12/29
    second = give(10, on=datetime.date(2022, 3, 21))  # 1401/01/01
    third = give(10, on=datetime.date(2022, 3, 19))
    assert first.number == "1400-000001"
    assert second.number == "1401-000001"
    assert third.number == "1400-000002"


def test_a_failed_transaction_leaves_no_gap(give, staff, donor):
    give(10)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.donation_record(
            actor=staff.clerk,
            donor=donor,
            kind="cash",
            amount=10,
            method="cash",
            received_on=RECEIVED,
        )
        raise RuntimeError("the rest of the transaction failed")
    # A donation that fails validation takes no number either.
    with pytest.raises(ValidationError):
        services.donation_record(
            actor=staff.clerk,
            donor=donor,
            kind="cash",
            amount=0,
            method="cash",
            received_on=RECEIVED,
        )
    after = give(10)
    assert after.number == "1400-000002"
    assert ReceiptCounter.objects.get(year=1400).last == 2
    seqs = sorted(Donation.objects.values_list("receipt_seq", flat=True))
    assert seqs == [1, 2]


def test_a_receipted_donation_is_never_edited_nor_deleted(give, staff):
    donation = give(1_000)
    with pytest.raises(ValidationError, match="سند برگشت"):
        services.donation_update(actor=staff.clerk, donation=donation, amount=2_000)
    with pytest.raises(ValidationError, match="سند برگشت"):
        services.donation_delete(actor=staff.clerk, donation=donation)
    with pytest.raises(PermissionError):
        donation.delete()
    donation.refresh_from_db()
    assert donation.amount == 1_000


def test_a_donation_without_its_receipt_may_be_corrected_then_receipted(give, staff):
    donation = give(1_000, receipt=False)
    assert donation.number is None
    services.donation_update(actor=staff.clerk, donation=donation, amount=1_500)
    donation = services.donation_receipt(actor=staff.clerk, donation=donation)
    assert donation.amount == 1_500 and donation.number == "1400-000001"
    assert selectors.donation_balance(donation=donation) == 1_500
    with pytest.raises(ValidationError, match="صادر شده"):
        services.donation_receipt(actor=staff.clerk, donation=donation)


def test_money_without_a_receipt_is_not_allocated(give, staff):
    donation = give(1_000, receipt=False)
    assert selectors.donation_balance(donation=donation) == 0
    with pytest.raises(ValidationError, match="رسید رسمی"):
        services.allocate(
            actor=staff.officer,
            donation=donation,
            use_kind=UseKind.PROJECT,
            use_id=1,
            rials=1,
            on=ALLOCATED,
        )


def test_a_reversal_is_a_numbered_entry_of_the_opposite_sign(give, staff):
    donation = give(1_000)
    reversal = services.donation_reverse(
        actor=staff.officer, donation=donation, reason="واریز تکراری", on=ALLOCATED
    )
    donation.refresh_from_db()
    assert donation.status == DonationStatus.REVERSED
    assert reversal.entry == Entry.REVERSAL and reversal.amount == -1_000
    assert reversal.number == "1400-000002" and reversal.reverses == donation
    assert selectors.donation_balance(donation=donation) == 0
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"funds.donation_record", "funds.donation_reverse"} <= actions
    with pytest.raises(ValidationError, match="خورده است"):
        services.donation_reverse(actor=staff.officer, donation=donation, reason="دوباره")


def test_allocated_money_is_returned_before_a_reversal(give, staff):
    donation = give(1_000)
    allocation = services.allocate(
        actor=staff.officer,
        donation=donation,
        use_kind=UseKind.PROJECT,
        use_id=1,
        rials=400,
        on=ALLOCATED,
    )
    with pytest.raises(ValidationError, match="برگشت بزنید"):
        services.donation_reverse(actor=staff.officer, donation=donation, reason="اشتباه")
    back = services.allocation_reverse(
        actor=staff.officer, allocation=allocation, reason="ثبت اشتباه", on=ALLOCATED
    )
    assert back.rials == -400
    assert selectors.allocated_to(use_kind=UseKind.PROJECT, use_id=1) == 0
    assert selectors.donation_balance(donation=donation) == 1_000
    services.donation_reverse(actor=staff.officer, donation=donation, reason="اشتباه")


def test_the_receipt_is_a_persian_pdf(give, staff):
    donation = give(1_250_000, bank_reference="778899")
    html = documents.receipt_html(actor=staff.clerk, donation=donation)
    assert "۱۴۰۰-۰۰۰۰۰۱" in html
    assert "یک میلیون و دویست و پنجاه هزار" in html
    pdf = documents.receipt_pdf(actor=staff.clerk, donation=donation)
    assert pdf.startswith(b"%PDF")


def test_in_kind_gifts_are_worth_their_lines(staff, donor):
    donation = services.donation_record(
        actor=staff.clerk,
        donor=donor,
        kind="in_kind",
        items=[
            services.Item(name="برنج", quantity=100, unit="کیسه", value=300_000_000),
            services.Item(name="روغن", quantity=200, unit="حلب", value=200_000_000),
        ],
        received_on=RECEIVED,
    )
    assert donation.amount == 500_000_000 and donation.method == "goods"
    with pytest.raises(ValidationError):
        services.donation_record(
            actor=staff.clerk,
            donor=donor,
            kind="in_kind",
            items=[services.Item(name="برنج", quantity=0, value=1)],
            received_on=RECEIVED,
        )
