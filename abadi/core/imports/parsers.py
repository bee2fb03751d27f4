"""Cell parsers for import columns: text in, value out, or a Persian ValidationError.

Every parser receives the cell's text already trimmed and with Arabic ي/ك made Persian
(see :func:`clean_cell`); digits may still be Persian, Arabic-Indic or Latin.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.jalali import parse_jalali
from abadi.core.money import parse_amount
from abadi.core.persian import search_key, to_latin_digits, to_persian_digits
from abadi.core.validators import (
    national_code_check_digit,
    normalize_mobile,
    normalize_national_code,
    validate_national_code,
)

# Arabic letters that Persian keyboards of other systems produce, marks that copy-paste
# drags along (LRM, RLM, BOM) and the no-break space.
_CELL_TABLE = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "\u200e": None,
        "\u200f": None,
        "\ufeff": None,
        "\xa0": " ",
    }
)


def clean_cell(text: str) -> str:
    return text.translate(_CELL_TABLE).strip()


def text(max_length: int | None = None) -> Callable[[str], str]:
    """Free text: runs of spaces folded to one; longer than ``max_length`` is refused."""

    def parse(value: str) -> str:
        folded = " ".join(value.split())
        if max_length is not None and len(folded) > max_length:
            raise ValidationError(
                _("این متن %(length)s نویسه است؛ بیشترین اندازه %(max)s نویسه است.")
                % {"length": to_persian_digits(len(folded)), "max": to_persian_digits(max_length)}
            )
        return folded

    return parse


def code(max_length: int | None = None) -> Callable[[str], str]:
    """An identifier (source id, letter number): digits made Latin, spaces removed."""
    parse_text = text(max_length)
    limit = max_length or 0

    def parse(value: str) -> str:
        # Plain ASCII without spaces (most ids) is already what the slow path returns.
        if (
            value.isascii()
            and value.isprintable()
            and " " not in value
            and (not limit or len(value) <= limit)
        ):
            return value
        return parse_text(to_latin_digits(value)).replace(" ", "")

    return parse


def integer(min_value: int | None = None, max_value: int | None = None) -> Callable[[str], int]:
    def parse(value: str) -> int:
        digits = to_latin_digits(value).replace(",", "").replace("٬", "").strip()
        if digits.endswith(".0"):  # a whole number a spreadsheet stored as a decimal
            digits = digits[:-2]
        try:
            number = int(digits)
        except ValueError:
            raise ValidationError(_("«%(value)s» عدد صحیح نیست.") % {"value": value}) from None
        if (min_value is not None and number < min_value) or (
            max_value is not None and number > max_value
        ):
            if min_value is not None and max_value is not None:
                message = _("عدد باید از %(min)s تا %(max)s باشد.")
            elif min_value is not None:
                message = _("عدد باید دست‌کم %(min)s باشد.")
            else:
                message = _("عدد باید حداکثر %(max)s باشد.")
            raise ValidationError(
                message
                % {
                    "min": to_persian_digits(min_value if min_value is not None else ""),
                    "max": to_persian_digits(max_value if max_value is not None else ""),
                }
            )
        return number

    return parse


def amount(min_value: int = 1) -> Callable[[str], int]:
    """Rials with any separators and digits (parse_amount's rules)."""

    def parse(value: str) -> int:
        return parse_amount(value, min_value=min_value)

    return parse


_DATE_PARTS = re.compile(r"(\d{4})\s*([/\-.٫])\s*(\d{1,2})\s*\2\s*(\d{1,2})")


def jalali_date(*, not_future: bool = False) -> Callable[[str], datetime.date]:
    """A Jalali date in the written forms parse_jalali accepts (1401/02/18, ۱۴۰۱-۲-۱۸…).

    Conversions are remembered by (year, month, day): a file of 100,000 people holds a
    few thousand distinct birth dates, each written several ways.
    """
    days: dict[tuple[int, int, int], datetime.date] = {}
    today = clock.today()

    def parse(value: str) -> datetime.date:
        parts = _DATE_PARTS.fullmatch(to_latin_digits(value))
        if parts is None:
            date = parse_jalali(value)
        else:
            day = (int(parts.group(1)), int(parts.group(3)), int(parts.group(4)))
            found = days.get(day)
            if found is None:
                found = parse_jalali(f"{day[0]}/{day[1]}/{day[2]}")
                if len(days) < 100_000:
                    days[day] = found
            date = found
        if not_future and date > today:
            raise ValidationError(_("این تاریخ هنوز نرسیده است."))
        return date

    return parse


_YES = {
    "بله",
    "بلی",
    "آری",
    "اره",
    "آره",
    "دارد",
    "هست",
    "است",
    "1",
    "yes",
    "y",
    "true",
    "✓",
    "✔",
    "x",
    "*",
}
_NO = {"خیر", "نه", "ندارد", "نیست", "0", "no", "n", "false", "-", "–"}


def boolean(value: str) -> bool:
    """بله/خیر, 1/0, yes/no, true/false, a tick mark."""
    key = search_key(value)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValidationError(_("«%(value)s» را نمی‌شناسیم؛ «بله» یا «خیر» بنویسید.") % {"value": value})


def choice(options: dict[str, Any]) -> Callable[[str], Any]:
    """One of ``options`` (written text → value), matched by search key."""
    table = {search_key(written): value for written, value in options.items()}
    shown = "، ".join(f"«{written}»" for written in list(options)[:6])

    def parse(value: str) -> Any:
        try:
            return table[search_key(value)]
        except KeyError:
            raise ValidationError(
                _("«%(value)s» پذیرفته نیست؛ یکی از %(options)s را بنویسید.")
                % {"value": value, "options": shown}
            ) from None

    return parse


def national_code(value: str) -> str:
    """The ten-digit national code, check digit verified (core.validators' rules)."""
    if len(value) == 10 and value.isdigit() and value.isascii():
        # Already in the stored form: check it here, as validate_national_code would,
        # without normalising it twice; a refusal still comes from the validator.
        if len(set(value)) > 1 and national_code_check_digit(value[:9]) == int(value[9]):
            return value
    else:
        value = normalize_national_code(value)
    validate_national_code(value)
    return value


def mobile(value: str) -> str:
    """ "09xxxxxxxxx" from any of the forms normalize_mobile accepts."""
    if len(value) == 11 and value.startswith("09") and value.isdigit() and value.isascii():
        return value  # already the stored form
    return normalize_mobile(value)
