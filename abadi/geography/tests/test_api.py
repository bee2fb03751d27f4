import pytest

from abadi.accounts.services import token_create


@pytest.fixture
def api(client):
    def call(user, path, **params):
        token = token_create(user=user)
        return client.get(f"/api/v1{path}", params, HTTP_AUTHORIZATION=f"Bearer {token}")

    return call


def test_children_of_a_province(api, admin_user, areas):
    response = api(admin_user, "/areas", parent="24")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    items = {item["code"]: item for item in body["items"]}
    assert items["2403"]["children_count"] == 1
    assert items["2403"]["parent_code"] == "24"
    assert items["2403"]["level_label"] == "شهرستان"


def test_search(api, admin_user, areas):
    body = api(admin_user, "/areas", q="اردبيل").json()
    assert [item["code"] for item in body["items"]] == ["24", "2401"]


def test_detail(api, admin_user, areas):
    body = api(admin_user, "/areas/2403").json()
    assert body["children_count"] == 1
    assert [a["code"] for a in body["ancestors"]] == ["IR", "24"]


def test_list_and_detail_are_scoped(api, county_officer, areas):
    assert api(county_officer, "/areas", parent="2401").status_code == 404
    assert api(county_officer, "/areas", parent="24").status_code == 404
    assert api(county_officer, "/areas/2401").status_code == 404
    assert "پیدا نشد" in api(county_officer, "/areas/2401").json()["detail"]
    assert api(county_officer, "/areas/2401010001001").status_code == 404
    assert api(county_officer, "/areas", q="سقزچی").json()["count"] == 0
    assert [i["code"] for i in api(county_officer, "/areas").json()["items"]] == ["2403"]
    assert [i["code"] for i in api(county_officer, "/areas", parent="2403").json()["items"]] == [
        "240301"
    ]
    assert api(county_officer, "/areas/2403010001001").status_code == 200


def test_boundaries_are_scoped(api, county_officer, admin_user, mapped_areas):
    assert api(county_officer, "/areas/2401/boundaries").status_code == 404
    own = api(county_officer, "/areas/2403/boundaries").json()
    assert [f["properties"]["code"] for f in own["features"]] == ["2403"]
    country = api(admin_user, "/areas/IR/boundaries").json()
    assert {f["properties"]["code"] for f in country["features"]} == {"24", "15"}


def test_admin_sees_every_province(api, admin_user, areas):
    body = api(admin_user, "/areas", parent="IR").json()
    assert {item["code"] for item in body["items"]} == {"24", "15"}


def test_openapi_documents_the_schemas(client, areas):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/areas" in schema["paths"]
    assert "/api/v1/areas/{code}" in schema["paths"]
    assert "AreaDetailOut" in schema["components"]["schemas"]
    properties = schema["components"]["schemas"]["AreaOut"]["properties"]
    assert {"code", "name", "level", "parent_code", "children_count"} <= set(properties)
