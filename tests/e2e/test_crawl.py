"""Every page a person reaches from the menu — and from each list its first record — as
each of the demo's roles: on a phone (390×844) nothing scrolls sideways, and in the Persian
interface no Latin digit and no English word is shown outside a left-to-right run, code or
the language switch (tests/e2e/crawl.py says what is allowed)."""

import pytest

from tests.e2e import records
from tests.e2e.conftest import PASSWORD
from tests.e2e.crawl import ROLES_ORDER, crawl, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def office(transactional_db):
    return records.build()


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="fa-IR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.mark.parametrize("role", ROLES_ORDER)
def test_every_page_fits_a_phone_and_speaks_persian(phone, live_server, office, role):
    log_in(phone, live_server.url, role, PASSWORD)
    visits = crawl(phone, live_server.url)
    assert len(visits) > 3, "the crawl found the menu's pages"
    problems = []
    for visit in visits:
        if visit.status != 200:
            problems.append(f"{visit.url}: status {visit.status}")
        if visit.scrolls:
            problems.append(f"{visit.url}: {visit.scroll_width}px wide {visit.wide}")
        if visit.latin_digits:
            problems.append(f"{visit.url}: Latin digits {visit.latin_digits[:3]}")
        if visit.english_words:
            problems.append(f"{visit.url}: English {visit.english_words[:3]}")
        if visit.small_targets:
            problems.append(f"{visit.url}: small touch targets {visit.small_targets[:3]}")
    assert not problems, "\n".join(problems)
