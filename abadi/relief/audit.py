"""What the relief module writes to the audit log, with the labels people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.audit import register_actions, register_payload
from abadi.relief.models import CampaignArea, KitItem


@register_actions
class Action(models.TextChoices):
    CAMPAIGN_CREATE = "relief.campaign.create", _("ثبت پویش امدادی")
    CAMPAIGN_UPDATE = "relief.campaign.update", _("ویرایش پویش امدادی")
    ITEM_CREATE = "relief.item.create", _("ثبت قلم کالا")
    KIT_CREATE = "relief.kit.create", _("ثبت بسته")
    WAREHOUSE_CREATE = "relief.warehouse.create", _("ثبت انبار")
    STOCK_RECEIVE = "relief.stock.receive", _("رسید کالا به انبار")
    STOCK_ISSUE = "relief.stock.issue", _("حواله خروج کالا")
    STOCK_TRANSFER = "relief.stock.transfer", _("انتقال کالا میان انبارها")
    STOCK_COUNT = "relief.stock.count", _("شمارش و اصلاح موجودی")
    SHIPMENT_DISPATCH = "relief.shipment.dispatch", _("اعزام محموله")
    SHIPMENT_DELIVER = "relief.shipment.deliver", _("تأیید تحویل محموله")
    LIST_CREATE = "relief.list.create", _("ثبت فهرست واجدان")
    LIST_ADD = "relief.list.add", _("افزودن خانوار به فهرست")
    HANDOUT = "relief.handout", _("تحویل بسته به خانوار")
    HANDOUT_OVERRIDE = "relief.handout.override", _("تحویل بسته تکراری با مجوز مدیر")
    BULK_START = "relief.bulk.start", _("آغاز توزیع گروهی")
    BULK_BATCH = "relief.bulk.batch", _("توزیع گروهی یک دسته")


# Keys of the events' values that are not fields of their records.
register_payload(
    "relief.campaign.create",
    "targets",
    label=_("مناطق هدف"),
    of=CampaignArea._meta.get_field("area"),
)
register_payload("relief.kit.create", "contents", label=_("اقلام بسته"), of=KitItem)
register_payload("relief.shipment.dispatch", "lines", label=_("ردیف‌های بارنامه"))
register_payload("relief.stock.receive", "donation", label=_("کمک خیّر"))
register_payload("relief.stock.transfer", "from", label=_("انبار مبدأ"))
register_payload("relief.stock.transfer", "to", label=_("انبار مقصد"))
register_payload("relief.bulk.batch", "handed", label=_("بسته‌های تحویلی این دسته"))
register_payload("relief.bulk.batch", "outside", label=_("خانوارهای بیرون از مناطق هدف"))
register_payload("relief.list.add", "households", label=_("خانوارها"))
register_payload("relief.list.add", "count", label=_("شمار خانوارهای افزوده"))
