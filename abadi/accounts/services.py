import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from abadi.accounts.models import ApiToken, RoleAssignment, User
from abadi.core import clock
from abadi.core.audit import audit_record


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
    """Authenticate, counting failures; lock the account after too many in a row."""
    account = User.objects.filter(username=username).first()
    now = clock.now()
    if account is not None and account.locked_until and account.locked_until > now:
        raise ValidationError(
            _("این حساب به دلیل ورودهای ناموفق پیاپی تا چند دقیقه قفل است."), code="locked"
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        if account is not None:
            _count_failure(account, now)
        raise ValidationError(_("نام کاربری یا گذرواژه نادرست است."), code="invalid_login")
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    return user


def _count_failure(account: User, now) -> None:
    with transaction.atomic():
        User.objects.filter(pk=account.pk).update(failed_logins=F("failed_logins") + 1)
        account.refresh_from_db(fields=["failed_logins"])
        if account.failed_logins >= settings.ABADI_LOGIN_MAX_FAILURES:
            locked_until = now + timedelta(minutes=settings.ABADI_LOCKOUT_MINUTES)
            User.objects.filter(pk=account.pk).update(failed_logins=0, locked_until=locked_until)
            audit_record(
                actor=None, action="user.locked", obj=account, new={"locked_until": locked_until}
            )


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
