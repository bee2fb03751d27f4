"""Forms of the training pages: they parse what people type and hand it to the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from abadi.core.forms import ActorForm, CountField, JalaliDateField, NationalCodeField
from abadi.geography.forms import AreaField
from abadi.geography.models import AreaLevel
from abadi.training.models import MAX_CAPACITY, MAX_HOURS, CourseField, LicenceKind
from abadi.training.permissions import MANAGE_COURSES
from abadi.training.selectors import LICENCE_AGENCIES, partner_agencies

EMPTY = _("— انتخاب کنید —")
# A course is held in a county, a district, a city or a village of it.
COURSE_PLACE_LEVELS = (
    AreaLevel.COUNTY,
    AreaLevel.DISTRICT,
    AreaLevel.RURAL_DISTRICT,
    AreaLevel.CITY,
    AreaLevel.VILLAGE,
)


def _effective_date(label) -> JalaliDateField:
    return JalaliDateField(
        label=label, required=False, help_text=_("روزی که این کار انجام شد؛ خالی: امروز.")
    )


class CourseForm(ActorForm):
    title = forms.CharField(label=_("عنوان دوره"), max_length=200)
    field = forms.ChoiceField(label=_("رشته"), choices=[("", EMPTY), *CourseField.choices])
    agency: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("دستگاه همکار"), queryset=None, empty_label=EMPTY
    )
    place = AreaField(label=_("محل برگزاری"), perm=MANAGE_COURSES, levels=COURSE_PLACE_LEVELS)
    venue = forms.CharField(label=_("مکان (نشانی)"), max_length=200, required=False)
    starts_on = JalaliDateField(label=_("تاریخ شروع"))
    ends_on = JalaliDateField(label=_("تاریخ پایان"))
    hours = CountField(label=_("ساعت آموزش"), min_value=1, max_value=MAX_HOURS)
    capacity = CountField(label=_("ظرفیت (نفر)"), min_value=1, max_value=MAX_CAPACITY)
    note = forms.CharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = partner_agencies(actor=self.actor)  # type: ignore[attr-defined]
        if editing:
            del self.fields["place"]


class EnrolForm(ActorForm):
    national_code = NationalCodeField(label=_("کد ملی فراگیر"))
    on = _effective_date(_("تاریخ ثبت‌نام"))


class AttendanceForm(forms.Form):
    hours_attended = CountField(label=_("ساعت حضور تا کنون"), min_value=0, max_value=MAX_HOURS)
    on = _effective_date(_("تاریخ"))


class CompleteForm(forms.Form):
    on = JalaliDateField(label=_("تاریخ پایان دوره"))
    hours_attended = CountField(
        label=_("ساعت حضور"), min_value=0, max_value=MAX_HOURS, required=False
    )


class WithdrawForm(forms.Form):
    on = _effective_date(_("تاریخ انصراف"))
    reason = forms.CharField(label=_("دلیل"), widget=forms.Textarea(attrs={"rows": 2}))


class LicenceForm(ActorForm):
    national_code = NationalCodeField(label=_("کد ملی دارنده مجوز"))
    kind = forms.ChoiceField(label=_("نوع مجوز"), choices=[("", EMPTY), *LicenceKind.choices])
    agency: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("دستگاه صادرکننده"), queryset=None, empty_label=EMPTY
    )
    number = forms.CharField(label=_("شماره مجوز"), max_length=50)
    issued_on = JalaliDateField(label=_("تاریخ صدور"))
    expires_on = JalaliDateField(label=_("تاریخ اعتبار تا"), required=False)
    course = forms.CharField(
        label=_("شناسه دوره آموزشی مرتبط"),
        max_length=64,
        required=False,
        help_text=_("شماره دوره‌ای که دارنده مجوز در آن آموزش دیده است."),
    )
    loan_number = forms.CharField(
        label=_("شماره طرح اشتغال مرتبط"),
        max_length=20,
        required=False,
        help_text=_("طرحی که این مجوز برای آن لازم بود، مثلاً ۱۴۰۰-۰۰۰۰۴۲."),
    )
    activity = forms.CharField(label=_("فعالیت"), max_length=200, required=False)
    note = forms.CharField(label=_("یادداشت"), max_length=300, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = partner_agencies(  # type: ignore[attr-defined]
            actor=self.actor, kinds=LICENCE_AGENCIES
        )
        if editing:
            del self.fields["national_code"]
            del self.fields["agency"]
