"""API plumbing shared by every app's router: bearer tokens, declared permissions, errors."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from abadi.core.access import ACCESS_ATTRIBUTE
from abadi.core.permissions import has_perm, roles_for


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        from abadi.accounts.services import user_for_token

        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


# Bearer tokens for programs; the browser's session (with CSRF) for the UI's own calls.
API_AUTH = [BearerToken(), SessionAuth()]


def api_requires(perm: str) -> Callable:
    """Declare and enforce the permission of one API operation (undeclared ones fail the
    start-up check in ``abadi.core.checks``)."""
    roles_for(perm)

    def decorate(func: Callable) -> Callable:
        @wraps(func)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any):
            if not has_perm(request.auth, perm):  # type: ignore[attr-defined]
                raise PermissionDenied(perm)
            return func(request, *args, **kwargs)

        setattr(guarded, ACCESS_ATTRIBUTE, perm)
        return guarded

    return decorate


def api_operations(api) -> list[tuple[str, Any]]:
    """Every (path, operation) the API serves, for the deny-by-default check and its test."""
    found: list[tuple[str, Any]] = []
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            found.extend((bound.prefix + path, operation) for operation in path_view.operations)
    return found
