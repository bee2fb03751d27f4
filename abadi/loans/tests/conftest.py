"""Fixtures of the loans tests: agent banks, a credit line with quotas, applicants in the
small area tree, the users of each workflow step, and a helper that walks a plan along."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

import pytest

from abadi.core.permissions import Role
from abadi.loans import services
from abadi.loans.models import Application, CreditLine, Status
from abadi.organisations.models import Organisation, OrganisationKind
from abadi.people.models import Household, Person
from abadi.testing import user_with_role

_names = itertools.count(1)


def make_bank(area, name: str) -> Organisation:
    from abadi.core.persian import search_key

    return Organisation.objects.create(
        name=name, kind=OrganisationKind.AGENT_BANK, area=area, search_key=search_key(name)
    )


def make_person(
    area, *, first_name: str = "علی", last_name: str | None = None, birth_date=None
) -> Person:
    from abadi.core.validators import national_code_check_digit

    number = next(_names)
    first_nine = f"{123_000_000 + number:09d}"
    household = Household.objects.create(area=area)
    person = Person(
        national_code=first_nine + str(national_code_check_digit(first_nine)),
        first_name=first_name,
        last_name=last_name or f"رضایی {number}",
        sex="male",
        area=area,
        household=household,
        birth_date=birth_date or datetime.date(1985, 3, 1),
    )
    person.save()
    household.head = person
    household.save()
    return person


@dataclass
class Staff:
    clerk: object  # data clerk of 2403
    county: object  # county officer of 2403
    manager: object  # province manager of 24
    officer: object  # loans programme officer of 24
    admin: object


@pytest.fixture
def staff(areas, admin_user, manager, county_officer) -> Staff:
    return Staff(
        clerk=user_with_role("clerk2403", Role.DATA_CLERK, areas["2403"]),
        county=county_officer,
        manager=manager,
        officer=user_with_role("loans24", Role.PROGRAMME_OFFICER, areas["24"], module="loans"),
        admin=admin_user,
    )


@pytest.fixture
def banks(areas) -> dict[str, Organisation]:
    return {
        "melli": make_bank(areas["24"], "بانک ملی"),
        "keshavarzi": make_bank(areas["24"], "بانک کشاورزی"),
    }


@pytest.fixture
def line(areas, banks, staff) -> CreditLine:
    return services.credit_line_create(
        actor=staff.manager,
        area=areas["24"],
        year=1401,
        title="اقتصاد مقاومتی ۱۴۰۱",
        total=10_000_000_000,
        annual_rate_bp=400,
        term_months=36,
        grace_months=0,
        banks=list(banks.values()),
    )


@pytest.fixture
def applicant(areas) -> Person:
    return make_person(areas["2403010001001"])


@pytest.fixture
def register(staff, line, banks, areas):
    """Register a plan in the 2403 village (or ``place``) for ``amount`` rials."""

    def _register(
        *,
        amount: int = 1_000_000_000,
        person=None,
        place=None,
        bank=None,
        actor=None,
        jobs: int = 3,
        on=datetime.date(2021, 3, 1),  # 1399/12/10: before every contract the tests date
    ):
        place = place or areas["2403010001001"]
        if actor is None:
            actor = staff.clerk if place.path.startswith(areas["2403"].path) else staff.officer
        return services.application_register(
            actor=actor,
            applicant=person or make_person(place),
            credit_line=line,
            bank=bank or banks["melli"],
            place=place,
            title="کارگاه فرش دستباف",
            sector="handicrafts",
            activity="بافت فرش",
            requested_amount=amount,
            planned_jobs=jobs,
            own_contribution=100_000_000,
            on=on,
        )

    return _register


STEPS = [
    Status.REVIEWED,
    Status.APPROVED,
    Status.INTRODUCED,
    Status.CONTRACTED,
    Status.DISBURSED,
]


@pytest.fixture
def advance(staff):
    """Walk an application forward to ``status`` with the right person at each step."""

    def _advance(
        application: Application, status: str, *, amount: int | None = None, contract_date=None
    ):
        contract_date = contract_date or datetime.date(2022, 5, 1)
        # The 2403 staff work their own county; elsewhere the province's loans officer
        # registers and books the money, and (maker-checker) the administrator reviews.
        local = application.area.code == "2403"
        reviewer = staff.county if local else staff.admin
        clerk = staff.clerk if local else staff.officer
        for step in STEPS:
            application.refresh_from_db()
            if application.status == status:
                break
            if step == Status.REVIEWED and application.status == Status.REGISTERED:
                services.application_review(
                    actor=reviewer,
                    application=application,
                    on=max(application.registered_on, contract_date - datetime.timedelta(days=15)),
                )
            elif step == Status.APPROVED and application.status == Status.REVIEWED:
                services.application_approve(
                    actor=staff.manager,
                    application=application,
                    amount=amount or application.requested_amount,
                    minutes_no="۱۴",
                    on=contract_date - datetime.timedelta(days=10),
                )
            elif step == Status.INTRODUCED and application.status == Status.APPROVED:
                services.application_introduce(
                    actor=staff.manager,
                    application=application,
                    letter_no="۱۲۳/ش",
                    letter_date=contract_date - datetime.timedelta(days=5),
                )
            elif step == Status.CONTRACTED and application.status == Status.INTRODUCED:
                services.application_contract(
                    actor=clerk,
                    application=application,
                    contract_no="Q-1",
                    contract_date=contract_date,
                )
            elif step == Status.DISBURSED and application.status == Status.CONTRACTED:
                application.refresh_from_db()
                services.disbursement_add(
                    actor=clerk,
                    application=application,
                    amount=application.approved_amount,
                    date=contract_date + datetime.timedelta(days=3),
                )
        application.refresh_from_db()
        assert application.status == status
        return application

    return _advance
