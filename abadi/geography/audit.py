"""What the geography app writes to the audit log, with the labels people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.audit import register_actions, register_payload


@register_actions
class Action(models.TextChoices):
    AREA_LOAD = "area.load", _("بارگذاری تقسیمات کشوری")
    AREA_CREATE = "area.create", _("ایجاد منطقه")
    AREA_REPARENT = "area.reparent", _("جابه‌جایی منطقه در تقسیمات")


register_payload(Action.AREA_LOAD, "created", label=_("منطقه‌های افزوده"))
register_payload(Action.AREA_LOAD, "updated", label=_("منطقه‌های به‌روزشده"))
