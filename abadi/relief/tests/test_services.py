import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from abadi.core.actors import SYSTEM
from abadi.core.models import AuditEvent
from abadi.core.permissions import Role
from abadi.people.models import Benefit
from abadi.relief import selectors, services
from abadi.relief.models import (
    MoveKind,
    Package,
    ReceiptSource,
    RunStatus,
    ShipmentStatus,
    Stock,
    StockMove,
)
from abadi.relief.tests.conftest import DAY, make_household
from abadi.testing import user_with_role

pytestmark = pytest.mark.django_db
VILLAGE = "2403010001001"


def _stock(warehouse, item) -> int:
    return Stock.objects.get(warehouse=warehouse, item=item).quantity


# ---------------------------------------------------------------------------- stock


def test_issuing_exactly_the_stock_passes_and_one_more_is_refused(clerk, warehouse, rice):
    services.stock_issue(actor=clerk, warehouse=warehouse, item=rice, quantity=99, on=DAY, note="x")
    services.stock_issue(actor=clerk, warehouse=warehouse, item=rice, quantity=1, on=DAY, note="x")
    assert _stock(warehouse, rice) == 0
    with pytest.raises(ValidationError) as refused:
        services.stock_issue(
            actor=clerk, warehouse=warehouse, item=rice, quantity=1, on=DAY, note="x"
        )
    assert "موجودی «برنج»" in " ".join(refused.value.messages)
    assert _stock(warehouse, rice) == 0
    assert StockMove.objects.filter(kind=MoveKind.ISSUE).count() == 2


def test_the_database_refuses_a_negative_balance(warehouse, rice):
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.filter(warehouse=warehouse, item=rice).update(quantity=-1)


def test_a_count_adjusts_the_balance_and_is_audited(clerk, warehouse, rice):
    move = services.stock_count(
        actor=clerk, warehouse=warehouse, item=rice, counted=97, on=DAY, note="شمارش فصلی"
    )
    assert move.quantity == -3 and _stock(warehouse, rice) == 97
    assert AuditEvent.objects.filter(action="relief.stock.count").count() == 1
    assert (
        services.stock_count(
            actor=clerk, warehouse=warehouse, item=rice, counted=97, on=DAY, note="دوباره"
        )
        is None
    )


def test_a_transfer_moves_stock_between_warehouses(clerk, areas, warehouse, rice):
    other = services.warehouse_create(actor=SYSTEM, name="انبار دوم", area=areas["2403"])
    services.stock_transfer(
        actor=clerk, source=warehouse, target=other, item=rice, quantity=100, on=DAY
    )
    assert _stock(warehouse, rice) == 0 and _stock(other, rice) == 100
    with pytest.raises(ValidationError):
        services.stock_transfer(
            actor=clerk, source=warehouse, target=other, item=rice, quantity=1, on=DAY
        )


def test_a_clerk_of_another_county_may_not_touch_the_stock(areas, warehouse, rice):
    other = user_with_role("clerk2401", Role.DATA_CLERK, areas["2401"])
    with pytest.raises(PermissionDenied):
        services.stock_issue(
            actor=other, warehouse=warehouse, item=rice, quantity=1, on=DAY, note="x"
        )


def test_an_in_kind_receipt_names_its_donation(clerk, warehouse, rice):
    with pytest.raises(ValidationError) as refused:
        services.stock_receive(
            actor=clerk,
            warehouse=warehouse,
            item=rice,
            quantity=5,
            on=DAY,
            source=ReceiptSource.IN_KIND,
        )
    assert "donation" in refused.value.message_dict


def test_a_sibling_county_sees_none_of_2403s_stock(areas, sibling, warehouse):
    officer = user_with_role("officer24031", Role.COUNTY_OFFICER, sibling.parent)
    assert not selectors.warehouse_list(actor=officer).exists()
    assert not selectors.stock_of(actor=officer).exists()


# ---------------------------------------------------------------------------- shipments


def _dispatch(actor, warehouse, kit, rice, areas, on=DAY):
    return services.shipment_dispatch(
        actor=actor,
        origin=warehouse,
        destination=areas["1501"],
        truck_plate="۱۲ع۳۴۵ ایران ۹۱",
        driver_name="راننده",
        on=on,
        lines=[
            services.ManifestLine(quantity=2, kit=kit),
            services.ManifestLine(quantity=5, item=rice),
        ],
        cash=10_000_000,
    )


def test_a_dispatch_issues_its_manifest_and_values_it(
    county_officer, warehouse, kit, rice, oil, areas
):
    shipment = _dispatch(county_officer, warehouse, kit, rice, areas)
    assert _stock(warehouse, rice) == 100 - 20 - 5
    assert _stock(warehouse, oil) == 100 - 4
    assert shipment.value == 2 * kit.value + 5 * rice.unit_value + 10_000_000
    assert shipment.number.startswith("1400-")


def test_a_dispatch_beyond_the_stock_leaves_nothing_half_done(
    county_officer, warehouse, kit, rice, areas
):
    with pytest.raises(ValidationError):
        services.shipment_dispatch(
            actor=county_officer,
            origin=warehouse,
            destination=areas["1501"],
            truck_plate="x",
            driver_name="y",
            on=DAY,
            lines=[
                services.ManifestLine(quantity=5, item=rice),
                services.ManifestLine(quantity=10, kit=kit),
            ],
        )
    assert _stock(warehouse, rice) == 100
    assert not StockMove.objects.filter(kind=MoveKind.SHIPMENT).exists()


def test_delivery_before_dispatch_is_refused_and_on_the_day_passes(
    county_officer, warehouse, kit, rice, areas
):
    shipment = _dispatch(county_officer, warehouse, kit, rice, areas)
    with pytest.raises(ValidationError) as refused:
        services.shipment_deliver(
            actor=county_officer,
            shipment=shipment,
            on=DAY - datetime.timedelta(days=1),
            received_by="هلال احمر",
        )
    assert "پیش از" in " ".join(refused.value.messages)
    services.shipment_deliver(
        actor=county_officer,
        shipment=shipment,
        on=DAY,
        received_by="هلال احمر",
        discrepancies="دو کارتن آسیب دیده",
    )
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.DELIVERED and shipment.confirmed_by == county_officer
    with pytest.raises(ValidationError):
        services.shipment_deliver(actor=county_officer, shipment=shipment, on=DAY, received_by="x")


# ---------------------------------------------------------------------------- handouts


def test_a_package_is_handed_once_and_a_second_refused(clerk, areas, campaign, kit):
    household = make_household(areas[VILLAGE])
    package = services.package_hand(
        actor=clerk, campaign=campaign, kit=kit, household=household, on=DAY, proof_code="1234"
    )
    assert package.value == kit.value and package.area == areas["2403"]
    benefit = Benefit.objects.get()
    assert benefit.campaign == campaign.key and benefit.value == kit.value
    with pytest.raises(ValidationError) as refused:
        services.package_hand(
            actor=clerk, campaign=campaign, kit=kit, household=household, on=DAY, proof_code="1"
        )
    assert "پیش‌تر گرفته" in " ".join(refused.value.messages)
    with pytest.raises(PermissionDenied):
        services.package_hand(
            actor=clerk,
            campaign=campaign,
            kit=kit,
            household=household,
            on=DAY,
            proof_code="1",
            override_reason="آسیب دوباره",
        )
    assert Package.objects.count() == 1


def test_a_manager_may_hand_a_second_package_with_a_reason(manager, areas, campaign, kit):
    household = make_household(areas[VILLAGE])
    services.package_hand(
        actor=manager, campaign=campaign, kit=kit, household=household, on=DAY, proof_code="1"
    )
    services.package_hand(
        actor=manager,
        campaign=campaign,
        kit=kit,
        household=household,
        on=DAY,
        proof_code="2",
        override_reason="خانه در سیل دوم آسیب دید",
    )
    assert Package.objects.count() == 2
    assert AuditEvent.objects.filter(action="relief.handout.override").count() == 1


def test_a_household_outside_the_campaigns_areas_is_refused(manager, areas, sibling, campaign, kit):
    for village in (areas["2401010001001"], sibling):
        with pytest.raises(ValidationError) as refused:
            services.package_hand(
                actor=manager,
                campaign=campaign,
                kit=kit,
                household=make_household(village),
                on=DAY,
                proof_code="1",
            )
        assert "مناطق هدف" in " ".join(refused.value.messages)
    assert not Package.objects.exists() and not Benefit.objects.exists()


def test_a_handout_needs_proof_and_a_day_within_the_campaign(clerk, areas, campaign, kit):
    household = make_household(areas[VILLAGE])
    with pytest.raises(ValidationError):
        services.package_hand(actor=clerk, campaign=campaign, kit=kit, household=household, on=DAY)
    with pytest.raises(ValidationError):
        services.package_hand(
            actor=clerk,
            campaign=campaign,
            kit=kit,
            household=household,
            on=campaign.ends_on + datetime.timedelta(days=1),
            proof_code="1",
        )
    services.package_hand(
        actor=clerk,
        campaign=campaign,
        kit=kit,
        household=household,
        on=campaign.ends_on,
        proof_code="1",
    )


def test_a_handout_from_a_warehouse_issues_the_kit(clerk, areas, campaign, kit, warehouse, rice):
    services.package_hand(
        actor=clerk,
        campaign=campaign,
        kit=kit,
        household=make_household(areas[VILLAGE]),
        on=DAY,
        proof_code="1",
        warehouse=warehouse,
    )
    assert _stock(warehouse, rice) == 90


# ---------------------------------------------------------------------------- bulk


def test_a_bulk_run_hands_the_list_once_resumes_and_skips_who_already_holds(
    clerk, areas, campaign, kit
):
    households = [make_household(areas[VILLAGE]) for _ in range(7)]
    eligibility = services.list_create(
        actor=clerk,
        campaign=campaign,
        name="فهرست کمیته",
        source="ikrf",
        area=areas["2403"],
        households=households,
    )
    services.package_hand(
        actor=clerk, campaign=campaign, kit=kit, household=households[0], on=DAY, proof_code="1"
    )
    run = services.bulk_start(
        actor=clerk, eligibility=eligibility, kit=kit, on=DAY, background=False
    )
    assert services.bulk_batch(actor=clerk, run=run, size=3) == 3
    # A crash here, then a fresh run of the same list: nobody is handed twice.
    services.bulk_run(actor=clerk, run=run, size=3)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.done == 6 and run.percent == 100
    assert Package.objects.filter(campaign=campaign).count() == 7
    assert Benefit.objects.filter(campaign=campaign.key).count() == 7
    again = services.bulk_start(
        actor=clerk, eligibility=eligibility, kit=kit, on=DAY, background=False
    )
    services.bulk_run(actor=clerk, run=again)
    assert Package.objects.filter(campaign=campaign).count() == 7


def test_a_bulk_run_stops_when_the_stock_runs_out_keeping_its_batches(
    clerk, areas, campaign, kit, warehouse, rice
):
    households = [make_household(areas[VILLAGE]) for _ in range(12)]
    eligibility = services.list_create(
        actor=clerk,
        campaign=campaign,
        name="فهرست",
        source="manual",
        area=areas["2403"],
        households=households,
    )
    run = services.bulk_start(
        actor=clerk, eligibility=eligibility, kit=kit, on=DAY, warehouse=warehouse, background=False
    )
    run = services.bulk_run(actor=clerk, run=run, size=4)
    # 100 kg of rice = 10 kits: two batches of four pass, the third is refused whole.
    assert run.status == RunStatus.FAILED and run.done == 8
    assert "موجودی" in run.message
    assert _stock(warehouse, rice) == 20


def test_a_list_from_filters_takes_matching_households_in_the_targets(clerk, areas, campaign):
    make_household(areas[VILLAGE], ikrf_covered=True)
    make_household(areas[VILLAGE], ikrf_covered=False)
    make_household(areas["2401010001001"], ikrf_covered=True)
    eligibility = services.list_from_filters(
        actor=clerk, campaign=campaign, name="کمیته", area=areas["2403"], ikrf=True
    )
    assert eligibility.size == 1


def test_a_county_campaign_is_seen_by_its_county_and_not_its_sibling(
    areas, sibling, campaign, county_officer
):
    officer = user_with_role("officer24031b", Role.COUNTY_OFFICER, sibling.parent)
    assert selectors.campaign_list(actor=county_officer).filter(pk=campaign.pk).exists()
    assert not selectors.campaign_list(actor=officer).exists()
