"""Registering a plan, and what may change on it before the committee decides."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.actors import user_of
from abadi.core.audit import audit_record, snapshot
from abadi.core.services import audited_create, model_update, require, service
from abadi.core.validators import (
    count_within,
    normalize_national_code,
    not_future,
    positive_amount,
    validate_national_code,
)
from abadi.geography.selectors import county_of
from abadi.loans.audit import Action
from abadi.loans.models import (
    MAX_JOBS,
    OPEN_STATUSES,
    Application,
    CostKind,
    CostLine,
    CreditLine,
    Document,
    Guarantor,
    Status,
    StatusChange,
)
from abadi.loans.permissions import REGISTER_LOANS
from abadi.loans.services.common import LOCKED_REFERENCES, UNCHANGED_ON_MOVE, lock

if TYPE_CHECKING:
    from abadi.geography.models import Area

EDITABLE_BEFORE_APPROVAL = (
    "title",
    "sector",
    "activity",
    "own_contribution",
    "requested_amount",
    "planned_jobs",
    "branch",
)


@dataclass
class CostItem:
    kind: str
    title: str
    amount: int


@dataclass
class GuarantorItem:
    name: str
    national_code: str
    relation: str = ""


def _responsible_county(place: Area) -> Area:
    county = county_of(place)
    if county is None:
        raise ValidationError({"place": _("محل اجرای طرح باید در یک شهرستان باشد.")})
    return county


def _check_plan(
    *, credit_line: CreditLine, county: Area, bank, branch, requested_amount: int, planned_jobs: Any
) -> None:
    positive_amount(requested_amount, field="requested_amount", label=_("مبلغ درخواستی"))
    if not credit_line.active:
        raise ValidationError({"credit_line": _("این خط اعتباری فعال نیست.")})
    if not county.path.startswith(credit_line.area.path):
        raise ValidationError({"place": _("محل اجرای طرح خارج از حوزه این خط اعتباری است.")})
    if not credit_line.banks.filter(pk=bank.pk).exists():
        raise ValidationError(
            {"bank": _("«%(name)s» از بانک‌های عامل این خط اعتباری نیست.") % {"name": bank.name}}
        )
    if branch is not None and branch.organisation_id != bank.pk:
        raise ValidationError({"branch": _("این شعبه از بانک انتخاب‌شده نیست.")})
    if requested_amount > credit_line.total:
        raise ValidationError({"requested_amount": _("مبلغ درخواستی از کل خط اعتباری بیشتر است.")})
    count_within(
        planned_jobs,
        field="planned_jobs",
        label=_("اشتغال پیش‌بینی‌شده"),
        minimum=1,
        maximum=MAX_JOBS,
    )


@service
def application_register(
    *,
    actor,
    applicant,
    credit_line: CreditLine,
    bank,
    place: Area,
    title: str,
    sector: str,
    activity: str,
    requested_amount: int,
    planned_jobs: int,
    own_contribution: int = 0,
    branch=None,
    cost_lines: Iterable[CostItem] = (),
    guarantors: Iterable[GuarantorItem] = (),
    source_id: str | None = None,
    note: str = "",
    on: datetime.date | None = None,
) -> Application:
    """Register a plan for ``applicant`` (a person of the actor's areas) in ``place``; it
    belongs to the county the place lies in. ``on`` is the day it was registered."""
    require(actor, REGISTER_LOANS, applicant.area)
    county = _responsible_county(place)
    require(actor, REGISTER_LOANS, county)
    on = not_future(on or clock.today(), field="on", label=_("تاریخ ثبت"))
    _check_plan(
        credit_line=credit_line,
        county=county,
        bank=bank,
        branch=branch,
        requested_amount=requested_amount,
        planned_jobs=planned_jobs,
    )
    application = Application(
        applicant=applicant,
        household=applicant.household,
        area=county,
        place=place,
        title=title.strip(),
        sector=sector,
        activity=activity.strip(),
        own_contribution=own_contribution,
        requested_amount=requested_amount,
        planned_jobs=planned_jobs,
        credit_line=credit_line,
        bank=bank,
        branch=branch,
        status=Status.REGISTERED,
        registered_by=user_of(actor),
        registered_on=on,
        source_id=source_id or None,
    )
    # The references are the instances handed in (and checked above), not ids to look up.
    application.full_clean(exclude=["number", *UNCHANGED_ON_MOVE[:8]])
    application.save()
    application.number = f"{credit_line.year}-{application.pk:06d}"
    application.save(update_fields=["number"])
    for item in cost_lines:
        _cost_line(application, item)
    for guarantor in guarantors:
        _guarantor(application, guarantor)
    StatusChange.objects.create(
        application=application,
        from_status="",
        to_status=Status.REGISTERED,
        action="register",
        actor=user_of(actor),
        note=note,
        on=on,
    )
    audit_record(
        actor=actor, action=Action.REGISTER, obj=application, new=snapshot(application), on=on
    )
    return application


def _cost_line(application: Application, item: CostItem) -> CostLine:
    positive_amount(item.amount, field="cost_lines", label=_("مبلغ ردیف هزینه"))
    if item.kind not in CostKind.values:
        raise ValidationError({"cost_lines": _("نوع ردیف هزینه نامعتبر است.")})
    line = CostLine(
        application=application, kind=item.kind, title=item.title.strip(), amount=item.amount
    )
    line.full_clean(exclude=LOCKED_REFERENCES)
    line.save()
    return line


def _guarantor(application: Application, item: GuarantorItem) -> Guarantor:
    try:
        code = normalize_national_code(item.national_code)
        validate_national_code(code)
    except ValidationError as error:
        raise ValidationError({"national_code": error.messages}) from error
    guarantor = Guarantor(
        application=application,
        name=item.name.strip(),
        national_code=code,
        relation=item.relation.strip(),
    )
    guarantor.full_clean(exclude=LOCKED_REFERENCES)
    guarantor.save()
    return guarantor


def _editable(application: Application, *statuses: str) -> None:
    if application.status not in statuses:
        raise ValidationError(
            _("طرحی با وضعیت «%(status)s» را نمی‌توان ویرایش کرد.")
            % {"status": application.get_status_display()}
        )


@service
def application_update(*, actor, application: Application, **fields: Any) -> Application:
    """Correct the plan while it is still before committee approval."""
    application = lock(application)
    require(actor, REGISTER_LOANS, application.area)
    _editable(application, Status.REGISTERED, Status.REVIEWED)

    def prepare(plan: Application) -> None:
        _check_plan(
            credit_line=plan.credit_line,
            county=plan.area,
            bank=plan.bank,
            branch=plan.branch,
            requested_amount=plan.requested_amount,
            planned_jobs=plan.planned_jobs,
        )

    application, _changed = model_update(
        application,
        actor=actor,
        action=Action.UPDATE,
        fields=fields,
        allowed=EDITABLE_BEFORE_APPROVAL,
        prepare=prepare,
    )
    return application


@service
def cost_line_add(
    *, actor, application: Application, kind: str, title: str, amount: int
) -> CostLine:
    application = lock(application)
    require(actor, REGISTER_LOANS, application.area)
    _editable(application, Status.REGISTERED, Status.REVIEWED)
    line = _cost_line(application, CostItem(kind, title, amount))
    audit_record(actor=actor, action=Action.COST_LINE, obj=application, new=snapshot(line))
    return line


@service
def guarantor_add(
    *, actor, application: Application, name: str, national_code: str, relation: str = ""
) -> Guarantor:
    application = lock(application)
    require(actor, REGISTER_LOANS, application.area)
    _editable(application, *OPEN_STATUSES)
    guarantor = _guarantor(application, GuarantorItem(name, national_code, relation))
    audit_record(actor=actor, action=Action.GUARANTOR, obj=application, new=snapshot(guarantor))
    return guarantor


@service
def document_add(*, actor, application: Application, title: str, file) -> Document:
    """Attach a document (PDF, JPG or PNG up to 5 MB; checked by the model's validators)."""
    application = lock(application)
    require(actor, REGISTER_LOANS, application.area)
    document = Document(
        application=application, title=(title or "").strip(), file=file, uploaded_by=user_of(actor)
    )
    return audited_create(
        document,
        actor=actor,
        action=Action.DOCUMENT,
        area=application.area,
        touches=(application,),
    )
