"""The service kit: what every write service of every app is made of.

A write service is a keyword-only function ``<entity>_<action>(*, actor, …)`` decorated
with :func:`service`: one transaction, one audit event (nested service calls fold into
it), and its checks raise one of two errors — ``PermissionDenied`` when the actor may not
do this here (answered 403 by the pages and the API alike), ``ValidationError`` when the
input is wrong (answered 422 with the Persian message beside the field).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from abadi.core.audit import audit_record, changed, one_event, snapshot
from abadi.core.scoping import area_in_scope


def service[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` atomically as one audited service call."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(), one_event():
            return func(*args, **kwargs)

    return run


def require(actor, perm: str, area) -> None:
    """The actor holds ``perm`` over ``area`` (the record's area), else PermissionDenied."""
    if not area_in_scope(actor=actor, perm=perm, area=area):
        raise PermissionDenied(perm)


def require_any(actor, perms: Iterable[str], area) -> None:
    """The actor holds at least one of ``perms`` over ``area``, else PermissionDenied."""
    perms = tuple(perms)
    if not any(area_in_scope(actor=actor, perm=perm, area=area) for perm in perms):
        raise PermissionDenied(",".join(perms))


def audited_create[M: models.Model](
    instance: M,
    *,
    actor,
    action: str,
    exclude: Iterable[str] = (),
    area=None,
    on: datetime.date | None = None,
    extra: dict[str, Any] | None = None,
    touches: tuple[models.Model, ...] = (),
) -> M:
    """Validate, save and audit a new record (``exclude``: references the caller checked;
    ``touches``: the records whose history it belongs to, such as its parent)."""
    instance.full_clean(exclude=list(exclude))
    instance.save()
    audit_record(
        actor=actor,
        action=action,
        obj=instance,
        area=area,
        new={**snapshot(instance), **(extra or {})},
        on=on,
        touches=touches,
    )
    return instance


def model_update[M: models.Model](
    instance: M,
    *,
    actor,
    action: str,
    fields: dict[str, Any],
    allowed: Iterable[str],
    prepare: Callable[[M], None] | None = None,
    area=None,
    on: datetime.date | None = None,
) -> tuple[M, bool]:
    """Change ``fields`` of a record the caller locked and may edit; save and audit only
    what changed. ``prepare`` runs after the new values are set and before validation
    (normalising, the checks of the record's own rules). Returns the record and whether
    anything changed. A field outside ``allowed`` is a programming error."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"not editable on {type(instance).__name__}: {sorted(unknown)}")
    before = snapshot(instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    if prepare is not None:
        prepare(instance)
    instance.full_clean()
    old, new = changed(before, snapshot(instance))
    if not new:
        return instance, False
    instance.save()
    audit_record(actor=actor, action=action, obj=instance, old=old, new=new, area=area, on=on)
    return instance, True
