from abadi.people.models import Household, Person
from abadi.people.selectors import households_reached
from abadi.reporting.selectors import indicator_records, indicator_values

from .conftest import jdate

KEY = "people.households_reached"


def row(actor, area, **period):
    return next(r for r in indicator_values(actor=actor, area=area, **period) if r["key"] == KEY)


def test_distinct_households_with_a_benefit_in_the_period(admin_user, areas, make_benefit):
    village = areas["2403010001001"]
    household = Household.objects.create(area=village)
    member = Person.objects.create(
        first_name="زهرا", last_name="کریمی", area=village, household=household
    )
    make_benefit("2403010001001", jdate(1401, 2, 1), household=household, programme="package")
    make_benefit(
        "2403010001001", jdate(1401, 3, 1), person=member, programme="solar"
    )  # same household
    make_benefit("2401010001001", jdate(1401, 5, 1), programme="package")  # a person living alone
    make_benefit("2401010001001", jdate(1400, 5, 1), programme="package")  # another year
    make_benefit("1501", jdate(1401, 5, 1), programme="package")  # another province
    found = row(admin_user, areas["24"], year=1401)
    assert found["value"] == 2
    assert found["unit"] == "household"
    assert found["breakdown"] == {"package": 2, "solar": 1}
    assert found["value"] == households_reached(actor=admin_user, area=areas["24"], year=1401)
    assert row(admin_user, areas["24"])["value"] == 3
    assert row(admin_user, areas["24"], year=1401, month=3)["value"] == 1
    records = indicator_records(actor=admin_user, key=KEY, area=areas["24"], year=1401)
    assert records.queryset.count() == 3


def test_scoped_to_the_viewer(county_officer, areas, make_benefit):
    make_benefit("2403010001001", jdate(1401, 2, 1))
    make_benefit("2401010001001", jdate(1401, 2, 1))
    assert row(county_officer, areas["24"], year=1401)["value"] == 1
