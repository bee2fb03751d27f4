"""Relief over HTTP, under ``/api/v1/relief/…``: campaigns and their board, the catalogue,
warehouses and their stock (receipts, issues, transfers, counts), shipments and their delivery,
eligibility lists and bulk runs, packages (a handout by the head's national code).

A record outside the caller's areas answers 404 like one that does not exist; a refusal
(too little stock, a second package, a delivery before the dispatch) answers 422 with the
Persian reason."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Status

from abadi.core.api_access import api_requires
from abadi.core.api_kit import ApiRouter, Id, Limit, Offset, Year, page_of, paged
from abadi.core.jalali import jalali_year_bounds
from abadi.core.persian import to_latin_digits
from abadi.geography.selectors import area_anywhere_from_input, area_from_input
from abadi.people.selectors import households_by_head_code
from abadi.relief import schemas, selectors, services
from abadi.relief.models import BulkRun, Campaign, EligibilityList, Shipment, Warehouse
from abadi.relief.permissions import DISTRIBUTE, KEEP_STOCK, MANAGE_RELIEF, SHIP, VIEW_RELIEF
from abadi.relief.workflow import WORKFLOW

router = ApiRouter(tags=["relief"])


def _one(queryset, pk: int, field: str, message: str):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


# ------------------------------------------------------------------------- campaigns


@router.get("/relief/campaigns", response=page_of(schemas.CampaignOut))
@api_requires(VIEW_RELIEF)
def list_campaigns(request, year: Year | None = None, limit: Limit = 50, offset: Offset = 0):
    campaigns = selectors.campaign_list(
        actor=request.auth, year_bounds=jalali_year_bounds(year) if year else None
    ).prefetch_related("targets__area")
    return paged(campaigns, limit=limit, offset=offset)


@router.get("/relief/campaigns/{pk}", response=schemas.CampaignDetailOut)
@api_requires(VIEW_RELIEF, record=Campaign)
def get_campaign(request, pk: Id):
    campaign = selectors.campaign_get(actor=request.auth, pk=pk)
    campaign.progress = selectors.campaign_progress(actor=request.auth, campaign=campaign)  # type: ignore[attr-defined]
    return campaign


@router.get("/relief/campaigns/{pk}/counties", response=list[schemas.CountyOut])
@api_requires(VIEW_RELIEF, record=Campaign)
def campaign_counties(request, pk: Id):
    """The campaign board: packages, households and value by county."""
    campaign = selectors.campaign_get(actor=request.auth, pk=pk)
    rows = selectors.campaign_by_county(actor=request.auth, campaign=campaign)
    return [{"county": code, **row} for code, row in rows.items()]


@router.post("/relief/campaigns", response={201: schemas.CampaignOut})
@api_requires(MANAGE_RELIEF)
def create_campaign(request, payload: schemas.CampaignIn):
    data = payload.values()
    area = area_from_input(actor=request.auth, perm=MANAGE_RELIEF, text=data.pop("area"))
    targets = [area_anywhere_from_input(text=text, field="targets") for text in data.pop("targets")]
    campaign = services.campaign_create(actor=request.auth, area=area, targets=targets, **data)
    return Status(201, selectors.campaign_get(actor=request.auth, pk=campaign.pk))


@router.post("/relief/campaigns/{pk}/packages", response={201: schemas.PackageOut})
@api_requires(DISTRIBUTE, record=Campaign)
def hand_package(request, pk: Id, payload: schemas.HandoutIn):
    """Hand a kit to the household whose head has ``national_code``."""
    campaign = selectors.campaign_get(actor=request.auth, pk=pk, perm=DISTRIBUTE)
    code = to_latin_digits(payload.national_code).strip()
    household = households_by_head_code(actor=request.auth, codes=[code], perm=DISTRIBUTE).get(code)
    if household is None:
        raise ValidationError(
            {"national_code": _("خانواری با این سرپرست در مناطق شما ثبت نشده است.")}
        )
    kit = _one(
        selectors.kit_list(actor=request.auth), payload.kit_id, "kit_id", _("بسته پیدا نشد.")
    )
    package = services.package_hand(
        actor=request.auth,
        campaign=campaign,
        kit=kit,
        household=household,
        on=payload.on,
        distributor_kind=payload.distributor_kind,
        distributor_name=payload.distributor_name,
        proof_code=payload.proof_code,
        override_reason=payload.override_reason,
    )
    return Status(201, selectors.package_get(actor=request.auth, pk=package.pk))


# ----------------------------------------------------------------- catalogue and stock


@router.get("/relief/items", response=page_of(schemas.ItemOut))
@api_requires(VIEW_RELIEF)
def list_items(request, limit: Limit = 50, offset: Offset = 0):
    return paged(selectors.item_list(actor=request.auth), limit=limit, offset=offset)


@router.get("/relief/kits", response=page_of(schemas.KitOut))
@api_requires(VIEW_RELIEF)
def list_kits(request, limit: Limit = 50, offset: Offset = 0):
    return paged(selectors.kit_list(actor=request.auth), limit=limit, offset=offset)


@router.get("/relief/warehouses", response=page_of(schemas.WarehouseOut))
@api_requires(VIEW_RELIEF)
def list_warehouses(request, limit: Limit = 50, offset: Offset = 0):
    return paged(selectors.warehouse_list(actor=request.auth), limit=limit, offset=offset)


@router.get("/relief/warehouses/{pk}/stock", response=page_of(schemas.StockOut))
@api_requires(VIEW_RELIEF, record=Warehouse)
def warehouse_stock(request, pk: Id, limit: Limit = 50, offset: Offset = 0):
    warehouse = selectors.warehouse_get(actor=request.auth, pk=pk)
    return paged(
        selectors.stock_of(actor=request.auth, warehouse=warehouse), limit=limit, offset=offset
    )


@router.get("/relief/warehouses/{pk}/moves", response=page_of(schemas.MoveOut))
@api_requires(VIEW_RELIEF, record=Warehouse)
def warehouse_moves(request, pk: Id, limit: Limit = 50, offset: Offset = 0):
    warehouse = selectors.warehouse_get(actor=request.auth, pk=pk)
    return paged(
        selectors.move_list(actor=request.auth, warehouse=warehouse), limit=limit, offset=offset
    )


def _item(request, pk: int):
    return _one(selectors.item_list(actor=request.auth), pk, "item_id", _("کالا پیدا نشد."))


@router.post("/relief/warehouses/{pk}/receipts", response={201: schemas.MoveOut})
@api_requires(KEEP_STOCK, record=Warehouse)
def receive(request, pk: Id, payload: schemas.ReceiptIn):
    warehouse = selectors.warehouse_get(actor=request.auth, pk=pk, perm=KEEP_STOCK)
    donation = None
    if payload.donation_receipt:
        from abadi.funds.selectors import donation_by_receipt

        donation = donation_by_receipt(actor=request.auth, number=payload.donation_receipt)
        if donation is None:
            raise ValidationError({"donation_receipt": _("کمکی با این شماره رسید پیدا نشد.")})
    move = services.stock_receive(
        actor=request.auth,
        warehouse=warehouse,
        item=_item(request, payload.item_id),
        quantity=payload.quantity,
        on=payload.on,
        source=payload.source,
        donation=donation,
        note=payload.note,
    )
    return Status(201, move)


@router.post("/relief/warehouses/{pk}/issues", response={201: schemas.MoveOut})
@api_requires(KEEP_STOCK, record=Warehouse)
def issue(request, pk: Id, payload: schemas.IssueIn):
    warehouse = selectors.warehouse_get(actor=request.auth, pk=pk, perm=KEEP_STOCK)
    move = services.stock_issue(
        actor=request.auth,
        warehouse=warehouse,
        item=_item(request, payload.item_id),
        quantity=payload.quantity,
        on=payload.on,
        note=payload.note,
    )
    return Status(201, move)


@router.post("/relief/warehouses/{pk}/transfers", response={201: schemas.MoveOut})
@api_requires(KEEP_STOCK, record=Warehouse)
def transfer(request, pk: Id, payload: schemas.TransferIn):
    """Move stock to another warehouse: its outgoing move (the incoming one is the target's)."""
    warehouse = selectors.warehouse_get(actor=request.auth, pk=pk, perm=KEEP_STOCK)
    target = _one(
        selectors.warehouse_list(actor=request.auth, perm=KEEP_STOCK),
        payload.target_id,
        "target_id",
        _("انبار مقصد پیدا نشد."),
    )
    out, _into = services.stock_transfer(
        actor=request.auth,
        source=warehouse,
        target=target,
        item=_item(request, payload.item_id),
        quantity=payload.quantity,
        on=payload.on,
        note=payload.note,
    )
    return Status(201, out)


@router.post("/relief/warehouses/{pk}/counts", response={201: schemas.MoveOut, 204: None})
@api_requires(KEEP_STOCK, record=Warehouse)
def count(request, pk: Id, payload: schemas.CountIn):
    """Set the balance to what was counted; 204 when it already agreed."""
    warehouse = selectors.warehouse_get(actor=request.auth, pk=pk, perm=KEEP_STOCK)
    move = services.stock_count(
        actor=request.auth,
        warehouse=warehouse,
        item=_item(request, payload.item_id),
        counted=payload.counted,
        on=payload.on,
        note=payload.note,
    )
    return Status(201, move) if move is not None else Status(204, None)


# -------------------------------------------------------------------------- shipments


@router.get("/relief/shipments", response=page_of(schemas.ShipmentOut))
@api_requires(VIEW_RELIEF)
def list_shipments(request, limit: Limit = 50, offset: Offset = 0):
    return paged(selectors.shipment_list(actor=request.auth), limit=limit, offset=offset)


@router.get("/relief/shipments/{pk}", response=schemas.ShipmentDetailOut)
@api_requires(VIEW_RELIEF, record=Shipment)
def get_shipment(request, pk: Id):
    return selectors.shipment_get(actor=request.auth, pk=pk)


@router.post("/relief/shipments", response={201: schemas.ShipmentDetailOut})
@api_requires(SHIP)
def dispatch(request, payload: schemas.ShipmentIn):
    """Dispatch a truck: its manifest is issued from the origin's stock, or nothing is."""
    actor = request.auth
    origin = _one(
        selectors.warehouse_list(actor=actor, perm=SHIP),
        payload.origin_id,
        "origin_id",
        _("انبار پیدا نشد."),
    )
    campaign = None
    if payload.campaign_id is not None:
        campaign = _one(
            selectors.campaign_list(actor=actor),
            payload.campaign_id,
            "campaign_id",
            _("پویش پیدا نشد."),
        )
    kits = {k.pk: k for k in selectors.kit_list(actor=actor)}
    items = {i.pk: i for i in selectors.item_list(actor=actor)}
    lines = []
    for n, line in enumerate(payload.lines):
        item = items.get(line.item_id) if line.item_id else None
        kit = kits.get(line.kit_id) if line.kit_id else None
        if (item is None) == (kit is None):
            raise ValidationError({f"lines.{n}": _("هر ردیف بارنامه یک کالا یا یک بسته است.")})
        lines.append(services.ManifestLine(quantity=line.quantity, item=item, kit=kit))
    shipment = services.shipment_dispatch(
        actor=actor,
        origin=origin,
        destination=area_anywhere_from_input(text=payload.destination, field="destination"),
        campaign=campaign,
        truck_plate=payload.truck_plate,
        driver_name=payload.driver_name,
        driver_mobile=payload.driver_mobile,
        on=payload.on,
        lines=lines,
        cash=payload.cash,
    )
    return Status(201, selectors.shipment_get(actor=actor, pk=shipment.pk))


@router.post("/relief/shipments/{pk}/deliver", response=schemas.ShipmentDetailOut)
@api_requires(SHIP, record=Shipment)
def deliver(request, pk: Id, payload: schemas.ShipmentDeliverIn):
    shipment = selectors.shipment_get(actor=request.auth, pk=pk, perm=SHIP)
    WORKFLOW.require(actor=request.auth, record=shipment, action="deliver")
    services.shipment_deliver(actor=request.auth, shipment=shipment, **payload.values())
    return selectors.shipment_get(actor=request.auth, pk=pk)


# ------------------------------------------------------------------ lists and packages


@router.get("/relief/packages", response=page_of(schemas.PackageOut))
@api_requires(VIEW_RELIEF)
def list_packages(request, year: Year | None = None, limit: Limit = 50, offset: Offset = 0):
    packages = selectors.package_list(
        actor=request.auth, year_bounds=jalali_year_bounds(year) if year else None
    )
    return paged(packages, limit=limit, offset=offset)


@router.get("/relief/lists", response=page_of(schemas.ListOut))
@api_requires(VIEW_RELIEF)
def list_lists(request, limit: Limit = 50, offset: Offset = 0):
    return paged(selectors.list_list(actor=request.auth), limit=limit, offset=offset)


@router.post("/relief/lists/{pk}/runs", response={201: schemas.RunOut})
@api_requires(DISTRIBUTE, record=EligibilityList)
def start_run(request, pk: Id, payload: schemas.RunIn):
    """Hand the kit to every household of the list, in the background; poll the run."""
    eligibility = selectors.list_get(actor=request.auth, pk=pk, perm=DISTRIBUTE)
    kit = _one(
        selectors.kit_list(actor=request.auth), payload.kit_id, "kit_id", _("بسته پیدا نشد.")
    )
    run = services.bulk_start(
        actor=request.auth,
        eligibility=eligibility,
        kit=kit,
        on=payload.on,
        distributor_kind=payload.distributor_kind,
        distributor_name=payload.distributor_name,
    )
    return Status(201, run)


@router.get("/relief/runs/{pk}", response=schemas.RunOut)
@api_requires(VIEW_RELIEF, record=BulkRun)
def get_run(request, pk: Id):
    return selectors.run_get(actor=request.auth, pk=pk)
