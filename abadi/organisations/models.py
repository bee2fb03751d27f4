from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.models import TimestampedModel


class OrganisationKind(models.TextChoices):
    EXECUTIVE_AGENCY = "executive_agency", _("دستگاه اجرایی")
    AGENT_BANK = "agent_bank", _("بانک عامل")
    AGRICULTURE_JIHAD = "agriculture_jihad", _("جهاد کشاورزی")
    SAMT = "samt", _("صنعت، معدن و تجارت")
    GUILD = "guild", _("اتحادیه صنفی")
    HOUSING_FOUNDATION = "housing_foundation", _("بنیاد مسکن")
    RELIEF_FOUNDATION = "relief_foundation", _("کمیته امداد")
    WELFARE = "welfare", _("بهزیستی")
    TVTO = "tvto", _("آموزش فنی و حرفه‌ای")
    CONTRACTOR = "contractor", _("پیمانکار")
    OTHER = "other", _("سایر")


class Organisation(TimestampedModel):
    """A partner agency or agent bank, registered by the office responsible for ``area``."""

    name = models.CharField(_("نام"), max_length=200)
    kind = models.CharField(_("نوع"), max_length=30, choices=OrganisationKind.choices)
    area = models.ForeignKey("geography.Area", verbose_name=_("منطقه"), on_delete=models.PROTECT)
    search_key = models.CharField(max_length=200, db_index=True, editable=False)
    phone = models.CharField(_("تلفن"), max_length=30, blank=True)
    active = models.BooleanField(_("فعال"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("دستگاه")
        verbose_name_plural = _("دستگاه‌ها")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "search_key"], name="unique_organisation_per_area"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Branch(TimestampedModel):
    """A branch of an organisation (an agent bank's branch in a county, say)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("دستگاه"), on_delete=models.CASCADE, related_name="branches"
    )
    name = models.CharField(_("نام شعبه"), max_length=200)
    code = models.CharField(_("کد شعبه"), max_length=30, blank=True)
    area = models.ForeignKey("geography.Area", verbose_name=_("منطقه"), on_delete=models.PROTECT)
    address = models.CharField(_("نشانی"), max_length=300, blank=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("شعبه")
        verbose_name_plural = _("شعبه‌ها")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_branch_name")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.name}"


class DeprivationCredit(TimestampedModel):
    """A deprivation-elimination budget line an agency holds for a Jalali year."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("دستگاه"), on_delete=models.CASCADE, related_name="credits"
    )
    year = models.PositiveSmallIntegerField(_("سال"))
    amount = models.BigIntegerField(_("مبلغ (ریال)"))

    class Meta:
        verbose_name = _("اعتبار محرومیت‌زدایی")
        verbose_name_plural = _("اعتبارات محرومیت‌زدایی")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="unique_credit_per_year"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="credit_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"
