"""One import, start to end: headers → every row parsed and validated → commit or not.

The same function serves the upload pages, the background task, the CLI and the
benchmark, so all four accept and refuse exactly the same rows.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from abadi.core.imports.base import ImportKind, ImportOutcome
from abadi.core.imports.parsers import clean_cell
from abadi.core.imports.readers import ImportFileError, max_rows, open_sheet
from abadi.core.persian import search_key, to_persian_digits

# Headers offices add that carry nothing to import (a running row number).
IGNORED_HEADERS = ("ردیف", "ردیف.", "شماره ردیف", "row", "#", "no", "ش")
ERRORS_KEPT = 100_000  # errors kept in memory for the CLI; a batch stores fewer
MEMO_LIMIT = 200_000  # parsed texts remembered per column
PROGRESS_EVERY = 1_000  # rows between looks at the clock
PROGRESS_SECONDS = 0.5  # at most two progress writes a second

_HEADER_NOISE = re.compile(r"[\s_\-*:.()\[\]«»\"'/\\]+")


def header_key(text: str) -> str:
    """What two spellings of one header share: "کد ملی", "كدملي", "National_Code " → one key."""
    return _HEADER_NOISE.sub("", search_key(clean_cell(str(text))))


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it (the header is usually row 1)
    column: str  # the column's Persian label, or "" for the row as a whole
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


# The key under which each valid row carries its number in the spreadsheet into the commit.
ROW = "_row"


class RefusedAtCommit(Exception):
    """A service refused a row while the file was being written (the rules of a step
    depend on the steps before it, which earlier rows of the same file may take): the
    whole file is rolled back and the row's refusal reported."""

    def __init__(self, row: dict[str, Any], error: ValidationError) -> None:
        super().__init__(str(error))
        self.number = row.get(ROW, 0)
        self.error = error


@contextlib.contextmanager
def refused_as_row_error(row: dict[str, Any]) -> Iterator[None]:
    """Around a kind's write of one row in ``commit``: its ValidationError becomes the
    row's error in the report, and nothing of the file is written."""
    try:
        yield
    except ValidationError as error:
        raise RefusedAtCommit(row, error) from error


@dataclass
class ImportReport:
    kind: str
    total_rows: int = 0
    valid_rows: int = 0
    error_rows: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    outcome: ImportOutcome | None = None
    committed: bool = False

    def add_error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < ERRORS_KEPT:
            self.errors.append(RowError(row, str(column), str(message)))


def _labels(texts: list[str]) -> str:
    return "، ".join(f"«{text}»" for text in texts)


def map_header(kind: ImportKind, header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index → column key; refuses a header that lacks a required column.

    Returns the mapping and the warnings (headers nobody knows, which are ignored).
    """
    lookup: dict[str, str] = {}
    for column in kind.columns:
        for text in (column.label, column.key, *column.aliases):
            lookup.setdefault(header_key(str(text)), column.key)
    ignored = {header_key(text) for text in (*IGNORED_HEADERS, *kind.ignored_headers)}
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for index, text in enumerate(header):
        text = clean_cell(str(text or ""))
        if not text:
            continue
        key = lookup.get(header_key(text))
        if key is None:
            if header_key(text) not in ignored:
                unknown.append(text)
        elif key in mapping.values():
            repeated.append(text)
        else:
            mapping[index] = key
    missing = [
        str(column.label)
        for column in kind.columns
        if column.required and column.key not in mapping.values()
    ]
    if not mapping or missing or repeated:
        details = []
        if missing:
            details.append(
                _("ستون‌های لازمی که در پرونده نیستند: %(names)s") % {"names": _labels(missing)}
            )
        if unknown:
            details.append(_("ستون‌هایی که شناخته نشدند: %(names)s") % {"names": _labels(unknown)})
        if repeated:
            details.append(
                _("ستون‌هایی که دو بار آمده‌اند: %(names)s") % {"names": _labels(repeated)}
            )
        details.append(
            _("ستون‌های پذیرفته: %(names)s")
            % {"names": _labels([str(c.label) for c in kind.columns])}
        )
        raise ImportFileError(
            _(
                "سرستون‌های پرونده با قالب «%(kind)s» نمی‌خوانند؛ ردیف نخست پرونده باید "
                "سرستون‌های قالب باشد."
            )
            % {"kind": kind.label},
            details,
        )
    warnings = []
    if unknown:
        warnings.append(
            _("این ستون‌ها شناخته نشدند و نادیده گرفته شدند: %(names)s")
            % {"names": _labels(unknown)}
        )
    return mapping, warnings


class _Failed:
    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


_EMPTY = object()


def _message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _parse_cell(parse: Callable[[str], Any], raw: str) -> Any:
    """A cell's value: None when blank, the parsed value, or the refusal (_Failed)."""
    # Plain ASCII (codes, numbers, Latin dates) holds no Arabic letter or mark to fold.
    text = raw.strip() if raw.isascii() else clean_cell(raw)
    if not text:
        return None
    try:
        return parse(text)
    except ValidationError as error:
        return _Failed(_message(error))


def _row_errors(
    report: ImportReport, kind: ImportKind, number: int, error: ValidationError
) -> None:
    if hasattr(error, "error_dict"):
        for key, errors in error.message_dict.items():
            label = "" if key == "__all__" else kind.label_of(key)
            report.add_error(number, label, " ".join(errors))
    else:
        report.add_error(number, "", _message(error))


def run_import(
    *,
    kind: ImportKind,
    file: IO[bytes],
    size: int,
    actor,
    commit: bool = False,
    commit_valid: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
    after_commit: Callable[[ImportOutcome], None] | None = None,
) -> ImportReport:
    """Validate every row of ``file``; with ``commit``, write the valid rows in one transaction.

    Rows are written only when there are no row errors, or when ``commit_valid`` says the
    valid ones go in without the bad ones. ``after_commit`` runs inside the same
    transaction (the audit event, the batch's counts). File-level problems raise
    :class:`ImportFileError`.
    """
    sheet = open_sheet(file, size=size)
    report = ImportReport(kind=kind.name)
    parsed: list[tuple[int, dict[str, Any]]] = []
    try:
        _header_row, header = sheet.header()
        mapping, report.warnings = map_header(kind, header)
        present = [column for column in kind.columns if column.key in mapping.values()]
        parse_of = {column.key: column.parse for column in present}
        label_of = {column.key: str(column.label) for column in present}
        required = [column.key for column in present if column.required]
        # Every parser's answer (or refusal) is remembered for texts that repeat.
        memos: dict[str, dict[str, Any]] = {column.key: {} for column in present}
        blank = dict.fromkeys(column.key for column in present)
        # The template's example row, left in: skipped when the file has every column
        # the example fills and the row repeats it exactly.
        example = kind.example_row()
        if not set(example) <= set(mapping.values()):
            example = {}
        limit = max_rows()
        reported = -PROGRESS_SECONDS
        for number, cells in sheet.rows(mapping):
            if example and cells == example:
                report.warnings.append(
                    _("ردیف %(row)s همان ردیف نمونهٔ قالب است و نادیده گرفته شد.")
                    % {"row": to_persian_digits(number)}
                )
                continue
            report.total_rows += 1
            if report.total_rows > limit:
                raise ImportFileError(
                    _("پرونده بیش از %(limit)s ردیف دارد؛ آن را به چند پرونده بشکنید.")
                    % {"limit": to_persian_digits(f"{limit:,}").replace(",", "٬")}
                )
            row = blank.copy()
            good = True
            failed: list[str] = []
            for key, raw in cells.items():
                memo = memos[key]
                value = memo.get(raw, _EMPTY)
                if value is _EMPTY:
                    value = _parse_cell(parse_of[key], raw)
                    if len(memo) < MEMO_LIMIT:
                        memo[raw] = value
                if value.__class__ is _Failed:
                    report.add_error(number, label_of[key], value.message)
                    failed.append(key)
                    good = False
                else:
                    row[key] = value
            for key in required:
                if row[key] is None and key not in failed:
                    report.add_error(number, label_of[key], _("این ستون نباید خالی باشد."))
                    good = False
            if good:
                parsed.append((number, row))
            if (
                progress is not None
                and report.total_rows % PROGRESS_EVERY == 0
                and (now := time.monotonic()) - reported >= PROGRESS_SECONDS
            ):
                reported = now
                progress(report.total_rows, sheet.estimated_rows)
    finally:
        sheet.close()
    if report.total_rows == 0:
        raise ImportFileError(_("پرونده جز سرستون‌ها هیچ ردیفی ندارد."))

    context = kind.prepare(actor=actor, rows=[row for _number, row in parsed])
    valid: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in parsed:
        try:
            cleaned = kind.validate_row(row, context=context)
        except ValidationError as error:
            _row_errors(report, kind, number, error)
            continue
        uniques = kind.unique_values(cleaned)
        repeated = False
        for key, value in uniques.items():
            first = seen.get((key, value))
            if first is not None:
                report.add_error(
                    number,
                    kind.label_of(key),
                    _("این مقدار در ردیف %(row)s همین پرونده هم آمده است.")
                    % {"row": to_persian_digits(first)},
                )
                repeated = True
        if repeated:
            continue
        for key, value in uniques.items():
            seen[(key, value)] = number
        valid.append({**cleaned, ROW: number})
    report.errors.sort(key=lambda error: error.row)  # file order, a row's columns together
    report.valid_rows = len(valid)
    report.error_rows = report.total_rows - len(valid)
    if progress is not None:
        progress(report.total_rows, report.total_rows)

    if commit and valid and (commit_valid or report.error_rows == 0):
        try:
            with transaction.atomic():
                outcome = kind.commit(valid, actor=actor, context=context)
                if after_commit is not None:
                    after_commit(outcome)
        except RefusedAtCommit as refused:
            _row_errors(report, kind, refused.number, refused.error)
            report.error_rows += 1
            report.valid_rows -= 1
            return report
        report.outcome = outcome
        report.committed = True
    return report
