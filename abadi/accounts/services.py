import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from abadi.accounts.models import ApiToken, LoginThrottle, RoleAssignment, User
from abadi.accounts.selectors import login_refused
from abadi.core import clock
from abadi.core.audit import audit_record
from abadi.core.context import client_address
from abadi.core.persian import to_persian_digits

Scope = LoginThrottle.Scope


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str = "", actor: User | None = None) -> str:
    """Create a bearer token for ``user``; return the token itself (stored only hashed)."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=token_hash(key))
    audit_record(actor=actor or user, action="token.create", obj=token, new={"user": user.username})
    return key


def user_for_token(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=clock.now())
    return token.user


def login_check(*, request, username: str, password: str) -> User:
    """Authenticate through the login throttle (docs/adr/0007-login-throttling.md).

    An unknown user name and a wrong password get the same answer and the same counters;
    a refused login is told so without its password being checked.
    """
    if login_refused(username=username, address=client_address(request)):
        raise ValidationError(login_locked_message(), code="locked")
    # The authentication backend counts the failure, whichever page called it.
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise ValidationError(_("نام کاربری یا گذرواژه نادرست است."), code="invalid_login")
    return user


def login_locked_message() -> str:
    return _(
        "پس از چند ورود ناموفق پیاپی، ورود تا %(minutes)s دقیقه قفل است؛ "
        "پس از آن دوباره بکوشید یا از مدیر سامانه کمک بخواهید."
    ) % {"minutes": to_persian_digits(settings.ABADI_LOCKOUT_MINUTES)}


@transaction.atomic
def login_failure_record(*, username: str, address: str) -> None:
    """Count a failed login on the three counters; lock the ones that reach their limit."""
    now = clock.now()
    username = username[:150]
    counters = [
        (Scope.PAIR, username, address, settings.ABADI_LOGIN_MAX_FAILURES),
        (Scope.ADDRESS, "", address, settings.ABADI_LOGIN_MAX_FAILURES_ADDRESS),
        (Scope.ACCOUNT, username, "", settings.ABADI_LOGIN_MAX_FAILURES_ACCOUNT),
    ]
    for scope, name, where, limit in counters:
        locked_until = _count_failure(
            scope=scope, username=name, address=where, limit=limit, now=now
        )
        if locked_until is not None:
            _audit_lock(scope=scope, username=name, address=where, locked_until=locked_until)
    _forget_stale_counters(now)


def login_success_record(*, username: str, address: str) -> None:
    """A right password: the pair starts counting afresh and the address becomes known.

    The address and user-name counters go on: one good login must not wipe out what a
    stranger tried before it.
    """
    LoginThrottle.objects.update_or_create(
        scope=Scope.PAIR,
        username=username[:150],
        address=address,
        defaults={"failures": 0, "window_start": None, "succeeded_at": clock.now()},
    )


def _lockout() -> timedelta:
    return timedelta(minutes=settings.ABADI_LOCKOUT_MINUTES)


def _count_failure(*, scope: str, username: str, address: str, limit: int, now):
    """One more failure on a counter; returns the end of the lock it started, if any."""
    row, _created = LoginThrottle.objects.select_for_update().get_or_create(
        scope=scope, username=username, address=address
    )
    if row.window_start is None or row.window_start <= now - _lockout():
        row.failures, row.window_start = 1, now
    else:
        row.failures += 1
    locked_until = None
    if row.failures >= limit:
        locked_until = now + _lockout()
        row.failures, row.window_start, row.locked_until = 0, None, locked_until
    row.save(update_fields=["failures", "window_start", "locked_until"])
    return locked_until


def _audit_lock(*, scope: str, username: str, address: str, locked_until) -> None:
    account = User.objects.filter(username=username).first() if username else None
    audit_record(
        actor=None,
        action="address.locked" if scope == Scope.ADDRESS else "user.locked",
        obj=account,
        new={
            "scope": scope,
            "username": username,
            "address": address,
            "locked_until": locked_until,
        },
    )


def _forget_stale_counters(now) -> None:
    """Counters with neither a running window, a lock nor a success to remember."""
    LoginThrottle.objects.filter(
        Q(window_start__isnull=True) | Q(window_start__lte=now - _lockout()),
        Q(locked_until__isnull=True) | Q(locked_until__lte=now),
        succeeded_at__isnull=True,
    ).delete()


@transaction.atomic
def role_assign(
    *, user: User, role: str, area=None, module: str = "", actor=None
) -> RoleAssignment:
    assignment = RoleAssignment(user=user, role=role, area=area, module=module)
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=actor,
        action="role.assign",
        obj=user,
        area=area,
        new={"role": role, "area": area.code if area else None, "module": module},
    )
    return assignment
