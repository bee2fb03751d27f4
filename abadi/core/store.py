"""The indicator store: values the catalogue has computed, kept while they stay exact.

A dashboard asks for every indicator of an area for two years, each county's value and
twenty-four months; on national data each is a query over millions of records, and the
whole page would take seconds. The store keeps what was computed, with the tables the
computation read (as its SQL named them), and answers from it again only while none of
those tables has been written since. The database itself notes every write, by a trigger
on each table, in the writing transaction (:func:`install_triggers`), so bulk loads, COPY
and hand-written SQL are seen as surely as the ORM: a stored value is never one the
records would no longer give, and a write makes only the values that read its table be
computed again.

- PostgreSQL: a statement trigger inserts (table, transaction) into ``TableChange``; a
  stored value carries the snapshot taken before it was computed, and is stale when a
  change row it can see came from a transaction outside that snapshot. Writers only
  insert rows, so they never wait on each other for the notes.
- SQLite (one writer at a time): a row trigger bumps the table's ``TableVersion``; a
  stored value carries its tables' versions.

Only what does not depend on who asks is stored: values for an area the viewer sees whole
under the indicator's permission (its records are then the area's, whoever looks). The
office day is part of each question (periods and as-of days are read against it), so
yesterday's values are never used today; so is the language (a value that is no number
keeps its reason, in words). Anything whose SQL read a table without the trigger is
computed each time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import connection, connections
from django.db.models.signals import post_migrate
from django.utils.translation import get_language

from abadi.core import clock
from abadi.core.scoping import area_in_scope

if TYPE_CHECKING:
    from abadi.core.indicators import Indicator, IndicatorQuery

# Tables no indicator reads and every request writes: the notes themselves, the audit log,
# sessions, migrations, import progress. Watching them would only slow their writers.
UNWATCHED = frozenset(
    {
        "core_tablechange",
        "core_tableversion",
        "core_storedindicatorvalue",
        "core_auditevent",
        "core_auditobject",
        "core_importbatch",
        "django_session",
        "django_migrations",
        "django_admin_log",
    }
)
# What a batch costs beyond computing what is not stored: where the database stands, the
# stored values, the new ones, and the pruning (two on PostgreSQL).
QUERIES_AT_MOST = 5
UNDEFINED = "__undefined__"  # how a stored result says it is no number, and why
_WORD = re.compile(r"[a-z_][a-z0-9_]*")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION core_note_table_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO core_tablechange (table_name, txid)
    VALUES (TG_TABLE_NAME, pg_current_xact_id()::text::bigint)
    ON CONFLICT (table_name, txid) DO NOTHING;
    RETURN NULL;
END $$"""
_PG_TRIGGER = """
CREATE OR REPLACE TRIGGER core_table_change
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}"
FOR EACH STATEMENT EXECUTE FUNCTION core_note_table_change()"""
_SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS "core_version_{event}_{table}" AFTER {event} ON "{table}"
BEGIN UPDATE core_tableversion SET version = version + 1 WHERE name = '{table}'; END"""


# The tables that carry the trigger already (SQLite: with their version row too).
_NOTED = {
    True: "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
    " WHERE t.tgname = 'core_table_change'",
    False: "SELECT t.tbl_name FROM sqlite_master t JOIN core_tableversion v"
    " ON v.name = t.tbl_name WHERE t.type = 'trigger' AND t.name LIKE 'core_version_DELETE_%'",
}


@functools.cache
def watched_tables() -> frozenset[str]:
    """The tables of the installed models that carry the trigger."""
    return frozenset(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and model._meta.db_table not in UNWATCHED
    )


def install_triggers(*, using: str = "default", **_kwargs: Any) -> None:
    """Put the write-noting trigger on every watched table (after each migrate: SQLite
    loses a table's triggers when a migration rebuilds it)."""
    database = connections[using]
    present = set(database.introspection.table_names())
    if "core_tablechange" not in present:
        return  # core's tables are not there yet
    with database.cursor() as cursor:
        # Only the tables still without it: a flush (each transactional test) migrates again.
        cursor.execute(_NOTED[database.vendor == "postgresql"])
        tables = sorted(watched_tables() & present - {row[0] for row in cursor})
        if not tables:
            return
        if database.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            for table in tables:
                cursor.execute(_PG_TRIGGER.format(table=table))
            return
        for table in tables:
            cursor.execute(
                "INSERT OR IGNORE INTO core_tableversion (name, version) VALUES (%s, 0)", [table]
            )
            for event in ("INSERT", "UPDATE", "DELETE"):
                cursor.execute(_SQLITE_TRIGGER.format(event=event, table=table))


def connect() -> None:
    post_migrate.connect(install_triggers, dispatch_uid="abadi.core.store.install_triggers")


# Asking ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Ask:
    """One question: an indicator's value (or its breakdown ``breakdown``) for a query."""

    indicator: Indicator
    query: IndicatorQuery
    breakdown: str | None = None

    def compute(self) -> Any:
        if self.breakdown is None:
            return self.indicator.compute(self.query)
        return self.indicator.breakdown(self.breakdown, self.query)

    def storable(self) -> bool:
        query = self.query
        return area_in_scope(actor=query.actor, perm=self.indicator.permission, area=query.area)

    def fingerprint(self, day) -> str:
        query = self.query
        parts = [
            self.indicator.key,
            self.breakdown or "",
            query.area.pk,
            query.area.path,
            query.year,
            query.month,
            query.start,
            query.end,
            query.as_of,
            query.flow_end,
            day,
            get_language(),
        ]
        return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def answers(asks: Sequence[Ask]) -> list[Any]:
    """Each ask's value or breakdown, as :meth:`Indicator.compute` / ``breakdown`` give
    it: from the store while still exact, else computed (and stored). Two queries when
    everything is stored, whatever the number of asks."""
    day = clock.today()
    fingerprints = [ask.fingerprint(day) if ask.storable() else None for ask in asks]
    stored, token = _fresh({f for f in fingerprints if f}, day)
    results: list[Any] = []
    computed: dict[str, tuple[Ask, Any, frozenset[str]]] = {}
    for ask, fingerprint in zip(asks, fingerprints, strict=True):
        if fingerprint in stored:
            results.append(_thawed(stored[fingerprint]))
            continue
        if fingerprint in computed:
            results.append(computed[fingerprint][1])
            continue
        result, tables = _compute_reading(ask.compute)
        results.append(result)
        if fingerprint and _keepable(tables):
            computed[fingerprint] = (ask, result, tables)
    if computed:
        _store(computed, token, day)
    return results


def answer(ask: Ask) -> Any:
    return answers([ask])[0]


def _frozen(result: Any) -> Any:
    """A result as JSON: numbers and breakdowns as they are, an undefined value as its
    reason (in the language it was asked in, which is part of the question)."""
    from abadi.core.indicators import Undefined

    return {UNDEFINED: str(result.reason)} if isinstance(result, Undefined) else result


def _thawed(result: Any) -> Any:
    """A stored result as the catalogue gives it."""
    from abadi.core.indicators import Undefined

    if isinstance(result, dict) and UNDEFINED in result:
        return Undefined(result[UNDEFINED])
    return result


def _keepable(tables: frozenset[str]) -> bool:
    return bool(tables) and tables <= watched_tables()


def _compute_reading(compute: Callable[[], Any]) -> tuple[Any, frozenset[str]]:
    """The result of ``compute`` and the tables its SQL named."""
    known = _known_tables()
    read: set[str] = set()

    def note(execute, sql, params, many, context):
        read.update(word for word in _WORD.findall(sql.lower()) if word in known)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        result = compute()
    return result, frozenset(read)


@functools.cache
def _known_tables() -> frozenset[str]:
    return frozenset(model._meta.db_table for model in apps.get_models(include_auto_created=True))


# The two databases' notes ------------------------------------------------------------

_PG_FRESH = """
SELECT s.fingerprint, s.result FROM core_storedindicatorvalue s
WHERE s.fingerprint = ANY(%s) AND s.day = %s AND NOT EXISTS (
    SELECT 1 FROM core_tablechange c
    WHERE c.txid >= s.snapshot_xmin
      AND c.table_name IN (SELECT jsonb_array_elements_text(s.tables))
      AND NOT pg_visible_in_snapshot(c.txid::text::xid8, s.snapshot::pg_snapshot))"""
_PG_SNAPSHOT = "SELECT s::text, pg_snapshot_xmin(s)::text::bigint FROM pg_current_snapshot() s"


def _fresh(fingerprints: set[str], day) -> tuple[dict[str, Any], Any]:
    """The stored results among ``fingerprints`` that are still exact, and the token (where
    the database stands now) to store new results with. The token is read before anything
    is computed, so a write committed meanwhile makes the new results stale, never hidden."""
    from abadi.core.models import StoredIndicatorValue, TableVersion

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_PG_SNAPSHOT)
            token = cursor.fetchone()
            if not fingerprints:
                return {}, token
            cursor.execute(_PG_FRESH, [list(fingerprints), day])
            # Django's connection hands jsonb over as text, as its JSONField expects it.
            return {f: json.loads(result) for f, result in cursor}, token
    versions = dict(TableVersion.objects.values_list("name", "version"))
    if not fingerprints:
        return {}, versions
    fresh = {
        row.fingerprint: row.result
        for row in StoredIndicatorValue.objects.filter(fingerprint__in=fingerprints, day=day)
        if row.versions and all(versions.get(t) == seen for t, seen in row.versions.items())
    }
    return fresh, versions


def _store(computed: dict[str, tuple[Ask, Any, frozenset[str]]], token: Any, day) -> None:
    from abadi.core.models import StoredIndicatorValue

    postgres = connection.vendor == "postgresql"
    if not postgres:  # a table without its version row (emptied by hand) is not watched
        computed = {f: c for f, c in computed.items() if c[2] <= token.keys()}
    rows = [
        StoredIndicatorValue(
            fingerprint=fingerprint,
            key=ask.indicator.key,
            day=day,
            tables=sorted(tables),
            snapshot=token[0] if postgres else "",
            snapshot_xmin=token[1] if postgres else 0,
            versions={} if postgres else {table: token[table] for table in tables},
            result=_frozen(result),
        )
        for fingerprint, (ask, result, tables) in computed.items()
    ]
    StoredIndicatorValue.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["fingerprint"],
        update_fields=["day", "tables", "snapshot", "snapshot_xmin", "versions", "result"],
    )
    _prune(day)


def _prune(day) -> None:
    """Forget earlier days' values and, on PostgreSQL, change notes no stored value can be
    stale by: older than any stored snapshot and than every running transaction (and a
    day old, so a reader still computing from an older snapshot is not robbed of them)."""
    from abadi.core.models import StoredIndicatorValue

    StoredIndicatorValue.objects.filter(day__lt=day).delete()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """DELETE FROM core_tablechange
            WHERE at < now() - interval '1 day'
              AND txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
              AND txid < (SELECT COALESCE(MIN(snapshot_xmin), 0) FROM core_storedindicatorvalue)"""
        )
