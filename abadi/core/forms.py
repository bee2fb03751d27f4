"""Form fields for what every app asks people for: Jalali dates, rials, national codes, mobiles.

Each field accepts what people actually type (Persian, Arabic or Latin digits, separators,
prefixes), cleans to the stored form (Gregorian ``date``, ``int`` rials, "0012345679",
"09121234567") and shows stored values back the way people read them. Their errors are the
Persian messages of :mod:`abadi.core.jalali`, :mod:`abadi.core.money` and
:mod:`abadi.core.validators`, so a form, the API and an import say the same thing.
"""

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from abadi.core.jalali import EXAMPLE, format_jalali, parse_jalali
from abadi.core.money import format_rials, parse_amount
from abadi.core.persian import group_digits, to_latin_digits, to_persian_digits
from abadi.core.validators import (
    normalize_mobile,
    normalize_national_code,
    validate_national_code,
)

# Thousands separators people type: the Persian ٬, the Arabic ، and comma, spaces.
_THOUSANDS = re.compile(r"[\s,٬،']")


def _blank(value: Any) -> bool:
    """Empty, or only spaces: an optional field left blank, not a malformed value."""
    return value is None or (isinstance(value, str) and not value.strip())


class _DigitsInput(forms.TextInput):
    """A text box for digits: numeric keypad on phones, no autofill of unrelated numbers."""

    default_attrs: dict[str, Any] = {"inputmode": "numeric", "autocomplete": "off"}

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({**self.default_attrs, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        # What the box shows (a stored value, what was typed) in Persian digits.
        shown = super().format_value(value)
        return to_persian_digits(shown) if shown else shown


class JalaliDateInput(_DigitsInput):
    """A text box the Jalali picker (static/core/jalali-picker.js) attaches to.

    A text box rather than ``<input type=date>``: browsers' native pickers are Gregorian.
    Typing stays possible — the server parses whatever digits and separators arrive.
    """

    template_name = "core/widgets/jalali_date.html"

    class Media:
        js = ("core/jalali-picker.js",)
        css = {"all": ("core/jalali-picker.css",)}

    default_attrs = {
        "data-jalali-picker": True,
        "inputmode": "numeric",
        "placeholder": EXAMPLE,
        "autocomplete": "off",
    }

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            return format_jalali(value)
        return super().format_value(value)


class JalaliDateField(forms.Field):
    """A date typed or picked in the Jalali calendar; cleans to a Gregorian ``date``."""

    widget = JalaliDateInput
    default_error_messages = {"required": _("تاریخ را وارد کنید.")}

    def to_python(self, value: Any) -> datetime.date | None:
        if _blank(value):
            return None
        return parse_jalali(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return format_jalali(value)
        return value


class AmountInput(_DigitsInput):
    """A text box with the unit beside it, so nobody types tomans into a rial field."""

    template_name = "core/widgets/amount.html"


class AmountField(forms.Field):
    """An amount in rials; accepts "۱۲٬۵۰۰", "12,500 ریال" and shows "۱۲٬۵۰۰"."""

    widget = AmountInput
    default_error_messages = {
        "required": _("مبلغ را وارد کنید."),
        "max_value": _("مبلغ نباید بیشتر از %(max)s باشد."),
    }

    def __init__(self, *, min_value: int = 1, max_value: int | None = None, **kwargs: Any) -> None:
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if _blank(value):
            return None
        return parse_amount(value, min_value=self.min_value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"max": format_rials(self.max_value)},
            )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return group_digits(value)
        return value


class NationalCodeInput(_DigitsInput):
    """Its own class so a project can restyle national-code boxes without touching others."""


class MobileInput(_DigitsInput):
    """``type=tel`` brings up the phone keypad on mobiles, where most field staff type."""

    input_type = "tel"
    default_attrs = {"inputmode": "tel", "autocomplete": "tel", "placeholder": "۰۹۱۲۳۴۵۶۷۸۹"}


class NationalCodeField(forms.CharField):
    """A national code (کد ملی); cleans to ten Latin digits with a valid check digit."""

    widget = NationalCodeInput
    default_validators = [validate_national_code]
    default_error_messages = {"required": _("کد ملی را وارد کنید.")}

    def to_python(self, value: Any) -> str | None:
        value = super().to_python(value)
        if value in self.empty_values:
            return self.empty_value
        return normalize_national_code(value)


class MobileField(forms.CharField):
    """An Iranian mobile number; cleans to "09xxxxxxxxx" whatever prefix was typed."""

    widget = MobileInput
    default_error_messages = {"required": _("شماره همراه را وارد کنید.")}

    def to_python(self, value: Any) -> str | None:
        value = super().to_python(value)
        if value in self.empty_values:
            return self.empty_value
        return normalize_mobile(value)


def _invalid_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input is-invalid"
    if isinstance(widget, forms.Select):
        return "form-select is-invalid"
    return "form-control is-invalid"


class ActorForm(forms.Form):
    """A form that knows who fills it in: fields with an ``actor`` attribute (an area or a
    person chosen within the user's areas) are given it; invalid fields are marked for the
    eye (Bootstrap) and for screen readers."""

    def __init__(self, *args: Any, actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        for field in self.fields.values():
            if hasattr(field, "actor"):
                field.actor = actor

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = _invalid_class(widget)
                widget.attrs["aria-invalid"] = "true"
                on_invalid = getattr(widget, "on_invalid", None)
                if on_invalid is not None:
                    on_invalid()


class CountInput(_DigitsInput):
    """A whole number typed in any digits (a number box would drop Persian digits)."""


class CountField(forms.Field):
    """A count (people, jobs, months, a year…): Persian, Arabic-Indic or Latin digits and
    thousands separators are read alike ("۱٬۲۰۰", "1,200", "١٢٠٠" are all 1200)."""

    widget = CountInput
    default_error_messages = {
        "required": _("این عدد را وارد کنید."),
        "invalid": _("«%(value)s» عدد صحیح نیست."),
        "min_value": _("عدد نباید کمتر از %(limit)s باشد."),
        "max_value": _("عدد نباید بیشتر از %(limit)s باشد."),
    }

    def __init__(self, *, min_value: int = 0, max_value: int, **kwargs: Any) -> None:
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if _blank(value):
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = to_latin_digits(str(value)).strip()
        digits = _THOUSANDS.sub("", text)
        if not (digits.isascii() and digits.lstrip("-").isdigit()) or len(digits) > 18:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        return int(digits)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        for limit, code, wrong in (
            (self.min_value, "min_value", value < self.min_value),
            (self.max_value, "max_value", value > self.max_value),
        ):
            if wrong:
                raise forms.ValidationError(
                    self.error_messages[code], code=code, params={"limit": group_digits(limit)}
                )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return to_persian_digits(value)
        return value
