import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PERSIAN_DIGIT = re.compile("[۰-۹]")


def test_login_page_is_persian_rtl(page, live_server, transactional_db):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    expect(page.get_by_text("ورود به آبادی")).to_be_visible()


def test_wrong_password_shows_a_persian_error(page, live_server, transactional_db):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "nobody")
    page.fill("input[name=password]", "wrong")
    page.click("[data-testid=login-submit]")
    expect(page.locator("[data-testid=login-error]")).to_contain_text("نادرست")


def test_area_browser_after_login(login, live_server):
    page = login()
    page.goto(f"{live_server.url}/geography/24/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    table = page.locator("[data-testid=area-table]")
    expect(table).to_contain_text("خلخال")
    assert PERSIAN_DIGIT.search(table.inner_text()), "codes and counts are shown in Persian digits"
    assert not re.search("[0-9]", table.inner_text()), "no Latin digit is shown to a person"
    expect(
        page.locator(
            "[data-testid=area-map] .leaflet-container, [data-testid=area-map].leaflet-container"
        )
    ).to_have_count(1)
    expect(page.locator("[data-testid=area-map]")).to_contain_text("OpenStreetMap")


def test_area_search_as_you_type(login, live_server):
    page = login()
    page.goto(f"{live_server.url}/geography/")
    page.fill("[data-testid=area-search]", "خلخال")
    expect(page.locator("[data-testid=area-table]")).to_contain_text("خلخال")


def test_county_officer_sees_only_their_county(login, live_server):
    from abadi.core.permissions import Role

    page = login(role=Role.COUNTY_OFFICER, area_code="2403", username="officer")
    response = page.goto(f"{live_server.url}/geography/2401/")
    assert response.status == 404
    page.goto(f"{live_server.url}/geography/2403/")
    expect(page.locator("[data-testid=area-table]")).to_contain_text("مرکزی")
