"""Training through /api/v1/ alone: a course, enrolments past capacity and twice, the
steps of an enrolment, the certificate, a licence and its number reused."""

import pytest
from django.test import Client

from abadi.accounts.services import token_create
from abadi.training.tests.conftest import VILLAGE_2403, make_person

pytestmark = pytest.mark.django_db

BASE = "/api/v1/training"


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

    def patch(self, path, payload):
        return self.client.patch(
            BASE + path, payload, content_type="application/json", headers=self.headers
        )


def test_a_course_from_creation_to_certificate(officer, clerk, tvto, samt, areas):
    manager, desk = Api(officer), Api(clerk)
    created = manager.post(
        "/courses",
        {
            "title": "پرورش قارچ",
            "field": "agriculture",
            "agency_id": tvto.pk,
            "place": "اسبو",
            "starts_on": "1400/03/01",
            "ends_on": "1400/03/10",
            "hours": 30,
            "capacity": 1,
        },
    )
    assert created.status_code == 201, created.content
    course = created.json()
    assert course["area"] == "2403" and course["seats_left"] == 1
    first, second = make_person(areas[VILLAGE_2403]), make_person(areas[VILLAGE_2403])
    enrolled = desk.post(
        f"/courses/{course['id']}/enrolments",
        {"national_code": first.national_code, "on": "1400/02/20"},
    )
    assert enrolled.status_code == 201, enrolled.content
    enrolment = enrolled.json()
    assert enrolment["next_actions"] == ["attend", "complete", "withdraw"]
    full = desk.post(
        f"/courses/{course['id']}/enrolments",
        {"national_code": second.national_code, "on": "1400/02/21"},
    )
    assert full.status_code == 422
    assert "ظرفیت دوره" in full.json()["errors"]["national_code"][0]
    late = desk.post(f"/courses/{course['id']}/enrolments", {"national_code": second.national_code})
    assert late.status_code == 422 and "پس از پایان دوره" in late.json()["errors"]["on"][0]
    twice = desk.post(
        f"/courses/{course['id']}/enrolments",
        {"national_code": first.national_code, "on": "1400/02/21"},
    )
    assert twice.status_code == 422
    attended = desk.post(f"/enrolments/{enrolment['id']}/attend", {"hours_attended": 31})
    assert attended.status_code == 422 and "hours_attended" in attended.json()["errors"]
    done = desk.post(f"/enrolments/{enrolment['id']}/complete", {"on": "1400/03/10"})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "completed"
    assert done.json()["certificate_no"] == f"1400-{course['id']}-0001"
    pdf = desk.client.get(done.json()["certificate_url"], headers=desk.headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    licence = {
        "national_code": first.national_code,
        "kind": "home_business",
        "agency_id": samt.pk,
        "number": "24-1400-77",
        "issued_on": "1400/04/01",
        "expires_on": "1403/04/01",
        "course_id": course["id"],
    }
    recorded = desk.post("/licences", licence)
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["course_id"] == course["id"] and recorded.json()["area"] == "2403"
    reused = desk.post("/licences", licence)
    assert reused.status_code == 422 and "number" in reused.json()["errors"]
    listed = desk.get("/licences", q="24-1400")
    assert [row["number"] for row in listed.json()["items"]] == ["24-1400-77"]


def test_another_county_sees_none_of_it(course, officer_2401, county_officer):
    theirs, ours = Api(officer_2401), Api(county_officer)
    assert theirs.get(f"/courses/{course.pk}").status_code == 404
    assert theirs.get("/courses").json()["items"] == []
    assert [row["id"] for row in ours.get("/courses").json()["items"]] == [course.pk]


def test_unknown_fields_and_parameters_are_refused(officer, course):
    api = Api(officer)
    assert api.patch(f"/courses/{course.pk}", {"colour": "red"}).status_code == 422
    assert api.get("/courses", colour="red").status_code == 422
    patched = api.patch(f"/courses/{course.pk}", {"capacity": 9})
    assert patched.status_code == 200 and patched.json()["capacity"] == 9
