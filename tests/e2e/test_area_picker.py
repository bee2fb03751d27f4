"""The area picker: a clerk types a village's Persian name, chooses it from the list by
keyboard or tap, and the form saves the place; a shared name lists its places; a name
outside the clerk's areas is refused with the reason."""

import pytest
from playwright.sync_api import expect

from abadi.core.permissions import Role
from abadi.core.persian import search_key
from abadi.geography.models import Area, AreaLevel
from abadi.people.models import Person

pytestmark = pytest.mark.e2e


def _village(code: str, name: str, rural_district: Area) -> Area:
    return Area.objects.create(
        code=code,
        name=name,
        level=AreaLevel.VILLAGE,
        parent=rural_district,
        path=f"{rural_district.path}{code}/",
        depth=rural_district.depth + 1,
        search_key=search_key(name),
    )


@pytest.fixture
def clerk_page(login, e2e_areas):
    return login(role=Role.COUNTY_OFFICER, area_code="2403", username="clerk2403")


def _person_form(page, live_server, *, first_name: str):
    page.goto(f"{live_server.url}/people/new/")
    page.fill("input[name=first_name]", first_name)
    page.fill("input[name=last_name]", "رضایی")
    page.select_option("select[name=sex]", index=1)


def test_type_a_village_name_choose_it_and_save(clerk_page, live_server):
    page = clerk_page
    _person_form(page, live_server, first_name="صغری")
    box = page.locator("input[name=area]")
    # The example in the box is one of the clerk's own places.
    assert "اسبو" in box.get_attribute("placeholder")
    box.press_sequentially("اسب", delay=40)
    option = page.locator("[data-testid=area-option]").first
    expect(option).to_contain_text("اسبو — خانندبیل غربی — خلخال")
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(box).to_have_value("۲۴۰۳۰۱۰۰۰۱۰۰۱")
    expect(page.locator("[data-testid=area-hint]")).to_contain_text("اسبو — خانندبیل غربی — خلخال")
    page.click("[data-testid=person-save]")
    expect(page.locator("[data-testid=person-name]")).to_contain_text("صغری رضایی")
    assert Person.objects.get(first_name="صغری").area.code == "2403010001001"


def test_a_shared_name_lists_its_places_to_tap(clerk_page, live_server, e2e_areas):
    rural = e2e_areas["2403010001"]
    _village("2403010001002", "کلور", rural)
    _village("2403010001003", "کلور", rural)
    page = clerk_page
    _person_form(page, live_server, first_name="کبری")
    box = page.locator("input[name=area]")
    box.fill("کلور")
    expect(page.locator("[data-testid=area-hint-error]")).to_contain_text("چند جا با این نام")
    options = page.locator("[data-testid=area-option]")
    expect(options).to_have_count(2)
    options.nth(1).click()
    expect(box).to_have_value("۲۴۰۳۰۱۰۰۰۱۰۰۳")
    page.click("[data-testid=person-save]")
    expect(page.locator("[data-testid=person-name]")).to_contain_text("کبری رضایی")
    assert Person.objects.get(first_name="کبری").area.code == "2403010001003"


def test_a_name_outside_the_users_areas_is_refused_with_the_reason(clerk_page, live_server):
    page = clerk_page
    _person_form(page, live_server, first_name="زهرا")
    box = page.locator("input[name=area]")
    box.fill("سقزچی")  # a village of county 2401, not the clerk's
    expect(page.locator("[data-testid=area-hint-error]")).to_contain_text("حوزه شما پیدا نشد")
    expect(page.locator("[data-testid=area-option]")).to_have_count(0)
    page.click("[data-testid=person-save]")
    expect(page.locator("[data-testid=error-area]")).to_contain_text("حوزه شما پیدا نشد")
    assert not Person.objects.filter(first_name="زهرا").exists()
