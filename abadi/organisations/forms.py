from django import forms
from django.utils.translation import gettext_lazy as _

from abadi.core.persian import to_latin_digits
from abadi.geography.models import Area
from abadi.organisations.models import OrganisationKind


class AreaCodeField(forms.CharField):
    """An area typed as its Statistical Centre code (Persian or Latin digits)."""

    default_error_messages = {"unknown": _("منطقه‌ای با این کد پیدا نشد.")}

    def to_python(self, value):
        code = to_latin_digits(super().to_python(value)).strip()
        if not code:
            return None
        area = Area.objects.filter(code=code).first()
        if area is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return area

    def prepare_value(self, value):
        return value.code if isinstance(value, Area) else value


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("نام"), max_length=200)
    kind = forms.ChoiceField(label=_("نوع"), choices=OrganisationKind.choices)
    area = AreaCodeField(label=_("کد منطقه"), help_text=_("مثلاً ۲۴ برای استان اردبیل"))
    phone = forms.CharField(label=_("تلفن"), max_length=30, required=False)


class BranchForm(forms.Form):
    name = forms.CharField(label=_("نام شعبه"), max_length=200)
    code = forms.CharField(label=_("کد شعبه"), max_length=30, required=False)
    area = AreaCodeField(label=_("کد منطقه"))
    address = forms.CharField(label=_("نشانی"), max_length=300, required=False)
