from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    COUNTRY = "country", _("کشور")
    PROVINCE = "province", _("استان")
    COUNTY = "county", _("شهرستان")
    DISTRICT = "district", _("بخش")
    RURAL_DISTRICT = "rural_district", _("دهستان")
    CITY = "city", _("شهر")
    VILLAGE = "village", _("روستا")


# A person lives in a village or a city: the places the office serves, never a county.
RESIDENCE_LEVELS = (AreaLevel.VILLAGE, AreaLevel.CITY)

# The level an area of each level must hang under (the country hangs under nothing).
PARENT_LEVEL: dict[str, str | None] = {
    AreaLevel.COUNTRY: None,
    AreaLevel.PROVINCE: AreaLevel.COUNTRY,
    AreaLevel.COUNTY: AreaLevel.PROVINCE,
    AreaLevel.DISTRICT: AreaLevel.COUNTY,
    AreaLevel.RURAL_DISTRICT: AreaLevel.DISTRICT,
    AreaLevel.CITY: AreaLevel.DISTRICT,
    AreaLevel.VILLAGE: AreaLevel.RURAL_DISTRICT,
}

# Statistical Centre codes are digits; the country is "IR".
code_validator = RegexValidator(
    r"^(IR|[0-9]{2,18})$", _("کد منطقه باید «IR» یا عددی با دست‌کم دو رقم لاتین باشد.")
)


class Area(models.Model):
    """One unit of Iran's administrative divisions, placed in one tree.

    ``path`` is the chain of codes from the country down (``/IR/24/2401/``) so a subtree
    is one indexed prefix filter.
    """

    code = models.CharField(_("کد"), max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(_("نام"), max_length=150)
    name_en = models.CharField(_("نام لاتین"), max_length=150, blank=True)
    level = models.CharField(_("سطح"), max_length=20, choices=AreaLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("بالادست"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True)
    depth = models.PositiveSmallIntegerField(default=0)
    search_key = models.CharField(max_length=150, db_index=True, blank=True)
    deprived = models.BooleanField(_("محروم"), default=False)
    hard_to_reach = models.BooleanField(_("صعب‌العبور"), default=False)
    geometry = models.JSONField(_("مرز"), null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("منطقه")
        verbose_name_plural = _("مناطق")
        indexes = [
            # LIKE 'prefix%' on PostgreSQL needs a pattern-ops index; SQLite uses the unique one.
            models.Index(
                fields=["path"], name="area_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["parent", "name"], name="area_parent_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        wanted = PARENT_LEVEL.get(self.level)
        if wanted is None and self.parent_id is not None:
            raise ValidationError({"parent": _("کشور بالادست ندارد.")})
        if wanted is not None:
            if self.parent is None:
                raise ValidationError({"parent": _("بالادست این منطقه را مشخص کنید.")})
            if self.parent.level != wanted:
                raise ValidationError(
                    {
                        "parent": _("«%(level)s» باید زیر یک «%(parent)s» باشد، نه «%(given)s».")
                        % {
                            "level": AreaLevel(self.level).label,
                            "parent": AreaLevel(wanted).label,
                            "given": AreaLevel(self.parent.level).label,
                        }
                    }
                )

    def ancestor_codes(self) -> list[str]:
        """The codes on the path above this area, from the country down."""
        return [code for code in self.path.strip("/").split("/")[:-1]]


class AreaChange(models.Model):
    """One move of an area (and its subtree) to another parent, from a given date.

    The loader of the reference divisions leaves an area with a recorded change where the
    change put it, so a re-run never undoes a decision an administrator recorded.
    """

    area = models.ForeignKey(
        Area, verbose_name=_("منطقه"), on_delete=models.PROTECT, related_name="changes"
    )
    old_parent = models.ForeignKey(
        Area,
        verbose_name=_("بالادست پیشین"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_parent = models.ForeignKey(
        Area, verbose_name=_("بالادست جدید"), on_delete=models.PROTECT, related_name="+"
    )
    old_path = models.CharField(_("مسیر پیشین"), max_length=255)
    new_path = models.CharField(_("مسیر جدید"), max_length=255)
    effective_date = models.DateField(_("تاریخ اجرا"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("زمان ثبت"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_date", "-id"]
        verbose_name = _("تغییر تقسیمات")
        verbose_name_plural = _("تغییرات تقسیمات")

    def __str__(self) -> str:
        return f"{self.area} → {self.new_parent}"
