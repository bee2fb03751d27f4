"""Event indicators, and an occasion as the period of an indicator question: through the
query kit, ``abadi indicators --occasion`` and ``/api/v1/indicators?occasion=``."""

import datetime
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from abadi.accounts.services import token_create
from abadi.core.actors import SYSTEM
from abadi.core.indicators import IndicatorQuery, get_indicator
from abadi.events import services
from abadi.events.tests.conftest import FIRST, LAST, WEEK_NAME

pytestmark = pytest.mark.django_db


def value(key, query, breakdown=None):
    indicator = get_indicator(key)
    return indicator.breakdown(breakdown, query) if breakdown else indicator.compute(query)


@pytest.fixture
def programme(plan, clerk, areas):
    """Five events of the week in 2403 (one of them the day before and one the day after
    the week, outside it): two held, one cancelled; an exhibition with two exhibitors."""
    held = plan(day=FIRST)
    services.event_mark_held(actor=clerk, event=held, on=FIRST, people_served=100)
    fair = plan(kind="exhibition", day=LAST, title="نمایشگاه")
    services.exhibitor_add(actor=clerk, event=fair, name="فرش", sales_amount=30_000_000)
    services.exhibitor_add(actor=clerk, event=fair, name="عسل", sales_amount=20_000_000)
    services.event_mark_held(actor=clerk, event=fair, on=LAST, people_served=400)
    plan(kind="manoeuvre")
    cancelled = plan(kind="service_desk", planned_on=datetime.date(2022, 5, 1))
    services.event_cancel(
        actor=clerk, event=cancelled, reason="تعطیلی", on=datetime.date(2022, 5, 6)
    )
    plan(day=FIRST - datetime.timedelta(days=1), occasion=False)
    plan(day=LAST + datetime.timedelta(days=1), occasion=False)


def test_planned_and_held_over_the_occasions_days(programme, areas):
    query = IndicatorQuery.build(actor=SYSTEM, area=areas["24"], occasion=WEEK_NAME)
    assert (query.start, query.end) == (FIRST, LAST)
    assert value("events.planned", query) == 3  # not the cancelled one, not those outside
    assert value("events.planned", query, "kind") == {
        "medical_team": 1,
        "exhibition": 1,
        "manoeuvre": 1,
    }
    assert value("events.held", query) == 2
    assert value("events.people_served", query) == 500
    assert value("events.exhibitions", query) == 1
    assert value("events.exhibitors", query) == 2
    assert value("events.sales", query) == 50_000_000
    same = IndicatorQuery.build(actor=SYSTEM, area=areas["24"], start=FIRST, end=LAST)
    assert value("events.planned", same) == 3


def test_an_event_cancelled_after_the_period_still_counts_as_planned_in_it(plan, clerk, areas):
    event = plan(planned_on=datetime.date(2022, 5, 1))
    before = IndicatorQuery.build(
        actor=SYSTEM, area=areas["24"], start=FIRST, end=datetime.date(2022, 5, 7)
    )
    services.event_cancel(actor=clerk, event=event, reason="x", on=datetime.date(2022, 5, 8))
    assert value("events.planned", before) == 1
    whole = IndicatorQuery.build(actor=SYSTEM, area=areas["24"], occasion=WEEK_NAME)
    assert value("events.planned", whole) == 0


def test_the_occasion_is_matched_by_search_key_and_by_id(week, areas):
    for text in ("هفته بسيج سازندگي 1401", "هفته بسیج سازندگی‌ ۱۴۰۱", str(week.pk)):
        query = IndicatorQuery.build(actor=SYSTEM, area=areas["24"], occasion=text)
        assert query.occasion.pk == week.pk
    with pytest.raises(ValidationError) as missing:
        IndicatorQuery.build(actor=SYSTEM, area=areas["24"], occasion="هفته دیگر")
    assert "occasion" in missing.value.message_dict


def test_a_county_sees_the_provinces_occasion_and_only_its_own_events(
    programme, plan, areas, officer_2401
):
    from abadi.events.tests.conftest import VILLAGE_2401

    plan(actor=SYSTEM, place=areas[VILLAGE_2401])
    query = IndicatorQuery.build(actor=officer_2401, area=areas["2401"], occasion=WEEK_NAME)
    assert value("events.planned", query) == 1


def test_the_cli_takes_an_occasion(programme):
    out = StringIO()
    call_command("indicators", "--area", "24", "--occasion", WEEK_NAME, "--json", stdout=out)
    rows = {row["key"]: row for row in json.loads(out.getvalue())}
    assert rows["events.planned"]["value"] == 3
    table = StringIO()
    call_command("indicators", "--area", "24", "--occasion", WEEK_NAME, stdout=table)
    assert "۱۴۰۱/۰۲/۱۵" in table.getvalue()


def test_the_cli_refuses_an_occasion_with_a_year(programme):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("indicators", "--area", "24", "--occasion", WEEK_NAME, "--year", "1401")


def test_the_api_takes_an_occasion(programme, admin_user):
    client = Client()
    headers = {"Authorization": f"Bearer {token_create(user=admin_user)}"}
    response = client.get(
        "/api/v1/indicators",
        {"area": "24", "occasion": WEEK_NAME, "key": "events.planned"},
        headers=headers,
    )
    assert response.status_code == 200, response.content
    [row] = response.json()
    assert row["value"] == 3 and row["start"] == "1401/02/15" and row["end"] == "1401/02/23"
    wrong = client.get("/api/v1/indicators", {"area": "24", "occasion": "نیست"}, headers=headers)
    assert wrong.status_code == 422 and "occasion" in wrong.json()["errors"]


def test_the_indicators_page_takes_an_occasion(programme, client, manager):
    client.force_login(manager)
    page = client.get("/reporting/", {"occasion": WEEK_NAME})
    assert page.status_code == 200
    body = page.content.decode()
    assert WEEK_NAME in body
    unknown = client.get("/reporting/", {"occasion": "نیست"})
    assert unknown.status_code == 200 and "پیدا نشد" in unknown.content.decode()


def test_without_a_module_keeping_occasions_the_kit_says_so(monkeypatch, areas):
    from abadi.core import ports

    monkeypatch.delitem(ports._PROVIDED, "occasion_from_input")
    with pytest.raises(ValidationError) as refused:
        IndicatorQuery.build(actor=SYSTEM, area=areas["24"], occasion="هفته")
    assert "مناسبت" in refused.value.message_dict["occasion"][0]
