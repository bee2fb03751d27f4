"""Receipts paid by the funds module: a purchase allocates the donation in the same
transaction, exactly at the balance passes and one rial over leaves nothing behind."""

import pytest
from django.core.exceptions import ValidationError

from abadi.core.actors import SYSTEM
from abadi.funds import selectors as funds_selectors
from abadi.funds import services as funds
from abadi.funds.models import DonationKind, DonorKind, UseKind
from abadi.relief import services
from abadi.relief.models import ReceiptSource, Stock, StockMove
from abadi.relief.tests.conftest import DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def donation(areas):
    donor = funds.donor_register(
        actor=SYSTEM, kind=DonorKind.GROUP, area=areas["2403"], name="خیّران بازار خلخال"
    )
    return funds.donation_record(
        actor=SYSTEM,
        donor=donor,
        kind=DonationKind.CASH,
        amount=3_000_000,
        method="transfer",
        received_on=DAY,
    )


def test_a_purchase_exactly_at_the_balance_is_allocated(clerk, areas, rice, donation):
    warehouse = services.warehouse_create(actor=SYSTEM, name="انبار", area=areas["2403"])
    move = services.stock_receive(
        actor=SYSTEM,
        warehouse=warehouse,
        item=rice,
        quantity=10,
        on=DAY,
        source=ReceiptSource.PURCHASE,
        donation=donation,
    )
    assert move.value == 3_000_000
    assert (
        funds_selectors.allocated_to(use_kind=UseKind.RELIEF_PURCHASE, use_id=move.pk) == 3_000_000
    )


def test_a_purchase_one_rial_over_the_balance_leaves_no_stock(areas, rice, donation):
    warehouse = services.warehouse_create(actor=SYSTEM, name="انبار", area=areas["2403"])
    with pytest.raises(ValidationError):
        services.stock_receive(
            actor=SYSTEM,
            warehouse=warehouse,
            item=rice,
            quantity=10,
            on=DAY,
            source=ReceiptSource.PURCHASE,
            donation=donation,
            value=3_000_001,
        )
    assert not StockMove.objects.exists()
    assert not Stock.objects.filter(quantity__gt=0).exists()


def test_an_in_kind_receipt_refuses_a_cash_donation(areas, rice, donation):
    warehouse = services.warehouse_create(actor=SYSTEM, name="انبار", area=areas["2403"])
    with pytest.raises(ValidationError):
        services.stock_receive(
            actor=SYSTEM,
            warehouse=warehouse,
            item=rice,
            quantity=1,
            on=DAY,
            source=ReceiptSource.IN_KIND,
            donation=donation,
        )
