"""The audit log's write side.

One service call writes ONE event. Services run inside :func:`abadi.core.services.service`,
which opens a collector: the first :func:`audit_record` of the call becomes the event (its
actor, action, record and values); records written by the services it calls in turn (a
disbursement records a benefit and moves its loan's status) become the event's ``steps``.
Outside a service call (loaders, the shell) each record is an event of its own.

Every action is declared once, with its Persian label, by the app that performs it
(``<app>/audit.py``: a ``TextChoices`` passed to :func:`register_actions`), so the history
panel and the audit log speak Persian and a misspelt action fails at once.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import uuid
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.context import current_ip
from abadi.core.models import AuditEvent, AuditObject

_LABELS: dict[str, Any] = {}


def register_actions(actions: type[models.TextChoices]) -> type[models.TextChoices]:
    """Declare an app's audit actions (values such as ``loan.approve``) with their labels."""
    for value, label in actions.choices:
        if value in _LABELS and _LABELS[value] != label:
            raise ValueError(f"audit action {value!r} is declared twice")
        _LABELS[value] = label
    return actions


def action_label(action: str) -> str:
    """The Persian label of an action (the action itself if no app declared it)."""
    return str(_LABELS.get(action, action))


def registered_actions() -> dict[str, Any]:
    return dict(_LABELS)


@dataclass(frozen=True)
class Payload:
    """How to read a key of an event's values that is not a field of the record: a list
    of child rows (``of`` a model: each item's keys are that model's fields), a list of
    values of one field (``of`` a field, such as a group's domains) or, ``of`` None, a
    plain value (a bulk load's count) that only needs its label."""

    label: Any
    of: type[models.Model] | models.Field | None


_PAYLOADS: dict[tuple[str, str], Payload] = {}


def _owner(owner: type[models.Model] | str) -> str:
    # str(): an action given as its TextChoices member keys the same as its plain value.
    return str(owner) if isinstance(owner, str) else owner._meta.label_lower


def register_payload(
    owner: type[models.Model] | str, key: str, *, label: Any, of: Any = None
) -> None:
    """Declare what ``key`` in the audit values of a model's events (or of an action's,
    for events about no one record) holds, so the history page shows it in words (see
    :mod:`abadi.core.history`)."""
    _PAYLOADS[(_owner(owner), key)] = Payload(label=label, of=of)


def payload(model: type[models.Model] | None, action: str, key: str) -> Payload | None:
    found = _PAYLOADS.get((_owner(model), key)) if model is not None else None
    return found or _PAYLOADS.get((action, key))


class CoreAction(models.TextChoices):
    IMPORT_COMMIT = "import.commit", _("ثبت بارگذاری گروهی")


register_actions(CoreAction)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` as JSON-safe data (foreign keys as ids).

    Automatic timestamps are left out: the event has its own time, and they would make
    every edit look like a change.
    """
    wanted = set(fields) if fields is not None else None
    values: dict[str, Any] = {}
    for model_field in obj._meta.concrete_fields:
        if wanted is not None and model_field.name not in wanted:
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            continue
        key = model_field.attname if model_field.is_relation else model_field.name
        values[key] = _plain(getattr(obj, model_field.attname))
    return values


def changed(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict, dict]:
    """Only the keys whose values differ, for a compact record of an edit."""
    keys = [key for key in new if old.get(key) != new.get(key)]
    return {key: old.get(key) for key in keys}, {key: new[key] for key in keys}


@dataclass
class _Record:
    actor: Any
    action: str
    obj: models.Model | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    area: Any
    on: datetime.date | None
    touches: tuple[models.Model, ...] = ()

    def area_or_objects(self) -> Any:
        if self.area is None and self.obj is not None:
            return getattr(self.obj, "area", None)
        return self.area


@dataclass
class _Collector:
    records: list[_Record] = field(default_factory=list)


_collector: ContextVar[_Collector | None] = ContextVar("audit_collector", default=None)


@contextlib.contextmanager
def one_event() -> Iterator[None]:
    """Fold every record written inside into one event (nested uses join the outer one)."""
    if _collector.get() is not None:
        yield
        return
    collector = _Collector()
    token = _collector.set(collector)
    try:
        yield
    finally:
        _collector.reset(token)
    if collector.records:
        _write(collector.records[0], steps=collector.records[1:])


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    area=None,
    on: datetime.date | None = None,
    touches: tuple[models.Model, ...] = (),
) -> AuditEvent | None:
    """Record a write: ``on`` is the day it took effect (a step entered days after it
    happened); the event always keeps the real time of entry too. ``touches`` are further
    records whose history the write belongs to (the loan of a tranche). Returns the event,
    or None inside a service call, whose one event is written when the call ends."""
    if action not in _LABELS:
        raise ValueError(f"audit action {action!r} was never declared with register_actions")
    record = _Record(
        actor=actor, action=action, obj=obj, old=old, new=new, area=area, on=on, touches=touches
    )
    collector = _collector.get()
    if collector is not None:
        collector.records.append(record)  # written as one event when the service call ends
        return None
    return _write(record, steps=[])


def _step(record: _Record) -> dict[str, Any]:
    step: dict[str, Any] = {"action": record.action}
    if record.obj is not None:
        step["model"] = record.obj._meta.label_lower
        step["id"] = str(record.obj.pk)
        step["repr"] = str(record.obj)[:250]
    if record.old:
        step["old"] = record.old
    if record.new:
        step["new"] = record.new
    if record.on is not None:
        step["on"] = str(record.on)
    return step


def _write(record: _Record, *, steps: list[_Record]) -> AuditEvent:
    obj, area, actor = record.obj, record.area_or_objects(), record.actor
    event = AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "system",
        action=record.action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:250] if obj is not None else "",
        area=area if getattr(area, "pk", None) else None,
        old_values=record.old,
        new_values=record.new,
        effective_on=record.on,
        steps=[_step(step) for step in steps] or None,
        ip=current_ip.get(),
    )
    touched = {
        (ContentType.objects.get_for_model(item).pk, str(item.pk))
        for each in (record, *steps)
        for item in (each.obj, *each.touches)
        if item is not None
    }
    AuditObject.objects.bulk_create(
        AuditObject(event=event, content_type_id=type_id, object_id=object_id)
        for type_id, object_id in sorted(touched)
    )
    return event
