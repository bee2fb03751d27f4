"""The schedule against the closed-form annuity, computed here independently with exact
fractions (no floats, no Decimal context)."""

import datetime
from fractions import Fraction

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abadi.loans.schedule import (
    DEFERRED,
    INTEREST_ONLY,
    add_jalali_months,
    annuity_payment,
    build_schedule,
    monthly_interest,
)


def closed_form(principal: int, rate_bp: int, months: int) -> int:
    """A = P·r / (1 − (1 + r)^−n), rounded half up to a rial, in exact arithmetic."""
    if rate_bp == 0:
        exact = Fraction(principal, months)
    else:
        r = Fraction(rate_bp, 120_000)
        exact = principal * r / (1 - (1 + r) ** -months)
    return int(exact + Fraction(1, 2))  # floor(x + ½) = half up for positive x


START = datetime.date(2022, 5, 8)  # 18 Ordibehesht 1401


def test_textbook_example():
    # 1,000,000,000 rials, 4 % a year, 36 months: 29,523,985 rials a month.
    rows = build_schedule(principal=1_000_000_000, annual_rate_bp=400, term_months=36, start=START)
    assert closed_form(1_000_000_000, 400, 36) == 29_523_985
    assert [row.total for row in rows[:-1]] == [29_523_985] * 35
    assert rows[0].interest == 3_333_333  # 1e9 × 0.04 / 12 = 3,333,333.33…
    assert rows[0].principal == 29_523_985 - 3_333_333
    assert sum(row.principal for row in rows) == 1_000_000_000
    assert rows[-1].total == 29_523_986  # the last absorbs the rounding


@settings(max_examples=300, deadline=None)
@given(
    principal=st.integers(min_value=10_000_000, max_value=50_000_000_000),
    rate_bp=st.integers(min_value=0, max_value=3_000),
    months=st.integers(min_value=1, max_value=120),
)
def test_annuity_matches_closed_form(principal, rate_bp, months):
    payment = closed_form(principal, rate_bp, months)
    assert annuity_payment(principal, rate_bp, months) == payment
    rows = build_schedule(
        principal=principal, annual_rate_bp=rate_bp, term_months=months, start=START
    )
    assert len(rows) == months
    assert sum(row.principal for row in rows) == principal
    assert all(row.total == payment for row in rows[:-1])
    assert all(row.principal >= 0 and row.interest >= 0 for row in rows)
    # The half-rial roundings of the payment and of each month's interest compound at the
    # loan's rate; the last instalment absorbs at most their sum, Σ (1 + r)^k, plus a rial.
    r = Fraction(rate_bp, 120_000)
    drift = months if rate_bp == 0 else ((1 + r) ** months - 1) / r
    assert abs(rows[-1].total - payment) <= drift + 1
    # Interest is the month's rate on the balance before the instalment.
    balance = principal
    for row in rows:
        assert row.interest == monthly_interest(balance, rate_bp)
        balance -= row.principal
    assert balance == 0


def test_interest_only_grace():
    rows = build_schedule(
        principal=600_000_000,
        annual_rate_bp=400,
        term_months=24,
        grace_months=6,
        grace_mode=INTEREST_ONLY,
        start=START,
    )
    assert len(rows) == 30
    assert [row.number for row in rows] == list(range(1, 31))
    grace = rows[:6]
    assert all(row.principal == 0 and row.interest == 2_000_000 for row in grace)
    assert sum(row.principal for row in rows) == 600_000_000
    assert rows[6].total == closed_form(600_000_000, 400, 24)
    assert rows[6].due_date == add_jalali_months(START, 7)


def test_deferred_grace_spreads_grace_interest_without_capitalising():
    rows = build_schedule(
        principal=600_000_000,
        annual_rate_bp=400,
        term_months=24,
        grace_months=6,
        grace_mode=DEFERRED,
        start=START,
    )
    assert len(rows) == 24
    assert rows[0].number == 1
    assert rows[0].due_date == add_jalali_months(START, 7)
    assert sum(row.principal for row in rows) == 600_000_000
    plain = build_schedule(principal=600_000_000, annual_rate_bp=400, term_months=24, start=START)
    extra = sum(row.interest for row in rows) - sum(row.interest for row in plain)
    assert extra == 6 * 2_000_000  # six months of simple interest on the principal
    assert rows[0].total == plain[0].total + 12_000_000 // 24


def test_zero_rate_divides_evenly():
    rows = build_schedule(principal=100, annual_rate_bp=0, term_months=3, start=START)
    assert [row.principal for row in rows] == [33, 33, 34]
    assert all(row.interest == 0 for row in rows)


@pytest.mark.parametrize(
    ("start_jalali", "months", "expected_jalali"),
    [
        ((1401, 2, 18), 1, (1401, 3, 18)),
        ((1401, 6, 31), 1, (1401, 7, 30)),  # Mehr has 30 days
        ((1401, 11, 30), 1, (1401, 12, 29)),  # Esfand 1401 has 29 days
        ((1402, 11, 30), 1, (1402, 12, 29)),  # and so has Esfand 1402
        ((1403, 11, 30), 1, (1403, 12, 30)),  # 1403 is a leap year
        ((1401, 12, 15), 1, (1402, 1, 15)),
        ((1401, 6, 31), 7, (1402, 1, 31)),  # the clamp is per month, not carried forward
        ((1400, 1, 1), 36, (1403, 1, 1)),
    ],
)
def test_jalali_due_dates(start_jalali, months, expected_jalali):
    start = jdatetime.date(*start_jalali).togregorian()
    due = add_jalali_months(start, months)
    assert jdatetime.date.fromgregorian(date=due) == jdatetime.date(*expected_jalali)


def test_due_dates_follow_the_jalali_month():
    rows = build_schedule(principal=12_000_000, annual_rate_bp=400, term_months=12, start=START)
    days = {jdatetime.date.fromgregorian(date=row.due_date).day for row in rows}
    assert days == {18}
    assert [jdatetime.date.fromgregorian(date=row.due_date).month for row in rows] == [
        3,
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
        12,
        1,
        2,
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"principal": 0},
        {"principal": -1},
        {"term_months": 0},
        {"annual_rate_bp": -1},
        {"grace_months": -1},
        {"grace_mode": "capitalise"},
    ],
)
def test_bad_terms_are_refused(kwargs):
    params = {"principal": 1000, "annual_rate_bp": 400, "term_months": 12, "start": START, **kwargs}
    with pytest.raises(ValueError):
        build_schedule(**params)
