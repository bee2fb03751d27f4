"""Training for work: courses held with partner agencies, the people enrolled in them, the
certificates of those who completed them, and the licences (business licences, permits)
people obtained afterwards.

A course belongs to the county office responsible for its place. Its seats are counted in
``enrolled_count``, which only a conditional update changes (never a read-decide-write)
and which a database constraint keeps within ``capacity``. Certificate numbers are issued
under the course's row lock, one after the other, so a course's numbers have no gaps.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from abadi.core import clock
from abadi.core.models import TimestampedModel

# A workshop, a classroom or a village hall: more than this is a typing mistake.
MAX_CAPACITY = 500
MAX_HOURS = 2_000


class CourseField(models.TextChoices):
    AGRICULTURE = "agriculture", _("کشاورزی و باغبانی")
    GREENHOUSE = "greenhouse", _("گلخانه")
    LIVESTOCK = "livestock", _("دامداری و دام سبک")
    BEEKEEPING = "beekeeping", _("زنبورداری و پرورش طیور")
    FOOD = "food", _("فرآوری و بسته‌بندی محصولات غذایی")
    CARPET = "carpet", _("فرش و گلیم دستباف")
    HANDICRAFTS = "handicrafts", _("صنایع دستی")
    TAILORING = "tailoring", _("خیاطی و پوشاک")
    COMPUTER = "computer", _("رایانه و فناوری اطلاعات")
    REPAIR = "repair", _("تعمیر و نگهداری ماشین‌آلات")
    BUSINESS = "business", _("کارآفرینی و کسب‌وکار")
    TOURISM = "tourism", _("گردشگری و بوم‌گردی")
    OTHER = "other", _("سایر")


class Course(TimestampedModel):
    """A course (دوره آموزشی) held with a partner agency in a place, between two days."""

    title = models.CharField(_("عنوان دوره"), max_length=200)
    field = models.CharField(_("رشته"), max_length=20, choices=CourseField.choices)
    agency = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("دستگاه همکار"),
        on_delete=models.PROTECT,
        related_name="+",
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
    venue = models.CharField(_("نشانی یا مکان"), max_length=200, blank=True)
    starts_on = models.DateField(_("تاریخ شروع"), db_index=True)
    ends_on = models.DateField(_("تاریخ پایان"))
    hours = models.PositiveSmallIntegerField(_("ساعت آموزش"))
    capacity = models.PositiveSmallIntegerField(_("ظرفیت"))
    enrolled_count = models.PositiveSmallIntegerField(_("ثبت‌نام‌شدگان"), default=0, editable=False)
    # The last certificate number this course issued (numbers run 1, 2, 3… per course).
    last_certificate = models.PositiveIntegerField(default=0, editable=False)
    note = models.TextField(_("توضیح"), blank=True)
    source_id = models.CharField(_("شناسه منبع"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("دوره آموزشی")
        verbose_name_plural = _("دوره‌های آموزشی")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="course_ends_after_it_starts",
                violation_error_message=_("تاریخ پایان دوره پیش از تاریخ شروع آن است."),
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="course_capacity_positive"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="course_hours_positive"),
            models.CheckConstraint(
                condition=Q(enrolled_count__lte=F("capacity")),
                name="course_enrolled_within_capacity",
                violation_error_message=_("ظرفیت دوره تکمیل است."),
            ),
        ]
        indexes = [models.Index(fields=["area", "starts_on"], name="course_area_start_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.enrolled_count, 0)


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("ثبت‌نام‌شده")
    COMPLETED = "completed", _("پایان دوره (دارای گواهی)")
    WITHDRAWN = "withdrawn", _("انصراف")


class Enrolment(TimestampedModel):
    """A person's place in a course; on completion, their certificate."""

    course = models.ForeignKey(
        Course, verbose_name=_("دوره"), on_delete=models.PROTECT, related_name="enrolments"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("فراگیر"),
        on_delete=models.PROTECT,
        related_name="training_enrolments",
    )
    status = models.CharField(
        _("وضعیت"),
        max_length=12,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
        db_index=True,
    )
    enrolled_on = models.DateField(_("تاریخ ثبت‌نام"), default=clock.today)
    hours_attended = models.PositiveSmallIntegerField(_("ساعت حضور"), default=0)
    completed_on = models.DateField(_("تاریخ پایان دوره"), null=True, blank=True, db_index=True)
    withdrawn_on = models.DateField(_("تاریخ انصراف"), null=True, blank=True)
    certificate_seq = models.PositiveIntegerField(_("ردیف گواهی در دوره"), null=True, blank=True)
    certificate_no = models.CharField(
        _("شماره گواهی"), max_length=40, null=True, blank=True, unique=True
    )
    note = models.CharField(_("یادداشت"), max_length=300, blank=True)

    class Meta:
        ordering = ["course", "id"]
        verbose_name = _("ثبت‌نام دوره")
        verbose_name_plural = _("ثبت‌نام‌های دوره")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person"],
                name="unique_enrolment_per_course",
                violation_error_message=_("این فرد پیش‌تر در همین دوره ثبت‌نام شده است."),
            ),
            models.UniqueConstraint(
                fields=["course", "certificate_seq"], name="unique_certificate_seq_per_course"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        status="completed",
                        completed_on__isnull=False,
                        certificate_seq__isnull=False,
                        certificate_no__isnull=False,
                    )
                    | (~Q(status="completed") & Q(certificate_no__isnull=True))
                ),
                name="enrolment_completed_has_certificate",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "status"], name="enrolment_person_idx"),
            models.Index(fields=["enrolled_on"], name="enrolment_enrolled_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.course}"


class LicenceKind(models.TextChoices):
    BUSINESS = "business", _("پروانه کسب")
    HOME_BUSINESS = "home_business", _("مجوز مشاغل خانگی")
    OPERATING = "operating", _("پروانه بهره‌برداری")
    AGRI_ESTABLISHMENT = "agri_establishment", _("موافقت اصولی / مجوز تأسیس واحد کشاورزی")
    AGRI_OPERATING = "agri_operating", _("پروانه بهره‌برداری واحد کشاورزی")
    HANDICRAFTS = "handicrafts", _("پروانه تولید صنایع دستی")
    OTHER = "other", _("سایر مجوزها")


class Licence(TimestampedModel):
    """A licence an agency issued to a person, often after a course and for a loan plan.

    The loan plan is another module's record: it is kept as its plan number, looked up
    through ``abadi.loans.selectors`` when the licence is recorded."""

    kind = models.CharField(_("نوع مجوز"), max_length=20, choices=LicenceKind.choices)
    agency = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("دستگاه صادرکننده"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("شماره مجوز"), max_length=50)
    issued_on = models.DateField(_("تاریخ صدور"), db_index=True)
    expires_on = models.DateField(_("تاریخ اعتبار تا"), null=True, blank=True, db_index=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("دارنده مجوز"),
        on_delete=models.PROTECT,
        related_name="licences",
    )
    area = models.ForeignKey(
        "geography.Area",
        verbose_name=_("شهرستان مسئول"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("دوره آموزشی مرتبط"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licences",
    )
    loan_number = models.CharField(_("شماره طرح اشتغال مرتبط"), max_length=20, blank=True)
    activity = models.CharField(_("فعالیت"), max_length=200, blank=True)
    note = models.CharField(_("یادداشت"), max_length=300, blank=True)
    source_id = models.CharField(_("شناسه منبع"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("مجوز")
        verbose_name_plural = _("مجوزها")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"],
                name="unique_licence_number_per_agency",
                violation_error_message=_("این شماره مجوز پیش‌تر برای همین دستگاه ثبت شده است."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("issued_on")),
                name="licence_expires_after_issue",
                violation_error_message=_("تاریخ اعتبار مجوز باید پس از تاریخ صدور باشد."),
            ),
        ]
        indexes = [models.Index(fields=["area", "issued_on"], name="licence_area_issued_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
