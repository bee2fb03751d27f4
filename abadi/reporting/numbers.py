"""Numbers as the Persian press writes them: "۵۸۰ میلیارد ریال", "۲ هزار و ۲۰۰ گروه جهادی",
"یک هزار و ۶۱۰ میلیارد ریال", "۴۲ هزار". Exact: a figure that does not round to the press's
units is written in full digits rather than rounded ("۹۰۳ نفر"), so the prose never states
a number the records do not give.
"""

from __future__ import annotations

from abadi.core.persian import group_digits, to_persian_digits

THOUSAND = 1_000
MILLION = 1_000_000
BILLION = 1_000_000_000


def press_count(n: int) -> str:
    """A count: below ten thousand in thousands and the rest ("۳ هزار و ۱۰۰"), a round
    number of thousands as such ("۴۲ هزار"), one thousand as words ("یک هزار")."""
    if n < 0:
        return "منفی " + press_count(-n)
    if n < THOUSAND:
        return to_persian_digits(n)
    if n >= MILLION and n % MILLION == 0:
        return _units(n // MILLION, "میلیون")
    thousands, rest = divmod(n, THOUSAND)
    if thousands >= THOUSAND:
        return group_digits(n)
    head = _units(thousands, "هزار")
    return head if rest == 0 else f"{head} و {to_persian_digits(rest)}"


def _units(count: int, unit: str) -> str:
    return f"یک {unit}" if count == 1 else f"{to_persian_digits(count)} {unit}"


def press_rials(amount: int) -> str:
    """An amount: whole billions as "۵۸۰ میلیارد ریال" (and "یک هزار و ۶۱۰ میلیارد ریال"
    past a thousand billions), anything else in exact rials with separators."""
    for unit, name in ((BILLION, "میلیارد"), (MILLION, "میلیون")):
        if amount and amount % unit == 0 and (unit == BILLION or amount < BILLION):
            count = amount // unit
            return f"{'یک' if count == 1 else press_count(count)} {name} ریال"
    return f"{group_digits(amount)} ریال"
