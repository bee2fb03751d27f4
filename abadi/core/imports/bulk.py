"""Writing many rows at once for imports: one prepared INSERT, executed for every row.

``QuerySet.bulk_create`` builds Django model instances and prepares every field of every
row through the field API — most of an import's time at 100,000 rows. Here the import
has already validated the values, so rows go in as tuples; only the field types whose
stored form differs from the Python value (dates, moments, JSON…) are converted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connections, models, router

BATCH = 5_000
MEMO_LIMIT = 100_000


def _converter(field: models.Field, connection) -> Callable[[Any], Any] | None:
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(
        field,
        models.CharField
        | models.TextField
        | models.BooleanField
        | models.IntegerField
        | models.ForeignKey,
    ):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``; a foreign key as its id)."""
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table),
        ", ".join(quote(field.column) for field in columns),  # type: ignore[union-attr, arg-type]
        ", ".join(["%s"] * len(columns)),
    )
    # A converted value is remembered: an import's timestamps are one moment, and its
    # dates repeat.
    converters = [
        (index, converter, {})
        for index, field in enumerate(columns)
        if (converter := _converter(field, connection)) is not None  # type: ignore[arg-type]
    ]
    count = 0
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            if converters:
                values = list(row)
                for index, converter, memo in converters:
                    value = values[index]
                    if value is not None:
                        converted = memo.get(value)
                        if converted is None:
                            converted = converter(value)
                            if len(memo) < MEMO_LIMIT:
                                memo[value] = converted
                        values[index] = converted
                row = values
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
