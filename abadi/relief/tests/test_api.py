import json

import pytest
from django.test import Client

from abadi.accounts.services import token_create
from abadi.core.actors import SYSTEM
from abadi.relief import samples, services
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


def test_a_transfer_over_the_api_moves_all_the_stock_and_not_a_unit_more(world, county_officer):
    api = Api(county_officer)
    source = Warehouse.objects.get()
    line = Stock.objects.get(warehouse=source)
    target = services.warehouse_create(actor=SYSTEM, name="انبار دوم", area=world["2403"])
    elsewhere = services.warehouse_create(actor=SYSTEM, name="انبار اردبیل", area=world["2401"])
    body = {"item_id": line.item_id, "target_id": target.pk, "on": "1400/01/01"}
    path = f"/relief/warehouses/{source.pk}/transfers"

    too_many = api.post(path, {**body, "quantity": line.quantity + 1})
    assert too_many.status_code == 422
    assert "موجودی" in json.dumps(too_many.json(), ensure_ascii=False)
    outside = api.post(path, {**body, "target_id": elsewhere.pk, "quantity": 1})
    assert outside.status_code == 422
    assert "انبار مقصد" in json.dumps(outside.json(), ensure_ascii=False)
    assert Stock.objects.get(pk=line.pk).quantity == line.quantity

    moved = api.post(path, {**body, "quantity": line.quantity})
    assert moved.status_code == 201, moved.json()
    assert moved.json()["quantity"] == -line.quantity
    assert Stock.objects.get(pk=line.pk).quantity == 0
    assert Stock.objects.get(warehouse=target, item_id=line.item_id).quantity == line.quantity
