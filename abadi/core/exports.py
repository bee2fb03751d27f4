"""Exports: every list page's rows — filters and scope applied — as xlsx or csv.

A list view hands :func:`export_response` the queryset it shows and the columns; the CLI
(``abadi export KIND``) uses the registered :class:`ExportKind`. Both stream: rows are
read from the database in chunks and written to a write-only workbook (or to the csv
response) as they come, so a 2,000,000-row export never holds the rows in memory.

Dates are written as Jalali text with Latin digits and zero padding ("1401/02/18"):
Excel sorts and filters such text in date order, formulas and other systems read Latin
digits, and the same text imports back unchanged. Amounts are number cells (Excel sums
them) with a thousands separator; national codes and mobiles are text, so no leading
zero is lost. The sheet is right-to-left with a bold, frozen header row.

Text is never a formula. A name typed as ``=HYPERLINK(…)`` or ``-2+3+cmd|' /C calc'!A0``
would otherwise run when the file is opened: in xlsx every text cell is stored as a
string, and in csv (which has no cell types) text beginning with a character that starts
a formula gets a leading apostrophe, which spreadsheets take to mean "text". Numbers stay
numbers, negative ones too.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import functools
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.jalali import format_jalali
from abadi.core.permissions import has_perm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FORMATS = ("xlsx", "csv")
CHUNK = 2_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportColumn:
    label: StrOrPromise
    value: Callable[[Any], Any]
    width: int | None = None  # characters; by default from the label
    number_format: str | None = None  # e.g. "#,##0" for amounts


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: StrOrPromise
    perm: str
    # The columns, or a function returning them (built when the export runs).
    columns: list[ExportColumn] | Callable[[], list[ExportColumn]]
    # The rows the actor may see (scope applied by the selector it calls).
    queryset: Callable[[Any], Iterable[Any]] = field(default=lambda actor: [])
    area_field: str = "area"  # for ``abadi export KIND --area CODE``
    filename: str = ""

    def get_columns(self) -> list[ExportColumn]:
        return self.columns() if callable(self.columns) else list(self.columns)


_KINDS: dict[str, ExportKind] = {}


def register_export(kind: ExportKind) -> ExportKind:
    _KINDS[kind.name] = kind
    return kind


def get_export_kind(name: str) -> ExportKind:
    return _KINDS[name]


def export_kinds() -> list[ExportKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.name)


def export_kinds_for(user) -> list[ExportKind]:
    return [kind for kind in export_kinds() if has_perm(user, kind.perm)]


def cell_value(value: Any) -> Any:
    """A Python value as a spreadsheet cell: Jalali text for dates, بله/خیر for flags."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("بله") if value else _("خیر")
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{format_jalali(local.date(), persian_digits=False)} {local:%H:%M}"
    if isinstance(value, datetime.date):
        return format_jalali(value, persian_digits=False)
    if isinstance(value, int | float | decimal.Decimal):
        return value
    return str(value)


# What makes a spreadsheet read the rest of a csv cell as a formula (or a DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: Any) -> Any:
    """A csv cell that no spreadsheet runs: formula-like text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text_read(value: str) -> str:
    """The text :func:`csv_text` wrote, so that an exported csv imports back unchanged."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def as_text(cell: Any) -> Any:
    """An openpyxl cell holding text, kept text: openpyxl stores "=…" as a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def _rows(rows: Iterable[Any]) -> Iterator[Any]:
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=CHUNK)
    return iter(rows)


def _values(columns: list[ExportColumn], rows: Iterable[Any]) -> Iterator[list[Any]]:
    getters = [column.value for column in columns]
    for row in _rows(rows):
        yield [cell_value(getter(row)) for getter in getters]


def write_xlsx(
    out: IO[bytes], *, rows: Iterable[Any], columns: list[ExportColumn], title: str
) -> int:
    """Write the rows as a right-to-left sheet into ``out``; returns the number of rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.sheet_view.rightToLeft = True
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        width = column.width or max(12, len(str(column.label)) + 4)
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E2EFDA")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header = []
    for column in columns:
        cell = as_text(WriteOnlyCell(sheet, value=str(column.label)))
        cell.font, cell.fill, cell.alignment = bold, fill, centre
        header.append(cell)
    sheet.append(header)
    formats = [column.number_format for column in columns]
    new_cell = functools.partial(WriteOnlyCell, sheet)
    count = 0
    for values in _values(columns, rows):
        sheet.append(_xlsx_line(values, formats, new_cell))
        count += 1
    workbook.save(out)
    return count


def _xlsx_line(
    values: list[Any], formats: list[str | None], new_cell: Callable[[Any], Any]
) -> list[Any]:
    """The cells of one row. Plain values are cheapest; a cell object only where needed."""
    line: list[Any] = []
    for value, number_format in zip(values, formats, strict=True):
        if isinstance(value, str) and value.startswith("="):
            line.append(as_text(new_cell(value)))
        elif number_format and isinstance(value, int | float | decimal.Decimal):
            cell = new_cell(value)
            cell.number_format = number_format
            line.append(cell)
        else:
            line.append(value)
    return line


def _sheet_title(title: str) -> str:
    """Excel refuses these characters and titles over 31 characters."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in str(title)).strip()
    return cleaned[:31] or "Sheet1"


def write_csv(out: IO[str], *, rows: Iterable[Any], columns: list[ExportColumn]) -> int:
    writer = csv.writer(out)
    writer.writerow([csv_text(str(column.label)) for column in columns])
    count = 0
    for values in _values(columns, rows):
        writer.writerow(_csv_line(values))
        count += 1
    return count


def _csv_line(values: list[Any]) -> list[Any]:
    return ["" if value is None else csv_text(value) for value in values]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_stream(rows: Iterable[Any], columns: list[ExportColumn]) -> Iterator[str]:
    yield "\ufeff"  # the BOM: Excel then opens the file as UTF-8, Persian readable
    writer = csv.writer(_Echo())
    yield writer.writerow([csv_text(str(column.label)) for column in columns])
    for values in _values(columns, rows):
        yield writer.writerow(_csv_line(values))


def export_filename(filename: str, fmt: str) -> str:
    stem = filename.rsplit(".", 1)[0] if filename.endswith((".xlsx", ".csv")) else filename
    return f"{stem}-{clock.today():%Y%m%d}.{fmt}"


def export_response(
    *, rows: Iterable[Any], columns: list[ExportColumn], title: str, fmt: str, filename: str
) -> HttpResponseBase:
    """The rows as a download. ``rows`` is what the list shows: filtered and scoped."""
    if fmt not in FORMATS:
        return HttpResponse(_("قالب خروجی باید xlsx یا csv باشد."), status=400)
    name = export_filename(filename, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_stream(rows, columns), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    # A zip cannot be streamed before it is complete: the workbook goes to a temporary
    # file (deleted when the response closes it), never to memory.
    out = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    write_xlsx(out, rows=rows, columns=columns, title=title)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_TYPE)


def requested_export(
    request, rows: Iterable[Any], columns: list[ExportColumn], title: str, filename: str
) -> HttpResponseBase | None:
    """The list as a download when the page was asked for one (``?format=xlsx|csv``);
    None for the page itself."""
    fmt = request.GET.get("format", "")
    if not fmt:
        return None
    return export_response(rows=rows, columns=columns, title=title, fmt=fmt, filename=filename)
