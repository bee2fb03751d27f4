"""What the reporting app writes to the audit log, with the labels people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.audit import register_actions


@register_actions
class Action(models.TextChoices):
    TARGET_CREATE = "target.create", _("ثبت برنامه (هدف)")
    TARGET_UPDATE = "target.update", _("ویرایش برنامه (هدف)")
    TARGET_DELETE = "target.delete", _("حذف برنامه (هدف)")
