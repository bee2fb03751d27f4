"""Forms of the registry pages: they parse what people type and hand it to the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from abadi.core.forms import ActorForm, JalaliDateField, MobileField, NationalCodeField
from abadi.core.persian import to_persian_digits
from abadi.geography.forms import AreaField
from abadi.geography.models import RESIDENCE_LEVELS
from abadi.people import selectors
from abadi.people.models import Person, Programme, Sex
from abadi.people.permissions import EDIT_PEOPLE, VIEW_BENEFITS, VIEW_PEOPLE

DECILES = [("", "—")] + [(str(n), to_persian_digits(n)) for n in range(1, 11)]


class PersonForm(ActorForm):
    national_code = NationalCodeField(
        label=_("کد ملی"),
        required=False,
        help_text=_("برای کسی که کد ملی ندارد خالی بگذارید."),
    )
    first_name = forms.CharField(label=_("نام"), max_length=100)
    last_name = forms.CharField(label=_("نام خانوادگی"), max_length=100)
    father_name = forms.CharField(label=_("نام پدر"), max_length=100, required=False)
    birth_date = JalaliDateField(label=_("تاریخ تولد"), required=False)
    sex = forms.ChoiceField(label=_("جنسیت"), choices=[("", "—"), *Sex.choices])
    mobile = MobileField(label=_("تلفن همراه"), required=False)
    area = AreaField(
        label=_("محل سکونت (روستا یا شهر)"),
        perm=EDIT_PEOPLE,
        levels=RESIDENCE_LEVELS,
        help_text=_("نام یا کد آماری روستا یا شهر؛ جای آن پس از تایپ نمایش داده می‌شود."),
    )
    income_decile = forms.TypedChoiceField(
        label=_("دهک درآمدی"), choices=DECILES, coerce=int, empty_value=None, required=False
    )
    ikrf_covered = forms.BooleanField(label=_("تحت پوشش کمیته امداد"), required=False)
    welfare_covered = forms.BooleanField(label=_("تحت پوشش بهزیستی"), required=False)
    disabled = forms.BooleanField(label=_("دارای معلولیت"), required=False)
    female_headed = forms.BooleanField(label=_("سرپرست خانوار زن"), required=False)

    FLAGS = ("ikrf_covered", "welfare_covered", "disabled", "female_headed")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sex"].error_messages["required"] = _("جنسیت را انتخاب کنید.")
        self.fields["first_name"].error_messages["required"] = _("نام را وارد کنید.")
        self.fields["last_name"].error_messages["required"] = _("نام خانوادگی را وارد کنید.")

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        initial = {name: getattr(person, name) for name in cls.base_fields if name != "area"}
        initial["area"] = person.area.code
        initial["national_code"] = person.national_code or ""
        return initial

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["national_code"] = data.get("national_code") or None
        return data


class PersonFilterForm(ActorForm):
    q = forms.CharField(
        label=_("جستجو"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("نام، نام خانوادگی، کد ملی یا شماره همراه"),
                "autocomplete": "off",
                "data-testid": "person-search",
            }
        ),
    )
    area = AreaField(label=_("منطقه"), required=False, perm=VIEW_PEOPLE)
    sex = forms.ChoiceField(
        label=_("جنسیت"), choices=[("", _("همه")), *Sex.choices], required=False
    )
    ikrf_covered = forms.BooleanField(label=_("کمیته امداد"), required=False)
    welfare_covered = forms.BooleanField(label=_("بهزیستی"), required=False)
    disabled = forms.BooleanField(label=_("معلولیت"), required=False)
    female_headed = forms.BooleanField(label=_("سرپرست خانوار زن"), required=False)
    no_code = forms.BooleanField(label=_("بدون کد ملی"), required=False)

    def selector_filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        filters: dict[str, Any] = {
            "query": data.get("q") or "",
            "area": data.get("area"),
            "sex": data.get("sex") or "",
        }
        for flag in ("ikrf_covered", "welfare_covered", "disabled", "female_headed"):
            if data.get(flag):
                filters[flag] = True
        if data.get("no_code"):
            filters["has_national_code"] = False
        return filters


class HouseholdFilterForm(ActorForm):
    q = forms.CharField(
        label=_("جستجو"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("نام یا کد ملی سرپرست"),
                "autocomplete": "off",
            }
        ),
    )
    area = AreaField(label=_("منطقه"), required=False, perm=VIEW_PEOPLE)


class PersonByCodeField(NationalCodeField):
    """A person chosen by national code, among those the actor may edit."""

    def __init__(self, **kwargs: Any) -> None:
        self.actor: Any = None
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Person | None:
        code = super().clean(value)
        if not code:
            return None
        person = selectors.person_by_national_code(
            actor=self.actor, national_code=code, perm=EDIT_PEOPLE
        )
        if person is None:
            raise ValidationError(
                _("فردی با کد ملی %(code)s در حوزه شما ثبت نشده است."),
                params={"code": to_persian_digits(code)},
            )
        return person


class HouseholdForm(ActorForm):
    area = AreaField(label=_("محل سکونت (روستا یا شهر)"), perm=EDIT_PEOPLE, levels=RESIDENCE_LEVELS)
    address = forms.CharField(label=_("نشانی"), max_length=300, required=False)
    head = PersonByCodeField(
        label=_("کد ملی سرپرست"),
        required=False,
        help_text=_("سرپرست باید پیش‌تر در سامانه ثبت شده باشد."),
    )


class MemberForm(ActorForm):
    person = PersonByCodeField(label=_("کد ملی عضو"))


def year_choices() -> list[tuple[str, Any]]:
    from abadi.core.jalali import jalali_today

    current = jalali_today().year
    return [("", _("همه سال‌ها"))] + [
        (str(year), to_persian_digits(year)) for year in range(current, current - 8, -1)
    ]


class BenefitFilterForm(ActorForm):
    programme = forms.ChoiceField(
        label=_("برنامه"), choices=[("", _("همه برنامه‌ها")), *Programme.choices], required=False
    )
    year = forms.TypedChoiceField(
        label=_("سال"), choices=year_choices, coerce=int, empty_value=None, required=False
    )
    area = AreaField(label=_("منطقه"), required=False, perm=VIEW_BENEFITS)


class MergeForm(ActorForm):
    keep = forms.TypedChoiceField(label=_("کدام بماند؟"), coerce=int, widget=forms.RadioSelect)
    confirm = forms.BooleanField(
        label=_("می‌دانم که فرد دیگر حذف و همه سوابقش به این فرد منتقل می‌شود."),
        error_messages={"required": _("برای ادغام، این گزینه را تأیید کنید.")},
    )

    def __init__(self, *args: Any, pair: tuple[Person, Person], **kwargs: Any) -> None:
        super().__init__(*args, actor=None, **kwargs)
        self.pair = pair
        self.fields["keep"].choices = [(p.pk, p.full_name) for p in pair]  # type: ignore[attr-defined]
        self.fields["keep"].error_messages["required"] = _("فردی را که می‌ماند انتخاب کنید.")

    def keep_and_drop(self) -> tuple[Person, Person]:
        first, second = self.pair
        return (first, second) if self.cleaned_data["keep"] == first.pk else (second, first)
