"""Occasions and the events (programmes) held for them: meetings, medical teams, visits,
release ceremonies, groundbreakings, inaugurations, exhibitions, the manoeuvre…

An event belongs to the county office responsible for its place. Its status moves along
``abadi.events.workflow`` (planned → held, or cancelled); the day it was held and the day
it was cancelled are kept on the event and in its timeline (``EventStep``), so what was
planned and what was held can be counted for any period, as of any day.

Records of other modules an event is about (the project a groundbreaking or an
inauguration opens, the aid cases a release ceremony frees) are kept as (kind, id) in
``EventLink``: the link names the other module's record without querying its table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from abadi.core import clock
from abadi.core.files import DOCUMENT_KINDS, MEGABYTE, StoredFile, upload_validators
from abadi.core.models import TimestampedModel

MAX_FILE_BYTES = 5 * MEGABYTE
# People one event can serve (a provincial manoeuvre reaches tens of thousands).
MAX_SERVED = 1_000_000
MAX_VISITORS = 1_000_000


class Occasion(TimestampedModel):
    """A named span of days events are planned for (e.g. "هفته بسیج سازندگی ۱۴۰۱")."""

    name = models.CharField(_("نام مناسبت"), max_length=200)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("دفتر مسئول"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("روز نخست"))
    ends_on = models.DateField(_("روز پایان"))
    description = models.TextField(_("توضیح"), blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("مناسبت")
        verbose_name_plural = _("مناسبت‌ها")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "search_key"],
                name="unique_occasion_name_per_area",
                violation_error_message=_("مناسبتی با همین نام پیش‌تر ثبت شده است."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="occasion_ends_after_it_starts",
                violation_error_message=_("روز پایان مناسبت پیش از روز نخست آن است."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    """The programmes of Basij Sazandegi week, as the source article lists them."""

    FRIDAY_IMAMS = "friday_imams", _("دیدار با ائمه جمعه")
    MEDICAL_TEAM = "medical_team", _("اعزام تیم پزشکی به مناطق محروم و صعب‌العبور")
    ALONGSIDE_FARMER = "alongside_farmer", _("طرح همگام با کشاورز")
    MARTYRS_FAMILIES = "martyrs_families", _("دیدار با خانواده‌های شهدا، ایثارگران و جانبازان")
    PRISONER_RELEASE = "prisoner_release", _("آزادی زندانیان جرائم غیرعمد و مالی")
    CEMETERY_CLEANING = "cemetery_cleaning", _("غبارروبی گلزار شهدا")
    EDUCATION_CULTURE = "education_culture", _("خدمات آموزشی و فرهنگی رایگان")
    COUNSELLING = "counselling", _("مشاوره رایگان حقوقی و روان‌شناختی")
    SERVICE_DESK = "service_desk", _("میز خدمت در ادارات")
    GROUNDBREAKING = "groundbreaking", _("کلنگ‌زنی")
    INAUGURATION = "inauguration", _("افتتاح و بهره‌برداری")
    EXHIBITION = "exhibition", _("نمایشگاه اقتصاد مقاومتی")
    MANOEUVRE = "manoeuvre", _("رزمایش")
    OTHER = "other", _("سایر برنامه‌ها")


# The kinds an event's links may be of, by the event's kind.
PROJECT_KINDS = (EventKind.GROUNDBREAKING, EventKind.INAUGURATION)
CASE_KINDS = (EventKind.PRISONER_RELEASE,)


class OrganiserKind(models.TextChoices):
    OFFICE = "office", _("اداره کل استان")
    COUNTY_OFFICE = "county_office", _("دفتر شهرستان")
    VOLUNTEER_GROUP = "volunteer_group", _("گروه جهادی")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("برنامه‌ریزی‌شده")
    HELD = "held", _("برگزارشده")
    CANCELLED = "cancelled", _("لغوشده")


class Event(TimestampedModel):
    """One programme: where, when, by whom, and once held, whom it served."""

    title = models.CharField(_("عنوان"), max_length=200)
    kind = models.CharField(_("نوع برنامه"), max_length=20, choices=EventKind.choices)
    occasion = models.ForeignKey(
        Occasion,
        verbose_name=_("مناسبت"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    area = models.ForeignKey(
        "geography.Area",
        verbose_name=_("شهرستان مسئول"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.ForeignKey(
        "geography.Area", verbose_name=_("محل برگزاری"), on_delete=models.PROTECT, related_name="+"
    )
    venue = models.CharField(_("مکان (نشانی)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("آغاز"))
    ends_at = models.DateTimeField(_("پایان"), null=True, blank=True)
    # The day (in Tehran) it starts on: what calendars, boards and indicators count by.
    on = models.DateField(_("روز برگزاری"), db_index=True, editable=False)
    organiser_kind = models.CharField(
        _("برگزارکننده"), max_length=20, choices=OrganiserKind.choices
    )
    # A volunteer group is named here (its name or its Atlas registry ID).
    organiser_name = models.CharField(_("نام برگزارکننده"), max_length=200, blank=True)
    status = models.CharField(
        _("وضعیت"),
        max_length=12,
        choices=EventStatus.choices,
        default=EventStatus.PLANNED,
        db_index=True,
    )
    held_on = models.DateField(_("تاریخ برگزاری (ثبت‌شده)"), null=True, blank=True)
    cancelled_on = models.DateField(_("تاریخ لغو"), null=True, blank=True)
    people_served = models.PositiveIntegerField(_("شمار بهره‌مندان"), default=0)
    report = models.TextField(_("گزارش"), blank=True)
    cancel_reason = models.CharField(_("دلیل لغو"), max_length=300, blank=True)
    source_id = models.CharField(_("شناسه منبع"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["on", "starts_at", "id"]
        verbose_name = _("رویداد")
        verbose_name_plural = _("رویدادها")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("پایان رویداد پیش از آغاز آن است."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="held", held_on__isnull=False, cancelled_on__isnull=True)
                    | Q(status="cancelled", cancelled_on__isnull=False, held_on__isnull=True)
                    | Q(status="planned", held_on__isnull=True, cancelled_on__isnull=True)
                ),
                name="event_status_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["area", "on"], name="event_area_on_idx"),
            models.Index(fields=["held_on"], name="event_held_on_idx"),
            models.Index(fields=["occasion", "kind"], name="event_occasion_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_future(self) -> bool:
        return self.on > clock.today()


class EventStep(models.Model):
    """One step of an event's timeline: who moved it from which status to which, the day
    it took effect and when it was entered."""

    event = models.ForeignKey(
        Event, verbose_name=_("رویداد"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("گام"), max_length=20)
    from_status = models.CharField(
        _("از وضعیت"), max_length=12, choices=EventStatus.choices, blank=True
    )
    to_status = models.CharField(_("به وضعیت"), max_length=12, choices=EventStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on = models.DateField(_("تاریخ اثر"))
    at = models.DateTimeField(_("زمان ثبت"), default=clock.now)
    note = models.TextField(_("توضیح"), blank=True)

    class Meta:
        ordering = ["event", "on", "at", "id"]
        verbose_name = _("گام رویداد")
        verbose_name_plural = _("گام‌های رویداد")

    def __str__(self) -> str:
        return gettext("از «%(old)s» به «%(new)s»") % {
            "old": self.get_from_status_display() or "—",
            "new": self.get_to_status_display(),
        }


class LinkKind(models.TextChoices):
    PROJECT = "project", _("پروژه محرومیت‌زدایی")
    AID_CASE = "aid_case", _("پرونده آزادی زندانی")


class EventLink(models.Model):
    """A record of another module the event is about, by kind and id."""

    event = models.ForeignKey(
        Event, verbose_name=_("رویداد"), on_delete=models.CASCADE, related_name="links"
    )
    kind = models.CharField(_("نوع پیوند"), max_length=12, choices=LinkKind.choices)
    target_id = models.PositiveBigIntegerField(_("شناسه پرونده"))
    label = models.CharField(_("شرح"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "kind", "target_id"]
        verbose_name = _("پیوند رویداد")
        verbose_name_plural = _("پیوندهای رویداد")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "kind", "target_id"],
                name="unique_event_link",
                violation_error_message=_("این پرونده پیش‌تر به همین رویداد پیوند خورده است."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target_id}"


class FileKind(models.TextChoices):
    PHOTO = "photo", _("عکس")
    REPORT = "report", _("گزارش")


class EventFile(StoredFile):
    """A photo of the event, or its written report (PDF or a scanned page)."""

    event = models.ForeignKey(
        Event, verbose_name=_("رویداد"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("نوع"), max_length=10, choices=FileKind.choices)
    title = models.CharField(_("عنوان"), max_length=200, blank=True)
    file = models.FileField(
        _("پرونده"),
        upload_to="events/%Y/%m/",
        validators=upload_validators(DOCUMENT_KINDS, max_bytes=MAX_FILE_BYTES),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("زمان بارگذاری"), auto_now_add=True)

    class Meta:
        ordering = ["event", "kind", "id"]
        verbose_name = _("پرونده رویداد")
        verbose_name_plural = _("پرونده‌های رویداد")

    def __str__(self) -> str:
        return self.title or self.original_name or self.file.name or ""


class Exhibitor(TimestampedModel):
    """A workshop showing its products at an exhibition: often a loan recipient's, named
    then by its loan plan's number (another module's record, looked up through
    ``abadi.loans.selectors``)."""

    event = models.ForeignKey(
        Event, verbose_name=_("نمایشگاه"), on_delete=models.CASCADE, related_name="exhibitors"
    )
    name = models.CharField(_("نام کارگاه"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("صاحب کارگاه"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exhibitions",
    )
    loan_number = models.CharField(_("شماره طرح اشتغال"), max_length=20, blank=True)
    products = models.CharField(_("محصولات"), max_length=300, blank=True)
    sales_amount = models.BigIntegerField(_("فروش (ریال)"), default=0)
    visitors = models.PositiveIntegerField(_("بازدیدکنندگان غرفه"), default=0)
    note = models.CharField(_("یادداشت"), max_length=300, blank=True)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("غرفه‌دار")
        verbose_name_plural = _("غرفه‌داران")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name_key"],
                name="unique_exhibitor_per_exhibition",
                violation_error_message=_("کارگاهی با همین نام در این نمایشگاه ثبت شده است."),
            ),
            models.CheckConstraint(
                condition=Q(sales_amount__gte=0), name="exhibitor_sales_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name
