"""A hypothesis state machine of gifts, allocations, their reversals and an aid case: the
invariant after every step is "allocated ≤ received, every rial traceable" — each
donation's allocated column is the sum of its allocations and never passes what it
received, each use holds exactly what was allocated to it, and the case's donors' share is
its allocations."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from abadi.core import clock
from abadi.funds import selectors, services
from abadi.funds.models import Allocation, Donation, DonationStatus, UseKind

from .conftest import ALLOCATED, RECEIVED

pytestmark = pytest.mark.django_db

USES = [(UseKind.PROJECT, 1), (UseKind.PROJECT, 2), (UseKind.RELIEF_CAMPAIGN, 1)]


def machine(staff, donor, case):
    class Money(RuleBasedStateMachine):
        donations = Bundle("donations")
        allocations = Bundle("allocations")

        def __init__(self) -> None:
            super().__init__()
            self.mine: list[int] = []
            self.expected_use: dict[tuple[str, int], int] = {}
            self.start_use = {
                use: selectors.allocated_to(use_kind=use[0], use_id=use[1])
                for use in [*USES, (UseKind.AID_CASE, case.pk)]
            }

        @rule(target=donations, rials=st.integers(min_value=-5, max_value=5_000))
        def give(self, rials):
            try:
                donation = services.donation_record(
                    actor=staff.clerk,
                    donor=donor,
                    kind="cash",
                    amount=rials,
                    method="cash",
                    received_on=RECEIVED,
                )
            except ValidationError:
                assert rials <= 0
                return None
            self.mine.append(donation.pk)
            return donation.pk

        @rule(
            target=allocations,
            donation=donations,
            use=st.sampled_from([*USES, "case"]),
            rials=st.integers(min_value=-5, max_value=6_000),
        )
        def allocate(self, donation, use, rials):
            if donation is None:
                return None
            kind, use_id = (UseKind.AID_CASE, case.pk) if use == "case" else use
            record = Donation.objects.get(pk=donation)
            try:
                allocation = services.allocate(
                    actor=staff.officer,
                    donation=record,
                    use_kind=kind,
                    use_id=use_id,
                    rials=rials,
                    on=ALLOCATED,
                )
            except ValidationError:
                case.refresh_from_db()
                assert (
                    rials <= 0
                    or rials > record.balance
                    or (kind == UseKind.AID_CASE and rials > case.remaining)
                )
                return None
            self.expected_use[(kind, use_id)] = self.expected_use.get((kind, use_id), 0) + rials
            return allocation.pk

        @rule(allocation=consumes(allocations))
        def unallocate(self, allocation):
            if allocation is None:
                return
            record = Allocation.objects.get(pk=allocation)
            services.allocation_reverse(
                actor=staff.officer, allocation=record, reason="آزمون", on=ALLOCATED
            )
            key = (record.use_kind, record.use_id)
            self.expected_use[key] -= record.rials

        @rule(donation=donations)
        def reverse(self, donation):
            if donation is None:
                return
            record = Donation.objects.get(pk=donation)
            try:
                services.donation_reverse(
                    actor=staff.officer, donation=record, reason="آزمون", on=ALLOCATED
                )
            except ValidationError:
                assert record.allocated > 0 or record.status == DonationStatus.REVERSED

        @invariant()
        def allocated_within_received_and_traceable(self):
            for donation in Donation.objects.filter(pk__in=self.mine):
                total = donation.allocations.aggregate(total=Sum("rials"))["total"] or 0
                assert donation.allocated == total
                assert 0 <= donation.allocated <= donation.amount
                assert donation.balance >= 0
            for use, start in self.start_use.items():
                now = selectors.allocated_to(use_kind=use[0], use_id=use[1])
                assert now == start + self.expected_use.get(use, 0)
            case.refresh_from_db()
            assert case.donated == selectors.allocated_to(use_kind=UseKind.AID_CASE, use_id=case.pk)
            assert case.remaining >= 0

    return Money


def test_allocated_never_passes_received_and_every_rial_is_traceable(staff, donor, open_case):
    case = open_case(judgment=8_000)
    run_state_machine_as_test(
        machine(staff, donor, case),
        settings=settings(
            max_examples=20,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    assert clock.today() >= RECEIVED
