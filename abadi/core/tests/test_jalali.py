"""Jalali dates: conversion, parsing what people type, formatting, fiscal-year bounds."""

import datetime
import itertools
import zoneinfo

import jdatetime
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from abadi.core import clock
from abadi.core.jalali import (
    MONTH_NAMES,
    days_in_month,
    format_jalali,
    format_jalali_datetime,
    is_leap,
    jalali_date,
    jalali_month_bounds,
    jalali_today,
    jalali_year_bounds,
    jalali_year_of,
    parse_jalali,
    to_jalali,
)
from abadi.core.persian import to_persian_digits

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
# 18 Ordibehesht 1401: the Basij Sazandegi week of the article.
ORDIBEHESHT_18_1401 = datetime.date(2022, 5, 8)
FIRST = datetime.date(1921, 3, 21)  # 1 Farvardin 1300
LAST = datetime.date(2122, 3, 20)  # 29 Esfand 1500

# ---------------------------------------------------------------------------- conversion


def test_to_jalali():
    jdate = to_jalali(ORDIBEHESHT_18_1401)
    assert (jdate.year, jdate.month, jdate.day) == (1401, 2, 18)


def test_to_jalali_of_a_datetime_uses_its_calendar_day():
    moment = datetime.datetime(2022, 5, 8, 23, 59)
    assert to_jalali(moment) == to_jalali(ORDIBEHESHT_18_1401)


def test_jalali_date_is_the_inverse():
    assert jalali_date(1401, 2, 18) == ORDIBEHESHT_18_1401
    assert jalali_date(1403, 12, 30) == datetime.date(2025, 3, 20)


def test_month_names_run_from_farvardin_to_esfand():
    assert len(MONTH_NAMES) == 12
    assert (MONTH_NAMES[0], MONTH_NAMES[1], MONTH_NAMES[11]) == ("فروردین", "اردیبهشت", "اسفند")


@pytest.mark.parametrize(
    ("year", "leap"), [(1399, True), (1400, False), (1401, False), (1403, True)]
)
def test_leap_years(year, leap):
    assert is_leap(year) is leap
    assert days_in_month(year, 12) == (30 if leap else 29)


def test_month_lengths():
    assert [days_in_month(1401, m) for m in range(1, 13)] == [31] * 6 + [30] * 5 + [29]


def test_jalali_today_is_today_in_tehran(settings):
    assert settings.TIME_ZONE == "Asia/Tehran"
    assert jalali_today().togregorian() == clock.now().astimezone(TEHRAN).date()


# ---------------------------------------------------------------------------- formatting


def test_format_jalali():
    assert format_jalali(ORDIBEHESHT_18_1401) == "۱۴۰۱/۰۲/۱۸"
    assert format_jalali(ORDIBEHESHT_18_1401, persian_digits=False) == "1401/02/18"


def test_format_jalali_with_month_name():
    assert format_jalali(ORDIBEHESHT_18_1401, with_month_name=True) == "۱۸ اردیبهشت ۱۴۰۱"
    assert (
        format_jalali(datetime.date(2023, 3, 20), with_month_name=True, persian_digits=False)
        == "29 اسفند 1401"
    )


def test_format_jalali_of_nothing_is_empty():
    assert format_jalali(None) == ""
    assert format_jalali_datetime(None) == ""


def test_an_aware_datetime_counts_by_the_day_in_tehran():
    # 21:00 UTC on 7 May is 01:30 on 8 May in Tehran (+04:30 daylight time then).
    moment = datetime.datetime(2022, 5, 7, 21, 0, tzinfo=datetime.UTC)
    assert format_jalali(moment) == "۱۴۰۱/۰۲/۱۸"
    assert jalali_year_of(datetime.datetime(2023, 3, 20, 21, 0, tzinfo=datetime.UTC)) == 1402


def test_format_jalali_datetime_shows_tehran_time():
    moment = datetime.datetime(2023, 1, 10, 10, 0, tzinfo=datetime.UTC)
    assert format_jalali_datetime(moment) == "۱۴۰۱/۱۰/۲۰ ۱۳:۳۰"
    assert format_jalali_datetime(moment, persian_digits=False) == "1401/10/20 13:30"


# ---------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    "typed",
    [
        "1401/02/18",
        "1401/2/18",
        "۱۴۰۱/۰۲/۱۸",
        "۱۴۰۱-۲-۱۸",
        "1401-02-18",
        "1401.2.18",
        "۱۴۰۱٫۲٫۱۸",
        "١٤٠١/٠٢/١٨",
        "  1401/02/18 ",
        "1401 / 2 / 18",
        "14010218",
    ],
)
def test_parse_jalali_accepts_what_people_type(typed):
    assert parse_jalali(typed) == ORDIBEHESHT_18_1401


def test_parse_jalali_passes_dates_through():
    assert parse_jalali(ORDIBEHESHT_18_1401) == ORDIBEHESHT_18_1401
    assert parse_jalali(datetime.datetime(2022, 5, 8, 10, 0)) == ORDIBEHESHT_18_1401


def test_the_thirtieth_of_esfand_exists_in_a_leap_year():
    assert parse_jalali("1403/12/30") == datetime.date(2025, 3, 20)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "تاریخ را وارد کنید."),
        (None, "تاریخ را وارد کنید."),
        ("فردا", "«فردا» تاریخ نیست؛ تاریخ را به شکل ۱۴۰۱/۰۲/۱۸ بنویسید."),
        ("1401/02", "«1401/02» تاریخ نیست؛ تاریخ را به شکل ۱۴۰۱/۰۲/۱۸ بنویسید."),
        ("1401/2-18", "«1401/2-18» تاریخ نیست؛ تاریخ را به شکل ۱۴۰۱/۰۲/۱۸ بنویسید."),
        ("18/02/1401", "«18/02/1401» تاریخ نیست؛ تاریخ را به شکل ۱۴۰۱/۰۲/۱۸ بنویسید."),
        ("1401/13/01", "ماه باید بین ۱ و ۱۲ باشد، نه ۱۳."),
        ("1401/00/10", "ماه باید بین ۱ و ۱۲ باشد، نه ۰."),
        ("1401/12/30", "ماه اسفند سال ۱۴۰۱ فقط ۲۹ روز دارد؛ روز ۳۰ وجود ندارد."),
        ("1401/07/31", "ماه مهر سال ۱۴۰۱ فقط ۳۰ روز دارد؛ روز ۳۱ وجود ندارد."),
        ("1401/01/32", "ماه فروردین سال ۱۴۰۱ فقط ۳۱ روز دارد؛ روز ۳۲ وجود ندارد."),
        ("1401/01/00", "ماه فروردین سال ۱۴۰۱ فقط ۳۱ روز دارد؛ روز ۰ وجود ندارد."),
        ("0000/01/01", "سال ۰ در بازهٔ پذیرفتنی (۱۲۵۰ تا ۱۵۵۰) نیست."),
        # A Gregorian date is never read as a Jalali one (it would be the year 2644).
        (
            "2023-01-01",
            "«2023-01-01» تاریخ میلادی به نظر می‌رسد؛ تاریخ را شمسی بنویسید، مثلاً ۱۴۰۱/۰۲/۱۸.",
        ),
        ("1699/01/01", "سال ۱۶۹۹ در بازهٔ پذیرفتنی (۱۲۵۰ تا ۱۵۵۰) نیست."),
        ("1551/01/01", "سال ۱۵۵۱ در بازهٔ پذیرفتنی (۱۲۵۰ تا ۱۵۵۰) نیست."),
    ],
)
def test_parse_jalali_refuses_with_a_persian_message(typed, message):
    with pytest.raises(ValidationError) as caught:
        parse_jalali(typed)
    assert caught.value.messages == [message]


def test_the_edges_of_the_years_a_person_may_type():
    assert parse_jalali("1250/01/01").year == 1871
    assert parse_jalali("1550/12/29") > parse_jalali("1549/01/01")


def test_every_day_of_jalali_1300_to_1500_round_trips():
    day, one = FIRST, datetime.timedelta(days=1)
    while day <= LAST:
        assert parse_jalali(format_jalali(day)) == day
        assert parse_jalali(format_jalali(day, persian_digits=False)) == day
        day += one


_DIGITS = st.sampled_from(["latin", "persian", "arabic"])
_SEPARATORS = st.sampled_from(["/", "-", ".", "٫"])


def _write(n: int, width: int, script: str) -> str:
    text = f"{n:0{width}d}"
    if script == "persian":
        return to_persian_digits(text)
    if script == "arabic":
        return text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    return text


@settings(deadline=None)
@given(
    st.dates(FIRST, LAST),
    _DIGITS,
    _SEPARATORS,
    st.booleans(),
    st.sampled_from(["", " ", "  "]),
)
def test_dates_written_in_any_script_and_separator_parse_back(day, script, sep, padded, space):
    jdate = jdatetime.date.fromgregorian(date=day)
    width = 2 if padded else 1
    parts = [
        _write(jdate.year, 4, script),
        _write(jdate.month, width, script),
        _write(jdate.day, width, script),
    ]
    assert parse_jalali(f"{space}{sep.join(parts)}{space}") == day


# ---------------------------------------------------------------------------- fiscal year


def test_year_bounds_of_1401():
    assert jalali_year_bounds(1401) == (datetime.date(2022, 3, 21), datetime.date(2023, 3, 20))


def test_year_bounds_of_a_leap_year_include_the_thirtieth_of_esfand():
    assert jalali_year_bounds(1403) == (datetime.date(2024, 3, 20), datetime.date(2025, 3, 20))


def test_month_bounds():
    assert jalali_month_bounds(1401, 2) == (datetime.date(2022, 4, 21), datetime.date(2022, 5, 21))
    assert jalali_month_bounds(1401, 12) == (datetime.date(2023, 2, 20), datetime.date(2023, 3, 20))


def test_month_bounds_refuse_a_month_that_does_not_exist():
    with pytest.raises(ValidationError):
        jalali_month_bounds(1401, 13)


@settings(deadline=None)
@given(st.integers(min_value=1300, max_value=1500))
def test_years_tile_the_calendar(year):
    first, last = jalali_year_bounds(year)
    assert jalali_year_of(first) == jalali_year_of(last) == year
    assert jalali_year_of(first - datetime.timedelta(days=1)) == year - 1
    assert jalali_year_of(last + datetime.timedelta(days=1)) == year + 1
    assert (last - first).days + 1 == (366 if is_leap(year) else 365)


@settings(deadline=None)
@given(st.integers(min_value=1300, max_value=1500))
def test_months_tile_the_year(year):
    bounds = [jalali_month_bounds(year, month) for month in range(1, 13)]
    assert bounds[0][0] == jalali_year_bounds(year)[0]
    assert bounds[-1][1] == jalali_year_bounds(year)[1]
    for (_, end), (start, _) in itertools.pairwise(bounds):
        assert start == end + datetime.timedelta(days=1)


@settings(deadline=None)
@given(st.dates(FIRST, LAST))
def test_jalali_year_of_matches_the_year_bounds(day):
    first, last = jalali_year_bounds(jalali_year_of(day))
    assert first <= day <= last
