import json

import pytest
from django.test import Client

from abadi.accounts.services import token_create
from abadi.relief import samples
from abadi.relief.models import Campaign, Kit, Shipment, Stock, Warehouse

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token_create(user=user)}"}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path, payload):
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(payload),
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def world(areas):
    samples.build(county=areas["2403"], marker="نشان")
    return areas


def test_dispatch_and_deliver_over_the_api(world, county_officer):
    api = Api(county_officer)
    warehouse = Warehouse.objects.get()
    kit = Kit.objects.get()
    stock = Stock.objects.get(warehouse=warehouse).quantity
    body = {
        "origin_id": warehouse.pk,
        "destination": "1501",
        "truck_plate": "۱۲ع۳۴۵",
        "driver_name": "راننده",
        "on": "1400/01/01",
        "lines": [{"kit_id": kit.pk, "quantity": 1}],
    }
    response = api.post(
        "/relief/shipments", {**body, "lines": [{"kit_id": kit.pk, "quantity": 10_000}]}
    )
    assert response.status_code == 422 and "موجودی" in json.dumps(
        response.json(), ensure_ascii=False
    )
    assert Stock.objects.get(warehouse=warehouse).quantity == stock
    created = api.post("/relief/shipments", body)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    early = api.post(f"/relief/shipments/{pk}/deliver", {"on": "1399/12/29", "received_by": "x"})
    assert early.status_code == 422
    done = api.post(f"/relief/shipments/{pk}/deliver", {"on": "1400/01/01", "received_by": "x"})
    assert done.status_code == 200 and done.json()["status"] == "delivered"


def test_a_second_package_answers_422(world, county_officer):
    api = Api(county_officer)
    campaign = Campaign.objects.get()
    package = campaign.packages.first()
    response = api.post(
        f"/relief/campaigns/{campaign.pk}/packages",
        {
            "national_code": package.household.head.national_code,
            "kit_id": package.kit_id,
            "on": "1400/01/01",
            "proof_code": "1",
        },
    )
    assert response.status_code == 422


def test_lists_and_details(world, county_officer, officer_2401):
    api = Api(county_officer)
    for path in (
        "/relief/campaigns",
        "/relief/shipments",
        "/relief/packages",
        "/relief/items",
        "/relief/kits",
        "/relief/warehouses",
        "/relief/lists",
    ):
        response = api.get(path)
        assert response.status_code == 200 and response.json()["items"], path
    shipment = Shipment.objects.first()
    assert api.get(f"/relief/shipments/{shipment.pk}").status_code == 200
    assert Api(officer_2401).get(f"/relief/shipments/{shipment.pk}").status_code == 404
    assert Api(officer_2401).get("/relief/campaigns").json()["items"] == []
