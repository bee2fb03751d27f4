"""A group leader reports a deployment from a phone; the map draws the counties with their
group counts."""

import datetime

import pytest
from playwright.sync_api import expect

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.jalali import format_jalali
from abadi.core.permissions import Role

pytestmark = pytest.mark.e2e

# Collects what the Content-Security-Policy refuses, from the first script of a page on.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


def _square(x: float, y: float) -> dict:
    ring = [[x, y], [x + 0.5, y], [x + 0.5, y + 0.5], [x, y + 0.5], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def _group(area, name):
    from abadi.volunteers import services

    return services.group_register(
        actor=SYSTEM,
        atlas_id=f"E2E{area.code}",
        name=name,
        group_type="neighbourhood",
        main_domain="health",
        home=area,
        on=clock.today() - datetime.timedelta(days=100),
    )


def test_a_leader_reports_from_a_phone(browser, live_server, e2e_areas):
    from abadi.testing import user_with_role
    from abadi.volunteers import services
    from abadi.volunteers.models import Deployment

    group = _group(e2e_areas["2403010001001"], "گروه جهادی آزمون مرورگر")
    leader = user_with_role("e2e-leader", Role.GROUP_LEADER, e2e_areas["2403"])
    services.leadership_grant(actor=SYSTEM, group=group, user=leader)
    context = browser.new_context(locale="fa-IR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "e2e-leader")
    page.fill("input[name=password]", "pw-for-tests-1234")
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.click("text=گزارش اردو / خدمت")
    form = page.locator("[data-testid=deployment-form]")
    expect(form).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    yesterday = format_jalali(clock.today() - datetime.timedelta(days=1))
    page.fill("input[name=place]", "اسبو")
    page.fill("input[name=started_on]", yesterday)
    page.fill("input[name=ended_on]", yesterday)
    page.select_option("select[name=domain]", "health")
    page.fill("textarea[name=work_done]", "ویزیت رایگان")
    page.fill("input[name=people_served]", "۸۰")
    page.fill("input[name=volunteers]", "۵")
    page.click("[data-testid=deployment-submit]")
    expect(page.locator("[data-testid=deployment-title]")).to_contain_text("اسبو")
    assert Deployment.objects.get().reported_by == leader
    context.close()


def test_the_map_draws_counties_with_counts(login, live_server, e2e_areas):
    from abadi.geography.models import Area

    Area.objects.filter(code="2401").update(geometry=_square(47.0, 38.0))
    Area.objects.filter(code="2403").update(geometry=_square(48.0, 37.5))
    _group(e2e_areas["2403010001001"], "گروه نقشه ۱")
    _group(e2e_areas["2401010001001"], "گروه نقشه ۲")
    page = login()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto(f"{live_server.url}/volunteers/map/")
    expect(page.locator("[data-testid=group-map]")).to_have_attribute("data-features", "2")
    expect(page.locator("[data-testid=map-total]")).to_have_text("۲")
    expect(page.locator("[data-testid=group-map]")).to_contain_text("OpenStreetMap")
    errors += page.evaluate("window.__cspViolations || []")
    page.goto(f"{live_server.url}/volunteers/")
    expect(page.locator("[data-testid=group-table]")).to_contain_text("گروه نقشه ۱")
    assert [*errors, *page.evaluate("window.__cspViolations || []")] == []
