"""Fixtures of the events tests: the Basij Sazandegi week of 1401, the staff who plan and
report events, and a helper that plans one."""

from __future__ import annotations

import datetime

import pytest

from abadi.core.permissions import Role
from abadi.core.validators import national_code_check_digit
from abadi.events import services
from abadi.testing import user_with_role

VILLAGE_2403 = "2403010001001"
VILLAGE_2401 = "2401010001001"
WEEK_NAME = "هفته بسیج سازندگی ۱۴۰۱"
FIRST = datetime.date(2022, 5, 5)  # 1401/02/15
LAST = datetime.date(2022, 5, 13)  # 1401/02/23


@pytest.fixture
def officer(areas):
    return user_with_role("events24", Role.PROGRAMME_OFFICER, areas["24"], module="events")


@pytest.fixture
def clerk(areas):
    return user_with_role("clerk2403", Role.DATA_CLERK, areas["2403"])


@pytest.fixture
def week(areas, officer):
    return services.occasion_create(
        actor=officer, name=WEEK_NAME, area=areas["24"], starts_on=FIRST, ends_on=LAST
    )


@pytest.fixture
def plan(areas, clerk, week):
    """Plan an event in the 2403 village on ``day`` (default the week's third day)."""

    def _plan(
        *,
        kind: str = "medical_team",
        day: datetime.date = datetime.date(2022, 5, 7),
        start: datetime.time = datetime.time(9, 0),
        end: datetime.time | None = datetime.time(13, 0),
        occasion=None,
        place=None,
        actor=None,
        title: str = "اعزام تیم پزشکی به اسبو",
        organiser_kind_value: str = "county_office",
        **extra,
    ):
        return services.event_plan(
            actor=actor or clerk,
            title=title,
            kind=kind,
            place=place or areas[VILLAGE_2403],
            occasion=week if occasion is None else (occasion or None),
            starts_at=services.event_moment(day, start),
            ends_at=services.event_moment(day, end) if end else None,
            organiser_kind=organiser_kind_value,
            **extra,
        )

    return _plan


@pytest.fixture
def completed_solar(areas, county_officer):
    """A home solar plant in the 2403 village, built and completed: an inauguration held
    in the week inaugurates it (through the projects service)."""
    from abadi.projects import services as projects
    from abadi.projects.models import ExecutorKind, FunderKind, ProjectType

    project = projects.project_register(
        actor=county_officer,
        title="نیروگاه ۵ کیلوواتی",
        project_type=ProjectType.SOLAR,
        places=[areas[VILLAGE_2403]],
        budget=900_000_000,
        fundings=[projects.FundingShare(FunderKind.OFFICE, 900_000_000)],
        executor=projects.Executor(
            kind=ExecutorKind.GROUP, group_atlas_id="1240356", group_name="گروه جهادی باکری"
        ),
        capacity={"power_watts": 5_000, "households_served": 1},
        on=datetime.date(2021, 3, 1),
    )
    projects.project_groundbreak(
        actor=county_officer, project=project, on=datetime.date(2021, 4, 10)
    )
    projects.project_start(actor=county_officer, project=project, on=datetime.date(2021, 5, 1))
    projects.project_complete(actor=county_officer, project=project, on=datetime.date(2022, 3, 1))
    return project


@pytest.fixture
def aid_case(areas):
    """A prisoner-release case of 2403 for the funds module, walked to ``status``
    ("funding": not yet paid; "paid": the debt settled before the week, ready to free)."""
    from abadi.core.actors import SYSTEM
    from abadi.funds import services as funds
    from abadi.funds.models import DebtType, DonationKind, DonorKind, UseKind
    from abadi.people.services import person_create

    numbers = iter(range(1, 100))

    def _case(status: str = "paid"):
        n = next(numbers)
        first_nine = f"{240_300_000 + n:09d}"
        person = person_create(
            actor=SYSTEM,
            national_code=first_nine + str(national_code_check_digit(first_nine)),
            first_name="زندانی",
            last_name=f"شماره {n}",
            sex="male",
            area=areas[VILLAGE_2403],
        )
        case = funds.case_open(
            actor=SYSTEM,
            person=person,
            area=areas["2403"],
            judgment_amount=300_000_000,
            prison="زندان خلخال",
            debt_type=DebtType.BLOOD_MONEY,
            on=datetime.date(2022, 4, 1),
        )
        funds.case_review(actor=SYSTEM, case=case, on=datetime.date(2022, 4, 2))
        case = funds.case_fund(actor=SYSTEM, case=case, on=datetime.date(2022, 4, 3))
        if status == "funding":
            return case
        donor = funds.donor_register(
            actor=SYSTEM, kind=DonorKind.GROUP, area=areas["2403"], name=f"خیّران {n}"
        )
        donation = funds.donation_record(
            actor=SYSTEM,
            donor=donor,
            kind=DonationKind.CASH,
            amount=300_000_000,
            method="transfer",
            received_on=datetime.date(2022, 4, 4),
        )
        funds.allocate(
            actor=SYSTEM,
            donation=donation,
            use_kind=UseKind.AID_CASE,
            use_id=case.pk,
            rials=300_000_000,
            on=datetime.date(2022, 4, 5),
        )
        return funds.case_pay(actor=SYSTEM, case=case, on=datetime.date(2022, 4, 6))

    return _case
