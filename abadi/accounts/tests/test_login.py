import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from abadi.accounts.models import LoginThrottle, User
from abadi.core.models import AuditEvent


@pytest.fixture
def person(db):
    return User.objects.create_user(username="sara", password="a-long-password-1")


def test_login_page_is_persian_and_rtl(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="fa"' in page and 'dir="rtl"' in page
    assert "ورود به آبادی" in page


def test_login_and_logout(client, person):
    response = client.post(
        "/accounts/login/", {"username": "sara", "password": "a-long-password-1"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code in (200, 403)  # logged in; no role → refused, not redirected
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_wrong_password_gets_a_persian_error(client, person):
    response = client.post("/accounts/login/", {"username": "sara", "password": "nope"})
    assert "نام کاربری یا گذرواژه نادرست است." in response.content.decode()


@override_settings(ABADI_LOGIN_MAX_FAILURES=3, ABADI_LOCKOUT_MINUTES=15)
def test_repeated_failures_lock_the_account(client, person):
    for _ in range(3):
        client.post("/accounts/login/", {"username": "sara", "password": "wrong"})
    assert LoginThrottle.objects.filter(username="sara", locked_until__isnull=False).exists()
    response = client.post(
        "/accounts/login/", {"username": "sara", "password": "a-long-password-1"}
    )
    assert "قفل" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="user.locked").count() == 1


@override_settings(ABADI_LOGIN_MAX_FAILURES=3)
def test_a_success_resets_the_failure_count(client, person):
    client.post("/accounts/login/", {"username": "sara", "password": "wrong"})
    client.post("/accounts/login/", {"username": "sara", "password": "a-long-password-1"})
    assert LoginThrottle.objects.get(scope="pair", username="sara").failures == 0


def test_open_redirect_is_refused(client, person):
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"username": "sara", "password": "a-long-password-1"},
    )
    assert response["Location"] == "/"


def test_token_cli_and_bearer_auth(client, person, capsys):
    call_command("token", "create", "sara")
    token = capsys.readouterr().out.strip()
    assert len(token) > 30
    assert client.get("/api/v1/areas", headers={"Authorization": "Bearer wrong"}).status_code == 401
    # sara holds no role: authenticated but refused
    assert (
        client.get("/api/v1/areas", headers={"Authorization": f"Bearer {token}"}).status_code == 403
    )
    assert AuditEvent.objects.filter(action="token.create").exists()


def test_token_cli_unknown_user(db):
    with pytest.raises(CommandError, match="وجود ندارد"):
        call_command("token", "create", "nobody")


def test_persian_even_when_the_browser_asks_for_english(client, db):
    page = client.get("/accounts/login/", headers={"Accept-Language": "en-US,en"}).content.decode()
    assert 'lang="fa"' in page


def test_the_language_switch_remembers_english(client, db):
    response = client.post("/language/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in page and 'dir="ltr"' in page
    assert "Log in to Abadi" in page
