"""Forms of the funds pages: they parse what people type and hand it to the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from abadi.core.forms import (
    ActorForm,
    AmountField,
    CountField,
    JalaliDateField,
    MobileField,
    NationalCodeField,
)
from abadi.funds.models import (
    CaseType,
    DebtType,
    DonationKind,
    DonorKind,
    PaymentMethod,
    UseKind,
)
from abadi.funds.permissions import OPEN_CASES, RECORD_DONATIONS
from abadi.geography.forms import AreaField
from abadi.geography.models import AreaLevel

OFFICE_LEVELS = (AreaLevel.PROVINCE, AreaLevel.COUNTY)
ITEM_ROWS = 4
EMPTY = [("", _("— انتخاب کنید —"))]


def _effective_date(label) -> JalaliDateField:
    return JalaliDateField(
        label=label, required=False, help_text=_("روزی که این کار انجام شد؛ خالی: امروز.")
    )


class DonorForm(ActorForm):
    kind = forms.ChoiceField(label=_("نوع خیّر"), choices=DonorKind.choices)
    national_code = NationalCodeField(
        label=_("کد ملی خیّر حقیقی"), required=False, help_text=_("از فهرست افراد سامانه")
    )
    organisation = forms.TypedChoiceField(
        label=_("سازمان"), required=False, coerce=int, empty_value=None
    )
    name = forms.CharField(
        label=_("نام"), max_length=200, required=False, help_text=_("برای جمع خیّران الزامی است")
    )
    mobile = MobileField(label=_("تلفن همراه"), required=False)
    address = forms.CharField(label=_("نشانی"), max_length=300, required=False)
    anonymous = forms.BooleanField(label=_("نام خیّر منتشر نشود"), required=False)
    area = AreaField(label=_("دفتر"), perm=RECORD_DONATIONS, levels=OFFICE_LEVELS)

    def __init__(self, *args: Any, actor, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        from abadi.organisations.selectors import organisation_list

        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        organisations = organisation_list(actor=actor)[:500]
        field.choices = EMPTY + [(org.pk, org.name) for org in organisations]


class DonorEditForm(forms.Form):
    name = forms.CharField(label=_("نام"), max_length=200)
    mobile = MobileField(label=_("تلفن همراه"), required=False)
    address = forms.CharField(label=_("نشانی"), max_length=300, required=False)
    anonymous = forms.BooleanField(label=_("نام خیّر منتشر نشود"), required=False)


class DonationForm(forms.Form):
    kind = forms.ChoiceField(label=_("نوع کمک"), choices=DonationKind.choices)
    amount = AmountField(
        label=_("مبلغ (ریال)"), required=False, help_text=_("برای کمک غیرنقدی: جمع ارزش اقلام")
    )
    method = forms.ChoiceField(label=_("روش پرداخت"), choices=PaymentMethod.choices)
    bank_reference = forms.CharField(label=_("شماره پیگیری بانکی"), max_length=64, required=False)
    received_on = JalaliDateField(label=_("تاریخ دریافت"), required=False)
    designation_kind = forms.ChoiceField(
        label=_("مصرف معین"),
        choices=[("", _("عمومی (به تشخیص دفتر)")), *UseKind.choices],
        required=False,
    )
    designation_id = CountField(
        label=_("شماره مصرف معین"), min_value=1, max_value=2**62, required=False
    )
    note = forms.CharField(label=_("یادداشت"), max_length=300, required=False)
    receipt = forms.BooleanField(
        label=_("رسید رسمی همین حالا صادر شود"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(ITEM_ROWS):
            self.fields[f"item{row}_name"] = forms.CharField(
                label=_("کالا"), max_length=200, required=False
            )
            self.fields[f"item{row}_quantity"] = CountField(
                label=_("مقدار"), min_value=1, max_value=10_000_000, required=False
            )
            self.fields[f"item{row}_unit"] = forms.CharField(
                label=_("واحد"), max_length=30, required=False
            )
            self.fields[f"item{row}_value"] = AmountField(label=_("ارزش (ریال)"), required=False)

    def item_rows(self) -> list[list[Any]]:
        return [
            [self[f"item{row}_{part}"] for part in ("name", "quantity", "unit", "value")]
            for row in range(ITEM_ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        items = []
        for row in range(ITEM_ROWS):
            name = (data.get(f"item{row}_name") or "").strip()
            quantity = data.pop(f"item{row}_quantity", None)
            unit = data.pop(f"item{row}_unit", "") or ""
            value = data.pop(f"item{row}_value", None)
            data.pop(f"item{row}_name", None)
            if not name and quantity is None and value is None:
                continue
            if not name or quantity is None or value is None:
                raise ValidationError(_("هر قلم کالا نام، مقدار و ارزش می‌خواهد."))
            items.append({"name": name, "quantity": quantity, "unit": unit, "value": value})
        data["items"] = items
        if data.get("kind") == DonationKind.CASH and data.get("amount") is None:
            self.add_error("amount", _("مبلغ کمک نقدی را وارد کنید."))
        return data


class AllocationForm(forms.Form):
    use_kind = forms.ChoiceField(label=_("نوع مصرف"), choices=UseKind.choices)
    use_id = CountField(label=_("شماره مصرف"), min_value=1, max_value=2**62)
    rials = AmountField(label=_("مبلغ (ریال)"))
    on = _effective_date(_("تاریخ تخصیص"))
    note = forms.CharField(label=_("یادداشت"), max_length=300, required=False)


class ReverseForm(forms.Form):
    on = _effective_date(_("تاریخ برگشت"))
    reason = forms.CharField(label=_("دلیل"), widget=forms.Textarea(attrs={"rows": 2}))


class PledgeForm(forms.Form):
    amount = AmountField(label=_("مبلغ تعهد (ریال)"))
    pledged_on = JalaliDateField(label=_("تاریخ تعهد"), required=False)
    due_on = JalaliDateField(label=_("سررسید"))
    designation_kind = forms.ChoiceField(
        label=_("مصرف معین"),
        choices=[("", _("عمومی (به تشخیص دفتر)")), *UseKind.choices],
        required=False,
    )
    designation_id = CountField(
        label=_("شماره مصرف معین"), min_value=1, max_value=2**62, required=False
    )
    note = forms.CharField(label=_("یادداشت"), max_length=300, required=False)


class CaseForm(ActorForm):
    national_code = NationalCodeField(label=_("کد ملی مددجو"))
    area = AreaField(label=_("دفتر"), perm=OPEN_CASES, levels=OFFICE_LEVELS)
    case_type = forms.ChoiceField(label=_("نوع پرونده"), choices=CaseType.choices)
    prison = forms.CharField(label=_("زندان"), max_length=200, required=False)
    debt_type = forms.ChoiceField(label=_("نوع بدهی"), choices=DebtType.choices)
    judgment_amount = AmountField(label=_("مبلغ محکومیت یا هزینه (ریال)"))
    forgiveness = AmountField(label=_("گذشت طلبکار (ریال)"), min_value=0, required=False)
    loan_amount = AmountField(label=_("وام قرض‌الحسنه (ریال)"), min_value=0, required=False)
    on = _effective_date(_("تاریخ شناسایی"))
    note = forms.CharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CaseEditForm(forms.Form):
    prison = forms.CharField(label=_("زندان"), max_length=200, required=False)
    debt_type = forms.ChoiceField(label=_("نوع بدهی"), choices=DebtType.choices)
    judgment_amount = AmountField(label=_("مبلغ محکومیت یا هزینه (ریال)"))
    forgiveness = AmountField(label=_("گذشت طلبکار (ریال)"), min_value=0)
    loan_amount = AmountField(label=_("وام قرض‌الحسنه (ریال)"), min_value=0)
    note = forms.CharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CaseStepForm(forms.Form):
    on = _effective_date(_("تاریخ"))
    note = forms.CharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CaseScheduleForm(forms.Form):
    planned_on = JalaliDateField(label=_("تاریخ آزادی"))
    note = forms.CharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CaseReasonForm(forms.Form):
    on = _effective_date(_("تاریخ"))
    reason = forms.CharField(label=_("دلیل"), widget=forms.Textarea(attrs={"rows": 2}))
