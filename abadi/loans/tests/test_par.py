"""Portfolio at risk on a hand-built portfolio whose every figure is worked out here."""

import datetime
from decimal import Decimal

import pytest

from abadi.loans import selectors, services
from abadi.loans.models import Status
from abadi.loans.schedule import annuity_payment

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2022, 10, 1)  # instalments fall due on the 11th of each Jalali month


def principal_of(application, count):
    return sum(
        application.instalments.order_by("number").values_list("principal", flat=True)[:count]
    )


@pytest.fixture
def book(register, advance, banks, staff, areas):
    a = advance(register(amount=1_000_000_000, bank=banks["melli"]), Status.DISBURSED)
    b = advance(register(amount=500_000_000, bank=banks["keshavarzi"]), Status.DISBURSED)
    c = advance(
        register(amount=800_000_000, bank=banks["melli"], place=areas["2401010001001"]),
        Status.DISBURSED,
    )
    not_paid_out = advance(register(amount=300_000_000), Status.CONTRACTED)
    paid_out_later = advance(
        register(amount=300_000_000), Status.DISBURSED, contract_date=datetime.date(2022, 10, 2)
    )
    due = list(a.instalments.order_by("number").values_list("due_date", flat=True))
    assert due[2] + datetime.timedelta(days=60) == AS_OF
    # A paid two instalments: 60 days late on its third. B never paid: 122 days late.
    services.repayment_add(
        actor=staff.clerk,
        application=a,
        amount=2 * annuity_payment(1_000_000_000, 400, 36),
        date=due[1],
    )
    # C paid every instalment due by AS_OF (four).
    services.repayment_add(
        actor=staff.officer,
        application=c,
        amount=4 * annuity_payment(800_000_000, 400, 36),
        date=due[3],
    )
    out_a = 1_000_000_000 - principal_of(a, 2)
    out_b = 500_000_000
    out_c = 800_000_000 - principal_of(c, 4)
    return {
        "a": a,
        "b": b,
        "c": c,
        "skip": [not_paid_out, paid_out_later],
        "out": (out_a, out_b, out_c),
    }


def pct(part, whole):
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


def test_positions(book):
    loans = {
        loan.pk: loan
        for loan in selectors.with_position(selectors.Application.objects.all(), as_of=AS_OF)
    }
    assert set(loans) == {book["a"].pk, book["b"].pk, book["c"].pk}
    out_a, out_b, out_c = book["out"]
    assert loans[book["a"].pk].outstanding == out_a
    assert loans[book["b"].pk].outstanding == out_b
    assert loans[book["c"].pk].outstanding == out_c
    assert (AS_OF - loans[book["a"].pk].oldest_unpaid_due).days == 60
    assert (AS_OF - loans[book["b"].pk].oldest_unpaid_due).days == 122
    assert loans[book["c"].pk].oldest_unpaid_due is None


def test_par_of_the_province(book, manager):
    out_a, out_b, out_c = book["out"]
    [row] = selectors.par(actor=manager, as_of=AS_OF)
    assert row.loans == 3
    assert row.outstanding == out_a + out_b + out_c
    assert row.at_risk_30 == out_a + out_b
    assert row.at_risk_90 == out_b
    assert row.par30 == pct(out_a + out_b, out_a + out_b + out_c)
    assert row.par90 == pct(out_b, out_a + out_b + out_c)


def test_par_by_county_bank_and_line(book, manager, banks, line):
    out_a, out_b, out_c = book["out"]
    by_county = {row.key: row for row in selectors.par(actor=manager, as_of=AS_OF, by="county")}
    assert by_county["2403"].par30 == Decimal("100.00")
    assert by_county["2403"].par90 == pct(out_b, out_a + out_b)
    assert by_county["2401"].par30 == Decimal("0.00")
    assert by_county["2401"].outstanding == out_c

    by_bank = {row.key: row for row in selectors.par(actor=manager, as_of=AS_OF, by="bank")}
    assert by_bank[str(banks["melli"].pk)].at_risk_30 == out_a
    assert by_bank[str(banks["melli"].pk)].outstanding == out_a + out_c
    assert by_bank[str(banks["keshavarzi"].pk)].par90 == Decimal("100.00")

    [by_line] = selectors.par(actor=manager, as_of=AS_OF, by="credit_line")
    assert by_line.key == str(line.pk) and by_line.outstanding == out_a + out_b + out_c


def test_par_is_scoped(book, county_officer, officer_2401):
    out_a, out_b, _out_c = book["out"]
    [row] = selectors.par(actor=county_officer, as_of=AS_OF)
    assert row.outstanding == out_a + out_b
    [row] = selectors.par(actor=officer_2401, as_of=AS_OF)
    assert row.loans == 1 and row.par30 == 0


def test_par_runs_as_one_query(book, manager, django_assert_num_queries):
    with django_assert_num_queries(1):  # one grouped aggregate, whatever the portfolio size
        selectors.par(actor=manager, as_of=AS_OF, by="county")
