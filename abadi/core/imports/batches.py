"""Import batches: an uploaded file validated, shown, then committed — inline or by the worker.

Small files (up to ``ABADI_IMPORT_INLINE_ROWS`` rows, 2,000 by default) are validated and
committed within the request: a person waits less than a second and sees the answer
at once. Larger ones go to the task worker (``abadi db_worker``) and the page polls the
batch's progress.

Audit: one event per committed batch (action ``import.commit``), not one per row. A row
event per person would double the writes of a 100,000-row file and bury everything
else in the audit log; the batch event names the batch, whose stored file holds every
written value, and carries the old values of the rows the import changed.
"""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.audit import audit_record
from abadi.core.imports.base import ImportKind, ImportOutcome, get_import_kind
from abadi.core.imports.engine import ImportReport, map_header, run_import
from abadi.core.imports.readers import ImportFileError, check_size, open_sheet
from abadi.core.models import ImportBatch
from abadi.core.permissions import Role, has_perm
from abadi.core.persian import to_persian_digits

logger = logging.getLogger(__name__)

DEFAULT_INLINE_ROWS = 2_000
# Without a row count (an xlsx without its dimension) a file this large goes to the worker.
INLINE_BYTES = 256 * 1024
CHANGES_AUDITED = 1_000

Status = ImportBatch.Status


def inline_rows() -> int:
    return int(getattr(settings, "ABADI_IMPORT_INLINE_ROWS", DEFAULT_INLINE_ROWS))


def _stored_name(original: str) -> str:
    suffix = PurePath(original).suffix.lower()
    return f"{uuid.uuid4().hex}{suffix if suffix in ('.xlsx', '.csv', '.txt') else ''}"


def batch_create(*, actor, kind: ImportKind, file: File, name: str, size: int) -> ImportBatch:
    """Store the uploaded file; an empty or oversized file is refused before it is stored."""
    if not has_perm(actor, kind.perm):
        raise PermissionDenied(kind.perm)
    check_size(size)
    batch = ImportBatch(
        kind=kind.name,
        original_name=PurePath(name).name[:255],
        size=size,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    batch.file.save(_stored_name(name), file, save=False)
    batch.save()
    return batch


def batches_for(*, actor) -> QuerySet[ImportBatch]:
    """The batches a user may follow: their own; a system administrator sees every one."""
    batches = ImportBatch.objects.all()
    if not any(a.role == Role.SYSTEM_ADMIN for a in actor.cached_role_assignments()):
        batches = batches.filter(actor=actor)
    return batches


def batch_get(*, actor, pk: int) -> ImportBatch:
    try:
        return batches_for(actor=actor).get(pk=pk)
    except ImportBatch.DoesNotExist as missing:
        raise Http404 from missing


def _fail(batch: ImportBatch, message: str, details: list[str] | None = None) -> None:
    batch.status = Status.FAILED
    batch.message = message
    batch.warnings = details or []
    batch.finished_at = clock.now()
    batch.save(update_fields=["status", "message", "warnings", "finished_at"])


def _actor_of(batch: ImportBatch):
    return batch.actor if batch.actor_id is not None else SYSTEM


def _inspect(batch: ImportBatch) -> int | None:
    """Read the header now (a wrong one is refused at once) and estimate the rows."""
    kind = get_import_kind(batch.kind)
    with batch.file.open("rb") as handle:
        sheet = open_sheet(handle, size=batch.size)
        try:
            _row, header = sheet.header()
            map_header(kind, header)
            return sheet.estimated_rows
        finally:
            sheet.close()


def _runs_in_background(batch: ImportBatch, estimated_rows: int | None) -> bool:
    if estimated_rows is None:
        return batch.size > INLINE_BYTES
    return estimated_rows > inline_rows()


def _enqueue(batch: ImportBatch, *, commit: bool) -> None:
    from django.db import transaction

    from abadi.core.tasks import process_import_batch

    transaction.on_commit(lambda: process_import_batch.enqueue(batch_id=batch.pk, commit=commit))


def batch_start(batch: ImportBatch) -> None:
    """Begin validating a stored batch: now for a small file, in the worker for a large one."""
    try:
        estimated = _inspect(batch)
    except ImportFileError as error:
        _fail(batch, error.message, error.details)
        return
    batch.background = _runs_in_background(batch, estimated)
    batch.status = Status.VALIDATING
    batch.total_rows = estimated or 0
    batch.save(update_fields=["background", "status", "total_rows"])
    if batch.background:
        _enqueue(batch, commit=False)
    else:
        batch_validate(batch)


def _progress(batch: ImportBatch):
    def report(done: int, total: int | None) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(
            progress=done, total_rows=max(done, total or 0)
        )

    return report


def _store_report(batch: ImportBatch, report: ImportReport) -> None:
    batch.total_rows = report.total_rows
    batch.progress = report.total_rows
    batch.valid_rows = report.valid_rows
    batch.error_rows = report.error_rows
    batch.error_count = report.error_count
    batch.errors = [error.as_dict() for error in report.errors[: ImportBatch.ERRORS_STORED]]
    batch.warnings = report.warnings[:50]


def _run(batch: ImportBatch, **options: Any) -> ImportReport | None:
    kind = get_import_kind(batch.kind)
    try:
        with batch.file.open("rb") as handle:
            return run_import(
                kind=kind,
                file=handle,
                size=batch.size,
                actor=_actor_of(batch),
                progress=_progress(batch),
                **options,
            )
    except ImportFileError as error:
        _fail(batch, error.message, error.details)
    except Exception:
        logger.exception("import batch %s failed", batch.pk)
        _fail(batch, _("بارگذاری به خطای پیش‌بینی‌نشده خورد و هیچ ردیفی ثبت نشد."))
    return None


def batch_validate(batch: ImportBatch) -> ImportBatch:
    """Parse and validate every row; store the counts and the errors for the preview."""
    batch.status = Status.VALIDATING
    batch.started_at = clock.now()
    batch.save(update_fields=["status", "started_at"])
    report = _run(batch, commit=False)
    if report is not None:
        _store_report(batch, report)
        batch.status = Status.VALIDATED
        batch.finished_at = clock.now()
        batch.save()
    return batch


def batch_request_commit(batch: ImportBatch) -> bool:
    """Move a validated batch to committing (once: a second click finds it moved)."""
    moved = ImportBatch.objects.filter(
        pk=batch.pk, status=Status.VALIDATED, valid_rows__gt=0
    ).update(status=Status.COMMITTING, progress=0, started_at=clock.now())
    if not moved:
        return False
    batch.refresh_from_db()
    if batch.background:
        _enqueue(batch, commit=True)
    else:
        batch_commit(batch)
    return True


def batch_commit(batch: ImportBatch, *, commit_valid: bool = True) -> ImportReport | None:
    """Validate again (the registry may have changed since the preview) and write the valid
    rows in one transaction with the audit event; rows with errors are left out."""
    kind = get_import_kind(batch.kind)
    actor = _actor_of(batch)

    def after_commit(outcome: ImportOutcome) -> None:
        changes = dict(list(outcome.changes.items())[:CHANGES_AUDITED])
        audit_record(
            actor=actor,
            action="import.commit",
            obj=batch,
            old={"changes": changes, "changes_total": len(outcome.changes)} if changes else None,
            new={
                "kind": kind.name,
                "batch": batch.pk,
                "file": batch.original_name,
                "created": outcome.created,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
            },
        )

    report = _run(batch, commit=True, commit_valid=commit_valid, after_commit=after_commit)
    if report is None:
        return None
    _store_report(batch, report)
    batch.finished_at = clock.now()
    if report.committed and report.outcome is not None:
        batch.status = Status.COMMITTED
        batch.committed_at = batch.finished_at
        batch.rows_created = report.outcome.created
        batch.rows_updated = report.outcome.updated
        batch.rows_unchanged = report.outcome.unchanged
    else:
        batch.status = Status.FAILED
        if report.valid_rows:
            batch.message = _(
                "%(errors)s ردیف خطا دارد؛ هیچ ردیفی ثبت نشد. خطاها را درست کنید یا ثبت "
                "ردیف‌های درست را بخواهید."
            ) % {"errors": to_persian_digits(report.error_rows)}
        else:
            batch.message = _("هیچ ردیف درستی برای ثبت نماند؛ هیچ ردیفی ثبت نشد.")
    batch.save()
    return report


def import_path(
    *,
    kind: ImportKind,
    path: str | os.PathLike,
    actor=None,
    dry_run: bool = False,
    commit_valid: bool = False,
) -> ImportReport:
    """What ``abadi import KIND FILE`` does: the upload's checks and commit, from a path.

    Without ``actor`` the import runs as the system (every area). A dry run reads and
    validates only and writes nothing at all, not even a batch; otherwise the file is
    stored as a batch, committed, and audited like an upload.
    """
    actor = actor if actor is not None else SYSTEM
    if not has_perm(actor, kind.perm):
        raise PermissionDenied(kind.perm)
    size = os.path.getsize(path)
    check_size(size)
    if dry_run:
        with open(path, "rb") as handle:
            return run_import(kind=kind, file=handle, size=size, actor=actor)
    batch = ImportBatch(
        kind=kind.name,
        original_name=PurePath(path).name[:255],
        size=size,
        actor=actor if actor.pk else None,
        status=Status.COMMITTING,
        started_at=clock.now(),
    )
    with open(path, "rb") as handle:
        batch.file.save(_stored_name(str(path)), File(handle), save=False)
    batch.save()
    report = batch_commit(batch, commit_valid=commit_valid)
    if report is None:
        raise ImportFileError(batch.message, batch.warnings)
    return report
