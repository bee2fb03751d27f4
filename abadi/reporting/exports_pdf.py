"""Printable and spreadsheet forms of the reports: the press summary (PDF, its sources
in footnotes), the indicator table (PDF and xlsx, from the same selector the pages and
the dashboard read) and a county's yearly report (PDF, with SVG charts drawn here).

WeasyPrint takes about a second to import, so only a PDF's own request pays for it.
"""

from __future__ import annotations

import datetime
import io
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core import clock
from abadi.core.exports import ExportColumn, write_xlsx
from abadi.core.indicators import format_percent, get_indicator
from abadi.core.jalali import MONTH_NAMES, format_jalali
from abadi.core.persian import to_persian_digits
from abadi.reporting.exports_charts import Pair, column_chart, pair_bars
from abadi.reporting.presentation import breakdown_rows, format_value, unit_label
from abadi.reporting.selectors import area_label, indicator_values

if TYPE_CHECKING:
    from abadi.geography.models import Area
    from abadi.reporting.press import PressSummary

FONT_DIR = settings.BASE_DIR / "static" / "vendor" / "vazirmatn" / "fonts"
PDF_TYPE = "application/pdf"
# A county report's monthly charts: money paid, what was finished, people trained.
TREND_KEYS = ("loans.disbursed_amount", "projects.completed", "training.completed")


def _fonts() -> dict[str, str]:
    return {
        "font_regular": (FONT_DIR / "Vazirmatn-Regular.ttf").as_uri(),
        "font_bold": (FONT_DIR / "Vazirmatn-Bold.ttf").as_uri(),
    }


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {**_fonts(), **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


# The press summary ---------------------------------------------------------------------


def press_context(summary: PressSummary) -> dict[str, Any]:
    """What the page and the PDF show: each sentence with the indicators behind it."""
    return {
        "summary": summary,
        "sections": [
            {
                "title": section.title,
                "sentences": [
                    {
                        "text": sentence.text,
                        "keys": sentence.keys,
                        "numbers": summary.footnote_numbers(sentence),
                        "sources": [
                            {"key": key, "name": to_persian_digits(summary.names.get(key, key))}
                            for key in sentence.keys
                        ],
                    }
                    for sentence in section.sentences
                ],
            }
            for section in summary.sections
        ],
        "footnotes": summary.footnotes(),
        "printed": format_jalali(clock.today()),
    }


def press_pdf(summary: PressSummary) -> bytes:
    return render_pdf("reporting/press_pdf.html", press_context(summary))


# The indicator table -------------------------------------------------------------------


def indicator_table(
    *,
    actor,
    area: Area,
    year: int | None = None,
    month: int | None = None,
    as_of: datetime.date | None = None,
    occasion: str | None = None,
    keys: list[str] | None = None,
) -> list[dict[str, Any]]:
    """The rows of the indicator table as people read them (Persian digits, rials in the
    reports' unit), beside the numbers themselves for a spreadsheet."""
    values = indicator_values(
        actor=actor,
        area=area,
        year=year,
        month=month,
        as_of=as_of,
        occasion=occasion,
        keys=keys,
    )
    rows = []
    for value in values:
        unit = value["unit"]
        parts = breakdown_rows(
            get_indicator(value["key"]), value["breakdown_name"], value["breakdown"]
        )
        rows.append(
            {
                **value,
                "name": to_persian_digits(value["name"]),
                "unit_label": unit_label(unit),
                "value_text": format_value(value["value"], unit),
                "target_text": format_value(value["target"], unit)
                if value["target"] is not None
                else "",
                "percent_text": format_percent(value["percent"]) if value["percent"] else "",
                "breakdown_text": "، ".join(
                    f"{to_persian_digits(str(part['label']))}: {format_value(part['value'], unit)}"
                    for part in parts[:6]
                ),
            }
        )
    return rows


def period_label(
    *, year: int | None, as_of: datetime.date | None, occasion: str | None, rows: list[dict]
) -> str:
    if occasion and rows:
        return _("%(name)s (%(start)s تا %(end)s)") % {
            "name": to_persian_digits(rows[0]["occasion"] or occasion),
            "start": format_jalali(rows[0]["start"]),
            "end": format_jalali(rows[0]["end"]),
        }
    label = _("سال %(year)s") % {"year": to_persian_digits(year)} if year else _("از آغاز")
    if as_of:
        label = _("%(period)s، تا %(day)s") % {"period": label, "day": format_jalali(as_of)}
    return label


def indicators_pdf(*, area: Area, rows: list[dict[str, Any]], period: str) -> bytes:
    return render_pdf(
        "reporting/indicators_pdf.html",
        {
            "area": area,
            "area_label": area_label(area),
            "rows": rows,
            "period": period,
            "printed": format_jalali(clock.today()),
        },
    )


def _number(row: dict[str, Any], field: str) -> Any:
    value = row[field]
    return value if isinstance(value, int | float) else None


INDICATOR_COLUMNS = [
    ExportColumn(gettext_lazy("کلید"), lambda row: row["key"], width=36),
    ExportColumn(gettext_lazy("شاخص"), lambda row: row["name"], width=44),
    ExportColumn(gettext_lazy("واحد"), lambda row: row["unit_label"], width=14),
    ExportColumn(
        gettext_lazy("نوع"),
        lambda row: _("وضعیت") if row["kind"] == "state" else _("جریان"),
        width=10,
    ),
    ExportColumn(
        gettext_lazy("عملکرد"),
        lambda row: _number(row, "value"),
        width=22,
        number_format="#,##0.##",
    ),
    ExportColumn(
        gettext_lazy("برنامه"), lambda row: _number(row, "target"), width=22, number_format="#,##0"
    ),
    ExportColumn(
        gettext_lazy("درصد تحقق"), lambda row: row["percent"], width=12, number_format="0.00"
    ),
    ExportColumn(gettext_lazy("ریز"), lambda row: row["breakdown_text"], width=60),
    ExportColumn(gettext_lazy("فقط سهم حوزهٔ شما"), lambda row: bool(row["partial"]), width=12),
]


def indicators_xlsx(*, rows: list[dict[str, Any]], title: str) -> bytes:
    """The table as a right-to-left sheet; numbers are number cells, text is never a
    formula (the export kit's writer)."""
    out = io.BytesIO()
    write_xlsx(out, rows=rows, columns=INDICATOR_COLUMNS, title=title)
    return out.getvalue()


# A county's yearly report ----------------------------------------------------------------


def county_report_context(*, actor, area: Area, year: int) -> dict[str, Any]:
    """A year beside the year before for every indicator, the year's plans against what
    was done, and monthly trends, as SVG charts and a table."""
    this = indicator_table(actor=actor, area=area, year=year)
    last = {row["key"]: row for row in indicator_table(actor=actor, area=area, year=year - 1)}
    compared, planned = [], []
    for row in this:
        before = last.get(row["key"])
        value = row["value"] or 0
        previous = (before or {}).get("value") or 0
        if row["unit"] != "percent" and (value or previous):
            compared.append(
                Pair(
                    label=row["name"],
                    first=previous,
                    second=value,
                    first_text=format_value(previous, row["unit"]),
                    second_text=format_value(value, row["unit"]),
                )
            )
        if row["target"]:
            planned.append(
                Pair(
                    label=row["name"],
                    first=row["target"],
                    second=value,
                    first_text=row["target_text"],
                    second_text=f"{row['value_text']} ({row['percent_text'] or '—'})",
                )
            )
    trends = []
    for key in TREND_KEYS:
        try:
            indicator = get_indicator(key)
        except KeyError:
            continue
        monthly = [
            indicator_values(actor=actor, area=area, year=year, month=month, keys=[key])
            for month in range(1, 13)
        ]
        values = [float(rows[0]["value"] or 0) if rows else 0.0 for rows in monthly]
        chart = column_chart(
            [name[:5] for name in MONTH_NAMES],
            values,
            title=f"{to_persian_digits(indicator.name)} ({unit_label(indicator.unit)})",
        )
        if chart:
            trends.append(chart)
    return {
        "area": area,
        "area_label": area_label(area),
        "year": year,
        "rows": this,
        "compare_chart": pair_bars(
            compared[:14],
            first_name=_("سال %(year)s") % {"year": to_persian_digits(year - 1)},
            second_name=_("سال %(year)s") % {"year": to_persian_digits(year)},
        ),
        "plan_chart": pair_bars(planned, first_name=_("برنامه"), second_name=_("عملکرد")),
        "trend_charts": trends,
        "printed": format_jalali(clock.today()),
    }


def county_report_pdf(*, actor, area: Area, year: int) -> bytes:
    return render_pdf(
        "reporting/county_pdf.html", county_report_context(actor=actor, area=area, year=year)
    )
