"""What the projects module writes to the audit log, with the labels people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.audit import register_actions, register_payload
from abadi.projects.models import Beneficiary, Funding, Project


@register_actions
class Action(models.TextChoices):
    REGISTER = "project.register", _("ثبت پروژه محرومیت‌زدایی")
    UPDATE = "project.update", _("ویرایش پروژه")
    FUNDING = "project.funding", _("تعیین اعتبار و سهم تأمین‌کنندگان پروژه")
    GROUNDBREAK = "project.groundbreak", _("کلنگ‌زنی پروژه")
    START = "project.start", _("آغاز اجرای پروژه")
    REPORT = "project.report", _("گزارش پیشرفت پروژه")
    PHOTO = "project.photo", _("افزودن عکس پیشرفت پروژه")
    COMPLETE = "project.complete", _("تکمیل پروژه")
    INAUGURATE = "project.inaugurate", _("افتتاح و بهره‌برداری پروژه")
    SUSPEND = "project.suspend", _("توقف پروژه")
    RESUME = "project.resume", _("ازسرگیری پروژه")
    CANCEL = "project.cancel", _("لغو پروژه")
    BENEFICIARY_ADD = "project.beneficiary_add", _("افزودن خانوار بهره‌مند پروژه")
    BENEFICIARY_REMOVE = "project.beneficiary_remove", _("حذف خانوار بهره‌مند پروژه")
    PLAN_SET = "project.plan_set", _("تعیین برنامه سالانه پروژه‌ها")
    BULK_LOAD = "project.bulk_load", _("ثبت گروهی سوابق پروژه‌ها")


register_payload(Project, "fundings", label=_("سهم‌های تأمین اعتبار"), of=Funding)

# The counts of a bulk load, by what they count, and a progress photo's file.
for key, label in (
    ("projects", _("پروژه‌ها")),
    ("steps", _("مرحله‌ها")),
    ("reports", _("گزارش‌های پیشرفت")),
    ("benefits", _("ردیف‌های دفتر بهره‌مندی")),
    ("note", _("یادداشت")),
):
    register_payload(Action.BULK_LOAD, key, label=label)
register_payload(Action.PHOTO, "photo", label=_("عکس"))
register_payload(
    "project.beneficiary_add",
    "household",
    label=_("خانوار"),
    of=Beneficiary._meta.get_field("household"),
)
register_payload("project.register", "places", label=_("محل‌های اجرا"))
