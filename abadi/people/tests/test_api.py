import datetime

import pytest

from abadi.accounts.services import token_create
from abadi.people.models import Benefit, Household, Person, Programme
from abadi.people.tests.conftest import make_code, make_household, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    """A client calling the API with a bearer token of ``user``."""

    class Api:
        def __init__(self):
            self.headers = {}

        def as_user(self, user):
            self.headers = {"Authorization": f"Bearer {token_create(user=user)}"}
            return self

        def get(self, path, params=None):
            return client.get(f"/api/v1{path}", params or {}, headers=self.headers)

        def send(self, method, path, body):
            return getattr(client, method)(
                f"/api/v1{path}", body, content_type="application/json", headers=self.headers
            )

    return Api()


def test_list_is_scoped_and_paged(api, county_officer, village_2403, village_2401):
    for n in range(3):
        make_person(village_2403, first_name=f"خلخال{n}")
    make_person(village_2401, first_name="اردبیل")
    api.as_user(county_officer)
    body = api.get("/persons", {"limit": 2}).json()
    assert [p["first_name"] for p in body["items"]] == ["خلخال2", "خلخال1"]
    assert body["next_offset"] == 2
    body = api.get("/persons", {"limit": 2, "offset": 2}).json()
    assert [p["first_name"] for p in body["items"]] == ["خلخال0"] and body["next_offset"] is None
    assert api.get("/persons", {"q": "اردبیل"}).json()["items"] == []
    assert api.get("/persons", {"area": "2401"}).status_code == 422


def test_person_out_uses_jalali(api, manager, village_2403):
    person = make_person(
        village_2403, birth_date=datetime.date(2022, 5, 8), national_code=make_code(80)
    )
    body = api.as_user(manager).get(f"/persons/{person.pk}").json()
    assert body["birth_date"] == "1401/02/18"
    assert body["area"] == "2403010001001" and body["area_name"] == "اسبو"
    assert body["national_code"] == make_code(80)
    found = api.get(
        "/persons", {"q": make_code(80).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))}
    ).json()
    assert [p["id"] for p in found["items"]] == [person.pk]


def test_county_officer_cannot_see_or_update_other_county(api, county_officer, village_2401):
    person = make_person(village_2401)
    api.as_user(county_officer)
    assert api.get(f"/persons/{person.pk}").status_code == 404
    assert api.send("patch", f"/persons/{person.pk}", {"first_name": "x"}).status_code == 404
    assert (
        api.send(
            "put",
            f"/persons/{person.pk}",
            {"first_name": "x", "last_name": "y", "sex": "male", "area": "2403010001001"},
        ).status_code
        == 404
    )
    person.refresh_from_db()
    assert person.first_name == "علی"


def test_create_person(api, county_officer):
    payload = {
        "first_name": "مريم",
        "last_name": "قاسمی",
        "sex": "female",
        "birth_date": "۱۳۶۵/۴/۱۲",
        "area": "2403010001001",
        "national_code": make_code(81),
        "mobile": "9141234567",
        "ikrf_covered": True,
        "income_decile": 2,
    }
    response = api.as_user(county_officer).send("post", "/persons", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["birth_date"] == "1365/04/12" and body["mobile"] == "09141234567"
    assert Person.objects.get().birth_date == datetime.date(1986, 7, 3)
    duplicate = api.send("post", "/persons", payload)
    assert duplicate.status_code == 422
    assert "قبلاً" in duplicate.json()["errors"]["national_code"][0]


def test_create_person_persian_errors(api, county_officer):
    payload = {
        "first_name": "x",
        "last_name": "y",
        "sex": "male",
        "birth_date": "1401/13/40",
        "area": "2401010001001",
        "national_code": "1234567890",
    }
    response = api.as_user(county_officer).send("post", "/persons", payload)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "ماه باید" in errors["birth_date"][0]
    # Schema errors come first; with a readable date the area is judged.
    payload.update(birth_date="1401/01/01")
    errors = api.send("post", "/persons", payload).json()["errors"]
    assert "در حوزه شما پیدا نشد" in errors["area"][0]
    payload.update(birth_date="1401/01/01", area="2403010001001")
    errors = api.send("post", "/persons", payload).json()["errors"]
    assert errors["national_code"] == ["کد ملی نامعتبر است."]
    assert not Person.objects.exists()


def test_patch_person(api, county_officer, village_2403):
    person = make_person(village_2403)
    household = make_household(village_2403)
    response = api.as_user(county_officer).send(
        "patch", f"/persons/{person.pk}", {"mobile": "۰۹۱۲۱۲۳۴۵۶۷", "household_id": household.pk}
    )
    assert response.status_code == 200, response.content
    assert (
        response.json()["mobile"] == "09121234567"
        and response.json()["household_id"] == household.pk
    )
    person.refresh_from_db()
    assert person.first_name == "علی"  # untouched


def test_households_api(api, county_officer, village_2403, village_2401):
    head = make_person(village_2403)
    api.as_user(county_officer)
    response = api.send(
        "post", "/households", {"head_id": head.pk, "area": "2403010001001", "address": "کوچه"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["member_ids"] == [head.pk] and body["head_name"] == "علی رضایی"
    listed = api.get("/households").json()["items"]
    assert [h["members"] for h in listed] == [1]
    response = api.send("patch", f"/households/{body['id']}", {"address": "کوچه باغ"})
    assert response.json()["address"] == "کوچه باغ"
    other = make_household(village_2401, make_person(village_2401))
    assert api.get(f"/households/{other.pk}").status_code == 404
    assert api.send("patch", f"/households/{other.pk}", {"address": "x"}).status_code == 404
    stranger = make_person(village_2401)
    refused = api.send("post", "/households", {"head_id": stranger.pk, "area": "2403010001001"})
    assert refused.status_code == 422 and "head_id" in refused.json()["errors"]
    assert Household.objects.count() == 2


def test_benefits_api(api, county_officer, village_2403, village_2401):
    person = make_person(village_2403)
    api.as_user(county_officer)
    payload = {
        "person_id": person.pk,
        "programme": "package",
        "date": "1401/02/18",
        "value": 5000000,
        "area": "2403",
        "campaign": "relief:3",
    }
    first = api.send("post", "/benefits", payload)
    assert first.status_code == 201, first.content
    assert first.json()["warnings"] == []
    assert first.json()["benefit"]["date"] == "1401/02/18"
    second = api.send("post", "/benefits", payload).json()
    assert len(second["warnings"]) == 2
    benefit_id = second["benefit"]["id"]
    assert (
        api.get("/benefits", {"year": 1401, "programme": "package"}).json()["items"][0]["id"]
        == benefit_id
    )
    assert api.get("/benefits", {"year": 1400}).json()["items"] == []
    patched = api.send("patch", f"/benefits/{benefit_id}", {"value": 1, "date": "1401/03/01"})
    assert (
        patched.json()["benefit"]["value"] == 1
        and patched.json()["benefit"]["date"] == "1401/03/01"
    )
    other = Benefit.objects.create(
        person=make_person(village_2401),
        programme=Programme.OTHER,
        date=datetime.date(2022, 1, 1),
        value=1,
        area=village_2401,
    )
    assert api.get(f"/benefits/{other.pk}").status_code == 404
    assert api.send("patch", f"/benefits/{other.pk}", {"value": 5}).status_code == 404
    bad = api.send("post", "/benefits", {**payload, "date": "دیروز", "area": "2401"})
    assert set(bad.json()["errors"]) == {"date"}
    bad = api.send("post", "/benefits", {**payload, "area": "2401"})
    assert set(bad.json()["errors"]) == {"area"}


def test_openapi_documents_people(client, manager):
    client.force_login(manager)
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/persons",
        "/api/v1/persons/{person_id}",
        "/api/v1/households",
        "/api/v1/benefits",
    ):
        assert path in schema["paths"]
    assert (
        "Jalali"
        in schema["components"]["schemas"]["PersonOut"]["properties"]["birth_date"]["description"]
    )


def test_press_has_no_access(api, press):
    assert api.as_user(press).get("/persons").status_code == 403


def test_a_birth_date_in_the_future_is_refused_as_the_import_refuses_it(api, county_officer):
    from abadi.core import clock
    from abadi.core.jalali import format_jalali

    tomorrow = format_jalali(clock.today() + datetime.timedelta(days=1), persian_digits=False)
    payload = {
        "first_name": "نوزاد",
        "last_name": "آینده",
        "sex": "female",
        "birth_date": tomorrow,
        "area": "2403010001001",
    }
    response = api.as_user(county_officer).send("post", "/persons", payload)
    assert response.status_code == 422
    assert "آینده" in response.json()["errors"]["birth_date"][0]
    today = format_jalali(clock.today(), persian_digits=False)
    assert api.send("post", "/persons", {**payload, "birth_date": today}).status_code == 201
