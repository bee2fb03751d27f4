"""The workflow kit: a state machine written once, as a table, that every edge reads.

A :class:`Workflow` lists its :class:`Step`\\ s: the statuses a step starts from, the status
it leads to, the permission it takes, who may not take it (maker-checker: whoever took an
earlier step), when else it is offered, its label, and — by dotted path, so the table
imports neither — its form, its API schema and its service. Services call
:meth:`Workflow.check` before they act; the record page offers :meth:`Workflow.available`;
the page's action view and the API call the step's service with what its form or schema
parsed; the timeline labels each change by its step. A rule changes in one place.

Every step has an effective date (the day it happened, which is often days before it is
entered): :meth:`Workflow.check_date` refuses a date in the future or before the step
before it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from abadi.core.scoping import area_in_scope
from abadi.core.validators import not_before, not_future


@dataclass(frozen=True)
class Done:
    """One step taken: which, by whom (user id or None), on which day."""

    action: str
    actor_id: int | None
    on: datetime.date


@dataclass(frozen=True)
class Step:
    action: str
    label: Any
    sources: tuple[str, ...]
    target: str | None
    permissions: tuple[str, ...]
    # Where the permission depends on the status the step starts from (rejecting a plan
    # the committee has approved takes the committee's permission).
    permissions_from: dict[str, tuple[str, ...]] = field(default_factory=dict)
    form: str = ""
    schema: str = ""
    service: str = ""
    # Earlier steps whose actor may not take this one (maker-checker).
    not_by: tuple[str, ...] = ()
    # Further condition for offering the step (e.g. money left to pay out).
    when: Callable[[Any], bool] | None = None
    # The input that carries the step's effective date ("on" unless the step's own
    # document names one, such as a letter's date).
    dated_by: str = "on"
    # The earlier steps its date may not precede; none: the last step taken. A repayment
    # or a visit follows the money paid out, not whatever was recorded last.
    after: tuple[str, ...] = ()
    # Whether taking the step ends in a status change (a tranche may leave it as it is).
    moves: bool = True

    @cached_property
    def form_class(self) -> Any:
        return import_string(self.form) if self.form else None

    @cached_property
    def schema_class(self) -> Any:
        return import_string(self.schema) if self.schema else None

    @cached_property
    def service_function(self) -> Callable[..., Any]:
        return import_string(self.service)


@dataclass
class Workflow:
    """``record_name`` is the keyword the steps' services take the record by;
    ``history(record)`` lists the steps taken, oldest first; ``area(record)`` is the area
    permissions are checked in."""

    name: str
    steps: list[Step]
    record_name: str
    history: Callable[[Any], Iterable[Done]]
    area: Callable[[Any], Any] = field(default=lambda record: record.area)
    status_labels: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_action = {step.action: step for step in self.steps}
        if len(self._by_action) != len(self.steps):
            raise ValueError(f"{self.name}: two steps share an action")

    def step(self, action: str) -> Step:
        """The step named ``action``; KeyError if the table has none."""
        return self._by_action[action]

    def permissions_for(self, step: Step, record) -> tuple[str, ...]:
        return step.permissions_from.get(getattr(record, "status", ""), step.permissions)

    def _may(self, actor, step: Step, record) -> bool:
        area = self.area(record)
        return any(
            area_in_scope(actor=actor, perm=perm, area=area)
            for perm in self.permissions_for(step, record)
        )

    def _barred(self, actor, step: Step, record) -> list[str]:
        """The earlier steps of ``step.not_by`` this actor took on this record."""
        actor_id = getattr(actor, "pk", None)
        if actor_id is None or not step.not_by:
            return []
        return [
            done.action
            for done in self.history(record)
            if done.action in step.not_by and done.actor_id == actor_id
        ]

    def available(self, *, actor, record) -> list[Step]:
        """The steps ``actor`` may take on ``record`` now, in table order."""
        status = getattr(record, "status", "")
        return [
            step
            for step in self.steps
            if status in step.sources
            and self._may(actor, step, record)
            and not self._barred(actor, step, record)
            and (step.when is None or step.when(record))
        ]

    def withheld(self, *, actor, record) -> list[str]:
        """Why steps of this status are not offered to ``actor`` though their role allows
        them: another person must take them (maker-checker), in Persian, one line each."""
        status = getattr(record, "status", "")
        reasons = []
        for step in self.steps:
            if status not in step.sources or not self._may(actor, step, record):
                continue
            barred = self._barred(actor, step, record)
            if barred:
                reasons.append(
                    _("«%(step)s» با کس دیگری است: شما «%(earlier)s» را انجام داده‌اید.")
                    % {"step": step.label, "earlier": self.step(barred[0]).label}
                )
        return reasons

    def require(self, *, actor, record, action: str) -> Step:
        """PermissionDenied unless ``actor`` holds the step's permission in the record's
        area (what a page checks before it even reads the step's form)."""
        step = self.step(action)
        if not self._may(actor, step, record):
            raise PermissionDenied(",".join(self.permissions_for(step, record)))
        return step

    def check(self, *, actor, record, action: str) -> Step:
        """Refuse the step unless ``actor`` may take it on ``record`` now: PermissionDenied
        without the permission in the record's area; ValidationError from another status,
        when its condition fails, or for the actor of an earlier step it must not repeat."""
        step = self.require(actor=actor, record=record, action=action)
        status = getattr(record, "status", "")
        if status not in step.sources:
            raise ValidationError(
                _("«%(step)s» از وضعیت «%(status)s» ممکن نیست.")
                % {"step": step.label, "status": self.status_labels.get(status, status)}
            )
        barred = self._barred(actor, step, record)
        if barred:
            raise ValidationError(
                _("«%(step)s» را کسی که «%(earlier)s» را انجام داده نمی‌تواند انجام دهد.")
                % {"step": step.label, "earlier": self.step(barred[0]).label}
            )
        if step.when is not None and not step.when(record):
            raise ValidationError(
                _("«%(step)s» برای این پرونده اکنون ممکن نیست.") % {"step": step.label}
            )
        return step

    def _earliest_allowed(self, record, step: Step) -> tuple[datetime.date | None, str]:
        done = [d for d in self.history(record) if d.on is not None]
        if step.after:
            done = [d for d in done if d.action in step.after]
        if not done:
            return None, ""
        latest = max(done, key=lambda d: d.on)
        return latest.on, self.label_of(latest.action)

    def check_date(self, *, record, action: str, on: datetime.date) -> datetime.date:
        """The effective date of a step: not in the future, not before the step it follows
        (the last step taken, or the steps of ``Step.after``)."""
        step = self.step(action)
        label = _("تاریخ «%(step)s»") % {"step": step.label}
        not_future(on, field=step.dated_by, label=label)
        earliest, earlier = self._earliest_allowed(record, step)
        return not_before(on, earliest, field=step.dated_by, label=label, other=f"«{earlier}»")

    def label_of(self, action: str) -> str:
        step = self._by_action.get(action)
        return str(step.label) if step else action
