import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from abadi.core.actors import SYSTEM
from abadi.core.indicators import (
    VIEW_INDICATORS,
    Indicator,
    IndicatorQuery,
    Kind,
    Unit,
    get_indicator,
    indicator_keys,
    register_indicator,
    unregister_indicator,
)
from abadi.core.models import AuditEvent
from abadi.reporting.selectors import indicator_records, indicator_values

from .conftest import TEST_KEY, jdate

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")


def value_of(rows, key=TEST_KEY):
    return next(row for row in rows if row["key"] == key)


def test_registered_indicator_is_listed_and_found(value_indicator):
    assert TEST_KEY in indicator_keys()
    assert get_indicator(TEST_KEY) is value_indicator
    assert "orgs.agencies_with_deprivation_credit" in indicator_keys()
    assert "people.households_reached" in indicator_keys()


def test_registration_refuses_duplicates_and_bad_definitions(value_indicator):
    with pytest.raises(ValueError, match="already registered"):
        register_indicator(value_indicator)
    common = {
        "name_fa": "x",
        "name_en": "x",
        "unit": Unit.COUNT,
        "kind": Kind.FLOW,
        "records": lambda q: AuditEvent.objects.none(),
        "value": lambda qs: qs.count(),
    }
    with pytest.raises(ValueError, match=r"<module>\.<name>"):
        register_indicator(Indicator(key="nodot", permission=VIEW_INDICATORS, **common))
    with pytest.raises(ValueError, match="default breakdown"):
        register_indicator(
            Indicator(key="test.bad", permission=VIEW_INDICATORS, default_breakdown="x", **common)
        )
    with pytest.raises(KeyError):
        register_indicator(Indicator(key="test.bad", permission="no.such.permission", **common))
    assert "test.bad" not in indicator_keys()
    with pytest.raises(KeyError):
        get_indicator("test.bad")


def test_year_counts_only_that_jalali_year_and_that_area(value_indicator, make_benefit, admin_user):
    make_benefit("2403010001001", jdate(1401, 1, 1), 100)  # first day of 1401
    make_benefit("2401010001001", jdate(1401, 12, 29), 20)  # last day of 1401
    make_benefit("2403010001001", jdate(1400, 12, 29), 3000)  # the day before: 1400
    make_benefit("2401010001001", jdate(1402, 1, 1), 40000)  # the day after: 1402
    make_benefit("1501", jdate(1401, 6, 1), 500000)  # another province

    def value(area, **period):
        return value_of(indicator_values(actor=admin_user, area=area, **period))["value"]

    from abadi.geography.models import Area

    province, county = Area.objects.get(code="24"), Area.objects.get(code="2403")
    assert value(province, year=1401) == 120
    assert value(county, year=1401) == 100
    assert value(province, year=1400) == 3000
    assert value(province) == 43120  # a flow without a period: all time
    assert value(Area.objects.get(code="IR")) == 543120


def test_month_and_date_range(value_indicator, make_benefit, admin_user, areas):
    make_benefit("2403010001001", jdate(1401, 2, 1), 1)
    make_benefit("2403010001001", jdate(1401, 2, 31), 10)
    make_benefit("2403010001001", jdate(1401, 3, 1), 100)
    make_benefit("2403010001001", jdate(1401, 1, 31), 1000)
    rows = indicator_values(actor=admin_user, area=areas["24"], year=1401, month=2)
    assert value_of(rows)["value"] == 11
    rows = indicator_values(
        actor=admin_user, area=areas["24"], start=jdate(1401, 1, 31), end=jdate(1401, 2, 1)
    )
    assert value_of(rows)["value"] == 1001
    rows = indicator_values(actor=admin_user, area=areas["24"], start=jdate(1401, 2, 31))
    assert value_of(rows)["value"] == 110


def test_period_validation(value_indicator, admin_user, areas):
    with pytest.raises(ValidationError) as error:
        indicator_values(actor=admin_user, area=areas["24"], month=2)
    assert "month" in error.value.message_dict
    with pytest.raises(ValidationError):
        indicator_values(actor=admin_user, area=areas["24"], year=1401, month=13)
    with pytest.raises(ValidationError) as error:
        indicator_values(actor=admin_user, area=areas["24"], keys=["no.such"])
    assert "no.such" in error.value.message_dict["key"][0]
    with pytest.raises(ValidationError):
        indicator_values(
            actor=admin_user,
            area=areas["24"],
            start=datetime.date(2022, 5, 2),
            end=datetime.date(2022, 5, 1),
        )


def test_breakdown_is_the_default_one(value_indicator, make_benefit, admin_user, areas):
    make_benefit("2403010001001", jdate(1401, 2, 1), 5, programme="package")
    make_benefit("2401010001001", jdate(1401, 2, 1), 7, programme="package")
    make_benefit("2401010001001", jdate(1401, 2, 1), 9, programme="solar")
    row = value_of(indicator_values(actor=admin_user, area=areas["24"], year=1401))
    assert row["breakdown"] == {"package": 12, "solar": 9}
    assert row["breakdown_name"] == "programme"
    assert value_indicator.breakdown(
        "count", IndicatorQuery.build(actor=admin_user, area=areas["24"])
    ) == {
        "package": 2,
        "solar": 1,
    }


def test_county_officer_gets_only_their_share_of_the_province(
    value_indicator, make_benefit, county_officer, manager, areas, derived_plans
):
    """Values are computed over the requested area intersected with the viewer's scope."""
    make_benefit("2403010001001", jdate(1401, 2, 1), 100)
    make_benefit("2401010001001", jdate(1401, 2, 1), 20)
    derived_plans[("24", 1401)] = 1000
    derived_plans[("2403", 1401)] = 400
    officer_row = value_of(indicator_values(actor=county_officer, area=areas["24"], year=1401))
    assert officer_row["value"] == 100
    assert officer_row["partial"] is True
    # The province's plan covers more than the officer sees: not set against a share.
    assert officer_row["target"] is None and officer_row["percent"] is None
    own = value_of(indicator_values(actor=county_officer, area=areas["2403"], year=1401))
    assert (own["value"], own["target"], own["percent"], own["partial"]) == (100, 400, 25.0, False)
    manager_row = value_of(indicator_values(actor=manager, area=areas["24"], year=1401))
    assert (manager_row["value"], manager_row["target"], manager_row["partial"]) == (
        120,
        1000,
        False,
    )
    with pytest.raises(PermissionDenied):
        indicator_values(actor=county_officer, area=areas["2401"], year=1401)
    with pytest.raises(PermissionDenied):
        indicator_values(actor=manager, area=areas["15"], year=1401)


def test_the_system_sees_everything(value_indicator, make_benefit, areas):
    make_benefit("2403010001001", jdate(1401, 2, 1), 100)
    make_benefit("1501", jdate(1401, 2, 1), 20)
    assert value_of(indicator_values(actor=SYSTEM, area=areas["IR"], year=1401))["value"] == 120


def test_indicator_with_a_permission_the_viewer_lacks_is_hidden(areas, county_officer, admin_user):
    indicator = register_indicator(
        Indicator(
            key="test.audit_only",
            name_fa="آزمون",
            name_en="test",
            unit=Unit.COUNT,
            kind=Kind.STATE,
            permission="audit.view",
            records=lambda q: q.in_area(AuditEvent.objects.all()),
            value=lambda qs: qs.count(),
        )
    )
    try:
        officer_keys = {
            row["key"] for row in indicator_values(actor=county_officer, area=areas["2403"])
        }
        admin_keys = {row["key"] for row in indicator_values(actor=admin_user, area=areas["2403"])}
        assert indicator.key not in officer_keys
        assert indicator.key in admin_keys
    finally:
        unregister_indicator(indicator.key)


def test_datetime_fields_count_by_the_tehran_calendar_day(areas, admin_user, monkeypatch):
    """A DateTimeField counts by its calendar day in Tehran: 00:30 on 1 Farvardin 1401 is
    still 20 March in UTC, yet belongs to 1401."""
    indicator = register_indicator(
        Indicator(
            key="test.audit_events",
            name_fa="رویدادها",
            name_en="events",
            unit=Unit.COUNT,
            kind=Kind.FLOW,
            permission=VIEW_INDICATORS,
            records=lambda q: q.in_period(q.in_area(AuditEvent.objects.all()), "at"),
            value=lambda qs: qs.count(),
        )
    )
    moments = [
        datetime.datetime(2022, 3, 20, 23, 30, tzinfo=TEHRAN),  # 29 Esfand 1400
        datetime.datetime(2022, 3, 21, 0, 30, tzinfo=TEHRAN),  # 1 Farvardin 1401 (UTC: 20 March)
        datetime.datetime(2023, 3, 20, 23, 30, tzinfo=TEHRAN),  # 29 Esfand 1401
    ]
    try:
        for moment in moments:
            monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
            AuditEvent.objects.create(action="test", area=areas["2403"])
        monkeypatch.undo()
        row = value_of(
            indicator_values(actor=admin_user, area=areas["24"], year=1401), indicator.key
        )
        assert row["value"] == 2
        row = value_of(
            indicator_values(actor=admin_user, area=areas["24"], year=1400), indicator.key
        )
        assert row["value"] == 1
    finally:
        unregister_indicator(indicator.key)


def test_jalali_year_numbers_over_a_date_range(areas, admin_user):
    query = IndicatorQuery.build(
        actor=admin_user, area=areas["24"], start=jdate(1400, 11, 1), end=jdate(1401, 2, 1)
    )
    assert query.jalali_years() == (1400, 1401)
    assert IndicatorQuery.build(
        actor=admin_user, area=areas["24"], year=1401, month=2
    ).jalali_years() == (
        1401,
        1401,
    )
    assert IndicatorQuery.build(actor=admin_user, area=areas["24"]).jalali_years() is None
    state = IndicatorQuery.build(actor=admin_user, area=areas["24"], year=1401)
    assert state.as_of == jdate(1401, 12, 29)


def test_records_behind_a_value_and_their_sql(value_indicator, make_benefit, manager, areas):
    inside = make_benefit("2403010001001", jdate(1401, 2, 1), 100)
    make_benefit("2403010001001", jdate(1400, 2, 1), 100)
    make_benefit("1501", jdate(1401, 2, 1), 100)
    found = indicator_records(actor=manager, key=TEST_KEY, area=areas["24"], year=1401)
    assert list(found.queryset) == [inside]
    assert "people_benefit" in found.sql and "/IR/24/" in found.sql
    assert found.indicator is value_indicator


def test_records_need_the_records_permission(value_indicator, press_user, areas):
    with pytest.raises(PermissionDenied):
        indicator_records(actor=press_user, key=TEST_KEY, area=areas["24"], year=1401)
    # The press reads the published values themselves.
    assert value_of(indicator_values(actor=press_user, area=areas["24"], year=1401))["value"] == 0


def test_records_of_an_unknown_key(manager, areas):
    with pytest.raises(ValidationError):
        indicator_records(actor=manager, key="no.such", area=areas["24"])


def test_a_query_built_from_a_year_alone_has_its_bounds(areas, admin_user):
    query = IndicatorQuery(actor=admin_user, area=areas["24"], year=1401, start=None, end=None)
    assert (query.start, query.end) == (jdate(1401, 1, 1), jdate(1401, 12, 29))
    month = IndicatorQuery(
        actor=admin_user, area=areas["24"], year=1403, start=None, end=None, month=12
    )
    assert (month.start, month.end) == (jdate(1403, 12, 1), jdate(1403, 12, 30))  # a leap Esfand
    with pytest.raises(ValueError):
        IndicatorQuery(actor=admin_user, area=areas["24"], year=None, start=None, end=None, month=2)
