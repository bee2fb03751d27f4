"""What the funds module writes to the audit log, with the labels people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.audit import register_actions, register_payload
from abadi.funds.models import DonationItem


@register_actions
class Action(models.TextChoices):
    DONOR_REGISTER = "funds.donor_register", _("ثبت خیّر")
    DONOR_UPDATE = "funds.donor_update", _("ویرایش خیّر")
    DONATION_RECORD = "funds.donation_record", _("ثبت کمک خیّر")
    DONATION_UPDATE = "funds.donation_update", _("ویرایش کمک پیش از رسید")
    DONATION_RECEIPT = "funds.donation_receipt", _("صدور رسید رسمی کمک")
    DONATION_REVERSE = "funds.donation_reverse", _("ثبت سند برگشت کمک")
    ALLOCATE = "funds.allocate", _("تخصیص کمک به مصرف")
    ALLOCATION_REVERSE = "funds.allocation_reverse", _("برگشت تخصیص کمک")
    PLEDGE_RECORD = "funds.pledge_record", _("ثبت تعهد خیّر")
    PLEDGE_CANCEL = "funds.pledge_cancel", _("لغو تعهد خیّر")
    CASE_OPEN = "funds.case_open", _("ثبت پرونده حمایتی")
    CASE_UPDATE = "funds.case_update", _("ویرایش پرونده حمایتی")
    CASE_REVIEW = "funds.case_review", _("بررسی پرونده حمایتی")
    CASE_FUND = "funds.case_fund", _("آغاز تأمین اعتبار پرونده")
    CASE_PAY = "funds.case_pay", _("پرداخت بدهی پرونده")
    CASE_SCHEDULE = "funds.case_schedule", _("تعیین تاریخ آزادی")
    CASE_RELEASE = "funds.case_release", _("آزادی زندانی")
    CASE_CLOSE = "funds.case_close", _("بستن پرونده حمایتی")
    BULK_LOAD = "funds.bulk_load", _("ثبت گروهی سوابق کمک‌ها و پرونده‌ها")


# The counts of a bulk load, by what they count.
for key, label in (
    ("donors", _("خیّران")),
    ("donations", _("کمک‌ها")),
    ("allocations", _("تخصیص‌ها")),
    ("cases", _("پرونده‌ها")),
    ("released", _("آزادشدگان")),
    ("pledges", _("تعهدها")),
    ("note", _("یادداشت")),
):
    register_payload(Action.BULK_LOAD, key, label=label)
register_payload("funds.donation_record", "items", label=_("اقلام غیرنقدی"), of=DonationItem)
register_payload("funds.donation_reverse", "reason", label=_("دلیل برگشت"))
register_payload("funds.donation_reverse", "reversal", label=_("شناسهٔ ردیف برگشت"))
