"""The relief history of the demo, 1399 to the day it runs.

- F16: the COVID-era livelihood and hygiene drives (رزمایش کمک مؤمنانه) of 1399–1401 hand
  packages to the demo households of Ardabil; the last drive before the article's day
  (Ramadan 1401) is sized so that every package handed up to 1401/02/18 is worth exactly
  1,610,000,000,000 rials together. Later drives (Ghadir, Yalda, Ramadan of each year)
  follow up to today.
- F6: disaster campaigns answered in other provinces (the Sisakht earthquake of 1399, the
  Hormozgan earthquake and the Sistan floods of 1400: 27 trucks up to 1401/02/18; Qir,
  Tehran's flood, Khoy and later ones after it), each truck dispatched from Ardabil's
  central warehouse through the service, its manifest issued from stock, then delivered.

Kits are made through the services from the catalogue; a kit's value is its contents'.
Packages and their benefit rows are written in bulk. A second run changes nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

import jdatetime
from django.db.models import Sum

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.jalali import jalali_year_of
from abadi.core.scoping import unscoped
from abadi.geography.models import Area, AreaLevel
from abadi.people.demo import demo_households
from abadi.people.models import Programme
from abadi.people.services import HouseholdBenefit, benefits_record_for_households
from abadi.relief import services
from abadi.relief.models import (
    Campaign,
    CampaignType,
    Disaster,
    DistributorKind,
    Item,
    Kit,
    KitKind,
    Package,
    ReceiptSource,
    Unit,
)

PROVINCE = "24"
SEED = 1399
REFERENCE_DATE = datetime.date(2022, 5, 8)  # 1401/02/18
F16_TOTAL = 1_610_000_000_000
MARKER = "رزمایش کمک مؤمنانه — مرحله نخست ۱۳۹۹"

BASE_GOODS = {  # name → (unit, unit value)
    "برنج ایرانی": (Unit.KG, 450_000),
    "روغن مایع": (Unit.LITRE, 600_000),
    "شکر": (Unit.KG, 250_000),
    "حبوبات": (Unit.KG, 400_000),
    "ماکارونی": (Unit.PACK, 150_000),
    "صابون": (Unit.PIECE, 50_000),
    "مایع ظرفشویی": (Unit.PIECE, 180_000),
    "ماده ضدعفونی‌کننده": (Unit.LITRE, 220_000),
    "ماسک بهداشتی": (Unit.PACK, 120_000),
    "پتو": (Unit.PIECE, 3_500_000),
    "چادر امدادی": (Unit.PIECE, 25_000_000),
    "آب معدنی": (Unit.CARTON, 300_000),
}
# The rest of a kit's value: basic goods in million-rial units, then purchase credit.
TOP_UP = ("سبد کالای اساسی تکمیلی", Unit.PACK, 1_000_000)
CREDIT = ("اعتبار خرید کالا", Unit.PIECE, 1)
LIVELIHOOD_BASE = {"برنج ایرانی": 10, "روغن مایع": 3, "شکر": 3, "حبوبات": 2, "ماکارونی": 4}
HYGIENE_BASE = {"صابون": 6, "مایع ظرفشویی": 2, "ماده ضدعفونی‌کننده": 2, "ماسک بهداشتی": 3}


@dataclass(frozen=True)
class Drive:
    name: str
    kind: str  # KitKind
    start: tuple[int, int, int]
    end: tuple[int, int, int]
    households: int
    value: int  # rials per package


# The drives up to the article's day, but for the last one (sized to make F16 exact).
COVID_DRIVES = [
    Drive(MARKER, KitKind.LIVELIHOOD, (1399, 1, 20), (1399, 2, 10), 3000, 30_000_000),
    Drive(
        "بسته‌های بهداشتی مقابله با کرونا ۱۳۹۹",
        KitKind.HYGIENE,
        (1399, 1, 10),
        (1399, 1, 31),
        3000,
        10_000_000,
    ),
    Drive(
        "رزمایش کمک مؤمنانه — عید غدیر ۱۳۹۹",
        KitKind.LIVELIHOOD,
        (1399, 4, 25),
        (1399, 5, 10),
        2500,
        40_000_000,
    ),
    Drive(
        "رزمایش کمک مؤمنانه — مرحله سوم ۱۳۹۹",
        KitKind.LIVELIHOOD,
        (1399, 9, 1),
        (1399, 9, 30),
        3000,
        45_000_000,
    ),
    Drive(
        "بسته‌های بهداشتی موج سوم کرونا ۱۳۹۹",
        KitKind.HYGIENE,
        (1399, 10, 1),
        (1399, 10, 20),
        2500,
        12_000_000,
    ),
    Drive(
        "رزمایش کمک مؤمنانه — ماه رمضان ۱۴۰۰",
        KitKind.LIVELIHOOD,
        (1400, 1, 25),
        (1400, 2, 20),
        3000,
        80_000_000,
    ),
    Drive(
        "بسته‌های بهداشتی موج پنجم کرونا ۱۴۰۰",
        KitKind.HYGIENE,
        (1400, 3, 1),
        (1400, 3, 20),
        2500,
        20_000_000,
    ),
    Drive(
        "رزمایش کمک مؤمنانه — عید غدیر ۱۴۰۰",
        KitKind.LIVELIHOOD,
        (1400, 4, 20),
        (1400, 5, 5),
        3000,
        90_000_000,
    ),
    Drive(
        "رزمایش کمک مؤمنانه — پاییز ۱۴۰۰",
        KitKind.LIVELIHOOD,
        (1400, 9, 15),
        (1400, 10, 5),
        3000,
        100_000_000,
    ),
]
LAST_COVID_DRIVE = ("رزمایش کمک مؤمنانه — ماه رمضان ۱۴۰۱", (1401, 1, 14), (1401, 2, 10))
# Later drives each year, until today: (name, start, end); households and value by year.
LATER = [
    ("عید غدیر", (4, 20), (5, 5)),
    ("شب یلدا", (9, 25), (10, 5)),
    ("ماه رمضان", (1, 5), (1, 25)),
]
LATER_VALUE = {1401: 160_000_000, 1402: 220_000_000, 1403: 300_000_000, 1404: 420_000_000}
LATER_HOUSEHOLDS = 1500


@dataclass(frozen=True)
class Response:
    name: str
    disaster: str
    county: str  # destination county's code
    day: tuple[int, int, int]
    trucks: int


RESPONSES = [
    Response("امداد زلزله‌زدگان سی‌سخت", Disaster.EARTHQUAKE, "1704", (1399, 11, 9), 9),
    Response("امداد زلزله‌زدگان هرمزگان", Disaster.EARTHQUAKE, "2203", (1400, 9, 25), 8),
    Response("امداد سیل‌زدگان سیستان و بلوچستان", Disaster.FLOOD, "1122", (1400, 10, 17), 10),
    Response("امداد زلزله‌زدگان قیروکارزین", Disaster.EARTHQUAKE, "720", (1401, 4, 12), 5),
    Response("امداد سیل‌زدگان امامزاده داوود", Disaster.FLOOD, "2301", (1401, 5, 8), 3),
    Response("امداد زلزله‌زدگان خوی", Disaster.EARTHQUAKE, "403", (1401, 11, 8), 12),
    Response("امداد سیل‌زدگان ایرانشهر", Disaster.FLOOD, "1101", (1403, 2, 5), 6),
    Response("امداد زلزله‌زدگان بستک", Disaster.EARTHQUAKE, "2209", (1404, 6, 20), 4),
]


def jdate(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def _items(province: Area) -> dict[str, Item]:
    items = {}
    for name, (unit, value) in {**BASE_GOODS, TOP_UP[0]: TOP_UP[1:], CREDIT[0]: CREDIT[1:]}.items():
        items[name] = services.item_create(
            actor=SYSTEM, name=name, unit=unit, unit_value=value, area=province
        )
    return items


def _kit(items: dict[str, Item], province: Area, *, name: str, kind: str, value: int) -> Kit:
    """A kit worth exactly ``value``: its base goods, then million-rial baskets, then
    purchase credit for the last rials."""
    base = LIVELIHOOD_BASE if kind == KitKind.LIVELIHOOD else HYGIENE_BASE
    contents = [(items[n], q) for n, q in base.items()]
    rest = value - sum(items[n].unit_value * q for n, q in base.items())
    if rest < 0:
        raise ValueError(f"a kit of {value} rials is worth less than its base goods")
    baskets, credit = divmod(rest, TOP_UP[2])
    if baskets:
        contents.append((items[TOP_UP[0]], baskets))
    if credit:
        contents.append((items[CREDIT[0]], credit))
    kit = services.kit_create(actor=SYSTEM, name=name, kind=kind, area=province, contents=contents)
    assert kit.value == value, (kit.value, value)
    return kit


class Writer:
    """Packages and their benefit rows, in bulk."""

    def __init__(self, households, today: datetime.date) -> None:
        self.households = households
        self.today = today
        self.rng = random.Random(SEED)
        self.county_of: dict[int, int] = {}
        counties = {
            a.path: a.pk
            for a in unscoped(
                Area.objects.filter(level=AreaLevel.COUNTY, path__startswith=f"/IR/{PROVINCE}/")
            )
        }
        for household in households:
            county_path = "/".join(household.area.path.split("/")[:4]) + "/"
            self.county_of[household.pk] = counties[county_path]
        self.count = 0

    def hand(self, campaign: Campaign, chosen: list, kits: list[Kit]) -> int:
        """Hand ``kits[i % len]``'s to the ``chosen`` households on days within the
        campaign, none after today."""
        first, last = campaign.starts_on, min(campaign.ends_on or self.today, self.today)
        span = (last - first).days
        packages = []
        for n, household in enumerate(chosen):
            # The first household gets the second kit, if there is one (the larger one).
            kit = kits[1] if n == 0 and len(kits) > 1 else kits[0]
            packages.append(
                Package(
                    campaign=campaign,
                    kit=kit,
                    household_id=household.pk,
                    area_id=self.county_of[household.pk],
                    place_id=household.area_id,
                    value=kit.value,
                    on=first + datetime.timedelta(days=self.rng.randint(0, span)),
                    distributor_kind=DistributorKind.GROUP if n % 3 else DistributorKind.STAFF,
                    distributor_name="گروه‌های جهادی شهرستان" if n % 3 else "",
                    proof_code=f"{self.rng.randint(0, 999_999):06d}",
                )
            )
        written = Package.objects.bulk_create(packages, batch_size=2000)
        benefits_record_for_households(
            actor=SYSTEM,
            programme=Programme.PACKAGE,
            date=first,
            source_model=Package,
            campaign=campaign.key or "",
            rows=[
                HouseholdBenefit(
                    household_id=p.household_id,
                    area_id=p.place_id,
                    value=p.value,
                    source_id=p.pk,
                    date=p.on,
                )
                for p in written
            ],
            action_note=campaign.name,
        )
        self.count += len(written)
        return len(written)


def _drive_campaign(province: Area, name: str, start, end, households: int, value: int) -> Campaign:
    return services.campaign_create(
        actor=SYSTEM,
        name=name,
        campaign_type=CampaignType.LIVELIHOOD,
        disaster=Disaster.EPIDEMIC if jdate(*start) <= REFERENCE_DATE else "",
        area=province,
        starts_on=jdate(*start),
        ends_on=jdate(*end),
        targets=[province],
        goal_households=households,
        goal_packages=households,
        goal_value=households * value,
    )


def build(*, log: Callable[[str], None]) -> None:
    province = unscoped(Area.objects.filter(code=PROVINCE)).first()
    if province is None:
        log("  relief: Ardabil (24) is not loaded; skipped")
        return
    if Campaign.objects.filter(name=MARKER).exists():
        log("  relief: already built")
        return
    today = clock.today()
    households = demo_households(10_000, area=province)
    if not households:
        log("  relief: no demo households; skipped")
        return
    items = _items(province)
    writer = Writer(households, today)
    rng = random.Random(SEED + 1)

    def some(n: int) -> list:
        return households if n >= len(households) else rng.sample(households, n)

    before = 0
    for drive in COVID_DRIVES:
        campaign = _drive_campaign(
            province, drive.name, drive.start, drive.end, drive.households, drive.value
        )
        kit = _kit(items, province, name=f"بسته {drive.name}", kind=drive.kind, value=drive.value)
        chosen = some(drive.households)
        writer.hand(campaign, chosen, [kit])
        before += len(chosen) * drive.value
    # The last drive before the article's day makes F16 exact: every household one
    # package, one of them a little larger (a large family's).
    rest = F16_TOTAL - before
    value, extra = divmod(rest, len(households))
    name, start, end = LAST_COVID_DRIVE
    campaign = _drive_campaign(province, name, start, end, len(households), value)
    kits = [_kit(items, province, name=f"بسته {name}", kind=KitKind.LIVELIHOOD, value=value)]
    if extra:
        kits.append(
            _kit(
                items,
                province,
                name=f"بسته خانوار پرجمعیت — {name}",
                kind=KitKind.CUSTOM,
                value=value + extra,
            )
        )
    writer.hand(campaign, households, kits)
    handed = Package.objects.filter(on__lte=REFERENCE_DATE).aggregate(total=Sum("value"))["total"]
    if handed != F16_TOTAL:
        raise RuntimeError(f"relief demo handed {handed} rials by 1401/02/18, not {F16_TOTAL}")
    later = _later_drives(province, items, writer, some, today)
    trucks, by_day = _responses(province, items, today)
    log(
        f"  relief: {writer.count:,} packages ({handed:,} rials by 1401/02/18, "
        f"{later} later drives), {trucks} trucks ({by_day} by 1401/02/18)"
    )


def _later_drives(province, items, writer: Writer, some, today: datetime.date) -> int:
    made = 0
    for year in range(1401, jalali_year_of(today) + 1):
        value = LATER_VALUE.get(year, LATER_VALUE[1404] + 130_000_000 * (year - 1404))
        for label, start, end in LATER:
            if year == 1401 and start[0] < 3:
                continue  # Ramadan 1401 is the last COVID drive
            starts = jdate(year, *start)
            if starts <= REFERENCE_DATE or starts > today:
                continue
            name = f"رزمایش کمک مؤمنانه — {label} {year}"
            campaign = _drive_campaign(
                province, name, (year, *start), (year, *end), LATER_HOUSEHOLDS, value
            )
            kit = _kit(items, province, name=f"بسته {name}", kind=KitKind.LIVELIHOOD, value=value)
            writer.hand(campaign, some(LATER_HOUSEHOLDS), [kit])
            made += 1
    return made


def _responses(province: Area, items: dict[str, Item], today: datetime.date) -> tuple[int, int]:
    counties = list(
        unscoped(Area.objects.filter(parent=province, level=AreaLevel.COUNTY)).order_by("code")
    )
    central = services.warehouse_create(
        actor=SYSTEM, name="انبار مرکزی امداد اردبیل", area=counties[0], address="اردبیل"
    )
    for county in counties[1:]:
        services.warehouse_create(actor=SYSTEM, name=f"انبار امداد {county.name}", area=county)
    # Worth its base goods and 38 million-rial baskets: no purchase credit to stock.
    base = sum(items[n].unit_value * q for n, q in HYGIENE_BASE.items())
    relief_kit = _kit(
        items, province, name="بسته امدادی اضطراری", kind=KitKind.CUSTOM, value=base + 38_000_000
    )
    trucks = by_day = 0
    rng = random.Random(SEED + 2)
    for response in RESPONSES:
        destination = unscoped(Area.objects.filter(code=response.county)).first()
        day = jdate(*response.day)
        if destination is None or day > today:
            continue
        campaign = services.campaign_create(
            actor=SYSTEM,
            name=response.name,
            campaign_type=CampaignType.DISASTER,
            disaster=response.disaster,
            area=province,
            starts_on=day,
            ends_on=day + datetime.timedelta(days=30),
            targets=[destination],
            goal_value=response.trucks * 2_500_000_000,
        )
        # What the trucks carry comes into the central warehouse first.
        loads = {"پتو": 400, "چادر امدادی": 20, "آب معدنی": 300}
        for name, per_truck in loads.items():
            services.stock_receive(
                actor=SYSTEM,
                warehouse=central,
                item=items[name],
                quantity=per_truck * response.trucks,
                on=day,
                source=ReceiptSource.PURCHASE,
                note=response.name,
            )
        for item, quantity in relief_kit_contents(relief_kit):
            services.stock_receive(
                actor=SYSTEM,
                warehouse=central,
                item=item,
                quantity=quantity * 50 * response.trucks,
                on=day,
                source=ReceiptSource.OTHER,
                note=response.name,
            )
        for n in range(response.trucks):
            lines = [services.ManifestLine(quantity=50, kit=relief_kit)] + [
                services.ManifestLine(quantity=q, item=items[name]) for name, q in loads.items()
            ]
            shipment = services.shipment_dispatch(
                actor=SYSTEM,
                origin=central,
                destination=destination,
                campaign=campaign,
                truck_plate=f"{rng.randint(11, 99)}ع{rng.randint(100, 999)} ایران {rng.choice((91, 81))}",
                driver_name=f"راننده {n + 1} — {response.name}",
                on=day,
                lines=lines,
                cash=500_000_000 if n == 0 else 0,
            )
            delivered = day + datetime.timedelta(days=rng.randint(1, 3))
            if delivered <= today:
                services.shipment_deliver(
                    actor=SYSTEM,
                    shipment=shipment,
                    on=delivered,
                    received_by=f"ستاد مدیریت بحران {destination.name}",
                    discrepancies="" if n % 4 else "دو کارتن آب در راه آسیب دید.",
                )
            trucks += 1
            by_day += day <= REFERENCE_DATE
    return trucks, by_day


def relief_kit_contents(kit: Kit):
    return [(line.item, line.quantity) for line in kit.contents.select_related("item")]
