"""In a real browser, with the Content-Security-Policy on, nothing is refused: the map, the
htmx search and the upload page's checks run from the office's own files."""

import pytest
from playwright.sync_api import expect

from abadi.geography.models import Area

pytestmark = pytest.mark.e2e

# Collects what the browser refuses, from the first script of every page on.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


def square(x: float, y: float) -> dict:
    ring = [[x, y], [x + 0.5, y], [x + 0.5, y + 0.5], [x, y + 0.5], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def watched(login):
    """A logged-in page that records console errors and refused content."""
    page = login()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(WATCH_VIOLATIONS)

    def refused() -> list[str]:
        return [*errors, *page.evaluate("window.__cspViolations || []")]

    page.refused = refused
    return page


def test_the_area_map_draws_under_the_policy(watched, live_server, e2e_areas):
    Area.objects.filter(code="2401").update(geometry=square(48.0, 38.0))
    Area.objects.filter(code="2403").update(geometry=square(48.5, 37.5))
    response = watched.goto(f"{live_server.url}/geography/24/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    area_map = watched.locator("[data-testid=area-map]")
    expect(area_map).to_have_attribute("data-features", "2")
    expect(area_map.locator(".area-label")).to_have_count(2)
    expect(area_map.locator("path.leaflet-interactive")).to_have_count(2)
    watched.fill("[data-testid=area-search]", "خلخال")
    expect(watched.locator("[data-testid=area-search-results]")).to_contain_text("خلخال")
    # htmx's indicator is styled by abadi.css, not by a <style> element htmx would add.
    assert watched.locator("head style").count() == 0
    assert watched.refused() == []


def test_the_upload_page_checks_the_file_size_under_the_policy(watched, live_server, tmp_path):
    watched.goto(f"{live_server.url}/import/persons/")
    file_input = watched.locator("#import-file")
    file_input.evaluate("(input) => { input.dataset.maxBytes = '10'; }")
    big = tmp_path / "big.csv"
    big.write_text("کد ملی,نام\n" * 10, encoding="utf-8")
    file_input.set_input_files(str(big))
    expect(file_input).to_have_class("form-control is-invalid")
    watched.goto(f"{live_server.url}/people/")
    watched.fill("input[name=q]", "علی")
    expect(watched.locator("#results")).to_be_visible()
    assert watched.refused() == []
