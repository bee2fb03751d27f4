import datetime

import pytest
from django.urls import reverse

from abadi.core.models import AuditEvent
from abadi.people.models import Benefit, Household, Person, Programme, Sex
from abadi.people.tests.conftest import make_code, make_household, make_person

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def as_officer(client, county_officer):
    client.force_login(county_officer)
    return client


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def populate(area, count, start=0):
    for n in range(start, start + count):
        head = make_person(
            area, first_name=f"نفر{n}", national_code=make_code(1000 + n), mobile="09141234567"
        )
        household = make_household(area, head)
        Benefit.objects.create(
            household=household,
            programme=Programme.PACKAGE,
            date=datetime.date(2022, 5, 8),
            value=10,
            area=area,
        )


def test_list_page(as_officer, village_2403, village_2401):
    make_person(
        village_2403, first_name="علی", last_name="کریمی", birth_date=datetime.date(2022, 5, 8)
    )
    make_person(village_2401, first_name="پنهان")
    response = as_officer.get(reverse("people:person_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert "علی کریمی" in html
    assert "۱۴۰۱/۰۲/۱۸" in html  # Jalali, Persian digits
    assert "پنهان" not in html


def test_search_partial_for_htmx(as_officer, village_2403):
    make_person(village_2403, first_name="علی", last_name="کریمی", national_code=make_code(7))
    make_person(village_2403, first_name="حسن", last_name="نوری")
    response = as_officer.get(reverse("people:person_list"), {"q": "علي"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html and 'data-testid="person-table"' in html
    assert "علی کریمی" in html and "حسن نوری" not in html
    persian_code = make_code(7).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    response = as_officer.get(reverse("people:person_list"), {"q": persian_code}, **HTMX)
    assert "علی کریمی" in response.content.decode()


def test_list_filters_and_bad_area(as_officer, village_2403):
    make_person(village_2403, first_name="فاطمه", sex=Sex.FEMALE, ikrf_covered=True)
    make_person(village_2403, first_name="رضا")
    html = as_officer.get(reverse("people:person_list"), {"ikrf_covered": "on"}).content.decode()
    assert "فاطمه" in html and "رضا رضایی" not in html
    html = as_officer.get(reverse("people:person_list"), {"area": "2401"}).content.decode()
    assert "در حوزه شما پیدا نشد" in html and 'data-testid="person-row"' not in html


def test_list_query_count_is_bounded(as_officer, village_2403, django_assert_max_num_queries):
    populate(village_2403, 3)
    with django_assert_max_num_queries(8) as few:
        as_officer.get(reverse("people:person_list"), {"q": "نفر"})
    populate(village_2403, 60, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = as_officer.get(reverse("people:person_list"), {"q": "نفر"})
    assert response.content.decode().count('data-testid="person-row"') == 25
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = as_officer.get(reverse("people:person_list"), {"page": "3"}, **HTMX)
    assert response.content.decode().count('data-testid="person-row"') == 13
    for query in few.captured_queries:
        assert "COUNT(" not in query["sql"].upper()


def test_pager_without_count(as_officer, village_2403):
    populate(village_2403, 26)
    html = as_officer.get(reverse("people:person_list")).content.decode()
    assert 'data-testid="pager-next"' in html and "pager-previous" not in html
    html = as_officer.get(reverse("people:person_list"), {"page": "2"}).content.decode()
    assert 'data-testid="pager-previous"' in html and "pager-next" not in html


def test_detail_page(as_officer, county_officer, village_2403, village_2401):
    head = make_person(village_2403, first_name="یعقوب")
    son = make_person(village_2403, first_name="یوسف")
    household = make_household(village_2403, head, son)
    Benefit.objects.create(
        household=household,
        programme=Programme.SOLAR,
        date=datetime.date(2022, 5, 8),
        value=10,
        area=village_2403,
    )
    html = as_officer.get(reverse("people:person_detail", args=[son.pk])).content.decode()
    assert "یعقوب رضایی" in html  # the household's head
    assert "نیروگاه خورشیدی خانگی" in html  # the household's benefit
    assert "/audit/history/" in html and 'hx-trigger="load"' in html
    other = make_person(village_2401)
    assert as_officer.get(reverse("people:person_detail", args=[other.pk])).status_code == 404


def person_post(**overrides):
    data = {
        "first_name": "مریم",
        "last_name": "قاسمی",
        "father_name": "علی",
        "sex": "female",
        "birth_date": "۱۳۶۵/۰۴/۱۲",
        "mobile": "۰۹۱۴۱۲۳۴۵۶۷",
        "area": "2403010001001",
        "national_code": make_code(60),
        "income_decile": "3",
    }
    data.update(overrides)
    return data


def test_create_person(as_officer):
    response = as_officer.post(reverse("people:person_create"), person_post())
    person = Person.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "people:person_detail", args=[person.pk]
    )
    assert person.birth_date == datetime.date(1986, 7, 3)
    assert person.income_decile == 3
    assert AuditEvent.objects.filter(action="person.create").count() == 1


def test_create_form_shows_persian_errors(as_officer):
    response = as_officer.post(
        reverse("people:person_create"),
        person_post(
            national_code="1234567890", birth_date="1401/13/01", mobile="123", area="2403", sex=""
        ),
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "کد ملی نامعتبر است." in html
    assert 'data-testid="error-birth_date"' in html
    assert 'data-testid="error-mobile"' in html
    assert "روستا یا شهر" in html
    assert "جنسیت را انتخاب کنید." in html
    assert "is-invalid" in html
    assert not Person.objects.exists()


def test_duplicate_code_error_links_existing_person(as_officer, village_2403):
    existing = make_person(village_2403, national_code=make_code(60))
    response = as_officer.post(reverse("people:person_create"), person_post())
    html = response.content.decode()
    assert response.status_code == 422
    assert "این کد ملی قبلاً برای «علی رضایی» ثبت شده است." in html
    assert f'href="{reverse("people:person_detail", args=[existing.pk])}"' in html
    assert Person.objects.count() == 1


def test_area_out_of_scope_in_form(as_officer):
    response = as_officer.post(reverse("people:person_create"), person_post(area="2401010001001"))
    assert "در حوزه شما پیدا نشد" in response.content.decode()
    assert not Person.objects.exists()


def test_edit_person(as_officer, village_2403, village_2401, officer_2401, client):
    person = make_person(village_2403)
    page = as_officer.get(reverse("people:person_edit", args=[person.pk])).content.decode()
    assert 'value="۲۴۰۳۰۱۰۰۰۱۰۰۱"' in page and 'value="۱۳۵۹/۰۲/۱۱"' in page
    response = as_officer.post(
        reverse("people:person_edit", args=[person.pk]),
        person_post(first_name="علی", sex="male", national_code=""),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.father_name == "علی" and person.national_code is None
    client.force_login(officer_2401)
    assert client.get(reverse("people:person_edit", args=[person.pk])).status_code == 404


def test_auditor_reads_but_cannot_edit(client, auditor, village_2403):
    client.force_login(auditor)
    person = make_person(village_2403)
    assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 200
    assert client.get(reverse("people:person_create")).status_code == 403
    assert client.get(reverse("people:duplicates")).status_code == 403


def test_area_hint_names_the_place_by_code_or_name(as_officer, areas):
    hint = reverse("geography:area_hint")
    residence = {"levels": "village,city", "perm": "people.edit"}
    html = as_officer.get(hint, {"area": "2403010001001", **residence}).content.decode()
    assert "اسبو — خانندبیل غربی — خلخال" in html
    html = as_officer.get(hint, {"area": "اسبو", **residence}).content.decode()
    assert "اسبو — خانندبیل غربی — خلخال" in html
    html = as_officer.get(hint, {"area": "2403", **residence}).content.decode()
    assert "روستا یا شهر لازم است" in html
    html = as_officer.get(hint, {"area": "2401", "perm": "people.view"}).content.decode()
    assert "در حوزه شما پیدا نشد" in html
    # A perm nobody registered falls back to the areas permission, never an error.
    assert as_officer.get(hint, {"area": "2403", "perm": "no.such"}).status_code == 200


def test_households(as_officer, village_2403, village_2401):
    head = make_person(village_2403, national_code=make_code(70), first_name="یعقوب")
    response = as_officer.post(
        reverse("people:household_create"),
        {"head": make_code(70), "area": "2403010001001", "address": "کوچه مسجد"},
    )
    household = Household.objects.get()
    assert response.status_code == 302
    member = make_person(
        village_2403, national_code=make_code(71), first_name="زینب", sex=Sex.FEMALE
    )
    response = as_officer.post(
        reverse("people:household_detail", args=[household.pk]), {"person": make_code(71)}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.household == household
    html = as_officer.get(reverse("people:household_detail", args=[household.pk])).content.decode()
    assert "زینب رضایی" in html and "یعقوب رضایی" in html
    response = as_officer.post(
        reverse("people:household_detail", args=[household.pk]), {"person": make_code(99)}
    )
    assert response.status_code == 422 and "ثبت نشده است" in response.content.decode()
    html = as_officer.get(reverse("people:household_list"), {"q": "یعق"}, **HTMX).content.decode()
    assert "یعقوب رضایی" in html
    assert head.pk
    other = make_household(village_2401, make_person(village_2401))
    assert as_officer.get(reverse("people:household_detail", args=[other.pk])).status_code == 404
    assert (
        as_officer.get(reverse("people:household_create") + f"?head={head.pk}").status_code == 200
    )


def test_benefit_list(as_officer, village_2403, village_2401):
    person = make_person(village_2403)
    Benefit.objects.create(
        person=person,
        programme=Programme.HOUSING,
        date=datetime.date(2022, 5, 8),
        value=10_000_000,
        area=village_2403,
    )
    Benefit.objects.create(
        person=person,
        programme=Programme.MEDICAL,
        date=datetime.date(2021, 5, 8),
        value=10,
        area=village_2403,
    )
    Benefit.objects.create(
        person=make_person(village_2401),
        programme=Programme.HOUSING,
        date=datetime.date(2022, 5, 8),
        value=10,
        area=village_2401,
    )
    html = as_officer.get(
        reverse("people:benefit_list"), {"year": "1401", "programme": "housing"}
    ).content.decode()
    assert html.count('data-testid="benefit-row"') == 1
    assert 'data-testid="households-reached"' in html and "سال ۱۴۰۱" in html
    html = as_officer.get(reverse("people:benefit_list")).content.decode()
    assert html.count('data-testid="benefit-row"') == 2


def test_duplicates_review_and_merge(as_manager, village_2403):
    keep = make_person(village_2403)
    drop = make_person(village_2403, first_name="علي", mobile="09141112222")
    Benefit.objects.create(
        person=drop,
        programme=Programme.PACKAGE,
        date=datetime.date(2022, 5, 8),
        value=1,
        area=village_2403,
    )
    html = as_manager.get(reverse("people:duplicates")).content.decode()
    assert html.count('data-testid="duplicate-group"') == 1
    assert f"?a={keep.pk}&amp;b={drop.pk}" in html
    url = reverse("people:person_merge")
    page = as_manager.get(url, {"a": keep.pk, "b": drop.pk})
    assert page.status_code == 200 and "09141112222" not in page.content.decode()
    refused = as_manager.post(url, {"a": keep.pk, "b": drop.pk, "keep": keep.pk})
    assert refused.status_code == 422 and "تأیید کنید" in refused.content.decode()
    response = as_manager.post(url, {"a": keep.pk, "b": drop.pk, "keep": keep.pk, "confirm": "on"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=drop.pk).exists()
    assert Benefit.objects.get().person_id == keep.pk


def test_merge_needs_merge_permission(as_officer, village_2403):
    a, b = make_person(village_2403), make_person(village_2403)
    url = reverse("people:person_merge")
    assert as_officer.get(url, {"a": a.pk, "b": b.pk}).status_code == 403
    assert (
        as_officer.post(url, {"a": a.pk, "b": b.pk, "keep": a.pk, "confirm": "on"}).status_code
        == 403
    )
    assert Person.objects.count() == 2
    html = as_officer.get(reverse("people:duplicates")).content.decode()
    assert 'data-testid="merge-link"' not in html


@pytest.mark.parametrize("url_name", ["people:household_list", "people:benefit_list"])
def test_other_lists_query_count_is_bounded(
    as_officer, village_2403, url_name, django_assert_max_num_queries
):
    populate(village_2403, 2)
    with django_assert_max_num_queries(12) as few:
        as_officer.get(reverse(url_name))
    populate(village_2403, 40, start=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = as_officer.get(reverse(url_name))
    assert response.content.decode().count('-row"') == 25


def test_a_person_who_moved_away_is_not_named_on_the_records_left_behind(
    client, county_officer, village_2403, village_2401
):
    """The 2403 county keeps its household and its ledger row; the person now lives in
    2401: 2403 sees "a person living in another area", no name, no code, no id."""
    from abadi.accounts.services import token_create

    person = make_person(village_2403, first_name="مهاجر", national_code=make_code(81))
    household = Household.objects.create(head=person, area=village_2403)
    person.household = household
    person.save()
    Benefit.objects.create(
        person=person,
        programme=Programme.PACKAGE,
        date=datetime.date(2022, 1, 1),
        value=1,
        area=village_2403,
    )
    person.area = village_2401
    person.save()
    client.force_login(county_officer)
    for url in (reverse("people:benefit_list"), reverse("people:household_list")):
        html = client.get(url).content.decode()
        assert "فردی ساکن منطقه‌ای دیگر" in html
        assert "مهاجر" not in html and make_code(81) not in html
        assert reverse("people:person_detail", args=[person.pk]) not in html
    api = {"Authorization": f"Bearer {token_create(user=county_officer)}"}
    benefits = client.get("/api/v1/benefits", headers=api).json()["items"]
    assert benefits[0]["person_id"] is None
    households = client.get("/api/v1/households", headers=api).json()["items"]
    assert households[0]["head_id"] is None
    assert households[0]["head_name"] == "فردی ساکن منطقه‌ای دیگر"
