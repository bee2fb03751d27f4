"""Donors (خیّران), their donations and pledges, official receipts, the allocations of
donated money to uses, and aid cases (پرونده‌های حمایتی), first of all the release of
prisoners of unintentional and financial crimes (زندانیان جرائم غیرعمد و مالی).

Every rial is traceable: a donation (cash, or goods at their estimated value) is received
once, under a receipt whose number runs without a gap through its Jalali year; it is spent
only by allocations, each naming its use (a project, an aid case, a relief purchase or
campaign) by kind and id. A donation keeps what it has allocated (``allocated``) beside
what it received, and the database refuses a row where the first passes the second. A
receipted donation is never edited nor deleted: a mistake is undone by a reversing entry
(a donation row of the opposite sign, with its own receipt number), and a mistaken
allocation by a reversing allocation.

An aid case carries the debt (judgment amount) and how it is settled: the creditor's
forgiveness, an interest-free loan and the donors' share (its allocations, kept in
``donated``); the database refuses a case whose settlement passes its debt. Its statuses
(identified → reviewed → funding → paid → released, or closed with a reason) are dated
steps of ``abadi.funds.workflow``; each ``CaseChange`` keeps the day it took effect.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from abadi.core import clock
from abadi.core.jalali import format_jalali
from abadi.core.models import TimestampedModel
from abadi.core.money import format_rials
from abadi.core.persian import to_persian_digits


class UseKind(models.TextChoices):
    """What donated money is spent on (another module's record, named by kind and id)."""

    PROJECT = "project", _("سهم تأمین اعتبار پروژه")
    AID_CASE = "aid_case", _("پرونده حمایتی")
    RELIEF_PURCHASE = "relief_purchase", _("خرید بسته‌های کمک")
    RELIEF_CAMPAIGN = "relief_campaign", _("پویش امدادی و رزمایش")


class DonorKind(models.TextChoices):
    PERSON = "person", _("شخص حقیقی")
    ORGANISATION = "organisation", _("شخص حقوقی")
    GROUP = "group", _("جمع خیّران")


class DonationKind(models.TextChoices):
    CASH = "cash", _("نقدی")
    IN_KIND = "in_kind", _("غیرنقدی (کالا)")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("وجه نقد")
    TRANSFER = "transfer", _("واریز و انتقال بانکی")
    CARD = "card", _("کارت‌خوان")
    CHEQUE = "cheque", _("چک")
    GOODS = "goods", _("تحویل کالا")


class Entry(models.TextChoices):
    GIFT = "gift", _("کمک")
    REVERSAL = "reversal", _("سند برگشت")


class DonationStatus(models.TextChoices):
    RECORDED = "recorded", _("ثبت‌شده، بی‌رسید")
    RECEIPTED = "receipted", _("رسید صادرشده")
    REVERSED = "reversed", _("برگشت‌خورده")


class PledgeStatus(models.TextChoices):
    OPEN = "open", _("در انتظار")
    FULFILLED = "fulfilled", _("ادا شده")
    CANCELLED = "cancelled", _("لغوشده")


class CaseType(models.TextChoices):
    PRISONER_RELEASE = "prisoner_release", _("آزادی زندانی جرائم غیرعمد و مالی")
    MEDICAL = "medical", _("هزینه درمان")
    DOWRY = "dowry", _("جهیزیه")


class DebtType(models.TextChoices):
    BLOOD_MONEY = "blood_money", _("دیه")
    DOWER = "dower", _("مهریه")
    MAINTENANCE = "maintenance", _("نفقه")
    CHEQUE = "cheque", _("چک")
    OTHER_FINANCIAL = "other_financial", _("سایر محکومیت‌های مالی")
    NONE = "none", _("—")


class CaseStatus(models.TextChoices):
    IDENTIFIED = "identified", _("شناسایی‌شده")
    REVIEWED = "reviewed", _("بررسی‌شده")
    FUNDING = "funding", _("در حال تأمین")
    PAID = "paid", _("پرداخت‌شده")
    RELEASED = "released", _("آزادشده")
    CLOSED = "closed", _("بسته‌شده")


# A case may still take money in these statuses.
FUNDABLE = (CaseStatus.FUNDING,)
OPEN_CASE_STATUSES = (CaseStatus.IDENTIFIED, CaseStatus.REVIEWED, CaseStatus.FUNDING)


class Donor(TimestampedModel):
    """A person of the registry, an organisation, or a named group of givers."""

    kind = models.CharField(_("نوع خیّر"), max_length=20, choices=DonorKind.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("شخص"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("سازمان"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("نام"), max_length=200)
    search_key = models.CharField(max_length=200, blank=True, db_index=True)
    mobile = models.CharField(_("تلفن همراه"), max_length=11, blank=True)
    address = models.CharField(_("نشانی"), max_length=300, blank=True)
    anonymous = models.BooleanField(
        _("بی‌نام بماند"),
        default=False,
        help_text=_("نام خیّر در آمار منتشرشده و برای نقش‌هایی که نیازی ندارند نمی‌آید."),
    )
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("دفتر"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.CharField(_("شناسه منبع"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("خیّر")
        verbose_name_plural = _("خیّران")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="person") & Q(person__isnull=False, organisation__isnull=True))
                | (Q(kind="organisation") & Q(organisation__isnull=False, person__isnull=True))
                | (Q(kind="group") & Q(person__isnull=True, organisation__isnull=True)),
                name="donor_kind_matches_link",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(person__isnull=False), name="one_donor_per_person"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(organisation__isnull=False),
                name="one_donor_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('خیّر')} {to_persian_digits(self.pk)}" if self.anonymous else self.name


class ReceiptCounter(models.Model):
    """The last receipt number given in a Jalali year. Locked by the transaction that
    issues the next one, so a failed transaction gives its number back."""

    year = models.PositiveSmallIntegerField(_("سال"), unique=True)
    last = models.PositiveIntegerField(_("آخرین شماره"), default=0)

    class Meta:
        verbose_name = _("شمارنده رسید")
        verbose_name_plural = _("شمارنده‌های رسید")

    def __str__(self) -> str:
        return to_persian_digits(f"{self.year}: {self.last}")


class Pledge(TimestampedModel):
    """A donor's promise to give ``amount`` by ``due_on``; donations against it fulfil it."""

    donor = models.ForeignKey(
        Donor, verbose_name=_("خیّر"), on_delete=models.PROTECT, related_name="pledges"
    )
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("دفتر"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.BigIntegerField(_("مبلغ تعهد (ریال)"))
    pledged_on = models.DateField(_("تاریخ تعهد"), default=clock.today)
    due_on = models.DateField(_("سررسید"))
    designation_kind = models.CharField(
        _("مصرف معین"), max_length=20, choices=UseKind.choices, blank=True
    )
    designation_id = models.PositiveBigIntegerField(_("شناسه مصرف معین"), null=True, blank=True)
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=PledgeStatus.choices, default=PledgeStatus.OPEN
    )
    fulfilled = models.BigIntegerField(_("ادا شده (ریال)"), default=0)
    fulfilled_on = models.DateField(_("تاریخ ادا"), null=True, blank=True)
    note = models.CharField(_("یادداشت"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("تعهد خیّر")
        verbose_name_plural = _("تعهدهای خیّران")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledge_amount_positive"),
            models.CheckConstraint(
                condition=Q(fulfilled__gte=0), name="pledge_fulfilled_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("pledged_on")), name="pledge_due_after_pledge"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="pledge_status_due_idx")]

    def __str__(self) -> str:
        return f"{_('تعهد')} {to_persian_digits(self.pk)}"

    @property
    def remaining(self) -> int:
        return max(self.amount - self.fulfilled, 0)


class Donation(TimestampedModel):
    """A gift received (cash, or goods at their estimated value), or the reversing entry of
    one (``entry`` = reversal, a negative amount, ``reverses`` the gift it undoes)."""

    entry = models.CharField(_("نوع سند"), max_length=10, choices=Entry.choices, default=Entry.GIFT)
    donor = models.ForeignKey(
        Donor, verbose_name=_("خیّر"), on_delete=models.PROTECT, related_name="donations"
    )
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("دفتر"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("نوع کمک"), max_length=10, choices=DonationKind.choices)
    method = models.CharField(_("روش پرداخت"), max_length=10, choices=PaymentMethod.choices)
    bank_reference = models.CharField(_("شماره پیگیری بانکی"), max_length=64, blank=True)
    amount = models.BigIntegerField(_("مبلغ یا ارزش برآوردی (ریال)"))
    allocated = models.BigIntegerField(_("تخصیص‌یافته (ریال)"), default=0)
    received_on = models.DateField(_("تاریخ دریافت"), default=clock.today, db_index=True)
    designation_kind = models.CharField(
        _("مصرف معین"), max_length=20, choices=UseKind.choices, blank=True
    )
    designation_id = models.PositiveBigIntegerField(_("شناسه مصرف معین"), null=True, blank=True)
    pledge = models.ForeignKey(
        Pledge,
        verbose_name=_("تعهد"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
    )
    status = models.CharField(
        _("وضعیت"),
        max_length=10,
        choices=DonationStatus.choices,
        default=DonationStatus.RECORDED,
        db_index=True,
    )
    receipt_year = models.PositiveSmallIntegerField(_("سال رسید"), null=True, blank=True)
    receipt_seq = models.PositiveIntegerField(_("ردیف رسید"), null=True, blank=True)
    number = models.CharField(_("شماره رسید"), max_length=20, unique=True, null=True, blank=True)
    receipted_at = models.DateTimeField(_("زمان صدور رسید"), null=True, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("برگشت کمک"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    note = models.CharField(_("یادداشت"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.CharField(_("شناسه منبع"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("کمک خیّر")
        verbose_name_plural = _("کمک‌های خیّران")
        constraints = [
            models.CheckConstraint(
                condition=(Q(entry="gift") & Q(amount__gt=0) & Q(reverses__isnull=True))
                | (Q(entry="reversal") & Q(amount__lt=0) & Q(reverses__isnull=False)),
                name="donation_sign_matches_entry",
            ),
            # Never more allocated than received: the last line behind the service's lock.
            models.CheckConstraint(
                condition=Q(allocated__gte=0)
                & (Q(entry="reversal", allocated=0) | Q(allocated__lte=F("amount"))),
                name="donation_allocated_within_received",
            ),
            models.CheckConstraint(
                condition=Q(designation_id__isnull=True) | ~Q(designation_kind=""),
                name="donation_designation_has_kind",
            ),
            models.CheckConstraint(
                condition=Q(status="recorded", number__isnull=True)
                | (~Q(status="recorded") & Q(number__isnull=False)),
                name="donation_receipt_numbered",
            ),
            models.UniqueConstraint(
                fields=["receipt_year", "receipt_seq"], name="unique_receipt_sequence"
            ),
        ]
        indexes = [
            models.Index(fields=["area", "received_on"], name="donation_area_day_idx"),
            # The list's order (newest first) for a viewer of a whole province.
            models.Index(fields=["-received_on", "-id"], name="donation_newest_idx"),
            models.Index(
                fields=["designation_kind", "designation_id"], name="donation_designation_idx"
            ),
        ]

    def __str__(self) -> str:
        return (
            to_persian_digits(self.number)
            if self.number
            else f"{_('کمک')} {to_persian_digits(self.pk)}"
        )

    @property
    def receipted(self) -> bool:
        return self.status != DonationStatus.RECORDED

    @property
    def balance(self) -> int:
        """What is left to allocate (nothing before the receipt nor after a reversal)."""
        if self.entry != Entry.GIFT or self.status != DonationStatus.RECEIPTED:
            return 0
        return self.amount - self.allocated

    def delete(self, *args, **kwargs):
        # Receipted money is corrected by a reversing entry, never erased.
        if self.receipted:
            raise PermissionError("a receipted donation is never deleted")
        return super().delete(*args, **kwargs)


class DonationItem(models.Model):
    """One line of goods given in kind, at the value the office estimated."""

    donation = models.ForeignKey(
        Donation, verbose_name=_("کمک"), on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField(_("نام کالا"), max_length=200)
    quantity = models.PositiveIntegerField(_("تعداد یا مقدار"))
    unit = models.CharField(_("واحد"), max_length=30, blank=True)
    value = models.BigIntegerField(_("ارزش برآوردی (ریال)"))

    class Meta:
        ordering = ["donation", "id"]
        verbose_name = _("قلم کمک غیرنقدی")
        verbose_name_plural = _("اقلام کمک غیرنقدی")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="donation_item_quantity"),
            models.CheckConstraint(condition=Q(value__gt=0), name="donation_item_value"),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"


class Allocation(models.Model):
    """Rials of one donation given to one use, or the reversing entry of such a grant."""

    donation = models.ForeignKey(
        Donation, verbose_name=_("کمک"), on_delete=models.PROTECT, related_name="allocations"
    )
    use_kind = models.CharField(_("نوع مصرف"), max_length=20, choices=UseKind.choices)
    use_id = models.PositiveBigIntegerField(_("شناسه مصرف"))
    rials = models.BigIntegerField(_("مبلغ (ریال)"))
    on = models.DateField(_("تاریخ تخصیص"), db_index=True)
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("دفتر"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("یادداشت"), max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("برگشت تخصیص"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("زمان ثبت"), default=clock.now)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("تخصیص کمک")
        verbose_name_plural = _("تخصیص‌های کمک")
        constraints = [
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(rials__gt=0))
                | (Q(reverses__isnull=False) & Q(rials__lt=0)),
                name="allocation_sign_matches_entry",
            ),
        ]
        indexes = [
            models.Index(fields=["use_kind", "use_id"], name="allocation_use_idx"),
            models.Index(fields=["area", "on"], name="allocation_area_on_idx"),
        ]

    def __str__(self) -> str:
        return gettext("%(use)s %(id)s از کمک %(donation)s: %(rials)s") % {
            "use": UseKind(self.use_kind).label,
            "id": to_persian_digits(self.use_id),
            "donation": to_persian_digits(self.donation_id),
            "rials": format_rials(self.rials),
        }


class AidCase(TimestampedModel):
    """A person the office helps with donors' money; first of all a prisoner of an
    unintentional or financial crime whose debt, once settled, sets them free."""

    number = models.CharField(_("شماره پرونده"), max_length=20, unique=True, null=True, blank=True)
    case_type = models.CharField(
        _("نوع پرونده"),
        max_length=20,
        choices=CaseType.choices,
        default=CaseType.PRISONER_RELEASE,
        db_index=True,
    )
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("دفتر"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("مددجو"), on_delete=models.PROTECT, related_name="+"
    )
    prison = models.CharField(_("زندان"), max_length=200, blank=True)
    debt_type = models.CharField(
        _("نوع بدهی"), max_length=20, choices=DebtType.choices, default=DebtType.NONE
    )
    judgment_amount = models.BigIntegerField(_("مبلغ محکومیت یا هزینه (ریال)"))
    forgiveness = models.BigIntegerField(_("گذشت طلبکار (ریال)"), default=0)
    loan_amount = models.BigIntegerField(_("وام قرض‌الحسنه (ریال)"), default=0)
    donated = models.BigIntegerField(_("سهم خیّران (ریال)"), default=0)
    status = models.CharField(
        _("وضعیت"),
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.IDENTIFIED,
        db_index=True,
    )
    opened_on = models.DateField(_("تاریخ شناسایی"), default=clock.today)
    paid_on = models.DateField(_("تاریخ پرداخت"), null=True, blank=True)
    planned_release_on = models.DateField(
        _("تاریخ برنامه‌ریزی‌شده آزادی"), null=True, blank=True, db_index=True
    )
    released_on = models.DateField(_("تاریخ آزادی"), null=True, blank=True, db_index=True)
    close_reason = models.TextField(_("دلیل بستن"), blank=True)
    note = models.TextField(_("توضیح"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.CharField(_("شناسه منبع"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("پرونده حمایتی")
        verbose_name_plural = _("پرونده‌های حمایتی")
        constraints = [
            models.CheckConstraint(
                condition=Q(judgment_amount__gt=0), name="case_judgment_positive"
            ),
            models.CheckConstraint(
                condition=Q(forgiveness__gte=0, loan_amount__gte=0, donated__gte=0),
                name="case_shares_not_negative",
            ),
            # The debt is settled at most once: forgiveness, loan and donors together never
            # pass it (the last line behind the allocation's lock).
            models.CheckConstraint(
                condition=Q(
                    judgment_amount__gte=F("forgiveness") + F("loan_amount") + F("donated")
                ),
                name="case_settlement_within_debt",
            ),
            models.CheckConstraint(
                condition=~Q(status="released") | Q(released_on__isnull=False),
                name="case_released_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["area", "case_type", "status"], name="case_area_type_idx"),
        ]

    def __str__(self) -> str:
        return (
            to_persian_digits(self.number)
            if self.number
            else f"{_('پرونده')} {to_persian_digits(self.pk)}"
        )

    @property
    def remaining(self) -> int:
        """What is still owed after forgiveness, the loan and the donors' share."""
        return self.judgment_amount - self.forgiveness - self.loan_amount - self.donated


class CaseChange(models.Model):
    """One step of a case's timeline (as ``abadi.projects.models.StageChange``)."""

    case = models.ForeignKey(
        AidCase, verbose_name=_("پرونده"), on_delete=models.CASCADE, related_name="changes"
    )
    action = models.CharField(_("گام"), max_length=20)
    from_status = models.CharField(
        _("از وضعیت"), max_length=20, choices=CaseStatus.choices, blank=True
    )
    to_status = models.CharField(_("به وضعیت"), max_length=20, choices=CaseStatus.choices)
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
        ordering = ["case", "on", "at", "id"]
        verbose_name = _("تغییر وضعیت پرونده")
        verbose_name_plural = _("تغییرات وضعیت پرونده")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("on")),
                name="case_change_until_after_on",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(until__isnull=True), name="one_current_case_status"
            ),
        ]
        indexes = [
            models.Index(fields=["action", "on"], name="case_change_action_on_idx"),
        ]

    def __str__(self) -> str:
        return gettext("از «%(old)s» به «%(new)s» (%(day)s)") % {
            "old": self.get_from_status_display() or "—",
            "new": self.get_to_status_display(),
            "day": format_jalali(self.on),
        }
