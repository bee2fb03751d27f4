"""Background work of relief: a whole list handed its packages (``abadi db_worker``)."""

from django.tasks import task


@task()
def run_bulk_distribution(run_id: int) -> str:
    """Run a bulk distribution to its end; the run row carries progress and outcome, and
    a run started again after a crash picks up where its last committed batch ended."""
    from abadi.core.actors import SYSTEM
    from abadi.relief.models import BulkRun
    from abadi.relief.services import bulk_run

    run = BulkRun.objects.get(pk=run_id)
    return bulk_run(actor=run.actor or SYSTEM, run=run).status
