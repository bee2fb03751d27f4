"""What the volunteers module writes to the audit log, with the labels people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.audit import register_actions, register_payload
from abadi.volunteers.models import Group, GroupDomain


@register_actions
class Action(models.TextChoices):
    REGISTER = "volunteers.group.register", _("ثبت گروه جهادی")
    UPDATE = "volunteers.group.update", _("ویرایش گروه جهادی")
    SUSPEND = "volunteers.group.suspend", _("تعلیق گروه جهادی")
    REINSTATE = "volunteers.group.reinstate", _("رفع تعلیق گروه جهادی")
    EXPIRE = "volunteers.group.expire", _("ثبت انقضای مجوز گروه")
    RENEW = "volunteers.group.renew", _("ثبت مجوز (تمدید) گروه")
    DISSOLVE = "volunteers.group.dissolve", _("انحلال گروه جهادی")
    LAPSE_BULK = "volunteers.group.lapse_bulk", _("ثبت گروهی انقضای مجوزها")
    BULK = "volunteers.group.bulk", _("ثبت گروهی گروه‌های جهادی")
    LEADER = "volunteers.group.leader", _("تعیین سرگروه")
    VILLAGE_ADOPT = "volunteers.village.adopt", _("افزودن روستای تحت پوشش")
    VILLAGE_DROP = "volunteers.village.drop", _("حذف روستای تحت پوشش")
    MEMBER_ADD = "volunteers.member.add", _("افزودن عضو گروه")
    MEMBER_UPDATE = "volunteers.member.update", _("ویرایش عضو گروه")
    MEMBER_LEAVE = "volunteers.member.leave", _("خروج عضو از گروه")
    LEADERSHIP_GRANT = "volunteers.leadership.grant", _("پیوند حساب سرگروه به گروه")
    LEADERSHIP_END = "volunteers.leadership.end", _("پایان پیوند حساب سرگروه")
    DEPLOYMENT_REPORT = "volunteers.deployment.report", _("گزارش اردو / خدمت")
    DEPLOYMENT_UPDATE = "volunteers.deployment.update", _("ویرایش گزارش اردو")
    DEPLOYMENT_PHOTO = "volunteers.deployment.photo", _("افزودن عکس اردو")
    DEPLOYMENT_LINK = "volunteers.deployment.link", _("پیوند اردو به پروژه یا برنامه")


register_payload(Group, "domains", label=_("حوزه‌ها"), of=GroupDomain._meta.get_field("domain"))

# The counts of a bulk load of groups.
for key, label in (
    ("count", _("شمار گروه‌ها")),
    ("counties", _("شمار شهرستان‌ها")),
    ("note", _("یادداشت")),
):
    register_payload("volunteers.group.bulk", key, label=label)
