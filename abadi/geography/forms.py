from django import forms
from django.utils.translation import gettext_lazy as _

from abadi.core.forms import JalaliDateField
from abadi.geography.models import PARENT_LEVEL, AreaLevel


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
