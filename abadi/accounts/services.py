import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from abadi.accounts.audit import Action
from abadi.accounts.models import ApiToken, LoginThrottle, RoleAssignment, User
from abadi.accounts.selectors import login_refused
from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.audit import audit_record
from abadi.core.context import client_address
from abadi.core.permissions import MANAGE_USERS, PROGRAMME_MODULES, Role, has_perm
from abadi.core.persian import to_persian_digits
from abadi.core.services import model_update, service

Scope = LoginThrottle.Scope


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@service
def token_create(*, user: User, name: str = "", actor=None) -> str:
    """Create a bearer token for ``user``; return the token itself (stored only hashed)."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=(name or "").strip()[:100], prefix=key[:8], key_hash=token_hash(key)
    )
    audit_record(
        actor=actor or user, action=Action.TOKEN_CREATE, obj=token, new={"user": user.username}
    )
    return key


@service
def token_revoke(*, actor, token: ApiToken) -> None:
    """Withdraw a token: programs holding it can no longer call the API."""
    audit_record(actor=actor, action=Action.TOKEN_REVOKE, obj=token, old={"prefix": token.prefix})
    token.delete()


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


def _administer(actor) -> None:
    # Users and their roles are the system administrator's, wherever they work.
    if not has_perm(actor, MANAGE_USERS):
        raise PermissionDenied(MANAGE_USERS)


USER_FIELDS = ("first_name", "last_name", "email", "is_active")


@service
def user_create(
    *,
    actor,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """A new user (with no role yet: they can sign in and see nothing until given one)."""
    _administer(actor)
    username = (username or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("این نام کاربری پیش‌تر ثبت شده است.")})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    _set_password(user, password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action=Action.USER_CREATE,
        obj=user,
        new={"username": user.username, "first_name": first_name, "last_name": last_name},
    )
    return user


def _set_password(user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)


@service
def user_update(*, actor, user: User, password: str | None = None, **fields: Any) -> User:
    """Change a user's names, e-mail or whether they may sign in; set a new password."""
    _administer(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if password:
        _set_password(user, password)
        user.save(update_fields=["password"])
        audit_record(actor=actor, action=Action.USER_UPDATE, obj=user, new={"password": "***"})
    user, _changed = model_update(
        user, actor=actor, action=Action.USER_UPDATE, fields=fields, allowed=USER_FIELDS
    )
    return user


@service
def role_assign(
    *, user: User, role: str, area=None, module: str = "", actor=None
) -> RoleAssignment:
    """Give ``user`` ``role`` over ``area`` and everything under it (None: the country);
    ``module`` limits a programme officer to one programme."""
    if actor is not None:
        _administer(actor)
    if role == Role.PROGRAMME_OFFICER and module and module not in PROGRAMME_MODULES:
        raise ValidationError({"module": _("ماژول «%(module)s» شناخته نیست.") % {"module": module}})
    assignment = RoleAssignment(user=user, role=role, area=area, module=module)
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=actor or SYSTEM,
        action=Action.ROLE_ASSIGN,
        obj=user,
        area=area,
        new={"role": role, "area": area.code if area else None, "module": module},
    )
    return assignment


@service
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    _administer(actor)
    audit_record(
        actor=actor,
        action=Action.ROLE_REVOKE,
        obj=assignment.user,
        area=assignment.area,
        old={
            "role": assignment.role,
            "area": assignment.area.code if assignment.area else None,
            "module": assignment.module,
        },
    )
    assignment.delete()
