"""A week's programme from a spreadsheet: planned and (where held) reported in one file,
checked before anything is written, safe to import twice; exhibitors and their sales."""

import io

import pytest

from abadi.core.exports import get_export_kind, write_csv
from abadi.core.imports import get_import_kind, run_import
from abadi.events.models import Event, EventStatus, Exhibitor, Occasion
from abadi.events.tests.conftest import WEEK_NAME

pytestmark = pytest.mark.django_db

HEADER = ["شناسه منبع", "عنوان", "نوع برنامه", "مناسبت", "محل برگزاری", "روز برگزاری", "ساعت آغاز", "ساعت پایان", "برگزارکننده", "تاریخ برگزاری (ثبت‌شده)", "شمار بهره‌مندان"]  # fmt: skip


def run(kind: str, rows: list[list[str]], actor):
    data = ("\n".join(",".join(row) for row in rows) + "\n").encode("utf-8")
    return run_import(
        kind=get_import_kind(kind), file=io.BytesIO(data), size=len(data), actor=actor, commit=True
    )


def test_occasions_from_a_file(officer):
    header = ["نام مناسبت", "دفتر مسئول", "روز نخست", "روز پایان"]
    report = run(
        "events_occasions", [header, [WEEK_NAME, "24", "1401/02/15", "1401/02/23"]], officer
    )
    assert report.committed and report.outcome.created == 1, report.errors
    again = run("events_occasions", [header, ["هفته بسيج سازندگي 1401", "24", "1401/02/15", "1401/02/23"]], officer)  # fmt: skip
    assert again.outcome.unchanged == 1 and Occasion.objects.count() == 1


def test_a_weeks_programme_planned_and_reported(clerk, week):
    rows = [
        HEADER,
        ["HB-1", "رزمایش خلخال", "رزمایش", WEEK_NAME, "2403", "1401/02/16", "09:00", "12:00", "دفتر شهرستان", "1401/02/16", "۵۰۰"],
        ["HB-2", "میز خدمت", "میز خدمت در ادارات", WEEK_NAME, "اسبو", "۱۴۰۱/۰۲/۱۷", "۱۰:۰۰", "", "دفتر شهرستان", "", ""],
    ]  # fmt: skip
    report = run("events_events", rows, clerk)
    assert report.committed and report.outcome.created == 2, report.errors
    held = Event.objects.get(source_id="HB-1")
    assert held.status == EventStatus.HELD and held.people_served == 500
    assert Event.objects.get(source_id="HB-2").status == EventStatus.PLANNED
    again = run("events_events", rows, clerk)
    assert again.committed and again.outcome.unchanged == 2


def test_bad_rows_write_nothing(clerk, week):
    from abadi.core import clock
    from abadi.core.jalali import format_jalali

    future = format_jalali(clock.today().replace(year=clock.today().year + 1), persian_digits=False)
    rows = [
        HEADER,
        ["B-1", "رزمایش", "رزمایش", WEEK_NAME, "2403", "1401/02/16", "12:00", "09:00", "دفتر شهرستان", "", ""],
        ["B-2", "رزمایش", "رزمایش", WEEK_NAME, "2403", "1401/02/24", "09:00", "", "دفتر شهرستان", "", ""],
        ["B-3", "رزمایش", "رزمایش", "", "2403", future, "09:00", "", "دفتر شهرستان", future, ""],
    ]  # fmt: skip
    report = run("events_events", rows, clerk)
    assert not report.committed
    assert {error.row for error in report.errors} == {2, 3, 4}
    assert Event.objects.count() == 0


def test_exhibitors_from_a_file(plan, clerk):
    fair = plan(kind="exhibition", source_id="FAIR-1", title="نمایشگاه")
    header = ["نمایشگاه", "نام کارگاه", "محصولات", "فروش (ریال)", "بازدیدکنندگان"]
    rows = [header, ["FAIR-1", "کارگاه فرش", "فرش", "۴۵٬۰۰۰٬۰۰۰", "120"], [str(fair.pk), "لبنیات محلی", "پنیر", "0", "30"]]  # fmt: skip
    report = run("events_exhibitors", rows, clerk)
    assert report.committed and report.outcome.created == 2, report.errors
    assert sum(Exhibitor.objects.values_list("sales_amount", flat=True)) == 45_000_000
    assert run("events_exhibitors", rows, clerk).outcome.unchanged == 2


def test_an_event_export_imports_back_unchanged(plan, clerk):
    plan(source_id="E-1")
    found = get_export_kind("events_events")
    out = io.StringIO()
    write_csv(out, rows=found.queryset(clerk), columns=found.get_columns())
    data = out.getvalue().encode("utf-8")
    report = run_import(
        kind=get_import_kind("events_events"),
        file=io.BytesIO(data),
        size=len(data),
        actor=clerk,
        commit=True,
    )
    assert report.committed, report.errors
    assert report.outcome.unchanged == 1
