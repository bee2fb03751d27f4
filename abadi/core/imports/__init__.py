"""The import framework every module uses: spreadsheet in, validated rows, one commit.

A module declares an :class:`ImportKind` (its columns and four steps) in its own
``imports.py`` and registers an instance with :func:`register_import`; the upload pages
(``/import/``), the background task, ``abadi import KIND FILE`` and the benchmarks all
run it through :func:`run_import`. See docs/imports.md.
"""

from abadi.core.imports import parsers
from abadi.core.imports.base import (
    Column,
    ImportKind,
    ImportOutcome,
    get_import_kind,
    import_kinds,
    import_kinds_for,
    register_import,
)
from abadi.core.imports.engine import (
    ImportReport,
    RowError,
    header_key,
    map_header,
    refused_as_row_error,
    run_import,
)
from abadi.core.imports.readers import ImportFileError, check_size, max_bytes, open_sheet

__all__ = [
    "Column",
    "ImportFileError",
    "ImportKind",
    "ImportOutcome",
    "ImportReport",
    "RowError",
    "check_size",
    "get_import_kind",
    "header_key",
    "import_kinds",
    "import_kinds_for",
    "map_header",
    "max_bytes",
    "open_sheet",
    "parsers",
    "refused_as_row_error",
    "register_import",
    "run_import",
]
