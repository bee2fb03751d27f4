import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from abadi.core import clock
from abadi.loans import selectors, services
from abadi.loans.models import Repayment, Status

pytestmark = pytest.mark.django_db

PAYMENT = 29_523_985  # the monthly instalment of 1,000,000,000 rials at 4 % over 36 months


def dues(application):
    return list(application.instalments.order_by("number").values_list("due_date", flat=True))


@pytest.fixture
def loan(register, advance):
    return advance(register(amount=1_000_000_000), Status.DISBURSED)


def test_repayment_is_allocated_interest_first_oldest_first(loan, staff):
    services.repayment_add(
        actor=staff.clerk,
        application=loan,
        amount=PAYMENT + 1_000_000,
        date=datetime.date(2022, 6, 1),
    )
    first, second = loan.instalments.order_by("number")[:2]
    assert first.outstanding == 0 and first.paid_date == datetime.date(2022, 6, 1)
    assert (
        second.interest_paid == 1_000_000
        and second.principal_paid == 0
        and second.paid_date is None
    )
    repayment = Repayment.objects.get()
    assert repayment.interest_part == first.interest + 1_000_000
    assert repayment.principal_part == first.principal


def test_backdated_repayment_is_replayed_in_date_order(loan, staff):
    services.repayment_add(
        actor=staff.clerk, application=loan, amount=PAYMENT, date=datetime.date(2022, 8, 1)
    )
    services.repayment_add(
        actor=staff.clerk, application=loan, amount=PAYMENT, date=datetime.date(2022, 6, 1)
    )
    first, second = loan.instalments.order_by("number")[:2]
    assert first.paid_date == datetime.date(2022, 6, 1)
    assert second.paid_date == datetime.date(2022, 8, 1)


def test_repayment_by_number_or_national_code(loan, staff):
    services.repayment_add(
        actor=staff.clerk, application=loan.number, amount=1000, date=datetime.date(2022, 6, 1)
    )
    assert loan.applicant.national_code
    services.repayment_add(
        actor=staff.clerk,
        application=loan.applicant.national_code,
        amount=1000,
        date=datetime.date(2022, 6, 1),
    )
    assert loan.repayments.aggregate(total=Sum("amount"))["total"] == 2000


@pytest.mark.parametrize(
    ("loan_key", "amount", "day", "field", "message"),
    [
        ("1401-999999", 1000, datetime.date(2022, 6, 1), "loan", "پیدا نشد"),
        (None, 0, datetime.date(2022, 6, 1), "amount", "بیشتر از صفر"),
        (None, -10, datetime.date(2022, 6, 1), "amount", "بیشتر از صفر"),
        (None, 1000, "tomorrow", "date", "آینده"),
        (None, 1000, datetime.date(2022, 5, 1), "date", "پیش از «ثبت پرداخت»"),
        (None, 10**12, datetime.date(2022, 6, 1), "amount", "مانده بدهی"),
    ],
)
def test_bad_repayments_are_refused(loan, staff, loan_key, amount, day, field, message):
    if day == "tomorrow":  # taken from the clock when the test runs, not when it is collected
        day = clock.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.repayment_add(
            actor=staff.clerk, application=loan_key or loan, amount=amount, date=day
        )
    assert message in " ".join(refused.value.message_dict[field])
    assert not Repayment.objects.exists()


def test_repayment_of_loan_not_yet_paid_out_is_refused(register, advance, staff):
    contracted = advance(register(), Status.CONTRACTED)
    with pytest.raises(ValidationError) as refused:
        services.repayment_add(
            actor=staff.clerk, application=contracted, amount=1000, date=datetime.date(2022, 6, 1)
        )
    assert "بازپرداخت نیست" in refused.value.message_dict["loan"][0]


def test_repayment_of_loan_outside_scope_is_unknown(register, advance, staff, areas):
    from abadi.core.permissions import Role
    from abadi.testing import user_with_role

    loan = advance(register(), Status.DISBURSED)
    clerk_2401 = user_with_role("clerk2401", Role.DATA_CLERK, areas["2401"])
    with pytest.raises(ValidationError, match="loan"):
        services.repayment_add(
            actor=clerk_2401, application=loan.number, amount=1000, date=datetime.date(2022, 6, 1)
        )


def test_arrears_as_of_a_date(loan, staff):
    due = dues(loan)
    services.repayment_add(actor=staff.clerk, application=loan, amount=2 * PAYMENT, date=due[1])
    as_of = due[2] + datetime.timedelta(days=45)  # instalment 3 is 45 days late, 4 is due too
    arrears = selectors.loan_arrears(application=loan, as_of=as_of)
    assert arrears.days_past_due == 45
    assert arrears.oldest_unpaid_due == due[2]
    assert arrears.overdue_amount == PAYMENT * (sum(1 for day in due if day <= as_of) - 2)
    first_two = loan.instalments.order_by("number")[:2]
    assert arrears.outstanding_principal == 1_000_000_000 - sum(i.principal for i in first_two)
    # The day before the repayment the same loan was late from its first instalment.
    earlier = selectors.loan_arrears(application=loan, as_of=due[1] - datetime.timedelta(days=1))
    assert earlier.days_past_due == (due[1] - due[0]).days - 1
    assert earlier.overdue_amount == PAYMENT
    assert earlier.outstanding_principal == 1_000_000_000
    # On the repayment's day it is paid up to date.
    on_time = selectors.loan_arrears(application=loan, as_of=due[1])
    assert on_time.overdue_amount == 0 and on_time.days_past_due == 0
