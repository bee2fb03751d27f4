"""The home page starts the day: what waits for each role, linking to the filtered list."""

import pytest
from playwright.sync_api import expect

from tests.e2e import records
from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def office(transactional_db):
    return records.build()


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_the_county_officer_sees_plans_to_review(page, live_server, office):
    _log_in(page, live_server, "county2403")
    waiting = page.locator("[data-testid=waiting]")
    review = waiting.locator("[data-testid='waiting-loans.to_review']")
    # The plans of 2403 registered and not reviewed (the office's and the samples'); the
    # 2401 plans are not theirs.
    from abadi.core.persian import to_persian_digits
    from abadi.loans.models import Application, Status

    mine = Application.objects.filter(status=Status.REGISTERED, area__code__startswith="2403")
    expect(review).to_contain_text(to_persian_digits(mine.count()))
    expect(review).to_contain_text("منتظر بررسی")
    expect(waiting.locator("[data-testid='waiting-loans.to_approve']")).to_have_count(0)
    review.click()
    expect(page.locator("[data-testid=application-row]")).to_have_count(mine.count())
    expect(page.locator("[data-testid=application-row]").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("یعقوب محمدی")


def test_the_manager_sees_plans_to_approve(page, live_server, office):
    _log_in(page, live_server, "manager")
    waiting = page.locator("[data-testid=waiting]")
    approve = waiting.locator("[data-testid='waiting-loans.to_approve']")
    expect(approve).to_contain_text("۱")
    expect(approve).to_contain_text("منتظر تصویب")
    expect(waiting.locator("[data-testid='waiting-loans.to_review']")).to_have_count(0)
    # Headline figures of the manager's area for this year, last year beside them.
    expect(page.locator("[data-testid=headlines]")).to_contain_text("اردبیل")
    expect(page.locator("[data-testid=headlines]")).to_contain_text("تا همین روز")
    approve.click()
    expect(page.locator("[data-testid=application-row]")).to_have_count(1)
    expect(page.locator("[data-testid=application-row]")).to_contain_text("زینب محمدی")
