"""Repayment schedules: monthly annuities in integer rials on Jalali due dates.

The rules (the same ones the agent banks apply to these facilities):

* The annual rate is an integer in hundredths of a percent (400 = 4.00 %); the monthly
  rate is the annual rate / 12, so a month's interest on a balance B is
  ``B × rate / 120000`` rials, rounded half up to a whole rial.
* ``term_months`` amortising instalments of equal total
  ``A = P·r / (1 − (1 + r)^−n)`` (rounded half up to a rial); each instalment's interest
  is the month's interest on the balance, its principal the rest of ``A``. The last
  instalment repays whatever balance is left, so it absorbs every rounding and the
  principal column always sums to exactly ``P``. A zero rate divides ``P`` evenly.
* ``grace_months`` before the first amortising instalment:

  - interest-only: one instalment per grace month carrying only that month's interest
    on ``P`` (no principal);
  - deferred: no instalment during grace; the grace months' simple interest
    ``P × r × grace`` (not compounded, never capitalised into the principal) is spread
    evenly over the amortising instalments' interest, the last taking the remainder.

* Instalment k falls due k Jalali months after the start date (the contract date), on the
  same Jalali day of the month, clamped to the month's length (the 31st becomes the 30th
  in Mehr and the 29th or 30th in Esfand).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import NamedTuple

import jdatetime

INTEREST_ONLY = "interest_only"
DEFERRED = "deferred"

# hundredths of a percent per year → fraction per month: bp / 100 / 100 / 12
MONTHLY_DIVISOR = 120_000


class ScheduleRow(NamedTuple):
    number: int
    due_date: datetime.date
    principal: int
    interest: int

    @property
    def total(self) -> int:
        return self.principal + self.interest


def monthly_interest(balance: int, annual_rate_bp: int) -> int:
    """One month's interest on ``balance`` rials, rounded half up to a rial."""
    return (2 * balance * annual_rate_bp + MONTHLY_DIVISOR) // (2 * MONTHLY_DIVISOR)


def annuity_payment(principal: int, annual_rate_bp: int, months: int) -> int:
    """The equal monthly instalment ``P·r / (1 − (1 + r)^−n)`` in whole rials (half up)."""
    if months <= 0:
        raise ValueError("months must be positive")
    if annual_rate_bp == 0:
        return (2 * principal + months) // (2 * months)
    with localcontext() as context:
        context.prec = 50
        rate = Decimal(annual_rate_bp) / MONTHLY_DIVISOR
        payment = Decimal(principal) * rate / (1 - (1 + rate) ** -months)
        return int(payment.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@lru_cache(maxsize=4096)
def _esfand_days(year: int) -> int:
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def _jalali_days_in_month(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return _esfand_days(year)


@lru_cache(maxsize=65_536)
def _gregorian(year: int, month: int, day: int) -> datetime.date:
    # Whole portfolios share few distinct due dates; converting each once keeps a
    # half-million-loan schedule run fast.
    return jdatetime.date(year, month, day).togregorian()


@lru_cache(maxsize=65_536)
def _jalali_parts(value: datetime.date) -> tuple[int, int, int]:
    jdate = jdatetime.date.fromgregorian(date=value)
    return jdate.year, jdate.month, jdate.day


def add_jalali_months(start: datetime.date, months: int) -> datetime.date:
    """The same Jalali day ``months`` Jalali months after ``start``, clamped to the month."""
    year, month, day = _jalali_parts(start)
    index = year * 12 + (month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return _gregorian(year, month, min(day, _jalali_days_in_month(year, month)))


@lru_cache(maxsize=16_384)
def due_dates(start: datetime.date, count: int) -> tuple[datetime.date, ...]:
    """The due dates of months 1…count after ``start`` (a portfolio shares few start
    dates, so each list is worked out once)."""
    return tuple(add_jalali_months(start, month) for month in range(1, count + 1))


def build_schedule(
    *,
    principal: int,
    annual_rate_bp: int,
    term_months: int,
    grace_months: int = 0,
    grace_mode: str = INTEREST_ONLY,
    start: datetime.date,
) -> list[ScheduleRow]:
    """Every instalment of a loan of ``principal`` rials contracted on ``start``."""
    if principal <= 0:
        raise ValueError("principal must be positive")
    if term_months <= 0:
        raise ValueError("term_months must be positive")
    if annual_rate_bp < 0 or grace_months < 0:
        raise ValueError("rate and grace must not be negative")
    if grace_mode not in (INTEREST_ONLY, DEFERRED):
        raise ValueError(f"unknown grace mode {grace_mode!r}")

    dates = due_dates(start, grace_months + term_months)
    rows: list[ScheduleRow] = []
    grace_interest = monthly_interest(principal, annual_rate_bp)
    deferred_total = 0
    if grace_mode == INTEREST_ONLY:
        for month in range(grace_months):
            rows.append(ScheduleRow(month + 1, dates[month], 0, grace_interest))
    else:
        deferred_total = (2 * principal * annual_rate_bp * grace_months + MONTHLY_DIVISOR) // (
            2 * MONTHLY_DIVISOR
        )
    deferred_share = deferred_total // term_months

    payment = annuity_payment(principal, annual_rate_bp, term_months)
    balance = principal
    # monthly_interest inlined: this loop runs for every instalment of a portfolio.
    twice_rate, divisor = 2 * annual_rate_bp, 2 * MONTHLY_DIVISOR
    number = len(rows)
    new_row = tuple.__new__  # ScheduleRow without its Python-level constructor: hot loop
    for k in range(1, term_months + 1):
        interest = (balance * twice_rate + MONTHLY_DIVISOR) // divisor
        if k == term_months:
            part = balance
            interest += deferred_total - deferred_share * (term_months - 1)
        else:
            part = payment - interest
            if part < 0:
                part = 0
            elif part > balance:
                part = balance
            interest += deferred_share
        balance -= part
        number += 1
        rows.append(new_row(ScheduleRow, (number, dates[grace_months + k - 1], part, interest)))
    return rows
