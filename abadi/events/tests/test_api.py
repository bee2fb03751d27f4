"""Occasions and events through /api/v1/ alone: the week, an event planned and held, its
links, photo, exhibitors, board and calendar; refusals answer 422 in Persian."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from abadi.accounts.services import token_create
from abadi.events.samples import PIXEL
from abadi.events.tests.conftest import WEEK_NAME

pytestmark = pytest.mark.django_db

BASE = "/api/v1/events"


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


def event_body(project=None, **extra):
    return {
        "title": "افتتاح نیروگاه خورشیدی خانگی اسبو",
        "kind": "inauguration",
        "occasion": WEEK_NAME,
        "place": "اسبو",
        "day": "1401/02/18",
        "start_time": "10:00",
        "end_time": "11:30",
        "organiser_kind": "county_office",
        "links": [{"kind": "project", "target_id": project.pk, "label": "نیروگاه ۵ کیلوواتی"}]
        if project
        else [],
        **extra,
    }


def test_the_week_through_the_api(
    officer, clerk, county_officer, completed_solar, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    province, desk, county = Api(officer), Api(clerk), Api(county_officer)
    week = province.post(
        "/occasions",
        {"name": WEEK_NAME, "area": "24", "starts_on": "1401/02/15", "ends_on": "1401/02/23"},
    )
    assert week.status_code == 201, week.content
    backwards = desk.post("/events", event_body(end_time="09:00"))
    assert backwards.status_code == 422 and "ends_at" in backwards.json()["errors"]
    outside = desk.post("/events", event_body(day="1401/02/24"))
    assert outside.status_code == 422
    created = desk.post("/events", event_body(completed_solar))
    assert created.status_code == 201, created.content
    event = created.json()
    assert event["area"] == "2403" and event["day"] == "1401/02/18"
    assert event["links"] == [
        {"kind": "project", "target_id": completed_solar.pk, "label": "نیروگاه ۵ کیلوواتی"}
    ]
    assert event["next_actions"] == ["hold", "cancel"]
    # Holding the inauguration inaugurates the plant: the county officer may take that step.
    held = county.post(f"/events/{event['id']}/hold", {"on": "1401/02/18", "people_served": 6})
    assert held.status_code == 200, held.content
    assert held.json()["status"] == "held" and held.json()["held_on"] == "1401/02/18"
    completed_solar.refresh_from_db()
    assert completed_solar.stage == "inaugurated"
    photo = desk.client.post(
        f"{BASE}/events/{event['id']}/files",
        {"kind": "photo", "file": SimpleUploadedFile("a.png", PIXEL)},
        headers=desk.headers,
    )
    assert photo.status_code == 201, photo.content
    served = desk.client.get(photo.json()["url"], headers=desk.headers)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    board = province.get(f"/occasions/{week.json()['id']}/board")
    assert board.json()["total"] == {
        "key": "",
        "label": "جمع",
        "planned": 1,
        "held": 1,
        "cancelled": 0,
    }
    calendar = desk.get("/calendar", year=1401, month=2, county="2403")
    days = {day["day"]: day["events"] for day in calendar.json()["days"]}
    assert [row["id"] for row in days[18]] == [event["id"]] and len(days) == 31


def test_a_future_event_cannot_be_held_through_the_api(clerk):
    from abadi.core import clock
    from abadi.core.jalali import format_jalali

    tomorrow = format_jalali(
        clock.today().fromordinal(clock.today().toordinal() + 1), persian_digits=False
    )
    desk = Api(clerk)
    created = desk.post(
        "/events", event_body(kind="manoeuvre", occasion=None, links=[], day=tomorrow)
    )
    assert created.status_code == 201, created.content
    refused = desk.post(f"/events/{created.json()['id']}/hold", {"people_served": 1})
    assert refused.status_code == 422 and "روزش نرسیده" in refused.json()["errors"]["on"][0]


def test_exhibitors_through_the_api(clerk, week):
    desk = Api(clerk)
    fair = desk.post(
        "/events", event_body(kind="exhibition", links=[], title="نمایشگاه اقتصاد مقاومتی")
    ).json()
    added = desk.post(
        f"/events/{fair['id']}/exhibitors", {"name": "کارگاه عسل", "sales_amount": 12_000_000}
    )
    assert added.status_code == 201, added.content
    patched = desk.patch(f"/exhibitors/{added.json()['id']}", {"visitors": 150})
    assert patched.status_code == 200 and patched.json()["visitors"] == 150
    unknown_loan = desk.post(f"/events/{fair['id']}/exhibitors", {"loan_number": "1400-999999"})
    assert unknown_loan.status_code == 422 and "loan_number" in unknown_loan.json()["errors"]
    listed = desk.get("/exhibitors", event=fair["id"])
    assert [row["name"] for row in listed.json()["items"]] == ["کارگاه عسل"]


def test_another_county_sees_none_of_it(plan, officer_2401):
    event = plan()
    theirs = Api(officer_2401)
    assert theirs.get(f"/events/{event.pk}").status_code == 404
    assert theirs.get("/events").json()["items"] == []
    assert theirs.post(f"/events/{event.pk}/hold", {"people_served": 1}).status_code == 404
