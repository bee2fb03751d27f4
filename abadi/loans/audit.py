"""What the loans module writes to the audit log, with the labels people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.audit import register_actions, register_payload
from abadi.loans.models import CreditLine


@register_actions
class Action(models.TextChoices):
    CREDIT_LINE_CREATE = "credit_line.create", _("ثبت خط اعتباری")
    CREDIT_LINE_UPDATE = "credit_line.update", _("ویرایش خط اعتباری")
    QUOTA_SET = "quota.set", _("تعیین سهمیه")
    REGISTER = "loan.register", _("ثبت طرح اشتغال")
    UPDATE = "loan.update", _("ویرایش طرح اشتغال")
    COST_LINE = "loan.cost_line", _("افزودن ردیف هزینه طرح")
    GUARANTOR = "loan.guarantor", _("افزودن ضامن")
    DOCUMENT = "loan.document", _("بارگذاری مدرک طرح")
    REVIEW = "loan.review", _("تأیید بررسی شهرستان")
    APPROVE = "loan.approve", _("تصویب طرح در کمیته")
    INTRODUCE = "loan.introduce", _("معرفی به بانک")
    CONTRACT = "loan.contract", _("ثبت قرارداد بانک")
    DISBURSE = "loan.disburse", _("پرداخت تسهیلات")
    OPERATE = "loan.operate", _("اعلام بهره‌برداری")
    REPAY = "loan.repay", _("بازپرداخت قسط")
    SETTLE = "loan.settle", _("تسویه وام")
    VISIT = "loan.visit", _("بازدید نظارتی")
    REJECT = "loan.reject", _("رد طرح")
    WITHDRAW = "loan.withdraw", _("انصراف متقاضی")
    BULK = "loan.bulk", _("ثبت گروهی سوابق تسهیلات")


# Keys of the events' values that are not fields of their records.
register_payload(
    "credit_line.create", "banks", label=_("بانک‌های عامل"), of=CreditLine._meta.get_field("banks")
)
register_payload("quota.set", "count", label=_("شمار سهمیه‌ها"))
register_payload("quota.set", "lines", label=_("خط‌های اعتباری"))
for key, label in (
    ("applications", _("طرح‌ها")),
    ("disbursements", _("پرداخت‌ها")),
    ("instalments", _("اقساط")),
    ("repayments", _("بازپرداخت‌ها")),
    ("steps", _("گام‌های گردش کار")),
    ("visits", _("بازدیدهای پایش")),
):
    register_payload("loan.bulk", key, label=label)
