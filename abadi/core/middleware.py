import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from abadi.core import clock
from abadi.core.access import declared_access
from abadi.core.api_kit import error_body, has_nul, nul_message, status_detail
from abadi.core.context import client_address, current_ip

# Views that guard themselves: Django's admin site checks is_staff on every page, and the API
# checks each operation's declared permission (see abadi.core.checks and abadi.core.api_access).
SELF_GUARDED_MODULES = ("django.contrib.staticfiles", "ninja")
SELF_GUARDED_NAMESPACES = frozenset({"admin"})


class ErrorPagesMiddleware:
    """The Persian 404 and 500 pages under DEBUG too.

    With DEBUG off Django renders ``templates/404.html``/``500.html`` itself. With DEBUG on
    (``make run``, the demo) it shows its English technical page instead, which would tell
    a county officer who opens another county's record how the server is built. Unless the
    developer asked for them (``ABADI_TECHNICAL_ERRORS=1``), this replaces those pages with
    the Persian ones. The crash itself is still logged by Django (``django.request``). The
    API answers its own errors in JSON and is left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not settings.DEBUG
            or settings.ABADI_TECHNICAL_ERRORS
            or response.status_code not in (404, 500)
            or request.path.startswith(("/api/", "/static/"))
            or "text/html" not in response.get("Content-Type", "")
        ):
            return response
        from django.shortcuts import render

        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        with translation.override(language):
            if response.status_code == 404:
                return render(request, "404.html", status=404)
            return render(request, "500.html", status=500)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_address(request) or None)
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class SessionRenewalMiddleware:
    """A session lasts SESSION_COOKIE_AGE from the last request, not from the login.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would turn every page
    view into a database write, which on SQLite queues behind the write lock of a large
    import; renewing at most every few minutes costs one write per user per interval, and
    an idle session still ends within that interval of its configured age.
    """

    RENEW_SECONDS = 300
    KEY = "_abadi_renewed"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            renewed = session.get(self.KEY, 0)  # loading forgets a key the store lacks
            now = int(clock.now().timestamp())
            every = min(self.RENEW_SECONDS, settings.SESSION_COOKIE_AGE // 2)
            if session.session_key and now - renewed >= every:
                session[self.KEY] = now  # modified: saved with a fresh expiry
        return self.get_response(request)

    @classmethod
    def stamp_login(cls, sender, request, user, **kwargs) -> None:
        """A login saves the session anyway: it counts as its first renewal."""
        if hasattr(request, "session"):
            request.session[cls.KEY] = int(clock.now().timestamp())


class LanguageMiddleware:
    """Persian unless the person chose another language (the language cookie).

    The browser's Accept-Language is ignored on purpose: many users' browsers say English
    while they work in Persian.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class DenyByDefaultMiddleware:
    """Refuse any view that did not declare who may reach it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> None:
        namespaces = request.resolver_match.namespaces if request.resolver_match else []
        if is_self_guarded(view_func, namespaces) or declared_access(view_func):
            return None
        raise PermissionDenied("view declares no access")


def is_self_guarded(view_func: Any, namespaces: list[str]) -> bool:
    if SELF_GUARDED_NAMESPACES.intersection(namespaces):
        return True
    view_func = getattr(view_func, "func", view_func)  # the API's schema views are partials
    module = getattr(view_func, "__module__", "") or ""
    return module.startswith(SELF_GUARDED_MODULES)


class ApiErrorMiddleware:
    """Every answer under ``/api/`` speaks the API's one error shape, in Persian.

    The API's own errors already do (``abadi.core.api_kit.install``); this answers the rest
    alike: a path the URL conf does not know (404), a method the path does not take (405,
    with ``Allow``), Django's own 400/403/500 pages, and a body over
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` — a JSON body or an upload alike — which is refused by
    its declared length (413) before anything reads it.
    """

    PREFIX = "/api/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.PREFIX):
            return self.get_response(request)
        if self._declared_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return self._answer(413)
        response = self.get_response(request)
        if response.status_code < 400 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        answer = self._answer(
            response.status_code, method=request.method or "", allowed=response.get("Allow", "")
        )
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if header in response:
                answer[header] = response[header]
        return answer

    @staticmethod
    def _declared_length(request: HttpRequest) -> int:
        try:
            return int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 0

    @staticmethod
    def _answer(status: int, *, method: str = "", allowed: str = "") -> HttpResponse:
        body = error_body(status_detail(status, method=method, allowed=allowed))
        return HttpResponse(json.dumps(body), status=status, content_type="application/json")


class NulQueryMiddleware:
    """A query string with a NUL character (``?q=%00``) is refused with 400 before any view
    reads it: no column may store or compare it, and PostgreSQL would refuse the query.
    (Form bodies are covered by Django's own fields, API bodies by ``api_kit.In``.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(has_nul(values) or has_nul(key) for key, values in request.GET.lists()):
            if request.path.startswith(ApiErrorMiddleware.PREFIX):
                body = error_body(nul_message())
                return HttpResponse(json.dumps(body), status=400, content_type="application/json")
            return HttpResponse(nul_message(), status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
