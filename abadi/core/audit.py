"""The audit log's write side: services call :func:`audit_record` once per write."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from abadi.core.context import current_ip
from abadi.core.models import AuditEvent


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
    for field in obj._meta.concrete_fields:
        if wanted is not None and field.name not in wanted:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        values[field.attname if field.is_relation else field.name] = _plain(
            getattr(obj, field.attname)
        )
    return values


def changed(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict, dict]:
    """Only the keys whose values differ, for a compact record of an edit."""
    keys = [key for key in new if old.get(key) != new.get(key)]
    return {key: old.get(key) for key in keys}, {key: new[key] for key in keys}


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    area=None,
) -> AuditEvent:
    if area is None and obj is not None:
        area = getattr(obj, "area", None)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "system",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:250] if obj is not None else "",
        area=area if getattr(area, "pk", None) else None,
        old_values=old,
        new_values=new,
        ip=current_ip.get(),
    )
