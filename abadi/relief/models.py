"""Relief: campaigns (a disaster answered, a livelihood drive), the item catalogue and
package kits, warehouses with a stock ledger that never goes negative, truck shipments,
eligibility lists and the packages handed to households.

Every row carries the area of the office responsible for it (a campaign, a warehouse and
its stock, a shipment: the origin office; a package: the county the household lives in),
which is what scoping and the indicators read. A shipment's destination may lie in any
province. Stock is a balance per item per warehouse (:class:`Stock`, never below zero: a
conditional update and a CHECK constraint) beside the ledger of every movement
(:class:`StockMove`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abadi.core.files import MEGABYTE, PHOTO_KINDS, upload_validators
from abadi.core.models import TimestampedModel

# Bounds every service applies, whichever way a record comes in (page, API, import).
MAX_QUANTITY = 10_000_000  # units of one item in one movement
MAX_KIT_LINES = 50
MAX_GOAL = 10_000_000  # households or packages a campaign aims at
MAX_SIGNATURE_BYTES = 2 * MEGABYTE
BULK_BATCH = 2_000  # households handed a package in one transaction of a bulk run


class CampaignType(models.TextChoices):
    DISASTER = "disaster", _("امداد در حادثه")
    LIVELIHOOD = "livelihood", _("رزمایش کمک مؤمنانه")
    OTHER = "other", _("سایر")


class Disaster(models.TextChoices):
    NONE = "", _("—")
    EARTHQUAKE = "earthquake", _("زلزله")
    FLOOD = "flood", _("سیل")
    EPIDEMIC = "epidemic", _("همه‌گیری (کرونا)")
    OTHER = "other", _("سایر حوادث")


class Unit(models.TextChoices):
    PIECE = "piece", _("عدد")
    KG = "kg", _("کیلوگرم")
    LITRE = "litre", _("لیتر")
    PACK = "pack", _("بسته")
    CARTON = "carton", _("کارتن")


class KitKind(models.TextChoices):
    LIVELIHOOD = "livelihood", _("بسته معیشتی")
    HYGIENE = "hygiene", _("بسته بهداشتی")
    CUSTOM = "custom", _("بسته ویژه")


class MoveKind(models.TextChoices):
    RECEIPT = "receipt", _("رسید")
    ISSUE = "issue", _("حواله خروج")
    TRANSFER_OUT = "transfer_out", _("انتقال (خروج)")
    TRANSFER_IN = "transfer_in", _("انتقال (ورود)")
    COUNT = "count", _("اصلاح پس از شمارش")
    SHIPMENT = "shipment", _("بارگیری محموله")
    HANDOUT = "handout", _("توزیع بسته")


class ReceiptSource(models.TextChoices):
    IN_KIND = "in_kind", _("کمک غیرنقدی خیّر")
    PURCHASE = "purchase", _("خرید")
    OTHER = "other", _("سایر")


class ShipmentStatus(models.TextChoices):
    DISPATCHED = "dispatched", _("اعزام شده")
    DELIVERED = "delivered", _("تحویل شده")


class DistributorKind(models.TextChoices):
    STAFF = "staff", _("کارکنان")
    GROUP = "group", _("گروه جهادی")


class ListSource(models.TextChoices):
    IKRF = "ikrf", _("فهرست کمیته امداد")
    WELFARE = "welfare", _("فهرست بهزیستی")
    FILTER = "filter", _("انتخاب با شرایط")
    MANUAL = "manual", _("ثبت دستی")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("در صف")
    RUNNING = "running", _("در حال توزیع")
    DONE = "done", _("پایان یافته")
    FAILED = "failed", _("متوقف شده")


class Campaign(TimestampedModel):
    """A relief campaign: the office (``area``) that runs it, its type, the disaster it
    answers, its dates, goals and target areas (:class:`CampaignArea`). ``key`` is how the
    benefit ledger names it."""

    name = models.CharField(_("نام پویش"), max_length=200)
    campaign_type = models.CharField(_("نوع پویش"), max_length=20, choices=CampaignType.choices)
    disaster = models.CharField(
        _("حادثه"), max_length=20, choices=Disaster.choices, blank=True, default=""
    )
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("دفتر مسئول"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("تاریخ آغاز"))
    ends_on = models.DateField(_("تاریخ پایان"), null=True, blank=True)
    goal_households = models.PositiveIntegerField(_("هدف (خانوار)"), default=0)
    goal_packages = models.PositiveIntegerField(_("هدف (بسته)"), default=0)
    goal_value = models.BigIntegerField(_("هدف (ریال)"), default=0)
    note = models.TextField(_("یادداشت"), blank=True)
    key = models.CharField(max_length=60, unique=True, editable=False, null=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("پویش امدادی")
        verbose_name_plural = _("پویش‌های امدادی")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(goal_value__gte=0), name="campaign_goal_value"),
        ]
        indexes = [models.Index(fields=["area", "-starts_on"], name="campaign_area_idx")]

    def __str__(self) -> str:
        return self.name


class CampaignArea(models.Model):
    """One area a campaign serves: a household must live under one of them."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("منطقه هدف"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("منطقه هدف پویش")
        verbose_name_plural = _("مناطق هدف پویش")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "area"], name="unique_campaign_area")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.area_id}"


class Item(TimestampedModel):
    """An item of the catalogue, with its unit and the value of one unit in rials."""

    name = models.CharField(_("نام کالا"), max_length=150)
    unit = models.CharField(_("واحد"), max_length=10, choices=Unit.choices)
    unit_value = models.BigIntegerField(_("ارزش واحد (ریال)"))
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("دفتر"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("قلم کالا")
        verbose_name_plural = _("اقلام کالا")
        constraints = [
            models.CheckConstraint(condition=Q(unit_value__gte=0), name="item_value_not_negative")
        ]

    def __str__(self) -> str:
        return self.name


class Kit(TimestampedModel):
    """A package kit: its contents (:class:`KitItem`) and its value, the sum of their
    values when it was made up (kept, so a package's value does not move with prices)."""

    name = models.CharField(_("نام بسته"), max_length=150)
    kind = models.CharField(_("نوع بسته"), max_length=20, choices=KitKind.choices)
    value = models.BigIntegerField(_("ارزش بسته (ریال)"), default=0)
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("دفتر"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("بسته")
        verbose_name_plural = _("بسته‌ها")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="kit_value_not_negative")
        ]

    def __str__(self) -> str:
        return self.name


class KitItem(models.Model):
    kit = models.ForeignKey(Kit, on_delete=models.CASCADE, related_name="contents")
    item = models.ForeignKey(Item, verbose_name=_("کالا"), on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(_("مقدار"))

    class Meta:
        verbose_name = _("قلم بسته")
        verbose_name_plural = _("اقلام بسته")
        constraints = [
            models.UniqueConstraint(fields=["kit", "item"], name="unique_kit_item"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="kit_item_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.kit_id}: {self.item_id} × {self.quantity}"


class Warehouse(TimestampedModel):
    name = models.CharField(_("نام انبار"), max_length=150)
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("شهرستان"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("نشانی"), max_length=300, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("انبار")
        verbose_name_plural = _("انبارها")

    def __str__(self) -> str:
        return self.name


class Stock(models.Model):
    """What a warehouse holds of an item now. Changed only by a conditional update in
    ``services`` (never read-decide-write); the constraint is the last line."""

    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="stock")
    item = models.ForeignKey(Item, verbose_name=_("کالا"), on_delete=models.PROTECT)
    quantity = models.BigIntegerField(_("موجودی"), default=0)

    class Meta:
        ordering = ["warehouse", "item"]
        verbose_name = _("موجودی")
        verbose_name_plural = _("موجودی انبارها")
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "item"], name="unique_stock_line"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="stock_never_negative",
                violation_error_message=_("موجودی انبار نمی‌تواند منفی شود."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.warehouse_id}/{self.item_id}: {self.quantity}"


class StockMove(models.Model):
    """One movement of the ledger: ``quantity`` is signed (in +, out −)."""

    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("انبار"), on_delete=models.PROTECT, related_name="moves"
    )
    item = models.ForeignKey(Item, verbose_name=_("کالا"), on_delete=models.PROTECT)
    kind = models.CharField(_("نوع"), max_length=20, choices=MoveKind.choices)
    quantity = models.BigIntegerField(_("مقدار"))
    value = models.BigIntegerField(_("ارزش (ریال)"), default=0)
    on = models.DateField(_("تاریخ"))
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("شهرستان"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(
        _("منبع"), max_length=20, choices=ReceiptSource.choices, blank=True, default=""
    )
    # The in-kind donation a receipt came from, or the purchase's allocation, by id: the
    # donations live in the funds module.
    donation_id = models.PositiveBigIntegerField(_("شناسه کمک خیّر"), null=True, blank=True)
    shipment = models.ForeignKey(
        "Shipment", null=True, blank=True, on_delete=models.PROTECT, related_name="moves"
    )
    note = models.CharField(_("شرح"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("زمان ثبت"), auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("گردش انبار")
        verbose_name_plural = _("گردش انبار")
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="stock_move_not_zero"),
        ]
        indexes = [models.Index(fields=["warehouse", "-on"], name="stock_move_wh_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity}"


class Shipment(TimestampedModel):
    """A truck sent from a warehouse to an area (anywhere in Iran), with its manifest
    (:class:`ShipmentLine`: items, kits) and cash, dispatched and then confirmed
    delivered (who, when, what differed)."""

    number = models.CharField(_("شماره بارنامه"), max_length=30, unique=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("پویش"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shipments",
    )
    origin = models.ForeignKey(
        Warehouse, verbose_name=_("انبار مبدأ"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("دفتر مبدأ"), on_delete=models.PROTECT, related_name="+"
    )
    destination = models.ForeignKey(
        "geography.Area", verbose_name=_("مقصد"), on_delete=models.PROTECT, related_name="+"
    )
    truck_plate = models.CharField(_("پلاک کامیون"), max_length=30)
    driver_name = models.CharField(_("راننده"), max_length=150)
    driver_mobile = models.CharField(_("تلفن همراه راننده"), max_length=11, blank=True)
    cash = models.BigIntegerField(_("کمک نقدی (ریال)"), default=0)
    value = models.BigIntegerField(_("ارزش محموله (ریال)"), default=0)
    status = models.CharField(
        _("وضعیت"),
        max_length=20,
        choices=ShipmentStatus.choices,
        default=ShipmentStatus.DISPATCHED,
        db_index=True,
    )
    dispatched_on = models.DateField(_("تاریخ اعزام"))
    delivered_on = models.DateField(_("تاریخ تحویل"), null=True, blank=True)
    received_by = models.CharField(_("تحویل‌گیرنده"), max_length=150, blank=True)
    discrepancies = models.TextField(_("مغایرت‌ها"), blank=True)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("اعزام‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("تأییدکننده تحویل"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-dispatched_on", "-id"]
        verbose_name = _("محموله")
        verbose_name_plural = _("محموله‌ها")
        constraints = [
            models.CheckConstraint(
                condition=Q(delivered_on__isnull=True)
                | Q(delivered_on__gte=models.F("dispatched_on")),
                name="shipment_delivered_after_dispatch",
                violation_error_message=_("تحویل محموله نمی‌تواند پیش از اعزام آن باشد."),
            ),
            models.CheckConstraint(condition=Q(cash__gte=0), name="shipment_cash_not_negative"),
        ]
        indexes = [models.Index(fields=["area", "-dispatched_on"], name="shipment_area_idx")]

    def __str__(self) -> str:
        return self.number


class ShipmentLine(models.Model):
    """One line of a manifest: an item or a kit, its quantity and value."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(
        Item, verbose_name=_("کالا"), null=True, blank=True, on_delete=models.PROTECT
    )
    kit = models.ForeignKey(
        Kit, verbose_name=_("بسته"), null=True, blank=True, on_delete=models.PROTECT
    )
    quantity = models.PositiveIntegerField(_("مقدار"))
    value = models.BigIntegerField(_("ارزش (ریال)"))

    class Meta:
        verbose_name = _("ردیف بارنامه")
        verbose_name_plural = _("ردیف‌های بارنامه")
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False, kit__isnull=True)
                | Q(item__isnull=True, kit__isnull=False),
                name="shipment_line_item_or_kit",
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="shipment_line_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.item_id or self.kit_id} × {self.quantity}"


class ShipmentStep(models.Model):
    """A step of a shipment (dispatched, delivered) with the day it took effect."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("گام"), max_length=20)
    to_status = models.CharField(_("به وضعیت"), max_length=20, choices=ShipmentStatus.choices)
    on = models.DateField(_("تاریخ"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("زمان ثبت"), auto_now_add=True)

    class Meta:
        ordering = ["on", "at", "id"]
        verbose_name = _("گام محموله")
        verbose_name_plural = _("گام‌های محموله")

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.action}"


class EligibilityList(TimestampedModel):
    """The households a campaign means to reach in one area: imported from an IKRF or a
    Welfare list, chosen by filters, or entered one by one."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("پویش"), on_delete=models.PROTECT, related_name="lists"
    )
    name = models.CharField(_("نام فهرست"), max_length=200)
    source = models.CharField(_("منبع فهرست"), max_length=20, choices=ListSource.choices)
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("منطقه"), on_delete=models.PROTECT, related_name="+"
    )
    size = models.PositiveIntegerField(_("شمار خانوارها"), default=0)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("فهرست واجدان")
        verbose_name_plural = _("فهرست‌های واجدان")

    def __str__(self) -> str:
        return self.name


class ListEntry(models.Model):
    eligibility_list = models.ForeignKey(
        EligibilityList, on_delete=models.CASCADE, related_name="entries"
    )
    household = models.ForeignKey(
        "people.Household", verbose_name=_("خانوار"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("خانوار فهرست")
        verbose_name_plural = _("خانوارهای فهرست")
        constraints = [
            models.UniqueConstraint(
                fields=["eligibility_list", "household"], name="unique_list_household"
            )
        ]

    def __str__(self) -> str:
        return f"{self.eligibility_list_id}: {self.household_id}"


class BulkRun(TimestampedModel):
    """A whole list handed its packages in the background, batch by batch; ``done`` is
    read back from the packages themselves, so a run resumed after a crash hands no
    household twice."""

    eligibility_list = models.ForeignKey(
        EligibilityList, verbose_name=_("فهرست"), on_delete=models.PROTECT, related_name="runs"
    )
    kit = models.ForeignKey(Kit, verbose_name=_("بسته"), on_delete=models.PROTECT)
    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("انبار"), null=True, blank=True, on_delete=models.PROTECT
    )
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("منطقه"), on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(_("تاریخ توزیع"))
    distributor_kind = models.CharField(
        _("توزیع‌کننده"), max_length=10, choices=DistributorKind.choices
    )
    distributor_name = models.CharField(_("نام توزیع‌کننده"), max_length=200, blank=True)
    status = models.CharField(
        _("وضعیت"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("کل خانوارها"), default=0)
    done = models.PositiveIntegerField(_("تحویل‌شده"), default=0)
    skipped = models.PositiveIntegerField(_("کنار گذاشته"), default=0)
    # The last household (by id) a committed batch dealt with: the next batch reads on
    # from here instead of rescanning the list.
    cursor = models.PositiveBigIntegerField(default=0, editable=False)
    # Households of the list outside the campaign's areas, passed over (not handed).
    skipped_ids = models.JSONField(default=list, blank=True, editable=False)
    message = models.TextField(_("پیام"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("توزیع گروهی")
        verbose_name_plural = _("توزیع‌های گروهی")

    def __str__(self) -> str:
        return f"{self.eligibility_list} — {self.kit}"

    @property
    def percent(self) -> int:
        # Households that held a package before the run started count as done at its end.
        if self.status == RunStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * (self.done + self.skipped) / self.total))


class Package(models.Model):
    """A package handed to a household. The database refuses a second package of one
    campaign to one household unless a manager overrode it with a reason."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("پویش"), on_delete=models.PROTECT, related_name="packages"
    )
    kit = models.ForeignKey(Kit, verbose_name=_("بسته"), on_delete=models.PROTECT)
    household = models.ForeignKey(
        "people.Household", verbose_name=_("خانوار"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("شهرستان"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        "geography.Area", verbose_name=_("محل سکونت"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.BigIntegerField(_("ارزش (ریال)"))
    on = models.DateField(_("تاریخ تحویل"))
    distributor_kind = models.CharField(
        _("توزیع‌کننده"), max_length=10, choices=DistributorKind.choices
    )
    distributor_name = models.CharField(_("نام توزیع‌کننده"), max_length=200, blank=True)
    proof_code = models.CharField(_("کد تأیید دریافت"), max_length=20, blank=True)
    signature = models.FileField(
        _("امضای دریافت‌کننده"),
        upload_to="relief/signatures/%Y/%m/",
        blank=True,
        validators=upload_validators(PHOTO_KINDS, max_bytes=MAX_SIGNATURE_BYTES),
    )
    override_reason = models.CharField(_("دلیل تحویل تکراری"), max_length=300, blank=True)
    run = models.ForeignKey(
        BulkRun, null=True, blank=True, on_delete=models.PROTECT, related_name="packages"
    )
    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("انبار"), null=True, blank=True, on_delete=models.PROTECT
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("زمان ثبت"), auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("بسته تحویلی")
        verbose_name_plural = _("بسته‌های تحویلی")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "household"],
                condition=Q(override_reason=""),
                name="one_package_per_campaign_household",
                violation_error_message=_("این خانوار بسته این پویش را پیش‌تر گرفته است."),
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="package_value_not_negative"),
        ]
        indexes = [
            models.Index(fields=["area", "-on"], name="package_area_idx"),
            models.Index(fields=["campaign", "on"], name="package_campaign_idx"),
            # "Does this household hold the campaign's package?", overrides included.
            models.Index(fields=["household", "campaign"], name="package_household_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kit} — {self.household_id}"
