"""Deprivation-elimination projects (پروژه‌های محرومیت‌زدایی): houses built and repaired,
water brought to villages, home solar plants, schools, health houses, roads, mosques.

A project belongs to the office responsible for it (``area``: a province or county
office; indicators count by it) and is built in a place anywhere in Iran (``place``: one
village or city; a water supply lists every village it serves in ``ProjectPlace``). Its
budget in integer rials is shared by funders whose shares add up to it exactly. Its stages
(planned → groundbreaking → in progress → completed → inaugurated, or suspended /
cancelled) are dated steps of ``abadi.projects.workflow``; each ``StageChange`` row keeps
the day it took effect and the day the next step replaced it, so the stage on any day is
one range lookup.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from abadi.core import clock
from abadi.core.files import MEGABYTE, PHOTO_KINDS, StoredFile, upload_validators
from abadi.core.jalali import format_jalali
from abadi.core.models import TimestampedModel
from abadi.core.persian import to_persian_digits

MAX_PHOTO_BYTES = 8 * MEGABYTE
MAX_PHOTOS_PER_REPORT = 10
# Larger photos are refused rather than decoded (a "decompression bomb" is a small file).
MAX_PHOTO_PIXELS = 50_000_000
THUMBNAIL_SIZE = (480, 480)
MAX_WATER_VILLAGES = 300


class ProjectType(models.TextChoices):
    HOUSING_BUILD = "housing_build", _("ساخت مسکن محرومان")
    HOUSING_REPAIR = "housing_repair", _("تعمیر و بازسازی مسکن")
    WATER = "water", _("آبرسانی روستایی")
    SOLAR = "solar", _("نیروگاه خورشیدی خانگی")
    SCHOOL = "school", _("مدرسه و کلاس درس")
    HEALTH_HOUSE = "health_house", _("خانه بهداشت")
    ROAD = "road", _("راه روستایی")
    MOSQUE = "mosque", _("مسجد و کانون فرهنگی")
    OTHER = "other", _("سایر")


class Stage(models.TextChoices):
    PLANNED = "planned", _("در برنامه")
    GROUNDBREAKING = "groundbreaking", _("کلنگ‌زنی‌شده")
    IN_PROGRESS = "in_progress", _("در حال اجرا")
    COMPLETED = "completed", _("تکمیل‌شده")
    INAUGURATED = "inaugurated", _("افتتاح‌شده")
    SUSPENDED = "suspended", _("متوقف")
    CANCELLED = "cancelled", _("لغوشده")


# "In progress" (در دست اجرا) in the office's figures: ground broken, not yet completed,
# not stopped. A project waiting between its groundbreaking ceremony and its first day of
# work is already under way.
UNDER_WAY = (Stage.GROUNDBREAKING, Stage.IN_PROGRESS)
FINISHED = (Stage.COMPLETED, Stage.INAUGURATED)
# Stages in which the budget, the shares and the beneficiaries may still change.
OPEN_STAGES = (Stage.PLANNED, Stage.GROUNDBREAKING, Stage.IN_PROGRESS, Stage.SUSPENDED)
HOUSING_TYPES = (ProjectType.HOUSING_BUILD, ProjectType.HOUSING_REPAIR)


class ExecutorKind(models.TextChoices):
    GROUP = "group", _("گروه جهادی")
    CONTRACTOR = "contractor", _("پیمانکار")
    AGENCY = "agency", _("دستگاه اجرایی")


class FunderKind(models.TextChoices):
    AGENCY = "agency", _("دستگاه اجرایی (اعتبار محرومیت‌زدایی)")
    DONOR = "donor", _("خیّر")
    OFFICE = "office", _("بسیج سازندگی")
    BENEFICIARY = "beneficiary", _("آورده بهره‌بردار")


# Capacity: the fields each type must have, and those it may have. A field outside both is
# refused, so a school never carries kilowatts nor a solar plant classrooms.
CAPACITY_FIELDS = (
    "housing_units",
    "floor_area_m2",
    "households_served",
    "power_watts",
    "length_m",
    "classrooms",
)
CAPACITY: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    ProjectType.HOUSING_BUILD: (("housing_units",), ("floor_area_m2",)),
    ProjectType.HOUSING_REPAIR: (("housing_units",), ("floor_area_m2",)),
    # The villages a water supply serves are its places, counted, never typed.
    ProjectType.WATER: (("households_served",), ("length_m",)),
    ProjectType.SOLAR: (("power_watts",), ("households_served",)),
    ProjectType.SCHOOL: (("classrooms",), ("floor_area_m2",)),
    ProjectType.HEALTH_HOUSE: (("floor_area_m2",), ("households_served",)),
    ProjectType.ROAD: (("length_m",), ("households_served",)),
    ProjectType.MOSQUE: (("floor_area_m2",), ()),
    ProjectType.OTHER: ((), ("households_served", "floor_area_m2")),
}
# Upper bounds of one project's capacity: above them a figure is a typing mistake (and would
# feed a published figure).
CAPACITY_MAX = {
    "housing_units": 2_000,
    "floor_area_m2": 200_000,
    "households_served": 100_000,
    "power_watts": 10_000_000,
    "length_m": 500_000,
    "classrooms": 200,
}


class Project(TimestampedModel):
    number = models.CharField(_("شماره پروژه"), max_length=20, unique=True, null=True, blank=True)
    title = models.CharField(_("عنوان"), max_length=200)
    description = models.TextField(_("شرح"), blank=True)
    project_type = models.CharField(_("نوع پروژه"), max_length=20, choices=ProjectType.choices)
    area = models.ForeignKey(
        "geography.Area",
        verbose_name=_("دفتر مسئول"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.ForeignKey(
        "geography.Area",
        verbose_name=_("محل اجرا"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The county and province the place lies in, kept with the project: the list filters by
    # them, the map counts by county and F7 breaks completed houses down by province.
    place_county = models.ForeignKey(
        "geography.Area",
        verbose_name=_("شهرستان محل اجرا"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place_province = models.ForeignKey(
        "geography.Area",
        verbose_name=_("استان محل اجرا"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    executor_kind = models.CharField(_("نوع مجری"), max_length=20, choices=ExecutorKind.choices)
    executor_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("پیمانکار یا دستگاه مجری"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A volunteer group by its national registry (Atlas) ID and name, as text: the
    # volunteers module is a peer whose records this module never queries.
    executor_group_atlas_id = models.CharField(
        _("شناسه اطلس گروه جهادی"), max_length=32, blank=True
    )
    executor_group_name = models.CharField(_("نام گروه جهادی"), max_length=200, blank=True)
    budget = models.BigIntegerField(_("اعتبار کل (ریال)"))
    stage = models.CharField(
        _("مرحله"), max_length=20, choices=Stage.choices, default=Stage.PLANNED, db_index=True
    )
    planned_on = models.DateField(_("تاریخ ثبت در برنامه"), default=clock.today, db_index=True)
    progress = models.PositiveSmallIntegerField(
        _("درصد پیشرفت"), default=0, validators=[MaxValueValidator(100)]
    )
    last_report_on = models.DateField(_("تاریخ آخرین گزارش پیشرفت"), null=True, blank=True)
    housing_units = models.PositiveIntegerField(_("واحد مسکونی"), null=True, blank=True)
    floor_area_m2 = models.PositiveIntegerField(_("زیربنا (متر مربع)"), null=True, blank=True)
    households_served = models.PositiveIntegerField(_("خانوار بهره‌مند"), null=True, blank=True)
    villages_served = models.PositiveIntegerField(_("روستای بهره‌مند"), null=True, blank=True)
    power_watts = models.PositiveIntegerField(_("توان (وات)"), null=True, blank=True)
    length_m = models.PositiveIntegerField(_("طول (متر)"), null=True, blank=True)
    classrooms = models.PositiveIntegerField(_("کلاس درس"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancel_reason = models.TextField(_("دلیل توقف یا لغو"), blank=True)
    source_id = models.CharField(_("شناسه منبع"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("پروژه محرومیت‌زدایی")
        verbose_name_plural = _("پروژه‌های محرومیت‌زدایی")
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="project_budget_positive"),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="project_progress_percent"
            ),
            models.CheckConstraint(
                condition=(
                    Q(executor_kind=ExecutorKind.GROUP, executor_organisation__isnull=True)
                    & ~Q(executor_group_name="")
                )
                | (
                    Q(executor_kind__in=[ExecutorKind.CONTRACTOR, ExecutorKind.AGENCY])
                    & Q(executor_organisation__isnull=False)
                ),
                name="project_executor_named",
            ),
        ]
        indexes = [
            models.Index(fields=["place_county", "stage"], name="project_county_stage_idx"),
            models.Index(fields=["place_province", "stage"], name="project_province_stage_idx"),
            models.Index(fields=["project_type", "stage"], name="project_type_stage_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.title}"

    @property
    def status(self) -> str:
        """The stage, by the name the workflow kit (``abadi.core.workflow``) reads it."""
        return self.stage

    @property
    def executor_label(self) -> str:
        if self.executor_kind == ExecutorKind.GROUP:
            return self.executor_group_name
        organisation = self.executor_organisation
        return organisation.name if organisation is not None else ""

    @property
    def power_kw(self) -> float | None:
        return None if self.power_watts is None else self.power_watts / 1000

    @property
    def length_km(self) -> float | None:
        return None if self.length_m is None else self.length_m / 1000


class ProjectPlace(models.Model):
    """A place a project is built in or serves: one for most projects, every village of
    a water supply."""

    project = models.ForeignKey(
        Project, verbose_name=_("پروژه"), on_delete=models.CASCADE, related_name="places"
    )
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("روستا یا شهر"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("محل پروژه")
        verbose_name_plural = _("محل‌های پروژه")
        constraints = [
            models.UniqueConstraint(fields=["project", "area"], name="unique_project_place")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} — {self.area_id}"


class Funding(models.Model):
    """One funder's share of a project's budget. The shares add up to the budget exactly."""

    project = models.ForeignKey(
        Project, verbose_name=_("پروژه"), on_delete=models.CASCADE, related_name="fundings"
    )
    kind = models.CharField(_("تأمین‌کننده"), max_length=20, choices=FunderKind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("دستگاه"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A donor by name until the funds module offers its donors through a selector.
    donor_name = models.CharField(_("نام خیّر"), max_length=200, blank=True)
    amount = models.BigIntegerField(_("مبلغ (ریال)"))

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("سهم تأمین اعتبار")
        verbose_name_plural = _("سهم‌های تأمین اعتبار")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind=FunderKind.AGENCY, organisation__isnull=False)
                | (~Q(kind=FunderKind.AGENCY) & Q(organisation__isnull=True)),
                name="funding_agency_named",
            ),
        ]

    def __str__(self) -> str:
        funder = self.organisation.name if self.organisation is not None else self.donor_name
        return f"{self.get_kind_display()} {funder}".strip()

    @property
    def funder_label(self) -> str:
        if self.kind == FunderKind.AGENCY and self.organisation is not None:
            return self.organisation.name
        if self.kind == FunderKind.DONOR and self.donor_name:
            return self.donor_name
        return str(self.get_kind_display())


class StageChange(models.Model):
    """One step of a project's timeline: from which stage to which, the day it took effect
    (``on``), the day the next step replaced it (``until``, empty while it is the current
    one) and when it was entered (``at``)."""

    project = models.ForeignKey(
        Project, verbose_name=_("پروژه"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    action = models.CharField(_("گام"), max_length=20)
    from_stage = models.CharField(_("از مرحله"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("به مرحله"), max_length=20, choices=Stage.choices)
    on = models.DateField(_("تاریخ اثر"))
    until = models.DateField(_("تا تاریخ"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("زمان ثبت"), default=clock.now)
    note = models.TextField(_("توضیح"), blank=True)

    class Meta:
        ordering = ["project", "on", "at", "id"]
        verbose_name = _("تغییر مرحله پروژه")
        verbose_name_plural = _("تغییرات مرحله پروژه")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("on")),
                name="stage_change_until_after_on",
            ),
            # One current step per project.
            models.UniqueConstraint(
                fields=["project"], condition=Q(until__isnull=True), name="one_current_stage"
            ),
        ]
        indexes = [
            # "Which projects were in this stage on that day": stage, then the day.
            models.Index(fields=["to_stage", "on"], name="stage_change_stage_on_idx"),
            models.Index(fields=["project", "on"], name="stage_change_project_on_idx"),
            models.Index(fields=["action", "on"], name="stage_change_action_on_idx"),
        ]

    def __str__(self) -> str:
        return gettext("از «%(old)s» به «%(new)s» (%(day)s)") % {
            "old": self.get_from_stage_display() or "—",
            "new": self.get_to_stage_display(),
            "day": format_jalali(self.on),
        }


class ProgressReport(models.Model):
    """What a field officer saw on site on ``date``: how far the work is, in words and
    photos."""

    project = models.ForeignKey(
        Project, verbose_name=_("پروژه"), on_delete=models.CASCADE, related_name="reports"
    )
    date = models.DateField(_("تاریخ گزارش"))
    percent = models.PositiveSmallIntegerField(
        _("درصد پیشرفت"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    text = models.TextField(_("شرح پیشرفت"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("گزارش‌دهنده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("زمان ثبت"), default=clock.now)
    source_id = models.CharField(_("شناسه منبع"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["project", "-date", "-id"]
        verbose_name = _("گزارش پیشرفت")
        verbose_name_plural = _("گزارش‌های پیشرفت")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="report_percent_range"
            ),
        ]
        indexes = [models.Index(fields=["project", "date"], name="report_project_date_idx")]

    def __str__(self) -> str:
        return gettext("پیشرفت %(percent)s٪ — %(day)s") % {
            "percent": to_persian_digits(self.percent),
            "day": format_jalali(self.date),
        }


class ProgressPhoto(StoredFile):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("گزارش"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(
        _("عکس"),
        upload_to="projects/photos/%Y/%m/",
        validators=upload_validators(PHOTO_KINDS, max_bytes=MAX_PHOTO_BYTES),
    )
    thumbnail = models.FileField(_("تصویر کوچک"), upload_to="projects/thumbs/%Y/%m/", blank=True)
    width = models.PositiveIntegerField(_("پهنا (پیکسل)"), default=0)
    height = models.PositiveIntegerField(_("بلندا (پیکسل)"), default=0)

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("عکس پیشرفت")
        verbose_name_plural = _("عکس‌های پیشرفت")

    def __str__(self) -> str:
        return self.original_name or self.file.name or ""


class Beneficiary(models.Model):
    """A household a project is for. On completion each gets a row in people's benefit
    ledger (``benefit_on``: the day it was recorded for)."""

    project = models.ForeignKey(
        Project, verbose_name=_("پروژه"), on_delete=models.CASCADE, related_name="beneficiaries"
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("خانوار"),
        on_delete=models.PROTECT,
        related_name="project_benefits",
    )
    added_on = models.DateField(_("تاریخ افزودن"), default=clock.today)
    benefit_on = models.DateField(_("تاریخ ثبت بهره‌مندی"), null=True, blank=True)

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("خانوار بهره‌مند")
        verbose_name_plural = _("خانوارهای بهره‌مند")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "household"], name="unique_project_beneficiary"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} — {self.household_id}"


class ProjectPlan(TimestampedModel):
    """The year's plan of one office for one type: how many projects it means to finish
    (for solar plants: put into service), and for housing how many units."""

    area = models.ForeignKey(
        "geography.Area", verbose_name=_("دفتر"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("سال"), validators=[MinValueValidator(1300), MaxValueValidator(1500)]
    )
    project_type = models.CharField(_("نوع پروژه"), max_length=20, choices=ProjectType.choices)
    count = models.PositiveIntegerField(_("شمار پروژه"))
    units = models.PositiveIntegerField(_("واحد مسکونی"), null=True, blank=True)
    note = models.CharField(_("یادداشت"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "area", "project_type"]
        verbose_name = _("برنامه سالانه پروژه‌ها")
        verbose_name_plural = _("برنامه‌های سالانه پروژه‌ها")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "project_type"], name="unique_project_plan"
            ),
        ]

    def __str__(self) -> str:
        return to_persian_digits(f"{self.get_project_type_display()} {self.year}: {self.count}")
