"""Job-creation facilities: credit lines and quotas, applications (طرح) and their workflow,
tranches, the repayment schedule, repayments and job-verification visits.

The office does not lend: it registers plans, approves them in committee, introduces the
applicant to an agent bank within the line's quotas, then follows the money and the jobs.
Amounts are integer rials; rates are integers in hundredths of a percent (400 = 4.00 %).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from abadi.core import clock
from abadi.core.files import DOCUMENT_KINDS, MEGABYTE, PHOTO_KINDS, StoredFile, upload_validators
from abadi.core.jalali import format_jalali
from abadi.core.models import TimestampedModel
from abadi.core.money import format_rials
from abadi.core.persian import to_persian_digits

MAX_DOCUMENT_BYTES = 5 * MEGABYTE
# Direct jobs one small business can plausibly employ: a plan or a visit above this is a
# typing mistake, and would otherwise feed the published figure.
MAX_JOBS = 1_000


class GraceMode(models.TextChoices):
    INTEREST_ONLY = "interest_only", _("پرداخت سود در دوران تنفس")
    DEFERRED = "deferred", _("تعویق سود دوران تنفس به اقساط")


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", _("کشاورزی")
    LIVESTOCK = "livestock", _("دامداری و دام سبک")
    POULTRY = "poultry", _("مرغداری و زنبورداری")
    FISHERIES = "fisheries", _("آبزی‌پروری")
    HANDICRAFTS = "handicrafts", _("صنایع دستی")
    INDUSTRY = "industry", _("صنعت و تولید کارگاهی")
    SERVICES = "services", _("خدمات")
    TOURISM = "tourism", _("گردشگری")
    HOME_BUSINESS = "home_business", _("مشاغل خانگی")


class Status(models.TextChoices):
    REGISTERED = "registered", _("ثبت‌شده")
    REVIEWED = "reviewed", _("بررسی‌شده در شهرستان")
    APPROVED = "approved", _("مصوب کمیته")
    INTRODUCED = "introduced", _("معرفی‌شده به بانک")
    CONTRACTED = "contracted", _("عقد قرارداد")
    DISBURSED = "disbursed", _("پرداخت‌شده")
    IN_OPERATION = "in_operation", _("در حال بهره‌برداری")
    SETTLED = "settled", _("تسویه‌شده")
    REJECTED = "rejected", _("ردشده")
    WITHDRAWN = "withdrawn", _("انصراف")


# Steps from which a plan may still be rejected or withdrawn: no money has left the bank.
OPEN_STATUSES = (
    Status.REGISTERED,
    Status.REVIEWED,
    Status.APPROVED,
    Status.INTRODUCED,
    Status.CONTRACTED,
)
# An approved amount holds its quota from approval on, until the plan is withdrawn.
COMMITTED_STATUSES = (
    Status.APPROVED,
    Status.INTRODUCED,
    Status.CONTRACTED,
    Status.DISBURSED,
    Status.IN_OPERATION,
    Status.SETTLED,
)
INTRODUCED_STATUSES = COMMITTED_STATUSES[1:]
# Loans that have money out: the portfolio arrears and PAR are measured on.
PORTFOLIO_STATUSES = (Status.DISBURSED, Status.IN_OPERATION, Status.SETTLED)


class CreditLine(TimestampedModel):
    """A year's job-creation facility from one source (e.g. "اقتصاد مقاومتی ۱۴۰۱")."""

    area = models.ForeignKey(
        "geography.Area",
        verbose_name=_("دفتر مسئول"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(
        _("سال"), validators=[MinValueValidator(1300), MaxValueValidator(1500)]
    )
    title = models.CharField(_("عنوان"), max_length=200)
    source = models.CharField(_("منبع اعتبار"), max_length=200, blank=True)
    total = models.BigIntegerField(_("مبلغ کل (ریال)"))
    annual_rate_bp = models.PositiveIntegerField(
        _("نرخ سود سالانه (صدم درصد)"),
        validators=[MaxValueValidator(10_000)],
        help_text=_("۴۰۰ یعنی ۴ درصد"),
    )
    term_months = models.PositiveSmallIntegerField(
        _("مدت بازپرداخت (ماه)"), validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    grace_months = models.PositiveSmallIntegerField(
        _("دوران تنفس (ماه)"), default=0, validators=[MaxValueValidator(60)]
    )
    grace_mode = models.CharField(
        _("شیوه دوران تنفس"),
        max_length=20,
        choices=GraceMode.choices,
        default=GraceMode.INTEREST_ONLY,
    )
    banks = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("بانک‌های عامل"),
        related_name="credit_lines",
        limit_choices_to={"kind": "agent_bank"},
    )
    active = models.BooleanField(_("فعال"), default=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("خط اعتباری")
        verbose_name_plural = _("خطوط اعتباری")
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "title"], name="unique_credit_line"),
            models.CheckConstraint(
                condition=models.Q(total__gt=0), name="credit_line_total_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(term_months__gt=0), name="credit_line_term_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def rate_percent(self) -> str:
        return f"{self.annual_rate_bp // 100}٫{self.annual_rate_bp % 100:02d}"


class QuotaKind(models.TextChoices):
    COUNTY = "county", _("سهمیه شهرستان")
    BANK = "bank", _("سهمیه بانک")


class Quota(models.Model):
    """A share of a credit line for one county or for one bank.

    Counties and banks are two independent limits: an approval must fit the remaining
    quota of its county and of its bank. A line with no quota rows of a kind leaves that
    dimension limited only by the line's total; once it has some, a county (or bank)
    without a row has no quota at all.
    """

    credit_line = models.ForeignKey(
        CreditLine, verbose_name=_("خط اعتباری"), on_delete=models.CASCADE, related_name="quotas"
    )
    kind = models.CharField(_("نوع سهمیه"), max_length=10, choices=QuotaKind.choices)
    county = models.ForeignKey(
        "geography.Area",
        verbose_name=_("شهرستان"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    bank = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("بانک عامل"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.BigIntegerField(_("مبلغ سهمیه (ریال)"))

    class Meta:
        ordering = ["credit_line", "kind", "id"]
        verbose_name = _("سهمیه")
        verbose_name_plural = _("سهمیه‌ها")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="quota_amount_positive"),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="county", county__isnull=False, bank__isnull=True)
                    | models.Q(kind="bank", bank__isnull=False, county__isnull=True)
                ),
                name="quota_kind_matches_target",
            ),
            models.UniqueConstraint(
                fields=["credit_line", "county"],
                condition=models.Q(kind="county"),
                name="unique_county_quota",
            ),
            models.UniqueConstraint(
                fields=["credit_line", "bank"],
                condition=models.Q(kind="bank"),
                name="unique_bank_quota",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.credit_line} — {self.county or self.bank}"


class Application(TimestampedModel):
    """A job-creation plan (طرح) and, once the bank pays, the loan it becomes."""

    number = models.CharField(_("شماره طرح"), max_length=20, unique=True, null=True, blank=True)
    applicant = models.ForeignKey(
        "people.Person",
        verbose_name=_("متقاضی"),
        on_delete=models.PROTECT,
        related_name="loan_applications",
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("خانوار"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loan_applications",
    )
    area = models.ForeignKey(
        "geography.Area",
        verbose_name=_("شهرستان مسئول"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.ForeignKey(
        "geography.Area",
        verbose_name=_("محل اجرا"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("عنوان طرح"), max_length=200)
    sector = models.CharField(_("بخش"), max_length=20, choices=Sector.choices)
    activity = models.CharField(_("فعالیت"), max_length=200)
    own_contribution = models.BigIntegerField(_("آورده متقاضی (ریال)"), default=0)
    requested_amount = models.BigIntegerField(_("مبلغ درخواستی (ریال)"))
    planned_jobs = models.PositiveIntegerField(
        _("اشتغال مستقیم پیش‌بینی‌شده"), validators=[MaxValueValidator(MAX_JOBS)]
    )
    credit_line = models.ForeignKey(
        CreditLine,
        verbose_name=_("خط اعتباری"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    bank = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("بانک عامل"),
        on_delete=models.PROTECT,
        related_name="loan_applications",
    )
    branch = models.ForeignKey(
        "organisations.Branch",
        verbose_name=_("شعبه"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loan_applications",
    )
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )
    registered_on = models.DateField(_("تاریخ ثبت"), default=clock.today, db_index=True)
    approved_amount = models.BigIntegerField(_("مبلغ مصوب (ریال)"), null=True, blank=True)
    approved_on = models.DateField(_("تاریخ جلسه کمیته"), null=True, blank=True)
    minutes_no = models.CharField(_("شماره صورتجلسه کمیته"), max_length=50, blank=True)
    letter_no = models.CharField(_("شماره نامه معرفی"), max_length=50, blank=True)
    letter_date = models.DateField(_("تاریخ نامه معرفی"), null=True, blank=True)
    contract_no = models.CharField(_("شماره قرارداد"), max_length=50, blank=True)
    contract_date = models.DateField(_("تاریخ قرارداد"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("بررسی‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("تصویب‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejection_reason = models.TextField(_("دلیل رد یا انصراف"), blank=True)
    source_id = models.CharField(
        _("شناسه خارجی"), max_length=64, null=True, blank=True, unique=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("طرح اشتغال")
        verbose_name_plural = _("طرح‌های اشتغال")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requested_amount__gt=0), name="application_requested_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(approved_amount__isnull=True) | models.Q(approved_amount__gt=0),
                name="application_approved_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(own_contribution__gte=0),
                name="application_own_share_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["credit_line", "status"], name="loan_app_line_status_idx"),
            models.Index(fields=["bank", "status"], name="loan_app_bank_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CostKind(models.TextChoices):
    FIXED = "fixed", _("سرمایه ثابت")
    WORKING = "working", _("سرمایه در گردش")


class CostLine(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("طرح"), on_delete=models.CASCADE, related_name="cost_lines"
    )
    kind = models.CharField(_("نوع هزینه"), max_length=10, choices=CostKind.choices)
    title = models.CharField(_("شرح"), max_length=200)
    amount = models.BigIntegerField(_("مبلغ (ریال)"))

    class Meta:
        ordering = ["application", "kind", "id"]
        verbose_name = _("ردیف هزینه")
        verbose_name_plural = _("ردیف‌های هزینه")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="cost_line_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Guarantor(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("طرح"), on_delete=models.CASCADE, related_name="guarantors"
    )
    name = models.CharField(_("نام ضامن"), max_length=200)
    national_code = models.CharField(_("کد ملی"), max_length=10)
    relation = models.CharField(_("نسبت / نوع ضمانت"), max_length=100, blank=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("ضامن")
        verbose_name_plural = _("ضامنان")

    def __str__(self) -> str:
        return self.name


class Document(StoredFile):
    application = models.ForeignKey(
        Application, verbose_name=_("طرح"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("عنوان مدرک"), max_length=200)
    file = models.FileField(
        _("پرونده"),
        upload_to="loans/documents/%Y/%m/",
        validators=upload_validators(DOCUMENT_KINDS, max_bytes=MAX_DOCUMENT_BYTES),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("زمان بارگذاری"), auto_now_add=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("مدرک")
        verbose_name_plural = _("مدارک")

    def __str__(self) -> str:
        return self.title


class StatusChange(models.Model):
    """One step of the timeline: who moved the plan from which status to which, and when."""

    application = models.ForeignKey(
        Application, verbose_name=_("طرح"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("از وضعیت"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("به وضعیت"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The workflow step taken (``abadi.loans.workflow``) and the day it took effect; ``at``
    # is when it was entered, which may be days later.
    action = models.CharField(_("گام"), max_length=20, blank=True)
    on = models.DateField(_("تاریخ اثر"), null=True, blank=True)
    at = models.DateTimeField(_("زمان ثبت"), default=clock.now)
    note = models.TextField(_("توضیح"), blank=True)

    class Meta:
        ordering = ["application", "on", "at", "id"]
        verbose_name = _("تغییر وضعیت")
        verbose_name_plural = _("تغییرات وضعیت")

    def __str__(self) -> str:
        return gettext("از «%(old)s» به «%(new)s»") % {
            "old": self.get_from_status_display() or "—",
            "new": self.get_to_status_display(),
        }


class Disbursement(models.Model):
    """One tranche the bank paid. Tranches never add up to more than the approved amount."""

    application = models.ForeignKey(
        Application, verbose_name=_("طرح"), on_delete=models.PROTECT, related_name="disbursements"
    )
    date = models.DateField(_("تاریخ پرداخت"), db_index=True)
    amount = models.BigIntegerField(_("مبلغ (ریال)"))
    reference = models.CharField(_("شماره پیگیری"), max_length=64, blank=True)
    source_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "date", "id"]
        verbose_name = _("پرداخت (قسط تسهیلات)")
        verbose_name_plural = _("پرداخت‌ها")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="disbursement_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{format_rials(self.amount)} — {format_jalali(self.date)}"


class Instalment(models.Model):
    """A row of the repayment schedule, with what repayments have covered of it so far.

    Repayments are allocated in date order to the oldest instalment first, interest before
    principal; ``paid_date`` is the date of the repayment that completed the instalment.
    """

    # The unique (application, number) index serves every lookup by loan; due dates rise
    # with the number, so it also finds a loan's oldest unpaid instalment. One index on a
    # table of tens of millions of rows, not three.
    application = models.ForeignKey(
        Application,
        verbose_name=_("طرح"),
        on_delete=models.CASCADE,
        related_name="instalments",
        db_index=False,
    )
    number = models.PositiveSmallIntegerField(_("شماره قسط"))
    due_date = models.DateField(_("سررسید"))
    principal = models.BigIntegerField(_("اصل"))
    interest = models.BigIntegerField(_("سود"))
    total = models.BigIntegerField(_("مبلغ قسط"))
    principal_paid = models.BigIntegerField(_("اصل پرداخت‌شده"), default=0)
    interest_paid = models.BigIntegerField(_("سود پرداخت‌شده"), default=0)
    paid_date = models.DateField(_("تاریخ تسویه قسط"), null=True, blank=True)

    class Meta:
        ordering = ["application", "number"]
        verbose_name = _("قسط")
        verbose_name_plural = _("اقساط")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="unique_instalment_number"
            ),
            models.CheckConstraint(
                condition=models.Q(principal__gte=0, interest__gte=0, total__gt=0),
                name="instalment_amounts_valid",
            ),
        ]
        indexes = [
            # A loan's oldest unpaid instalment due by a day, in one index probe (PAR now).
            models.Index(
                fields=["application", "due_date"],
                name="instalment_unpaid_idx",
                condition=models.Q(paid_date__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return gettext("قسط %(n)s") % {"n": to_persian_digits(self.number)}

    @property
    def outstanding(self) -> int:
        return self.total - self.principal_paid - self.interest_paid


class Repayment(models.Model):
    """Money the borrower paid back, as the bank reported it."""

    application = models.ForeignKey(
        Application, verbose_name=_("طرح"), on_delete=models.PROTECT, related_name="repayments"
    )
    date = models.DateField(_("تاریخ بازپرداخت"), db_index=True)
    amount = models.BigIntegerField(_("مبلغ (ریال)"))
    reference = models.CharField(_("شماره پیگیری / سند بانک"), max_length=64, blank=True)
    principal_part = models.BigIntegerField(_("سهم اصل"), default=0)
    interest_part = models.BigIntegerField(_("سهم سود"), default=0)
    source_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "date", "id"]
        verbose_name = _("بازپرداخت")
        verbose_name_plural = _("بازپرداخت‌ها")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="repayment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{format_rials(self.amount)} — {format_jalali(self.date)}"


class VisitStatus(models.TextChoices):
    ACTIVE = "active", _("فعال")
    CLOSED = "closed", _("تعطیل")
    DIVERTED = "diverted", _("انحراف از طرح")


class MonitoringVisit(models.Model):
    """An inspection on site: the jobs seen there are what the office reports as created."""

    application = models.ForeignKey(
        Application, verbose_name=_("طرح"), on_delete=models.CASCADE, related_name="visits"
    )
    date = models.DateField(_("تاریخ بازدید"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("بازدیدکننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    direct_jobs = models.PositiveIntegerField(
        _("اشتغال مستقیم مشاهده‌شده"), validators=[MaxValueValidator(MAX_JOBS)]
    )
    status = models.CharField(_("وضعیت طرح"), max_length=10, choices=VisitStatus.choices)
    notes = models.TextField(_("یادداشت"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "-date", "-id"]
        verbose_name = _("بازدید نظارتی")
        verbose_name_plural = _("بازدیدهای نظارتی")
        indexes = [models.Index(fields=["application", "date"], name="visit_app_date_idx")]

    def __str__(self) -> str:
        return gettext("بازدید %(day)s") % {"day": format_jalali(self.date)}

    @property
    def verified_jobs(self) -> int:
        return self.direct_jobs if self.status == VisitStatus.ACTIVE else 0


class VisitPhoto(StoredFile):
    visit = models.ForeignKey(
        MonitoringVisit, verbose_name=_("بازدید"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(
        _("عکس"),
        upload_to="loans/visits/%Y/%m/",
        validators=upload_validators(PHOTO_KINDS, max_bytes=MAX_DOCUMENT_BYTES),
    )

    class Meta:
        verbose_name = _("عکس بازدید")
        verbose_name_plural = _("عکس‌های بازدید")

    def __str__(self) -> str:
        return self.file.name or ""
