"""The campaign board in a browser: its map shades the office's county by packages, its
bars take their widths, and the Content-Security-Policy refuses nothing on the way."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_volunteers import WATCH_VIOLATIONS, _square

pytestmark = pytest.mark.e2e


def test_the_board_draws_its_map_and_bars(login, live_server, e2e_areas):
    from abadi.geography.models import Area
    from abadi.relief import samples
    from abadi.relief.models import Campaign

    Area.objects.filter(code="2403").update(geometry=_square(48.0, 37.5))
    samples.build(county=e2e_areas["2403"], marker="نشان")
    campaign = Campaign.objects.get()
    page = login()
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto(f"{live_server.url}/relief/{campaign.pk}/")
    expect(page.locator("[data-testid=county-map]")).to_have_attribute("data-features", "1")
    track = page.locator("[data-testid=campaign-board] .progress").first
    percent = int(track.get_attribute("aria-valuenow"))
    share = track.locator(".progress-bar").bounding_box()["width"] / track.bounding_box()["width"]
    assert percent > 0 and abs(share - percent / 100) < 0.02, (share, percent)
    assert page.evaluate("window.__cspViolations || []") == []
