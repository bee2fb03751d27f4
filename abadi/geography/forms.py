import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from abadi.core.forms import ActorForm, JalaliDateField
from abadi.core.permissions import MANAGE_AREAS
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


class AreaInput(forms.TextInput):
    """An area typed as a code or a name: as one types, the places whose name holds the text
    are listed below the box to choose from (``geography:area_hint``, driven by
    ``static/geography/area-input.js``), and the place the box names is confirmed as
    "village — rural district — county"."""

    template_name = "geography/widgets/area_input.html"

    def __init__(self, *, levels: tuple[str, ...] | None, perm: str, above: bool = False) -> None:
        self.levels, self.perm = levels, perm
        controls = {"levels": ",".join(levels or ()), "perm": perm}
        if above:
            controls["above"] = "1"
        super().__init__(
            {
                "autocomplete": "off",
                "dir": "auto",
                "enterkeyhint": "next",
                "placeholder": _example(levels),
                "hx-get": reverse_lazy("geography:area_hint"),
                "hx-trigger": "input changed delay:250ms, load",
                "hx-vals": json.dumps(controls),
                "hx-target": "next .area-hint",
                "hx-sync": "this:replace",
                "role": "combobox",
                "aria-autocomplete": "list",
                "data-testid": "area-input",
            }
        )

    def format_value(self, value: Any) -> str | None:
        from abadi.core.persian import to_persian_digits

        shown = super().format_value(value)
        return to_persian_digits(shown) if shown else shown

    def on_invalid(self) -> None:
        # The error below the field already says what the hint would; hint again on typing.
        self.attrs["hx-trigger"] = "input changed delay:250ms"


def _example(levels: tuple[str, ...] | None, area: Area | None = None) -> str:
    """The box's placeholder: what to type, with an example (one of the user's own places
    once the form knows who fills it in)."""
    from abadi.core.persian import to_persian_digits

    if levels and set(levels) <= set(RESIDENCE_LEVELS):
        name, code = ("اسبو", "2403010001001") if area is None else (area.name, area.code)
        return str(_("نام یا کد آبادی، مثلاً %(name)s یا %(code)s")) % {
            "name": name,
            "code": to_persian_digits(code),
        }
    if levels == (AreaLevel.COUNTY,):
        name, code = ("خلخال", "2403") if area is None else (area.name, area.code)
        return str(_("نام یا کد شهرستان، مثلاً %(name)s یا %(code)s")) % {
            "name": name,
            "code": to_persian_digits(code),
        }
    name, code = ("خلخال", "2403") if area is None else (area.name, area.code)
    return str(_("نام یا کد منطقه، مثلاً %(name)s یا %(code)s")) % {
        "name": name,
        "code": to_persian_digits(code),
    }


class AreaField(forms.CharField):
    """An area a person names by code or name, within the areas the form's actor holds
    ``perm`` in, of one of ``levels``; cleans to the :class:`Area` (see
    :func:`abadi.geography.selectors.area_from_input`)."""

    def __init__(
        self,
        *,
        perm: str,
        levels: tuple[str, ...] | None = None,
        above: bool = False,
        **kwargs: Any,
    ) -> None:
        self.perm, self.levels, self.above, self._actor = perm, levels, above, None
        kwargs.setdefault("widget", AreaInput(levels=levels, perm=perm, above=above))
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("error_messages", {"required": _("منطقه را وارد کنید.")})
        super().__init__(**kwargs)

    @property
    def actor(self) -> Any:
        return self._actor

    @actor.setter
    def actor(self, actor: Any) -> None:
        # The form now knows who fills it in: the example becomes one of their own places.
        self._actor = actor
        if getattr(actor, "pk", None) is None:
            return
        from abadi.geography.selectors import example_area

        area = example_area(actor=actor, perm=self.perm, levels=self.levels)
        if area is not None:
            self.widget.attrs["placeholder"] = _example(self.levels, area)

    def clean(self, value: Any) -> Area | None:
        text = super().clean(value)
        if not text:
            return None
        from abadi.geography.selectors import area_from_input

        try:
            return area_from_input(
                actor=self.actor, perm=self.perm, text=text, levels=self.levels, above=self.above
            )
        except ValidationError as error:
            raise ValidationError(error.messages) from error

    def prepare_value(self, value: Any) -> Any:
        # Codes in Persian digits, as a person reads and types them (both are accepted).
        from abadi.core.persian import to_persian_digits

        return to_persian_digits(value.code) if isinstance(value, Area) else value


class AreaMoveForm(ActorForm):
    new_parent = AreaField(
        label=_("بالادست جدید"),
        perm=MANAGE_AREAS,
        help_text=_("منطقه‌ای که این منطقه زیر آن می‌رود."),
    )
    effective_date = JalaliDateField(label=_("تاریخ اجرا"))
