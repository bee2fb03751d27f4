"""Forms of the loans pages: they parse what people type and hand it to the services."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from abadi.core.files import DOCUMENT_KINDS, PHOTO_KINDS
from abadi.core.forms import ActorForm, AmountField, CountField, JalaliDateField, NationalCodeField
from abadi.loans.models import MAX_JOBS, CreditLine, GraceMode, Sector, VisitStatus
from abadi.loans.permissions import MANAGE_CREDIT_LINES, REGISTER_LOANS
from abadi.organisations.selectors import agent_banks, branches_of

EMPTY = _("— انتخاب کنید —")


def _accept(kinds: tuple[str, ...]) -> str:
    return ",".join(f".{kind}" for kind in kinds)


class ApplicationForm(ActorForm):
    national_code = NationalCodeField(label=_("کد ملی متقاضی"))
    credit_line = forms.ModelChoiceField(
        label=_("خط اعتباری"), queryset=CreditLine.objects.none(), empty_label=EMPTY
    )
    bank: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("بانک عامل"), queryset=None, empty_label=EMPTY
    )
    branch: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("شعبه"), queryset=None, required=False, empty_label=_("— بدون شعبه —")
    )
    title = forms.CharField(label=_("عنوان طرح"), max_length=200)
    sector = forms.ChoiceField(label=_("بخش"), choices=Sector.choices)
    activity = forms.CharField(label=_("فعالیت"), max_length=200)
    requested_amount = AmountField(label=_("مبلغ درخواستی (ریال)"))
    own_contribution = AmountField(label=_("آورده متقاضی (ریال)"), min_value=0, required=False)
    planned_jobs = CountField(
        label=_("اشتغال مستقیم پیش‌بینی‌شده (نفر)"), min_value=1, max_value=MAX_JOBS
    )
    fixed_cost = AmountField(label=_("سرمایه ثابت (ریال)"), required=False)
    working_cost = AmountField(label=_("سرمایه در گردش (ریال)"), required=False)
    guarantor_name = forms.CharField(label=_("نام ضامن"), max_length=200, required=False)
    guarantor_code = NationalCodeField(label=_("کد ملی ضامن"), required=False)
    guarantor_relation = forms.CharField(label=_("نوع ضمانت"), max_length=100, required=False)

    registered_on = JalaliDateField(
        label=_("تاریخ ثبت"), required=False, help_text=_("خالی: امروز. برای ثبت سوابق گذشته.")
    )

    def __init__(self, *args, lines=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if lines is not None:
            self.fields["credit_line"].queryset = lines  # type: ignore[attr-defined]
        banks = agent_banks(actor=self.actor, perm=REGISTER_LOANS)
        self.fields["bank"].queryset = banks  # type: ignore[attr-defined]
        # The branches of the chosen bank only: choosing a bank reloads them (htmx).
        chosen = str(self.data.get(self.add_prefix("bank")) or self.initial.get("bank") or "")
        chosen_banks = banks.filter(pk=int(chosen)) if chosen.isdigit() else banks.none()
        self.fields["branch"].queryset = branches_of(chosen_banks)  # type: ignore[attr-defined]
        self.fields["bank"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("loans:branch_options"),
                "hx-trigger": "change",
                "hx-target": "#" + self["branch"].auto_id,
                "hx-swap": "innerHTML",
                "data-testid": "bank-select",
            }
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("guarantor_name") and not cleaned.get("guarantor_code"):
            self.add_error("guarantor_code", _("کد ملی ضامن را وارد کنید."))
        return cleaned


def _effective_date(label) -> JalaliDateField:
    return JalaliDateField(
        label=label, required=False, help_text=_("روزی که این گام انجام شد؛ خالی: امروز.")
    )


class StepForm(forms.Form):
    """A step that only moves the plan: when it happened, and a note."""

    on = _effective_date(_("تاریخ"))
    note = forms.CharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApproveForm(forms.Form):
    """What the committee decided: the amount is typed from the minutes, never prefilled."""

    on = JalaliDateField(label=_("تاریخ جلسه کمیته"))
    minutes_no = forms.CharField(label=_("شماره صورتجلسه"), max_length=50)
    amount = AmountField(label=_("مبلغ مصوب (ریال)"))
    note = forms.CharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


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
    on = _effective_date(_("تاریخ"))
    reason = forms.CharField(label=_("دلیل"), widget=forms.Textarea(attrs={"rows": 2}))


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once (a phone's camera roll); cleans to a list."""

    widget = PhotosInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(PhotosField, self).clean(file, initial) for file in files]


class VisitForm(forms.Form):
    date = JalaliDateField(label=_("تاریخ بازدید"))
    direct_jobs = CountField(label=_("اشتغال مستقیم مشاهده‌شده"), min_value=0, max_value=MAX_JOBS)
    status = forms.ChoiceField(label=_("وضعیت طرح"), choices=[("", EMPTY), *VisitStatus.choices])
    notes = forms.CharField(
        label=_("یادداشت"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = PhotosField(
        label=_("عکس‌ها (جی‌پگ یا پی‌ان‌جی)"),
        required=False,
        widget=PhotosInput(attrs={"accept": _accept(PHOTO_KINDS), "capture": "environment"}),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("عنوان مدرک"), max_length=200)
    file = forms.FileField(
        label=_("پرونده (پی‌دی‌اف یا عکس، تا ۵ مگابایت)"),
        widget=forms.ClearableFileInput(attrs={"accept": _accept(DOCUMENT_KINDS)}),
    )


class CreditLineForm(ActorForm):
    year = CountField(label=_("سال"), min_value=1300, max_value=1500)
    title = forms.CharField(label=_("عنوان"), max_length=200)
    source = forms.CharField(label=_("منبع اعتبار"), max_length=200, required=False)
    total = AmountField(label=_("مبلغ کل (ریال)"))
    annual_rate_bp = CountField(
        label=_("نرخ سود سالانه (صدم درصد)"),
        min_value=0,
        max_value=10_000,
        help_text=_("۴۰۰ یعنی ۴ درصد"),
    )
    term_months = CountField(label=_("تعداد اقساط (ماه)"), min_value=1, max_value=240)
    grace_months = CountField(label=_("دوران تنفس (ماه)"), min_value=0, max_value=60, initial=0)
    grace_mode = forms.ChoiceField(label=_("شیوه دوران تنفس"), choices=GraceMode.choices)
    banks: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("بانک‌های عامل"), queryset=None
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["banks"].queryset = agent_banks(  # type: ignore[attr-defined]
            actor=self.actor, perm=MANAGE_CREDIT_LINES
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
