"""What the people app writes to the audit log, with the labels people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.audit import register_actions, register_payload
from abadi.people.models import Benefit


@register_actions
class Action(models.TextChoices):
    PERSON_CREATE = "person.create", _("ثبت فرد")
    PERSON_UPDATE = "person.update", _("ویرایش فرد")
    PERSON_MERGE = "person.merge", _("ادغام دو پرونده فرد")
    HOUSEHOLD_CREATE = "household.create", _("ثبت خانوار")
    HOUSEHOLD_UPDATE = "household.update", _("ویرایش خانوار")
    HOUSEHOLD_ADD_MEMBER = "household.add_member", _("افزودن عضو خانوار")
    HOUSEHOLD_REMOVE_MEMBER = "household.remove_member", _("خارج کردن عضو خانوار")
    BENEFIT_RECORD = "benefit.record", _("ثبت بهره‌مندی")
    BENEFIT_RECORD_BULK = "benefit.record_bulk", _("ثبت گروهی بهره‌مندی‌ها")
    BENEFIT_UPDATE = "benefit.update", _("اصلاح بهره‌مندی")


# The one event of a bulk write of benefits names its programmes and its size.
register_payload(
    Action.BENEFIT_RECORD_BULK,
    "programmes",
    label=_("برنامه‌ها"),
    of=Benefit._meta.get_field("programme"),
)
register_payload(
    Action.BENEFIT_RECORD_BULK, "count", label=_("شمار"), of=models.PositiveIntegerField()
)
register_payload(Action.BENEFIT_RECORD_BULK, "note", label=_("یادداشت"), of=models.TextField())
