"""Writes of the relief module: campaigns, the catalogue and kits, warehouses and the stock
ledger, shipments (``abadi.relief.workflow``), eligibility lists, and packages handed to
households — one at a time on a phone, or a whole list in the background.

Stock never goes negative: every taking is ONE conditional update (``quantity >= n``),
refused with the quantity there is when it matches no row, and the database's CHECK
constraint is the last line. A household gets one package of a campaign: the benefit
ledger of the registry (``abadi.people``) and this module's own unique constraint both
say so; only a province manager may hand a second one, with a reason.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.actors import user_of
from abadi.core.audit import audit_record
from abadi.core.imports.bulk import insert_rows
from abadi.core.jalali import format_jalali, jalali_year_of
from abadi.core.persian import group_digits
from abadi.core.scoping import area_in_scope
from abadi.core.services import audited_create, model_update, require, service
from abadi.core.validators import (
    MAX_RECORD_AMOUNT,
    count_within,
    not_future,
    positive_amount,
    required_text,
)
from abadi.funds.models import DonationKind, UseKind
from abadi.funds.services import allocate
from abadi.geography.models import RESIDENCE_LEVELS
from abadi.geography.selectors import area_ids, county_of
from abadi.people.models import Programme
from abadi.people.selectors import (
    household_holds_campaign,
    household_holds_campaign_q,
    household_places,
    households_matching,
)
from abadi.people.services import HouseholdBenefit, benefit_record, benefits_record_for_households
from abadi.relief.audit import Action
from abadi.relief.models import (
    BULK_BATCH,
    MAX_GOAL,
    MAX_KIT_LINES,
    MAX_QUANTITY,
    BulkRun,
    Campaign,
    CampaignArea,
    CampaignType,
    Disaster,
    DistributorKind,
    EligibilityList,
    Item,
    Kit,
    KitItem,
    ListEntry,
    ListSource,
    MoveKind,
    Package,
    ReceiptSource,
    RunStatus,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
    ShipmentStep,
    Stock,
    StockMove,
    Unit,
    Warehouse,
)
from abadi.relief.permissions import DISTRIBUTE, KEEP_STOCK, MANAGE_RELIEF, OVERRIDE_REPEAT, SHIP
from abadi.relief.workflow import WORKFLOW

if TYPE_CHECKING:
    from abadi.geography.models import Area
    from abadi.people.models import Household


def _choice(value: str, choices, *, field: str, label: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("%(label)s نامعتبر است.") % {"label": label}})
    return value


def _office(area: Area | None, *, field: str = "area") -> Area:
    """The office a record belongs to: a county, or the province for province-wide work."""
    if area is None:
        raise ValidationError({field: _("دفتر مسئول را وارد کنید.")})
    if area.level in RESIDENCE_LEVELS:
        county = county_of(area)
        if county is not None:
            return county
    return area


# ------------------------------------------------------------------------- campaigns


@service
def campaign_create(
    *,
    actor,
    name: str,
    campaign_type: str,
    area: Area,
    starts_on: datetime.date,
    targets: Sequence[Area],
    ends_on: datetime.date | None = None,
    disaster: str = "",
    goal_households: int = 0,
    goal_packages: int = 0,
    goal_value: int = 0,
    note: str = "",
) -> Campaign:
    """A campaign of the office ``area``, serving ``targets`` (areas anywhere in Iran: a
    disaster answered in another province)."""
    require(actor, MANAGE_RELIEF, area)
    _choice(campaign_type, CampaignType, field="campaign_type", label=_("نوع پویش"))
    _choice(disaster or "", Disaster, field="disaster", label=_("حادثه"))
    if campaign_type == CampaignType.DISASTER and not disaster:
        raise ValidationError({"disaster": _("حادثه‌ای را که این پویش به آن پاسخ می‌دهد بنویسید.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("پایان پویش نمی‌تواند پیش از آغاز آن باشد.")})
    targets = list(dict.fromkeys(targets))
    if not targets:
        raise ValidationError({"targets": _("دست‌کم یک منطقه هدف برای پویش وارد کنید.")})
    for label, value, field in (
        (_("هدف خانوارها"), goal_households, "goal_households"),
        (_("هدف بسته‌ها"), goal_packages, "goal_packages"),
    ):
        count_within(value, field=field, label=label, maximum=MAX_GOAL)
    count_within(goal_value, field="goal_value", label=_("هدف ریالی"), maximum=MAX_RECORD_AMOUNT)
    campaign = Campaign(
        name=required_text(name, field="name", label=_("نام پویش")),
        campaign_type=campaign_type,
        disaster=disaster or "",
        area=area,
        starts_on=starts_on,
        ends_on=ends_on,
        goal_households=goal_households,
        goal_packages=goal_packages,
        goal_value=goal_value,
        note=note or "",
        created_by=user_of(actor),
    )
    campaign.full_clean(exclude=["key"])
    campaign.save()
    campaign.key = f"relief-{campaign.pk}"
    campaign.save(update_fields=["key"])
    CampaignArea.objects.bulk_create([CampaignArea(campaign=campaign, area=t) for t in targets])
    audit_record(
        actor=actor,
        action=Action.CAMPAIGN_CREATE,
        obj=campaign,
        area=area,
        new={"name": campaign.name, "targets": [t.pk for t in targets], "key": campaign.key},
        on=starts_on,
    )
    return campaign


CAMPAIGN_EDITABLE = (
    "name",
    "ends_on",
    "goal_households",
    "goal_packages",
    "goal_value",
    "note",
)


@service
def campaign_update(*, actor, campaign: Campaign, **fields: Any) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, MANAGE_RELIEF, campaign.area)

    def prepare(changed: Campaign) -> None:
        if changed.ends_on is not None and changed.ends_on < changed.starts_on:
            raise ValidationError({"ends_on": _("پایان پویش نمی‌تواند پیش از آغاز آن باشد.")})

    campaign, _changed = model_update(
        campaign,
        actor=actor,
        action=Action.CAMPAIGN_UPDATE,
        fields=fields,
        allowed=CAMPAIGN_EDITABLE,
        prepare=prepare,
    )
    return campaign


def target_paths(campaign: Campaign) -> list[str]:
    return list(campaign.targets.values_list("area__path", flat=True))


def _in_targets(path: str, targets: Iterable[str]) -> bool:
    return any(path.startswith(target) for target in targets)


# ----------------------------------------------------------------- catalogue and kits


@service
def item_create(*, actor, name: str, unit: str, unit_value: int, area: Area) -> Item:
    require(actor, MANAGE_RELIEF, area)
    _choice(unit, Unit, field="unit", label=_("واحد"))
    positive_amount(unit_value, field="unit_value", label=_("ارزش واحد"))
    item = Item(
        name=required_text(name, field="name", label=_("نام کالا")),
        unit=unit,
        unit_value=unit_value,
        area=area,
    )
    return audited_create(item, actor=actor, action=Action.ITEM_CREATE, area=area)


@service
def kit_create(
    *, actor, name: str, kind: str, area: Area, contents: Sequence[tuple[Item, int]]
) -> Kit:
    """A kit of ``contents`` (item, quantity); its value is theirs at today's unit values."""
    from abadi.relief.models import KitKind

    require(actor, MANAGE_RELIEF, area)
    _choice(kind, KitKind, field="kind", label=_("نوع بسته"))
    if not contents:
        raise ValidationError({"contents": _("اقلام بسته را وارد کنید.")})
    if len(contents) > MAX_KIT_LINES:
        raise ValidationError(
            {"contents": _("یک بسته بیش از %(n)s قلم ندارد.") % {"n": group_digits(MAX_KIT_LINES)}}
        )
    merged: dict[int, tuple[Item, int]] = {}
    for item, quantity in contents:
        count_within(quantity, field="contents", label=_("مقدار"), minimum=1, maximum=MAX_QUANTITY)
        if not area_in_scope(actor=actor, perm=MANAGE_RELIEF, area=item.area):
            raise ValidationError(
                {"contents": _("کالای «%(name)s» در دسترس شما نیست.") % {"name": item.name}}
            )
        known = merged.get(item.pk)
        merged[item.pk] = (item, quantity + (known[1] if known else 0))
    value = sum(item.unit_value * quantity for item, quantity in merged.values())
    kit = Kit(
        name=required_text(name, field="name", label=_("نام بسته")),
        kind=kind,
        area=area,
        value=value,
    )
    audited_create(
        kit,
        actor=actor,
        action=Action.KIT_CREATE,
        area=area,
        extra={"contents": [{"item": pk, "quantity": q} for pk, (_i, q) in merged.items()]},
    )
    KitItem.objects.bulk_create(
        [KitItem(kit=kit, item=item, quantity=q) for item, q in merged.values()]
    )
    return kit


@service
def warehouse_create(*, actor, name: str, area: Area, address: str = "") -> Warehouse:
    require(actor, MANAGE_RELIEF, area)
    warehouse = Warehouse(
        name=required_text(name, field="name", label=_("نام انبار")),
        area=_office(area),
        address=address or "",
    )
    return audited_create(warehouse, actor=actor, action=Action.WAREHOUSE_CREATE, area=area)


# ------------------------------------------------------------------------------ stock


def _add(warehouse: Warehouse, item: Item, quantity: int) -> None:
    Stock.objects.get_or_create(warehouse=warehouse, item=item)
    Stock.objects.filter(warehouse=warehouse, item=item).update(quantity=F("quantity") + quantity)


def _take(warehouse: Warehouse, item: Item, quantity: int, *, field: str = "quantity") -> None:
    """Take ``quantity`` of ``item`` out of ``warehouse`` in ONE conditional update, or
    refuse with what there is: two takings racing for the last units cannot both pass."""
    taken = Stock.objects.filter(warehouse=warehouse, item=item, quantity__gte=quantity).update(
        quantity=F("quantity") - quantity
    )
    if taken:
        return
    there = (
        Stock.objects.filter(warehouse=warehouse, item=item)
        .values_list("quantity", flat=True)
        .first()
        or 0
    )
    raise ValidationError(
        {
            field: _(
                "موجودی «%(item)s» در «%(warehouse)s» %(there)s است؛ %(wanted)s خواسته شده است."
            )
            % {
                "item": item.name,
                "warehouse": warehouse.name,
                "there": group_digits(there),
                "wanted": group_digits(quantity),
            }
        }
    )


def _move(
    *,
    actor,
    warehouse: Warehouse,
    item: Item,
    kind: str,
    quantity: int,
    on: datetime.date,
    note: str = "",
    source: str = "",
    donation_id: int | None = None,
    shipment: Shipment | None = None,
    value: int | None = None,
) -> StockMove:
    return StockMove.objects.create(
        warehouse=warehouse,
        item=item,
        kind=kind,
        quantity=quantity,
        value=abs(quantity) * item.unit_value if value is None else value,
        on=on,
        area=warehouse.area,
        source=source,
        donation_id=donation_id,
        shipment=shipment,
        note=note or "",
        actor=user_of(actor),
    )


def _quantity(quantity: object, field: str = "quantity") -> int:
    return count_within(quantity, field=field, label=_("مقدار"), minimum=1, maximum=MAX_QUANTITY)


def _dated(on: datetime.date, label: str, field: str = "on") -> datetime.date:
    return not_future(on, field=field, label=label)


@service
def stock_receive(
    *,
    actor,
    warehouse: Warehouse,
    item: Item,
    quantity: int,
    on: datetime.date,
    source: str,
    donation: Any = None,
    value: int | None = None,
    note: str = "",
) -> StockMove:
    """Goods into a warehouse: from an in-kind donation (naming it), bought (paid, when
    a donation is named, by an allocation of the donation to this purchase in the same
    transaction — refused with the funds module's reason when it has too little left),
    or other."""
    require(actor, KEEP_STOCK, warehouse.area)
    _quantity(quantity)
    _dated(on, _("تاریخ رسید"))
    _choice(source, ReceiptSource, field="source", label=_("منبع"))
    if value is not None:
        count_within(value, field="value", label=_("ارزش"), maximum=MAX_RECORD_AMOUNT)
    if source == ReceiptSource.IN_KIND:
        if donation is None:
            raise ValidationError(
                {"donation": _("کمک غیرنقدی خیّر را که این کالا از آن است نام ببرید.")}
            )
        if donation.kind != DonationKind.IN_KIND:
            raise ValidationError({"donation": _("این کمک غیرنقدی نیست.")})
    if source == ReceiptSource.OTHER and donation is not None:
        raise ValidationError({"donation": _("کمک خیّر تنها برای رسید غیرنقدی یا خرید است.")})
    donation_id = donation.pk if donation is not None else None
    _add(warehouse, item, quantity)
    move = _move(
        actor=actor,
        warehouse=warehouse,
        item=item,
        kind=MoveKind.RECEIPT,
        quantity=quantity,
        on=on,
        note=note,
        source=source,
        donation_id=donation_id,
        value=value,
    )
    audit_record(
        actor=actor,
        action=Action.STOCK_RECEIVE,
        obj=move,
        area=warehouse.area,
        new={"item": item.pk, "quantity": quantity, "source": source, "donation": donation_id},
        on=on,
        touches=(warehouse,),
    )
    if source == ReceiptSource.PURCHASE and donation is not None:
        allocate(
            actor=actor,
            donation=donation,
            use_kind=UseKind.RELIEF_PURCHASE,
            use_id=move.pk,
            rials=move.value,
            on=on,
            note=_("خرید %(item)s برای %(warehouse)s")
            % {"item": item.name, "warehouse": warehouse.name},
        )
    return move


@service
def stock_issue(
    *, actor, warehouse: Warehouse, item: Item, quantity: int, on: datetime.date, note: str = ""
) -> StockMove:
    require(actor, KEEP_STOCK, warehouse.area)
    _quantity(quantity)
    _dated(on, _("تاریخ حواله"))
    required_text(note, field="note", label=_("شرح حواله"))
    _take(warehouse, item, quantity)
    move = _move(
        actor=actor,
        warehouse=warehouse,
        item=item,
        kind=MoveKind.ISSUE,
        quantity=-quantity,
        on=on,
        note=note,
    )
    audit_record(
        actor=actor,
        action=Action.STOCK_ISSUE,
        obj=move,
        area=warehouse.area,
        new={"item": item.pk, "quantity": quantity, "note": note},
        on=on,
        touches=(warehouse,),
    )
    return move


@service
def stock_transfer(
    *,
    actor,
    source: Warehouse,
    target: Warehouse,
    item: Item,
    quantity: int,
    on: datetime.date,
    note: str = "",
) -> tuple[StockMove, StockMove]:
    require(actor, KEEP_STOCK, source.area)
    require(actor, KEEP_STOCK, target.area)
    if source.pk == target.pk:
        raise ValidationError({"target": _("انبار مقصد با انبار مبدأ یکی است.")})
    _quantity(quantity)
    _dated(on, _("تاریخ انتقال"))
    _take(source, item, quantity)
    _add(target, item, quantity)
    out = _move(
        actor=actor,
        warehouse=source,
        item=item,
        kind=MoveKind.TRANSFER_OUT,
        quantity=-quantity,
        on=on,
        note=note,
    )
    into = _move(
        actor=actor,
        warehouse=target,
        item=item,
        kind=MoveKind.TRANSFER_IN,
        quantity=quantity,
        on=on,
        note=note,
    )
    audit_record(
        actor=actor,
        action=Action.STOCK_TRANSFER,
        obj=out,
        area=source.area,
        new={"item": item.pk, "quantity": quantity, "from": source.pk, "to": target.pk},
        on=on,
        touches=(source, target, into),
    )
    return out, into


@service
def stock_count(
    *, actor, warehouse: Warehouse, item: Item, counted: int, on: datetime.date, note: str = ""
) -> StockMove | None:
    """Set the balance to what was counted; the difference is an adjustment of the
    ledger (None when the count agrees)."""
    require(actor, KEEP_STOCK, warehouse.area)
    count_within(counted, field="counted", label=_("شمارش"), maximum=MAX_QUANTITY * 100)
    _dated(on, _("تاریخ شمارش"))
    required_text(note, field="note", label=_("شرح شمارش"))
    Stock.objects.get_or_create(warehouse=warehouse, item=item)
    stock = Stock.objects.select_for_update().get(warehouse=warehouse, item=item)
    delta = counted - stock.quantity
    if delta == 0:
        return None
    before = stock.quantity
    stock.quantity = counted
    stock.save(update_fields=["quantity"])
    move = _move(
        actor=actor,
        warehouse=warehouse,
        item=item,
        kind=MoveKind.COUNT,
        quantity=delta,
        on=on,
        note=note,
    )
    audit_record(
        actor=actor,
        action=Action.STOCK_COUNT,
        obj=move,
        area=warehouse.area,
        old={"quantity": before},
        new={"quantity": counted, "note": note},
        on=on,
        touches=(warehouse,),
    )
    return move


def _take_kits(
    *,
    actor,
    warehouse: Warehouse,
    kit: Kit,
    count: int,
    on: datetime.date,
    kind: str,
    shipment: Shipment | None = None,
    note: str = "",
) -> None:
    for line in kit.contents.select_related("item"):
        _take(warehouse, line.item, line.quantity * count, field="warehouse")
        _move(
            actor=actor,
            warehouse=warehouse,
            item=line.item,
            kind=kind,
            quantity=-line.quantity * count,
            on=on,
            shipment=shipment,
            note=note or kit.name,
        )


# -------------------------------------------------------------------------- shipments


@dataclass(frozen=True)
class ManifestLine:
    """A line of a manifest: an item or a kit (one of them) and how many."""

    quantity: int
    item: Item | None = None
    kit: Kit | None = None


@service
def shipment_dispatch(
    *,
    actor,
    origin: Warehouse,
    destination: Area,
    truck_plate: str,
    driver_name: str,
    on: datetime.date,
    lines: Sequence[ManifestLine] = (),
    cash: int = 0,
    campaign: Campaign | None = None,
    driver_mobile: str = "",
) -> Shipment:
    """A truck leaves ``origin`` for ``destination``: its manifest is issued from the
    warehouse's stock (a kit by its contents) in the same transaction, or nothing is."""
    require(actor, SHIP, origin.area)
    _dated(on, _("تاریخ اعزام"))
    if campaign is not None and on < campaign.starts_on:
        raise ValidationError({"on": _("اعزام نمی‌تواند پیش از آغاز پویش باشد.")})
    count_within(cash, field="cash", label=_("کمک نقدی"), maximum=MAX_RECORD_AMOUNT)
    if not lines and not cash:
        raise ValidationError({"lines": _("محموله‌ای بی‌بار و بی‌کمک نقدی اعزام نمی‌شود.")})
    if len(lines) > MAX_KIT_LINES:
        raise ValidationError(
            {"lines": _("بارنامه بیش از %(n)s ردیف ندارد.") % {"n": group_digits(MAX_KIT_LINES)}}
        )
    shipment = Shipment(
        number=f"tmp-{uuid.uuid4().hex[:24]}",
        campaign=campaign,
        origin=origin,
        area=origin.area,
        destination=destination,
        truck_plate=required_text(truck_plate, field="truck_plate", label=_("پلاک کامیون")),
        driver_name=required_text(driver_name, field="driver_name", label=_("راننده")),
        driver_mobile=driver_mobile or "",
        cash=cash,
        dispatched_on=on,
        status=ShipmentStatus.DISPATCHED,
        dispatched_by=user_of(actor),
    )
    shipment.full_clean()
    shipment.save()
    shipment.number = f"{jalali_year_of(on)}-{shipment.pk:06d}"
    rows = []
    value = cash
    for line in lines:
        _quantity(line.quantity, field="lines")
        if (line.item is None) == (line.kit is None):
            raise ValidationError({"lines": _("هر ردیف بارنامه یک کالا یا یک بسته است.")})
        if line.item is not None:
            _take(origin, line.item, line.quantity, field="lines")
            _move(
                actor=actor,
                warehouse=origin,
                item=line.item,
                kind=MoveKind.SHIPMENT,
                quantity=-line.quantity,
                on=on,
                shipment=shipment,
                note=shipment.number,
            )
            line_value = line.item.unit_value * line.quantity
        else:
            assert line.kit is not None
            _take_kits(
                actor=actor,
                warehouse=origin,
                kit=line.kit,
                count=line.quantity,
                on=on,
                kind=MoveKind.SHIPMENT,
                shipment=shipment,
                note=shipment.number,
            )
            line_value = line.kit.value * line.quantity
        value += line_value
        rows.append(
            ShipmentLine(
                shipment=shipment,
                item=line.item,
                kit=line.kit,
                quantity=line.quantity,
                value=line_value,
            )
        )
    ShipmentLine.objects.bulk_create(rows)
    shipment.value = value
    shipment.save(update_fields=["number", "value"])
    ShipmentStep.objects.create(
        shipment=shipment,
        action="dispatch",
        to_status=ShipmentStatus.DISPATCHED,
        on=on,
        actor=user_of(actor),
    )
    audit_record(
        actor=actor,
        action=Action.SHIPMENT_DISPATCH,
        obj=shipment,
        area=origin.area,
        new={
            "number": shipment.number,
            "destination": destination.code,
            "value": value,
            "cash": cash,
            "lines": len(rows),
        },
        on=on,
    )
    return shipment


@service
def shipment_deliver(
    *,
    actor,
    shipment: Shipment,
    on: datetime.date,
    received_by: str,
    discrepancies: str = "",
) -> Shipment:
    """Confirm delivery: who received it, when (never before the dispatch), what differed."""
    shipment = Shipment.objects.select_for_update().select_related("area").get(pk=shipment.pk)
    WORKFLOW.check(actor=actor, record=shipment, action="deliver")
    WORKFLOW.check_date(record=shipment, action="deliver", on=on)
    received_by = required_text(received_by, field="received_by", label=_("تحویل‌گیرنده"))
    shipment.status = ShipmentStatus.DELIVERED
    shipment.delivered_on = on
    shipment.received_by = received_by
    shipment.discrepancies = discrepancies or ""
    shipment.confirmed_by = user_of(actor)
    shipment.full_clean()
    shipment.save()
    ShipmentStep.objects.create(
        shipment=shipment,
        action="deliver",
        to_status=ShipmentStatus.DELIVERED,
        on=on,
        actor=user_of(actor),
    )
    audit_record(
        actor=actor,
        action=Action.SHIPMENT_DELIVER,
        obj=shipment,
        area=shipment.area,
        old={"status": ShipmentStatus.DISPATCHED},
        new={
            "status": ShipmentStatus.DELIVERED,
            "received_by": received_by,
            "discrepancies": shipment.discrepancies,
        },
        on=on,
    )
    return shipment


# ------------------------------------------------------------------ eligibility lists


def _outside(campaign: Campaign) -> str:
    return _("این خانوار در مناطق هدف پویش «%(campaign)s» ساکن نیست.") % {"campaign": campaign.name}


@service
def list_create(
    *,
    actor,
    campaign: Campaign,
    name: str,
    source: str,
    area: Area,
    households: Iterable[Household] = (),
) -> EligibilityList:
    """A list of the households of ``area`` the campaign means to reach; a household
    outside the campaign's target areas is refused."""
    require(actor, DISTRIBUTE, area)
    _choice(source, ListSource, field="source", label=_("منبع فهرست"))
    targets = target_paths(campaign)
    if not _in_targets(area.path, targets) and not any(t.startswith(area.path) for t in targets):
        raise ValidationError({"area": _("این منطقه در مناطق هدف پویش نیست.")})
    eligibility = EligibilityList(
        campaign=campaign,
        name=required_text(name, field="name", label=_("نام فهرست")),
        source=source,
        area=area,
    )
    audited_create(eligibility, actor=actor, action=Action.LIST_CREATE, area=area)
    households = list(households)
    if households:
        _add_entries(campaign=campaign, eligibility=eligibility, households=households)
    return eligibility


def _add_entries(*, campaign: Campaign, eligibility: EligibilityList, households) -> int:
    targets = target_paths(campaign)
    for household in households:
        if not household.area.path.startswith(eligibility.area.path) or not _in_targets(
            household.area.path, targets
        ):
            raise ValidationError({"household": _outside(campaign)})
    rows = [ListEntry(eligibility_list=eligibility, household=h) for h in households]
    ListEntry.objects.bulk_create(rows, ignore_conflicts=True)
    eligibility.size = eligibility.entries.count()
    eligibility.save(update_fields=["size", "updated_at"])
    return len(rows)


@service
def list_add(*, actor, eligibility: EligibilityList, households: Sequence[Household]) -> int:
    require(actor, DISTRIBUTE, eligibility.area)
    added = _add_entries(
        campaign=eligibility.campaign, eligibility=eligibility, households=households
    )
    audit_record(
        actor=actor,
        action=Action.LIST_ADD,
        obj=eligibility,
        area=eligibility.area,
        new={"households": [h.pk for h in households][:100], "count": added},
    )
    return added


@service
def list_from_filters(
    *,
    actor,
    campaign: Campaign,
    name: str,
    area: Area,
    ikrf: bool | None = None,
    welfare: bool | None = None,
    female_headed: bool | None = None,
    disabled: bool | None = None,
    max_decile: int | None = None,
) -> EligibilityList:
    """A list of every household of ``area`` (within the campaign's targets) whose head
    matches the filters: one INSERT … SELECT-like batch, no household loaded."""
    eligibility = list_create(
        actor=actor, campaign=campaign, name=name, source=ListSource.FILTER, area=area
    )
    matching = households_matching(
        actor=actor,
        under=area,
        perm=DISTRIBUTE,
        ikrf=ikrf,
        welfare=welfare,
        female_headed=female_headed,
        disabled=disabled,
        max_decile=max_decile,
    )
    targets = target_paths(campaign)
    ids = [
        pk
        for pk, _area, path in household_places(ids=matching.values("pk"))
        if _in_targets(path, targets)
    ]
    ListEntry.objects.bulk_create(
        [ListEntry(eligibility_list=eligibility, household_id=pk) for pk in ids],
        batch_size=2000,
        ignore_conflicts=True,
    )
    eligibility.size = len(ids)
    eligibility.save(update_fields=["size", "updated_at"])
    return eligibility


# ---------------------------------------------------------------------------- handouts


def _check_handout_date(campaign: Campaign, on: datetime.date) -> None:
    _dated(on, _("تاریخ تحویل"))
    if on < campaign.starts_on or (campaign.ends_on is not None and on > campaign.ends_on):
        raise ValidationError(
            {"on": _("تاریخ تحویل (%(on)s) در بازه پویش نیست.") % {"on": format_jalali(on)}}
        )


@service
def package_hand(
    *,
    actor,
    campaign: Campaign,
    kit: Kit,
    household: Household,
    on: datetime.date,
    distributor_kind: str = DistributorKind.STAFF,
    distributor_name: str = "",
    proof_code: str = "",
    signature=None,
    warehouse: Warehouse | None = None,
    override_reason: str = "",
) -> Package:
    """Hand ``kit`` to ``household`` in ``campaign``, with proof (a code or a signature).
    A household outside the campaign's areas, or one that already holds a package of the
    campaign, is refused; a province manager may hand a second one with a reason."""
    place = household.area
    county = county_of(place) or place
    require(actor, DISTRIBUTE, county)
    _choice(distributor_kind, DistributorKind, field="distributor_kind", label=_("توزیع‌کننده"))
    _check_handout_date(campaign, on)
    if not _in_targets(place.path, target_paths(campaign)):
        raise ValidationError({"household": _outside(campaign)})
    if not (proof_code or "").strip() and not signature:
        raise ValidationError(
            {"proof_code": _("کد تأیید دریافت یا امضای دریافت‌کننده را ثبت کنید.")}
        )
    override_reason = (override_reason or "").strip()
    already = (
        household_holds_campaign(household=household, campaign=campaign.key or "")
        or Package.objects.filter(campaign=campaign, household=household).exists()
    )
    if already and not override_reason:
        raise ValidationError(
            {
                "household": _(
                    "این خانوار بسته پویش «%(campaign)s» را پیش‌تر گرفته است؛ "
                    "بسته دوم تنها با مجوز مدیر و ذکر دلیل داده می‌شود."
                )
                % {"campaign": campaign.name}
            }
        )
    if override_reason:
        if not already:
            override_reason = ""
        else:
            require(actor, OVERRIDE_REPEAT, county)
    if warehouse is not None:
        require(actor, KEEP_STOCK, warehouse.area)
        _take_kits(
            actor=actor,
            warehouse=warehouse,
            kit=kit,
            count=1,
            on=on,
            kind=MoveKind.HANDOUT,
            note=campaign.name,
        )
    package = Package(
        campaign=campaign,
        kit=kit,
        household=household,
        area=county,
        place=place,
        value=kit.value,
        on=on,
        distributor_kind=distributor_kind,
        distributor_name=distributor_name or "",
        proof_code=(proof_code or "").strip(),
        override_reason=override_reason,
        warehouse=warehouse,
        recorded_by=user_of(actor),
    )
    if signature:
        package.signature = signature
    package.full_clean(exclude=["household", "campaign", "kit", "area", "place", "warehouse"])
    try:
        with transaction.atomic():
            package.save()
    except IntegrityError as clash:
        # Two handouts of the same household racing: the constraint decided.
        raise ValidationError(
            {"household": _("این خانوار بسته این پویش را پیش‌تر گرفته است.")}
        ) from clash
    audit_record(
        actor=actor,
        action=Action.HANDOUT_OVERRIDE if override_reason else Action.HANDOUT,
        obj=package,
        area=county,
        new={
            "campaign": campaign.pk,
            "household": household.pk,
            "kit": kit.pk,
            "value": kit.value,
            "override_reason": override_reason,
        },
        on=on,
        touches=(campaign,),
    )
    benefit_record(
        actor=actor,
        programme=Programme.PACKAGE,
        date=on,
        value=kit.value,
        area=place,
        source=package,
        household=household,
        campaign=campaign.key or "",
        note=kit.name,
    )
    return package


# ------------------------------------------------------------------ bulk distribution


@service
def bulk_start(
    *,
    actor,
    eligibility: EligibilityList,
    kit: Kit,
    on: datetime.date,
    distributor_kind: str = DistributorKind.STAFF,
    distributor_name: str = "",
    warehouse: Warehouse | None = None,
    background: bool = True,
) -> BulkRun:
    """Hand ``kit`` to every household of a list, in the background (the task worker),
    batch by batch; the run's page shows its progress."""
    require(actor, DISTRIBUTE, eligibility.area)
    _choice(distributor_kind, DistributorKind, field="distributor_kind", label=_("توزیع‌کننده"))
    _check_handout_date(eligibility.campaign, on)
    if warehouse is not None:
        require(actor, KEEP_STOCK, warehouse.area)
    if BulkRun.objects.filter(
        eligibility_list=eligibility, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
    ).exists():
        raise ValidationError(_("توزیع گروهی این فهرست هم‌اکنون در جریان است."))
    run = BulkRun(
        eligibility_list=eligibility,
        kit=kit,
        warehouse=warehouse,
        area=eligibility.area,
        on=on,
        distributor_kind=distributor_kind,
        distributor_name=distributor_name or "",
        total=eligibility.entries.count(),
        actor=user_of(actor),
    )
    audited_create(
        run,
        actor=actor,
        action=Action.BULK_START,
        area=eligibility.area,
        exclude=["eligibility_list", "kit", "warehouse", "area"],
        on=on,
    )
    if background:
        from abadi.relief.tasks import run_bulk_distribution

        transaction.on_commit(lambda: run_bulk_distribution.enqueue(run_id=run.pk))
    return run


def _pending_entries(run: BulkRun):
    """The list's households not yet holding a package of the campaign — by this module's
    packages or by the registry's benefit ledger — in id order, after the run's cursor
    (the last household its committed batches dealt with, so no batch rescans the list).
    The check itself, not the cursor, is what keeps a resumed or repeated run from
    handing twice."""
    campaign = run.eligibility_list.campaign
    handed = Package.objects.filter(campaign_id=campaign.pk, household_id=OuterRef("household_id"))
    return (
        ListEntry.objects.filter(
            eligibility_list_id=run.eligibility_list_id, household_id__gt=run.cursor
        )
        .exclude(Exists(handed))
        .exclude(household_holds_campaign_q(campaign=campaign.key or ""))
        .exclude(household_id__in=run.skipped_ids)
        .order_by("household_id")
        .values_list("household_id", flat=True)
    )


@service
def bulk_batch(*, actor, run: BulkRun, size: int = BULK_BATCH) -> int:
    """Hand one batch of a run: atomic (the packages, the stock, the ledger and the
    run's counts together, or none of them). Returns how many were handled (0: done)."""
    run = (
        BulkRun.objects.select_for_update(of=("self",))
        .select_related("eligibility_list__campaign", "kit", "warehouse", "area")
        .get(pk=run.pk)
    )
    require(actor, DISTRIBUTE, run.area)
    campaign = run.eligibility_list.campaign
    batch = list(_pending_entries(run)[:size])
    if not batch:
        run.status = RunStatus.DONE
        run.save(update_fields=["status", "updated_at"])
        return 0
    targets = target_paths(campaign)
    places = list(household_places(ids=batch))
    inside = [(pk, area_id, path) for pk, area_id, path in places if _in_targets(path, targets)]
    outside = [pk for pk, _a, path in places if not _in_targets(path, targets)]
    counties = _counties({path for _pk, _a, path in inside})
    if run.warehouse is not None and inside:
        _take_kits(
            actor=actor,
            warehouse=run.warehouse,
            kit=run.kit,
            count=len(inside),
            on=run.on,
            kind=MoveKind.HANDOUT,
            note=campaign.name,
        )
    packages = _write_packages(run=run, campaign=campaign, counties=counties, inside=inside)
    if outside:
        run.skipped_ids = sorted({*run.skipped_ids, *outside})
    run.cursor = max(batch)
    run.done += len(inside)
    run.skipped = len(run.skipped_ids)
    run.status = RunStatus.RUNNING
    run.save()
    audit_record(
        actor=actor,
        action=Action.BULK_BATCH,
        obj=run,
        area=run.area,
        new={"handed": len(inside), "outside": len(outside), "done": run.done},
        on=run.on,
    )
    benefits_record_for_households(
        actor=actor,
        programme=Programme.PACKAGE,
        date=run.on,
        source_model=Package,
        campaign=campaign.key or "",
        rows=[
            HouseholdBenefit(household_id=household, area_id=place, value=value, source_id=pk)
            for pk, household, place, value in packages
        ],
        action_note=campaign.name,
    )
    return len(batch)


PACKAGE_COLUMNS = (
    "campaign", "kit", "household", "area", "place", "value", "on", "distributor_kind",
    "distributor_name", "proof_code", "signature", "override_reason", "run", "warehouse",
    "recorded_by", "at",
)  # fmt: skip


def _write_packages(*, run: BulkRun, campaign, counties: dict[str, int], inside) -> list[tuple]:
    """A batch's packages as rows (COPY on PostgreSQL: no model instance per package, the
    most of a batch's time otherwise), read back as (id, household, place, value) for the
    ledger. The batch's households are the run's only ones above its cursor."""
    at = clock.now()
    insert_rows(
        Package,
        PACKAGE_COLUMNS,
        (
            (campaign.pk, run.kit_id, household, counties[path], place, run.kit.value, run.on,
             run.distributor_kind, run.distributor_name, "", "", "", run.pk, run.warehouse_id,
             run.actor_id, at)
            for household, place, path in inside
        ),
    )  # fmt: skip
    return list(
        Package.objects.filter(run=run, household_id__gt=run.cursor)
        .order_by()
        .values_list("pk", "household_id", "place_id", "value")
    )


_COUNTY_DEPTH = 3  # /IR/24/2401/ : the county is the third part of an area's path


def _counties(paths: Iterable[str]) -> dict[str, int]:
    """The county id of each area path (one query for the batch)."""
    codes = {path: path.strip("/").split("/")[_COUNTY_DEPTH - 1] for path in paths}
    by_code = area_ids(codes=set(codes.values()))
    return {path: by_code[code] for path, code in codes.items()}


def bulk_run(*, actor, run: BulkRun, size: int = BULK_BATCH) -> BulkRun:
    """Run every remaining batch of ``run`` (what the task worker does); a refusal (stock
    ran out) stops the run with its message, the batches before it kept."""
    try:
        while bulk_batch(actor=actor, run=run, size=size):
            pass
    except ValidationError as refusal:
        BulkRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, message="؛ ".join(refusal.messages)
        )
    run.refresh_from_db()
    return run
