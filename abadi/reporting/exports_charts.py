"""Charts drawn on the server for PDFs (no JavaScript runs in a PDF): the bars and columns
are SVG, their labels HTML beside them.

Why the labels are not SVG text: WeasyPrint places SVG text glyph by glyph, so Persian
comes out unjoined and left to right; HTML text is shaped and laid out right to left.
Values of different units never share a scale: each row of :func:`pair_bars` is scaled
to its own pair, and :func:`column_chart` draws one series.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from abadi.core.persian import to_persian_digits

GREEN = "#2f6b3a"
LIGHT = "#a9cfa4"
GREY = "#888"


@dataclass(frozen=True)
class Pair:
    label: str
    first: float  # e.g. last year, or the plan
    second: float  # e.g. this year, or the actual
    first_text: str
    second_text: str


def _bars_svg(first: float, second: float, *, width: int = 220, height: int = 18) -> str:
    """Two horizontal bars growing leftwards from the right edge (the RTL baseline)."""
    scale = max(first, second) or 1
    rows = []
    for index, (value, colour) in enumerate(((first, LIGHT), (second, GREEN))):
        length = width * (value / scale) if value > 0 else 0
        rows.append(
            f'<rect x="{width - length:.1f}" y="{index * height / 2 + 1:.1f}" '
            f'width="{length:.1f}" height="{height / 2 - 2:.1f}" fill="{colour}"/>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{"".join(rows)}</svg>'
    )


def _swatch(colour: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9" viewBox="0 0 9 9">'
        f'<rect width="9" height="9" fill="{colour}"/></svg>'
    )


def pair_bars(pairs: list[Pair], *, first_name: str, second_name: str) -> str:
    """Two bars per row (light: ``first``, dark: ``second``), each row to its own scale:
    a year beside the year before, or an actual beside its plan."""
    if not pairs:
        return ""
    lines = [
        '<table class="bars"><thead><tr><th colspan="3">',
        f"{_swatch(LIGHT)} {escape(first_name)} &nbsp; {_swatch(GREEN)} {escape(second_name)}",
        "</th></tr></thead><tbody>",
    ]
    for pair in pairs:
        lines.append(
            f'<tr><td class="label">{escape(pair.label)}</td>'
            f'<td class="bar">{_bars_svg(pair.first, pair.second)}</td>'
            f'<td class="values">{escape(pair.first_text)}<br>{escape(pair.second_text)}</td></tr>'
        )
    lines.append("</tbody></table>")
    return "".join(lines)


def column_chart(
    labels: list[str], values: list[float], *, title: str, width: int = 600, height: int = 110
) -> str:
    """One series as columns, the first label at the right (a Jalali year's months), with
    the labels and values in a table row under the columns."""
    if not values or not any(values):
        return ""
    step = width / len(values)
    scale = max(values) or 1
    columns = []
    for index, value in enumerate(values):
        x = width - (index + 1) * step
        length = (height - 2) * (value / scale) if value > 0 else 0
        columns.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{height - length:.1f}" '
            f'width="{step * 0.7:.1f}" height="{length:.1f}" fill="{GREEN}"/>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 1}" '
        f'viewBox="0 0 {width} {height + 1}">{"".join(columns)}'
        f'<line x1="0" y1="{height + 0.5}" x2="{width}" y2="{height + 0.5}" stroke="{GREY}" '
        f'stroke-width="0.5"/></svg>'
    )
    cells = "".join(f"<td>{escape(label)}</td>" for label in labels)
    numbers = "".join(
        f"<td>{escape(to_persian_digits(_short(value))) if value else ''}</td>" for value in values
    )
    return (
        f'<div class="columns"><div class="title">{escape(title)}</div>{svg}'
        f'<table class="months" style="width:{width}px"><tr>{numbers}</tr><tr>{cells}</tr>'
        "</table></div>"
    )


def _short(value: float) -> str:
    """A column's label: billions and millions shortened (the title says the unit)."""
    for unit, suffix in ((1_000_000_000, "میلیارد"), (1_000_000, "میلیون")):
        if value >= unit:
            number = f"{value / unit:.1f}".rstrip("0").rstrip(".")
            return f"{number} {suffix}"
    return f"{int(value)}"
