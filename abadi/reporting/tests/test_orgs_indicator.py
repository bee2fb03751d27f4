from abadi.organisations.models import DeprivationCredit, Organisation, OrganisationKind
from abadi.reporting.selectors import indicator_records, indicator_values

from .conftest import jdate

KEY = "orgs.agencies_with_deprivation_credit"


def agency(name, area, kind=OrganisationKind.EXECUTIVE_AGENCY):
    return Organisation.objects.create(name=name, kind=kind, area=area, search_key=name)


def value_row(actor, area, **period):
    return next(
        row for row in indicator_values(actor=actor, area=area, **period) if row["key"] == KEY
    )


def build(areas):
    health = agency("بهداشت", areas["24"])
    roads = agency("راه و شهرسازی", areas["2401"])
    water = agency("آبفای روستایی", areas["2403"])
    welfare = agency("بهزیستی", areas["2403"], OrganisationKind.WELFARE)
    lorestan = agency("بهداشت لرستان", areas["15"])
    for organisation, year in [
        (health, 1401),
        (health, 1400),  # the same agency in another year
        (roads, 1401),
        (water, 1401),
        (welfare, 1400),  # only another year
        (lorestan, 1401),  # another province
    ]:
        DeprivationCredit.objects.create(organisation=organisation, year=year, amount=10**9)
    return health, roads, water, welfare


def test_distinct_agencies_of_the_year_in_the_area(admin_user, areas):
    build(areas)
    row = value_row(admin_user, areas["24"], year=1401)
    assert row["value"] == 3
    assert row["unit"] == "count" and row["kind"] == "flow"
    assert row["breakdown"] == {"executive_agency": 3}
    assert value_row(admin_user, areas["24"], year=1400)["breakdown"] == {
        "executive_agency": 1,
        "welfare": 1,
    }
    assert value_row(admin_user, areas["2403"], year=1401)["value"] == 1
    # All time: every agency that ever held a credit line, each once.
    assert value_row(admin_user, areas["24"])["value"] == 4
    assert value_row(admin_user, areas["IR"], year=1401)["value"] == 4


def test_a_month_or_a_date_range_counts_the_credit_lines_of_the_years_it_touches(admin_user, areas):
    build(areas)
    assert value_row(admin_user, areas["24"], year=1401, month=2)["value"] == 3
    assert (
        value_row(admin_user, areas["24"], start=jdate(1400, 12, 1), end=jdate(1401, 1, 15))[
            "value"
        ]
        == 4
    )


def test_scoped_to_the_viewer(county_officer, areas):
    build(areas)
    row = value_row(county_officer, areas["24"], year=1401)
    assert (row["value"], row["partial"]) == (1, True)


def test_records_are_the_credit_lines_of_the_year(manager, areas):
    health, roads, water, _welfare = build(areas)
    found = indicator_records(actor=manager, key=KEY, area=areas["24"], year=1401)
    assert {(c.organisation, c.year) for c in found.queryset} == {
        (health, 1401),
        (roads, 1401),
        (water, 1401),
    }
