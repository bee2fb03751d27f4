"""Template filters every page uses (installed as builtins: no ``{% load %}`` needed).

Pages show Jalali dates, Persian digits and amounts in the unit a report asks for; the
database keeps Gregorian dates and integer rials. Filters return "" for missing values so
an empty cell stays empty instead of printing "None".
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.safestring import SafeData, mark_safe

from abadi.core.jalali import format_jalali, format_jalali_datetime
from abadi.core.money import MoneyUnit, format_money, format_rials
from abadi.core.persian import DECIMAL_SEPARATOR, group_digits, number_to_words, to_persian_digits

register = template.Library()


def _is_date(value: Any) -> bool:
    return isinstance(value, datetime.date)


@register.filter
def jalali(value: Any) -> Any:
    """A date or datetime as "۱۴۰۱/۰۲/۱۸" (a datetime counts by its Tehran calendar day)."""
    return format_jalali(value) if _is_date(value) else _passthrough(value)


@register.filter
def jalali_long(value: Any) -> Any:
    """A date as "۱۸ اردیبهشت ۱۴۰۱", for letters, certificates and headings."""
    return format_jalali(value, with_month_name=True) if _is_date(value) else _passthrough(value)


@register.filter
def jalali_datetime(value: Any) -> Any:
    """A moment as "۱۴۰۱/۰۲/۱۸ ۱۴:۳۰" in Tehran time; a plain date shows without a time."""
    if isinstance(value, datetime.datetime):
        return format_jalali_datetime(value)
    return jalali(value)


def _passthrough(value: Any) -> Any:
    # Not a date (already-formatted text, a placeholder): show it rather than fail the page.
    return "" if value is None else value


@register.filter
def fa_digits(value: Any) -> str:
    """Any value with its digits in Persian (codes, phone numbers, years: no grouping)."""
    if value is None:
        return ""
    if isinstance(value, SafeData):
        # Replacing digits adds no markup: what was safe stays safe (a message with a run).
        return mark_safe(to_persian_digits(value))
    return to_persian_digits(value)


def _number(value: Any) -> int | Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() else number


@register.filter
def fa_number(value: Any) -> Any:
    """A number grouped in thousands, Persian digits: 12500 → "۱۲٬۵۰۰", 2.5 → "۲٫۵".

    Text that is not a number is shown as it is, with Persian digits.
    """
    if value is None or value == "":
        return ""
    number = _number(value)
    if number is None:
        return to_persian_digits(value)
    if isinstance(number, int):
        return group_digits(number)
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    sign = "-" if number < 0 else ""
    return f"{sign}{group_digits(int(whole))}{DECIMAL_SEPARATOR}{to_persian_digits(fraction)}"


@register.filter
def rials(value: Any) -> str:
    """An amount as "۱۲٬۵۰۰ ریال"."""
    if value is None or value == "":
        return ""
    return format_rials(value)


@register.filter
def money(value: Any, unit: str = MoneyUnit.RIAL) -> str:
    """An amount of rials in a unit: ``{{ x|money:"billion_rial" }}`` → "۷۰۰ میلیارد ریال".

    Units: rial, toman, billion_rial, words. A misspelt unit raises, so it is caught in
    tests rather than shown to a reader as a wrong figure.
    """
    if value is None or value == "":
        return ""
    return format_money(int(value), unit)


@register.filter
def fa_words(value: Any) -> str:
    """An integer in Persian words: 125 → "یکصد و بیست و پنج"."""
    if value is None or value == "":
        return ""
    return number_to_words(int(value))


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` for dictionaries keyed by a loop variable; None if absent."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def history_url(record: Any) -> str:
    """Where a record page loads its history panel from."""
    from django.urls import reverse

    return reverse("core:history", args=[record._meta.label_lower, record.pk])


@register.filter
def file_url(record: Any, field: str = "file") -> str:
    """The protected download of a record's file (never a media URL)."""
    from django.urls import reverse

    return reverse("core:file", args=[record._meta.label_lower, record.pk, field])


@register.filter
def bar_width(value: Any) -> str:
    """The class that makes a progress bar ``value`` percent wide: ``bar-w-0`` … ``bar-w-100``.

    The Content-Security-Policy refuses ``style`` attributes, so a width computed on the
    server cannot be written as ``style="width: 42%"``; static/core/abadi.css has a class
    for every whole percent.
    """
    try:
        percent = round(float(value))
    except (TypeError, ValueError):
        percent = 0
    return f"bar-w-{min(max(percent, 0), 100)}"


@register.filter
def ltr(value: Any) -> str:
    """A code or document number as ONE left-to-right run with Persian digits:
    ``{{ application.number|ltr }}`` → ``<bdi dir="ltr">۱۴۰۱-۰۰۰۶۱۰</bdi>``, which never
    reads reversed inside Persian text."""
    from django.utils.html import format_html

    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', to_persian_digits(value))


@register.filter
def user_name(user: Any) -> str:
    """A user's full name; a Latin login name (no full name given) as a left-to-right run."""
    from django.utils.html import format_html

    if user is None:
        return ""
    name = user.display_name() if hasattr(user, "display_name") else str(user)
    if name.isascii():
        return format_html('<bdi dir="ltr">{}</bdi>', name)
    return format_html("<bdi>{}</bdi>", name)


@register.filter
def may(user: Any, perm: str) -> bool:
    """Whether ``user`` holds ``perm`` anywhere: ``{% if user|may:"people.edit" %}`` shows
    a link only to those the page behind it lets in."""
    from abadi.core.permissions import has_perm

    return bool(user is not None and has_perm(user, perm))
