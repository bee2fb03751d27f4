"""The audit log as a person reads it: actions by their label, fields by their verbose
names, values formatted, linked records by name, the folded steps under their event.

Events keep the raw snapshots (field names, ids, ISO dates, codes). :func:`readable`
turns a page of events into rows for ``core/_audit_table.html``: the field's model says how
each value reads (a choice by its label, a date in Jalali, an amount of rials with
separators, a yes/no, a foreign key by the ``str()`` of the record it names). Foreign keys
of all the events on the page are resolved together, one query per related model.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from abadi.core.audit import Payload, action_label, payload
from abadi.core.jalali import format_jalali, format_jalali_datetime
from abadi.core.money import format_rials
from abadi.core.persian import group_digits, to_persian_digits

# Values of these keys say nothing a person reads (the row's own id, bookkeeping).
HIDDEN_KEYS = {"id", "search_key", "password", "path", "depth"}
# A code, a document number, a date written with dashes: one left-to-right run.
_LTR_RUN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-/_.:]*$")
_FILE_NAME = re.compile(r"\.[A-Za-z0-9]{2,5}$")


@dataclass
class Change:
    label: str
    old: Any = None
    new: Any = None
    had_old: bool = False


@dataclass
class Step:
    label: str
    record: str
    effective_on: datetime.date | None
    changes: list[Change] = field(default_factory=list)


@dataclass
class Row:
    event: Any
    label: str
    record: str
    changes: list[Change] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)


def _model(label: str | None) -> type[models.Model] | None:
    if not label:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _fields_by_key(model: type[models.Model] | None) -> dict[str, models.Field]:
    if model is None:
        return {}
    found: dict[str, models.Field] = {}
    for model_field in model._meta.concrete_fields:
        found[model_field.name] = model_field
        found[model_field.attname] = model_field
    return found


def _is_rials(model_field: models.Field) -> bool:
    # Amounts are integer rials, and their verbose name says so: «مبلغ (ریال)».
    return isinstance(model_field, models.BigIntegerField | models.IntegerField) and "ریال" in str(
        model_field.verbose_name
    )


class _Names:
    """The ``str()`` of every record a page of events names by id, one query per model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], str], str] = {}

    def want(self, model_field: models.Field | None, value: Any) -> None:
        if model_field is None or not model_field.is_relation or value in (None, ""):
            return
        try:  # a snapshot may hold a name rather than a key: then it is shown as written
            key = model_field.target_field.to_python(value)  # type: ignore[attr-defined]
        except (ValidationError, TypeError, ValueError):
            return
        self.wanted[model_field.related_model].add(key)  # type: ignore[index]

    def resolve(self) -> None:
        for model, ids in self.wanted.items():
            for record in model._default_manager.filter(pk__in=ids):
                self.names[(model, str(record.pk))] = str(record)

    def name(self, model_field: models.Field, value: Any) -> str | None:
        return self.names.get((model_field.related_model, str(value)))  # type: ignore[arg-type]


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return format_html_join("، ", "{}", ((_plain(item),) for item in value))
    if isinstance(value, dict):
        return format_html_join(
            "، ", "{}: {}", ((key, _plain(item)) for key, item in value.items())
        )
    text = str(value)
    # A code, or a file's name (Persian words before a Latin extension): one LTR run.
    if (_LTR_RUN.match(text) and not text.isdigit()) or _FILE_NAME.search(text):
        return format_html('<bdi dir="ltr">{}</bdi>', to_persian_digits(text))
    return to_persian_digits(text)


def format_value(model_field: models.Field | None, value: Any, names: _Names) -> Any:
    """One snapshot value as a person reads it."""
    if value is None or value == "":
        return "—"
    if model_field is None:
        return group_digits(value) if type(value) is int else _plain(value)
    if model_field.is_relation:
        name = names.name(model_field, value)
        if name is None:
            return _plain(value)
        if name.isascii():  # a login name: one left-to-right run
            return format_html('<bdi dir="ltr">{}</bdi>', to_persian_digits(name))
        return to_persian_digits(name)
    if model_field.choices:
        labels = {str(key): label for key, label in model_field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(model_field, models.BooleanField):
        return _("بله") if value else _("خیر")
    if isinstance(model_field, models.DateTimeField):
        try:
            return format_jalali_datetime(datetime.datetime.fromisoformat(str(value)))
        except ValueError:
            return _plain(value)
    if isinstance(model_field, models.DateField):
        try:
            return format_jalali(datetime.date.fromisoformat(str(value)))
        except ValueError:
            return _plain(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_rials(value) if _is_rials(model_field) else group_digits(value)
    return _plain(value)


def _items(value: Any) -> list:
    return list(value) if isinstance(value, list | tuple) else [value]


def format_payload(described: Payload, value: Any, names: _Names) -> Any:
    """A declared payload (:func:`abadi.core.audit.register_payload`) in words: each child
    row as its fields' labels and values, or each value as its field shows it."""
    if value is None or value == "":
        return "—"
    if described.of is None:
        return format_value(None, value, names)
    if isinstance(described.of, models.Field):
        shown = [format_value(described.of, item, names) for item in _items(value)]
    else:
        by_key = _fields_by_key(described.of)
        shown = []
        for item in _items(value):
            if not isinstance(item, dict):
                shown.append(_plain(item))
                continue
            parts = [
                format_html("{}: {}", by_key[key].verbose_name, format_value(by_key[key], v, names))
                for key, v in item.items()
                if key in by_key and not _internal(by_key[key])
            ]
            shown.append(format_html_join("، ", "{}", ((part,) for part in parts)))
    return format_html_join("؛ ", "{}", ((item,) for item in shown))


def _want_payload(described: Payload | None, value: Any, names: _Names) -> None:
    if described is None or described.of is None or isinstance(described.of, models.Field):
        return
    by_key = _fields_by_key(described.of)
    for item in _items(value):
        for key, nested in item.items() if isinstance(item, dict) else ():
            names.want(by_key.get(key), nested)


def _internal(model_field: models.Field) -> bool:
    # A field with no Persian name (a search key, a duplicate key) is bookkeeping.
    return str(model_field.verbose_name).isascii()


def _label(model_field: models.Field | None, key: str) -> Any:
    if model_field is None:
        return format_html('<code dir="ltr">{}</code>', key)
    return str(model_field.verbose_name)


def _changes(model, action: str, old: dict | None, new: dict | None, names: _Names) -> list[Change]:
    by_key = _fields_by_key(model)
    old = old or {}
    rows = []
    for key in [*(new or {}), *(k for k in old if k not in (new or {}))]:
        model_field = by_key.get(key)
        if key in HIDDEN_KEYS or (model_field is not None and _internal(model_field)):
            continue
        described = payload(model, action, key) if model_field is None else None
        if described is not None:
            rows.append(
                Change(
                    label=str(described.label),
                    old=format_payload(described, old.get(key), names) if key in old else None,
                    new=format_payload(described, (new or {}).get(key), names),
                    had_old=key in old,
                )
            )
            continue
        rows.append(
            Change(
                label=_label(model_field, key),
                old=format_value(model_field, old.get(key), names) if key in old else None,
                new=format_value(model_field, (new or {}).get(key), names),
                had_old=key in old,
            )
        )
    return rows


def _want_all(model, action: str, values: Iterable[dict | None], names: _Names) -> None:
    by_key = _fields_by_key(model)
    for mapping in values:
        for key, value in (mapping or {}).items():
            names.want(by_key.get(key), value)
            if key not in by_key:
                _want_payload(payload(model, action, key), value, names)


def _record_name(text: str) -> Any:
    """A record's name as the event kept it: a file's name reads as one left-to-right run."""
    if _FILE_NAME.search(text or ""):
        return format_html('<bdi dir="ltr">{}</bdi>', to_persian_digits(text))
    return to_persian_digits(text)


def readable(events: Iterable[Any]) -> list[Row]:
    """Rows for a page of events (select_related ``content_type``, ``actor``, ``area``)."""
    events = list(events)
    names = _Names()
    for event in events:
        model = event.content_type.model_class() if event.content_type_id else None
        _want_all(model, event.action, (event.old_values, event.new_values), names)
        for step in event.steps or ():
            _want_all(
                _model(step.get("model")),
                step.get("action", ""),
                (step.get("old"), step.get("new")),
                names,
            )
    names.resolve()
    rows = []
    for event in events:
        model = event.content_type.model_class() if event.content_type_id else None
        row = Row(
            event=event,
            label=action_label(event.action),
            record=_record_name(event.object_repr),
            changes=_changes(model, event.action, event.old_values, event.new_values, names),
        )
        for step in event.steps or ():
            on = step.get("on")
            row.steps.append(
                Step(
                    label=action_label(step.get("action", "")),
                    record=_record_name(step.get("repr", "")),
                    effective_on=datetime.date.fromisoformat(on) if on else None,
                    changes=_changes(
                        _model(step.get("model")),
                        step.get("action", ""),
                        step.get("old"),
                        step.get("new"),
                        names,
                    ),
                )
            )
        rows.append(row)
    return rows
