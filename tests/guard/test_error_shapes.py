"""One error shape for every status under /api/: ``{"detail": …, "errors": {…}}`` in
Persian, also for what the API's own handlers never see (the URL resolver's 404, a wrong
method, a body too large to read, Django's own pages)."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from abadi.accounts.services import token_create
from abadi.core.permissions import Role
from abadi.testing import user_with_role

pytestmark = pytest.mark.django_db

PERSIAN = re.compile(r"[\u0600-\u06ff]")


@pytest.fixture
def bearer(areas):
    user = user_with_role("api-manager", Role.PROVINCE_MANAGER, areas["24"])
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def _one_shape(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert PERSIAN.search(body["detail"]), body["detail"]
    return body


def test_a_path_nobody_serves(client, bearer):
    _one_shape(client.get("/api/v1/nothing/here", **bearer), 404)
    _one_shape(client.get("/api/v2/persons"), 404)


def test_a_wrong_method_names_the_allowed_ones(client, bearer):
    response = client.delete("/api/v1/persons", **bearer)
    body = _one_shape(response, 405)
    allowed = response["Allow"]
    assert set(allowed.split(", ")) == {"GET", "POST"}
    assert "DELETE" in body["detail"] and allowed in body["detail"]


def test_a_json_body_over_the_limit(client, bearer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    payload = json.dumps({"first_name": "ا" * 2000})
    response = client.post(
        "/api/v1/persons", data=payload, content_type="application/json", **bearer
    )
    _one_shape(response, 413)


def test_an_upload_over_the_limit(client, bearer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    photo = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 4096)
    _one_shape(client.post("/api/v1/loans/visits/1/photos", {"file": photo}, **bearer), 413)


def test_a_body_within_the_limit_reaches_the_operation(client, bearer):
    response = client.post(
        "/api/v1/persons", data=json.dumps({}), content_type="application/json", **bearer
    )
    body = _one_shape(response, 422)
    assert "first_name" in body["errors"]


def test_the_api_s_own_errors_keep_their_shape(client, bearer):
    _one_shape(client.get("/api/v1/persons"), 401)
    _one_shape(client.get("/api/v1/persons/999999", **bearer), 404)
    _one_shape(client.get("/api/v1/persons?offset=-1", **bearer), 422)
    body = _one_shape(client.get("/api/v1/persons?colour=red", **bearer), 422)
    assert list(body["errors"]) == ["colour"]


def test_a_browser_call_without_the_csrf_token(areas):
    from django.test import Client

    user = user_with_role("csrf-user", Role.PROVINCE_MANAGER, areas["24"])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    response = browser.post("/api/v1/persons", data="{}", content_type="application/json")
    _one_shape(response, 403)


def test_pages_outside_the_api_are_untouched(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
