"""Forms of the events pages: they parse what people type and hand it to the services."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from abadi.core.files import DOCUMENT_KINDS
from abadi.core.forms import ActorForm, AmountField, CountField, JalaliDateField
from abadi.core.persian import to_latin_digits
from abadi.events.models import (
    MAX_SERVED,
    MAX_VISITORS,
    EventKind,
    FileKind,
    LinkKind,
    OrganiserKind,
)
from abadi.events.permissions import MANAGE_OCCASIONS, PLAN_EVENTS
from abadi.events.selectors import occasion_list
from abadi.geography.forms import AreaField
from abadi.geography.models import AreaLevel

EMPTY = _("— انتخاب کنید —")
EVENT_PLACE_LEVELS = (
    AreaLevel.COUNTY,
    AreaLevel.DISTRICT,
    AreaLevel.RURAL_DISTRICT,
    AreaLevel.CITY,
    AreaLevel.VILLAGE,
)
_TIME = re.compile(r"^\s*(\d{1,2})\s*[:٫.]\s*(\d{2})\s*$")


class TimeOfDayField(forms.Field):
    """A time of day as people type it: "۹:۳۰", "09:30", "17.00"."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "۰۹:۰۰", "dir": "ltr"})
    default_error_messages = {
        "invalid": _("ساعت را به شکل ۰۹:۳۰ بنویسید."),
        "required": _("ساعت را وارد کنید."),
    }

    def to_python(self, value: Any) -> datetime.time | None:
        if isinstance(value, datetime.time):
            return value
        text = to_latin_digits(str(value or "")).strip()
        if not text:
            return None
        match = _TIME.match(text) or re.match(r"^\s*(\d{1,2})()\s*$", text)
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.time(hour, minute)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        return value


def _accept(kinds: tuple[str, ...]) -> str:
    return ",".join(f".{kind}" for kind in kinds)


class OccasionForm(ActorForm):
    name = forms.CharField(label=_("نام مناسبت"), max_length=200)
    area = AreaField(
        label=_("دفتر مسئول"),
        perm=MANAGE_OCCASIONS,
        levels=(AreaLevel.PROVINCE, AreaLevel.COUNTY),
    )
    starts_on = JalaliDateField(label=_("روز نخست"))
    ends_on = JalaliDateField(label=_("روز پایان"))
    description = forms.CharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["area"]


class EventForm(ActorForm):
    title = forms.CharField(label=_("عنوان رویداد"), max_length=200)
    kind = forms.ChoiceField(label=_("نوع برنامه"), choices=[("", EMPTY), *EventKind.choices])
    occasion: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("مناسبت"), queryset=None, required=False, empty_label=_("— بدون مناسبت —")
    )
    place = AreaField(label=_("محل برگزاری"), perm=PLAN_EVENTS, levels=EVENT_PLACE_LEVELS)
    venue = forms.CharField(label=_("مکان (نشانی)"), max_length=200, required=False)
    day = JalaliDateField(label=_("روز برگزاری"))
    start_time = TimeOfDayField(label=_("ساعت آغاز"))
    end_day = JalaliDateField(label=_("روز پایان"), required=False, help_text=_("خالی: همان روز"))
    end_time = TimeOfDayField(label=_("ساعت پایان"), required=False)
    organiser_kind = forms.ChoiceField(
        label=_("برگزارکننده"), choices=[("", EMPTY), *OrganiserKind.choices]
    )
    organiser_name = forms.CharField(
        label=_("نام برگزارکننده"),
        max_length=200,
        required=False,
        help_text=_("برای گروه جهادی: نام گروه یا شناسه اطلس آن."),
    )
    project_id = CountField(
        label=_("شناسه پروژه (کلنگ‌زنی یا افتتاح)"), min_value=1, max_value=10**12, required=False
    )
    case_ids = forms.CharField(
        label=_("شناسه پرونده‌های آزادی زندانی (مراسم آزادی)"),
        max_length=500,
        required=False,
        help_text=_("شناسه‌ها را با ویرگول یا فاصله جدا کنید."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occasion"].queryset = occasion_list(actor=self.actor)  # type: ignore[attr-defined]
        if editing:
            for name in ("kind", "occasion", "place", "project_id", "case_ids"):
                del self.fields[name]

    def clean_case_ids(self) -> list[int]:
        text = to_latin_digits(self.cleaned_data.get("case_ids") or "")
        parts = [part for part in re.split(r"[\s,،]+", text) if part]
        if any(not part.isdigit() for part in parts):
            raise forms.ValidationError(_("شناسه پرونده‌ها باید عدد باشند."))
        return [int(part) for part in parts]


class HoldForm(forms.Form):
    on = JalaliDateField(label=_("تاریخ برگزاری"), required=False, help_text=_("خالی: امروز"))
    people_served = CountField(label=_("شمار بهره‌مندان"), min_value=0, max_value=MAX_SERVED)
    report = forms.CharField(
        label=_("گزارش"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportForm(forms.Form):
    people_served = CountField(label=_("شمار بهره‌مندان"), min_value=0, max_value=MAX_SERVED)
    report = forms.CharField(
        label=_("گزارش"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(forms.Form):
    on = JalaliDateField(label=_("تاریخ لغو"), required=False, help_text=_("خالی: امروز"))
    reason = forms.CharField(label=_("دلیل لغو"), widget=forms.Textarea(attrs={"rows": 2}))


class EventFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("نوع"), choices=FileKind.choices)
    title = forms.CharField(label=_("عنوان"), max_length=200, required=False)
    file = forms.FileField(
        label=_("پرونده (عکس یا گزارش پی‌دی‌اف، تا ۵ مگابایت)"),
        widget=forms.ClearableFileInput(attrs={"accept": _accept(DOCUMENT_KINDS)}),
    )


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("نوع پرونده"), choices=LinkKind.choices)
    target_id = CountField(label=_("شناسه پرونده"), min_value=1, max_value=10**12)
    label = forms.CharField(label=_("شرح"), max_length=200, required=False)


class ExhibitorForm(forms.Form):
    loan_number = forms.CharField(
        label=_("شماره طرح اشتغال غرفه‌دار"),
        max_length=20,
        required=False,
        help_text=_("برای کارگاهی که تسهیلات گرفته؛ نام کارگاه از طرح خوانده می‌شود."),
    )
    name = forms.CharField(label=_("نام کارگاه"), max_length=200, required=False)
    products = forms.CharField(label=_("محصولات"), max_length=300, required=False)
    sales_amount = AmountField(label=_("فروش (ریال)"), min_value=0, required=False)
    visitors = CountField(
        label=_("بازدیدکنندگان غرفه"), min_value=0, max_value=MAX_VISITORS, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("loan_number") and not cleaned.get("name"):
            self.add_error("name", _("نام کارگاه یا شماره طرح اشتغال آن را بنویسید."))
        return cleaned


class ExhibitorSalesForm(forms.Form):
    sales_amount = AmountField(label=_("فروش (ریال)"), min_value=0)
    visitors = CountField(label=_("بازدیدکنندگان غرفه"), min_value=0, max_value=MAX_VISITORS)
    products = forms.CharField(label=_("محصولات"), max_length=300, required=False)
