"""The pages: the list with its filters (and a bounded number of queries), the map, the
project page with its timeline, chart and gallery, registering a project, a phone's
progress report with photos, the protected photos, the plan — and another county sees none
of it."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from abadi.core.permissions import Role
from abadi.projects import services
from abadi.projects.models import ProgressReport, Project, ProjectPlan, ProjectType, Stage
from abadi.projects.tests.conftest import BROKEN, image_bytes, photo
from abadi.testing import user_with_role
from tests.test_inline_code import inline_code

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_the_list_filters_by_type_stage_county_province_and_executor(
    client, register, advance, places, staff, contractor
):
    from abadi.projects.services import Executor

    house = register()
    solar = advance(
        register(
            project_type=ProjectType.SOLAR,
            executor=Executor(kind="contractor", organisation=contractor),
        ),
        Stage.GROUNDBREAKING,
    )
    far = register(place=places["lorestan"], actor=staff.officer)
    client.force_login(staff.officer)

    def listed(query: str) -> set[int]:
        response = client.get(f"/projects/?{query}")
        assert response.status_code == 200
        return {project.pk for project in response.context["page"].object_list}

    assert listed("") == {house.pk, solar.pk, far.pk}
    assert listed("type=solar") == {solar.pk}
    assert listed("stage=groundbreaking") == {solar.pk}
    assert listed("county=2403") == {house.pk, solar.pk}
    assert listed("province=15") == {far.pk}
    assert listed("executor_kind=contractor") == {solar.pk}
    assert listed(f"executor={contractor.pk}") == {solar.pk}
    assert listed("q=" + house.number) == {house.pk}
    assert listed("type=nonsense") == {house.pk, solar.pk, far.pk}


def test_another_county_sees_none_of_it(client, register, advance, staff, media):
    project = advance(register(), Stage.IN_PROGRESS)
    report = services.progress_report_add(
        actor=staff.county, project=project, date=BROKEN + 30 * DAY, percent=20, photos=[photo()]
    )
    picture = report.photos.get()
    client.force_login(staff.other_county)
    assert list(client.get("/projects/").context["page"].object_list) == []
    for url in (
        f"/projects/{project.pk}/",
        f"/files/projects.progressphoto/{picture.pk}/file/",
        f"/files/projects.progressphoto/{picture.pk}/thumbnail/",
        f"/audit/history/projects.project/{project.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/projects/{project.pk}/report/").status_code == 404
    client.force_login(staff.county)
    response = client.get(f"/files/projects.progressphoto/{picture.pk}/thumbnail/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_list_and_the_map_cost_the_same_queries_for_more_rows(client, register, staff):
    client.force_login(staff.officer)
    register()
    client.get("/projects/")  # warm the caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        client.get("/projects/")
    with CaptureQueriesContext(connection) as map_few:
        client.get("/projects/map/")
    for _ in range(9):
        register()
    with CaptureQueriesContext(connection) as many:
        client.get("/projects/")
    with CaptureQueriesContext(connection) as map_many:
        client.get("/projects/map/")
    assert len(many) == len(few)
    assert len(map_many) == len(map_few)


def test_the_project_page_shows_timeline_chart_and_gallery(client, register, advance, staff, media):
    project = advance(register(), Stage.IN_PROGRESS)
    for days, percent in ((30, 20), (60, 45)):
        services.progress_report_add(
            actor=staff.county,
            project=project,
            date=BROKEN + days * DAY,
            percent=percent,
            photos=[photo()],
        )
    client.force_login(staff.county)
    response = client.get(f"/projects/{project.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert inline_code(html) == []
    assert 'data-testid="timeline-groundbreak"' in html
    assert 'id="progress-series"' in html
    series = response.context["series"]
    assert [point["percent"] for point in series] == [20, 45]
    assert html.count('class="gallery-item"') == 2
    assert "/thumbnail/" in html
    assert [a["name"] for a in response.context["actions"]][:3] == ["report", "complete", "suspend"]


def test_a_project_is_registered_from_the_page(client, places, staff, agency):
    client.force_login(staff.clerk)
    assert client.get("/projects/new/").status_code == 200
    data = {
        "title": "ساخت ۴ واحد مسکن",
        "project_type": "housing_build",
        "places": "اسبو — خلخال",
        "executor_kind": "group",
        "executor_group_name": "گروه جهادی شهید باکری",
        "executor_group_atlas_id": "۱۲۴۰۳۵۶",
        "housing_units": "۴",
        "budget": "۶٬۰۰۰٬۰۰۰٬۰۰۰",
        "agency_1": str(agency.pk),
        "agency_1_amount": "۴٬۰۰۰٬۰۰۰٬۰۰۰",
        "office_amount": "۲٬۰۰۰٬۰۰۰٬۰۰۰",
    }
    response = client.post("/projects/new/", data)
    project = Project.objects.get()
    assert response.status_code == 302
    assert (project.place.code, project.area.code, project.housing_units) == (
        "2403010001001",
        "2403",
        4,
    )
    assert project.executor_group_atlas_id == "1240356"


def test_the_page_refuses_shares_that_do_not_add_up_beside_the_field(client, places, staff):
    client.force_login(staff.clerk)
    response = client.post(
        "/projects/new/",
        {
            "title": "ساخت",
            "project_type": "housing_build",
            "places": "2403010001001",
            "executor_kind": "group",
            "executor_group_name": "گروه",
            "housing_units": "4",
            "budget": "1000",
            "office_amount": "999",
        },
    )
    assert response.status_code == 422
    assert "برابر نیست" in " ".join(response.context["form"].errors["budget"])
    assert Project.objects.count() == 0


def test_the_page_refuses_a_place_that_is_not_a_village(client, places, staff):
    client.force_login(staff.clerk)
    response = client.post(
        "/projects/new/",
        {
            "title": "ساخت",
            "project_type": "housing_build",
            "places": "2403",
            "executor_kind": "group",
            "executor_group_name": "گروه",
            "housing_units": "4",
            "budget": "1000",
            "office_amount": "1000",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["places"]
    assert Project.objects.count() == 0


def test_a_field_officer_reports_from_a_phone_with_photos(client, register, advance, staff, media):
    project = advance(register(), Stage.GROUNDBREAKING)
    client.force_login(staff.county)
    page = client.get(f"/projects/{project.pk}/report/")
    assert page.status_code == 200
    assert 'capture="environment"' in page.content.decode()
    response = client.post(
        f"/projects/{project.pk}/report/",
        {
            "date": "۱۴۰۰/۰۲/۰۱",
            "percent": "۱۵",
            "text": "پی‌کنی",
            "photos": [photo("a.jpg"), photo("b.png", kind="PNG")],
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.photos.count() == 2
    project.refresh_from_db()
    assert project.stage == Stage.IN_PROGRESS


def test_the_phone_page_refuses_a_photo_that_is_too_big_writing_nothing(
    client, register, advance, staff, media
):
    project = advance(register(), Stage.GROUNDBREAKING)
    client.force_login(staff.county)
    big = image_bytes() + b"\x00" * (8 * 1024 * 1024)
    response = client.post(
        f"/projects/{project.pk}/report/",
        {"date": "1400/02/01", "percent": "15", "photos": [photo("big.jpg", big)]},
    )
    assert response.status_code == 422
    assert "مگابایت" in " ".join(response.context["form"].errors["photos"])
    assert ProgressReport.objects.count() == 0


def test_steps_are_taken_from_the_project_page(client, register, staff):
    project = register()
    client.force_login(staff.county)
    response = client.post(
        f"/projects/{project.pk}/do/groundbreak/", {"groundbreak-on": "1400/01/21"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.GROUNDBREAKING
    response = client.post(f"/projects/{project.pk}/do/inaugurate/", {"inaugurate-on": ""})
    assert response.status_code == 422
    response = client.post(f"/projects/{project.pk}/do/complete/", {"complete-on": "1300/01/01"})
    assert response.status_code == 422


def test_the_funding_and_beneficiaries_are_edited_from_the_page(client, register, places, staff):
    from abadi.projects.tests.conftest import make_household

    project = register(budget=1_000)
    household = make_household(places["2403010001001"])
    client.force_login(staff.clerk)
    bad = client.post(
        f"/projects/{project.pk}/do/funding/",
        {"funding-budget": "2000", "funding-office_amount": "1999"},
    )
    assert bad.status_code == 422
    good = client.post(
        f"/projects/{project.pk}/do/funding/",
        {"funding-budget": "2000", "funding-office_amount": "2000"},
    )
    assert good.status_code == 302
    added = client.post(
        f"/projects/{project.pk}/do/beneficiary/",
        {"beneficiary-national_code": household.head.national_code},
    )
    assert added.status_code == 302
    assert project.beneficiaries.get().household == household
    removed = client.post(f"/projects/{project.pk}/beneficiaries/{household.pk}/remove/")
    assert removed.status_code == 302
    assert project.beneficiaries.count() == 0


def test_the_map_counts_projects_by_the_county_of_their_place(client, register, places, staff):
    register()
    register(place=places["lorestan"], actor=staff.officer)
    client.force_login(staff.officer)
    response = client.get("/projects/map/")
    assert response.status_code == 200
    assert response.context["area"].code == "24"
    assert response.context["data"].counts == {"2403": 1}
    assert response.context["data"].outside == 1  # the Lorestan project
    country = client.get("/projects/map/?area=IR")
    assert country.context["data"].counts == {"24": 1, "15": 1}
    assert inline_code(response.content.decode()) == []


def test_the_plan_is_set_by_a_manager_and_exported(client, places, staff):
    client.force_login(staff.manager)
    response = client.post(
        "/projects/plan/",
        {"area": "24", "year": "۱۴۰۱", "project_type": "solar", "count": "۲۰۰۰"},
    )
    assert response.status_code == 302
    assert ProjectPlan.objects.get().count == 2_000
    export = client.get("/projects/plan/?format=csv")
    assert "2000" in b"".join(export.streaming_content).decode()
    client.force_login(staff.county)
    assert client.post("/projects/plan/", {}).status_code == 403


def test_the_list_exports_what_it_shows(client, register, places, staff):
    register()
    register(place=places["lorestan"], actor=staff.officer)
    client.force_login(staff.officer)
    export = b"".join(client.get("/projects/?province=15&format=csv").streaming_content).decode()
    assert export.count("\n") == 2  # the header and the one Lorestan project


def test_the_place_box_says_what_each_line_names(client, places, staff):
    client.force_login(staff.clerk)
    response = client.get("/projects/place-hint/", {"places": "اسبو\n2403\nچغلوندی"})
    html = response.content.decode()
    assert html.count('data-testid="place-hint"') == 2  # a village of Khalkhal and of Lorestan
    assert 'data-testid="place-hint-error"' in html


def test_pages_need_their_permission(client, register, areas):
    press = user_with_role("press24", Role.PRESS, areas["24"])
    client.force_login(press)
    assert client.get("/projects/").status_code == 403
    assert client.get("/projects/map/").status_code == 403


def test_inline_code_is_absent_from_the_form_and_list(client, register, staff):
    register()
    client.force_login(staff.clerk)
    for url in ("/projects/", "/projects/new/", "/projects/reports/", "/projects/plan/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url
    spec = json.loads(
        client.get("/projects/new/")
        .content.decode()
        .split('id="capacity-spec" type="application/json">')[1]
        .split("</script>")[0]
    )
    assert spec["solar"]["required"] == ["power_watts"]
