"""Sample records of every kind relief has, for the guard rails: ``build(county=…,
marker=…, count=…)`` makes, in ``county`` and through this module's services, a campaign
serving the county, items and a kit, a warehouse with stock (a receipt, an issue, a
count), a shipment dispatched and one delivered, an eligibility list of households of the
registry, a package handed with its proof, and a finished bulk distribution. ``marker``
is in every name people see."""

from __future__ import annotations

import datetime
from typing import Any

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.persian import to_persian_digits
from abadi.people.services import household_create, person_create
from abadi.relief import services
from abadi.relief.models import CampaignType, KitKind, ListSource, ReceiptSource, Unit
from abadi.testing import sample_national_code, sample_village


def build(*, county: Any, marker: str, count: int = 1) -> None:
    village = sample_village(county)
    today = clock.today()
    start = today - datetime.timedelta(days=30)
    for n in range(count):
        campaign = services.campaign_create(
            actor=SYSTEM,
            name=to_persian_digits(f"پویش {marker} {n}"),
            campaign_type=CampaignType.LIVELIHOOD,
            area=county,
            starts_on=start,
            targets=[county],
            goal_households=10,
            goal_packages=10,
            goal_value=100_000_000,
            note=marker,
        )
        rice = services.item_create(
            actor=SYSTEM,
            name=to_persian_digits(f"برنج {marker} {n}"),
            unit=Unit.KG,
            unit_value=400_000,
            area=county,
        )
        kit = services.kit_create(
            actor=SYSTEM,
            name=to_persian_digits(f"بسته {marker} {n}"),
            kind=KitKind.LIVELIHOOD,
            area=county,
            contents=[(rice, 5)],
        )
        warehouse = services.warehouse_create(
            actor=SYSTEM, name=to_persian_digits(f"انبار {marker} {n}"), area=county, address=marker
        )
        services.stock_receive(
            actor=SYSTEM,
            warehouse=warehouse,
            item=rice,
            quantity=200,
            on=start,
            source=ReceiptSource.OTHER,
            note=marker,
        )
        services.stock_issue(
            actor=SYSTEM, warehouse=warehouse, item=rice, quantity=5, on=start, note=marker
        )
        services.stock_count(
            actor=SYSTEM, warehouse=warehouse, item=rice, counted=190, on=start, note=marker
        )
        for delivered in (False, True):
            shipment = services.shipment_dispatch(
                actor=SYSTEM,
                origin=warehouse,
                destination=county,
                campaign=campaign,
                truck_plate="۱۲ع۳۴۵",
                driver_name=f"راننده {marker} {n}",
                on=start,
                lines=[services.ManifestLine(quantity=2, kit=kit)],
                cash=1_000_000,
            )
            if delivered:
                services.shipment_deliver(
                    actor=SYSTEM,
                    shipment=shipment,
                    on=start + datetime.timedelta(days=1),
                    received_by=f"ستاد {marker}",
                    discrepancies=marker,
                )
        households = []
        for k in range(2):
            head = person_create(
                actor=SYSTEM,
                national_code=sample_national_code(),
                first_name=to_persian_digits(f"{marker} سرپرست"),
                last_name=to_persian_digits(f"خانوار {n}-{k}"),
                sex="female",
                area=village,
            )
            households.append(household_create(actor=SYSTEM, head=head, area=village))
        eligibility = services.list_create(
            actor=SYSTEM,
            campaign=campaign,
            name=to_persian_digits(f"فهرست {marker} {n}"),
            source=ListSource.IKRF,
            area=county,
            households=households,
        )
        services.package_hand(
            actor=SYSTEM,
            campaign=campaign,
            kit=kit,
            household=households[0],
            on=today,
            proof_code="123456",
            distributor_name=marker,
        )
        run = services.bulk_start(
            actor=SYSTEM,
            eligibility=eligibility,
            kit=kit,
            on=today,
            distributor_name=marker,
            background=False,
        )
        services.bulk_run(actor=SYSTEM, run=run)
