"""What the relief API reads and writes (``abadi.relief.api``): Jalali dates, integer
rials, Statistical Centre codes (or names) for areas."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from abadi.core.api_kit import Id, In, JalaliDate, JalaliDateOut
from abadi.core.validators import MAX_RECORD_AMOUNT
from abadi.relief.models import (
    MAX_GOAL,
    MAX_QUANTITY,
    CampaignType,
    Disaster,
    DistributorKind,
    KitKind,
    MoveKind,
    ReceiptSource,
    RunStatus,
    ShipmentStatus,
)

Text = Field(max_length=200)


class CampaignOut(Schema):
    id: int
    name: str
    campaign_type: CampaignType
    disaster: str
    area: str = Field(description="code of the responsible office")
    starts_on: JalaliDateOut
    ends_on: JalaliDateOut | None
    goal_households: int
    goal_packages: int
    goal_value: int
    targets: list[str] = Field(description="codes of the areas served")

    @staticmethod
    def resolve_area(campaign: Any) -> str:
        return campaign.area.code

    @staticmethod
    def resolve_targets(campaign: Any) -> list[str]:
        return [t.area.code for t in campaign.targets.all()]


class ProgressOut(Schema):
    packages: int
    value: int
    households: int
    trucks: int
    shipped_value: int


class CampaignDetailOut(CampaignOut):
    progress: ProgressOut

    @staticmethod
    def resolve_progress(campaign: Any) -> dict:
        return campaign.progress


class CountyOut(Schema):
    county: str
    name: str
    packages: int
    households: int
    value: int


class CampaignIn(In):
    name: str = Field(max_length=200)
    campaign_type: CampaignType
    disaster: Disaster = Disaster.NONE
    area: str = Field(max_length=100, description="code or name of the responsible office")
    targets: list[str] = Field(min_length=1, max_length=50)
    starts_on: JalaliDate
    ends_on: JalaliDate | None = None
    goal_households: int = Field(0, ge=0, le=MAX_GOAL)
    goal_packages: int = Field(0, ge=0, le=MAX_GOAL)
    goal_value: int = Field(0, ge=0, le=MAX_RECORD_AMOUNT)
    note: str = Field("", max_length=1000)


class ItemOut(Schema):
    id: int
    name: str
    # A plain string: the name «Unit» is the indicators' enum in the API's schema.
    unit: str = Field(description="piece, kg, litre, pack or carton")
    unit_value: int
    area: str

    @staticmethod
    def resolve_area(item: Any) -> str:
        return item.area.code


class KitOut(Schema):
    id: int
    name: str
    kind: KitKind
    value: int
    area: str

    @staticmethod
    def resolve_area(kit: Any) -> str:
        return kit.area.code


class WarehouseOut(Schema):
    id: int
    name: str
    area: str
    address: str

    @staticmethod
    def resolve_area(warehouse: Any) -> str:
        return warehouse.area.code


class StockOut(Schema):
    item_id: int
    item: str
    quantity: int

    @staticmethod
    def resolve_item(stock: Any) -> str:
        return stock.item.name


class MoveOut(Schema):
    id: int
    item_id: int
    kind: MoveKind
    quantity: int
    value: int
    on: JalaliDateOut
    note: str


class ReceiptIn(In):
    item_id: Id
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    on: JalaliDate
    source: ReceiptSource
    donation_receipt: str = Field("", max_length=30, description="receipt number of the donation")
    note: str = Field("", max_length=300)


class IssueIn(In):
    item_id: Id
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    on: JalaliDate
    note: str = Field(max_length=300)


class TransferIn(In):
    item_id: Id
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    target_id: Id = Field(description="the warehouse the stock moves to")
    on: JalaliDate
    note: str = Field("", max_length=300)


class CountIn(In):
    item_id: Id
    counted: int = Field(ge=0, le=MAX_QUANTITY * 100)
    on: JalaliDate
    note: str = Field(max_length=300)


class LineIn(In):
    item_id: Id | None = None
    kit_id: Id | None = None
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class LineOut(Schema):
    item_id: int | None
    kit_id: int | None
    quantity: int
    value: int


class ShipmentOut(Schema):
    id: int
    number: str
    campaign_id: int | None
    origin_id: int
    area: str
    destination: str
    truck_plate: str
    driver_name: str
    cash: int
    value: int
    status: ShipmentStatus
    dispatched_on: JalaliDateOut
    delivered_on: JalaliDateOut | None
    received_by: str
    discrepancies: str

    @staticmethod
    def resolve_area(shipment: Any) -> str:
        return shipment.area.code

    @staticmethod
    def resolve_destination(shipment: Any) -> str:
        return shipment.destination.code


class ShipmentDetailOut(ShipmentOut):
    lines: list[LineOut]

    @staticmethod
    def resolve_lines(shipment: Any) -> list:
        return list(shipment.lines.all())


class ShipmentIn(In):
    origin_id: Id
    destination: str = Field(max_length=100, description="code or name of the destination area")
    campaign_id: Id | None = None
    truck_plate: str = Field(max_length=30)
    driver_name: str = Field(max_length=150)
    driver_mobile: str = Field("", max_length=11)
    on: JalaliDate
    lines: list[LineIn] = Field(default_factory=list, max_length=50)
    cash: int = Field(0, ge=0, le=MAX_RECORD_AMOUNT)


class ShipmentDeliverIn(In):
    on: JalaliDate
    received_by: str = Field(max_length=150)
    discrepancies: str = Field("", max_length=2000)


class PackageOut(Schema):
    id: int
    campaign_id: int
    kit_id: int
    household_id: int
    area: str
    place: str
    value: int
    on: JalaliDateOut
    distributor_kind: DistributorKind
    override_reason: str

    @staticmethod
    def resolve_area(package: Any) -> str:
        return package.area.code

    @staticmethod
    def resolve_place(package: Any) -> str:
        return package.place.code


class HandoutIn(In):
    national_code: str = Field(max_length=20, description="national code of the household's head")
    kit_id: Id
    on: JalaliDate
    proof_code: str = Field("", max_length=20)
    distributor_kind: DistributorKind = DistributorKind.STAFF
    distributor_name: str = Field("", max_length=200)
    override_reason: str = Field("", max_length=300)


class ListOut(Schema):
    id: int
    campaign_id: int
    name: str
    source: str
    area: str
    size: int

    @staticmethod
    def resolve_area(eligibility: Any) -> str:
        return eligibility.area.code


class RunIn(In):
    kit_id: Id
    on: JalaliDate
    distributor_kind: DistributorKind = DistributorKind.STAFF
    distributor_name: str = Field("", max_length=200)


class RunOut(Schema):
    id: int
    eligibility_list_id: int
    kit_id: int
    status: RunStatus
    total: int
    done: int
    skipped: int
    percent: int
    message: str
