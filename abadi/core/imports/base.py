"""What an import kind declares, and the registry of kinds.

A kind (persons, loan repayments, …) names its columns and four steps; the framework in
:mod:`abadi.core.imports.engine` reads the file, maps headers, parses and validates every
row, and calls :meth:`ImportKind.commit` inside one transaction.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from abadi.core.permissions import has_perm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Column:
    key: str  # key in the cleaned row dict
    label: StrOrPromise  # Persian header (the template's header)
    aliases: tuple[str, ...] = ()  # other accepted headers (English etc.), matched by search key
    required: bool = True
    # Turns the cell text (already trimmed, Arabic ي/ك made Persian) into a value; raises
    # ValidationError with a Persian message. It must be a pure function of the text: the
    # framework remembers its answers for texts that repeat.
    parse: Callable[[str], Any] = str
    example: str = ""  # the template's example row
    help: StrOrPromise = ""  # one line for the template's guide sheet and the upload page
    choices: tuple[str, ...] = ()  # offered as a drop-down list in the template


@dataclass(frozen=True)
class ImportOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Old values of the rows an import changed, keyed by external key (for the audit event).
    changes: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)

    def __add__(self, other: ImportOutcome) -> ImportOutcome:
        return ImportOutcome(
            created=self.created + other.created,
            updated=self.updated + other.updated,
            unchanged=self.unchanged + other.unchanged,
            changes={**self.changes, **other.changes},
        )


class ImportKind(ABC):
    """One kind of file the office imports. Subclass it and register an instance."""

    name: str = ""
    label: StrOrPromise = ""
    perm: str = ""
    columns: list[Column] = []
    # Headers an export of the same records writes that an import may meet and ignore.
    ignored_headers: tuple[str, ...] = ()

    def prepare(self, *, actor, rows: list[dict[str, Any]]) -> Any:
        """Bulk lookups once for the whole file (existing keys, areas…); returns the context."""
        return None

    def validate_row(self, row: dict[str, Any], *, context: Any) -> dict[str, Any]:
        """Cross-field and database checks of one parsed row; returns the cleaned row.

        Raise ``ValidationError({column_key: message})`` (or a plain message for the row).
        """
        return row

    def external_key(self, row: dict[str, Any]) -> str | None:
        """The key a re-import of the same record repeats (national code, source id…)."""
        return None

    def key_column(self, row: dict[str, Any]) -> str:
        """The column a duplicate-in-file error is reported on."""
        return self.columns[0].key

    def unique_values(self, row: dict[str, Any]) -> dict[str, str]:
        """Column key → value that no two rows of one file may share.

        By default the external key, reported on :meth:`key_column`; a kind with two keys
        (national code and source id) names both.
        """
        key = self.external_key(row)
        return {} if key is None else {self.key_column(row): key}

    @abstractmethod
    def commit(self, rows: list[dict[str, Any]], *, actor, context: Any) -> ImportOutcome:
        """Write the valid rows. The framework calls it inside ``transaction.atomic``."""

    # Helpers the framework and the pages use.
    def column(self, key: str) -> Column | None:
        for column in self.columns:
            if column.key == key:
                return column
        return None

    def label_of(self, key: str) -> str:
        column = self.column(key)
        return str(column.label) if column is not None else key

    def example_row(self) -> dict[str, str]:
        return {column.key: column.example for column in self.columns if column.example}


_KINDS: dict[str, ImportKind] = {}


def register_import(kind: ImportKind) -> ImportKind:
    if not kind.name or not kind.perm or not kind.columns:
        raise ValueError("an import kind needs a name, a permission and columns")
    keys = [column.key for column in kind.columns]
    if len(set(keys)) != len(keys):
        raise ValueError(f"import kind {kind.name!r} repeats a column key")
    _KINDS[kind.name] = kind
    return kind


def get_import_kind(name: str) -> ImportKind:
    return _KINDS[name]


def import_kinds() -> list[ImportKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.name)


def import_kinds_for(user) -> list[ImportKind]:
    """The kinds ``user`` may import: those whose permission they hold."""
    return [kind for kind in import_kinds() if has_perm(user, kind.perm)]
