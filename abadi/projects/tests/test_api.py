"""The projects API: register, walk the stages (one endpoint per step), report progress
with photos, link beneficiaries, read the map and set the plan — refusals in Persian, other
counties' projects answering 404."""

import pytest
from django.test import Client

from abadi.accounts.services import token_create
from abadi.projects.models import Project, ProjectPlan, Stage
from abadi.projects.tests.conftest import make_household, photo

pytestmark = pytest.mark.django_db

BASE = "/api/v1/projects"


class Api:
    def __init__(self, user):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token_create(user=user)}"}

    def get(self, path, **params):
        return self.client.get(BASE + path, params, headers=self.headers)

    def post(self, path, payload):
        return self.client.post(
            BASE + path, payload, content_type="application/json", headers=self.headers
        )

    def put(self, path, payload):
        return self.client.put(
            BASE + path, payload, content_type="application/json", headers=self.headers
        )

    def upload(self, path, file):
        return self.client.post(BASE + path, {"file": file}, headers=self.headers)


def payload(agency, **changes):
    body = {
        "title": "آبرسانی به دو روستا",
        "project_type": "water",
        "places": ["2403010001001", "کلور"],
        "executor": {"kind": "group", "group_name": "گروه جهادی", "group_atlas_id": "1240356"},
        "budget": 3_000_000_000,
        "fundings": [
            {"kind": "agency", "amount": 2_000_000_000, "organisation_id": agency.pk},
            {"kind": "donor", "amount": 500_000_000, "donor_name": "حاج رضا"},
            {"kind": "office", "amount": 500_000_000},
        ],
        "capacity": {"households_served": 150},
        "on": "1399/12/11",
    }
    body.update(changes)
    return body


def test_register_walk_and_report(places, staff, agency, media):
    clerk, county = Api(staff.clerk), Api(staff.county)
    created = clerk.post("", payload(agency))
    assert created.status_code == 201, created.content
    body = created.json()
    pk = body["id"]
    assert (body["area"], body["villages_served"], body["stage"]) == ("2403", 2, "planned")
    assert body["places"] == ["2403010001001", "2403010001002"]
    assert sum(share["amount"] for share in body["fundings"]) == 3_000_000_000
    assert body["next_actions"] == []  # a clerk registers; the county moves it
    assert county.get(f"/{pk}").json()["next_actions"] == ["groundbreak", "cancel"]

    refused = county.post(f"/{pk}/reports", {"date": "1400/01/21", "percent": 5})
    assert refused.status_code == 422
    broken = county.post(f"/{pk}/groundbreak", {"on": "1400/01/21", "note": "مراسم"})
    assert broken.json()["stage"] == "groundbreaking"
    early = county.post(f"/{pk}/reports", {"date": "1400/01/20", "percent": 5})
    assert early.status_code == 422
    assert "date" in early.json()["errors"]
    report = county.post(
        f"/{pk}/reports", {"date": "1400/02/01", "percent": 15, "text": "لوله‌گذاری"}
    )
    assert report.status_code == 201, report.content
    report_id = report.json()["id"]
    with_photo = county.upload(f"/reports/{report_id}/photos", photo())
    assert with_photo.status_code == 201, with_photo.content
    [picture] = with_photo.json()["photos"]
    assert county.client.get(picture["thumbnail_url"], headers=county.headers).status_code == 200
    not_a_photo = county.upload(f"/reports/{report_id}/photos", photo("x.jpg", b"text"))
    assert not_a_photo.status_code == 422
    assert county.get(f"/{pk}").json()["stage"] == "in_progress"
    assert county.post(f"/{pk}/inaugurate", {}).status_code == 422
    assert county.post(f"/{pk}/complete", {"on": "1400/03/01"}).json()["stage"] == "completed"
    done = county.post(f"/{pk}/inaugurate", {"on": "1400/03/02"}).json()
    assert [step["action"] for step in done["timeline"]] == [
        "register",
        "groundbreak",
        "start",
        "complete",
        "inaugurate",
    ]
    assert done["timeline"][1]["on"] == "1400/01/21"
    assert done["timeline"][1]["until"] == "1400/02/01"


def test_shares_off_by_a_rial_answer_422_in_persian(places, staff, agency):
    clerk = Api(staff.clerk)
    body = payload(agency, budget=3_000_000_001)
    response = clerk.post("", body)
    assert response.status_code == 422
    assert "برابر نیست" in response.json()["errors"]["fundings"][0]
    assert Project.objects.count() == 0


def test_a_place_that_is_not_a_village_answers_422(places, staff, agency):
    response = Api(staff.clerk).post("", payload(agency, places=["2403"]))
    assert response.status_code == 422
    assert "روستا" in response.json()["errors"]["places"][0]
    unknown = Api(staff.clerk).post("", payload(agency, places=["ناکجاآباد"]))
    assert unknown.status_code == 422
    assert Project.objects.count() == 0


def test_unknown_fields_and_capacity_of_another_type_are_refused(places, staff, agency):
    clerk = Api(staff.clerk)
    assert clerk.post("", {**payload(agency), "colour": "red"}).status_code == 422
    response = clerk.post("", payload(agency, capacity={"households_served": 5, "classrooms": 3}))
    assert response.status_code == 422
    assert "classrooms" in response.json()["errors"]


def test_another_county_gets_404(register, staff):
    project = register()
    other = Api(staff.other_county)
    assert other.get(f"/{project.pk}").status_code == 404
    assert other.post(f"/{project.pk}/groundbreak", {}).status_code == 404
    assert other.get("").json()["items"] == []


def test_list_filters_and_map(register, places, staff):
    register()
    register(place=places["lorestan"], actor=staff.officer)
    officer = Api(staff.officer)
    assert len(officer.get("").json()["items"]) == 2
    assert [p["place_province"] for p in officer.get("", province="15").json()["items"]] == ["15"]
    assert officer.get("", stage="nonsense").status_code == 422
    assert officer.get("", colour="red").status_code == 422
    mapped = officer.get("/map", area="IR").json()
    assert mapped["level"] == "province"
    assert mapped["outside"] == 0


def test_funding_replaced_and_beneficiaries_linked(register, places, staff, agency):
    project = register(budget=1_000)
    clerk = Api(staff.clerk)
    bad = clerk.put(
        f"/{project.pk}/funding",
        {"budget": 2_000, "fundings": [{"kind": "office", "amount": 1_999}]},
    )
    assert bad.status_code == 422
    good = clerk.put(
        f"/{project.pk}/funding",
        {"budget": 2_000, "fundings": [{"kind": "office", "amount": 2_000}]},
    )
    assert good.json()["budget"] == 2_000
    household = make_household(places["2403010001001"])
    linked = clerk.post(
        f"/{project.pk}/beneficiaries", {"national_code": household.head.national_code}
    )
    assert linked.status_code == 201
    assert linked.json()["household_id"] == household.pk
    listed = clerk.get(f"/{project.pk}/beneficiaries").json()
    assert [row["household_id"] for row in listed["items"]] == [household.pk]
    assert clerk.post(f"/{project.pk}/beneficiaries", {}).status_code == 422


def test_the_plan_and_the_type_table(places, staff):
    manager = Api(staff.manager)
    response = manager.put(
        "/plans", {"area": "24", "year": 1401, "project_type": "solar", "count": 2000}
    )
    assert response.status_code == 200, response.content
    assert ProjectPlan.objects.get().count == 2000
    assert manager.get("/plans", year=1401).json()["items"][0]["count"] == 2000
    assert (
        Api(staff.county)
        .put("/plans", {"area": "2403", "year": 1401, "project_type": "solar", "count": 1})
        .status_code
        == 403
    )
    types = {row["value"]: row for row in manager.get("/types").json()}
    assert types["solar"]["required"] == ["power_watts"]
    steps = {row["action"] for row in manager.get("/workflow").json()}
    assert {"groundbreak", "inaugurate", "report"} <= steps


def test_stage_of_a_completed_project_from_the_api(register, advance, staff):
    project = advance(register(), Stage.COMPLETED)
    county = Api(staff.county)
    assert county.get(f"/{project.pk}").json()["progress"] == 100
