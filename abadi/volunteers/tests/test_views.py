"""The pages: lists with their counts and exports, the map, the group page and its forms,
the phone report form, refusals shown beside the field, and bounded queries."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from abadi.core.jalali import format_jalali
from abadi.core.permissions import Role
from abadi.testing import user_with_role
from abadi.volunteers import services
from abadi.volunteers.models import Deployment, Domain, Group, GroupStatus
from abadi.volunteers.tests.conftest import days_ago, free_code, make_group, make_person

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _report_form(group, **overrides):
    data = {
        "group": group.pk,
        "place": "2403010001001",
        "started_on": format_jalali(days_ago(2)),
        "ended_on": format_jalali(days_ago(1)),
        "domain": Domain.HEALTH,
        "work_done": "ویزیت رایگان و داروی رایگان",
        "people_served": "۱۲۰",
        "volunteers": "۶",
        "volunteer_days": "",
    }
    data.update(overrides)
    return data


def test_group_list_counts_filters_and_export(staff, group, other_group):
    client = client_for(staff.county)
    page = client.get("/volunteers/")
    assert page.status_code == 200
    html = page.content.decode()
    assert group.name in html and other_group.name in html
    assert 'data-testid="counts-domain"' in html and "خلخال" in html
    filtered = client.get("/volunteers/", {"domain": "health"}).content.decode()
    assert group.name in filtered and other_group.name not in filtered
    exported = client.get("/volunteers/", {"format": "csv", "domain": "health"})
    body = b"".join(exported.streaming_content).decode()
    assert group.atlas_id in body and other_group.atlas_id not in body
    assert "بهداشت و درمان" in body.splitlines()[1]


def test_group_list_queries_do_not_grow_with_the_groups(staff, village):
    client = client_for(staff.manager)
    make_group(village)
    client.get("/volunteers/")
    with CaptureQueriesContext(connection) as few:
        client.get("/volunteers/")
    for _ in range(12):
        make_group(village)
    with CaptureQueriesContext(connection) as many:
        client.get("/volunteers/")
    assert len(many) == len(few)


def test_map_page_carries_counts_for_the_script(staff, group):
    page = client_for(staff.manager).get("/volunteers/map/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="group-map-data"' in html and 'data-testid="map-counts"' in html
    assert "<script>" not in html.replace("<script src=", "")  # no inline code
    assert re.search(r'data-testid="map-total">[^<]*۱', html)


def test_register_a_group_from_the_page(staff):
    client = client_for(staff.clerk)
    response = client.post(
        "/volunteers/new/",
        {
            "atlas_id": "24001234",
            "name": "گروه جهادی دانشجویی سبلان",
            "group_type": "student",
            "main_domain": "education",
            "domains": ["health"],
            "home": "اسبو",
            "permit_issued_on": format_jalali(days_ago(10)),
            "permit_expires_on": format_jalali(days_ago(-355)),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = Group.objects.get(atlas_id="24001234")
    assert group.area.code == "2403"


def test_a_duplicate_atlas_id_is_shown_beside_the_field(staff, group):
    response = client_for(staff.clerk).post(
        "/volunteers/new/",
        {
            "atlas_id": group.atlas_id,
            "name": "تکراری",
            "group_type": "student",
            "main_domain": "education",
            "home": "اسبو",
        },
    )
    assert response.status_code == 422
    assert 'data-testid="error-atlas_id"' in response.content.decode()


def test_a_leader_not_in_the_registry_gets_the_offer_to_register_them(staff):
    response = client_for(staff.clerk).post(
        "/volunteers/new/",
        {
            "atlas_id": "24005555",
            "name": "گروه",
            "group_type": "student",
            "main_domain": "education",
            "home": "اسبو",
            "leader_code": free_code(),
        },
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'data-testid="error-leader_code"' in html
    assert 'data-testid="register-link"' in html and 'href="/people/new/"' in html
    assert not Group.objects.filter(atlas_id="24005555").exists()


def test_adding_a_member_not_in_the_registry_offers_registration(staff, group, village):
    client = client_for(staff.clerk)
    missing = client.post(
        f"/volunteers/{group.pk}/members/add/",
        {"member-national_code": free_code(), "member-role": "member"},
    )
    assert missing.status_code == 422
    html = missing.content.decode()
    assert 'data-testid="register-link"' in html and "سامانهٔ افراد" in html
    person = make_person(village)
    added = client.post(
        f"/volunteers/{group.pk}/members/add/",
        {"member-national_code": person.national_code, "member-role": "member"},
    )
    assert added.status_code == 302
    assert group.memberships.filter(person=person).exists()


def test_no_registration_offer_for_a_leader_who_may_not_register_people(group, leader):
    missing = client_for(leader).post(
        f"/volunteers/{group.pk}/members/add/",
        {"member-national_code": free_code(), "member-role": "member"},
    )
    assert missing.status_code == 422
    assert 'data-testid="register-link"' not in missing.content.decode()


def test_status_steps_run_from_the_group_page(staff, group):
    client = client_for(staff.county)
    page = client.get(f"/volunteers/{group.pk}/").content.decode()
    assert 'data-testid="action-suspend"' in page and 'data-testid="action-reinstate"' not in page
    refused = client.post(f"/volunteers/{group.pk}/do/suspend/", {"suspend-reason": ""})
    assert refused.status_code == 422
    done = client.post(
        f"/volunteers/{group.pk}/do/suspend/",
        {"suspend-reason": "بازرسی", "suspend-on": format_jalali(days_ago(1))},
    )
    assert done.status_code == 302
    group.refresh_from_db()
    assert group.status == GroupStatus.SUSPENDED
    assert (
        client_for(staff.clerk).post(f"/volunteers/{group.pk}/do/reinstate/", {}).status_code == 403
    )


def test_the_report_form_fits_a_phone_and_saves_with_photos(group, leader):
    client = client_for(leader)
    form = client.get("/volunteers/deployments/new/")
    html = form.content.decode()
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in html and 'accept=".jpg' in html
    assert 'inputmode="numeric"' in html
    assert f'<option value="{group.pk}" selected>' in html  # their only group, chosen
    response = client.post(
        "/volunteers/deployments/new/",
        {
            **_report_form(group),
            "photos": [SimpleUploadedFile("1.png", PNG, content_type="image/png")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    deployment = Deployment.objects.get()
    assert deployment.volunteer_days == 12 and deployment.photos.count() == 1
    detail = client.get(f"/volunteers/deployments/{deployment.pk}/").content.decode()
    assert 'data-testid="photo"' in detail


def test_a_leader_cannot_pick_another_group_on_the_form(group, other_group, leader):
    response = client_for(leader).post("/volunteers/deployments/new/", _report_form(other_group))
    assert response.status_code == 422
    assert "گروه‌هایی نیست" in response.content.decode()
    assert not Deployment.objects.exists()


def test_an_end_before_the_start_is_shown_beside_the_end(staff, group):
    response = client_for(staff.clerk).post(
        "/volunteers/deployments/new/",
        _report_form(
            group, started_on=format_jalali(days_ago(1)), ended_on=format_jalali(days_ago(2))
        ),
    )
    assert response.status_code == 422
    assert 'data-testid="error-ended_on"' in response.content.decode()


def test_a_leader_sees_only_their_group_on_every_page(group, other_group, leader, village):
    services.deployment_report(
        actor=leader,
        group=group,
        place=village,
        started_on=days_ago(2),
        ended_on=days_ago(1),
        domain=Domain.HEALTH,
        work_done="-",
        people_served=3,
        volunteers=2,
    )
    client = client_for(leader)
    listing = client.get("/volunteers/").content.decode()
    assert group.name in listing and other_group.name not in listing
    assert client.get(f"/volunteers/{other_group.pk}/").status_code == 404
    own = client.get(f"/volunteers/{group.pk}/").content.decode()
    assert 'data-testid="member-form"' in own and 'data-testid="action-suspend"' not in own
    assert "/audit/history/" not in own  # the history panel is for staff
    assert (
        client.get("/volunteers/deployments/")
        .content.decode()
        .count('data-testid="deployment-row"')
        == 1
    )
    assert client.get(f"/volunteers/{group.pk}/edit/").status_code == 403


def test_permit_list_and_its_window(staff, village):
    soon = make_group(village, permit=(days_ago(300), days_ago(-60)))
    later = make_group(village, permit=(days_ago(300), days_ago(-61)))
    client = client_for(staff.county)
    html = client.get("/volunteers/permits/").content.decode()
    assert soon.name in html and later.name not in html
    assert later.name in client.get("/volunteers/permits/", {"days": "۶۱"}).content.decode()


def test_every_list_exports(staff, group, village):
    services.member_add(actor=staff.clerk, group=group, person=make_person(village))
    client = client_for(staff.county)
    for path in (
        "/volunteers/",
        "/volunteers/members/",
        "/volunteers/deployments/",
        "/volunteers/permits/",
    ):
        response = client.get(path, {"format": "xlsx"})
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_county_officer_of_another_county_gets_404(staff, group):
    client = client_for(staff.county_2401)
    assert client.get(f"/volunteers/{group.pk}/").status_code == 404
    assert client.get(f"/volunteers/{group.pk}/edit/").status_code == 404


def test_press_may_not_open_the_groups(areas, group):
    press = user_with_role("press24", Role.PRESS, areas["24"])
    assert client_for(press).get("/volunteers/").status_code == 403


def test_leader_account_linked_from_the_page(staff, group, areas):
    user_with_role("leader-page", Role.GROUP_LEADER, areas["2403"])
    client = client_for(staff.county)
    linked = client.post(
        f"/volunteers/{group.pk}/leaderships/add/", {"leadership-username": "leader-page"}
    )
    assert linked.status_code == 302
    link = group.leaderships.get()
    assert client.post(f"/volunteers/leaderships/{link.pk}/end/").status_code == 302
    link.refresh_from_db()
    assert link.until is not None


def test_many_groups_are_named_by_atlas_id_on_the_report_form(
    staff, group, other_group, monkeypatch
):
    from abadi.volunteers import forms

    monkeypatch.setattr(forms, "GROUP_CHOICES", 1)
    client = client_for(staff.clerk)
    html = client.get("/volunteers/deployments/new/").content.decode()
    assert '<select name="group"' not in html and "شناسه اطلس گروه" in html
    response = client.post(
        "/volunteers/deployments/new/", {**_report_form(group), "group": group.atlas_id}
    )
    assert response.status_code == 302
    assert Deployment.objects.get().group == group
    wrong = client.post("/volunteers/deployments/new/", {**_report_form(group), "group": "NOPE99"})
    assert wrong.status_code == 422 and "گروه‌هایی نیست" in wrong.content.decode()
    # From the group's page the group is the one choice, whatever the number of groups.
    page = client.get(f"/volunteers/deployments/new/?group={other_group.pk}").content.decode()
    assert f'<option value="{other_group.pk}" selected>' in page
