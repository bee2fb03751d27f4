from django.test import Client
from django.urls import reverse

from abadi.reporting.models import Target
from abadi.reporting.services import target_set

from .conftest import TEST_KEY, jdate


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_indicators_page_shows_plan_actual_percent_and_links(
    value_indicator, make_benefit, manager, areas
):
    make_benefit("2403010001001", jdate(1401, 2, 1), 350 * 10**9, programme="solar")
    target_set(actor=manager, key=TEST_KEY, area=areas["24"], year=1401, value=700 * 10**9)
    target_set(actor=manager, key=TEST_KEY, area=areas["2403"], year=1401, value=100 * 10**9)
    response = client_for(manager).get(
        reverse("reporting:indicators"), {"area": "24", "year": "1401"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="indicator-table"' in html
    assert f'data-testid="indicator-{TEST_KEY}"' in html
    assert "۳۵۰ میلیارد ریال" in html and "۷۰۰ میلیارد ریال" in html
    assert "۵۰٪" in html and "bar-w-50" in html
    assert "نیروگاه خورشیدی خانگی" in html  # the breakdown, labelled
    assert f'data-testid="mismatch-{TEST_KEY}"' in html
    records_url = reverse("reporting:indicator_records", args=[TEST_KEY])
    assert f'href="{records_url}?area=24&amp;year=1401"' in html
    assert 'value="1401" selected' in html


def test_default_area_and_year_are_the_viewers(value_indicator, county_officer):
    response = client_for(county_officer).get(reverse("reporting:indicators"))
    assert response.status_code == 200
    assert response.context["area"].code == "2403"
    assert response.context["year"] is not None
    # The area box is a picker holding the viewer's county, in Persian digits.
    assert 'value="۲۴۰۳"' in response.context["area_box"]
    assert "geography/hint/" in response.context["area_box"]


def test_area_outside_the_scope_falls_back_with_a_message(value_indicator, county_officer):
    response = client_for(county_officer).get(reverse("reporting:indicators"), {"area": "15"})
    assert response.context["area"].code == "2403"
    assert "در حوزه شما پیدا نشد" in response.content.decode()


def test_press_sees_values_without_record_links(value_indicator, press_user):
    response = client_for(press_user).get(
        reverse("reporting:indicators"), {"area": "24", "year": "all"}
    )
    assert response.status_code == 200
    assert reverse("reporting:indicator_records", args=[TEST_KEY]) not in response.content.decode()
    assert (
        client_for(press_user)
        .get(reverse("reporting:indicator_records", args=[TEST_KEY]))
        .status_code
        == 403
    )


def test_partner_users_are_refused(partner_user):
    assert client_for(partner_user).get(reverse("reporting:indicators")).status_code == 403


def test_records_page_lists_rows_and_shows_the_sql(value_indicator, make_benefit, manager, areas):
    from abadi.core.permissions import Role
    from abadi.testing import user_with_role

    for _ in range(3):
        make_benefit("2403010001001", jdate(1401, 2, 1), 5)
    make_benefit("2403010001001", jdate(1400, 2, 1), 5)
    url = reverse("reporting:indicator_records", args=[TEST_KEY])
    response = client_for(manager).get(url, {"area": "24", "year": "1401"})
    assert response.status_code == 200
    html = response.content.decode()
    # A proper list: the record's date in Jalali, its amount in rials, its area.
    assert [cell["text"] for cell in response.context["rows"][0][1:]] == [
        "۱۴۰۱/۰۲/۰۱",
        "۵ ریال",
        "اسبو",
    ]
    # The SQL is for those who check the figures, not for the manager.
    assert 'data-testid="records-sql"' not in html and "people_benefit" not in html
    auditor = user_with_role("auditor24", Role.AUDITOR, areas["24"])
    html = client_for(auditor).get(url, {"area": "24", "year": "1401"}).content.decode()
    assert 'data-testid="records-sql"' in html and "people_benefit" in html
    assert response.context["page"].paginator.count == 3
    assert "۱۵ ریال" in html
    assert (
        client_for(manager)
        .get(reverse("reporting:indicator_records", args=["no.such"]))
        .status_code
        == 404
    )


def test_targets_page_sets_a_target_and_shows_persian_errors(value_indicator, manager):
    client = client_for(manager)
    url = reverse("reporting:targets")
    page = client.get(url, {"area": "24", "year": "1401"})
    assert page.status_code == 200 and 'data-testid="target-form"' in page.content.decode()
    bad = client.post(
        f"{url}?area=24&year=1401",
        {"action": "set", "key": TEST_KEY, "area": "24", "year": "1401", "value": "هفتصد"},
    )
    assert bad.status_code == 200
    assert "مقدار برنامه باید عددی صحیح و نامنفی باشد." in bad.content.decode()
    good = client.post(
        url, {"action": "set", "key": TEST_KEY, "area": "24", "year": "1401", "value": "۷۰۰٬۰۰۰"}
    )
    assert good.status_code == 302
    assert Target.objects.get().value == 700_000
    listing = client.get(url, {"area": "24", "year": "1401"}).content.decode()
    assert "۷۰۰٬۰۰۰" in listing
    removed = client.post(url, {"action": "delete", "key": TEST_KEY, "area": "24", "year": "1401"})
    assert removed.status_code == 302 and not Target.objects.exists()


def test_targets_page_is_read_only_for_officers(value_indicator, county_officer):
    client = client_for(county_officer)
    url = reverse("reporting:targets")
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="target-form"' not in page.content.decode()
    refused = client.post(
        url, {"action": "set", "key": TEST_KEY, "area": "2403", "year": "1401", "value": "1"}
    )
    assert refused.status_code == 403
    assert not Target.objects.exists()
