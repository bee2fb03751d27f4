"""Aid cases along their statuses: identified → reviewed → funding → paid → released, with
effective dates, closed with a reason, a release never before the payment, and the release
recorded as a benefit in the people ledger."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from abadi.core import clock
from abadi.funds import selectors, services
from abadi.funds.models import CaseChange, CaseStatus, UseKind
from abadi.funds.workflow import WORKFLOW
from abadi.people.selectors import benefits_for

from .conftest import ALLOCATED, FUNDING, PAID, RELEASED, make_person

pytestmark = pytest.mark.django_db


def _fund_fully(case, give, staff):
    donation = give(case.remaining)
    services.allocate(
        actor=staff.officer,
        donation=donation,
        use_kind=UseKind.AID_CASE,
        use_id=case.pk,
        rials=case.remaining,
        on=ALLOCATED,
    )
    case.refresh_from_db()
    return case


def test_a_case_walks_to_its_release_and_the_ledger_records_it(give, staff, open_case):
    case = open_case(judgment=900_000_000, forgiveness=300_000_000, loan=100_000_000)
    case = _fund_fully(case, give, staff)
    assert case.donated == 500_000_000 and case.remaining == 0
    case = services.case_pay(actor=staff.officer, case=case, on=PAID)
    case = services.case_release(actor=staff.county, case=case, on=RELEASED)
    assert case.status == CaseStatus.RELEASED and case.released_on == RELEASED
    steps = list(CaseChange.objects.filter(case=case).values_list("action", "on", "until"))
    assert [step[0] for step in steps] == ["open", "review", "fund", "pay", "release"]
    assert steps[-1][2] is None and steps[-2][2] == RELEASED
    benefits = list(benefits_for(actor=staff.manager, person=case.person))
    assert len(benefits) == 1
    assert benefits[0].programme == "release" and benefits[0].value == 900_000_000


def test_a_release_before_payment_is_refused(give, staff, open_case):
    case = open_case()
    with pytest.raises(ValidationError, match="پیش از پرداخت"):
        services.case_release(actor=staff.officer, case=case, on=RELEASED)


def test_payment_needs_the_whole_debt_settled(give, staff, open_case):
    case = open_case(judgment=1_000)
    donation = give(999)
    services.allocate(
        actor=staff.officer,
        donation=donation,
        use_kind=UseKind.AID_CASE,
        use_id=case.pk,
        rials=999,
        on=ALLOCATED,
    )
    with pytest.raises(ValidationError, match="تأمین نشده"):
        services.case_pay(actor=staff.officer, case=case, on=PAID)
    services.case_update(actor=staff.officer, case=case, forgiveness=1)
    services.case_pay(actor=staff.officer, case=case, on=PAID)


def test_a_release_is_not_dated_before_the_payment(give, staff, open_case):
    case = _fund_fully(open_case(judgment=1_000), give, staff)
    services.case_pay(actor=staff.officer, case=case, on=PAID)
    with pytest.raises(ValidationError, match="پیش از"):
        services.case_release(actor=staff.officer, case=case, on=PAID - datetime.timedelta(days=1))
    services.case_release(actor=staff.officer, case=case, on=PAID)


def test_settlement_never_passes_the_debt(staff, areas):
    with pytest.raises(ValidationError, match="بیشتر است"):
        services.case_open(
            actor=staff.clerk,
            person=make_person(areas["2403"]),
            area=areas["2403"],
            judgment_amount=1_000,
            forgiveness=600,
            loan_amount=401,
            prison="زندان خلخال",
            debt_type="cheque",
        )
    with pytest.raises(ValidationError, match="بیشتر از صفر"):
        services.case_open(
            actor=staff.clerk,
            person=make_person(areas["2403"]),
            area=areas["2403"],
            judgment_amount=0,
            prison="زندان خلخال",
            debt_type="cheque",
        )


def test_a_case_closes_with_a_reason_and_only_before_payment(staff, open_case):
    case = open_case(CaseStatus.REVIEWED)
    with pytest.raises(ValidationError):
        services.case_close(actor=staff.officer, case=case, reason=" ")
    case = services.case_close(actor=staff.officer, case=case, reason="گذشت کامل شاکی")
    assert case.status == CaseStatus.CLOSED and case.close_reason == "گذشت کامل شاکی"
    with pytest.raises(ValidationError):
        services.case_fund(actor=staff.officer, case=case, on=FUNDING)


def test_a_step_in_the_future_is_refused(staff, open_case):
    case = open_case(CaseStatus.IDENTIFIED)
    with pytest.raises(ValidationError, match="آینده"):
        services.case_review(
            actor=staff.officer, case=case, on=clock.today() + datetime.timedelta(days=2)
        )


def test_scheduling_may_look_ahead(staff, open_case):
    case = open_case()
    ahead = clock.today() + datetime.timedelta(days=10)
    case = services.case_schedule(actor=staff.officer, case=case, planned_on=ahead)
    assert case.planned_release_on == ahead
    with pytest.raises(ValidationError, match="پیش از"):
        services.case_schedule(
            actor=staff.officer, case=case, planned_on=case.opened_on - datetime.timedelta(days=1)
        )


def test_steps_take_the_permission_in_the_cases_area(staff, open_case):
    case = open_case(CaseStatus.IDENTIFIED)
    with pytest.raises(PermissionDenied):
        services.case_review(actor=staff.other_county, case=case)
    with pytest.raises(PermissionDenied):
        services.case_review(actor=staff.clerk, case=case)
    assert [step.action for step in WORKFLOW.available(actor=staff.county, record=case)] == [
        "review",
        "close",
    ]


def test_case_get_is_scoped(staff, open_case):
    case = open_case(CaseStatus.IDENTIFIED)
    assert selectors.case_get(actor=staff.county, pk=case.pk) == case
    with pytest.raises(Http404):
        selectors.case_get(actor=staff.other_county, pk=case.pk)


def test_a_closed_case_returns_its_money_first(give, staff, open_case):
    case = open_case(judgment=1_000)
    donation = give(500)
    allocation = services.allocate(
        actor=staff.officer,
        donation=donation,
        use_kind=UseKind.AID_CASE,
        use_id=case.pk,
        rials=500,
        on=ALLOCATED,
    )
    with pytest.raises(ValidationError, match="برگشت بزنید"):
        services.case_close(actor=staff.officer, case=case, reason="آزادی با عفو")
    services.allocation_reverse(actor=staff.officer, allocation=allocation, reason="عفو")
    case.refresh_from_db()
    assert case.donated == 0
    services.case_close(actor=staff.officer, case=case, reason="آزادی با عفو")
