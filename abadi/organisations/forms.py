from django import forms
from django.utils.translation import gettext_lazy as _

from abadi.core.forms import ActorForm
from abadi.core.permissions import MANAGE_ORGANISATIONS
from abadi.geography.forms import AreaField
from abadi.organisations.models import OrganisationKind


class OrganisationForm(ActorForm):
    name = forms.CharField(label=_("نام"), max_length=200)
    kind = forms.ChoiceField(label=_("نوع"), choices=OrganisationKind.choices)
    area = AreaField(label=_("منطقه"), perm=MANAGE_ORGANISATIONS)
    phone = forms.CharField(label=_("تلفن"), max_length=30, required=False)


class BranchForm(ActorForm):
    name = forms.CharField(label=_("نام شعبه"), max_length=200)
    code = forms.CharField(label=_("کد شعبه"), max_length=30, required=False)
    area = AreaField(label=_("منطقه"), perm=MANAGE_ORGANISATIONS)
    address = forms.CharField(label=_("نشانی"), max_length=300, required=False)
