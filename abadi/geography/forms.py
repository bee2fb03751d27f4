import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from abadi.core.forms import JalaliDateField
from abadi.geography.models import PARENT_LEVEL, RESIDENCE_LEVELS, Area, AreaLevel


class AreaCreateForm(forms.Form):
    code = forms.CharField(
        label=_("کد"), max_length=20, help_text=_("کد مرکز آمار؛ برای شهرستان چهار رقم، مثلاً ۲۴۱۲.")
    )
    name = forms.CharField(label=_("نام"), max_length=150)
    level = forms.ChoiceField(label=_("سطح"))

    def __init__(self, *args, parent_level: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(inputmode="numeric", dir="ltr")
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.ChoiceField)
        level_field.choices = [
            (level, AreaLevel(level).label)
            for level, above in PARENT_LEVEL.items()
            if above == parent_level
        ]


class AreaMoveForm(forms.Form):
    new_parent = forms.CharField(
        label=_("بالادست جدید"),
        max_length=150,
        help_text=_("کد یا نام منطقه‌ای که این منطقه زیر آن می‌رود."),
    )
    effective_date = JalaliDateField(label=_("تاریخ اجرا"))


class AreaInput(forms.TextInput):
    """An area typed as a code or a name; what it names appears beside it as one types
    (``geography:area_hint``), with the candidates when a name is shared."""

    template_name = "geography/widgets/area_input.html"

    def __init__(self, *, levels: tuple[str, ...] | None, perm: str) -> None:
        self.levels, self.perm = levels, perm
        super().__init__(
            {
                "autocomplete": "off",
                "placeholder": _example(levels),
                "hx-get": reverse_lazy("geography:area_hint"),
                "hx-trigger": "input changed delay:300ms, load",
                "hx-vals": json.dumps({"levels": ",".join(levels or ()), "perm": perm}),
                "hx-target": "next .area-hint",
                "data-testid": "area-input",
            }
        )

    def on_invalid(self) -> None:
        # The error below the field already says what the hint would; hint again on typing.
        self.attrs["hx-trigger"] = "input changed delay:300ms"


def _example(levels: tuple[str, ...] | None) -> str:
    if levels and set(levels) <= set(RESIDENCE_LEVELS):
        return str(_("نام یا کد آبادی، مثلاً اسبو یا ۲۴۰۳۰۱۰۰۰۱۰۰۱"))
    if levels == (AreaLevel.COUNTY,):
        return str(_("نام یا کد شهرستان، مثلاً خلخال یا ۲۴۰۳"))
    return str(_("نام یا کد منطقه، مثلاً خلخال یا ۲۴۰۳"))


class AreaField(forms.CharField):
    """An area a person names by code or name, within the areas the form's actor holds
    ``perm`` in, of one of ``levels``; cleans to the :class:`Area` (see
    :func:`abadi.geography.selectors.area_from_input`)."""

    def __init__(self, *, perm: str, levels: tuple[str, ...] | None = None, **kwargs: Any) -> None:
        self.perm, self.levels, self.actor = perm, levels, None
        kwargs.setdefault("widget", AreaInput(levels=levels, perm=perm))
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("error_messages", {"required": _("منطقه را وارد کنید.")})
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Area | None:
        text = super().clean(value)
        if not text:
            return None
        from abadi.geography.selectors import area_from_input

        try:
            return area_from_input(actor=self.actor, perm=self.perm, text=text, levels=self.levels)
        except ValidationError as error:
            raise ValidationError(error.messages) from error

    def prepare_value(self, value: Any) -> Any:
        return value.code if isinstance(value, Area) else value
