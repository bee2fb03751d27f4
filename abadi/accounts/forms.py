from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from abadi.accounts.services import login_check


class LoginForm(forms.Form):
    username = forms.CharField(label=_("نام کاربری"), max_length=150)
    password = forms.CharField(label=_("گذرواژه"), widget=forms.PasswordInput)

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.user = login_check(
                request=self.request, username=data["username"], password=data["password"]
            )
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0]) from error
        return data
