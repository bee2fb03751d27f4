"""Fixtures of the funds tests: the staff of each step, donors, a person to help and
helpers that record a receipted donation and walk an aid case to a status."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

import pytest

from abadi.core.permissions import Role
from abadi.core.validators import national_code_check_digit
from abadi.funds import services
from abadi.funds.models import AidCase, CaseStatus, DebtType, DonationKind, DonorKind
from abadi.people.models import Person
from abadi.testing import user_with_role

_numbers = itertools.count(1)

RECEIVED = datetime.date(2021, 6, 1)  # 1400/03/11
OPENED = datetime.date(2021, 6, 5)
REVIEWED = datetime.date(2021, 6, 10)
FUNDING = datetime.date(2021, 6, 15)
ALLOCATED = datetime.date(2021, 7, 1)
PAID = datetime.date(2021, 7, 10)
RELEASED = datetime.date(2021, 7, 12)


@dataclass
class Staff:
    clerk: object  # data clerk of 2403
    county: object  # county officer of 2403
    other_county: object  # county officer of 2401
    manager: object  # province manager of 24
    officer: object  # funds programme officer of 24
    auditor: object  # auditor of 24
    admin: object


@pytest.fixture
def staff(areas, admin_user, manager, county_officer, officer_2401) -> Staff:
    return Staff(
        clerk=user_with_role("clerk2403", Role.DATA_CLERK, areas["2403"]),
        county=county_officer,
        other_county=officer_2401,
        manager=manager,
        officer=user_with_role("funds24", Role.PROGRAMME_OFFICER, areas["24"], module="funds"),
        auditor=user_with_role("auditor24", Role.AUDITOR, areas["24"]),
        admin=admin_user,
    )


def make_person(area, first_name: str = "علی", last_name: str = "") -> Person:
    number = next(_numbers)
    first_nine = f"{457_000_000 + number:09d}"
    return Person.objects.create(
        national_code=first_nine + str(national_code_check_digit(first_nine)),
        first_name=first_name,
        last_name=last_name or f"رحیمی {number}",
        sex="male",
        area=area,
        birth_date=datetime.date(1985, 1, 1),
    )


@pytest.fixture
def donor(staff, areas):
    return services.donor_register(
        actor=staff.clerk, kind=DonorKind.GROUP, area=areas["2403"], name="خیّران بازار خلخال"
    )


@pytest.fixture
def give(staff, donor):
    """Record a receipted cash donation (by the 2403 clerk unless told otherwise)."""

    def _give(rials: int = 1_000_000, *, on=RECEIVED, who=None, actor=None, **kwargs):
        return services.donation_record(
            actor=actor or staff.clerk,
            donor=who or donor,
            kind=DonationKind.CASH,
            amount=rials,
            method="transfer",
            received_on=on,
            **kwargs,
        )

    return _give


@pytest.fixture
def open_case(staff, areas):
    """A prisoner-release case of 2403, walked to ``status``."""

    def _open(
        status: str = CaseStatus.FUNDING,
        *,
        judgment: int = 500_000_000,
        forgiveness: int = 0,
        loan: int = 0,
        area=None,
    ) -> AidCase:
        area = area or areas["2403"]
        case = services.case_open(
            actor=staff.clerk if area == areas["2403"] else staff.officer,
            person=make_person(area),
            area=area,
            judgment_amount=judgment,
            forgiveness=forgiveness,
            loan_amount=loan,
            prison="زندان مرکزی اردبیل",
            debt_type=DebtType.BLOOD_MONEY,
            on=OPENED,
        )
        actor = staff.officer
        if status == CaseStatus.IDENTIFIED:
            return case
        case = services.case_review(actor=actor, case=case, on=REVIEWED)
        if status == CaseStatus.REVIEWED:
            return case
        case = services.case_fund(actor=actor, case=case, on=FUNDING)
        return case

    return _open
