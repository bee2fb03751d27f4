"""One login throttle for every way in (docs/adr/0007-login-throttling.md)."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.test import RequestFactory, override_settings

from abadi.accounts.models import LoginThrottle, User
from abadi.core import clock
from abadi.core.models import AuditEvent

PASSWORD = "a-long-password-1"
LOCKED = "قفل"
WRONG = "نام کاربری یا گذرواژه نادرست است."

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return User.objects.create_user(username="sara", password=PASSWORD, is_staff=True)


def page_login(client, username, password, address="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def admin_login(client, username, password, address="10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@override_settings(ABADI_LOGIN_MAX_FAILURES=5)
def test_the_admin_login_refuses_an_account_locked_on_the_login_page(client, staff):
    for _ in range(5):
        page_login(client, "sara", "wrong")
    admin_login(client, "sara", PASSWORD)
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302  # back to the admin's login


@override_settings(ABADI_LOGIN_MAX_FAILURES=5)
def test_admin_login_failures_lock_the_login_page_too(client, staff):
    for _ in range(5):
        admin_login(client, "sara", "wrong")
    response = page_login(client, "sara", PASSWORD)
    assert LOCKED in response.content.decode()
    assert not signed_in(client)


@override_settings(ABADI_LOGIN_MAX_FAILURES=3)
def test_any_caller_of_authenticate_meets_the_lock(staff):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9")
    for _ in range(3):
        assert authenticate(request, username="sara", password="wrong") is None
    assert authenticate(request, username="sara", password=PASSWORD) is None


@override_settings(ABADI_LOGIN_MAX_FAILURES=3)
def test_a_lock_from_one_address_leaves_the_user_a_way_in_from_another(client, staff):
    for _ in range(3):
        page_login(client, "sara", "wrong", address="203.0.113.7")
    assert LOCKED in page_login(client, "sara", PASSWORD, address="203.0.113.7").content.decode()
    page_login(client, "sara", PASSWORD, address="10.0.0.2")
    assert signed_in(client)


@override_settings(ABADI_LOGIN_MAX_FAILURES=3, ABADI_LOCKOUT_MINUTES=15)
def test_a_lock_lifts_by_itself(client, staff):
    for _ in range(3):
        page_login(client, "sara", "wrong")
    with time_machine.travel(clock.now() + datetime.timedelta(minutes=16), tick=False):
        page_login(client, "sara", PASSWORD)
    assert signed_in(client)


@override_settings(ABADI_LOGIN_MAX_FAILURES=5, ABADI_LOGIN_MAX_FAILURES_ADDRESS=6)
def test_an_address_trying_many_names_is_locked(client, staff):
    for name in ["ali", "reza", "maryam", "zahra", "hasan", "sara"]:
        page_login(client, name, "wrong", address="198.51.100.4")
    assert LOCKED in page_login(client, "sara", PASSWORD, address="198.51.100.4").content.decode()
    assert AuditEvent.objects.filter(action="address.locked").count() == 1
    page_login(client, "sara", PASSWORD, address="10.0.0.2")
    assert signed_in(client)


@override_settings(ABADI_LOGIN_MAX_FAILURES=5, ABADI_LOGIN_MAX_FAILURES_ACCOUNT=4)
def test_many_addresses_on_one_name_lock_out_only_unknown_addresses(client, staff):
    page_login(client, "sara", PASSWORD, address="10.0.0.2")  # her office
    client.post("/accounts/logout/")
    for number in range(4):
        page_login(client, "sara", "wrong", address=f"198.51.100.{number}")
    assert LOCKED in page_login(client, "sara", PASSWORD, address="198.51.100.99").content.decode()
    page_login(client, "sara", PASSWORD, address="10.0.0.2")
    assert signed_in(client)


def _answer(response) -> str:
    """The page without its CSRF tokens, which differ on every response."""
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.content.decode())


@override_settings(ABADI_LOGIN_MAX_FAILURES=3)
def test_an_unknown_user_and_a_wrong_password_get_the_same_answers(staff):
    from django.test import Client

    for attempt in range(4):
        known = page_login(Client(), "sara", "wrong", address="10.0.0.3")
        unknown = page_login(Client(), "nobody", "wrong", address="10.0.0.4")
        assert known.status_code == unknown.status_code
        assert _answer(known) == _answer(unknown).replace('value="nobody"', 'value="sara"')
        assert (LOCKED in known.content.decode()) == (attempt >= 3)
        assert (WRONG in known.content.decode()) == (attempt < 3)


@override_settings(ABADI_LOGIN_MAX_FAILURES=3)
def test_a_success_starts_the_pair_afresh_but_not_the_address(client, staff):
    page_login(client, "sara", "wrong")
    page_login(client, "sara", "wrong")
    page_login(client, "sara", PASSWORD)
    pair = LoginThrottle.objects.get(scope="pair", username="sara", address="10.0.0.1")
    assert pair.failures == 0 and pair.succeeded_at is not None
    assert LoginThrottle.objects.get(scope="address", address="10.0.0.1").failures == 2


@override_settings(ABADI_PROXY_HOPS=1, ABADI_LOGIN_MAX_FAILURES=3)
def test_behind_a_proxy_each_client_is_counted_by_its_forwarded_address(client, staff):
    def through_proxy(password, forwarded):
        return client.post(
            "/accounts/login/",
            {"username": "sara", "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for _ in range(3):
        through_proxy("wrong", "10.9.9.9, 203.0.113.7")  # the left entry is the client's word
    assert LoginThrottle.objects.filter(
        scope="pair", address="203.0.113.7", locked_until__isnull=False
    ).exists()
    through_proxy(PASSWORD, "203.0.113.8")
    assert signed_in(client)
