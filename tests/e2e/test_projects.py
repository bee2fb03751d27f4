"""A field officer on a phone (390×844): opens a project, posts a progress report with a
photo from the camera, and sees the timeline, the chart and the gallery — no horizontal
scroll, no script error."""

import datetime
import io

import pytest
from playwright.sync_api import expect

from abadi.core.permissions import Role

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="fa-IR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _photo(path) -> str:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (800, 600), (60, 140, 90)).save(out, format="JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def test_a_field_officer_reports_progress_from_a_phone(
    phone, live_server, e2e_areas, settings, tmp_path
):
    from abadi.projects import services
    from abadi.projects.models import ExecutorKind, FunderKind
    from abadi.testing import user_with_role

    settings.MEDIA_ROOT = tmp_path
    officer = user_with_role("field2403", Role.COUNTY_OFFICER, e2e_areas["2403"])
    project = services.project_register(
        actor=officer,
        title="ساخت ۳ واحد مسکن محرومان روستای اسبو",
        project_type="housing_build",
        places=[e2e_areas["2403010001001"]],
        budget=3_000_000_000,
        fundings=[services.FundingShare(FunderKind.OFFICE, 3_000_000_000)],
        executor=services.Executor(kind=ExecutorKind.GROUP, group_name="گروه جهادی شهید باکری"),
        capacity={"housing_units": 3},
        on=datetime.date(2022, 4, 1),
    )
    services.project_groundbreak(actor=officer, project=project, on=datetime.date(2022, 4, 20))
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", "field2403")
    phone.fill("input[name=password]", "pw-for-tests-1234")
    phone.click("[data-testid=login-submit]")
    phone.wait_for_url(f"{live_server.url}/")

    phone.goto(f"{live_server.url}/projects/{project.pk}/")
    phone.click("[data-testid=report-new]")
    phone.fill("input[name=date]", "۱۴۰۱/۰۲/۰۵")
    phone.fill("input[name=percent]", "۲۵")
    phone.fill("textarea[name=text]", "پی‌ریزی به پایان رسید")
    phone.set_input_files("[data-testid=photos]", _photo(tmp_path / "site.jpg"))
    phone.click("[data-testid=report-submit]")

    expect(phone.locator("[data-testid=project-progress]")).to_have_text("۲۵٪")
    expect(phone.locator("[data-testid=timeline-start]")).to_be_visible()
    expect(phone.locator("[data-testid=gallery] img")).to_have_count(1)
    expect(phone.locator("#progress-chart")).to_have_attribute("data-points", "1")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    assert errors == []
