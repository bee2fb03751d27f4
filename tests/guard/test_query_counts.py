"""The query-count sweep: every page without path parameters (lists, their exports, reports,
forms with their choices) and every API list answers with as many queries for ten times
the rows as for one time the rows. A list that queries once per row fails here.

The pages come from the URL conf and the lists from the OpenAPI document (operations
answering a page of ``items``), the rows from the apps' ``samples.py``: a new list is in
the sweep the moment it is mounted.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.guard.world import (
    COUNTIES,
    World,
    build_world,
    is_public,
    openapi,
    operations,
    page_routes,
    sample_modules,
    with_query,
)

pytestmark = pytest.mark.django_db

ROWS = 1
MORE_ROWS = 10 * ROWS


def _page_urls() -> list[str]:
    urls = []
    for route in page_routes():
        if route.parameters or is_public(route):
            continue
        urls += [route.url(), with_query(route.url(), format="csv")]
    return urls


def _api_urls() -> list[str]:
    document = openapi()
    return [
        op.path
        for op in operations()
        if op.is_list(document) and not op.path_parameters and op.view is not None
    ]


def _count(client: Client, url: str, **headers: str) -> tuple[int, list[str]]:
    client.get(url, **headers)  # caches, sessions and lazy registries settle first
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code < 500, url
    return len(captured), [query["sql"] for query in captured.captured_queries]


def _grow(world: World) -> None:
    """Nine more of every sample in each county (new markers), so each list holds ten
    times the rows it held."""
    for module in sample_modules():
        for name, (_code, marker) in COUNTIES.items():
            county = world.counties[name].area
            module.build(county=county, marker=f"{marker}MORE", count=MORE_ROWS - ROWS)


def _sweep(clients: list[tuple[Client, dict]], urls: list[str]) -> dict:
    return {
        (index, url): _count(client, url, **headers)
        for index, (client, headers) in enumerate(clients)
        for url in urls
    }


def _differences(before: dict, after: dict) -> list[str]:
    found = []
    for key, (count, _queries) in before.items():
        later, later_queries = after[key]
        # Fewer is not a fault: a page of the newest audit events, say, names records of
        # fewer kinds (one query per kind) once one kind's new rows fill it.
        if later > count:
            shapes = [re.sub(r"\b\d+\b", "N", sql) for sql in later_queries]
            repeated = [shape for shape in shapes if shapes.count(shape) > 1]
            found.append(
                f"{key[1]}: {count} queries with {ROWS}× the rows, {later} with "
                f"{MORE_ROWS}×; repeated: {sorted(set(repeated))[:3]}"
            )
    return found


def test_pages_query_the_same_for_ten_times_the_rows(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    world = build_world(count=ROWS)
    clients = []
    for user in (world.province_user, world.counties["A"].users["county_officer"]):
        client = Client()
        client.force_login(user)
        clients.append((client, {}))
    urls = _page_urls()
    before = _sweep(clients, urls)
    _grow(world)
    after = _sweep(clients, urls)
    assert not (problems := _differences(before, after)), "\n".join(problems)


def test_api_lists_query_the_same_for_ten_times_the_rows(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    world = build_world(count=ROWS)
    clients = [
        (Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"})
        for token in (world.province_token, world.counties["A"].tokens["county_officer"])
    ]
    urls = _api_urls()
    assert "/api/v1/loans/visits/due" in urls
    before = _sweep(clients, urls)
    _grow(world)
    after = _sweep(clients, urls)
    assert not (problems := _differences(before, after)), "\n".join(problems)
