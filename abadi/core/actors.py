"""Who acts: a person signed in, or the system itself.

Services, selectors and the audit log take an ``actor``: anything that answers the
:class:`Actor` protocol. A user of ``abadi.accounts`` does; so does :data:`SYSTEM`, the one
actor for work nobody signed in to do (the CLI without ``--as``, loaders, the demo,
scheduled tasks). Core knows actors only through this protocol, never the user model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from django.utils.translation import gettext_lazy as _


@runtime_checkable
class Actor(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def username(self) -> str: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    def cached_role_assignments(self) -> list[Any]: ...

    def display_name(self) -> str: ...


@dataclass(frozen=True)
class _CountryWideAdministrator:
    """The role assignment the system acts under: system administrator, no area."""

    role: str = "system_admin"
    area: None = None
    area_id: None = None
    module: str = ""


class SystemActor:
    """The system itself: every permission over the whole country, through the same
    :func:`abadi.core.scoping.scope` as a user holding the system-administrator role with
    no area. It has no row in the user table, so records it writes name no user."""

    pk = None
    id = None
    username = "system"
    is_authenticated = True
    is_active = True

    def cached_role_assignments(self) -> list[Any]:
        return [_CountryWideAdministrator()]

    def display_name(self) -> str:
        return str(_("سامانه"))

    def __str__(self) -> str:
        return self.username


SYSTEM = SystemActor()


def user_of(actor: Actor | None) -> Any:
    """The user row to store in a "by whom" foreign key: the actor, or None for the system."""
    return actor if getattr(actor, "pk", None) else None
