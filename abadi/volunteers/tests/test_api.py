"""The volunteers API: every list and action, Persian refusals, scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from abadi.accounts.services import token_create
from abadi.core import clock
from abadi.core.jalali import format_jalali
from abadi.volunteers import services
from abadi.volunteers.models import Deployment, Group, Membership
from abadi.volunteers.tests.conftest import days_ago, free_code, make_person

pytestmark = pytest.mark.django_db

BASE = "/api/v1/volunteers"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def jalali(day) -> str:
    return format_jalali(day, persian_digits=False)


class Api:
    def __init__(self, user):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token_create(user=user)}"}

    def get(self, path, **params):
        return self.client.get(BASE + path, params, headers=self.headers)

    def post(self, path, payload=None, **kwargs):
        if "data" in kwargs:
            return self.client.post(BASE + path, kwargs["data"], headers=self.headers)
        return self.client.post(
            BASE + path, payload or {}, content_type="application/json", headers=self.headers
        )

    def patch(self, path, payload):
        return self.client.patch(
            BASE + path, payload, content_type="application/json", headers=self.headers
        )

    def put(self, path, payload):
        return self.client.put(
            BASE + path, payload, content_type="application/json", headers=self.headers
        )

    def delete(self, path):
        return self.client.delete(BASE + path, headers=self.headers)


def _group_payload(**overrides):
    payload = {
        "atlas_id": "24009001",
        "name": "گروه جهادی شهید همت",
        "group_type": "student",
        "main_domain": "health",
        "domains": ["education"],
        "home": "2403010001001",
        "permit_number": "77",
        "permit_issued_on": jalali(days_ago(30)),
        "permit_expires_on": jalali(days_ago(-335)),
        "villages": ["اسبو"],
    }
    payload.update(overrides)
    return payload


def test_register_walk_and_read_a_group(staff, village):
    clerk, county = Api(staff.clerk), Api(staff.county)
    leader = make_person(village)
    created = clerk.post("/groups", _group_payload(leader_national_code=leader.national_code))
    assert created.status_code == 201, created.content
    body = created.json()
    pk = body["id"]
    assert body["area"] == "2403" and body["status"] == "active"
    assert body["domains"] == ["education", "health"] and body["villages"] == ["2403010001001"]
    assert body["leader_name"] == leader.full_name and body["members"] == 1
    assert body["next_actions"] == ["renew"]
    assert county.get(f"/groups/{pk}").json()["next_actions"] == ["suspend", "renew", "dissolve"]
    suspended = county.post(
        f"/groups/{pk}/suspend", {"reason": "بازرسی", "on": jalali(days_ago(2))}
    )
    assert suspended.status_code == 200 and suspended.json()["status"] == "suspended"
    timeline = suspended.json()["timeline"]
    assert [(row["to_status"], row["until"]) for row in timeline] == [
        ("active", jalali(days_ago(2))),
        ("suspended", None),
    ]
    assert county.post(f"/groups/{pk}/reinstate", {}).json()["status"] == "active"
    renewed = clerk.post(
        f"/groups/{pk}/renew",
        {"number": "78", "issued_on": jalali(days_ago(0)), "expires_on": jalali(days_ago(-365))},
    )
    assert renewed.status_code == 200 and len(renewed.json()["permits"]) == 2
    patched = clerk.patch(f"/groups/{pk}", {"name": "گروه جهادی شهید همت (۲)", "domains": []})
    assert patched.json()["domains"] == ["health"]
    assert county.get("/workflow").json()[1]["action"] == "suspend"


def test_duplicate_atlas_id_answers_422_in_persian(staff, group):
    response = Api(staff.clerk).post("/groups", _group_payload(atlas_id=group.atlas_id))
    assert response.status_code == 422
    assert "قبلاً ثبت شده" in response.json()["errors"]["atlas_id"][0]


def test_permit_expiring_before_issue_answers_422(staff):
    response = Api(staff.clerk).post(
        "/groups",
        _group_payload(permit_issued_on=jalali(days_ago(5)), permit_expires_on=jalali(days_ago(6))),
    )
    assert response.status_code == 422
    assert response.json()["errors"]["permit_expires_on"]
    assert not Group.objects.exists()


def test_a_leader_not_in_the_registry_answers_422(staff):
    response = Api(staff.clerk).post("/groups", _group_payload(leader_national_code=free_code()))
    assert response.status_code == 422
    assert "ثبت نشده" in response.json()["errors"]["leader_national_code"][0]
    assert not Group.objects.exists()


def test_members_added_by_national_code_and_refused_when_unregistered(staff, group, village):
    clerk = Api(staff.clerk)
    person = make_person(village)
    added = clerk.post(
        f"/groups/{group.pk}/members",
        {"national_code": person.national_code, "role": "specialist", "skills": "پرستاری"},
    )
    assert added.status_code == 201 and added.json()["role"] == "specialist"
    missing = clerk.post(f"/groups/{group.pk}/members", {"national_code": free_code()})
    assert missing.status_code == 422
    assert "سامانهٔ افراد" in missing.json()["errors"]["national_code"][0]
    member_id = added.json()["id"]
    assert clerk.patch(f"/members/{member_id}", {"skills": "امداد"}).json()["skills"] == "امداد"
    left = clerk.post(f"/members/{member_id}/leave", {"on": jalali(clock.today())})
    assert left.json()["left_on"] == jalali(clock.today())
    assert clerk.get(f"/groups/{group.pk}/members").json() == []
    assert len(clerk.get(f"/groups/{group.pk}/members", former="true").json()) == 1
    assert clerk.get("/members").json()["items"] == []


def test_leader_set_villages_and_leader_accounts(staff, group, village, areas):
    from abadi.core.permissions import Role
    from abadi.testing import user_with_role

    clerk, county = Api(staff.clerk), Api(staff.county)
    person = make_person(village)
    assert (
        clerk.put(f"/groups/{group.pk}/leader", {"national_code": person.national_code}).json()[
            "leader_id"
        ]
        == person.pk
    )
    village_row = clerk.post(f"/groups/{group.pk}/villages", {"village": "2403010001001"})
    assert village_row.status_code == 201
    again = clerk.post(f"/groups/{group.pk}/villages", {"village": "اسبو"})
    assert again.status_code == 422
    assert clerk.delete(f"/villages/{village_row.json()['id']}").status_code == 204
    user_with_role("leader-api", Role.GROUP_LEADER, areas["2403"])
    granted = county.post(f"/groups/{group.pk}/leaderships", {"username": "leader-api"})
    assert granted.status_code == 201, granted.content
    unknown = county.post(f"/groups/{group.pk}/leaderships", {"username": "nobody"})
    assert unknown.status_code == 422
    ended = county.post(f"/leaderships/{granted.json()['id']}/end", {})
    assert ended.json()["until"] == jalali(clock.today())
    assert (
        clerk.post(f"/groups/{group.pk}/leaderships", {"username": "leader-api"}).status_code == 403
    )


def test_deployment_report_photo_and_lists(staff, group, village):
    clerk = Api(staff.clerk)
    report = clerk.post(
        "/deployments",
        {
            "group_id": group.pk,
            "place": "اسبو",
            "started_on": jalali(days_ago(3)),
            "ended_on": jalali(days_ago(1)),
            "domain": "health",
            "work_done": "ویزیت و دارو",
            "people_served": 140,
            "volunteers": 6,
        },
    )
    assert report.status_code == 201, report.content
    pk = report.json()["id"]
    assert report.json()["volunteer_days"] == 18 and report.json()["days"] == 3
    photo = clerk.post(
        f"/deployments/{pk}/photos",
        data={"file": SimpleUploadedFile("a.png", PNG, content_type="image/png")},
    )
    assert photo.status_code == 201, photo.content
    file = clerk.client.get(photo.json()["url"], headers=clerk.headers)
    assert file.status_code == 200 and file["Content-Type"] == "image/png"
    assert clerk.get(f"/deployments/{pk}").json()["photos"][0]["original_name"] == "a.png"
    assert clerk.patch(f"/deployments/{pk}", {"people_served": 150}).json()["people_served"] == 150
    listed = clerk.get("/deployments", domain="health", group=group.pk)
    assert [row["id"] for row in listed.json()["items"]] == [pk]
    assert Api(staff.county_2401).get(f"/deployments/{pk}").status_code == 404


def test_a_deployment_ending_before_it_starts_answers_422(staff, group):
    response = Api(staff.clerk).post(
        "/deployments",
        {
            "group_id": group.pk,
            "place": "2403010001001",
            "started_on": jalali(days_ago(1)),
            "ended_on": jalali(days_ago(2)),
            "domain": "health",
            "work_done": "-",
            "people_served": 1,
            "volunteers": 1,
        },
    )
    assert response.status_code == 422
    assert "پیش از" in response.json()["errors"]["ended_on"][0]
    assert not Deployment.objects.exists()


def test_a_leader_reporting_for_another_group_answers_422_naming_the_group(
    group, other_group, leader
):
    payload = {
        "place": "2403010001001",
        "started_on": jalali(days_ago(2)),
        "ended_on": jalali(days_ago(1)),
        "domain": "services",
        "work_done": "-",
        "people_served": 10,
        "volunteers": 3,
    }
    api = Api(leader)
    refused = api.post("/deployments", {**payload, "group_id": other_group.pk})
    assert refused.status_code == 422
    assert "گروه‌هایی نیست" in refused.json()["errors"]["group_id"][0]
    missing = api.post("/deployments", {**payload, "group_id": 10**9})
    assert missing.json() == refused.json()  # the same whether the group exists or not
    assert api.post("/deployments", {**payload, "group_id": group.pk}).status_code == 201
    assert [row["id"] for row in api.get("/groups").json()["items"]] == [group.pk]
    assert api.get(f"/groups/{other_group.pk}").status_code == 404


def test_counts_map_permits_and_lapse(staff, group, other_group):
    county = Api(staff.county)
    counts = county.get("/groups/counts").json()
    assert counts["total"] == 2 and counts["by_county"][0]["key"] == "2403"
    assert {row["key"] for row in counts["by_domain"]} == {"civil_works", "health"}
    geo = county.get("/groups/map")
    assert geo.status_code == 200 and geo.json()["total"] == 2
    assert county.get("/permits/expiring", days=60).json()["items"] == []
    assert county.post("/permits/lapse").json() == {"recorded": 0}
    assert (
        county.get("/groups", status="active", domain="health").json()["items"][0]["id"] == group.pk
    )


def test_unknown_query_parameters_and_fields_are_refused(staff):
    api = Api(staff.clerk)
    assert api.get("/groups", colour="green").status_code == 422
    assert api.post("/groups", _group_payload(colour="green")).status_code == 422


def test_membership_of_another_county_is_404(staff, group, village):
    membership = Membership.objects.create(group=group, person=make_person(village))
    assert (
        Api(staff.county_2401).patch(f"/members/{membership.pk}", {"skills": "x"}).status_code
        == 404
    )


def test_ids_no_row_can_have_answer_404_not_an_error(staff):
    api = Api(staff.clerk)
    for path in ("/groups/0", f"/groups/{2**70}", f"/deployments/{2**64}", f"/photos/{2**64}/file"):
        assert api.get(path).status_code in (404, 422), path


ODD_BODIES = [
    {},
    {"group_id": "x", "on": "2023-01-01", "national_code": "abc"},
    {"name": "", "atlas_id": "۱", "issued_on": "1401/13/40", "expires_on": 5},
    {"reason": "r" * 3000, "username": 7, "village": None, "days": -1},
]


def test_no_volunteers_operation_answers_a_server_error(staff, group, village):
    from config.api import api

    deployment = services.deployment_report(
        actor=staff.clerk,
        group=group,
        place=village,
        started_on=days_ago(2),
        ended_on=days_ago(1),
        domain="health",
        work_done="-",
        people_served=1,
        volunteers=1,
    )
    membership = Membership.objects.create(group=group, person=make_person(village))
    ids = {"groups": group.pk, "deployments": deployment.pk, "members": membership.pk}
    client = Api(staff.manager)
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        if "/volunteers/" not in path:
            continue
        kind = path.split("/volunteers/")[1].split("/")[0]
        for pk in (ids.get(kind, 1), 10**9):
            url = path.removeprefix("/api/v1/volunteers").replace("{pk}", str(pk))
            for method in operations:
                for body in ODD_BODIES:
                    if method == "get":
                        response = client.get(url, **{k: str(v) for k, v in body.items()})
                    elif method == "delete":
                        response = client.delete(url)
                    else:
                        response = getattr(client.client, method)(
                            BASE + url,
                            body,
                            content_type="application/json",
                            headers=client.headers,
                        )
                    assert response.status_code < 500, (method, url, body, response.content[:300])
