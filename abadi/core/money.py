"""Money is integer rials everywhere it is stored; this module turns it into text and back.

Floats never touch an amount: rounding a loan or a donation by a rial is a bug someone
has to explain to an auditor. Display units (toman, billion rials, words) are only views.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core.persian import (
    DECIMAL_SEPARATOR,
    group_digits,
    number_to_words,
    to_latin_digits,
    to_persian_digits,
)

# The largest value a BigIntegerField (and so any stored amount) can hold.
MAX_AMOUNT = 2**63 - 1
BILLION = 10**9


class MoneyUnit(models.TextChoices):
    """How a user or a report wants amounts shown; storage is always rials."""

    RIAL = "rial", gettext_lazy("ریال")
    TOMAN = "toman", gettext_lazy("تومان")
    BILLION_RIAL = "billion_rial", gettext_lazy("میلیارد ریال")
    WORDS = "words", gettext_lazy("به حروف")


def _decimal_text(value: Decimal, places: int) -> str:
    """A non-negative decimal with grouped Persian digits and at most ``places`` decimals."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _dot, fraction = f"{rounded:f}".partition(".")
    fraction = fraction.rstrip("0")
    text = group_digits(int(whole))
    return f"{text}{DECIMAL_SEPARATOR}{to_persian_digits(fraction)}" if fraction else text


def _billions(amount: int) -> str:
    # Two decimals is what budget tables print; amounts too small to show at that
    # precision are printed exactly instead of as a misleading "۰".
    value = Decimal(amount) / BILLION
    text = _decimal_text(value, 2)
    return _decimal_text(value, 9) if text == "۰" else text


def format_money(amount: int | None, unit: str = MoneyUnit.RIAL) -> str:
    """An amount of rials as people read it in the chosen unit.

    ``rial`` → "۱۲٬۵۰۰ ریال"; ``toman`` → "۱٬۲۵۰ تومان"; ``billion_rial`` →
    "۷۰۰ میلیارد ریال" or "۱٫۵ میلیارد ریال"; ``words`` → "هفتصد میلیارد ریال".
    A negative amount (a correction, a balance owed) keeps its sign.
    """
    if amount is None:
        return ""
    amount = int(amount)
    if unit == MoneyUnit.WORDS:
        return f"{number_to_words(amount)} ریال"
    sign, size = ("-" if amount < 0 else ""), abs(amount)
    if unit == MoneyUnit.RIAL:
        return f"{sign}{group_digits(size)} ریال"
    if unit == MoneyUnit.TOMAN:
        return f"{sign}{_decimal_text(Decimal(size) / 10, 1)} تومان"
    if unit == MoneyUnit.BILLION_RIAL:
        return f"{sign}{_billions(size)} میلیارد ریال"
    raise ValueError(f"unknown money unit {unit!r}; use one of {MoneyUnit.values}")


def format_rials(amount: int | None) -> str:
    """The default display: "۱۲٬۵۰۰ ریال"."""
    return format_money(amount, MoneyUnit.RIAL)


# Separators people type between digit groups: Latin comma, Persian thousands
# separator, Arabic comma, apostrophe, and any kind of space.
_SEPARATORS = re.compile(r"[,٬،'\s\u200c\u200f\u200e]+")
_RIAL_SUFFIX = re.compile(r"(?:ریال|ريال)$")
_TOMAN = re.compile(r"تومان|تومن")
_MINUS = "-−‐–"


def _amount_from_number(value: int | float | Decimal) -> int:
    """Numbers from spreadsheets arrive as int or float; only whole values are rials."""
    if isinstance(value, bool):
        raise ValidationError(_("مبلغ باید عدد باشد."), code="invalid")
    if isinstance(value, int):
        return value
    exact = Decimal(value)  # exact for floats too; NaN and infinities stay recognisable
    if not exact.is_finite():
        raise ValidationError(_("مبلغ باید عدد باشد."), code="invalid")
    if exact != exact.to_integral_value():
        raise ValidationError(_("مبلغ باید به ریال و بدون اعشار باشد."), code="fractional")
    return int(exact)


def _amount_from_text(text: str) -> int:
    cleaned = _SEPARATORS.sub("", to_latin_digits(text))
    if cleaned.isdigit() and cleaned.isascii():  # the usual case, before any diagnosis
        return int(cleaned)
    if _TOMAN.search(cleaned):
        raise ValidationError(_("مبلغ را به ریال وارد کنید، نه تومان."), code="unit")
    cleaned = _RIAL_SUFFIX.sub("", cleaned)
    if not cleaned:
        raise ValidationError(_("مبلغ را وارد کنید."), code="required")
    if cleaned[0] in _MINUS or cleaned[-1] in _MINUS:
        raise ValidationError(_("مبلغ نمی‌تواند منفی باشد."), code="negative")
    if re.fullmatch(r"\d*[.٫/]\d*", cleaned) and any(c.isdigit() for c in cleaned):
        # "12.500" may mean twelve and a half or twelve thousand five hundred: refuse both.
        raise ValidationError(_("مبلغ باید به ریال و بدون اعشار باشد."), code="fractional")
    if not cleaned.isdigit() or not cleaned.isascii():
        raise ValidationError(
            _("مبلغ «%(value)s» عدد نیست؛ فقط رقم وارد کنید."),
            code="invalid",
            params={"value": text.strip()},
        )
    return int(cleaned)


def parse_amount(text: str | int | float | Decimal | None, *, min_value: int = 1) -> int:
    """Rials from what a person typed or a spreadsheet held: "۱۲٬۵۰۰"، "12,500 ریال", 12500.

    Refuses, with a Persian message naming the problem, anything that is not a whole
    number of rials of at least ``min_value`` (default 1: an amount of zero is almost
    always a missing value, so callers that accept zero say so with ``min_value=0``).
    """
    if text is None:
        raise ValidationError(_("مبلغ را وارد کنید."), code="required")
    amount = _amount_from_text(text) if isinstance(text, str) else _amount_from_number(text)
    if amount < 0:
        raise ValidationError(_("مبلغ نمی‌تواند منفی باشد."), code="negative")
    if amount < min_value:
        raise ValidationError(
            _("مبلغ باید دست‌کم %(min)s باشد."),
            code="min_value",
            params={"min": format_rials(min_value)},
        )
    if amount > MAX_AMOUNT:
        raise ValidationError(_("مبلغ بیش از اندازهٔ مجاز است."), code="max_value")
    return amount
