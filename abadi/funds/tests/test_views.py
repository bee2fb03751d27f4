"""The funds pages: lists that fit their query budget, record pages, the receipt PDF, an
allocation from the donation page, a case step, and anonymous donors' names."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from abadi.core.persian import to_persian_digits
from abadi.funds import services
from abadi.funds.models import DonorKind, UseKind

from .conftest import ALLOCATED, make_person

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url", ["/funds/", "/funds/donors/", "/funds/allocations/", "/funds/pledges/", "/funds/cases/"]
)
def test_lists_render_with_bounded_queries(staff, give, open_case, url):
    for n in range(5):
        donation = give(1_000 + n)
        services.allocate(
            actor=staff.officer,
            donation=donation,
            use_kind=UseKind.PROJECT,
            use_id=1,
            rials=10,
            on=ALLOCATED,
        )
        open_case()
    client = client_for(staff.manager)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) <= 20, [q["sql"] for q in queries]
    assert "table-phone" in response.content.decode()


def test_record_pages_and_the_receipt(staff, give, open_case):
    donation = give(1_250_000)
    client = client_for(staff.county)
    assert client.get(f"/funds/donations/{donation.pk}/").status_code == 200
    assert client.get(f"/funds/donors/{donation.donor_id}/").status_code == 200
    pdf = client.get(f"/funds/donations/{donation.pk}/receipt.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    statement = client.get(f"/funds/donors/{donation.donor_id}/statement.pdf")
    assert statement.content.startswith(b"%PDF")
    case = open_case()
    assert client.get(f"/funds/cases/{case.pk}/").status_code == 200
    assert client.get(f"/funds/cases/{case.pk}/statement.pdf").status_code == 200
    assert client_for(staff.other_county).get(f"/funds/donations/{donation.pk}/").status_code == 404


def test_allocating_from_the_donation_page_shows_the_persian_refusal(staff, give):
    donation = give(1_000)
    client = client_for(staff.officer)
    response = client.post(
        f"/funds/donations/{donation.pk}/allocate/",
        {"allocate-use_kind": "project", "allocate-use_id": "۳", "allocate-rials": "۱٬۰۰۱"},
    )
    assert response.status_code == 422
    assert "بیشتر است" in response.content.decode()
    response = client.post(
        f"/funds/donations/{donation.pk}/allocate/",
        {"allocate-use_kind": "project", "allocate-use_id": "۳", "allocate-rials": "۱٬۰۰۰"},
    )
    assert response.status_code == 302


def test_a_case_step_from_its_page(staff, open_case):
    from abadi.funds.models import CaseStatus

    case = open_case(CaseStatus.IDENTIFIED)
    client = client_for(staff.county)
    response = client.post(f"/funds/cases/{case.pk}/do/review/", {"review-note": "بررسی شد"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.REVIEWED


def test_an_anonymous_donor_stays_unnamed_on_the_pages(staff, areas):
    person = make_person(areas["2403"], first_name="رضا", last_name="نیکوکار")
    hidden = services.donor_register(
        actor=staff.clerk, kind=DonorKind.PERSON, area=areas["2403"], person=person, anonymous=True
    )
    services.donation_record(actor=staff.clerk, donor=hidden, kind="cash", amount=5, method="cash")
    label = f"خیّر بی‌نام شماره {to_persian_digits(hidden.pk)}"  # Persian digits, never Latin
    for url in ("/funds/donors/", "/funds/", f"/funds/donors/{hidden.pk}/"):
        page = client_for(staff.county).get(url).content.decode()
        assert "نیکوکار" not in page and label in page
    assert (
        "نیکوکار" in client_for(staff.manager).get(f"/funds/donors/{hidden.pk}/").content.decode()
    )
    exported = client_for(staff.county).get("/funds/donors/?format=csv")
    assert (
        "نیکوکار" not in b"".join(exported.streaming_content).decode("utf-8-sig")
        if hasattr(exported, "streaming_content")
        else "نیکوکار" not in exported.content.decode("utf-8-sig")
    )
