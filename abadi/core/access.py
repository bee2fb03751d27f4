"""How a view declares who may reach it. A view that declares nothing is refused.

``requires(perm)`` for pages of the app, ``public`` for the few pages anyone may open
(login, health). The middleware in ``abadi.core.middleware`` refuses every other view.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, Literal

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase

from abadi.core.permissions import has_perm, roles_for

PUBLIC = "public"
ACCESS_ATTRIBUTE = "abadi_access"
# The model whose record a page's or operation's path parameter opens (for the access
# matrix, which tries the ids of another county's records on every such route).
RECORD_ATTRIBUTE = "abadi_record"
# The record of a route that opens any record registered with ``abadi.core.records.openable``,
# named by its ``label`` and ``pk`` parameters (the history panel, the protected file view).
Record = type[Model] | Literal["openable"]
ANY_OPENABLE: Literal["openable"] = "openable"

View = Callable[..., HttpResponseBase]


def public(view: View) -> View:
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def requires(perm: str, *, record: Record | None = None) -> Callable[[View], View]:
    """Only users holding ``perm`` (anywhere) reach the view; the view's selectors then
    limit what it shows to their areas. ``record`` is the model its id path parameter
    (``pk``, ``…_id``, ``code``) opens: every route with one must name it (the access
    matrix tries another county's records on it)."""
    roles_for(perm)  # fail at import time on a misspelt permission

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_perm(request.user, perm):  # type: ignore[arg-type]
                raise PermissionDenied(perm)
            return view(request, *args, **kwargs)

        setattr(guarded, ACCESS_ATTRIBUTE, perm)
        setattr(guarded, RECORD_ATTRIBUTE, record)
        return guarded

    return decorate


def declared_access(view: Any) -> str | None:
    """The access a resolved view declared, looking through ``as_view()`` wrappers."""
    access = getattr(view, ACCESS_ATTRIBUTE, None)
    if access is None and hasattr(view, "view_class"):
        access = getattr(view.view_class, ACCESS_ATTRIBUTE, None)
    return access


def declared_record(view: Any) -> Record | None:
    """The record a resolved view (or an API operation's function) declared it opens."""
    record = getattr(view, RECORD_ATTRIBUTE, None)
    if record is None and hasattr(view, "view_class"):
        record = getattr(view.view_class, RECORD_ATTRIBUTE, None)
    return record
