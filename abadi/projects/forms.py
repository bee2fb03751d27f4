"""Forms of the projects pages: they parse what people type and hand it to the services."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from abadi.core.files import PHOTO_KINDS
from abadi.core.forms import ActorForm, AmountField, CountField, JalaliDateField, NationalCodeField
from abadi.core.persian import to_latin_digits, to_persian_digits
from abadi.geography.forms import AreaField
from abadi.geography.models import AreaLevel
from abadi.projects.models import (
    CAPACITY_MAX,
    MAX_PHOTOS_PER_REPORT,
    ExecutorKind,
    FunderKind,
    ProjectType,
)
from abadi.projects.permissions import MANAGE_PLANS, REGISTER_PROJECTS

EMPTY = _("— انتخاب کنید —")
# Places are separated by new lines, the Persian or Latin comma or a semicolon; a name may
# carry its county after a dash ("اسبو — خلخال"), which stays with it.
_PLACE_SEPARATORS = re.compile(r"[\n\r؛;]+")


def _accept(kinds: tuple[str, ...]) -> str:
    return ",".join(f".{kind}" for kind in kinds)


class ScaledInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class ScaledField(forms.Field):
    """A quantity typed in a larger unit with decimals (kilowatts, kilometres) and stored
    as a whole number of the smaller one (watts, metres): "۳٫۵" kW is 3500 W."""

    widget = ScaledInput
    default_error_messages = {
        "invalid": _("«%(value)s» عدد نیست؛ مثلاً ۵ یا ۳٫۵ بنویسید."),
        "min_value": _("باید بیشتر از صفر باشد."),
        "max_value": _("نباید بیشتر از %(limit)s باشد."),
    }

    def __init__(self, *, scale: int, max_value: int, **kwargs: Any) -> None:
        self.scale, self.max_value = scale, max_value
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = to_latin_digits(str(value)).strip().replace("٫", ".").replace("/", ".")
        try:
            number = Decimal(text)
        except InvalidOperation as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from error
        if not number.is_finite():
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        return int((number * self.scale).to_integral_value(rounding=ROUND_HALF_UP))

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        if value <= 0:
            raise ValidationError(self.error_messages["min_value"], code="min_value")
        if value > self.max_value:
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": to_persian_digits(self.max_value // self.scale)},
            )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return to_persian_digits(f"{value / self.scale:g}").replace(".", "٫")
        return value


class PlacesInput(forms.Textarea):
    """The places typed one a line; what each names appears below as one types."""

    def __init__(self) -> None:
        super().__init__(
            {
                "rows": 2,
                "autocomplete": "off",
                "placeholder": _(
                    "نام یا کد روستا یا شهر، مثلاً اسبو — خلخال؛ برای آبرسانی هر روستا در یک سطر"
                ),
                "hx-get": reverse_lazy("projects:place_hint"),
                "hx-trigger": "input changed delay:400ms, load",
                "hx-target": "next .area-hint",
                "data-testid": "places-input",
            }
        )

    template_name = "projects/widgets/places_input.html"


def split_places(text: str) -> list[str]:
    return [part.strip() for part in _PLACE_SEPARATORS.split(text or "") if part.strip()]


class PlacesField(forms.CharField):
    """Villages or cities anywhere in Iran, one a line; cleans to the list of areas."""

    widget = PlacesInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20_000)
        kwargs.setdefault("error_messages", {"required": _("محل اجرای پروژه را وارد کنید.")})
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[Any]:
        text = super().clean(value)
        from abadi.projects.selectors import places_from_input

        try:
            return places_from_input(texts=split_places(text))
        except ValidationError as error:
            raise ValidationError(error.messages) from error


def _capacity_fields() -> dict[str, forms.Field]:
    return {
        "housing_units": CountField(
            label=_("واحد مسکونی"),
            min_value=1,
            max_value=CAPACITY_MAX["housing_units"],
            required=False,
        ),
        "floor_area_m2": CountField(
            label=_("زیربنا (متر مربع)"),
            min_value=1,
            max_value=CAPACITY_MAX["floor_area_m2"],
            required=False,
        ),
        "households_served": CountField(
            label=_("خانوار بهره‌مند"),
            min_value=1,
            max_value=CAPACITY_MAX["households_served"],
            required=False,
        ),
        "power_watts": ScaledField(
            label=_("توان (کیلووات)"),
            scale=1000,
            max_value=CAPACITY_MAX["power_watts"],
            required=False,
        ),
        "length_m": ScaledField(
            label=_("طول (کیلومتر)"), scale=1000, max_value=CAPACITY_MAX["length_m"], required=False
        ),
        "classrooms": CountField(
            label=_("کلاس درس"), min_value=1, max_value=CAPACITY_MAX["classrooms"], required=False
        ),
    }


SHARE_ROWS = (
    ("agency_1", FunderKind.AGENCY),
    ("agency_2", FunderKind.AGENCY),
    ("donor_1", FunderKind.DONOR),
    ("donor_2", FunderKind.DONOR),
    ("office", FunderKind.OFFICE),
    ("beneficiary", FunderKind.BENEFICIARY),
)


class FundingFields(ActorForm):
    """The budget and the shares of up to two agencies, two donors, the office and the
    beneficiary (the API and imports take any number)."""

    def __init__(self, *args: Any, organisations=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget"] = AmountField(label=_("اعتبار کل پروژه (ریال)"))
        for name, kind in SHARE_ROWS:
            if kind == FunderKind.AGENCY:
                field: forms.Field = forms.ModelChoiceField(
                    label=_("دستگاه تأمین‌کننده"),
                    queryset=organisations,
                    required=False,
                    empty_label=_("— دستگاه —"),
                )
                self.fields[name] = field
            elif kind == FunderKind.DONOR:
                self.fields[f"{name}_name"] = forms.CharField(
                    label=_("نام خیّر"), max_length=200, required=False
                )
            self.fields[f"{name}_amount"] = AmountField(
                label=_("سهم (ریال)")
                if kind in (FunderKind.AGENCY, FunderKind.DONOR)
                else (
                    _("سهم بسیج سازندگی (ریال)")
                    if kind == FunderKind.OFFICE
                    else _("آورده بهره‌بردار (ریال)")
                ),
                required=False,
            )

    def shares(self) -> list[Any]:
        from abadi.projects.services import FundingShare

        data, shares = self.cleaned_data, []
        for name, kind in SHARE_ROWS:
            amount = data.get(f"{name}_amount")
            if not amount:
                continue
            shares.append(
                FundingShare(
                    kind=kind,
                    amount=amount,
                    organisation=data.get(name) if kind == FunderKind.AGENCY else None,
                    donor_name=data.get(f"{name}_name") or "" if kind == FunderKind.DONOR else "",
                )
            )
        return shares

    def clean(self):
        cleaned = super().clean()
        for name, kind in SHARE_ROWS:
            amount = cleaned.get(f"{name}_amount")
            if kind == FunderKind.AGENCY and amount and not cleaned.get(name):
                self.add_error(name, _("دستگاهی را که این سهم را می‌دهد انتخاب کنید."))
            if kind == FunderKind.DONOR and amount and not cleaned.get(f"{name}_name"):
                self.add_error(f"{name}_name", _("نام خیّر را بنویسید."))
        return cleaned

    def share_rows(self) -> list[dict[str, Any]]:
        """The share fields grouped by row, for the template."""
        rows = []
        for name, kind in SHARE_ROWS:
            who = (
                self[name]
                if kind == FunderKind.AGENCY
                else (self[f"{name}_name"] if kind == FunderKind.DONOR else None)
            )
            rows.append({"kind": kind, "who": who, "amount": self[f"{name}_amount"]})
        return rows


class ProjectForm(FundingFields):
    """Register a project: what, where, for whom (the office), by whom, for how much."""

    def __init__(self, *args: Any, organisations=None, **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        base = {
            "title": forms.CharField(label=_("عنوان پروژه"), max_length=200),
            "project_type": forms.ChoiceField(
                label=_("نوع پروژه"),
                choices=[("", EMPTY), *ProjectType.choices],
                widget=forms.Select(attrs={"data-capacity-type": True}),
            ),
            "places": PlacesField(
                label=_("محل اجرا (روستا یا شهر، در هر جای کشور)"),
                help_text=_("برای آبرسانی روستاهای زیر پوشش را هر کدام در یک سطر بنویسید."),
            ),
            "area": AreaField(
                perm=REGISTER_PROJECTS,
                levels=(AreaLevel.PROVINCE, AreaLevel.COUNTY),
                label=_("دفتر مسئول"),
                required=False,
                help_text=_("خالی: شهرستان محل اجرا (اگر در حوزه شماست)، وگرنه دفتر شما."),
            ),
            "executor_kind": forms.ChoiceField(
                label=_("مجری"), choices=[("", EMPTY), *ExecutorKind.choices]
            ),
            "executor_organisation": forms.ModelChoiceField(
                label=_("پیمانکار یا دستگاه مجری"),
                queryset=organisations,
                required=False,
                empty_label=_("— برای پیمانکار یا دستگاه —"),
            ),
            "executor_group_name": forms.CharField(
                label=_("نام گروه جهادی مجری"), max_length=200, required=False
            ),
            "executor_group_atlas_id": forms.CharField(
                label=_("شناسه اطلس گروه جهادی"), max_length=32, required=False
            ),
        }
        capacity = _capacity_fields()
        tail = {
            "description": forms.CharField(
                label=_("شرح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            ),
            "planned_on": JalaliDateField(
                label=_("تاریخ ثبت در برنامه"),
                required=False,
                help_text=_("خالی: امروز. برای ثبت سوابق گذشته."),
            ),
        }
        funding = dict(self.fields)
        self.fields.clear()
        self.fields.update(base)
        self.fields.update(capacity)
        self.fields.update(funding)
        self.fields.update(tail)
        for name, field in self.fields.items():
            if hasattr(field, "actor"):
                field.actor = self.actor  # type: ignore[attr-defined]
            if name in capacity:
                field.widget.attrs["data-capacity"] = name

    def capacity(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in _capacity_fields()}

    def executor(self) -> Any:
        from abadi.projects.services import Executor

        data = self.cleaned_data
        return Executor(
            kind=data.get("executor_kind") or "",
            organisation=data.get("executor_organisation"),
            group_atlas_id=to_latin_digits(data.get("executor_group_atlas_id") or ""),
            group_name=data.get("executor_group_name") or "",
        )


class FundingForm(FundingFields):
    """Change the budget and its shares."""


def _effective_date(label) -> JalaliDateField:
    return JalaliDateField(
        label=label, required=False, help_text=_("روزی که این گام انجام شد؛ خالی: امروز.")
    )


class StepForm(forms.Form):
    on = _effective_date(_("تاریخ"))
    note = forms.CharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    on = _effective_date(_("تاریخ"))
    reason = forms.CharField(label=_("دلیل"), widget=forms.Textarea(attrs={"rows": 2}))


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once (a phone's camera or its gallery); cleans to a list."""

    widget = PhotosInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(PhotosField, self).clean(file, initial) for file in files]


class ProgressForm(forms.Form):
    date = JalaliDateField(label=_("تاریخ بازدید"))
    percent = CountField(label=_("درصد پیشرفت"), min_value=0, max_value=100)
    text = forms.CharField(
        label=_("شرح پیشرفت"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = PhotosField(
        label=_("عکس‌ها (جی‌پگ یا پی‌ان‌جی، هر کدام تا ۸ مگابایت، حداکثر %(n)s عکس)")
        % {"n": to_persian_digits(MAX_PHOTOS_PER_REPORT)},
        required=False,
        widget=PhotosInput(
            attrs={
                "accept": _accept(PHOTO_KINDS),
                "capture": "environment",
                "data-testid": "photos",
            }
        ),
    )


class PhotoForm(forms.Form):
    file = forms.FileField(
        label=_("عکس (جی‌پگ یا پی‌ان‌جی، تا ۸ مگابایت)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": _accept(PHOTO_KINDS), "capture": "environment"}
        ),
    )


class BeneficiaryForm(forms.Form):
    national_code = NationalCodeField(
        label=_("کد ملی یکی از اعضای خانوار"),
        help_text=_("خانوار باید در دفتر افراد حوزه شما ثبت شده باشد."),
    )


class PlanForm(ActorForm):
    area = AreaField(
        perm=MANAGE_PLANS, levels=(AreaLevel.PROVINCE, AreaLevel.COUNTY), label=_("دفتر")
    )
    year = CountField(label=_("سال"), min_value=1300, max_value=1500)
    project_type = forms.ChoiceField(
        label=_("نوع پروژه"), choices=[("", EMPTY), *ProjectType.choices]
    )
    count = CountField(label=_("شمار پروژه‌ها"), min_value=0, max_value=1_000_000)
    units = CountField(
        label=_("واحد مسکونی (برای مسکن)"), min_value=0, max_value=10_000_000, required=False
    )
    note = forms.CharField(label=_("یادداشت"), max_length=300, required=False)
