"""Sample records of every kind the projects module has, for the guard rails that walk
every page, list, export, file and API operation (the access matrix, schemathesis, the
query-count sweep).

``build(county=…, marker=…, count=…)`` makes, per count, a completed housing project in a
village of ``county`` (its place, funding shares, dated steps, a progress report with a
photo and its thumbnail, a beneficiary household with its ledger row) and a year's plan of
the county — all through the module's services, ``marker`` in the texts people see.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.permissions import VIEW_AREAS
from abadi.core.persian import to_persian_digits
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import areas_of_level
from abadi.people.services import household_create
from abadi.projects import services
from abadi.projects.models import ExecutorKind, FunderKind, ProjectType


def _photo(marker: str) -> SimpleUploadedFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (60, 140, 90)).save(out, format="JPEG")
    return SimpleUploadedFile(f"{marker}.jpg", out.getvalue(), content_type="image/jpeg")


def build(*, county: Any, marker: str, count: int = 1) -> None:
    village = areas_of_level(
        actor=SYSTEM, perm=VIEW_AREAS, level=AreaLevel.VILLAGE, under=county
    ).first()
    if village is None:
        raise ValueError(f"county {county.code} has no village to build in")
    today = clock.today()
    for index in range(count):
        project = services.project_register(
            actor=SYSTEM,
            title=to_persian_digits(f"ساخت مسکن {marker} {index}"),
            project_type=ProjectType.HOUSING_BUILD,
            places=[village],
            area=county,
            budget=3_000_000_000,
            fundings=[
                services.FundingShare(
                    FunderKind.DONOR, 1_000_000_000, donor_name=to_persian_digits(f"خیّر {marker}")
                ),
                services.FundingShare(FunderKind.OFFICE, 2_000_000_000),
            ],
            executor=services.Executor(
                kind=ExecutorKind.GROUP,
                group_atlas_id="1240356",
                group_name=to_persian_digits(f"گروه {marker}"),
            ),
            capacity={"housing_units": 2},
            description=to_persian_digits(f"نمونه {marker}"),
            on=today,
        )
        household = household_create(actor=SYSTEM, head=None, area=village, address=marker)
        services.beneficiary_add(actor=SYSTEM, project=project, household=household)
        services.project_groundbreak(actor=SYSTEM, project=project, on=today, note=marker)
        services.progress_report_add(
            actor=SYSTEM,
            project=project,
            date=today,
            percent=60,
            text=to_persian_digits(f"گزارش {marker}"),
            photos=[_photo(marker)],
        )
        services.project_complete(actor=SYSTEM, project=project, on=today, note=marker)
        services.plan_set(
            actor=SYSTEM,
            area=county,
            year=1400 + index,
            project_type=ProjectType.HOUSING_BUILD,
            count=10,
            units=20,
            note=to_persian_digits(f"برنامه {marker}"),
        )
