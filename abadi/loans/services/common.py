"""What every step of the loans workflow shares: the lock, and the move with its timeline
row and audit record."""

from __future__ import annotations

import datetime
from typing import Any

from abadi.core import clock
from abadi.core.actors import user_of
from abadi.core.audit import audit_record, changed, snapshot
from abadi.loans.models import Application, StatusChange
from abadi.loans.workflow import WORKFLOW

# Rows written under the lock of their application: the references were just read.
LOCKED_REFERENCES = ["application", "created_by", "inspector"]

# The plan's own references: checked at registration, they do not change on a step.
UNCHANGED_ON_MOVE = [
    "applicant",
    "household",
    "area",
    "place",
    "credit_line",
    "bank",
    "branch",
    "registered_by",
    "number",
    "source_id",
]


def lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("area", "credit_line", "applicant", "bank")
        .get(pk=application.pk)
    )


def start(
    *, actor, application: Application, action: str, on: datetime.date | None
) -> tuple[Application, datetime.date]:
    """Lock the application and check the step against the workflow table and its date
    (``on``: the day it took effect, today if not given)."""
    application = lock(application)
    WORKFLOW.check(actor=actor, record=application, action=action)
    day = WORKFLOW.check_date(record=application, action=action, on=on or clock.today())
    return application, day


def move(
    application: Application,
    *,
    action: str,
    actor,
    on: datetime.date,
    note: str = "",
    **values: Any,
) -> Application:
    """Take ``action``: set the step's status and fields, write its timeline row (with the
    effective date ``on``) and its audit record."""
    step = WORKFLOW.step(action)
    before = snapshot(application)
    from_status = application.status
    if step.target:
        application.status = step.target
    for name, value in values.items():
        setattr(application, name, value)
    # The database's check constraints guard the amounts.
    application.full_clean(exclude=UNCHANGED_ON_MOVE, validate_constraints=False)
    application.save()
    StatusChange.objects.create(
        application=application,
        from_status=from_status,
        to_status=application.status,
        action=action,
        actor=user_of(actor),
        note=note,
        on=on,
    )
    old, new = changed(before, snapshot(application))
    audit_record(actor=actor, action=f"loan.{action}", obj=application, old=old, new=new, on=on)
    return application
