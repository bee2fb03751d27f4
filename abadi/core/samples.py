"""Sample records of core for the guard rails (docs/architecture.md, "Guard rails"): per
unit of ``count``, a user of ``county``'s office and an import batch of theirs with a row
error, the file name and the error carrying ``marker``. A batch is its owner's alone."""

from django.contrib.auth import get_user_model

from abadi.core import clock
from abadi.core.imports import import_kinds
from abadi.core.models import ImportBatch
from abadi.core.persian import to_persian_digits


def build(*, county, marker: str, count: int = 1) -> None:
    kind = import_kinds()[0]
    for _number in range(count):
        owner = get_user_model().objects.create(
            username=f"sample-{county.code}-{marker.lower()}-{ImportBatch.objects.count() + 1}",
            first_name=to_persian_digits(f"متصدی {marker}"),
        )
        ImportBatch.objects.create(
            kind=kind.name,
            original_name=f"{marker}.xlsx",
            size=1024,
            actor=owner,
            status=ImportBatch.Status.VALIDATED,
            total_rows=2,
            progress=2,
            valid_rows=1,
            error_rows=1,
            error_count=1,
            errors=[{"row": 2, "column": "نام", "message": f"نام {marker} خوانا نیست."}],
            finished_at=clock.now(),
        )
