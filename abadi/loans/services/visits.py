"""Job-verification visits: what the office reports as jobs created is what was seen."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from abadi.core.actors import user_of
from abadi.core.audit import audit_record
from abadi.core.jalali import format_jalali
from abadi.core.services import audited_create, require, service
from abadi.core.validators import count_within
from abadi.loans.audit import Action
from abadi.loans.models import (
    MAX_JOBS,
    Application,
    MonitoringVisit,
    Status,
    VisitPhoto,
    VisitStatus,
)
from abadi.loans.permissions import VISIT_LOANS
from abadi.loans.services.common import LOCKED_REFERENCES, lock, move, start


@service
def visit_add(
    *,
    actor,
    application: Application,
    date: datetime.date,
    direct_jobs: int,
    status: str,
    notes: str = "",
    photos: Iterable[Any] = (),
) -> MonitoringVisit:
    """A monitoring visit. Its jobs count as verified while the business is active; an
    active visit to a freshly disbursed loan marks it as in operation."""
    application, date = start(actor=actor, application=application, action="visit", on=date)
    count_within(direct_jobs, field="direct_jobs", label=_("اشتغال مشاهده‌شده"), maximum=MAX_JOBS)
    if status not in VisitStatus.values:
        raise ValidationError({"status": _("وضعیت بازدید نامعتبر است.")})
    visit = audited_create(
        MonitoringVisit(
            application=application,
            date=date,
            inspector=user_of(actor),
            direct_jobs=direct_jobs,
            status=status,
            notes=(notes or "").strip(),
        ),
        actor=actor,
        action=Action.VISIT,
        exclude=LOCKED_REFERENCES,
        area=application.area,
        on=date,
        touches=(application,),
    )
    for upload in photos:
        _photo(visit, upload)
    if application.status == Status.DISBURSED and status == VisitStatus.ACTIVE:
        move(
            application,
            action="operate",
            actor=actor,
            on=date,
            note=_("بازدید %(date)s: کسب‌وکار فعال") % {"date": format_jalali(date)},
        )
    return visit


def _photo(visit: MonitoringVisit, upload: Any) -> VisitPhoto:
    photo = VisitPhoto(visit=visit, file=upload)
    try:
        photo.full_clean(exclude=["visit"])
    except ValidationError as error:
        raise ValidationError({"photos": error.messages}) from error
    photo.save()
    return photo


@service
def visit_photo_add(*, actor, visit: MonitoringVisit, file: Any) -> VisitPhoto:
    """A photo taken on a visit, added afterwards (a phone's upload, the API)."""
    application = lock(visit.application)
    require(actor, VISIT_LOANS, application.area)
    photo = _photo(visit, file)
    audit_record(
        actor=actor,
        action=Action.VISIT,
        obj=visit,
        area=application.area,
        new={"photo": photo.original_name},
        touches=(application,),
    )
    return photo
