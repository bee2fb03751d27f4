"""Numbers a client can send that once answered 500: each answers 400/404/413/422 with a
Persian message now; and a sweep of every page with odd numbers in its query string."""

import io
import json
import re
import wsgiref.handlers

import pytest
from django.test import Client

from abadi.accounts.services import token_create
from abadi.core.permissions import Role
from abadi.testing import user_with_role
from tests.guard.world import is_public, page_routes, with_query

pytestmark = pytest.mark.django_db

PERSIAN = re.compile(r"[\u0600-\u06ff]")


@pytest.fixture
def manager_client(areas):
    user = user_with_role("bad-params", Role.PROVINCE_MANAGER, areas["24"])
    client = Client()
    client.force_login(user)
    client.bearer = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}
    return client


def _api_refusal(response, field: str, status: int = 422) -> None:
    assert response.status_code == status
    body = response.json()
    assert PERSIAN.search(body["detail"])
    assert field in body["errors"], body
    assert all(PERSIAN.search(message) for message in body["errors"][field])


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/persons?offset=-1", "offset"),
        ("/api/v1/persons?offset=99999999999999999999", "offset"),
        ("/api/v1/loans/visits/due?days=99999999999", "days"),
        ("/api/v1/loans/applications?credit_line=99999999999999999999", "credit_line"),
        ("/api/v1/loans/applications?bank=-5", "bank"),
        ("/api/v1/areas?page=99999999999999999999", "page"),
        ("/api/v1/indicators?year=99999999", "year"),
        ("/api/v1/persons/99999999999999999999", "person_id"),
        ("/api/v1/loans/applications/99999999999999999999", "pk"),
    ],
)
def test_api_numbers_out_of_bounds(manager_client, url, field):
    _api_refusal(manager_client.get(url, **manager_client.bearer), field)


def test_an_id_out_of_bounds_in_a_body(manager_client):
    response = manager_client.post(
        "/api/v1/households",
        data=json.dumps({"area": "2403010001001", "head_id": 10**20}),
        content_type="application/json",
        **manager_client.bearer,
    )
    _api_refusal(response, "head_id")


@pytest.mark.parametrize("year", ["99999999", "1299", "1501", "abc"])
def test_a_report_year_out_of_bounds(manager_client, year):
    for url in ("/reporting/", "/reporting/targets/"):
        response = manager_client.get(f"{url}?year={year}")
        assert response.status_code == 422
        assert "سال" in response.content.decode()
        assert "۱۳۰۰" in response.content.decode()


def test_a_report_year_within_bounds(manager_client):
    assert manager_client.get("/reporting/?year=1401").status_code == 200
    assert manager_client.get("/reporting/?year=all").status_code == 200
    assert manager_client.get("/reporting/targets/?year=1500").status_code == 200


def test_history_of_a_record_that_cannot_exist(manager_client):
    for url in ("/audit/history/13/abc/", "/audit/history/people.person/abc/"):
        response = manager_client.get(url)
        assert response.status_code == 404
        assert PERSIAN.search(response.content.decode())


def test_a_merge_of_ids_out_of_bounds(manager_client):
    response = manager_client.get("/people/merge/?a=99999999999999999999&b=1")
    assert response.status_code in (302, 404)


def _wsgi_post(path: str, body: bytes, content_type: str, **extra: str) -> tuple[str, bytes]:
    """POST ``body`` to the WSGI application through the standard library's WSGI server
    handler (the development server's), which refuses what a WSGI application may not do
    (a hop-by-hop header, for one) with a 500: (status line, body)."""
    from config.wsgi import application

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        **extra,
    }
    output = io.BytesIO()
    handler = wsgiref.handlers.SimpleHandler(
        io.BytesIO(body), output, io.StringIO(), environ, multithread=False
    )
    handler.run(application)
    head, _sep, content = output.getvalue().partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].decode().split(" ", 1)[1]
    return status, content


def test_an_oversized_upload_under_a_wsgi_server(manager_client, settings, same_connection):
    """The upload page refuses a file over the limit by its declared length, before
    reading it, with a Persian 413 — and sets no hop-by-hop header, which a WSGI server
    refuses (the development server answered 500)."""
    settings.ABADI_IMPORT_MAX_BYTES = 1024
    session = manager_client.cookies[settings.SESSION_COOKIE_NAME].value
    status, content = _wsgi_post(
        "/import/persons/",
        b"x" * 200_000,
        "multipart/form-data; boundary=x",
        HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={session}",
    )
    assert status.startswith("413")
    assert "مگابایت" in content.decode()


def test_an_oversized_api_body_under_a_wsgi_server(manager_client, settings, same_connection):
    body = b"{" + b" " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + b"}"
    status, content = _wsgi_post(
        "/api/v1/persons",
        body,
        "application/json",
        HTTP_AUTHORIZATION=manager_client.bearer["HTTP_AUTHORIZATION"],
    )
    assert status.startswith("413")
    assert PERSIAN.search(json.loads(content)["detail"])


ODD_NUMBERS = ["-1", "99999999999999999999", "abc"]
LIST_PAGES = [route for route in page_routes() if not route.parameters and not is_public(route)]
# A download (a PDF or a workbook) has no form to read its parameters from; these are the
# ones the pages that link to downloads put in their links.
DOWNLOAD_PARAMETERS = {"year", "area", "format", "as_of", "occasion"}


def _parameters_of(html: str, path: str) -> set[str]:
    """The query parameters a page asks for: its form fields and its links' to itself."""
    names = set(re.findall(r"<(?:input|select|textarea)[^>]*\sname=\"([^\"]+)\"", html))
    for link in re.findall(r"href=\"([^\"]+)\"", html):
        link_path, _sep, query = link.replace("&amp;", "&").partition("?")
        if link_path in ("", path):
            names.update(part.split("=", 1)[0] for part in query.split("&") if part)
    return names - {"csrfmiddlewaretoken"}


@pytest.mark.parametrize("route", LIST_PAGES, ids=[route.name for route in LIST_PAGES])
def test_every_page_takes_odd_numbers_without_a_server_error(world, route):
    """Every page of the URL conf without path parameters, with each parameter its forms
    and links ask for (and ``page``) set to something odd: never a 5xx."""
    client = Client(raise_request_exception=False)
    client.force_login(world.province_user)
    page = client.get(route.url())
    if page.get("Content-Type", "").startswith("text/html"):
        names = {"page"} | _parameters_of(page.content.decode(), route.url())
    else:
        names = {"page"} | DOWNLOAD_PARAMETERS
    failures = []
    for name in sorted(names):
        for value in ODD_NUMBERS:
            url = with_query(route.url(), **{name: value})
            status = client.get(url).status_code
            if status >= 500:
                failures.append(f"{url} → {status}")
    assert not failures, "\n".join(failures)


def test_a_nul_character_in_a_body_is_a_field_error(manager_client):
    """No column stores a NUL (PostgreSQL refuses the statement): every body field that
    carries one is refused by the API's base schema, before any service reads it."""
    for path, body, field in (
        ("/api/v1/funds/cases", {"area": "24\x00", "national_code": "x"}, "area"),
        ("/api/v1/persons", {"first_name": "علی\x00", "last_name": "رضایی"}, "first_name"),
    ):
        response = manager_client.post(
            path, json.dumps(body), content_type="application/json", **manager_client.bearer
        )
        _api_refusal(response, field)
        assert "NUL" in response.json()["errors"][field][0]


def test_a_nul_character_in_a_query_is_refused(manager_client):
    page = manager_client.get("/people/?q=%00")
    assert page.status_code == 400 and "NUL" in page.content.decode()
    api = manager_client.get("/api/v1/persons?q=a%00", **manager_client.bearer)
    assert api.status_code == 400 and "NUL" in api.json()["detail"]
    assert manager_client.get("/people/?q=0").status_code == 200
