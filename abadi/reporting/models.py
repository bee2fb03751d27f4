from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.models import TimestampedModel


class Target(TimestampedModel):
    """The plan for one indicator, area and Jalali year, entered by a manager.

    A manual target overrides the one an indicator derives from its domain's records (a
    credit line's total, say). A province's target is its own figure, never the sum of
    its counties' targets: both may be set, and where they differ the pages say so.
    """

    key = models.CharField(_("شاخص"), max_length=80, db_index=True)
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("منطقه"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("سال"))
    value = models.BigIntegerField(_("مقدار برنامه"))
    note = models.CharField(_("یادداشت"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["key", "year", "area__path"]
        verbose_name = _("هدف (برنامه)")
        verbose_name_plural = _("هدف‌ها (برنامه‌ها)")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "area", "year"], name="unique_target_per_area_year"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="target_value_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["year", "key"], name="target_year_key_idx")]

    def __str__(self) -> str:
        return f"{self.key} {self.area} {self.year}"
