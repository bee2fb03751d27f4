"""Response headers and sessions: the Content-Security-Policy, and sessions that end after
a working day without a request."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session

from abadi.core import clock

pytestmark = pytest.mark.django_db


def assert_strict_policy(response) -> None:
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_login_page_and_the_admin_send_a_strict_policy(client):
    assert_strict_policy(client.get("/accounts/login/"))
    assert_strict_policy(client.get("/admin/login/"))


def test_pages_and_errors_send_a_strict_policy(client, manager):
    client.force_login(manager)
    for url in ["/", "/geography/24/", "/people/", "/no-such-page/"]:
        assert_strict_policy(client.get(url))


HOUR = datetime.timedelta(hours=1)


def test_a_session_ends_after_a_working_day_without_a_request(client, manager):
    assert settings.SESSION_COOKIE_AGE == 9 * 3600
    start = clock.now()
    client.force_login(manager)
    for hours_later in (8, 16):  # each within nine hours of the request before it
        with time_machine.travel(start + hours_later * HOUR, tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel(start + 26 * HOUR, tick=False):
        response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_session_is_renewed_at_most_every_few_minutes(client, manager):
    start = clock.now()
    client.force_login(manager)

    def expiry():
        return Session.objects.get(session_key=client.session.session_key).expire_date

    at_login = expiry()
    for minutes in (1, 4):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            client.get("/")
            assert expiry() == at_login  # no write for every page view
    later = start + datetime.timedelta(minutes=7)
    with time_machine.travel(later, tick=False):
        client.get("/")
        assert expiry() == later + 9 * HOUR
