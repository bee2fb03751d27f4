"""Jalali dates at the edges: conversion, parsing, formatting, fiscal-year bounds.

Storage stays Gregorian so the database can sort, range-filter and aggregate dates
natively; people and reports see Jalali. The office's fiscal year is the Jalali year
(1 Farvardin – 29/30 Esfand), so period filters are built from :func:`jalali_year_bounds`
and :func:`jalali_month_bounds` and then run as ordinary Gregorian ranges.
"""

import datetime
import functools
import re

import jdatetime
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.persian import to_persian_digits

MONTH_NAMES = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
EXAMPLE = "۱۴۰۱/۰۲/۱۸"

# jdatetime's own range; outside it conversion fails rather than answering wrongly.
MIN_YEAR, MAX_YEAR = jdatetime.MINYEAR, jdatetime.MAXYEAR
# Years a person may type: the oldest birth dates to the furthest plans. A year from
# GREGORIAN_LOOKING on is a Gregorian date typed where a Jalali one belongs.
TYPED_YEARS = (1250, 1550)
GREGORIAN_LOOKING = 1700
# Years a report or a filter may ask about (the office's history and plans).
REPORT_YEARS = (1300, 1500)


def to_jalali(value: datetime.date) -> jdatetime.date:
    """The Jalali date of a Gregorian date (a datetime counts by its own calendar day)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return jdatetime.date.fromgregorian(date=value)


# jdatetime builds a locale-aware object for every conversion (~15 µs); imports convert the
# same few thousand days over and over, so the bare (year, month, day) answers are cached.
@functools.lru_cache(maxsize=2**16)
def _jalali_ymd(value: datetime.date) -> tuple[int, int, int]:
    jdate = jdatetime.date.fromgregorian(date=value)
    return jdate.year, jdate.month, jdate.day


@functools.lru_cache(maxsize=2**16)
def _gregorian(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


@functools.lru_cache(maxsize=1024)
def is_leap(year: int) -> bool:
    """Whether Esfand of this Jalali year has 30 days."""
    return jdatetime.date(year, 1, 1).isleap()


def days_in_month(year: int, month: int) -> int:
    """Farvardin–Shahrivar 31, Mehr–Bahman 30, Esfand 29 or 30 in a leap year."""
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap(year) else 29


def jalali_date(year: int, month: int, day: int) -> datetime.date:
    """The Gregorian date of a Jalali day; a day that does not exist is a ValidationError."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            _("سال %(year)s پشتیبانی نمی‌شود."),
            code="invalid_date",
            params={"year": to_persian_digits(year)},
        )
    if not 1 <= month <= 12:
        raise ValidationError(
            _("ماه باید بین ۱ و ۱۲ باشد، نه %(month)s."),
            code="invalid_date",
            params={"month": to_persian_digits(month)},
        )
    length = days_in_month(year, month)
    if not 1 <= day <= length:
        raise ValidationError(
            _("ماه %(month)s سال %(year)s فقط %(length)s روز دارد؛ روز %(day)s وجود ندارد."),
            code="invalid_date",
            params={
                "month": MONTH_NAMES[month - 1],
                "year": to_persian_digits(year),
                "length": to_persian_digits(length),
                "day": to_persian_digits(day),
            },
        )
    return _gregorian(year, month, day)


# Year, month, day separated by / - . or the Persian decimal sign (what a Persian keyboard
# gives for "."), optionally with spaces; or eight digits run together as bank files write.
# \d matches Persian and Arabic-Indic digits too, and int() reads them: no conversion needed.
_SEPARATED = re.compile(
    r"(?P<year>\d{4})\s*(?P<sep>[/\-.٫])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*(?P<day>\d{1,2})"
)
_COMPACT = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")


def parse_jalali(text: str | datetime.date | None) -> datetime.date:
    """The Gregorian date of a Jalali date someone typed: "1401/02/18", "۱۴۰۱-۲-۱۸", "1401.2.18".

    Persian, Arabic-Indic and Latin digits are all accepted. Refuses text that is not a
    date and days that do not exist (1401/13/01, 30 Esfand of a common year) with a
    Persian message that names the problem. A ``date`` passes through, so form fields
    can hand over initial values unchanged.
    """
    if isinstance(text, datetime.datetime):
        return text.date()
    if isinstance(text, datetime.date):
        return text
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValidationError(_("تاریخ را وارد کنید."), code="required")
    match = _SEPARATED.fullmatch(cleaned) or _COMPACT.fullmatch(cleaned)
    if not match:
        raise ValidationError(
            _("«%(value)s» تاریخ نیست؛ تاریخ را به شکل %(example)s بنویسید."),
            code="invalid",
            params={"value": text, "example": EXAMPLE},
        )
    year, month, day = (int(part) for part in match.group("year", "month", "day"))
    if year >= GREGORIAN_LOOKING:
        # "2023-01-01" read as Jalali would be the year 2644: refuse it, never store it.
        raise ValidationError(
            _("«%(value)s» تاریخ میلادی به نظر می‌رسد؛ تاریخ را شمسی بنویسید، مثلاً %(example)s."),
            code="gregorian",
            params={"value": text, "example": EXAMPLE},
        )
    if not TYPED_YEARS[0] <= year <= TYPED_YEARS[1]:
        raise ValidationError(
            _("سال %(year)s در بازهٔ پذیرفتنی (%(first)s تا %(last)s) نیست."),
            code="invalid_date",
            params={
                "year": to_persian_digits(year),
                "first": to_persian_digits(TYPED_YEARS[0]),
                "last": to_persian_digits(TYPED_YEARS[1]),
            },
        )
    return jalali_date(year, month, day)


def _local_date(value: datetime.date) -> datetime.date:
    """An aware datetime counts by the calendar day in Tehran, not in UTC."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def format_jalali(
    value: datetime.date | None, *, persian_digits: bool = True, with_month_name: bool = False
) -> str:
    """A Gregorian date shown as Jalali: "۱۴۰۱/۰۲/۱۸", or "۱۸ اردیبهشت ۱۴۰۱" with the month name.

    jdatetime's Persian locale still prints Latin digits, so digits are converted here.
    """
    if value is None:
        return ""
    year, month, day = _jalali_ymd(_local_date(value))
    if with_month_name:
        text = f"{day} {MONTH_NAMES[month - 1]} {year}"
    else:
        text = f"{year:04d}/{month:02d}/{day:02d}"
    return to_persian_digits(text) if persian_digits else text


def format_jalali_datetime(value: datetime.datetime | None, *, persian_digits: bool = True) -> str:
    """A moment shown in Tehran time: "۱۴۰۱/۰۲/۱۸ ۱۴:۳۰"."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    text = f"{format_jalali(local.date(), persian_digits=False)} {local:%H:%M}"
    return to_persian_digits(text) if persian_digits else text


def jalali_year_of(value: datetime.date) -> int:
    """The Jalali (and so fiscal) year a date falls in."""
    return _jalali_ymd(_local_date(value))[0]


def jalali_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last Gregorian day (inclusive) of a Jalali year: the fiscal-year filter."""
    return jalali_date(year, 1, 1), jalali_date(year, 12, days_in_month(year, 12))


def jalali_month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """First and last Gregorian day (inclusive) of a Jalali month."""
    return jalali_date(year, month, 1), jalali_date(year, month, days_in_month(year, month))


def jalali_today() -> jdatetime.date:
    """Today in Tehran, as a Jalali date."""
    return to_jalali(clock.today())
