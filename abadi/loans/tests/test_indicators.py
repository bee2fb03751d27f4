"""Each loans indicator on hand-built records, with a record in another area and one in
another year that must not be counted."""

import jdatetime
import pytest

from abadi.core.actors import SYSTEM
from abadi.core.indicators import IndicatorQuery, Undefined, get_indicator
from abadi.loans import services
from abadi.loans.models import Status

pytestmark = pytest.mark.django_db


def jdate(year, month, day):
    return jdatetime.date(year, month, day).togregorian()


def value(key, area, year=None, actor=SYSTEM, as_of=None, start=None, end=None):
    query = IndicatorQuery.build(
        actor=actor, area=area, year=year, as_of=as_of, start=start, end=end
    )
    return get_indicator(key).compute(query)


def breakdown(key, name, area, year=None):
    return get_indicator(key).breakdown(
        name, IndicatorQuery.build(actor=SYSTEM, area=area, year=year)
    )


@pytest.fixture
def line_1400(areas, banks, staff):
    return services.credit_line_create(
        actor=staff.manager,
        area=areas["24"],
        year=1400,
        title="اقتصاد مقاومتی ۱۴۰۰",
        total=5_000_000_000,
        annual_rate_bp=400,
        term_months=36,
        banks=list(banks.values()),
    )


@pytest.fixture
def portfolio(register, advance, staff, areas, banks, line_1400, line):
    """x: 2403, paid in 1400, 4 jobs seen · y: 2403, paid in 1401, 2 jobs · z: 2401
    (another county), paid in 1400, 3 jobs · w: 2403, paid in 1400, livestock, never visited."""

    def on_line(application, credit_line):
        application.credit_line = credit_line
        application.save(update_fields=["credit_line"])
        return application

    x = on_line(register(amount=1_000_000_000, jobs=5), line_1400)
    x = advance(x, Status.DISBURSED, contract_date=jdate(1400, 3, 1))
    y = advance(
        register(amount=500_000_000, jobs=2, bank=banks["keshavarzi"]),
        Status.DISBURSED,
        contract_date=jdate(1401, 2, 1),
    )
    z = on_line(register(amount=700_000_000, jobs=3, place=areas["2401010001001"]), line_1400)
    z = advance(z, Status.DISBURSED, contract_date=jdate(1400, 5, 1))
    w = on_line(register(amount=300_000_000, jobs=6), line_1400)
    w = advance(w, Status.DISBURSED, contract_date=jdate(1400, 9, 15))
    w.sector = "livestock"
    w.save(update_fields=["sector"])
    services.visit_add(
        actor=staff.county, application=x, date=jdate(1400, 10, 1), direct_jobs=4, status="active"
    )
    services.visit_add(
        actor=staff.county, application=y, date=jdate(1401, 3, 1), direct_jobs=2, status="active"
    )
    services.visit_add(
        actor=staff.officer, application=z, date=jdate(1400, 9, 1), direct_jobs=3, status="active"
    )
    return {"x": x, "y": y, "z": z, "w": w}


def test_disbursed_amount_by_year_and_area(portfolio, areas, banks):
    assert value("loans.disbursed_amount", areas["24"], 1400) == 2_000_000_000
    assert value("loans.disbursed_amount", areas["2403"], 1400) == 1_300_000_000
    assert value("loans.disbursed_amount", areas["24"], 1401) == 500_000_000
    assert value("loans.disbursed_amount", areas["15"], 1400) == 0
    assert value("loans.disbursed_amount", areas["24"]) == 2_500_000_000
    assert breakdown("loans.disbursed_amount", "county", areas["24"], 1400) == {
        "2403": 1_300_000_000,
        "2401": 700_000_000,
    }
    assert breakdown("loans.disbursed_amount", "bank", areas["24"], 1401) == {
        str(banks["keshavarzi"].pk): 500_000_000
    }
    assert breakdown("loans.disbursed_amount", "sector", areas["2403"], 1400) == {
        "handicrafts": 1_000_000_000,
        "livestock": 300_000_000,
    }


def test_disbursed_amount_is_limited_to_the_viewers_scope(portfolio, areas, county_officer):
    assert value("loans.disbursed_amount", areas["24"], 1400, actor=county_officer) == 1_300_000_000


def test_disbursed_target_comes_from_credit_lines(portfolio, areas, line, staff):
    indicator = get_indicator("loans.disbursed_amount")
    assert indicator.derived_target(areas["24"], 1401) == 10_000_000_000
    assert indicator.derived_target(areas["24"], 1400) == 5_000_000_000
    assert indicator.derived_target(areas["IR"], 1401) == 10_000_000_000
    assert indicator.derived_target(areas["15"], 1401) is None
    assert indicator.derived_target(areas["2403"], 1401) is None
    services.quota_set(
        actor=staff.manager, credit_line=line, county=areas["2403"], amount=4_000_000_000
    )
    assert indicator.derived_target(areas["2403"], 1401) == 4_000_000_000
    assert indicator.derived_target(areas["2403"], 1400) is None


def test_jobs_of_loans_disbursed_in_the_year(portfolio, areas, staff):
    assert value("loans.jobs_verified", areas["24"], 1400) == 7  # x 4 + z 3 (+ w never visited)
    assert value("loans.jobs_verified", areas["2403"], 1400) == 4
    assert value("loans.jobs_verified", areas["24"], 1401) == 2
    assert value("loans.jobs_planned", areas["24"], 1400) == 5 + 3 + 6
    assert value("loans.jobs_planned", areas["2401"], 1400) == 3
    assert breakdown("loans.jobs_verified", "county", areas["24"], 1400) == {"2403": 4, "2401": 3}
    # z closes in 1401: from then on its jobs are no longer counted, but what 1400 created
    # by its last day stays what it was.
    services.visit_add(
        actor=staff.officer,
        application=portfolio["z"],
        date=jdate(1401, 1, 20),
        direct_jobs=0,
        status="closed",
    )
    assert value("loans.jobs_verified", areas["24"], 1400) == 7
    assert value("loans.jobs_verified", areas["24"], as_of=jdate(1401, 1, 19)) == 7
    assert value("loans.jobs_verified", areas["24"], as_of=jdate(1401, 1, 20)) == 4
    # A period of any dates: the loans paid between them, jobs seen by its last day.
    assert (
        value("loans.jobs_verified", areas["24"], start=jdate(1400, 3, 1), end=jdate(1400, 9, 30))
        == 3
    )


def test_loan_with_tranches_in_two_years_counts_once_per_year(
    portfolio, areas, staff, register, advance
):
    split = advance(
        register(amount=900_000_000, jobs=2), Status.CONTRACTED, contract_date=jdate(1400, 12, 1)
    )
    services.disbursement_add(
        actor=staff.clerk, application=split, amount=400_000_000, date=jdate(1400, 12, 10)
    )
    services.disbursement_add(
        actor=staff.clerk, application=split, amount=500_000_000, date=jdate(1401, 1, 15)
    )
    services.visit_add(
        actor=staff.county,
        application=split,
        date=jdate(1401, 2, 1),
        direct_jobs=2,
        status="active",
    )
    # Its visit comes in 1401: 1400 saw no job of it yet, 1401 does.
    assert value("loans.jobs_verified", areas["2403"], 1400) == 4
    assert value("loans.jobs_verified", areas["2403"], 1401) == 2 + 2
    assert value("loans.disbursed_amount", areas["2403"], 1400) == 1_300_000_000 + 400_000_000


def test_applications_by_status(portfolio, areas, register, advance):
    advance(register(), Status.REVIEWED)
    rows = breakdown("loans.applications", "status", areas["24"])
    assert rows == {"disbursed": 1, "in_operation": 3, "reviewed": 1}
    assert value("loans.applications", areas["2401"]) == 1
    assert value("loans.applications", areas["24"], 1399) == 5  # all registered on 1399/12/10
    assert value("loans.applications", areas["24"], 1400) == 0


def test_cost_per_job(portfolio, areas):
    # 1400: 2,000,000,000 paid to x, z and w; 7 verified jobs.
    assert value("loans.cost_per_job", areas["24"], 1400) == round(2_000_000_000 / 7)
    assert value("loans.cost_per_job", areas["2401"], 1400) == 233_333_333
    # No job of the livestock loan was verified: its ratio is undefined, not zero.
    assert breakdown("loans.cost_per_job", "sector", areas["24"], 1400) == {
        "handicrafts": round(1_700_000_000 / 7),
    }
    nothing = value("loans.cost_per_job", areas["15"], 1400)
    assert isinstance(nothing, Undefined) and "تأیید نشده" in str(nothing)


def test_quota_utilisation(portfolio, areas, staff, line, line_1400):
    services.quota_set(
        actor=staff.manager, credit_line=line_1400, county=areas["2403"], amount=2_600_000_000
    )
    services.quota_set(
        actor=staff.manager, credit_line=line_1400, county=areas["2401"], amount=1_400_000_000
    )
    services.quota_set(
        actor=staff.manager, credit_line=line, county=areas["2403"], amount=1_000_000_000
    )
    assert value("loans.quota_utilisation", areas["2403"], 1400) == 50  # 1.3e9 of 2.6e9
    assert value("loans.quota_utilisation", areas["24"], 1400) == 50  # 2.0e9 of 4.0e9
    assert value("loans.quota_utilisation", areas["24"], 1401) == 50  # 0.5e9 of 1.0e9
    assert breakdown("loans.quota_utilisation", "county", areas["24"], 1400) == {
        "2403": 50,
        "2401": 50,
    }
    assert isinstance(value("loans.quota_utilisation", areas["15"], 1400), Undefined)


def test_par_indicators(portfolio, areas, staff):
    # Nobody repaid anything; on the last day of 1400 x and z are over 90 days late, w 74.
    assert value("loans.par90", areas["24"], 1400) == round(100 * 1_700_000_000 / 2_000_000_000)
    assert value("loans.par30", areas["24"], 1400) == 100
    assert value("loans.par30", areas["2401"], 1400) == 100
    # Two decimals: 1,000,000,000 of 1,300,000,000 is 76.92 %, not 77.
    assert breakdown("loans.par90", "county", areas["24"], 1400) == {"2403": 76.92, "2401": 100.0}
    # x repays all it owes by then: it is no longer at risk.
    from abadi.loans.selectors import loan_arrears

    last_day = jdate(1400, 12, 29)
    owed = loan_arrears(application=portfolio["x"], as_of=last_day).overdue_amount
    services.repayment_add(
        actor=staff.clerk, application=portfolio["x"], amount=owed, date=last_day
    )
    x_outstanding = loan_arrears(application=portfolio["x"], as_of=last_day).outstanding_principal
    assert value("loans.par30", areas["2403"], 1400) == round(
        100 * 300_000_000 / (300_000_000 + x_outstanding), 2
    )
