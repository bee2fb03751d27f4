"""The dashboard: cards per domain from the registry, plan beside actual and last year,
the drill from province to county to records, the viewer's scope, and bad input."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from abadi.core.indicators import (
    VIEW_INDICATORS,
    Indicator,
    Kind,
    Unit,
    register_indicator,
    unregister_indicator,
)
from abadi.core.persian import search_key
from abadi.geography.models import Area, AreaLevel
from abadi.people.models import Benefit
from abadi.reporting import dashboard
from abadi.reporting.services import target_set

from .conftest import TEST_KEY, jdate

URL = "/reporting/dashboard/"
API = "/api/v1/dashboard"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def sibling(areas):
    """24031: a code that begins with 2403 but is not under it."""
    return Area.objects.create(
        code="24031",
        name="همسایه",
        level=AreaLevel.COUNTY,
        parent=areas["24"],
        path="/IR/24/24031/",
        depth=2,
        search_key=search_key("همسایه"),
    )


@pytest.fixture
def figures(value_indicator, make_benefit, manager, areas):
    """350 bn in 2403 and 150 bn in 2401 in 1401 (plan 500 bn); 100 bn in 2403 in 1400."""
    make_benefit("2403010001001", jdate(1401, 2, 1), 350 * 10**9)
    make_benefit("2401010001001", jdate(1401, 3, 5), 150 * 10**9)
    make_benefit("2403010001001", jdate(1400, 7, 1), 100 * 10**9)
    target_set(actor=manager, key=TEST_KEY, area=areas["24"], year=1401, value=500 * 10**9)


def test_province_cards_show_plan_actual_percent_and_last_year(figures, manager):
    response = client_for(manager).get(URL, {"area": "24", "year": "1401", "key": TEST_KEY})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="domain-other"' in html  # a "test." module: a card of its own
    assert "۵۰۰ میلیارد ریال" in html  # actual, exactly at the plan
    assert 'data-testid="percent-' + TEST_KEY + '">۱۰۰٪' in html
    assert "۱۰۰ میلیارد ریال" in html  # 1400 beside it
    records = reverse("reporting:indicator_records", args=[TEST_KEY])
    assert f'href="{records}?area=24&amp;year=1401"' in html
    assert f'href="{records}?area=24&amp;year=1400"' in html
    # The drill: each county with its figure, linking to its own dashboard and records.
    assert 'data-testid="drill-2401"' in html and 'data-testid="drill-2403"' in html
    assert "۳۵۰ میلیارد ریال" in html and "۱۵۰ میلیارد ریال" in html
    assert f"{URL}?area=2403&amp;year=1401&amp;key={TEST_KEY}" in html
    assert f'href="{records}?area=2403&amp;year=1401"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and 'id="dashboard-map"' not in html


def test_one_rial_short_of_the_plan_is_not_done(figures, make_benefit, manager, areas):
    target_set(actor=manager, key=TEST_KEY, area=areas["24"], year=1401, value=500 * 10**9 + 1)
    cards = dashboard.dashboard_cards(actor=manager, area=areas["24"], year=1401)
    row = next(r for c in cards for r in c["indicators"] if r["key"] == TEST_KEY)
    assert row["value"] == 500 * 10**9 and row["percent"] == 100.0  # rounded to 2 places
    assert row["value"] < row["target"]


def test_county_drill_down_reaches_the_records(figures, manager):
    response = client_for(manager).get(URL, {"area": "2403", "year": "1401", "key": TEST_KEY})
    assert response.status_code == 200
    html = response.content.decode()
    assert "۳۵۰ میلیارد ریال" in html and "۱۵۰ میلیارد ریال" not in html
    assert 'data-testid="drill-up"' in html  # back to the province
    records = reverse("reporting:indicator_records", args=[TEST_KEY])
    assert f'href="{records}?area=2403&amp;year=1401"' in html


def test_county_officer_sees_their_county_not_the_province_nor_a_sibling(
    figures, county_officer, sibling, make_benefit
):
    Benefit.objects.create(
        person=Benefit.objects.first().person,
        programme="package",
        date=jdate(1401, 1, 20),
        value=7 * 10**9,
        area=sibling,
    )
    client = client_for(county_officer)
    own = client.get(URL, {"year": "1401", "key": TEST_KEY})
    assert own.status_code == 200
    assert own.context["area"].code == "2403"
    html = own.content.decode()
    assert "۳۵۰ میلیارد ریال" in html and "۳۵۷" not in html  # 24031's 7 bn stays out
    assert 'data-testid="drill-up"' not in html  # the province is not theirs to open
    for code in ("24", "2401", "24031"):
        refused = client.get(URL, {"area": code, "year": "1401"})
        assert refused.status_code == 403, code
        assert "در حوزهٔ دسترسی شما نیست" in refused.content.decode()
        assert "۱۵۰ میلیارد" not in refused.content.decode()


def test_unknown_area_is_404_in_persian(value_indicator, manager):
    response = client_for(manager).get(URL, {"area": "9999"})
    assert response.status_code == 404
    assert "۹۹۹۹" in response.content.decode()


@pytest.mark.parametrize("year", ["1299", "1501", "abc", "-1", "99999999999999999999"])
def test_year_outside_1300_1500_is_400_in_persian(value_indicator, manager, year):
    response = client_for(manager).get(URL, {"area": "24", "year": year})
    assert response.status_code == 400
    assert "سال باید یک سال شمسی از ۱۳۰۰ تا ۱۵۰۰ باشد" in response.content.decode()


@pytest.mark.parametrize("year", ["1300", "1500", "۱۴۰۱"])
def test_years_at_the_bounds_pass(value_indicator, manager, year):
    assert client_for(manager).get(URL, {"area": "24", "year": year}).status_code == 200


def test_unknown_indicator_key_is_400_in_persian(value_indicator, manager):
    response = client_for(manager).get(URL, {"area": "24", "key": "nope.nothing"})
    assert response.status_code == 400
    assert "شاخص «nope.nothing» تعریف نشده است" in response.content.decode()


def test_press_sees_published_figures_without_records_or_persons(figures, press_user):
    response = client_for(press_user).get(URL, {"year": "1401", "key": TEST_KEY})
    assert response.status_code == 200
    html = response.content.decode()
    assert "۵۰۰ میلیارد ریال" in html
    assert "/reporting/records/" not in html
    assert "آزمون1" not in html and "آزمون2" not in html  # no person's name anywhere
    api = client_for(press_user).get(API, {"area": "24", "year": 1401, "key": TEST_KEY})
    assert api.status_code == 200
    assert "آزمون1" not in api.content.decode()
    assert all(row["records_url"] == "" for row in api.json()["by_area"])


def test_partner_users_are_refused(value_indicator, partner_user):
    assert client_for(partner_user).get(URL).status_code == 403


def test_api_gives_trend_by_month_by_area_and_by_type(figures, manager):
    response = client_for(manager).get(API, {"area": "24", "year": 1401, "key": TEST_KEY})
    assert response.status_code == 200
    data = response.json()
    assert data["indicator"]["key"] == TEST_KEY and data["last_year"] == 1400
    assert data["trend"]["labels"][0] == "فروردین"
    assert data["trend"]["this_year"][1] == 350 * 10**9  # Ordibehesht
    assert data["trend"]["this_year"][2] == 150 * 10**9  # Khordad
    assert data["trend"]["last_year"][6] == 100 * 10**9  # Mehr 1400
    by_area = {row["code"]: row for row in data["by_area"]}
    assert by_area["2403"]["value"] == 350 * 10**9 and by_area["2403"]["last_value"] == 100 * 10**9
    assert by_area["2401"]["value"] == 150 * 10**9
    assert data["by_type"]["name"] == "programme"
    assert sum(item["value"] for item in data["by_type"]["items"]) == 500 * 10**9
    other = next(domain for domain in data["domains"] if domain["code"] == "other")
    figure = next(row for row in other["indicators"] if row["key"] == TEST_KEY)
    assert figure["target"] == 500 * 10**9 and figure["percent"] == 100.0
    charts_only = client_for(manager).get(API, {"area": "24", "year": 1401, "cards": "false"})
    assert charts_only.json()["domains"] == []


def test_api_refusals_in_the_one_error_shape(value_indicator, county_officer, sibling):
    client = client_for(county_officer)
    for code in ("24", "24031"):
        response = client.get(API, {"area": code})
        assert response.status_code == 403
        assert "در حوزهٔ دسترسی شما نیست" in response.json()["detail"]
        assert response.json()["errors"]["area"]
    assert client.get(API, {"area": "9999"}).status_code == 404
    bad_key = client.get(API, {"key": "nope.nothing"})
    assert bad_key.status_code == 400 and "key" in bad_key.json()["errors"]
    assert client.get(API, {"year": 1501}).status_code == 422
    assert client.get(API, {"year": 1300}).status_code == 200


def test_domains_come_from_the_registry():
    made = []
    for key in ("relief.trucks_test", "cases.freed_test", "funds.given_test", "newapp.thing_test"):
        made.append(
            register_indicator(
                Indicator(
                    key=key,
                    name_fa=key,
                    name_en=key,
                    unit=Unit.COUNT,
                    kind=Kind.FLOW,
                    permission=VIEW_INDICATORS,
                    records=lambda q: q.in_area(Benefit.objects.all()),
                    value=lambda qs: qs.aggregate(n=Count("pk"))["n"],
                )
            )
        )
    try:
        assert [dashboard.domain_of(i).code for i in made] == ["relief", "funds", "funds", "other"]
    finally:
        for indicator in made:
            unregister_indicator(indicator.key)


def test_cards_of_a_registered_module_appear_without_code_here(value_indicator, manager, areas):
    register_indicator(
        Indicator(
            key="relief.dashboard_test",
            name_fa="محموله‌های آزمون",
            name_en="Test shipments",
            unit=Unit.TRUCK,
            kind=Kind.FLOW,
            permission=VIEW_INDICATORS,
            records=lambda q: q.in_period(q.in_area(Benefit.objects.all()), "date"),
            value=lambda qs: qs.aggregate(n=Count("pk"))["n"],
        )
    )
    try:
        html = client_for(manager).get(URL, {"area": "24"}).content.decode()
        assert 'data-testid="domain-relief"' in html and "محموله‌های آزمون" in html
    finally:
        unregister_indicator("relief.dashboard_test")


def test_area_check_is_the_selectors(county_officer, areas):
    with pytest.raises(dashboard.DashboardError) as refused:
        dashboard.dashboard_area(actor=county_officer, text="24")
    assert refused.value.status == 403
    assert dashboard.dashboard_area(actor=county_officer, text=None).code == "2403"
    assert not isinstance(refused.value, PermissionDenied)
