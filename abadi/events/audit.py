"""What the events module writes to the audit log, with the labels people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.audit import register_actions, register_payload
from abadi.events.models import Event, EventLink


@register_actions
class Action(models.TextChoices):
    OCCASION_CREATE = "occasion.create", _("ثبت مناسبت")
    OCCASION_UPDATE = "occasion.update", _("ویرایش مناسبت")
    PLAN = "event.plan", _("برنامه‌ریزی رویداد")
    UPDATE = "event.update", _("ویرایش رویداد")
    HOLD = "event.hold", _("ثبت برگزاری رویداد")
    REPORT = "event.report", _("گزارش رویداد")
    CANCEL = "event.cancel", _("لغو رویداد")
    FILE = "event.file", _("بارگذاری عکس یا گزارش رویداد")
    LINK = "event.link", _("پیوند رویداد به پرونده")
    EXHIBITOR = "event.exhibitor", _("ثبت غرفه‌دار نمایشگاه")
    EXHIBITOR_UPDATE = "event.exhibitor_update", _("ویرایش غرفه‌دار نمایشگاه")
    BULK = "events.bulk", _("ثبت گروهی سوابق رویدادها")


register_payload(Event, "links", label=_("پیوندها"), of=EventLink)

# The counts of a bulk load, by what they count.
for key, label in (
    ("occasions", _("مناسبت‌ها")),
    ("events", _("رویدادها")),
    ("exhibitors", _("غرفه‌داران")),
):
    register_payload("events.bulk", key, label=label)
register_payload("event.file", "name", label=_("نام پرونده"))
