"""Roles, the permissions each role grants, and the checks every view and selector uses.

Apps register their permissions in their own ``permissions.py`` with :func:`register`;
a permission no role was given is held by nobody but the system administrator.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from abadi.core.actors import Actor


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("مدیر سامانه")
    PROVINCE_MANAGER = "province_manager", _("مدیر استان")
    PROGRAMME_OFFICER = "programme_officer", _("کارشناس برنامه")
    COUNTY_OFFICER = "county_officer", _("کارشناس شهرستان")
    DATA_CLERK = "data_clerk", _("متصدی ثبت داده")
    AUDITOR = "auditor", _("حسابرس")
    GROUP_LEADER = "group_leader", _("سرگروه جهادی")
    PARTNER_USER = "partner_user", _("کاربر دستگاه همکار")
    PRESS = "press", _("روابط عمومی")


STAFF_ROLES = frozenset(
    {
        Role.PROVINCE_MANAGER,
        Role.PROGRAMME_OFFICER,
        Role.COUNTY_OFFICER,
        Role.DATA_CLERK,
        Role.AUDITOR,
    }
)
ALL_ROLES = frozenset(Role)

# A programme officer runs one of these modules; their other permissions (people, areas,
# indicators…) are not limited by module.
PROGRAMME_MODULES = frozenset(
    {"loans", "volunteers", "projects", "funds", "relief", "training", "events"}
)

_REGISTRY: dict[str, frozenset[Role]] = {}


def register(perm: str, roles: Iterable[Role]) -> str:
    """Declare ``perm`` and the roles that hold it. Returns the name for use as a constant.

    A programme officer holds a programme module's permission only for the module their
    assignment names: the part of ``perm`` before the first dot (``loans.approve`` → ``loans``).
    """
    _REGISTRY[perm] = frozenset(roles)
    return perm


def roles_for(perm: str) -> frozenset[Role]:
    if perm not in _REGISTRY:
        raise KeyError(f"permission {perm!r} was never registered")
    return _REGISTRY[perm] | {Role.SYSTEM_ADMIN}


def registered_permissions() -> dict[str, frozenset[Role]]:
    return dict(_REGISTRY)


def assignments_granting(user: Actor, perm: str) -> list:
    """The user's role assignments that grant ``perm`` (each carries the area it covers)."""
    if not user.is_authenticated or not user.is_active:
        return []
    roles = roles_for(perm)
    module = perm.split(".", 1)[0]
    return [
        assignment
        for assignment in user.cached_role_assignments()
        if assignment.role in roles
        and (
            assignment.role != Role.PROGRAMME_OFFICER
            or module not in PROGRAMME_MODULES
            or assignment.module in ("", module)
        )
    ]


def has_perm(user: Actor, perm: str) -> bool:
    return bool(assignments_granting(user, perm))


# Permissions of the foundation itself.
VIEW_AREAS = register("geography.view", ALL_ROLES - {Role.PRESS})
MANAGE_AREAS = register("geography.manage", set())
VIEW_AUDIT = register("audit.view", {Role.AUDITOR, Role.PROVINCE_MANAGER})
VIEW_RECORD_HISTORY = register("audit.history", STAFF_ROLES)
MANAGE_USERS = register("accounts.manage", set())
VIEW_ORGANISATIONS = register("organisations.view", ALL_ROLES - {Role.PRESS})
MANAGE_ORGANISATIONS = register("organisations.manage", {Role.PROVINCE_MANAGER})
USE_APP = register("core.use", ALL_ROLES)
