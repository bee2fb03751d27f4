"""The events pages: scoped lists with constant query counts, the workflow on the record
page, files, exhibitors, the month calendar (htmx) and the occasion's board."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from abadi.core import clock
from abadi.core.jalali import to_jalali
from abadi.events import services
from abadi.events.models import Event, EventFile, EventStatus
from abadi.events.samples import PIXEL
from abadi.events.tests.conftest import VILLAGE_2401, WEEK_NAME

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_the_event_list_is_scoped(client, plan, areas, county_officer, officer_2401):
    mine = plan()
    theirs = plan(actor=officer_2401, place=areas[VILLAGE_2401], title="دیدار امام جمعه")
    body = login(client, county_officer).get(reverse("events:event_list")).content.decode()
    assert reverse("events:event_detail", args=[mine.pk]) in body
    assert reverse("events:event_detail", args=[theirs.pk]) not in body
    assert client.get(reverse("events:event_detail", args=[theirs.pk])).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["events:event_list", "events:occasion_list", "events:exhibitor_list", "events:calendar"],
)
def test_list_query_counts_do_not_grow_with_rows(
    client, name, plan, clerk, officer, django_assert_max_num_queries
):
    login(client, officer)

    def add():
        fair = plan(kind="exhibition", day=clock.today(), occasion=False)
        services.exhibitor_add(actor=clerk, event=fair, name=f"کارگاه {fair.pk}")

    add()
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse(name)).status_code == 200
    for _ in range(6):
        add()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(name))


def test_planning_an_event_that_ends_before_it_starts_on_the_page(client, clerk, week):
    login(client, clerk)
    data = {
        "title": "مشاوره حقوقی رایگان",
        "kind": "counselling",
        "occasion": week.pk,
        "place": "اسبو",
        "day": "1401/02/17",
        "start_time": "۱۰:۰۰",
        "end_time": "۰۹:۰۰",
        "organiser_kind": "county_office",
    }
    refused = client.post(reverse("events:event_create"), data)
    assert refused.status_code == 422 and "پیش از آغاز" in refused.content.decode()
    assert Event.objects.count() == 0
    data["end_time"] = "12:00"
    assert client.post(reverse("events:event_create"), data).status_code == 302
    assert Event.objects.get().on == datetime.date(2022, 5, 7)


def test_holding_on_the_record_page(client, plan, clerk):
    event = plan()
    login(client, clerk)
    page = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert 'data-testid="action-hold"' in page
    done = client.post(
        reverse("events:event_action", args=[event.pk, "hold"]),
        {"hold-on": "1401/02/17", "hold-people_served": "۱۲۰", "hold-report": "ویزیت رایگان"},
    )
    assert done.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.HELD and event.people_served == 120


def test_a_future_event_offers_no_holding_and_refuses_it(client, plan, clerk):
    event = plan(day=clock.today() + datetime.timedelta(days=2), occasion=False)
    login(client, clerk)
    page = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert 'data-testid="action-hold"' not in page and 'data-testid="future"' in page
    refused = client.post(
        reverse("events:event_action", args=[event.pk, "hold"]), {"hold-people_served": "5"}
    )
    assert refused.status_code == 422 and "روزش نرسیده" in refused.content.decode()


def test_photos_are_served_only_through_the_event(
    client, plan, clerk, officer_2401, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    event = plan()
    login(client, clerk)
    posted = client.post(
        reverse("events:event_file_add", args=[event.pk]),
        {"file-kind": "photo", "file-file": SimpleUploadedFile("a.png", PIXEL)},
    )
    assert posted.status_code == 302
    stored = EventFile.objects.get()
    url = reverse("core:file", args=["events.eventfile", stored.pk, "file"])
    assert client.get(url).status_code == 200
    assert login(client, officer_2401).get(url).status_code == 404
    login(client, clerk)
    wrong = client.post(
        reverse("events:event_file_add", args=[event.pk]),
        {"file-kind": "photo", "file-file": SimpleUploadedFile("a.png", b"not a png")},
    )
    assert wrong.status_code == 422


def test_exhibitors_on_the_page(client, plan, clerk):
    fair = plan(kind="exhibition", title="نمایشگاه")
    login(client, clerk)
    added = client.post(
        reverse("events:exhibitor_add", args=[fair.pk]),
        {"exhibitor-name": "کارگاه گلیم", "exhibitor-sales_amount": "۲۵٬۰۰۰٬۰۰۰"},
    )
    assert added.status_code == 302
    exhibitor = fair.exhibitors.get()
    assert exhibitor.sales_amount == 25_000_000
    edited = client.post(
        reverse("events:exhibitor_edit", args=[exhibitor.pk]),
        {"sales_amount": "30000000", "visitors": "80"},
    )
    assert edited.status_code == 302
    exhibitor.refresh_from_db()
    assert (exhibitor.sales_amount, exhibitor.visitors) == (30_000_000, 80)


def test_the_calendar_shows_the_month_and_swaps_it_with_htmx(client, plan, clerk, areas):
    today = clock.today()
    plan(day=today, occasion=False, title="غبارروبی گلزار شهدا")
    login(client, clerk)
    page = client.get(reverse("events:calendar"))
    body = page.content.decode()
    assert "غبارروبی گلزار شهدا" in body and 'data-testid="calendar-grid"' in body
    jalali = to_jalali(today)
    previous = (jalali.year, jalali.month - 1) if jalali.month > 1 else (jalali.year - 1, 12)
    part = client.get(
        reverse("events:calendar"),
        {"year": previous[0], "month": previous[1], "county": "2403"},
        headers={"HX-Request": "true"},
    )
    assert part.status_code == 200
    assert "<html" not in part.content.decode()
    assert "غبارروبی گلزار شهدا" not in part.content.decode()


def test_the_calendar_starts_its_weeks_on_saturday(plan, clerk):
    from abadi.events.selectors import month_calendar

    found = month_calendar(actor=clerk, year=1401, month=2)  # 1 Ordibehesht 1401: a Thursday
    first_week = found.weeks[0]
    assert [cell.day if cell else None for cell in first_week] == [None] * 5 + [1, 2]
    assert sum(1 for week in found.weeks for cell in week if cell) == 31


def test_the_occasion_board_counts_planned_and_held(client, plan, clerk, week, officer):
    held = plan()
    services.event_mark_held(actor=clerk, event=held, on=held.on)
    plan(kind="manoeuvre")
    cancelled = plan(kind="service_desk", planned_on=datetime.date(2022, 5, 1))
    services.event_cancel(actor=clerk, event=cancelled, reason="x", on=datetime.date(2022, 5, 2))
    login(client, officer)
    page = client.get(reverse("events:occasion_detail", args=[week.pk]))
    board = page.context["board"]
    assert (board.total.planned, board.total.held, board.total.cancelled) == (2, 1, 1)
    assert [(row.key, row.planned, row.held) for row in board.counties] == [("2403", 2, 1)]
    assert {row.key: row.planned for row in board.kinds} == {
        "medical_team": 1,
        "service_desk": 0,
        "manoeuvre": 1,
    }
    assert WEEK_NAME in page.content.decode()


def test_exports_of_the_lists(client, plan, clerk):
    plan()
    login(client, clerk)
    for name in ("events:event_list", "events:occasion_list", "events:exhibitor_list"):
        response = client.get(reverse(name), {"format": "csv"})
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
