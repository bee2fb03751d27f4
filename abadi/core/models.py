from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("زمان ایجاد"), auto_now_add=True)
    updated_at = models.DateTimeField(_("زمان به‌روزرسانی"), auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit events are append-only")

    def delete(self):
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    """One write, as a service performed it. Never updated or deleted (a database trigger
    on PostgreSQL refuses both)."""

    at = models.DateTimeField(_("زمان"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        null=True,
        blank=True,
        # Users with a history are deactivated, never deleted.
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("نام کاربر"), max_length=150, blank=True)
    action = models.CharField(_("عمل"), max_length=80, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("رکورد"), max_length=250, blank=True)
    area = models.ForeignKey(
        "geography.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    old_values = models.JSONField(
        _("مقدار پیشین"), null=True, blank=True, encoder=DjangoJSONEncoder
    )
    new_values = models.JSONField(_("مقدار جدید"), null=True, blank=True, encoder=DjangoJSONEncoder)
    # The day the write took effect, when it was entered later (a step recorded after the
    # fact); ``at`` is always the real time of entry.
    effective_on = models.DateField(_("تاریخ اثر"), null=True, blank=True)
    # What the services called by the same service call wrote (one event per call).
    steps = models.JSONField(_("گام‌های وابسته"), null=True, blank=True, encoder=DjangoJSONEncoder)
    ip = models.GenericIPAddressField(_("نشانی IP"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]
        verbose_name = _("رویداد ممیزی")
        verbose_name_plural = _("رویدادهای ممیزی")

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events are append-only")


class AuditObject(models.Model):
    """A record one event touched: its main record and every record of its steps, so a
    record's history lists every service call that wrote it, whichever record the call
    was about (a disbursement's event belongs to its loan's history too)."""

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="objects_touched")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_touched_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "content_type", "object_id"], name="unique_audit_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.content_type_id}/{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)


class ImportBatch(models.Model):
    """One uploaded file on its way in: validated, shown to the user, then committed or not.

    The file is kept, so what a commit wrote can always be read again; the row errors are
    kept up to :attr:`ERRORS_STORED` (with the full count).
    """

    ERRORS_STORED = 1000

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("بارگذاری شده")
        VALIDATING = "validating", _("در حال بررسی")
        VALIDATED = "validated", _("بررسی شده")
        COMMITTING = "committing", _("در حال ثبت")
        COMMITTED = "committed", _("ثبت شده")
        FAILED = "failed", _("ناموفق")

    kind = models.CharField(_("نوع"), max_length=50, db_index=True)
    file = models.FileField(_("پرونده"), upload_to="imports/%Y/%m/", max_length=255, blank=True)
    original_name = models.CharField(_("نام پرونده"), max_length=255)
    size = models.PositiveBigIntegerField(_("حجم (بایت)"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=Status.choices, default=Status.UPLOADED, db_index=True
    )
    background = models.BooleanField(_("در پس‌زمینه"), default=False)
    total_rows = models.PositiveIntegerField(_("ردیف‌ها"), default=0)
    progress = models.PositiveIntegerField(_("ردیف‌های خوانده‌شده"), default=0)
    valid_rows = models.PositiveIntegerField(_("ردیف‌های درست"), default=0)
    error_rows = models.PositiveIntegerField(_("ردیف‌های خطادار"), default=0)
    error_count = models.PositiveIntegerField(_("شمار خطاها"), default=0)
    errors = models.JSONField(_("خطاها"), default=list, blank=True)
    warnings = models.JSONField(_("هشدارها"), default=list, blank=True)
    message = models.TextField(_("پیام"), blank=True)
    rows_created = models.PositiveIntegerField(_("ردیف‌های تازه"), default=0)
    rows_updated = models.PositiveIntegerField(_("ردیف‌های به‌روزشده"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("ردیف‌های بی‌تغییر"), default=0)
    created_at = models.DateTimeField(_("زمان بارگذاری"), auto_now_add=True)
    started_at = models.DateTimeField(_("آغاز کار"), null=True, blank=True)
    finished_at = models.DateTimeField(_("پایان کار"), null=True, blank=True)
    committed_at = models.DateTimeField(_("زمان ثبت"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("بارگذاری گروهی")
        verbose_name_plural = _("بارگذاری‌های گروهی")
        indexes = [models.Index(fields=["actor", "-created_at"], name="import_batch_actor_idx")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.VALIDATING, self.Status.COMMITTING)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.progress / self.total_rows))


class TableVersion(models.Model):
    """How many writes a table has seen (SQLite): bumped by a trigger on every row the
    table's writers insert, change or delete, in the writing transaction. The indicator
    store compares a stored value's versions with these (see :mod:`abadi.core.store`)."""

    name = models.CharField(max_length=80, primary_key=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.version}"


class TableChange(models.Model):
    """One transaction that wrote a table (PostgreSQL): a statement trigger adds the row in
    the writing transaction, so it is seen exactly when the write is committed. Rows are
    only inserted, never locked, so writers never wait on each other for them."""

    table_name = models.CharField(max_length=80)
    txid = models.BigIntegerField()
    at = models.DateTimeField(db_default=Now())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["table_name", "txid"], name="core_tablechange_once")
        ]
        indexes = [models.Index(fields=["txid"], name="core_tablechange_txid")]

    def __str__(self) -> str:
        return f"{self.table_name} @ {self.txid}"


class StoredIndicatorValue(models.Model):
    """An indicator's value (or breakdown) for one area and period, as computed from its
    records, with the tables the computation read and where the database stood when it
    began. It is used only while none of those tables has been written since: the store
    never answers what the records would no longer give."""

    fingerprint = models.CharField(max_length=64, unique=True)
    key = models.CharField(max_length=80)
    day = models.DateField()  # the office day it was computed on (periods depend on it)
    tables = models.JSONField(default=list)
    # PostgreSQL: the snapshot (pg_current_snapshot) taken before the computation, and its
    # xmin for pruning; SQLite: the versions of ``tables`` before the computation.
    snapshot = models.TextField(blank=True)
    snapshot_xmin = models.BigIntegerField(default=0)
    versions = models.JSONField(default=dict)
    result = models.JSONField()

    class Meta:
        indexes = [models.Index(fields=["day"], name="core_storedvalue_day")]

    def __str__(self) -> str:
        return f"{self.key} ({self.day})"
