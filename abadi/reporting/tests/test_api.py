import pytest
from django.test import Client

from abadi.accounts.services import token_create
from abadi.core.indicators import indicator_keys
from abadi.reporting.models import Target
from abadi.reporting.services import target_set

from .conftest import TEST_KEY, jdate

FIELDS = {
    "reason",
    "as_of",
    "start",
    "end",
    "key",
    "name",
    "name_en",
    "value",
    "target",
    "unit",
    "kind",
    "breakdown",
    "breakdown_name",
    "percent",
    "target_source",
    "target_manual",
    "target_derived",
    "children_target_sum",
    "target_mismatch",
    "partial",
}


def api(user):
    return Client(headers={"Authorization": f"Bearer {token_create(user=user)}"})


def test_indicators_for_an_area_and_year(value_indicator, make_benefit, manager, areas):
    make_benefit("2403010001001", jdate(1401, 2, 1), 300)
    make_benefit("2401010001001", jdate(1400, 2, 1), 7)
    target_set(actor=manager, key=TEST_KEY, area=areas["24"], year=1401, value=600)
    response = api(manager).get("/api/v1/indicators", {"area": "24", "year": 1401})
    assert response.status_code == 200
    rows = response.json()
    assert [row["key"] for row in rows] == indicator_keys()
    assert all(set(row) == FIELDS for row in rows)
    mine = next(row for row in rows if row["key"] == TEST_KEY)
    assert (mine["value"], mine["target"], mine["unit"], mine["percent"]) == (
        300,
        600,
        "rial",
        50.0,
    )
    assert mine["breakdown"] == {"package": 300}


def test_percent_keeps_two_decimals_and_periods_are_honoured(
    value_indicator, make_benefit, manager, areas
):
    make_benefit("2403010001001", jdate(1401, 2, 1), 45)
    make_benefit("2403010001001", jdate(1401, 5, 1), 10)
    target_set(actor=manager, key=TEST_KEY, area=areas["24"], year=1401, value=74)
    rows = api(manager).get("/api/v1/indicators", {"area": "24", "year": 1401, "key": TEST_KEY})
    row = rows.json()[0]
    assert row["value"] == 55 and row["percent"] == 74.32  # 55 of 74, not 74
    # A period of any two days, and a flow without a year counted up to the as-of day.
    one_day = {"area": "24", "key": TEST_KEY, "start": "1401/02/01", "end": "1401/02/01"}
    assert api(manager).get("/api/v1/indicators", one_day).json()[0]["value"] == 45
    before = {"area": "24", "key": TEST_KEY, "as_of": "1401/04/31"}
    answer = api(manager).get("/api/v1/indicators", before).json()[0]
    assert answer["value"] == 45 and answer["as_of"] == "1401/04/31"
    assert api(manager).get("/api/v1/indicators", {"year": 99999999}).status_code == 422
    assert api(manager).get("/api/v1/indicators", {"bogus": 1}).status_code == 422


def test_key_filter_month_and_default_area(value_indicator, make_benefit, county_officer):
    make_benefit("2403010001001", jdate(1401, 2, 1), 300)
    make_benefit("2403010001001", jdate(1401, 3, 1), 5)
    client = api(county_officer)
    rows = client.get(f"/api/v1/indicators?key={TEST_KEY}&year=1401&month=2").json()
    assert [(row["key"], row["value"]) for row in rows] == [(TEST_KEY, 300)]


def test_area_outside_the_scope_unknown_area_and_unknown_key(value_indicator, county_officer):
    client = api(county_officer)
    # Another province and an area that does not exist answer alike: no hint what exists.
    for area in ("15", "9999"):
        response = client.get("/api/v1/indicators", {"area": area})
        assert response.status_code == 422
        assert "در حوزه شما پیدا نشد" in response.json()["errors"]["area"][0]
    response = client.get("/api/v1/indicators", {"area": "2403", "key": "no.such"})
    assert response.status_code == 422 and "key" in response.json()["errors"]


def test_who_may_read(value_indicator, press_user, partner_user):
    assert api(press_user).get("/api/v1/indicators", {"area": "24"}).status_code == 200
    assert (
        api(press_user).get(f"/api/v1/indicators/{TEST_KEY}/records", {"area": "24"}).status_code
        == 403
    )
    assert api(partner_user).get("/api/v1/indicators", {"area": "24"}).status_code == 403
    assert Client().get("/api/v1/indicators").status_code == 401


def test_records_behind_a_value_paginated(value_indicator, make_benefit, manager):
    created = [make_benefit("2403010001001", jdate(1401, 2, 1), 1) for _ in range(55)]
    make_benefit("2403010001001", jdate(1400, 2, 1), 1)
    client = api(manager)
    first = client.get(
        f"/api/v1/indicators/{TEST_KEY}/records", {"area": "24", "year": 1401}
    ).json()
    assert (first["count"], first["pages"], first["page"], len(first["items"])) == (55, 2, 1, 50)
    assert "people_benefit" in first["sql"]
    second = client.get(
        f"/api/v1/indicators/{TEST_KEY}/records", {"area": "24", "year": 1401, "page": 2}
    ).json()
    ids = {item["id"] for item in first["items"]} | {item["id"] for item in second["items"]}
    assert ids == {benefit.pk for benefit in created}
    assert all(item["repr"] for item in second["items"])


def test_put_and_get_targets(value_indicator, manager, county_officer):
    body = {"key": TEST_KEY, "area": "24", "year": 1401, "value": 700, "note": "مصوبه"}
    response = api(manager).put("/api/v1/targets", body, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "key": TEST_KEY,
        "area": "24",
        "area_name": "اردبیل",
        "year": 1401,
        "value": 700,
        "note": "مصوبه",
        "set_by": manager.username,
    }
    listed = api(manager).get("/api/v1/targets", {"year": 1401}).json()
    assert [(t["key"], t["area"], t["value"]) for t in listed] == [(TEST_KEY, "24", 700)]
    assert api(county_officer).get("/api/v1/targets").json() == []
    refused = api(county_officer).put(
        "/api/v1/targets", {**body, "area": "2403"}, content_type="application/json"
    )
    assert refused.status_code == 403
    bad = api(manager).put(
        "/api/v1/targets", {**body, "value": -5}, content_type="application/json"
    )
    assert bad.status_code == 422 and "value" in bad.json()["errors"]
    assert Target.objects.get().value == 700


@pytest.mark.parametrize("status", [204, 404])
def test_delete_target(value_indicator, manager, status):
    if status == 204:
        api(manager).put(
            "/api/v1/targets",
            {"key": TEST_KEY, "area": "24", "year": 1401, "value": 1},
            content_type="application/json",
        )
    response = api(manager).delete(f"/api/v1/targets?key={TEST_KEY}&area=24&year=1401")
    assert response.status_code == status
    assert not Target.objects.exists()
