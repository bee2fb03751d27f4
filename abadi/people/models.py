"""The registry of people and households, and the ledger of every benefit given to them.

Search at two million persons stays on indexes: a person carries normalised keys
(``search_key`` for "first last", ``last_name_key`` for the family name) that the list
searches by prefix, and the national code and mobile are searched by equality. The keys
are derived, never typed: :meth:`Person.fill_keys` computes them, and it runs on
``full_clean`` and ``save``; code that ``bulk_create``\\ s persons calls it itself.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abadi.core.jalali import jalali_year_of
from abadi.core.models import TimestampedModel
from abadi.core.persian import search_key
from abadi.core.validators import (
    normalize_mobile,
    normalize_national_code,
    validate_mobile,
    validate_national_code,
)
from abadi.geography.models import RESIDENCE_LEVELS


class Sex(models.TextChoices):
    MALE = "male", _("مرد")
    FEMALE = "female", _("زن")


class Programme(models.TextChoices):
    LOAN = "loan", _("تسهیلات اشتغال")
    PACKAGE = "package", _("بسته معیشتی و بهداشتی")
    HOUSING = "housing", _("مسکن")
    SOLAR = "solar", _("نیروگاه خورشیدی خانگی")
    WATER = "water", _("آبرسانی")
    TRAINING = "training", _("آموزش")
    RELEASE = "release", _("آزادی زندانی")
    MEDICAL = "medical", _("خدمات پزشکی")
    OTHER = "other", _("سایر")


def duplicate_key(first_name: str, last_name: str, father_name: str, birth_year: int | None) -> str:
    """What two records of one person without a national code are likely to share."""
    return "|".join(
        (
            search_key(f"{first_name} {last_name}"),
            search_key(father_name),
            str(birth_year or ""),
        )
    )


class Person(TimestampedModel):
    national_code = models.CharField(
        _("کد ملی"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_national_code],
        error_messages={"unique": _("این کد ملی قبلاً ثبت شده است.")},
    )
    first_name = models.CharField(_("نام"), max_length=100)
    last_name = models.CharField(_("نام خانوادگی"), max_length=100)
    father_name = models.CharField(_("نام پدر"), max_length=100, blank=True)
    birth_date = models.DateField(_("تاریخ تولد"), null=True, blank=True)
    sex = models.CharField(_("جنسیت"), max_length=10, choices=Sex.choices)
    mobile = models.CharField(
        _("تلفن همراه"), max_length=11, blank=True, validators=[validate_mobile]
    )
    area = models.ForeignKey(
        "geography.Area",
        verbose_name=_("محل سکونت"),
        on_delete=models.PROTECT,
        related_name="persons",
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("خانوار"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    ikrf_covered = models.BooleanField(_("تحت پوشش کمیته امداد"), default=False)
    welfare_covered = models.BooleanField(_("تحت پوشش بهزیستی"), default=False)
    disabled = models.BooleanField(_("دارای معلولیت"), default=False)
    female_headed = models.BooleanField(_("سرپرست خانوار زن"), default=False)
    income_decile = models.PositiveSmallIntegerField(_("دهک درآمدی"), null=True, blank=True)
    search_key = models.CharField(max_length=210, editable=False)
    last_name_key = models.CharField(max_length=100, editable=False)
    duplicate_key = models.CharField(max_length=320, editable=False)
    source_id = models.CharField(
        _("شناسه منبع"), max_length=100, unique=True, null=True, blank=True
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("فرد")
        verbose_name_plural = _("افراد")
        constraints = [
            models.CheckConstraint(
                condition=Q(income_decile__isnull=True)
                | Q(income_decile__gte=1, income_decile__lte=10),
                name="person_income_decile_1_10",
                violation_error_message=_("دهک درآمدی باید عددی از ۱ تا ۱۰ باشد."),
            ),
            models.CheckConstraint(
                condition=~Q(national_code=""), name="person_national_code_null_not_blank"
            ),
        ]
        indexes = [
            # Prefix search (LIKE 'key%') needs pattern-ops indexes on PostgreSQL; SQLite
            # searches the same columns by range (see selectors.prefix_filter).
            models.Index(
                fields=["search_key"],
                name="person_search_key_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["last_name_key"],
                name="person_last_name_key_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["mobile"], name="person_mobile_idx"),
            models.Index(fields=["area", "-id"], name="person_area_idx"),
            # Duplicate review groups people without a code; a partial index keeps it small.
            models.Index(
                fields=["duplicate_key", "area"],
                name="person_duplicate_idx",
                condition=Q(national_code__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def birth_year(self) -> int | None:
        return jalali_year_of(self.birth_date) if self.birth_date else None

    def normalize(self) -> None:
        """Typed values to their stored form: trimmed names, ten-digit code, 09… mobile.

        A value that cannot be normalised is left as typed for the field validators to
        refuse with their Persian message.
        """
        self.first_name = " ".join((self.first_name or "").split())
        self.last_name = " ".join((self.last_name or "").split())
        self.father_name = " ".join((self.father_name or "").split())
        if self.national_code is not None:
            code = str(self.national_code).strip()
            if not code:
                self.national_code = None
            else:
                try:
                    self.national_code = normalize_national_code(code)
                except ValidationError:
                    self.national_code = code
        if self.mobile:
            try:
                self.mobile = normalize_mobile(self.mobile)
            except ValidationError:
                self.mobile = str(self.mobile).strip()
        self.fill_keys()

    def fill_keys(self) -> None:
        """Recompute the derived search and duplicate keys (bulk_create callers call this)."""
        self.search_key = search_key(f"{self.first_name} {self.last_name}")[:210]
        self.last_name_key = search_key(self.last_name)[:100]
        self.duplicate_key = duplicate_key(
            self.first_name, self.last_name, self.father_name, self.birth_year
        )[:320]

    def clean_fields(self, exclude=None) -> None:
        self.normalize()
        super().clean_fields(exclude)

    def clean(self) -> None:
        super().clean()
        if self.area_id is not None and self.area.level not in RESIDENCE_LEVELS:
            raise ValidationError(
                {
                    "area": _("محل سکونت باید یک روستا یا شهر باشد، نه «%(name)s».")
                    % {"name": self.area.name}
                }
            )

    def save(self, *args, **kwargs) -> None:
        self.fill_keys()
        super().save(*args, **kwargs)


class Household(TimestampedModel):
    head = models.ForeignKey(
        Person,
        verbose_name=_("سرپرست"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_households",
    )
    area = models.ForeignKey(
        "geography.Area",
        verbose_name=_("محل سکونت"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    address = models.CharField(_("نشانی"), max_length=300, blank=True)
    source_id = models.CharField(
        _("شناسه منبع"), max_length=100, unique=True, null=True, blank=True
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("خانوار")
        verbose_name_plural = _("خانوارها")
        indexes = [models.Index(fields=["area", "-id"], name="household_area_idx")]

    def __str__(self) -> str:
        if self.head is not None:
            return _("خانوار %(name)s") % {"name": self.head.full_name}
        return _("خانوار شماره %(id)s") % {"id": self.pk}

    def clean(self) -> None:
        super().clean()
        if self.area_id is not None and self.area.level not in RESIDENCE_LEVELS:
            raise ValidationError({"area": _("محل سکونت خانوار باید یک روستا یا شهر باشد.")})


class Benefit(models.Model):
    """One benefit a programme gave a person or a household: the ledger row.

    ``source`` is the programme's own record (a loan, a distribution, a project…); the
    ledger answers "has this household already received this?" across programmes.
    """

    person = models.ForeignKey(
        Person,
        verbose_name=_("فرد"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="benefits",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("خانوار"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="benefits",
    )
    programme = models.CharField(_("برنامه"), max_length=20, choices=Programme.choices)
    date = models.DateField(_("تاریخ"))
    value = models.BigIntegerField(_("ارزش (ریال)"), default=0)
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("منطقه"), on_delete=models.PROTECT, related_name="+"
    )
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    campaign = models.CharField(_("پویش"), max_length=60, blank=True)
    note = models.CharField(_("یادداشت"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("زمان ثبت"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("بهره‌مندی")
        verbose_name_plural = _("دفتر بهره‌مندی")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="benefit_value_not_negative",
                violation_error_message=_("ارزش بهره‌مندی نمی‌تواند منفی باشد."),
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(household__isnull=False),
                name="benefit_has_recipient",
                violation_error_message=_("بهره‌مندی باید به یک فرد یا یک خانوار تعلق داشته باشد."),
            ),
        ]
        indexes = [
            models.Index(fields=["household", "programme", "date"], name="benefit_household_idx"),
            models.Index(fields=["person", "programme", "date"], name="benefit_person_idx"),
            models.Index(fields=["area", "date"], name="benefit_area_date_idx"),
            models.Index(fields=["source_type", "source_id"], name="benefit_source_idx"),
            models.Index(
                fields=["campaign"], name="benefit_campaign_idx", condition=~Q(campaign="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} — {self.recipient}"

    @property
    def recipient(self) -> Person | Household | None:
        return self.person if self.person_id is not None else self.household
