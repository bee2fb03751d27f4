"""What the training module writes to the audit log, with the labels people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.audit import register_actions, register_payload


@register_actions
class Action(models.TextChoices):
    COURSE_CREATE = "course.create", _("ثبت دوره آموزشی")
    COURSE_UPDATE = "course.update", _("ویرایش دوره آموزشی")
    ENROL = "enrolment.enrol", _("ثبت‌نام در دوره")
    ATTEND = "enrolment.attend", _("ثبت حضور در دوره")
    COMPLETE = "enrolment.complete", _("پایان دوره و صدور گواهی")
    WITHDRAW = "enrolment.withdraw", _("انصراف از دوره")
    LICENCE_CREATE = "licence.create", _("ثبت مجوز")
    LICENCE_UPDATE = "licence.update", _("ویرایش مجوز")
    BULK = "training.bulk", _("ثبت گروهی سوابق آموزش")


# The counts of a bulk load, by what they count.
for key, label in (
    ("courses", _("دوره‌ها")),
    ("enrolments", _("ثبت‌نام‌ها")),
    ("licences", _("مجوزها")),
):
    register_payload(Action.BULK, key, label=label)
