"""Background work of the core: large imports, run by the task worker (``abadi db_worker``)."""

from django.tasks import task


@task()
def process_import_batch(batch_id: int, commit: bool = False) -> str:
    """Validate (or commit) one import batch; the batch row carries progress and outcome."""
    from abadi.core.imports.batches import batch_commit, batch_validate
    from abadi.core.models import ImportBatch

    batch = ImportBatch.objects.get(pk=batch_id)
    if commit:
        batch_commit(batch)
    else:
        batch_validate(batch)
    batch.refresh_from_db(fields=["status"])
    return batch.status
