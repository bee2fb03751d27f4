from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
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
