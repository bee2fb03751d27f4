import pytest
from django.urls import reverse


@pytest.fixture
def officer_client(client, county_officer):
    client.force_login(county_officer)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def page(client, code=None):
    url = (
        reverse("geography:browser", kwargs={"code": code})
        if code
        else reverse("geography:browser")
    )
    return client.get(url, HTTP_ACCEPT_LANGUAGE="fa")


def test_urls():
    assert reverse("geography:browser") == "/geography/"
    assert reverse("geography:browser", kwargs={"code": "24"}) == "/geography/24/"


def test_login_required(client, areas):
    assert page(client, "24").status_code == 302


def test_admin_lands_on_the_country(admin_client, mapped_areas):
    response = page(admin_client)
    assert response.status_code == 302
    assert response.url == "/geography/IR/"
    html = page(admin_client, "IR").content.decode()
    assert 'data-testid="area-table"' in html
    assert "اردبیل" in html and "لرستان" in html
    # Codes and counts in Persian digits.
    assert "۲۴" in html and '<td class="area-code text-nowrap">24</td>' not in html


def test_province_page(admin_client, mapped_areas):
    html = page(admin_client, "24").content.decode()
    for testid in ("area-table", "area-search", "area-map", "breadcrumb"):
        assert f'data-testid="{testid}"' in html
    assert "خلخال" in html and "۲۴۰۳" in html
    assert 'data-map-url="/geography/24/map.json"' in html
    assert "vendor/leaflet/leaflet.js" in html


def test_county_officer_lands_on_their_county(officer_client, mapped_areas):
    response = page(officer_client)
    assert response.status_code == 302
    assert response.url == "/geography/2403/"


def test_county_officer_sees_nothing_of_another_county(officer_client, mapped_areas):
    html = page(officer_client, "2403").content.decode()
    assert "مرکزی" in html  # its district
    assert "سقزچی" not in html and "بالغلو" not in html
    for code in ("2401", "240101", "2401010001001", "24", "IR", "15"):
        assert page(officer_client, code).status_code == 404, code


def test_breadcrumb_names_ancestors_without_opening_them(officer_client, mapped_areas):
    html = page(officer_client, "240301").content.decode()
    crumb = html[html.index('data-testid="breadcrumb"') : html.index("</ol>")]
    assert "ایران" in crumb and "اردبیل" in crumb
    assert 'href="/geography/24/"' not in crumb and 'href="/geography/IR/"' not in crumb
    assert 'href="/geography/2403/"' in crumb


def test_search_fragment_folds_arabic_letters(admin_client, areas):
    response = admin_client.get(
        reverse("geography:search"), {"q": "اردبيل"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'href="/geography/24/"' in html and 'href="/geography/2401/"' in html
    assert "۲۴۰۱" in html


def test_search_is_scoped(officer_client, areas):
    html = officer_client.get(reverse("geography:search"), {"q": "سقزچی"}).content.decode()
    assert "2401010001001" not in html and "سقزچی" in html  # only the query echoed back
    assert "پیدا نشد" in html
    html = officer_client.get(reverse("geography:search"), {"q": "اسبو"}).content.decode()
    assert 'href="/geography/2403010001001/"' in html


def test_map_json(admin_client, mapped_areas):
    data = admin_client.get(reverse("geography:map", kwargs={"code": "24"})).json()
    assert {f["properties"]["code"] for f in data["features"]} == {"2401", "2403"}
    assert data["features"][0]["geometry"]["type"] == "MultiPolygon"


def test_map_json_is_scoped(officer_client, mapped_areas):
    assert officer_client.get(reverse("geography:map", kwargs={"code": "2401"})).status_code == 404
    assert officer_client.get(reverse("geography:map", kwargs={"code": "24"})).status_code == 404
    data = officer_client.get(reverse("geography:map", kwargs={"code": "2403"})).json()
    assert [f["properties"]["code"] for f in data["features"]] == ["2403"]


def test_unknown_code_is_404(admin_client, areas):
    assert page(admin_client, "99").status_code == 404


def test_page_queries_do_not_grow_with_children(admin_client, areas, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert page(admin_client, "IR").status_code == 200


def test_admin_adds_a_county(admin_client, areas):
    url = reverse("geography:add", kwargs={"code": "24"})
    form = admin_client.get(url).content.decode()
    assert 'value="county"' in form and 'value="district"' not in form
    response = admin_client.post(url, {"code": "۲۴۱۲", "name": "انگوت", "level": "county"})
    assert response.status_code == 302
    assert response.url == "/geography/2412/"
    assert areas["24"].children.filter(code="2412", name="انگوت").exists()


def test_add_refusal_shows_the_persian_message(admin_client, areas):
    url = reverse("geography:add", kwargs={"code": "24"})
    html = admin_client.post(
        url, {"code": "2401", "name": "تکراری", "level": "county"}
    ).content.decode()
    assert "پیش‌تر به منطقهٔ دیگری داده شده" in html


def test_admin_moves_an_area_with_a_date(admin_client, areas):
    url = reverse("geography:move", kwargs={"code": "240301"})
    response = admin_client.post(url, {"new_parent": "2401", "effective_date": "۱۴۰۳/۰۱/۰۱"})
    assert response.status_code == 302
    html = page(admin_client, "240301").content.decode()
    assert 'data-testid="area-changes"' in html
    assert "۱۴۰۳/۰۱/۰۱" in html and "خلخال" in html


def test_move_to_an_unknown_parent(admin_client, areas):
    url = reverse("geography:move", kwargs={"code": "240301"})
    html = admin_client.post(
        url, {"new_parent": "98", "effective_date": "1403/01/01"}
    ).content.decode()
    assert "منطقه‌ای با کد «۹۸» در حوزه شما پیدا نشد" in html


def test_county_officer_cannot_change_areas(officer_client, areas):
    assert officer_client.get(reverse("geography:add", kwargs={"code": "2403"})).status_code == 403
    response = officer_client.post(
        reverse("geography:move", kwargs={"code": "240301"}),
        {"new_parent": "2401", "effective_date": "1403/01/01"},
    )
    assert response.status_code == 403
    assert 'data-testid="area-add"' not in page(officer_client, "2403").content.decode()
