"""Every relief page answers its staff, in Persian, within their county; another county's
records are 404."""

import pytest
from django.urls import reverse

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.jalali import format_jalali
from abadi.geography.models import Area
from abadi.relief import samples, services
from abadi.relief.models import (
    BulkRun,
    Campaign,
    EligibilityList,
    Package,
    Shipment,
    Stock,
    Warehouse,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(areas):
    samples.build(county=areas["2403"], marker="نشان‌خلخال")
    samples.build(county=areas["2401"], marker="نشان‌اردبیل")
    return areas


def _pages():
    c = Campaign.objects.get(name__contains="خلخال")
    s = Shipment.objects.filter(area__code="2403").first()
    w = Warehouse.objects.get(name__contains="خلخال")
    e = EligibilityList.objects.get(name__contains="خلخال")
    r = BulkRun.objects.filter(area__code="2403").first()
    return [
        reverse("relief:campaign_list"),
        reverse("relief:campaign_create"),
        reverse("relief:campaign_detail", args=[c.pk]),
        reverse("relief:handout", args=[c.pk]),
        reverse("relief:list_create", args=[c.pk]),
        reverse("relief:list_detail", args=[e.pk]),
        reverse("relief:run_detail", args=[r.pk]),
        reverse("relief:shipment_list"),
        reverse("relief:shipment_create"),
        reverse("relief:shipment_detail", args=[s.pk]),
        reverse("relief:warehouse_list"),
        reverse("relief:warehouse_create"),
        reverse("relief:warehouse_detail", args=[w.pk]),
        reverse("relief:stock_move", args=[w.pk, "receive"]),
        reverse("relief:catalogue"),
        reverse("relief:item_create"),
        reverse("relief:kit_create"),
        reverse("relief:package_list"),
        reverse("relief:campaign_list") + "?format=csv",
        reverse("relief:shipment_list") + "?format=xlsx",
        reverse("relief:package_list") + "?format=csv",
    ]


def test_every_page_answers_the_county_officer_and_shows_no_other_county(
    client, world, county_officer
):
    client.force_login(county_officer)
    for url in _pages():
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert "نشان‌اردبیل".encode() not in body, url


def test_another_countys_records_are_not_found(client, world, officer_2401):
    client.force_login(officer_2401)
    for url in _pages():
        if (
            "/new/" in url
            or "?" in url
            or url.rstrip("/").endswith(
                ("relief", "shipments", "warehouses", "catalogue", "packages")
            )
        ):
            continue
        assert client.get(url).status_code == 404, url


def test_the_waybill_is_a_pdf(client, world, county_officer):
    client.force_login(county_officer)
    shipment = Shipment.objects.filter(area__code="2403").first()
    response = client.get(reverse("relief:shipment_waybill", args=[shipment.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_handout_on_the_phone_page(client, world, county_officer):
    client.force_login(county_officer)
    campaign = Campaign.objects.get(name__contains="خلخال")
    package = Package.objects.filter(campaign=campaign).first()
    code = package.household.head.national_code
    response = client.post(
        reverse("relief:handout", args=[campaign.pk]),
        {
            "national_code": code,
            "kit": package.kit_id,
            "on": format_jalali(clock.today()),
            "proof_code": "1",
            "distributor_kind": "staff",
        },
    )
    assert response.status_code == 200
    assert "پیش‌تر گرفته" in response.content.decode()


def test_delivery_through_the_page(client, world, county_officer):
    client.force_login(county_officer)
    shipment = Shipment.objects.filter(area__code="2403", status="dispatched").first()
    url = reverse("relief:shipment_action", args=[shipment.pk, "deliver"])
    response = client.post(url, {"deliver-on": "1300/01/01", "deliver-received_by": "x"})
    assert response.status_code == 200
    shipment.refresh_from_db()
    assert shipment.status == "dispatched"


SQUARE = {"type": "Polygon", "coordinates": [[[48, 37], [49, 37], [49, 38], [48, 38], [48, 37]]]}


def test_the_board_maps_packages_by_county(client, world, county_officer):
    """The board's map is the office's county polygon shaded by its packages; another
    county's polygon (2401, in the same province) is outside the officer's view."""
    Area.objects.filter(code__in=["2403", "2401"]).update(geometry=SQUARE)
    campaign = Campaign.objects.get(name__contains="خلخال")
    client.force_login(county_officer)
    response = client.get(reverse("relief:campaign_detail", args=[campaign.pk]))
    collection = response.context["county_map"]
    packages = Package.objects.filter(campaign=campaign).count()
    assert packages > 0
    assert [
        (f["properties"]["code"], f["properties"]["count"]) for f in collection["features"]
    ] == [("2403", packages)]
    html = response.content.decode()
    assert 'data-testid="county-map"' in html and 'id="county-map-data"' in html


def test_the_board_has_no_map_without_polygons(client, world, county_officer):
    campaign = Campaign.objects.get(name__contains="خلخال")
    client.force_login(county_officer)
    response = client.get(reverse("relief:campaign_detail", args=[campaign.pk]))
    assert 'data-testid="county-map"' not in response.content.decode()


def test_a_transfer_on_its_page(client, world, county_officer):
    source = Warehouse.objects.get(name__contains="خلخال")
    line = Stock.objects.filter(warehouse=source, quantity__gt=0).first()
    target = services.warehouse_create(actor=SYSTEM, name="انبار دوم", area=world["2403"])
    client.force_login(county_officer)
    url = reverse("relief:stock_move", args=[source.pk, "transfer"])
    page = client.get(url).content.decode()
    assert "انبار دوم" in page and 'name="donation"' not in page and 'name="source"' not in page
    form = {"item": line.item_id, "target": target.pk, "on": format_jalali(clock.today())}
    refused = client.post(url, {**form, "quantity": line.quantity + 1})
    assert refused.status_code == 200 and "موجودی" in refused.content.decode()
    done = client.post(url, {**form, "quantity": line.quantity})
    assert done.status_code == 302
    assert Stock.objects.get(pk=line.pk).quantity == 0
    assert Stock.objects.get(warehouse=target, item_id=line.item_id).quantity == line.quantity
