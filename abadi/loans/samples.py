"""Sample records of the loans module for the guard rails (docs/architecture.md, "Guard
rails").

:func:`build_shared` makes what every county of a province sees: the province's agent
bank (its branches are the bank's, offered to every county that works with it) and
credit line. :func:`build` makes, per unit of ``count``, four plans of ``county``
on that line (registered; approved; disbursed in two tranches, visited with a photo, a
document attached and repaid; rejected), the county's quota on the line and a credit
line of the county's own; every title, name and note of
the county's records carries ``marker``. Everything is written through the module's
services, as the system."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.jalali import jalali_year_of
from abadi.core.persian import to_persian_digits
from abadi.loans import selectors, services
from abadi.loans.models import Sector, VisitStatus
from abadi.organisations.models import OrganisationKind
from abadi.organisations.selectors import agent_banks, branches_of
from abadi.organisations.services import branch_create, organisation_create
from abadi.people.models import Sex
from abadi.people.services import household_create, person_create
from abadi.testing import (
    SAMPLE_PDF,
    SAMPLE_PNG,
    sample_file,
    sample_national_code,
    sample_village,
)

if TYPE_CHECKING:
    from abadi.geography.models import Area
    from abadi.loans.models import Application, CreditLine

SHARED_BANK = "بانک عامل استان (نمونه)"
SHARED_BRANCH = "شعبه مرکزی (نمونه)"
SHARED_LINE = "خط اعتباری استان (نمونه)"
LINE_TOTAL = 10**13


def build_shared(*, province: Area) -> CreditLine:
    """The province's agent bank with a branch, and its credit line (made once; found
    after that)."""
    bank = (agent_banks(actor=SYSTEM).filter(area=province, name=SHARED_BANK)).first()
    if bank is None:
        bank = organisation_create(
            actor=SYSTEM, name=SHARED_BANK, kind=OrganisationKind.AGENT_BANK, area=province
        )
        branch_create(
            actor=SYSTEM, organisation=bank, name=SHARED_BRANCH, area=province, code="0001"
        )
    line = selectors.credit_line_list(actor=SYSTEM).filter(area=province, title=SHARED_LINE).first()
    if line is None:
        line = services.credit_line_create(
            actor=SYSTEM,
            area=province,
            year=jalali_year_of(clock.today()),
            title=SHARED_LINE,
            total=LINE_TOTAL,
            annual_rate_bp=400,
            term_months=36,
            banks=[bank],
        )
    return line


def _day(days_ago: int) -> datetime.date:
    return clock.today() - datetime.timedelta(days=days_ago)


def _register(*, line, bank, branch, village, marker: str, number: int, kind: str):
    applicant = person_create(
        actor=SYSTEM,
        national_code=sample_national_code(),
        first_name="رضا",
        last_name=to_persian_digits(f"متقاضی {marker} {number}"),
        sex=Sex.MALE,
        birth_date=datetime.date(1990, 1, 1),
        area=village,
    )
    household = household_create(actor=SYSTEM, head=applicant, area=village)
    applicant.household = household
    return services.application_register(
        actor=SYSTEM,
        applicant=applicant,
        credit_line=line,
        bank=bank,
        branch=branch,
        place=village,
        title=to_persian_digits(f"طرح نمونه {marker} {kind} {number}"),
        sector=Sector.HANDICRAFTS,
        activity=to_persian_digits(f"فعالیت {marker}"),
        requested_amount=400_000_000,
        planned_jobs=2,
        own_contribution=50_000_000,
        cost_lines=[services.CostItem("fixed", to_persian_digits(f"دستگاه {marker}"), 300_000_000)],
        guarantors=[
            services.GuarantorItem(
                to_persian_digits(f"ضامن {marker}"), sample_national_code(), "برادر"
            )
        ],
        note=to_persian_digits(f"ثبت {marker}"),
        on=_day(400),
    )


def _approve(application: Application, marker: str) -> Application:
    services.application_review(
        actor=SYSTEM,
        application=application,
        note=to_persian_digits(f"بررسی {marker}"),
        on=_day(390),
    )
    services.application_approve(
        actor=SYSTEM,
        application=application,
        amount=300_000_000,
        minutes_no=to_persian_digits(f"صورت‌جلسه {marker}"),
        on=_day(380),
    )
    return application


def _disburse(application: Application, marker: str) -> None:
    services.application_introduce(
        actor=SYSTEM, application=application, letter_no=f"ن-{marker}", letter_date=_day(370)
    )
    services.application_contract(
        actor=SYSTEM, application=application, contract_no=f"ق-{marker}", contract_date=_day(360)
    )
    services.disbursement_add(
        actor=SYSTEM, application=application, amount=200_000_000, date=_day(350)
    )
    services.disbursement_add(
        actor=SYSTEM, application=application, amount=100_000_000, date=_day(300)
    )
    services.visit_add(
        actor=SYSTEM,
        application=application,
        date=_day(200),
        direct_jobs=2,
        status=VisitStatus.ACTIVE,
        notes=f"بازدید نمونه {marker}",
        photos=[sample_file("workshop.png", SAMPLE_PNG)],
    )
    services.repayment_add(
        actor=SYSTEM,
        application=application,
        amount=10_000_000,
        date=_day(100),
        reference=f"واریز {marker}",
    )
    services.document_add(
        actor=SYSTEM,
        application=application,
        title=to_persian_digits(f"مدرک نمونه {marker}"),
        file=sample_file("contract.pdf", SAMPLE_PDF),
    )


def build(*, county: Any, marker: str, count: int = 1) -> None:
    line = build_shared(province=county.parent)
    bank = line.banks.get()
    branch = branches_of(line.banks.all()).get()
    village = sample_village(county)
    services.quota_set(actor=SYSTEM, credit_line=line, amount=LINE_TOTAL // 10, county=county)
    services.credit_line_create(
        actor=SYSTEM,
        area=county,
        year=jalali_year_of(clock.today()),
        title=to_persian_digits(f"خط اعتباری شهرستان {marker}"),
        source=to_persian_digits(f"منبع {marker}"),
        total=LINE_TOTAL // 100,
        annual_rate_bp=200,
        term_months=24,
        banks=[bank],
    )
    for number in range(1, count + 1):
        plan = {"line": line, "bank": bank, "branch": branch, "village": village}
        _register(**plan, marker=marker, number=number, kind="ثبت")
        _approve(_register(**plan, marker=marker, number=number, kind="مصوب"), marker)
        _disburse(
            _approve(_register(**plan, marker=marker, number=number, kind="پرداخت"), marker),
            marker,
        )
        rejected = _register(**plan, marker=marker, number=number, kind="رد")
        services.application_reject(
            actor=SYSTEM,
            application=rejected,
            reason=to_persian_digits(f"رد {marker}"),
            on=_day(395),
        )
