"""Reads of the accounts module."""

from django.db.models import Q

from abadi.accounts.models import LoginThrottle
from abadi.core import clock

Scope = LoginThrottle.Scope


def login_refused(*, username: str, address: str) -> bool:
    """Whether a login as ``username`` from ``address`` is refused without a password check.

    A lock on the pair or on the address refuses; a lock on the user name refuses only
    addresses the user never signed in from, so the real user keeps a way in.
    """
    username = username[:150]
    locked = set(
        LoginThrottle.objects.filter(locked_until__gt=clock.now())
        .filter(
            Q(scope=Scope.PAIR, username=username, address=address)
            | Q(scope=Scope.ADDRESS, username="", address=address)
            | Q(scope=Scope.ACCOUNT, username=username, address="")
        )
        .values_list("scope", flat=True)
    )
    if Scope.PAIR in locked or Scope.ADDRESS in locked:
        return True
    return Scope.ACCOUNT in locked and not _known_address(username=username, address=address)


def _known_address(*, username: str, address: str) -> bool:
    return LoginThrottle.objects.filter(
        scope=Scope.PAIR, username=username, address=address, succeeded_at__isnull=False
    ).exists()


def active_user(*, username: str):
    """The active user of that name, or None (the CLI's ``--as``)."""
    from abadi.accounts.models import User

    return User.objects.filter(username=username, is_active=True).first()


def user_list(*, actor, query: str = ""):
    """Every user, for the administrator who manages them (nobody else lists users)."""
    from abadi.accounts.models import User
    from abadi.core.permissions import MANAGE_USERS, has_perm

    if not has_perm(actor, MANAGE_USERS):
        return User.objects.none()
    users = User.objects.prefetch_related("role_assignments__area").order_by("username")
    if query:
        users = users.filter(username__icontains=query.strip())
    return users


def user_get(*, actor, pk: int):
    from django.http import Http404

    user = user_list(actor=actor).filter(pk=pk).first()
    if user is None:
        raise Http404
    return user


def own_tokens(*, actor):
    """The caller's own API tokens (never anyone else's)."""
    from abadi.accounts.models import ApiToken

    return ApiToken.objects.filter(user_id=getattr(actor, "pk", None)).order_by(
        "-created_at", "-id"
    )
