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
