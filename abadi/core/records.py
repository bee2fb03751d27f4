"""How core opens any app's record for a viewer, without knowing the app.

An app marks the selector that fetches one of its records for a viewer (``x_get(*, actor,
pk)``, 404 outside the viewer's areas) with :func:`openable`. Whatever core shows about a
record — its history panel, its files — it reaches only through that selector, so it is
never shown to anyone who could not open the record itself, with the same 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Openable:
    model: type[models.Model]
    get: Callable[..., models.Model]
    files: tuple[str, ...]


_OPENABLE: dict[str, Openable] = {}


def openable(model: type[models.Model], *, files: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Register the decorated ``get(*, actor, pk)`` as the way to open ``model``'s records;
    ``files`` names its file fields the protected file view may serve."""

    def register(get: F) -> F:
        _OPENABLE[model._meta.label_lower] = Openable(model=model, get=get, files=files)
        return get

    return register


def openable_for(label: str) -> Openable:
    """The registration for ``app_label.model_name``; 404 for anything not registered."""
    try:
        return _OPENABLE[label.lower()]
    except KeyError as missing:
        raise Http404 from missing


def registered_openables() -> dict[str, Openable]:
    return dict(_OPENABLE)


def open_record(*, actor, label: str, pk: Any) -> models.Model:
    """The record ``label``/``pk`` as its own selector gives it to ``actor``, or 404."""
    entry = openable_for(label)
    try:
        key = entry.model._meta.pk.to_python(pk)
    except ValidationError as invalid:
        raise Http404 from invalid
    return entry.get(actor=actor, pk=key)


def record_label(obj: models.Model) -> str:
    return obj._meta.label_lower
