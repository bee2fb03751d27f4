"""Odd input to every training and events operation answers a 4xx in the one error shape,
never a server error."""

import datetime

import pytest
from django.test import Client

from abadi.accounts.services import token_create
from abadi.events import services
from abadi.events.tests.conftest import WEEK_NAME

pytestmark = pytest.mark.django_db

ODD_BODIES = [
    {},
    {"title": 5, "kind": "nope"},
    {"day": "2023-01-01", "start_time": "25:00", "place": "", "organiser_kind": "x"},
    {"on": "1550/12/30", "people_served": -1, "reason": ""},
    {"on": "۱۴۰۱/۱۳/۰۱", "hours_attended": 10**9, "national_code": "1111111111"},
    {"target_id": 0, "kind": "project"},
    {"sales_amount": 10**20, "visitors": "many", "loan_number": "x" * 30},
    {"starts_on": "1401/02/20", "ends_on": "1401/02/01", "name": "x", "area": "IR"},
    {"number": "", "issued_on": "1500/01/01", "agency_id": 10**12, "national_code": "0"},
]
ODD_QUERIES = [
    {"year": "1200"},
    {"month": "13", "year": "1401"},
    {"county": "x" * 300},
    {"limit": "0"},
    {"q": "'; drop table x; --"},
    {"unknown": "1"},
]


@pytest.fixture
def records(plan, clerk, week, make_course_and_enrolment):
    event = plan(kind="exhibition")
    exhibitor = services.exhibitor_add(actor=clerk, event=event, name="کارگاه")
    return {"event": event, "exhibitor": exhibitor, **make_course_and_enrolment}


@pytest.fixture
def make_course_and_enrolment(areas, manager):
    from abadi.organisations.models import Organisation, OrganisationKind
    from abadi.training import services as training
    from abadi.training.tests.conftest import make_person

    agency = Organisation.objects.create(
        name="فنی و حرفه‌ای", kind=OrganisationKind.TVTO, area=areas["24"], search_key="فنی"
    )
    course = training.course_create(
        actor=manager,
        title="دوره",
        field="other",
        agency=agency,
        place=areas["2403"],
        starts_on=datetime.date(2021, 5, 1),
        ends_on=datetime.date(2021, 5, 2),
        hours=10,
        capacity=5,
    )
    from abadi.core.permissions import Role
    from abadi.testing import user_with_role

    trainer = user_with_role("trainer2403", Role.DATA_CLERK, areas["2403"])
    enrolment = training.enrolment_create(
        actor=trainer,
        course=course,
        person=make_person(areas["2403010001001"]),
        on=datetime.date(2021, 4, 30),
    )
    return {"course": course, "enrolment": enrolment}


def test_odd_input_never_breaks_the_server(records, admin_user, week):
    client = Client()
    headers = {"Authorization": f"Bearer {token_create(user=admin_user)}"}
    event, exhibitor = records["event"].pk, records["exhibitor"].pk
    course, enrolment = records["course"].pk, records["enrolment"].pk
    posts = [
        "/api/v1/events/occasions",
        "/api/v1/events/events",
        f"/api/v1/events/events/{event}/hold",
        f"/api/v1/events/events/{event}/report",
        f"/api/v1/events/events/{event}/cancel",
        f"/api/v1/events/events/{event}/links",
        f"/api/v1/events/events/{event}/exhibitors",
        "/api/v1/training/courses",
        f"/api/v1/training/courses/{course}/enrolments",
        f"/api/v1/training/enrolments/{enrolment}/attend",
        f"/api/v1/training/enrolments/{enrolment}/complete",
        f"/api/v1/training/enrolments/{enrolment}/withdraw",
        "/api/v1/training/licences",
    ]
    patches = [
        f"/api/v1/events/occasions/{week.pk}",
        f"/api/v1/events/events/{event}",
        f"/api/v1/events/exhibitors/{exhibitor}",
        f"/api/v1/training/courses/{course}",
    ]
    gets = [
        "/api/v1/events/events",
        "/api/v1/events/occasions",
        "/api/v1/events/exhibitors",
        "/api/v1/events/calendar",
        f"/api/v1/events/occasions/{week.pk}/board",
        "/api/v1/training/courses",
        "/api/v1/training/enrolments",
        "/api/v1/training/licences",
    ]
    for path in posts:
        for body in ODD_BODIES:
            response = client.post(path, body, content_type="application/json", headers=headers)
            assert response.status_code < 500, (path, body, response.content)
            if response.status_code >= 400:
                assert set(response.json()) == {"detail", "errors"}
    for path in patches:
        for body in ODD_BODIES:
            response = client.patch(path, body, content_type="application/json", headers=headers)
            assert response.status_code < 500, (path, body, response.content)
    for path in gets:
        for params in ODD_QUERIES:
            response = client.get(path, params, headers=headers)
            assert response.status_code < 500, (path, params, response.content)
    board = client.get(
        f"/api/v1/events/occasions/{week.pk}/board", {"county": "نیست"}, headers=headers
    )
    assert board.status_code == 422
    assert (
        WEEK_NAME
        in client.get(f"/api/v1/events/occasions/{week.pk}", headers=headers).json()["name"]
    )
