"""Deny by default: every page and API operation declares who may reach it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from ninja import NinjaAPI, Router

from abadi.core.access import PUBLIC, declared_access, public, requires
from abadi.core.api_access import api_operations, api_requires
from abadi.core.checks import api_operations_declare_access
from abadi.core.middleware import DenyByDefaultMiddleware, is_self_guarded
from abadi.core.permissions import USE_APP
from config.api import api


def walk(resolver, prefix="", namespaces=()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback, list(namespaces)


def test_every_page_declares_its_access():
    undeclared = [
        route
        for route, view, namespaces in walk(get_resolver())
        if not is_self_guarded(view, namespaces) and declared_access(view) is None
    ]
    assert undeclared == []


def test_the_walk_sees_the_app_pages():
    routes = {route for route, _view, _namespaces in walk(get_resolver())}
    assert "accounts/login/" in routes
    assert "audit/" in routes


def test_every_api_operation_declares_its_permission():
    operations = api_operations(api)
    assert operations, "the API serves no operation"
    assert all(getattr(op.view_func, "abadi_access", None) for _path, op in operations)
    assert api_operations_declare_access(None) == []


def test_an_undeclared_api_operation_is_found():
    router = Router()

    @router.get("/open")
    def open_endpoint(request):
        return {}

    @router.get("/guarded")
    @api_requires(USE_APP)
    def guarded_endpoint(request):
        return {}

    probe = NinjaAPI(urls_namespace="probe")
    probe.add_router("", router)
    undeclared = [
        path
        for path, op in api_operations(probe)
        if not getattr(op.view_func, "abadi_access", None)
    ]
    assert undeclared == ["/open"]


def test_middleware_refuses_an_undeclared_view():
    def undeclared(request):
        return HttpResponse("secret")

    middleware = DenyByDefaultMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/x")
    request.resolver_match = None
    with pytest.raises(PermissionDenied):
        middleware.process_view(request, undeclared, (), {})
    assert middleware.process_view(request, public(lambda r: HttpResponse()), (), {}) is None


def test_declarations_are_readable():
    @requires(USE_APP)
    def page(request):
        return HttpResponse()

    assert declared_access(page) == USE_APP
    assert declared_access(public(lambda r: None)) == PUBLIC


def test_requires_refuses_an_unknown_permission():
    with pytest.raises(KeyError):
        requires("nothing.such")


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_user_without_the_permission_is_refused(client, county_officer):
    client.force_login(county_officer)
    assert client.get("/audit/").status_code == 403


def test_api_without_token_is_refused(client, db):
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/areas").status_code == 401
