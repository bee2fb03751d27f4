"""Forms of the volunteers pages: they parse what people type and hand it to the services
(which hold the rules, so a page, the API and an import refuse alike)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from abadi.core.files import PHOTO_KINDS
from abadi.core.forms import ActorForm, CountField, JalaliDateField, NationalCodeField
from abadi.core.persian import to_persian_digits
from abadi.geography.forms import AreaField
from abadi.geography.models import RESIDENCE_LEVELS, AreaLevel
from abadi.volunteers.models import (
    ATLAS_ID_LENGTH,
    MAX_PEOPLE_SERVED,
    MAX_PHOTOS,
    MAX_VOLUNTEERS,
    Domain,
    GroupType,
    MemberRole,
)
from abadi.volunteers.permissions import MANAGE_GROUPS, REPORT_DEPLOYMENTS

EMPTY = _("— انتخاب کنید —")
NOT_YOURS = _("این گروه در میان گروه‌هایی نیست که شما می‌توانید برایشان گزارش ثبت کنید.")
# Beyond this many groups the report form asks for the Atlas ID instead of a drop-down.
GROUP_CHOICES = 200
HOME_LEVELS = (
    AreaLevel.COUNTY,
    AreaLevel.DISTRICT,
    AreaLevel.RURAL_DISTRICT,
    AreaLevel.CITY,
    AreaLevel.VILLAGE,
)
ACCEPT_PHOTOS = ",".join(f".{kind}" for kind in PHOTO_KINDS) + ",image/jpeg,image/png"
MEMBER_ROLES = [(value, label) for value, label in MemberRole.choices if value != MemberRole.LEADER]


def _effective_date(label) -> JalaliDateField:
    return JalaliDateField(
        label=label, required=False, help_text=_("روزی که این گام انجام شد؛ خالی: امروز.")
    )


# ------------------------------------------------------------------------------ status steps


class StepForm(forms.Form):
    on = _effective_date(_("تاریخ"))
    note = forms.CharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    on = _effective_date(_("تاریخ"))
    reason = forms.CharField(label=_("دلیل"), widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("توضیح"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("تاریخ اثر: روز پس از پایان اعتبار مجوز."),
    )


class PermitForm(forms.Form):
    number = forms.CharField(label=_("شماره مجوز"), max_length=50, required=False)
    issued_on = JalaliDateField(label=_("تاریخ صدور"))
    expires_on = JalaliDateField(label=_("پایان اعتبار"))
    note = forms.CharField(label=_("توضیح"), required=False, max_length=2000)


# ------------------------------------------------------------------------------ groups


class GroupForm(ActorForm):
    atlas_id = forms.CharField(
        label=_("شناسه اطلس"),
        max_length=ATLAS_ID_LENGTH,
        help_text=_("شناسهٔ گروه در سامانهٔ ملی اطلس؛ یکتا در کشور."),
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("نام گروه"), max_length=200)
    group_type = forms.ChoiceField(label=_("نوع گروه"), choices=[("", EMPTY), *GroupType.choices])
    main_domain = forms.ChoiceField(label=_("حوزه اصلی"), choices=[("", EMPTY), *Domain.choices])
    domains = forms.MultipleChoiceField(
        label=_("حوزه‌های دیگر"),
        choices=Domain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    home = AreaField(
        label=_("محل استقرار"),
        perm=MANAGE_GROUPS,
        levels=HOME_LEVELS,
        help_text=_("شهرستان، شهر یا روستایی که گروه در آن مستقر است."),
    )
    leader_code = NationalCodeField(
        label=_("کد ملی سرگروه"),
        required=False,
        help_text=_("سرگروه باید در سامانهٔ افراد ثبت شده باشد."),
    )
    permit_number = forms.CharField(label=_("شماره مجوز"), max_length=50, required=False)
    permit_issued_on = JalaliDateField(label=_("تاریخ صدور مجوز"), required=False)
    permit_expires_on = JalaliDateField(label=_("پایان اعتبار مجوز"), required=False)
    on = JalaliDateField(
        label=_("تاریخ آغاز فعالیت"),
        required=False,
        help_text=_("خالی: تاریخ صدور مجوز، یا امروز."),
    )
    note = forms.CharField(
        label=_("یادداشت"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GroupEditForm(ActorForm):
    name = forms.CharField(label=_("نام گروه"), max_length=200)
    group_type = forms.ChoiceField(label=_("نوع گروه"), choices=GroupType.choices)
    main_domain = forms.ChoiceField(label=_("حوزه اصلی"), choices=Domain.choices)
    domains = forms.MultipleChoiceField(
        label=_("حوزه‌های دیگر"),
        choices=Domain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    home = AreaField(label=_("محل استقرار"), perm=MANAGE_GROUPS, levels=HOME_LEVELS)
    note = forms.CharField(
        label=_("یادداشت"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VillageForm(ActorForm):
    village = AreaField(label=_("روستا"), perm=MANAGE_GROUPS, levels=(AreaLevel.VILLAGE,))
    on = JalaliDateField(label=_("تاریخ پذیرش"), required=False)


class LeaderForm(forms.Form):
    national_code = NationalCodeField(label=_("کد ملی سرگروه"))


class LeadershipForm(forms.Form):
    username = forms.CharField(
        label=_("نام کاربری سرگروه"),
        max_length=150,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
        help_text=_("کاربری که مدیر سامانه نقش «سرگروه جهادی» را به او داده است."),
    )


# ------------------------------------------------------------------------------ members


class MemberForm(forms.Form):
    national_code = NationalCodeField(label=_("کد ملی"))
    role = forms.ChoiceField(label=_("نقش"), choices=MEMBER_ROLES, initial=MemberRole.MEMBER)
    skills = forms.CharField(
        label=_("مهارت‌ها"),
        max_length=200,
        required=False,
        help_text=_("مثلاً بنایی، برق‌کاری، پرستاری"),
    )
    joined_on = JalaliDateField(label=_("تاریخ عضویت"), required=False)


class MemberEditForm(forms.Form):
    role = forms.ChoiceField(label=_("نقش"), choices=MEMBER_ROLES)
    skills = forms.CharField(label=_("مهارت‌ها"), max_length=200, required=False)


class LeaveForm(forms.Form):
    on = JalaliDateField(label=_("تاریخ خروج"), required=False)


# ------------------------------------------------------------------------------ deployments


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once (a phone's gallery or camera); each is checked by the
    service (type by extension and content, size)."""

    widget = MultiplePhotoInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update(accept=ACCEPT_PHOTOS)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [single(item, initial) for item in files if item]


class DeploymentForm(ActorForm):
    """The report a group sends from the field, on a phone: the group (a leader has only
    theirs), where, when, in which domain, what was done, for how many."""

    group: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("گروه"), queryset=None, empty_label=EMPTY
    )
    place = AreaField(
        label=_("محل خدمت (روستا یا شهر)"), perm=REPORT_DEPLOYMENTS, levels=RESIDENCE_LEVELS
    )
    started_on = JalaliDateField(label=_("تاریخ آغاز"))
    ended_on = JalaliDateField(label=_("تاریخ پایان"))
    domain = forms.ChoiceField(label=_("حوزه"), choices=[("", EMPTY), *Domain.choices])
    work_done = forms.CharField(label=_("کار انجام‌شده"), widget=forms.Textarea(attrs={"rows": 3}))
    people_served = CountField(
        label=_("شمار خدمت‌گیرندگان (نفر)"), min_value=0, max_value=MAX_PEOPLE_SERVED
    )
    volunteers = CountField(label=_("شمار جهادگران"), min_value=1, max_value=MAX_VOLUNTEERS)
    volunteer_days = CountField(
        label=_("نفر-روز خدمت"),
        min_value=1,
        max_value=MAX_VOLUNTEERS * 366,
        required=False,
        help_text=_("خالی: شمار جهادگران × شمار روزها."),
    )
    photos = PhotosField(label=_("عکس‌ها"))

    def clean_group(self) -> Any:
        value = self.cleaned_data["group"]
        if not isinstance(value, str):
            return value
        from abadi.core.persian import to_latin_digits

        group = self.groups.filter(atlas_id=to_latin_digits(value).strip().upper()).first()
        if group is None:
            raise forms.ValidationError(NOT_YOURS)
        return group

    def __init__(self, *args: Any, groups=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = groups
        if groups is not None and groups[: GROUP_CHOICES + 1].count() > GROUP_CHOICES:
            # A province's thousands of groups make no drop-down: the group is named by
            # its Atlas ID (the group page's "report" link fills the choice instead).
            self.fields["group"] = forms.CharField(
                label=_("شناسه اطلس گروه"),
                max_length=ATLAS_ID_LENGTH,
                widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
            )
        else:
            field = self.fields["group"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = groups
            field.error_messages["invalid_choice"] = NOT_YOURS
        self.fields["photos"].help_text = gettext(
            "تا %(max)s عکس جی‌پگ یا پی‌ان‌جی، هر یک تا ۵ مگابایت."
        ) % {"max": to_persian_digits(MAX_PHOTOS)}


class DeploymentEditForm(ActorForm):
    place = AreaField(
        label=_("محل خدمت (روستا یا شهر)"), perm=REPORT_DEPLOYMENTS, levels=RESIDENCE_LEVELS
    )
    started_on = JalaliDateField(label=_("تاریخ آغاز"))
    ended_on = JalaliDateField(label=_("تاریخ پایان"))
    domain = forms.ChoiceField(label=_("حوزه"), choices=Domain.choices)
    work_done = forms.CharField(label=_("کار انجام‌شده"), widget=forms.Textarea(attrs={"rows": 3}))
    people_served = CountField(
        label=_("شمار خدمت‌گیرندگان (نفر)"), min_value=0, max_value=MAX_PEOPLE_SERVED
    )
    volunteers = CountField(label=_("شمار جهادگران"), min_value=1, max_value=MAX_VOLUNTEERS)
    volunteer_days = CountField(
        label=_("نفر-روز خدمت"),
        min_value=1,
        max_value=MAX_VOLUNTEERS * 366,
        required=False,
        help_text=_("خالی: شمار جهادگران × شمار روزها."),
    )


class PhotoForm(forms.Form):
    file = forms.FileField(
        label=_("عکس"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_PHOTOS})
    )
