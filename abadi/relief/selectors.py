"""Reads of the relief module. Every selector takes the actor and limits rows to the areas
the actor may see (area-path prefix on the row's responsible office). A campaign is seen
by the staff of its office and by the staff of the areas it serves (a province's drive
reaches every county's officer, who hands its packages)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from abadi.core.persian import group_digits
from abadi.core.records import openable
from abadi.core.scoping import COUNTRY_PATH, access_object, scope, visible_paths
from abadi.geography.selectors import area_map
from abadi.relief.models import (
    BulkRun,
    Campaign,
    CampaignArea,
    EligibilityList,
    Item,
    Kit,
    ListEntry,
    Package,
    Shipment,
    Stock,
    StockMove,
    Warehouse,
)
from abadi.relief.permissions import VIEW_RELIEF

if TYPE_CHECKING:
    from abadi.geography.models import Area

MAX_ID = 2**63 - 1


def record_id(pk: Any) -> int:
    from django.http import Http404

    try:
        number = int(pk)
    except (TypeError, ValueError) as wrong:
        raise Http404 from wrong
    if not 1 <= number <= MAX_ID:
        raise Http404
    return number


# ------------------------------------------------------------------------- campaigns


def _prefixes(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def scope_campaigns(queryset: QuerySet[Campaign], *, actor, perm: str) -> QuerySet[Campaign]:
    """Campaigns of the actor's areas, and those serving an area in or above them."""
    roots = visible_paths(actor, perm)
    if not roots:
        return queryset.none()
    if COUNTRY_PATH in roots:
        return queryset
    own = Q()
    serves = Q()
    for root in roots:
        own |= Q(area__path__startswith=root)
        serves |= Q(area__path__startswith=root) | Q(area__path__in=_prefixes(root))
    targets = CampaignArea.objects.filter(serves, campaign=OuterRef("pk"))
    return queryset.filter(own | Q(Exists(targets)))


def campaign_list(
    *, actor, campaign_type: str = "", year_bounds=None, query: str = "", perm: str = VIEW_RELIEF
) -> QuerySet[Campaign]:
    campaigns = scope_campaigns(Campaign.objects.all(), actor=actor, perm=perm)
    if campaign_type:
        campaigns = campaigns.filter(campaign_type=campaign_type)
    if year_bounds is not None:
        start, end = year_bounds
        campaigns = campaigns.filter(starts_on__lte=end).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=start)
        )
    if query:
        campaigns = campaigns.filter(name__icontains=query.strip())
    return campaigns.select_related("area").order_by("-starts_on", "-id")


@openable(Campaign)
def campaign_get(*, actor, pk: int, perm: str = VIEW_RELIEF) -> Campaign:
    from django.http import Http404

    campaign = (
        scope_campaigns(Campaign.objects.select_related("area"), actor=actor, perm=perm)
        .filter(pk=record_id(pk))
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


def campaign_targets(campaign: Campaign) -> list[Area]:
    return [t.area for t in campaign.targets.select_related("area").order_by("area__code")]


def campaign_progress(*, actor, campaign: Campaign, perm: str = VIEW_RELIEF) -> dict[str, Any]:
    """Goal against what was done (the packages the actor may see): one aggregate."""
    done = scope(Package.objects.filter(campaign=campaign), actor=actor, perm=perm).aggregate(
        packages=Count("id"),
        value=Sum("value"),
        households=Count("household_id", distinct=True),
    )
    shipped = scope(Shipment.objects.filter(campaign=campaign), actor=actor, perm=perm).aggregate(
        trucks=Count("id"), value=Sum("value")
    )
    return {
        "packages": done["packages"] or 0,
        "value": done["value"] or 0,
        "households": done["households"] or 0,
        "trucks": shipped["trucks"] or 0,
        "shipped_value": shipped["value"] or 0,
    }


def campaign_by_county(*, actor, campaign: Campaign, perm: str = VIEW_RELIEF) -> dict[str, dict]:
    """Packages, value and households by county (code → figures): one grouped query."""
    rows = (
        scope(Package.objects.filter(campaign=campaign), actor=actor, perm=perm)
        .order_by()
        .values("area__code", "area__name")
        .annotate(
            packages=Count("id"),
            value=Sum("value"),
            households=Count("household_id", distinct=True),
        )
    )
    return {
        row["area__code"]: {
            "name": row["area__name"],
            "packages": row["packages"],
            "value": row["value"] or 0,
            "households": row["households"],
        }
        for row in rows
    }


def campaign_map(*, actor, campaign: Campaign, counties: dict[str, dict]) -> dict[str, Any]:
    """The counties of the campaign's office (geography's polygons, within the viewer's
    scope) with each one's packages from :func:`campaign_by_county`, for the board's map."""
    collection = area_map(actor=actor, area=campaign.area)
    for feature in collection["features"]:
        properties = feature["properties"]
        count = counties.get(properties["code"], {}).get("packages", 0)
        properties["count"] = count
        properties["count_fa"] = group_digits(count)
    return collection


# ----------------------------------------------------------------- catalogue and kits


def item_list(*, actor, perm: str = VIEW_RELIEF) -> QuerySet[Item]:
    return (
        scope(Item.objects.all(), actor=actor, perm=perm)
        .select_related("area")
        .order_by("name", "id")
    )


@openable(Item)
def item_get(*, actor, pk: int, perm: str = VIEW_RELIEF) -> Item:
    return access_object(
        Item.objects.select_related("area"), actor=actor, perm=perm, pk=record_id(pk)
    )


def kit_list(*, actor, perm: str = VIEW_RELIEF) -> QuerySet[Kit]:
    return (
        scope(Kit.objects.all(), actor=actor, perm=perm)
        .select_related("area")
        .annotate(lines=Count("contents"))
        .order_by("name", "id")
    )


@openable(Kit)
def kit_get(*, actor, pk: int, perm: str = VIEW_RELIEF) -> Kit:
    return access_object(
        Kit.objects.select_related("area"), actor=actor, perm=perm, pk=record_id(pk)
    )


def kit_contents(kit: Kit):
    return kit.contents.select_related("item").order_by("item__name")


# ------------------------------------------------------------------------------ stock


def warehouse_list(*, actor, perm: str = VIEW_RELIEF) -> QuerySet[Warehouse]:
    return (
        scope(Warehouse.objects.all(), actor=actor, perm=perm)
        .select_related("area")
        .annotate(
            lines=Count("stock", filter=Q(stock__quantity__gt=0)),
            units=Sum("stock__quantity"),
        )
        .order_by("name", "id")
    )


@openable(Warehouse)
def warehouse_get(*, actor, pk: int, perm: str = VIEW_RELIEF) -> Warehouse:
    return access_object(
        Warehouse.objects.select_related("area"), actor=actor, perm=perm, pk=record_id(pk)
    )


def stock_of(
    *, actor, warehouse: Warehouse | None = None, perm: str = VIEW_RELIEF
) -> QuerySet[Stock]:
    stock = scope(Stock.objects.all(), actor=actor, perm=perm, area_field="warehouse__area")
    if warehouse is not None:
        stock = stock.filter(warehouse=warehouse)
    return stock.select_related("item", "warehouse").order_by("warehouse__name", "item__name")


def move_list(
    *, actor, warehouse: Warehouse | None = None, kind: str = "", perm: str = VIEW_RELIEF
) -> QuerySet[StockMove]:
    moves = scope(StockMove.objects.all(), actor=actor, perm=perm)
    if warehouse is not None:
        moves = moves.filter(warehouse=warehouse)
    if kind:
        moves = moves.filter(kind=kind)
    return moves.select_related("item", "warehouse", "actor").order_by("-on", "-id")


# -------------------------------------------------------------------------- shipments


def shipment_list(
    *,
    actor,
    status: str = "",
    campaign: Campaign | None = None,
    destination: Area | None = None,
    perm: str = VIEW_RELIEF,
) -> QuerySet[Shipment]:
    shipments = scope(Shipment.objects.all(), actor=actor, perm=perm)
    if status:
        shipments = shipments.filter(status=status)
    if campaign is not None:
        shipments = shipments.filter(campaign=campaign)
    if destination is not None:
        shipments = shipments.filter(destination__path__startswith=destination.path)
    return shipments.select_related("area", "destination", "origin", "campaign").order_by(
        "-dispatched_on", "-id"
    )


@openable(Shipment)
def shipment_get(*, actor, pk: int, perm: str = VIEW_RELIEF) -> Shipment:
    return access_object(
        Shipment.objects.select_related("area", "destination", "origin", "campaign"),
        actor=actor,
        perm=perm,
        pk=record_id(pk),
    )


def shipment_lines(shipment: Shipment):
    return shipment.lines.select_related("item", "kit").order_by("id")


# ------------------------------------------------------------------ lists and handouts


def list_list(*, actor, campaign: Campaign | None = None, perm: str = VIEW_RELIEF):
    lists = scope(EligibilityList.objects.all(), actor=actor, perm=perm)
    if campaign is not None:
        lists = lists.filter(campaign=campaign)
    return lists.select_related("campaign", "area").order_by("-id")


@openable(EligibilityList)
def list_get(*, actor, pk: int, perm: str = VIEW_RELIEF) -> EligibilityList:
    return access_object(
        EligibilityList.objects.select_related("campaign", "area"),
        actor=actor,
        perm=perm,
        pk=record_id(pk),
    )


def list_entries(*, eligibility: EligibilityList) -> QuerySet[ListEntry]:
    return eligibility.entries.select_related("household__head", "household__area").order_by("id")


def list_progress(eligibility: EligibilityList) -> dict[str, int]:
    """How many of the list's households hold a package of its campaign (one query)."""
    handed = eligibility.entries.filter(
        household_id__in=Package.objects.filter(campaign_id=eligibility.campaign_id).values(
            "household_id"
        )
    ).count()
    return {"size": eligibility.size, "handed": handed}


def package_list(
    *,
    actor,
    campaign: Campaign | None = None,
    area: Area | None = None,
    year_bounds: tuple[datetime.date, datetime.date] | None = None,
    perm: str = VIEW_RELIEF,
) -> QuerySet[Package]:
    packages = scope(Package.objects.all(), actor=actor, perm=perm)
    if campaign is not None:
        packages = packages.filter(campaign=campaign)
    if area is not None:
        packages = packages.filter(place__path__startswith=area.path)
    if year_bounds is not None:
        packages = packages.filter(on__range=year_bounds)
    return packages.select_related("campaign", "kit", "household__head", "area", "place").order_by(
        "-on", "-id"
    )


@openable(Package, files=("signature",))
def package_get(*, actor, pk: int, perm: str = VIEW_RELIEF) -> Package:
    return access_object(
        Package.objects.select_related("campaign", "kit", "household__head", "area", "place"),
        actor=actor,
        perm=perm,
        pk=record_id(pk),
    )


def run_list(*, actor, perm: str = VIEW_RELIEF) -> QuerySet[BulkRun]:
    return (
        scope(BulkRun.objects.all(), actor=actor, perm=perm)
        .select_related("eligibility_list__campaign", "kit", "area")
        .order_by("-id")
    )


@openable(BulkRun)
def run_get(*, actor, pk: int, perm: str = VIEW_RELIEF) -> BulkRun:
    return access_object(
        BulkRun.objects.select_related("eligibility_list__campaign", "kit", "area"),
        actor=actor,
        perm=perm,
        pk=record_id(pk),
    )
