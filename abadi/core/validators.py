"""Iranian identifiers: national code (کد ملی) and mobile number.

Every benefit is tied to a person by national code, so a mistyped code silently splits one
household into two and lets it receive the same aid twice. The checks here are the ones
the Civil Registration Organisation's check digit allows; they run on forms, the API
and imports alike. Normalisers return the canonical stored form; validators follow
Django's contract (return nothing, raise ``ValidationError``).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.persian import to_latin_digits

# Spaces (any kind), dashes, and the invisible marks copy-paste drags along.
_CODE_NOISE = re.compile(r"[\s\-‐–—_.\u200c\u200e\u200f]+")


def _digits_only(value: object) -> str:
    return _CODE_NOISE.sub("", to_latin_digits("" if value is None else value))


def normalize_national_code(value: object) -> str:
    """The ten-digit form of a national code, or a ValidationError about its shape.

    Persian and Arabic digits, spaces and dashes are accepted. Eight or nine digits are
    left-padded with zeros because spreadsheets drop the leading zeros of codes issued
    in Tehran and elsewhere (0012345679 arrives as 12345679). The check digit is *not*
    checked here — :func:`validate_national_code` does that.
    """
    code = _digits_only(value)
    if not code:
        raise ValidationError(_("کد ملی را وارد کنید."), code="required")
    if not (code.isdigit() and code.isascii()):
        raise ValidationError(_("کد ملی فقط باید رقم داشته باشد."), code="invalid")
    if len(code) in (8, 9):
        code = code.zfill(10)
    if len(code) != 10:
        raise ValidationError(_("کد ملی باید ۱۰ رقم باشد."), code="invalid_length")
    return code


def national_code_check_digit(first_nine: str) -> int:
    """The tenth digit the first nine imply: weights 10..2, remainder r → r if r < 2 else 11 − r."""
    remainder = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True)) % 11
    return remainder if remainder < 2 else 11 - remainder


def validate_national_code(value: object) -> None:
    """Raise a Persian ValidationError unless the value is a valid national code.

    Codes of one repeated digit (1111111111, …) are refused although some satisfy the
    check digit: they are what people type to get past a required field.
    """
    code = normalize_national_code(value)
    if len(set(code)) == 1 or national_code_check_digit(code[:9]) != int(code[9]):
        raise ValidationError(_("کد ملی نامعتبر است."), code="invalid")


def is_valid_national_code(value: object) -> bool:
    """For filters and imports that sort rows rather than stop at the first bad one."""
    try:
        validate_national_code(value)
    except ValidationError:
        return False
    return True


_MOBILE_NOISE = re.compile(r"[\s\-‐–—_.()\u200c\u200e\u200f]+")
# Optional country or trunk prefix, then the 10 digits of an Iranian mobile (9xx xxx xxxx).
_MOBILE = re.compile(r"(?:\+98|0098|98|0)?(?P<number>9\d{9})")


def normalize_mobile(value: object) -> str:
    """The stored form "09xxxxxxxxx" of a mobile typed as 0912…, 912…, +98912…, 0098912…, 98912…."""
    text = _MOBILE_NOISE.sub("", to_latin_digits("" if value is None else value))
    if not text:
        raise ValidationError(_("شماره همراه را وارد کنید."), code="required")
    match = _MOBILE.fullmatch(text) if text.isascii() else None
    if not match:
        raise ValidationError(
            _("شماره همراه باید ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹ باشد."), code="invalid"
        )
    return "0" + match.group("number")


def validate_mobile(value: object) -> None:
    """Raise a Persian ValidationError unless the value is an Iranian mobile number."""
    normalize_mobile(value)


# ---------------------------------------------------------------------------- amounts, counts, dates
# Checks every service applies to what a page, the API or an import hands it. Each raises a
# ValidationError keyed by the field, so a form shows it beside the input and the API names it.

# The largest amount any single record may carry: ten thousand billion rials is far above
# any budget the office handles, and far below what a 64-bit column or a sum of many holds.
MAX_RECORD_AMOUNT = 10**16


def positive_amount(
    amount: object, *, field: str, label: str, maximum: int = MAX_RECORD_AMOUNT
) -> int:
    """An amount in rials: an integer above zero and within ``maximum``."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationError(
            {field: _("%(label)s باید مبلغی بیشتر از صفر باشد.") % {"label": label}}
        )
    if amount > maximum:
        raise ValidationError(
            {
                field: _("%(label)s از %(max)s ریال بیشتر است.")
                % {"label": label, "max": _grouped(maximum)}
            }
        )
    return amount


def count_within(value: object, *, field: str, label: str, minimum: int = 0, maximum: int) -> int:
    """A count (people, jobs, units…) between ``minimum`` and ``maximum`` inclusive."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError({field: _("%(label)s باید عدد صحیح باشد.") % {"label": label}})
    if value < minimum:
        raise ValidationError(
            {
                field: _("%(label)s نمی‌تواند کمتر از %(min)s باشد.")
                % {"label": label, "min": _grouped(minimum)}
            }
        )
    if value > maximum:
        raise ValidationError(
            {
                field: _("%(label)s نمی‌تواند بیشتر از %(max)s باشد.")
                % {"label": label, "max": _grouped(maximum)}
            }
        )
    return value


def not_future(day: datetime.date, *, field: str, label: str) -> datetime.date:
    """A date that has already come (today counts)."""
    if day > clock.today():
        raise ValidationError({field: _("%(label)s نمی‌تواند در آینده باشد.") % {"label": label}})
    return day


def not_before(
    day: datetime.date, earliest: datetime.date | None, *, field: str, label: str, other: str
) -> datetime.date:
    """A date on or after ``earliest`` (the date of what must come first), if there is one."""
    from abadi.core.jalali import format_jalali

    if earliest is not None and day < earliest:
        raise ValidationError(
            {
                field: _("%(label)s (%(day)s) پیش از %(other)s (%(earliest)s) است.")
                % {
                    "label": label,
                    "day": format_jalali(day),
                    "other": other,
                    "earliest": format_jalali(earliest),
                }
            }
        )
    return day


def required_text(value: object, *, field: str, label: str) -> str:
    """Text a person must write (a reason, a number on a letter), stripped."""
    text = str(value or "").strip()
    if not text:
        raise ValidationError({field: _("%(label)s را بنویسید.") % {"label": label}})
    return text


def _grouped(number: int) -> str:
    from abadi.core.persian import group_digits

    return group_digits(number)
