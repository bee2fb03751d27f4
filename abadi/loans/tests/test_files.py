"""The protected file view: a file is served only through the record it belongs to."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from abadi.core.templatetags.abadi import file_url
from abadi.loans import services
from abadi.loans.models import Status

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n" + b"0" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture
def stored(settings, tmp_path, register, advance, staff):
    settings.MEDIA_ROOT = tmp_path
    application = register()
    document = services.document_add(
        actor=staff.clerk,
        application=application,
        title="طرح توجیهی",
        file=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
    )
    loan = advance(register(), Status.DISBURSED)
    visit = services.visit_add(
        actor=staff.county,
        application=loan,
        date=datetime.date(2022, 6, 1),
        direct_jobs=1,
        status="active",
        photos=[SimpleUploadedFile("site.png", PNG, content_type="image/png")],
    )
    return document, visit.photos.get()


def test_the_owners_county_gets_the_file_with_its_stored_type(client, stored, staff):
    document, photo = stored
    client.force_login(staff.county)
    response = client.get(file_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'attachment; filename="plan.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    response = client.get(file_url(photo))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")


def test_another_county_gets_404_and_a_stranger_the_login_page(client, stored, officer_2401):
    document, photo = stored
    client.force_login(officer_2401)
    assert client.get(file_url(document)).status_code == 404
    assert client.get(file_url(photo)).status_code == 404
    client.logout()
    response = client.get(file_url(document))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_no_field_but_the_registered_file_and_nothing_under_the_media_root(client, stored, staff):
    document, _photo = stored
    client.force_login(staff.admin)
    label = document._meta.label_lower
    assert client.get(f"/files/{label}/{document.pk}/title/").status_code == 404
    assert client.get(f"/files/accounts.user/{staff.admin.pk}/password/").status_code == 404
    assert client.get("/media/" + document.file.name).status_code == 404
