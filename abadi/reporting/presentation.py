"""How indicator values read for people: Persian digits, rials in the unit reports use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from abadi.core.indicators import Indicator, Undefined, Unit
from abadi.core.money import BILLION, MoneyUnit, format_money
from abadi.core.persian import DECIMAL_SEPARATOR, group_digits, to_persian_digits


def format_value(value: int | float | Undefined | None, unit: str) -> str:
    """ "۵۸۰ میلیارد ریال" for rials (exact rials below a billion), "۹۰۰" for counts; "—"
    for a value that cannot be computed."""
    if value is None or isinstance(value, Undefined):
        return "—"
    if unit == Unit.RIAL:
        amount = int(value)
        return format_money(
            amount, MoneyUnit.BILLION_RIAL if abs(amount) >= BILLION else MoneyUnit.RIAL
        )
    if unit == Unit.PERCENT:
        return format_percent(value)
    return ("-" if value < 0 else "") + group_digits(abs(int(value)))


def format_percent(percent: float | None) -> str:
    """ "۷۳٫۷۷٪": two decimals at most, the Persian decimal separator."""
    if percent is None:
        return "—"
    text = f"{percent:.2f}".rstrip("0").rstrip(".")
    return to_persian_digits(text).replace(".", DECIMAL_SEPARATOR) + "٪"


def unit_label(unit: str) -> str:
    return str(Unit(unit).label)


def breakdown_rows(
    indicator: Indicator, name: str | None, breakdown: dict[str, int] | None
) -> list[dict[str, Any]]:
    """A breakdown as rows of {key, label, value}, largest first, labelled if the
    indicator offers labels for it."""
    if not breakdown or name is None:
        return []
    labeller = indicator.breakdown_labels.get(name)
    labels: dict[str, str] = labeller(list(breakdown)) if labeller else {}
    rows = [
        {"key": key, "label": labels.get(key, key), "value": value}
        for key, value in breakdown.items()
    ]
    return sorted(rows, key=lambda row: (-row["value"], row["key"]))


def display_width(text: str) -> int:
    """Columns a string takes in a terminal (marks and ZWNJ take none)."""
    import unicodedata

    return sum(0 if unicodedata.category(ch) in {"Mn", "Cf"} else 1 for ch in text)


def text_table(header: list[str], rows: Iterable[list[str]]) -> str:
    """A plain table: columns padded to the widest cell, separated by " │ "."""
    body = [header, *rows]
    widths = [max(display_width(row[i]) for row in body) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return " │ ".join(
            cell + " " * (width - display_width(cell))
            for cell, width in zip(row, widths, strict=True)
        )

    rule = "─┼─".join("─" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in body[1:])])
