"""How indicator values read for people: Persian digits, rials in the unit reports use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from abadi.core.indicators import Indicator, Unit, format_figure

# One way figures read, on the home page and here.
format_value = format_figure


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
