"""A clerk types numbers as a Persian keyboard gives them: Persian digits, the Persian
thousands separator, even digits of two scripts mixed; the plan is saved with the numbers
meant. Choosing a bank offers that bank's branches only."""

import pytest
from playwright.sync_api import expect

from abadi.loans.models import Application
from tests.e2e import records
from tests.e2e.conftest import PASSWORD
from tests.e2e.crawl import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def office(transactional_db):
    return records.build()


def test_persian_digits_in_number_and_amount_boxes(page, live_server, office):
    applicant = office["applications"][0].applicant
    log_in(page, live_server.url, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/loans/new/")
    form = page.locator("[data-testid=application-form]")
    form.locator("input[name=national_code]").fill(
        applicant.national_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    )
    form.locator("select[name=credit_line]").select_option(index=1)
    branch = form.locator("select[name=branch]")
    expect(branch.locator("option")).to_have_count(1)  # no bank chosen: no branch yet
    form.locator("select[name=bank]").select_option(label="بانک کشاورزی")
    expect(branch.locator("option")).to_have_count(2)
    expect(branch).to_contain_text("شعبهٔ خلخال")
    expect(branch).not_to_contain_text("شعبهٔ مرکزی اردبیل")
    branch.select_option(label="شعبهٔ خلخال")
    form.locator("input[name=title]").fill("پرورش زنبور عسل")
    form.locator("select[name=sector]").select_option(index=1)
    form.locator("input[name=activity]").fill("زنبورداری")
    form.locator("input[name=requested_amount]").fill("۳۵۰٬۰۰۰٬۰۰۰")
    form.locator("input[name=own_contribution]").fill("4۰,000,000")  # two scripts mixed
    form.locator("input[name=planned_jobs]").fill("۲")
    page.click("[data-testid=application-submit]")
    expect(page.locator("[data-testid=application-title]")).to_contain_text("پرورش زنبور عسل")
    application = Application.objects.get(title="پرورش زنبور عسل")
    assert application.requested_amount == 350_000_000
    assert application.own_contribution == 40_000_000
    assert application.planned_jobs == 2
    assert application.branch.name == "شعبهٔ خلخال"
    # The success message speaks Persian digits, the plan number as one left-to-right run.
    message = page.locator(".alert-success")
    expect(message).to_contain_text("ثبت شد")
    number = message.locator("bdi[dir=ltr]")
    expect(number).to_have_text(
        application.number.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    )


def test_a_malformed_number_says_what_is_wrong(page, live_server, office):
    log_in(page, live_server.url, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/loans/new/")
    page.locator("input[name=planned_jobs]").fill("۲ نفر")
    page.click("[data-testid=application-submit]")
    expect(page.locator("[data-testid=error-planned_jobs]")).to_contain_text("عدد صحیح نیست")
