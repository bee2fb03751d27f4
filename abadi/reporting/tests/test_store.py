"""The indicator store answers exactly what the records give: a stored value is used only
while no table it read has been written, by any path (the ORM, bulk, COPY-like raw SQL,
updates, deletes), and never for a viewer who sees only part of the area.

These tests commit (``transaction=True``): PostgreSQL's notes of a write are seen by
others only once it is committed, and a transaction's own writes make everything it
computes be computed again."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from abadi.core import clock, store
from abadi.core.indicators import IndicatorQuery
from abadi.core.models import StoredIndicatorValue
from abadi.people.models import Benefit, Programme
from abadi.reporting.tests.conftest import TEST_KEY, jdate
from abadi.volunteers.models import Group

pytestmark = pytest.mark.django_db(transaction=True)


def ask(indicator, actor, area, breakdown=None, **period):
    return store.Ask(indicator, IndicatorQuery.build(actor=actor, area=area, **period), breakdown)


def plain(one):
    return one.compute()


def test_a_stored_value_is_used_until_its_table_is_written(
    value_indicator, make_benefit, manager, areas
):
    first = make_benefit("2403010001001", jdate(1401, 1, 1), 100)
    question = ask(value_indicator, manager, areas["24"], year=1401)
    assert store.answer(question) == 100
    assert StoredIndicatorValue.objects.filter(key=TEST_KEY).count() == 1
    with CaptureQueriesContext(connection) as queries:
        assert store.answer(question) == 100
    assert len(queries) <= 3  # the notes and the stored value: nothing computed again

    # A write elsewhere (another app's table) leaves the value stored.
    Group.objects.all().update(name="x")
    with CaptureQueriesContext(connection) as queries:
        assert store.answer(question) == 100
    assert len(queries) <= 3

    # Every way of writing the ledger is seen.
    make_benefit("2401010001001", jdate(1401, 12, 29), 20)  # the ORM, last day of the year
    assert store.answer(question) == plain(question) == 120
    Benefit.objects.filter(pk=first.pk).update(value=101)  # an update
    assert store.answer(question) == plain(question) == 121
    Benefit.objects.bulk_create(  # bulk
        [
            Benefit(
                person=first.person,
                programme=Programme.PACKAGE,
                date=first.date,
                value=1000,
                area=first.area,
            )
        ]
    )
    assert store.answer(question) == plain(question) == 1121
    with connection.cursor() as cursor:  # hand-written SQL
        cursor.execute("UPDATE people_benefit SET value = value + 1")
    assert store.answer(question) == plain(question) == 1124
    Benefit.objects.filter(value=1001).delete()  # a delete
    assert store.answer(question) == plain(question) == 123


def test_breakdowns_months_and_children_are_stored_apart(
    value_indicator, make_benefit, manager, areas
):
    make_benefit("2403010001001", jdate(1401, 2, 1), 100, programme=Programme.PACKAGE)
    make_benefit("2401010001001", jdate(1401, 3, 1), 20, programme=Programme.LOAN)
    asks = [
        ask(value_indicator, manager, areas["24"], year=1401),
        ask(value_indicator, manager, areas["24"], breakdown="programme", year=1401),
        ask(value_indicator, manager, areas["24"], year=1401, month=2),
        ask(value_indicator, manager, areas["24"], year=1401, month=3),
        ask(value_indicator, manager, areas["2403"], year=1401),
        ask(value_indicator, manager, areas["2401"], year=1401),
    ]
    expected = [120, {Programme.PACKAGE: 100, Programme.LOAN: 20}, 100, 20, 100, 20]
    assert store.answers(asks) == expected
    assert StoredIndicatorValue.objects.count() == len(asks)
    assert store.answers(asks) == expected
    assert [plain(a) for a in asks] == expected


def test_a_partial_viewer_gets_their_share_and_nothing_is_stored_for_them(
    value_indicator, make_benefit, county_officer, manager, areas
):
    make_benefit("2403010001001", jdate(1401, 2, 1), 100)
    make_benefit("2401010001001", jdate(1401, 2, 1), 20)
    assert store.answer(ask(value_indicator, county_officer, areas["24"], year=1401)) == 100
    assert not StoredIndicatorValue.objects.exists()
    # The manager's whole-province value is stored; the officer still gets only a share.
    assert store.answer(ask(value_indicator, manager, areas["24"], year=1401)) == 120
    assert store.answer(ask(value_indicator, county_officer, areas["24"], year=1401)) == 100


def test_sibling_codes_of_different_length_are_different_questions(
    value_indicator, make_benefit, manager, areas
):
    """2403 and 24031 share a prefix, not a subtree."""
    from abadi.geography.models import AreaLevel
    from abadi.testing import child_area

    odd = child_area(areas["24"], "24031", AreaLevel.COUNTY, "شهرستان آزمون")
    make_benefit("2403010001001", jdate(1401, 2, 1), 100)
    Benefit.objects.create(
        person=Benefit.objects.get().person,
        programme=Programme.PACKAGE,
        date=jdate(1401, 2, 1),
        value=7,
        area=odd,
    )
    assert store.answer(ask(value_indicator, manager, areas["2403"], year=1401)) == 100
    assert store.answer(ask(value_indicator, manager, odd, year=1401)) == 7
    assert store.answer(ask(value_indicator, manager, areas["2403"], year=1401)) == 100


def test_yesterday_values_are_not_used_today(
    value_indicator, make_benefit, manager, areas, monkeypatch
):
    make_benefit("2403010001001", jdate(1401, 2, 1), 100)
    question = ask(value_indicator, manager, areas["24"])  # all time up to today
    assert store.answer(question) == 100
    stored = StoredIndicatorValue.objects.get()
    tomorrow = clock.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(clock, "today", lambda: tomorrow)
    question = ask(value_indicator, manager, areas["24"])
    assert store.answer(question) == 100
    assert stored.day < StoredIndicatorValue.objects.get().day == tomorrow  # the old one pruned


def test_every_registered_indicator_answers_as_its_records_do(manager, areas):
    """The catalogue's own indicators on every app's samples: the store's answer (computed,
    then stored) is the plain computation, for the year, a month and the county."""
    from abadi.core.indicators import all_indicators
    from abadi.core.jalali import jalali_year_of
    from tests.guard.world import sample_modules

    for module in sample_modules():
        if hasattr(module, "build_shared"):
            module.build_shared(province=areas["24"])
        module.build(county=areas["2403"], marker="store")
    year = jalali_year_of(clock.today())
    asks = [
        ask(indicator, manager, area, **period)
        for indicator in all_indicators()
        for area in (areas["24"], areas["2403"])
        for period in ({"year": year}, {"year": year, "month": 1}, {})
    ]
    expected = [plain(a) for a in asks]
    assert store.answers(asks) == expected  # computed and stored
    assert StoredIndicatorValue.objects.exists()
    assert store.answers(asks) == expected  # from the store


def test_a_value_that_is_no_number_is_stored_with_its_reason(manager, areas):
    """Cost per verified job with no verified job: undefined, and why, from the store too."""
    from abadi.core.indicators import Undefined, get_indicator

    question = ask(get_indicator("loans.cost_per_job"), manager, areas["24"], year=1401)
    first = store.answer(question)
    assert isinstance(first, Undefined)
    assert StoredIndicatorValue.objects.filter(key="loans.cost_per_job").exists()
    with CaptureQueriesContext(connection) as queries:
        again = store.answer(question)
    assert len(queries) <= 3
    assert isinstance(again, Undefined) and str(again) == str(first)


def test_every_watched_table_notes_its_writes():
    """Each model's table carries the trigger after migrate; the noisy ones do not."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname = 'core_table_change'"
            )
            noted = {row[0] for row in cursor}
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'"
                " AND name LIKE 'core_version_DELETE_%'"
            )
            noted = {row[0] for row in cursor}
    assert store.watched_tables() <= noted
    assert not noted & store.UNWATCHED
    assert "people_benefit" in noted and "loans_disbursement" in noted
