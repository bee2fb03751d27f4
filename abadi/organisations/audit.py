"""What the organisations app writes to the audit log, with the labels people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.audit import register_actions


@register_actions
class Action(models.TextChoices):
    ORGANISATION_CREATE = "organisation.create", _("ثبت دستگاه")
    ORGANISATION_UPDATE = "organisation.update", _("ویرایش دستگاه")
    BRANCH_CREATE = "branch.create", _("ثبت شعبه")
    BRANCH_UPDATE = "branch.update", _("ویرایش شعبه")
    CREDIT_SET = "credit.set", _("ثبت اعتبار محرومیت‌زدایی")
