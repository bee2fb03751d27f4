"""The targets form: indicator, area, Jalali year and the planned value."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from abadi.core.indicators import Indicator
from abadi.core.persian import to_latin_digits, to_persian_digits
from abadi.geography.forms import AreaField
from abadi.reporting.permissions import SET_TARGETS
from abadi.reporting.services import MAX_YEAR, MIN_YEAR

_SEPARATORS = re.compile(r"[,٬،'\s\u200c]+")


class PlanValueField(forms.CharField):
    """A non-negative whole number in Persian or Latin digits, separators allowed."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = _SEPARATORS.sub("", to_latin_digits(super().to_python(value) or ""))
        if not text:
            return None
        if not text.isdigit():
            raise forms.ValidationError(
                _("مقدار برنامه باید عددی صحیح و نامنفی باشد."), code="invalid"
            )
        return int(text)


class TargetForm(forms.Form):
    key = forms.ChoiceField(label=_("شاخص"))
    area = AreaField(label=_("منطقه"), perm=SET_TARGETS)
    year = forms.TypedChoiceField(label=_("سال"), coerce=int)
    value = PlanValueField(label=_("مقدار برنامه"), help_text=_("مبالغ به ریال."))
    note = forms.CharField(label=_("یادداشت"), required=False, max_length=300)

    def __init__(
        self,
        *args,
        indicators: list[Indicator],
        years: list[int],
        actor,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["area"].actor = actor  # type: ignore[attr-defined]
        choices: dict[str, list[tuple[Any, str]]] = {
            "key": [(i.key, f"{i.name} ({i.unit.label})") for i in indicators],
            "year": [(y, to_persian_digits(y)) for y in years],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not MIN_YEAR <= year < MAX_YEAR:
            raise forms.ValidationError(_("سال نادرست است."))
        return year
