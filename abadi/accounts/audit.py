"""What the accounts app writes to the audit log, with the labels people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.audit import register_actions


@register_actions
class Action(models.TextChoices):
    USER_CREATE = "user.create", _("ایجاد کاربر")
    USER_UPDATE = "user.update", _("ویرایش کاربر")
    USER_DEACTIVATE = "user.deactivate", _("غیرفعال کردن کاربر")
    USER_ROLES = "user.roles", _("تغییر نقش‌های کاربر")
    USER_LOCKED = "user.locked", _("قفل شدن حساب")
    ADDRESS_LOCKED = "address.locked", _("قفل شدن ورود از یک نشانی")
    ROLE_ASSIGN = "role.assign", _("واگذاری نقش")
    ROLE_REVOKE = "role.revoke", _("پس گرفتن نقش")
    TOKEN_CREATE = "token.create", _("صدور توکن API")
    TOKEN_REVOKE = "token.revoke", _("باطل کردن توکن API")
