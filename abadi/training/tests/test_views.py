"""The training pages: scoped lists with constant query counts, forms that show the
services' refusals beside their fields, the enrolment steps and the certificate PDF."""

import datetime

import pytest
from django.urls import reverse

from abadi.training import services
from abadi.training.models import Enrolment, EnrolmentStatus, Licence
from abadi.training.tests.conftest import VILLAGE_2401, VILLAGE_2403, make_person

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def enrolled(clerk, course, areas):
    return services.enrolment_create(
        actor=clerk,
        course=course,
        person=make_person(areas[VILLAGE_2403]),
        on=datetime.date(2021, 4, 25),
    )


def test_the_course_list_is_scoped(client, make_course, areas, county_officer, officer_2401):
    mine = make_course()
    theirs = make_course(place=areas[VILLAGE_2401], title="خیاطی")
    body = login(client, county_officer).get(reverse("training:course_list")).content.decode()
    assert reverse("training:course_detail", args=[mine.pk]) in body
    assert reverse("training:course_detail", args=[theirs.pk]) not in body
    assert (
        login(client, officer_2401)
        .get(reverse("training:course_detail", args=[mine.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    "name", ["training:course_list", "training:enrolment_list", "training:licence_list"]
)
def test_list_query_counts_do_not_grow_with_rows(
    client, name, make_course, clerk, samt, areas, officer, django_assert_max_num_queries
):
    login(client, officer)

    def add():
        course = make_course()
        enrolment = enrolled(clerk, course, areas)
        services.licence_record(
            actor=clerk,
            person=enrolment.person,
            kind="business",
            agency=samt,
            number=f"N{enrolment.pk}",
            issued_on=datetime.date(2021, 9, 1),
        )

    add()
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse(name)).status_code == 200
    for _ in range(6):
        add()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(name))


def test_creating_a_course_on_the_page(client, officer, tvto):
    login(client, officer)
    assert client.get(reverse("training:course_create")).status_code == 200
    response = client.post(
        reverse("training:course_create"),
        {
            "title": "قالی‌بافی",
            "field": "carpet",
            "agency": tvto.pk,
            "place": "اسبو",
            "starts_on": "۱۴۰۰/۰۳/۰۱",
            "ends_on": "۱۴۰۰/۰۲/۳۱",
            "hours": "۶۰",
            "capacity": "۲۰",
        },
    )
    assert response.status_code == 422
    assert "پیش از" in response.content.decode()
    response = client.post(
        reverse("training:course_create"),
        {
            "title": "قالی‌بافی",
            "field": "carpet",
            "agency": tvto.pk,
            "place": "اسبو",
            "starts_on": "۱۴۰۰/۰۳/۰۱",
            "ends_on": "۱۴۰۰/۰۳/۲۰",
            "hours": "۶۰",
            "capacity": "۲۰",
        },
    )
    assert response.status_code == 302


def test_enrolling_on_the_page_past_capacity_shows_the_reason(client, make_course, clerk, areas):
    course = make_course(capacity=1)
    login(client, clerk)
    first, second = make_person(areas[VILLAGE_2403]), make_person(areas[VILLAGE_2403])
    url = reverse("training:course_enrol", args=[course.pk])
    ok = client.post(url, {"enrol-national_code": first.national_code, "enrol-on": "1400/02/05"})
    assert ok.status_code == 302
    full = client.post(url, {"enrol-national_code": second.national_code, "enrol-on": "1400/02/05"})
    assert full.status_code == 422 and "ظرفیت دوره" in full.content.decode()
    assert Enrolment.objects.filter(course=course).count() == 1


def test_the_enrolment_page_runs_the_steps_and_serves_the_certificate(client, course, clerk, areas):
    enrolment = enrolled(clerk, course, areas)
    login(client, clerk)
    page = client.get(reverse("training:enrolment_detail", args=[enrolment.pk]))
    assert 'data-testid="action-complete"' in page.content.decode()
    early = client.post(
        reverse("training:enrolment_action", args=[enrolment.pk, "complete"]),
        {"complete-on": "1400/02/19"},
    )
    assert early.status_code == 422
    done = client.post(
        reverse("training:enrolment_action", args=[enrolment.pk, "complete"]),
        {"complete-on": "1400/02/20", "complete-hours_attended": "40"},
    )
    assert done.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    pdf = client.get(reverse("training:certificate", args=[enrolment.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_certificate_of_another_county_is_404(client, course, clerk, areas, officer_2401):
    enrolment = enrolled(clerk, course, areas)
    services.enrolment_complete(actor=clerk, enrolment=enrolment, on=course.ends_on)
    response = login(client, officer_2401).get(reverse("training:certificate", args=[enrolment.pk]))
    assert response.status_code == 404


def test_recording_a_licence_number_twice_on_the_page(client, clerk, samt, areas):
    login(client, clerk)
    person = make_person(areas[VILLAGE_2403])
    data = {
        "national_code": person.national_code,
        "kind": "business",
        "agency": samt.pk,
        "number": "۵۵۳۱",
        "issued_on": "1400/07/12",
    }
    assert client.post(reverse("training:licence_create"), data).status_code == 302
    again = client.post(reverse("training:licence_create"), data)
    assert again.status_code == 422 and "پیش‌تر برای" in again.content.decode()
    assert Licence.objects.count() == 1


def test_exports_of_the_lists(client, course, clerk, areas):
    enrolled(clerk, course, areas)
    login(client, clerk)
    for name in ("training:course_list", "training:enrolment_list", "training:licence_list"):
        response = client.get(reverse(name), {"format": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
