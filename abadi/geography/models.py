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


class Area(models.Model):
    """One unit of Iran's administrative divisions, placed in one tree.

    ``path`` is the chain of codes from the country down (``/IR/24/2401/``) so a subtree
    is one indexed prefix filter.
    """

    code = models.CharField(_("کد"), max_length=20, unique=True)
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
            models.Index(fields=["path"], name="area_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "name"], name="area_parent_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name
