"""The funds API: donors, donations, allocations and case steps, Persian refusals, scope,
anonymous donors' names."""

import pytest
from django.test import Client

from abadi.accounts.services import token_create
from abadi.funds import services
from abadi.funds.models import DonorKind

from .conftest import make_person

pytestmark = pytest.mark.django_db

BASE = "/api/v1/funds"


class Api:
    def __init__(self, user):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token_create(user=user)}"}

    def get(self, path, **params):
        return self.client.get(BASE + path, params, headers=self.headers)

    def post(self, path, payload=None):
        return self.client.post(
            BASE + path, payload or {}, content_type="application/json", headers=self.headers
        )


def test_a_gift_is_recorded_receipted_and_allocated_to_its_edge(staff, donor):
    clerk, officer = Api(staff.clerk), Api(staff.officer)
    made = clerk.post(
        f"/donors/{donor.pk}/donations",
        {"kind": "cash", "amount": 1_000, "method": "transfer", "received_on": "1400/03/11"},
    )
    assert made.status_code == 201, made.content
    donation = made.json()
    assert donation["number"] == "1400-000001" and donation["balance"] == 1_000
    over = officer.post(
        f"/donations/{donation['id']}/allocations",
        {"use_kind": "project", "use_id": 3, "rials": 1_001, "on": "1400/04/10"},
    )
    assert over.status_code == 422
    assert "بیشتر است" in over.json()["errors"]["rials"][0]
    exact = officer.post(
        f"/donations/{donation['id']}/allocations",
        {"use_kind": "project", "use_id": 3, "rials": 1_000, "on": "1400/04/10"},
    )
    assert exact.status_code == 201, exact.content
    listed = officer.get("/allocations", use_kind="project", use_id=3).json()
    assert [row["rials"] for row in listed["items"]] == [1_000]
    zero = clerk.post(f"/donors/{donor.pk}/donations", {"kind": "cash", "amount": 0})
    assert zero.status_code == 422


def test_a_receipted_gift_is_not_edited_by_the_api(staff, donor, give):
    donation = give(1_000)
    api = Api(staff.clerk)
    response = api.client.patch(
        f"{BASE}/donations/{donation.pk}",
        {"amount": 5},
        content_type="application/json",
        headers=api.headers,
    )
    assert response.status_code == 422
    assert "سند برگشت" in response.json()["detail"] + str(response.json()["errors"])


def test_another_county_gets_404(staff, give):
    donation = give(1_000)
    assert Api(staff.other_county).get(f"/donations/{donation.pk}").status_code == 404


def test_an_anonymous_donors_name_reaches_only_those_who_may_read_it(staff, areas):
    person = make_person(areas["2403"], first_name="رضا", last_name="نیکوکار")
    hidden = services.donor_register(
        actor=staff.clerk, kind=DonorKind.PERSON, area=areas["2403"], person=person, anonymous=True
    )
    assert Api(staff.county).get(f"/donors/{hidden.pk}").json()["name"] != "رضا نیکوکار"
    assert Api(staff.manager).get(f"/donors/{hidden.pk}").json()["name"] == "رضا نیکوکار"
    found = Api(staff.county).get("/donors", q="نیکوکار").json()["items"]
    assert found == []


def test_case_steps_over_the_api(staff, open_case, give):
    case = open_case(judgment=1_000)
    api = Api(staff.officer)
    early = api.post(f"/cases/{case.pk}/release", {"on": "1400/04/20"})
    assert early.status_code == 422
    donation = give(1_000)
    api.post(
        f"/donations/{donation.pk}/allocations",
        {"use_kind": "aid_case", "use_id": case.pk, "rials": 1_000, "on": "1400/04/10"},
    )
    assert api.post(f"/cases/{case.pk}/pay", {"on": "1400/04/19"}).status_code == 200
    done = api.post(f"/cases/{case.pk}/release", {"on": "1400/04/21"})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "released"
