"""Writing many rows at once for imports.

``QuerySet.bulk_create`` builds Django model instances and prepares every field of every
row through the field API — most of an import's time at 100,000 rows. Here the import
has already validated the values, so rows go in as tuples: on PostgreSQL through COPY,
on SQLite through one prepared INSERT executed for every row, converting only the field
types whose stored form differs from the Python value (dates, moments, JSON…).
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


def _converted(rows: Iterable[Sequence[Any]], converters: list) -> Iterable[Sequence[Any]]:
    """Rows with their dates and moments in the database's form; a converted value is
    remembered (an import's timestamps are one moment, and its dates repeat)."""
    for row in rows:
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
        yield values


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``; a foreign key as its id).

    Run it inside the caller's transaction: the rows are in when it commits.
    """
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(field.column) for field in columns)  # type: ignore[union-attr, arg-type]
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg writes dates, moments and booleans into COPY itself.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        converters: list[tuple[int, Callable[[Any], Any], dict]] = [
            (index, converter, {})
            for index, field in enumerate(columns)
            if (converter := _converter(field, connection)) is not None  # type: ignore[arg-type]
        ]
        batch: list[Sequence[Any]] = []
        for row in _converted(rows, converters) if converters else rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
