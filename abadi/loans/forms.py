"""Forms of the loans pages: they parse what people type and hand it to the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from abadi.core.forms import AmountField, JalaliDateField, NationalCodeField
from abadi.loans.models import (
    DOCUMENT_EXTENSIONS,
    PHOTO_EXTENSIONS,
    CreditLine,
    GraceMode,
    Sector,
    VisitStatus,
)
from abadi.organisations.models import Branch, Organisation, OrganisationKind


class ApplicationForm(forms.Form):
    national_code = NationalCodeField(label=_("کد ملی متقاضی"))
    credit_line = forms.ModelChoiceField(label=_("خط اعتباری"), queryset=CreditLine.objects.none())
    bank = forms.ModelChoiceField(
        label=_("بانک عامل"), queryset=Organisation.objects.filter(kind=OrganisationKind.AGENT_BANK)
    )
    branch = forms.ModelChoiceField(label=_("شعبه"), queryset=Branch.objects.none(), required=False)
    title = forms.CharField(label=_("عنوان طرح"), max_length=200)
    sector = forms.ChoiceField(label=_("بخش"), choices=Sector.choices)
    activity = forms.CharField(label=_("فعالیت"), max_length=200)
    requested_amount = AmountField(label=_("مبلغ درخواستی (ریال)"))
    own_contribution = AmountField(label=_("آورده متقاضی (ریال)"), min_value=0, required=False)
    planned_jobs = forms.IntegerField(label=_("اشتغال مستقیم پیش‌بینی‌شده (نفر)"), min_value=1)
    fixed_cost = AmountField(label=_("سرمایه ثابت (ریال)"), required=False)
    working_cost = AmountField(label=_("سرمایه در گردش (ریال)"), required=False)
    guarantor_name = forms.CharField(label=_("نام ضامن"), max_length=200, required=False)
    guarantor_code = NationalCodeField(label=_("کد ملی ضامن"), required=False)
    guarantor_relation = forms.CharField(label=_("نوع ضمانت"), max_length=100, required=False)

    def __init__(self, *args, lines=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if lines is not None:
            self.fields["credit_line"].queryset = lines  # type: ignore[attr-defined]
        self.fields["branch"].queryset = Branch.objects.filter(  # type: ignore[attr-defined]
            organisation__kind=OrganisationKind.AGENT_BANK
        ).select_related("organisation")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("guarantor_name") and not cleaned.get("guarantor_code"):
            self.add_error("guarantor_code", _("کد ملی ضامن را وارد کنید."))
        return cleaned


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApproveForm(NoteForm):
    amount = AmountField(label=_("مبلغ مصوب (ریال)"))


class IntroduceForm(forms.Form):
    letter_no = forms.CharField(label=_("شماره نامه معرفی"), max_length=50)
    letter_date = JalaliDateField(label=_("تاریخ نامه"))


class ContractForm(forms.Form):
    contract_no = forms.CharField(label=_("شماره قرارداد"), max_length=50)
    contract_date = JalaliDateField(label=_("تاریخ قرارداد"))


class DisbursementForm(forms.Form):
    amount = AmountField(label=_("مبلغ پرداخت (ریال)"))
    date = JalaliDateField(label=_("تاریخ پرداخت"))
    reference = forms.CharField(label=_("شماره پیگیری"), max_length=64, required=False)


class RepaymentForm(DisbursementForm):
    amount = AmountField(label=_("مبلغ بازپرداخت (ریال)"))
    date = JalaliDateField(label=_("تاریخ بازپرداخت"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("دلیل"), widget=forms.Textarea(attrs={"rows": 2}))


class VisitForm(forms.Form):
    date = JalaliDateField(label=_("تاریخ بازدید"))
    direct_jobs = forms.IntegerField(label=_("اشتغال مستقیم مشاهده‌شده"), min_value=0)
    status = forms.ChoiceField(label=_("وضعیت طرح"), choices=VisitStatus.choices)
    notes = forms.CharField(
        label=_("یادداشت"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photo = forms.FileField(
        label=_("عکس"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in PHOTO_EXTENSIONS)}
        ),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("عنوان مدرک"), max_length=200)
    file = forms.FileField(
        label=_("پرونده (PDF، JPG یا PNG تا ۵ مگابایت)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in DOCUMENT_EXTENSIONS)}
        ),
    )


class CreditLineForm(forms.Form):
    year = forms.IntegerField(label=_("سال"), min_value=1300, max_value=1500)
    title = forms.CharField(label=_("عنوان"), max_length=200)
    source = forms.CharField(label=_("منبع اعتبار"), max_length=200, required=False)
    total = AmountField(label=_("مبلغ کل (ریال)"))
    annual_rate_bp = forms.IntegerField(
        label=_("نرخ سود سالانه (صدم درصد)"),
        min_value=0,
        max_value=10_000,
        help_text=_("۴۰۰ یعنی ۴ درصد"),
    )
    term_months = forms.IntegerField(label=_("تعداد اقساط (ماه)"), min_value=1, max_value=240)
    grace_months = forms.IntegerField(
        label=_("دوران تنفس (ماه)"), min_value=0, max_value=60, initial=0
    )
    grace_mode = forms.ChoiceField(label=_("شیوه دوران تنفس"), choices=GraceMode.choices)
    banks = forms.ModelMultipleChoiceField(
        label=_("بانک‌های عامل"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.AGENT_BANK),
    )


class QuotaForm(forms.Form):
    target = forms.ChoiceField(label=_("شهرستان یا بانک"))
    amount = AmountField(label=_("مبلغ سهمیه (ریال)"))

    def __init__(self, *args, counties=(), banks=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [  # type: ignore[attr-defined]
            (_("شهرستان‌ها"), [(f"county:{area.pk}", area.name) for area in counties]),
            (_("بانک‌ها"), [(f"bank:{bank.pk}", bank.name) for bank in banks]),
        ]
