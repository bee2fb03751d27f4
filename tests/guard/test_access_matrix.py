"""The access matrix: for every role that can be limited to a county, a user of one county
gets nothing of the other — on any page, list, export, file, report or API operation —
and an anonymous caller gets the login page (pages) or 401 (API).

Nothing here names a page or an endpoint: pages come from the URL conf, operations from
the OpenAPI document, the records to try from the apps' ``samples.py`` (see
``tests/guard/world.py``). A route or operation with an id path parameter must declare
which model it opens (``@requires(PERM, record=Model)`` / ``@api_requires(PERM,
record=Model)``), or the first two tests fail.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve

from abadi.core.access import ANY_OPENABLE
from abadi.core.records import registered_openables
from tests.guard.world import (
    COUNTY_ROLES,
    County,
    Operation,
    Route,
    World,
    body_text,
    crawl,
    is_public,
    minimal_instance,
    openapi,
    operations,
    page_routes,
    with_query,
)

# Scoping is the same ORM filter on either database: the matrix runs in the SQLite pass of
# `make test` (see the Makefile); schemathesis and the sweeps run in both.
pytestmark = [pytest.mark.django_db, pytest.mark.access_matrix]

ROLES = [label for label, _role, _module in COUNTY_ROLES]
RECORDS_PER_MODEL = 3
# Query strings every list, export and report is also asked with, naming the other county.
AREA_FILTERS = ("area", "county", "place", "parent")
REFUSED = {403, 404}
NO_SUCH_ID = 9_000_000_000


# ---------------------------------------------------------------------------- declarations


def test_every_page_with_an_id_declares_the_record_it_opens():
    undeclared = [
        f"{route.pattern} ({route.name})"
        for route in page_routes()
        if route.id_parameters and not is_public(route) and route.record is None
    ]
    assert undeclared == [], "declare @requires(PERM, record=Model) on these pages"


def test_every_api_operation_with_an_id_declares_the_record_it_opens():
    undeclared = [
        f"{op.method} {op.path}" for op in operations() if op.id_parameters and op.record is None
    ]
    assert undeclared == [], "declare @api_requires(PERM, record=Model) on these operations"


def test_every_api_operation_is_found_in_the_openapi_document():
    assert [f"{op.method} {op.path}" for op in operations() if op.view is None] == []


def test_id_parameters_are_recognised():
    routes = {route.pattern: route for route in page_routes()}
    assert routes["loans/<int:pk>/do/<str:action>/"].id_parameters == ["pk"]
    assert routes["loans/<int:pk>/do/<str:action>/"].other_parameters == ["action"]
    assert routes["geography/<str:code>/"].id_parameters == ["code"]
    assert routes["reporting/records/<str:key>/"].id_parameters == []


# ---------------------------------------------------------------------------- crawl


def _value(record: Any, parameter: str) -> Any:
    """What a path parameter holds for ``record``: its field of that name (an area's
    ``code``), else its primary key."""
    if parameter not in {"pk", "id"} and hasattr(record, parameter):
        value = getattr(record, parameter)
        if isinstance(value, str | int):
            return value
    return record.pk


def _start_urls(county: County, routes: list[Route]) -> list[str]:
    urls = []
    for route in routes:
        if is_public(route):
            continue
        if not route.parameters:
            urls.append(route.url())
        elif route.record not in (None, ANY_OPENABLE) and not route.other_parameters:
            for record in county.records_of(route.record)[:RECORDS_PER_MODEL]:
                urls.append(route.url(**{p: _value(record, p) for p in route.id_parameters}))
    return urls


@pytest.fixture(scope="module")
def crawled(world: World, django_db_blocker) -> dict[str, dict]:
    """Per county, every page its all-roles user reaches by links and forms from every
    list page and every record page of its records: {(method, url): route}."""
    routes = page_routes()
    found = {}
    with django_db_blocker.unblock():
        for name, county in world.counties.items():
            client = Client()
            client.force_login(county.everything)
            found[name] = crawl(client, _start_urls(county, routes), routes)
        # The administrator sees every record (an import batch is its owner's alone): the
        # links of its pages give the values of the routes' other parameters.
        client = Client()
        client.force_login(world.admin)
        starts = [url for county in world.counties.values() for url in _start_urls(county, routes)]
        found["admin"] = crawl(client, starts, routes, limit=800)
    return found


def _harvested_values(pages: dict) -> dict[str, dict[str, set[str]]]:
    """Values each route's non-id parameters took in the crawled links: route → name → values."""
    values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for (_method, url), route in pages.items():
        kwargs = resolve(url.split("?", 1)[0]).kwargs
        for name in route.other_parameters:
            if name in kwargs:
                values[route.name][name].add(str(kwargs[name]))
    return values


def _opens_records_of(county: County, route: Route, url: str) -> bool:
    """Whether a crawled URL opens one of ``county``'s records (a page of a county's record
    also links to what the province shares, such as its credit line)."""
    kwargs = resolve(url.split("?", 1)[0]).kwargs
    model = route.record
    if model == ANY_OPENABLE:
        entry = registered_openables().get(str(kwargs.get("label", "")).lower())
        if entry is None:
            return False
        model = entry.model
    if model is None:
        return False
    owned = {
        str(_value(record, name))
        for record in county.records_of(model)
        for name in [route.id_parameters[0]]
    }
    return str(kwargs[route.id_parameters[0]]) in owned


def _urls_of_records(
    other: County, pages: dict, admin_pages: dict, routes: list[Route]
) -> tuple[set, list]:
    """URLs opening the other county's records, and routes the matrix found no way to try."""
    harvested = _harvested_values({**pages, **admin_pages})
    urls = {
        url.split("?", 1)[0]
        for (_m, url), route in pages.items()
        if route.id_parameters and _opens_records_of(other, route, url)
    }
    untried = []
    openables = registered_openables()
    for route in routes:
        if not route.id_parameters or is_public(route) or route.record is None:
            continue
        if route.record == ANY_OPENABLE:
            for label, entry in openables.items():
                for record in other.records_of(entry.model)[:RECORDS_PER_MODEL]:
                    fields = entry.files if "field" in route.parameters_names else ("",)
                    for file_field in fields:
                        values = {"label": label, "pk": record.pk, "field": file_field}
                        urls.add(route.url(**{p: values[p] for p in route.parameters_names}))
            continue
        records = other.records_of(route.record)[:RECORDS_PER_MODEL]
        if not records:
            untried.append(f"{route.pattern}: no sample {route.record.__name__} (samples.py)")
            continue
        others = harvested.get(route.name, {})
        missing = [name for name in route.other_parameters if not others.get(name)]
        if missing:
            untried.append(f"{route.pattern}: no link gives {', '.join(missing)}")
            continue
        for record in records:
            values = {name: _value(record, name) for name in route.id_parameters}
            for name in route.other_parameters:
                for value in sorted(others[name]):
                    urls.add(route.url(**values, **{name: value}))
    return urls, untried


def _list_urls(world: World, other: County, crawled: dict, routes: list[Route]) -> set[str]:
    urls: set[str] = set()
    for route in routes:
        if is_public(route) or route.parameters:
            continue
        base = route.url()
        urls.add(base)
        for name in AREA_FILTERS[:2]:
            urls.add(with_query(base, **{name: other.area.code}))
        # A search box shows what was searched: ask with the first letters of the marker,
        # which find its records but never spell it.
        urls.add(with_query(base, q=other.marker[:6]))
        for fmt in ("csv", "xlsx"):
            urls.add(with_query(base, format=fmt))
            urls.add(with_query(base, format=fmt, area=other.area.code))
    for name in world.counties:
        for (method, url), route in crawled[name].items():
            if method == "get" and not route.id_parameters and not is_public(route):
                urls.add(url)
    return urls


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("viewer", ["A", "B"])
@pytest.mark.parametrize("role", ROLES)
def test_pages_show_nothing_of_the_other_county(world: World, crawled, role: str, viewer: str):
    county, other = world.counties[viewer], world.other(viewer)
    routes = page_routes()
    client = Client()
    client.force_login(county.users[role])
    problems = []

    record_urls, untried = _urls_of_records(other, crawled[other.name], crawled["admin"], routes)
    assert untried == [], "routes the matrix cannot try"
    for url in sorted(record_urls):
        statuses = {}
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            statuses[method] = response.status_code
            if response.status_code not in REFUSED | {405}:
                problems.append(f"{method.upper()} {url} → {response.status_code}")
        if set(statuses.values()) == {405}:
            problems.append(f"{url} answers 405 to GET and POST: the record was never tried")

    for url in sorted(_list_urls(world, other, crawled, routes)):
        response = client.get(url)
        if response.status_code >= 500 or _is_login_redirect(response):
            problems.append(f"GET {url} → {response.status_code}")
        elif response.status_code == 200 and other.marker in body_text(response):
            problems.append(f"GET {url} shows the other county's records")
    assert not problems, "\n".join(problems)


def test_the_crawl_reaches_the_records(world: World, crawled):
    """The all-roles user of a county reaches its record pages and their forms (else the
    matrix would try too little)."""
    for name in world.counties:
        pages = crawled[name]
        names = {route.name for route in pages.values()}
        assert {"loans:application_detail", "people:person_detail"} <= names, name
        assert any(method == "post" for method, _url in pages), name


# ---------------------------------------------------------------------------- the API


def _request(client: Client, op: Operation, url: str, document: dict, token: str):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    method = op.method.lower()
    body = op.spec.get("requestBody", {}).get("content", {})
    if "application/json" in body:
        payload = minimal_instance(body["application/json"]["schema"], document)
        return getattr(client, method)(
            url, data=json.dumps(payload), content_type="application/json", **headers
        )
    if "multipart/form-data" in body:
        from django.core.files.uploadedfile import SimpleUploadedFile

        fields = minimal_instance(body["multipart/form-data"]["schema"], document)
        data = {
            name: SimpleUploadedFile("x.png", value, content_type="image/png")
            if isinstance(value, bytes)
            else value
            for name, value in fields.items()
        }
        return getattr(client, method)(url, data=data, **headers)
    return getattr(client, method)(url, **headers)


def _as_if_missing(client, op: Operation, response, document: dict, token: str) -> bool:
    """Whether an answer tells nothing of the record: a body the schema refuses (422) is
    refused the same for an id no record has, before any record is opened."""
    if response.status_code != 422:
        return False
    url = op.url(**dict.fromkeys(op.id_parameters, NO_SUCH_ID))
    missing = _request(client, op, url, document, token)
    return missing.status_code == 422 and missing.json() == response.json()


def _required_query(op: Operation, document: dict) -> dict[str, Any]:
    return {
        p["name"]: minimal_instance(p.get("schema", {}), document)
        for p in op.parameters("query")
        if p.get("required")
    }


def _path_values(op: Operation, client: Client, token: str) -> list[dict[str, str]]:
    """Values of an operation's non-id path parameters: the field of that name of the items
    the list above it answers (``/indicators`` gives the ``key`` of ``/indicators/{key}/…``)."""
    names = [name for name in op.path_parameters if name not in op.id_parameters]
    if not names:
        return [{}]
    name = names[0]
    parent = op.path.split("{" + name + "}", 1)[0].rstrip("/")
    data = client.get(parent, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    items = data["items"] if isinstance(data, dict) and "items" in data else data
    return [{name: item[name]} for item in items if isinstance(item, dict) and name in item]


@pytest.mark.parametrize("viewer", ["A", "B"])
@pytest.mark.parametrize("role", [*ROLES, "everything"])
def test_api_gives_nothing_of_the_other_county(world: World, role: str, viewer: str):
    county, other = world.counties[viewer], world.other(viewer)
    token = county.tokens[role]
    document = openapi()
    client = Client()
    problems = []
    for op in operations():
        if op.id_parameters:
            for record in other.records_of(op.record)[:RECORDS_PER_MODEL]:
                url = op.url(**{name: _value(record, name) for name in op.id_parameters})
                if op.method == "GET":
                    url = (
                        with_query(url, **_required_query(op, document))
                        if _required_query(op, document)
                        else url
                    )
                response = _request(client, op, url, document, token)
                if response.status_code not in REFUSED and not _as_if_missing(
                    client, op, response, document, token
                ):
                    problems.append(f"{op.method} {url} → {response.status_code}")
            continue
        if op.method != "GET":
            continue
        names = {p["name"] for p in op.parameters("query")}
        variants: list[dict[str, Any]] = [{}]
        variants += [{name: other.area.code} for name in AREA_FILTERS if name in names]
        if "q" in names:
            variants.append({"q": other.marker[:6]})
        for values in _path_values(op, client, county.tokens["everything"]):
            for query in variants:
                query = {**_required_query(op, document), **query}
                url = op.url(**values)
                url = with_query(url, **query) if query else url
                response = _request(client, op, url, document, token)
                if response.status_code >= 500:
                    problems.append(f"GET {url} → {response.status_code}")
                elif response.status_code == 200 and other.marker in body_text(response):
                    problems.append(f"GET {url} shows the other county's records")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------- anonymous


def test_anonymous_callers_get_the_login_page_or_401(world: World):
    other = world.counties["B"]
    client = Client()
    problems = []
    for route in page_routes():
        values: dict[str, Any] = {name: "1" for name, _c in route.parameters}
        if route.record not in (None, ANY_OPENABLE):
            records = other.records_of(route.record)
            assert records, f"no sample {route.record.__name__} (samples.py)"
            values.update({name: _value(records[0], name) for name in route.id_parameters})
        url = route.url(**values)
        response = client.get(url)
        if is_public(route):
            if any(c.marker in body_text(response) for c in world.counties.values()):
                problems.append(f"{url} shows records to anyone")
        elif not _is_login_redirect(response):
            problems.append(f"GET {url} → {response.status_code}")
    document = openapi()
    for op in operations():
        values = {name: "1" for name in op.path_parameters}
        response = _request(client, op, op.url(**values), document, "")
        if response.status_code != 401:
            problems.append(f"{op.method} {op.path} → {response.status_code}")
    assert not problems, "\n".join(problems)
