"""Volunteer (jihadi) groups and what they do: the registry of groups with their national
("Atlas") ID, domains, home and adopted villages, leader and members (persons of the
registry), permits and a dated status history; and their deployments (اردو/خدمت) with
photos.

A group belongs to the county its home lies in (``area``): that is what scoping, the
county counts and the map read. Its status is kept twice on purpose: the current one on
the group (``status``, for lists) and every change with the day it took effect
(:class:`StatusChange`, each row closed by the next one's day), which is what "active on
a day" is read from.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abadi.core import clock
from abadi.core.files import MEGABYTE, PHOTO_KINDS, StoredFile, upload_validators
from abadi.core.models import TimestampedModel

# Bounds every service applies, whichever way a record comes in (page, API, import).
MAX_VOLUNTEERS = 1_000  # volunteers of one deployment
MAX_PEOPLE_SERVED = 100_000  # people one deployment served
MAX_DEPLOYMENT_DAYS = 366
MAX_PHOTOS = 10  # photos attached to one report at once
MAX_PHOTO_BYTES = 5 * MEGABYTE
ATLAS_ID_LENGTH = 20


class GroupType(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", _("محله‌ای و مسجدی")
    STUDENT = "student", _("دانشجویی")
    SCHOOL = "school", _("دانش‌آموزی")
    SEMINARY = "seminary", _("طلاب و حوزوی")
    SPECIALIST = "specialist", _("تخصصی")
    MEDICAL = "medical", _("پزشکی و درمانی")
    WORKPLACE = "workplace", _("کارکنان ادارات")
    OTHER = "other", _("سایر")


class Domain(models.TextChoices):
    CIVIL_WORKS = "civil_works", _("عمرانی")
    HEALTH = "health", _("بهداشت و درمان")
    SERVICES = "services", _("خدماتی")
    DISASTER = "disaster", _("حوادث غیرمترقبه")
    EDUCATION = "education", _("آموزشی و فرهنگی")
    AGRICULTURE = "agriculture", _("کشاورزی")
    OTHER = "other", _("سایر")


class GroupStatus(models.TextChoices):
    ACTIVE = "active", _("فعال")
    SUSPENDED = "suspended", _("تعلیق")
    EXPIRED = "expired", _("مجوز منقضی")
    DISSOLVED = "dissolved", _("منحل")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("سرگروه")
    DEPUTY = "deputy", _("جانشین سرگروه")
    SPECIALIST = "specialist", _("عضو متخصص")
    MEMBER = "member", _("عضو")


class Group(TimestampedModel):
    """A volunteer group. ``main_domain`` is the domain it is counted under (the national
    list gives one); ``domains`` (:class:`GroupDomain`) are all it works in, the main one
    included."""

    atlas_id = models.CharField(
        _("شناسه اطلس"),
        max_length=ATLAS_ID_LENGTH,
        unique=True,
        error_messages={"unique": _("گروهی با این شناسه اطلس قبلاً ثبت شده است.")},
    )
    name = models.CharField(_("نام گروه"), max_length=200)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)
    group_type = models.CharField(_("نوع گروه"), max_length=20, choices=GroupType.choices)
    main_domain = models.CharField(_("حوزه اصلی"), max_length=20, choices=Domain.choices)
    area = models.ForeignKey(
        "geography.Area",
        verbose_name=_("شهرستان"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    home = models.ForeignKey(
        "geography.Area",
        verbose_name=_("محل استقرار"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader = models.ForeignKey(
        "people.Person",
        verbose_name=_("سرگروه"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_volunteer_groups",
    )
    status = models.CharField(
        _("وضعیت"),
        max_length=20,
        choices=GroupStatus.choices,
        default=GroupStatus.ACTIVE,
        db_index=True,
    )
    active_since = models.DateField(_("آغاز فعالیت"), default=clock.today)
    # The permit in force (the latest of :class:`Permit`), kept here for lists and the
    # expiry list; the history is in Permit.
    permit_number = models.CharField(_("شماره مجوز"), max_length=50, blank=True)
    permit_issued_on = models.DateField(_("تاریخ صدور مجوز"), null=True, blank=True)
    permit_expires_on = models.DateField(
        _("پایان اعتبار مجوز"), null=True, blank=True, db_index=True
    )
    note = models.TextField(_("یادداشت"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("گروه جهادی")
        verbose_name_plural = _("گروه‌های جهادی")
        constraints = [
            models.CheckConstraint(condition=~Q(atlas_id=""), name="group_atlas_id_not_blank"),
            models.CheckConstraint(
                condition=Q(permit_expires_on__isnull=True)
                | Q(permit_issued_on__isnull=True)
                | Q(permit_expires_on__gt=models.F("permit_issued_on")),
                name="group_permit_expires_after_issue",
            ),
        ]
        indexes = [
            # The county counts and the map: one grouped scan of (area, status).
            models.Index(fields=["area", "status"], name="group_area_status_idx"),
            models.Index(fields=["main_domain", "status"], name="group_domain_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def permit_lapsed(self, day: datetime.date | None = None) -> bool:
        """Whether the permit in force ran out before ``day`` (default today)."""
        day = day or clock.today()
        return self.permit_expires_on is not None and self.permit_expires_on < day

    @property
    def current_status(self) -> str:
        """The status as lists show it: an active group whose permit has run out is shown
        expired even before the lapse is recorded in its history."""
        if self.status == GroupStatus.ACTIVE and self.permit_lapsed():
            return GroupStatus.EXPIRED
        return self.status

    @property
    def current_status_label(self) -> str:
        return str(GroupStatus(self.current_status).label)


class GroupDomain(models.Model):
    """One domain a group works in (a small table rather than an array: the same on SQLite
    and PostgreSQL, and an indexed filter by domain)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="domain_rows")
    domain = models.CharField(_("حوزه"), max_length=20, choices=Domain.choices)

    class Meta:
        ordering = ["group", "domain"]
        verbose_name = _("حوزه فعالیت گروه")
        verbose_name_plural = _("حوزه‌های فعالیت گروه")
        constraints = [
            models.UniqueConstraint(fields=["group", "domain"], name="unique_group_domain"),
        ]
        indexes = [models.Index(fields=["domain", "group"], name="group_domain_idx")]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.domain}"


class StatusChange(models.Model):
    """One step of a group's status, with the day it took effect (``on``) and the day the
    next step took effect (``until``, open while it is the current status): a group was
    in ``to_status`` on every day D with ``on <= D < until``."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("از وضعیت"), max_length=20, choices=GroupStatus.choices, blank=True
    )
    to_status = models.CharField(_("به وضعیت"), max_length=20, choices=GroupStatus.choices)
    action = models.CharField(_("گام"), max_length=20)
    on = models.DateField(_("تاریخ اثر"))
    until = models.DateField(_("تا"), null=True, blank=True)
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
        ordering = ["group", "on", "at", "id"]
        verbose_name = _("تغییر وضعیت گروه")
        verbose_name_plural = _("تغییرات وضعیت گروه")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("on")),
                name="group_status_until_after_on",
            ),
            # One open row per group: the status it is in now.
            models.UniqueConstraint(
                fields=["group"], condition=Q(until__isnull=True), name="one_open_group_status"
            ),
        ]
        indexes = [
            # "Active on D": the rows of a status open on D, one range scan.
            models.Index(fields=["to_status", "on", "until"], name="group_status_period_idx"),
            models.Index(fields=["group", "on"], name="group_status_group_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.from_status} → {self.to_status} ({self.on})"


class Permit(models.Model):
    """A permit the group was issued (the first, then each renewal)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="permits")
    number = models.CharField(_("شماره مجوز"), max_length=50, blank=True)
    issued_on = models.DateField(_("تاریخ صدور"))
    expires_on = models.DateField(_("پایان اعتبار"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("زمان ثبت"), default=clock.now)

    class Meta:
        ordering = ["group", "issued_on", "id"]
        verbose_name = _("مجوز گروه")
        verbose_name_plural = _("مجوزهای گروه")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="permit_expires_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["group", "issued_on"], name="permit_group_idx")]

    def __str__(self) -> str:
        return f"{self.number or '—'} ({self.issued_on} – {self.expires_on})"


class Membership(models.Model):
    """A person of the registry in a group, from ``joined_on`` until ``left_on``."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("عضو"),
        on_delete=models.PROTECT,
        related_name="volunteer_memberships",
    )
    role = models.CharField(
        _("نقش"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    skills = models.CharField(_("مهارت‌ها"), max_length=200, blank=True)
    joined_on = models.DateField(_("تاریخ عضویت"), default=clock.today)
    left_on = models.DateField(_("تاریخ خروج"), null=True, blank=True)

    class Meta:
        ordering = ["group", "-role", "id"]
        verbose_name = _("عضو گروه")
        verbose_name_plural = _("اعضای گروه")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(left_on__isnull=True),
                name="one_open_membership",
                violation_error_message=_("این فرد هم‌اکنون عضو این گروه است."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]
        indexes = [models.Index(fields=["person"], name="membership_person_idx")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class AdoptedVillage(models.Model):
    """A village the group has taken under its care (روستای تحت پوشش)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="adopted_villages")
    village = models.ForeignKey(
        "geography.Area", verbose_name=_("روستا"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("تاریخ پذیرش"), default=clock.today)

    class Meta:
        ordering = ["group", "id"]
        verbose_name = _("روستای تحت پوشش")
        verbose_name_plural = _("روستاهای تحت پوشش")
        constraints = [
            models.UniqueConstraint(fields=["group", "village"], name="unique_adopted_village"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.village_id}"


class GroupLeadership(models.Model):
    """The user account that leads a group in the system (docs/adr/0017-group-leaders.md):
    a user holding the group-leader role sees and reports only the groups linked here."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="leaderships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        on_delete=models.PROTECT,
        related_name="volunteer_leaderships",
    )
    since = models.DateField(_("از تاریخ"), default=clock.today)
    until = models.DateField(_("تا تاریخ"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["group", "-since", "id"]
        verbose_name = _("سرگروهی در سامانه")
        verbose_name_plural = _("سرگروهی‌ها در سامانه")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(until__isnull=True),
                name="one_open_leadership",
                violation_error_message=_("این کاربر هم‌اکنون سرگروه این گروه است."),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="leadership_until_after_since",
            ),
        ]
        indexes = [models.Index(fields=["user", "until"], name="leadership_user_idx")]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.user_id}"


class Deployment(TimestampedModel):
    """A deployment (اردو/خدمت): where a group went, when, in which domain, what it did and
    for how many people. It belongs to the group's county (``area``) at the time it was
    reported; ``place`` is where the work was done. ``project_id`` / ``event_id`` name
    the project or event it served, filled by those modules through
    :func:`abadi.volunteers.services.deployment_link`."""

    group = models.ForeignKey(
        Group, verbose_name=_("گروه"), on_delete=models.PROTECT, related_name="deployments"
    )
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("شهرستان"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        "geography.Area", verbose_name=_("محل خدمت"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("تاریخ آغاز"), db_index=True)
    ended_on = models.DateField(_("تاریخ پایان"))
    domain = models.CharField(_("حوزه"), max_length=20, choices=Domain.choices)
    work_done = models.TextField(_("کار انجام‌شده"))
    people_served = models.PositiveIntegerField(_("شمار خدمت‌گیرندگان"))
    volunteers = models.PositiveIntegerField(_("شمار جهادگران"))
    volunteer_days = models.PositiveIntegerField(_("نفر-روز خدمت"))
    project_id = models.PositiveBigIntegerField(_("شناسه پروژه"), null=True, blank=True)
    event_id = models.PositiveBigIntegerField(_("شناسه برنامه"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("گزارش‌دهنده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.CharField(_("شناسه منبع"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("اردو / خدمت")
        verbose_name_plural = _("اردوها و خدمات")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__gte=models.F("started_on")),
                name="deployment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(volunteers__gte=1, volunteer_days__gte=1),
                name="deployment_has_volunteers",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "-started_on"], name="deployment_group_idx"),
            models.Index(fields=["area", "started_on"], name="deployment_area_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.started_on}"

    @property
    def days(self) -> int:
        return (self.ended_on - self.started_on).days + 1


class DeploymentPhoto(StoredFile):
    deployment = models.ForeignKey(
        Deployment, verbose_name=_("اردو"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(
        _("عکس"),
        upload_to="volunteers/deployments/%Y/%m/",
        validators=upload_validators(PHOTO_KINDS, max_bytes=MAX_PHOTO_BYTES),
    )
    uploaded_at = models.DateTimeField(_("زمان بارگذاری"), auto_now_add=True)

    class Meta:
        ordering = ["deployment", "id"]
        verbose_name = _("عکس اردو")
        verbose_name_plural = _("عکس‌های اردو")

    def __str__(self) -> str:
        return self.original_name or self.file.name or ""
