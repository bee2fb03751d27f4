"""Browser tests: Playwright (Python) driving Debian's chromium against a live server."""

import os

import pytest
from playwright.sync_api import sync_playwright

from abadi.core.permissions import Role
from abadi.testing import area_tree, user_with_role

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# themselves (creating users and rows) are ordinary blocking calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.e2e.crawl import CHROMIUM, CHROMIUM_ARGS

PASSWORD = "pw-for-tests-1234"


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fa-IR", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def e2e_areas(transactional_db):
    return area_tree()


@pytest.fixture
def login(page, live_server, e2e_areas):
    """Log in through the real login form as a new user holding ``role`` over ``area_code``."""

    def log_in(role=Role.PROVINCE_MANAGER, area_code="24", username="e2e-user"):
        user_with_role(username, role, e2e_areas[area_code] if area_code else None)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("[data-testid=login-submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return log_in
