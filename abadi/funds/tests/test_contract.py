"""The contract other modules build on: allocating a donation to a use, its balance, what
a use received, and finding a donation by its receipt."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from abadi.core.persian import to_persian_digits
from abadi.funds import selectors, services
from abadi.funds.models import Allocation, Donation, UseKind

from .conftest import ALLOCATED, RECEIVED

pytestmark = pytest.mark.django_db


def test_exactly_the_balance_passes_and_one_rial_more_fails(give, staff):
    donation = give(1_000_000)
    services.allocate(
        actor=staff.officer,
        donation=donation,
        use_kind=UseKind.PROJECT,
        use_id=7,
        rials=400_000,
        on=ALLOCATED,
    )
    assert selectors.donation_balance(donation=donation) == 600_000
    with pytest.raises(ValidationError, match="بیشتر است"):
        services.allocate(
            actor=staff.officer,
            donation=donation,
            use_kind=UseKind.PROJECT,
            use_id=7,
            rials=600_001,
            on=ALLOCATED,
        )
    services.allocate(
        actor=staff.officer,
        donation=donation,
        use_kind=UseKind.RELIEF_CAMPAIGN,
        use_id=3,
        rials=600_000,
        on=ALLOCATED,
    )
    assert selectors.donation_balance(donation=donation) == 0
    assert selectors.allocated_to(use_kind=UseKind.PROJECT, use_id=7) == 400_000
    assert selectors.allocated_to(use_kind=UseKind.RELIEF_CAMPAIGN, use_id=3) == 600_000
    assert selectors.allocated_to(use_kind=UseKind.PROJECT, use_id=8) == 0


@pytest.mark.parametrize("rials", [0, -1, -1_000_000])
def test_zero_and_negative_rials_are_refused(give, staff, rials):
    donation = give(1_000_000)
    with pytest.raises(ValidationError, match="بیشتر از صفر"):
        services.allocate(
            actor=staff.officer,
            donation=donation,
            use_kind=UseKind.PROJECT,
            use_id=7,
            rials=rials,
            on=ALLOCATED,
        )
    assert not Allocation.objects.exists()


def test_a_designated_donation_goes_only_to_its_use(give, staff):
    to_campaign = give(1_000_000, designation_kind=UseKind.RELIEF_CAMPAIGN)
    with pytest.raises(ValidationError, match="داده شده"):
        services.allocate(
            actor=staff.officer,
            donation=to_campaign,
            use_kind=UseKind.PROJECT,
            use_id=7,
            rials=1,
            on=ALLOCATED,
        )
    services.allocate(
        actor=staff.officer,
        donation=to_campaign,
        use_kind=UseKind.RELIEF_CAMPAIGN,
        use_id=9,
        rials=1,
        on=ALLOCATED,
    )
    to_project = give(1_000_000, designation_kind=UseKind.PROJECT, designation_id=7)
    with pytest.raises(ValidationError, match="مصرف دیگری"):
        services.allocate(
            actor=staff.officer,
            donation=to_project,
            use_kind=UseKind.PROJECT,
            use_id=8,
            rials=1,
            on=ALLOCATED,
        )
    services.allocate(
        actor=staff.officer,
        donation=to_project,
        use_kind=UseKind.PROJECT,
        use_id=7,
        rials=1_000_000,
        on=ALLOCATED,
    )


def test_the_database_refuses_more_allocated_than_received(give):
    donation = give(1_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Donation.objects.filter(pk=donation.pk).update(allocated=1_001)


def test_allocation_is_audited_and_listed_for_its_use(give, staff):
    from abadi.core.models import AuditEvent

    donation = give(5_000)
    allocation = services.allocate(
        actor=staff.officer,
        donation=donation,
        use_kind=UseKind.RELIEF_PURCHASE,
        use_id=4,
        rials=5_000,
        on=ALLOCATED,
        note="خرید بسته معیشتی",
    )
    event = AuditEvent.objects.filter(action="funds.allocate").get()
    assert event.object_id == str(allocation.pk)
    assert list(
        selectors.allocations_to(actor=staff.officer, use_kind=UseKind.RELIEF_PURCHASE, use_id=4)
    ) == [allocation]
    # Another county's officer sees none of 2403's allocations.
    assert not selectors.allocations_to(
        actor=staff.other_county, use_kind=UseKind.RELIEF_PURCHASE, use_id=4
    ).exists()


def test_allocating_takes_the_permission_in_the_donations_area(give, staff):
    donation = give(5_000)
    with pytest.raises(PermissionDenied):
        services.allocate(
            actor=staff.other_county,
            donation=donation,
            use_kind=UseKind.PROJECT,
            use_id=1,
            rials=1,
            on=ALLOCATED,
        )
    with pytest.raises(PermissionDenied):
        services.allocate(
            actor=staff.clerk,
            donation=donation,
            use_kind=UseKind.PROJECT,
            use_id=1,
            rials=1,
            on=ALLOCATED,
        )


def test_allocation_dated_before_the_gift_is_refused(give, staff):
    donation = give(5_000)
    with pytest.raises(ValidationError, match="پیش از"):
        services.allocate(
            actor=staff.officer,
            donation=donation,
            use_kind=UseKind.PROJECT,
            use_id=1,
            rials=1,
            on=RECEIVED - datetime.timedelta(days=1),
        )


def test_donation_get_and_by_receipt_are_scoped(give, staff):
    donation = give(5_000)
    assert selectors.donation_get(actor=staff.county, pk=donation.pk) == donation
    assert selectors.donation_by_receipt(actor=staff.county, number=donation.number) == donation
    assert (
        selectors.donation_by_receipt(actor=staff.county, number=to_persian_digits(donation.number))
        == donation
    )
    with pytest.raises(Http404):
        selectors.donation_get(actor=staff.other_county, pk=donation.pk)
    with pytest.raises(Http404):
        selectors.donation_by_receipt(actor=staff.other_county, number=donation.number)


def test_sibling_codes_do_not_leak(areas, staff, donor):
    """A user of 2403 never sees a donation of 24031 (a code that starts with 2403)."""
    from abadi.funds.models import DonorKind
    from abadi.geography.models import Area, AreaLevel

    sibling = Area.objects.create(
        code="24031",
        name="شهرستان آزمایشی",
        level=AreaLevel.COUNTY,
        parent=areas["24"],
        path="/IR/24/24031/",
        depth=2,
        search_key="شهرستان آزمایشی",
    )
    other = services.donor_register(
        actor=staff.officer, kind=DonorKind.GROUP, area=sibling, name="خیّران ۲۴۰۳۱"
    )
    donation = services.donation_record(
        actor=staff.officer,
        donor=other,
        kind="cash",
        amount=10,
        method="cash",
        received_on=RECEIVED,
    )
    with pytest.raises(Http404):
        selectors.donation_get(actor=staff.county, pk=donation.pk)
    assert not selectors.donation_list(actor=staff.county).filter(pk=donation.pk).exists()
    assert selectors.donation_get(actor=staff.manager, pk=donation.pk) == donation


def test_an_aid_case_takes_no_more_than_it_still_owes(give, staff, open_case):
    case = open_case(judgment=1_000, forgiveness=300, loan=200)
    donation = give(10_000)
    with pytest.raises(ValidationError, match="مانده بدهی"):
        services.allocate(
            actor=staff.officer,
            donation=donation,
            use_kind=UseKind.AID_CASE,
            use_id=case.pk,
            rials=501,
            on=ALLOCATED,
        )
    services.allocate(
        actor=staff.officer,
        donation=donation,
        use_kind=UseKind.AID_CASE,
        use_id=case.pk,
        rials=500,
        on=ALLOCATED,
    )
    case.refresh_from_db()
    assert case.remaining == 0 and case.donated == 500
    assert selectors.allocated_to(use_kind=UseKind.AID_CASE, use_id=case.pk) == 500


def test_an_aid_case_not_being_funded_takes_nothing(give, staff, open_case):
    from abadi.funds.models import CaseStatus

    case = open_case(CaseStatus.REVIEWED)
    with pytest.raises(ValidationError, match="در وضعیت"):
        services.allocate(
            actor=staff.officer,
            donation=give(10_000),
            use_kind=UseKind.AID_CASE,
            use_id=case.pk,
            rials=1,
            on=ALLOCATED,
        )
