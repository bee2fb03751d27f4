"""Reading an uploaded spreadsheet row by row: xlsx or csv, never the whole file at once.

xlsx. openpyxl's read-only mode streams, but on the office's servers it reads about 3,000
rows of 14 columns a second (100,000 rows: 36 s measured, with shared strings) — below
the 5,000 rows a second a whole import must reach, before any validation. So the reader
here streams the package itself: the workbook, relationships and styles are small and go
through ElementTree; the shared strings and the worksheet are inflated in 1 MB pieces
and their cells taken with one compiled expression per piece. Every piece is checked: if
it holds a cell the expression did not take (rich text in a cell, a namespace prefix,
a cell without a reference), reading goes on from that row with openpyxl's read-only
reader, so an unusual file is read slowly but never wrongly.

csv. UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or Windows-1256 (what
older Persian Excel saves as "CSV"); the delimiter is taken from the header line.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import html
import io
import itertools
import logging
import posixpath
import re
import zipfile
import zlib
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import IO, Any
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

from abadi.core.exports import csv_text_read
from abadi.core.jalali import format_jalali
from abadi.core.persian import to_persian_digits

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_ROWS = 1_000_000
CHUNK = 1 << 20

# A shared-strings table or a sheet bigger than this once inflated is refused (zip bomb).
MAX_INFLATED_BYTES = 2 * 1024**3


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``message`` says why, in Persian."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


def max_bytes() -> int:
    return int(getattr(settings, "ABADI_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "ABADI_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def megabytes(size: int) -> str:
    return to_persian_digits(f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip("."))


def check_size(size: int) -> None:
    """Refuse an empty or an oversized file from its size alone, before reading it."""
    if size == 0:
        raise ImportFileError(_("پرونده خالی است."))
    limit = max_bytes()
    if size > limit:
        raise ImportFileError(
            _(
                "حجم پرونده %(size)s مگابایت است و بیشترین حجم مجاز %(limit)s مگابایت است؛ "
                "پرونده را به چند پرونده کوچک‌تر بشکنید."
            )
            % {"size": megabytes(size), "limit": megabytes(limit)}
        )


def not_a_spreadsheet(reason: str = "") -> ImportFileError:
    message = _("این پرونده صفحه‌گسترده نیست؛ پروندهٔ اکسل یا سی‌اس‌وی بارگذاری کنید.")
    return ImportFileError(f"{message} {reason}".strip())


class Sheet(ABC):
    """Rows of one sheet: ``header()`` once, then ``rows(columns)``."""

    estimated_rows: int | None = None

    @abstractmethod
    def header(self) -> tuple[int, list[str]]:
        """(row number of the header, its cells)."""

    @abstractmethod
    def rows(self, columns: dict[int, str]) -> Iterator[tuple[int, dict[str, str]]]:
        """(row number as in the file, {column key: cell text}) for every non-empty row."""

    def close(self) -> None:
        return None


def open_sheet(file: IO[bytes], *, size: int) -> Sheet:
    """The first sheet of an xlsx or a csv file, whatever its name says it is."""
    check_size(size)
    file.seek(0)
    magic = file.read(8)
    file.seek(0)
    if not magic.strip():
        head = file.read(4096)
        file.seek(0)
        if not head.strip():
            raise ImportFileError(_("پرونده خالی است."))
    if magic.startswith(b"PK\x03\x04"):
        return XlsxSheet(file)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "پروندهٔ xls (اکسل ۲۰۰۳ و پیش از آن) خوانده نمی‌شود؛ آن را در اکسل با "
                "«ذخیره به‌عنوان» در قالب xlsx ذخیره کنید."
            )
        )
    if magic.startswith(b"PK"):
        raise not_a_spreadsheet()
    return CsvSheet(file, size=size)


# ---------------------------------------------------------------------------------- xlsx

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

# One cell: reference, attributes, then a value, an inline string, or nothing (empty cell).
# Possessive quantifiers: a cell either matches at once or is left for the guard to see.
_CELL = re.compile(
    r'<c r="([A-Z]{1,3})(\d++)"([^>/]*+)'
    r"(?:/>|>(?:<f\b[^>]*+(?:/>|>[^<]*+</f>))?"
    r"(?:<v>([^<]*+)</v>|<is><t\b[^>]*+>([^<]*+)</t></is>|<is><t\b[^>]*+/></is>|<v/>)?"
    r"</c>)"
)
_ATTR_T = re.compile(r'\bt="(\w+)"')
_ATTR_S = re.compile(r'\bs="(\d+)"')
_DIMENSION = re.compile(r'<dimension ref="[A-Z]{1,3}\d+(?::[A-Z]{1,3}(\d+))?"')
_PREFIXED_ROOT = re.compile(r"<\w+:worksheet\b")
_SI = re.compile(r"<si>(?:<t\b[^>]*+>([^<]*+)</t>|<t\b[^>]*+/>|(.*?))</si>", re.S)
_SI_T = re.compile(r"<t\b[^>]*>([^<]*)</t>")
_PHONETIC = re.compile(r"<rPh\b.*?</rPh>", re.S)
_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

# What a cell's attributes say its value is.
_NUMBER, _SHARED, _STRING, _BOOL, _DATE, _ISO_DATE = range(6)

# Built-in number formats that are dates (ECMA-376 18.8.30, and the locale-specific ones).
_BUILTIN_DATE_FORMATS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}


class _Unsupported(Exception):
    """The fast reader met something it does not take; openpyxl reads on from here."""


def _unescape(value: str) -> str:
    if "&" in value:
        value = html.unescape(value)
    if "_x" in value:
        value = _XML_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), value)
    return value


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _number_text(value: str) -> str:
    """A stored number as people wrote it: 1.2E+9 and 12.0 are whole numbers."""
    if "E" in value or "e" in value or value.endswith(".0"):
        try:
            number = float(value)
        except ValueError:
            return value
        if number.is_integer() and abs(number) < 1e16:
            return str(int(number))
    return value


def _is_date_format(code: str) -> bool:
    from openpyxl.styles.numbers import is_date_format

    return bool(is_date_format(code))


def _date_text(value: datetime.date) -> str:
    """A date cell handed to parsers as the Jalali text people would have typed."""
    return format_jalali(value, persian_digits=False)


class XlsxSheet(Sheet):
    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        try:
            self.zip = zipfile.ZipFile(file)
            self._locate_parts()
        except ImportFileError:
            raise
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            KeyError,
            ElementTree.ParseError,
            OSError,
        ):
            raise not_a_spreadsheet() from None
        self._keys: dict[str, Any] = {}
        self._rows: Iterator[tuple[int, dict[Any, str]]] | None = None
        self._last_row = 0
        self._fallback = False
        self.estimated_rows = None
        self.strings: list[str] = []
        self._string_pieces: Iterator[str] | None = None

    # -- the package --------------------------------------------------------------------
    def _xml(self, name: str) -> ElementTree.Element:
        return ElementTree.fromstring(self.zip.read(name))

    def _relationships(self, name: str) -> dict[str, tuple[str, str]]:
        folder, base = posixpath.split(name)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self.names:
            return {}
        relations = {}
        for rel in self._xml(rels_name).iter(f"{{{_PKG_REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            relations[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
        return relations

    def _locate_parts(self) -> None:
        self.names = set(self.zip.namelist())
        workbook = next(
            (path for kind, path in self._relationships("").values() if kind == "officeDocument"),
            "xl/workbook.xml",
        )
        if workbook not in self.names:
            raise not_a_spreadsheet(_("(پروندهٔ zip است ولی کتاب کار اکسل در آن نیست.)"))
        root = self._xml(workbook)
        properties = root.find(f"{{{_MAIN_NS}}}workbookPr")
        self.epoch_1904 = properties is not None and properties.get("date1904") in ("1", "true")
        relations = self._relationships(workbook)
        sheets = [
            (sheet.get("name", ""), sheet.get(f"{{{_REL_NS}}}id", ""), sheet.get("state", ""))
            for sheet in root.iter(f"{{{_MAIN_NS}}}sheet")
        ]
        visible = [sheet for sheet in sheets if sheet[2] not in ("hidden", "veryHidden")]
        if not visible or visible[0][1] not in relations:
            raise ImportFileError(_("در این پروندهٔ اکسل هیچ کاربرگی نیست."))
        self.sheet_title = visible[0][0]
        self.sheet_path = relations[visible[0][1]][1]
        if self.sheet_path not in self.names:
            raise not_a_spreadsheet()
        by_kind = {kind: path for kind, path in relations.values()}
        self.strings_path = by_kind.get("sharedStrings")
        self.date_styles = self._date_styles(by_kind.get("styles"))

    def _date_styles(self, path: str | None) -> set[int]:
        if not path or path not in self.names:
            return set()
        root = self._xml(path)
        custom = {
            int(fmt.get("numFmtId", "0")): fmt.get("formatCode", "")
            for fmt in root.iter(f"{{{_MAIN_NS}}}numFmt")
        }
        cell_xfs = root.find(f"{{{_MAIN_NS}}}cellXfs")
        dates: set[int] = set()
        if cell_xfs is None:
            return dates
        for index, xf in enumerate(cell_xfs.iter(f"{{{_MAIN_NS}}}xf")):
            number_format = int(xf.get("numFmtId", "0"))
            if number_format in custom:
                if _is_date_format(custom[number_format]):
                    dates.add(index)
            elif number_format in _BUILTIN_DATE_FORMATS:
                dates.add(index)
        return dates

    def _inflated(self, name: str) -> Iterator[str]:
        """The part's text in pieces of about a megabyte (the last piece may be empty)."""
        info = self.zip.getinfo(name)
        if info.file_size > MAX_INFLATED_BYTES:
            raise ImportFileError(_("این پروندهٔ اکسل بیش از اندازه بزرگ است."))
        decoder = codecs.getincrementaldecoder("utf-8")()
        with self.zip.open(info) as stream:
            while True:
                data = stream.read(CHUNK)
                yield decoder.decode(data, final=not data)
                if not data:
                    return

    def _pieces(self, name: str, closing: str) -> Iterator[str]:
        """The part cut after its last ``closing`` tag, so no element spans two pieces."""
        rest = ""
        for text in self._inflated(name):
            rest += text
            if text:
                cut = rest.rfind(closing)
                if cut < 0:
                    continue
                cut += len(closing)
                yield rest[:cut]
                rest = rest[cut:]
            else:
                yield rest

    # -- shared strings -----------------------------------------------------------------
    def _string(self, index: int) -> str:
        """Shared string ``index``, reading the table only as far as needed: the header
        row (read while the page waits) names the first few."""
        if self._string_pieces is None:
            if not self.strings_path or self.strings_path not in self.names:
                raise _Unsupported
            self._string_pieces = self._pieces(self.strings_path, "</si>")
        strings = self.strings
        while index >= len(strings):
            piece = next(self._string_pieces, None)
            if piece is None:
                raise _Unsupported  # an index past the table: let openpyxl judge the file
            found = _SI.findall(piece)
            if len(found) != piece.count("<si>") + piece.count("<si "):
                raise _Unsupported
            for simple, complex_ in found:
                if complex_:
                    simple = "".join(_SI_T.findall(_PHONETIC.sub("", complex_)))
                strings.append(_unescape(simple) if simple else "")
        return strings[index]

    # -- cells --------------------------------------------------------------------------
    def _value_kind(self, attrs: str, kinds: dict[str, int]) -> int:
        match = _ATTR_T.search(attrs)
        cell_type = match.group(1) if match else "n"
        if cell_type == "s":
            kind = _SHARED
        elif cell_type in ("str", "inlineStr", "e"):
            kind = _STRING
        elif cell_type == "b":
            kind = _BOOL
        elif cell_type == "d":
            kind = _ISO_DATE
        else:
            style = _ATTR_S.search(attrs)
            kind = _DATE if style and int(style.group(1)) in self.date_styles else _NUMBER
        kinds[attrs] = kind
        return kind

    def _date_from_serial(self, value: str) -> str:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

        epoch = CALENDAR_MAC_1904 if self.epoch_1904 else CALENDAR_WINDOWS_1900
        moment = from_excel(float(value), epoch)
        if isinstance(moment, datetime.datetime):
            return _date_text(moment.date())
        if isinstance(moment, datetime.date):
            return _date_text(moment)
        return value

    def _fast_rows(self) -> Iterator[tuple[int, dict[Any, str]]]:
        strings = self.strings
        kinds: dict[str, int] = {"": _NUMBER}
        dates: dict[str, str] = {}
        row: dict[Any, str] = {}
        current = ""
        keys = self._keys
        first = True
        for piece in self._pieces(self.sheet_path, "</row>"):
            if first:
                first = False
                if _PREFIXED_ROOT.search(piece[:4096]):
                    raise _Unsupported
                dimension = _DIMENSION.search(piece[:4096])
                if dimension and dimension.group(1):
                    self.estimated_rows = int(dimension.group(1))
            cells = _CELL.findall(piece)
            if len(cells) != piece.count("<c ") + piece.count("<c>"):
                raise _Unsupported
            for letters, number, attrs, value, inline in cells:
                if number != current:
                    if row:
                        yield int(current), row
                        row = {}
                    self._last_row = int(current) if current else 0
                    current = number
                    keys = self._keys
                key = keys.get(letters)
                if key is None:
                    continue
                if inline:
                    text = _unescape(inline)
                elif not value:
                    continue
                elif attrs == ' t="s"':
                    try:
                        text = strings[int(value)]
                    except IndexError:
                        text = self._string(int(value))
                elif not attrs:
                    text = value if value.isdigit() else _number_text(value)
                else:
                    kind = kinds.get(attrs)
                    if kind is None:
                        kind = self._value_kind(attrs, kinds)
                    if kind == _SHARED:
                        try:
                            text = strings[int(value)]
                        except IndexError:
                            text = self._string(int(value))
                    elif kind == _NUMBER:
                        text = _number_text(value)
                    elif kind == _STRING:
                        text = _unescape(value)
                    elif kind == _DATE:
                        text = dates.get(value) or dates.setdefault(
                            value, self._date_from_serial(value)
                        )
                    elif kind == _ISO_DATE:
                        text = _date_text(datetime.date.fromisoformat(value[:10]))
                    else:
                        text = "1" if value == "1" else "0"
                if text:
                    row[key] = text
        if row:
            yield int(current), row
        self._last_row = int(current) if current else self._last_row

    def _openpyxl_rows(self, after: int) -> Iterator[tuple[int, dict[Any, str]]]:
        """openpyxl's read-only reader, from row ``after + 1`` on."""
        from openpyxl import load_workbook

        self.file.seek(0)
        workbook = load_workbook(self.file, read_only=True, data_only=True)
        try:
            sheet = workbook[self.sheet_title]
            if self.estimated_rows is None and sheet.max_row:
                self.estimated_rows = sheet.max_row
            start = after + 1
            for number, values in enumerate(
                sheet.iter_rows(min_row=start, values_only=True), start=start
            ):
                keys = self._keys
                row: dict[Any, str] = {}
                for index, value in enumerate(values):
                    key = keys.get(_column_letters(index))
                    if key is None or value is None:
                        continue
                    text = self._python_value_text(value)
                    if text:
                        row[key] = text
                if row:
                    yield number, row
        finally:
            workbook.close()

    def _python_value_text(self, value: Any) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, datetime.datetime):
            return _date_text(value.date())
        if isinstance(value, datetime.date):
            return _date_text(value)
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return str(value)

    def _all_rows(self) -> Iterator[tuple[int, dict[Any, str]]]:
        try:
            yield from self._fast_rows()
        except _Unsupported:
            self._fallback = True
            yield from self._openpyxl_rows(self._last_row)

    def _next_row(self) -> tuple[int, dict[Any, str]] | None:
        assert self._rows is not None
        try:
            return next(self._rows, None)
        except ImportFileError:
            raise
        except Exception:
            # A broken part (zip, XML, a value openpyxl cannot read): say so, never crash.
            logger.info("unreadable xlsx", exc_info=True)
            raise ImportFileError(_("پرونده آسیب دیده است و تا پایان خوانده نشد.")) from None

    def header(self) -> tuple[int, list[str]]:
        self._keys = _AllColumns()
        self._rows = self._all_rows()
        first = self._next_row()
        if first is None:
            raise ImportFileError(_("پرونده خالی است؛ هیچ ردیفی در کاربرگ اول نیست."))
        number, cells = first
        if self.estimated_rows is not None:  # the dimension counts the header too
            self.estimated_rows = max(0, self.estimated_rows - number)
        width = max(cells) + 1
        return number, [cells.get(index, "") for index in range(width)]

    def rows(self, columns: dict[int, str]) -> Iterator[tuple[int, dict[str, str]]]:
        self._keys = {_column_letters(index): key for index, key in columns.items()}
        while True:
            item = self._next_row()
            if item is None:
                return
            yield item

    def close(self) -> None:
        self.zip.close()


class _AllColumns(dict):
    """While the header is read, every column is kept, keyed by its index."""

    def get(self, letters: str, default: Any = None) -> int:  # type: ignore[override]
        return _column_index(letters)


# ----------------------------------------------------------------------------------- csv

_BINARY_BYTES = set(range(0, 9)) | {11, 12} | set(range(14, 32))


class CsvSheet(Sheet):
    def __init__(self, file: IO[bytes], *, size: int) -> None:
        self.file = file
        head = file.read(64 * 1024)
        file.seek(0)
        self.encoding = self._encoding(head)
        self.estimated_rows = self._count_lines() if size else None
        self.stream = io.TextIOWrapper(file, encoding=self.encoding, newline="")
        self._number = 0
        self._reader: Iterator[list[str]] | None = None

    @staticmethod
    def _encoding(head: bytes) -> str:
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        sample = head[:4096]
        if b"\x00" in sample or sum(byte in _BINARY_BYTES for byte in sample) > len(sample) // 100:
            raise not_a_spreadsheet()
        try:
            codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        except UnicodeDecodeError:
            return "cp1256"
        return "utf-8-sig"

    def _count_lines(self) -> int:
        lines = 0
        last = b"\n"
        while data := self.file.read(CHUNK):
            lines += data.count(b"\n")
            last = data[-1:]
        self.file.seek(0)
        return lines + (last != b"\n")

    def _records(self) -> Iterator[list[str]]:
        assert self._reader is not None
        while True:
            try:
                record = next(self._reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                raise ImportFileError(
                    _(
                        "نویسه‌های پرونده پس از ردیف %(row)s خوانا نیستند؛ پرونده را با "
                        "کدگذاری UTF-8 ذخیره کنید (در اکسل: CSV UTF-8)."
                    )
                    % {"row": to_persian_digits(self._number)}
                ) from None
            except csv.Error as error:
                raise ImportFileError(
                    _("ساختار csv در ردیف %(row)s خراب است: %(error)s")
                    % {"row": to_persian_digits(self._number + 1), "error": error}
                ) from None
            self._number += 1
            yield record

    def header(self) -> tuple[int, list[str]]:
        try:
            first_line = self.stream.readline()
        except UnicodeDecodeError:
            raise not_a_spreadsheet() from None
        lines: Iterator[str] = self.stream
        if first_line.lower().startswith("sep=") and len(first_line.strip()) == 5:
            # Excel's hint line: "sep=;" names the delimiter and is not a row.
            delimiter = first_line.strip()[4]
        else:
            delimiter = max(",;\t|", key=first_line.count)
            if not first_line.count(delimiter):
                delimiter = ","
            lines = itertools.chain([first_line], self.stream)
        self._reader = csv.reader(lines, delimiter=delimiter)
        for record in self._records():
            if any(cell.strip() for cell in record):
                if self.estimated_rows is not None:  # the line count includes the header
                    self.estimated_rows = max(0, self.estimated_rows - self._number)
                return self._number, [cell.strip() for cell in record]
        raise ImportFileError(_("پرونده خالی است."))

    def rows(self, columns: dict[int, str]) -> Iterator[tuple[int, dict[str, str]]]:
        wanted = sorted(columns.items())
        for record in self._records():
            width = len(record)
            row = {
                key: csv_text_read(record[index])
                for index, key in wanted
                if index < width and record[index]
            }
            if row:
                yield self._number, row

    def close(self) -> None:
        self.stream.detach()
