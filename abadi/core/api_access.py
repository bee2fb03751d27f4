"""How an API operation declares who may call it. An operation that declares nothing
stops the server at start-up (``abadi.core.checks``).

``api_requires(PERM, record=Model)`` checks the permission and refuses query parameters
the operation does not declare; ``record`` names the model its ``{pk}`` (or ``{code}``…)
path parameter opens, so the generated access matrix knows which ids to try.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from abadi.core.access import ACCESS_ATTRIBUTE, RECORD_ATTRIBUTE, Record
from abadi.core.api_kit import refuse_unknown_parameters
from abadi.core.permissions import has_perm, roles_for


def api_requires(perm: str, *, record: Record | None = None) -> Callable:
    roles_for(perm)

    def decorate(func: Callable) -> Callable:
        @wraps(func)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any):
            if not has_perm(request.auth, perm):  # type: ignore[attr-defined]
                raise PermissionDenied(perm)
            refuse_unknown_parameters(guarded, request)
            return func(request, *args, **kwargs)

        setattr(guarded, ACCESS_ATTRIBUTE, perm)
        setattr(guarded, RECORD_ATTRIBUTE, record)
        return guarded

    return decorate


def api_operations(api) -> list[tuple[str, Any]]:
    """Every (path, operation) the API serves, for the deny-by-default check and its test."""
    found: list[tuple[str, Any]] = []
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            found.extend((bound.prefix + path, operation) for operation in path_view.operations)
    return found
