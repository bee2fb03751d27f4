"""The one place a password is checked, so every way in shares the login throttle."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from abadi.accounts.selectors import login_refused
from abadi.accounts.services import login_failure_record, login_success_record
from abadi.core.context import client_address


class ThrottledModelBackend(ModelBackend):
    """Django's user-name and password check behind the throttle of docs/adr/0007.

    The login page and Django's admin login (and anything else calling ``authenticate``)
    come through here. A refused login raises PermissionDenied, which makes
    ``authenticate`` give up at once without asking another backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        address = client_address(request)
        if login_refused(username=username, address=address):
            raise PermissionDenied("login throttled")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failure_record(username=username, address=address)
        else:
            login_success_record(username=username, address=address)
        return user
