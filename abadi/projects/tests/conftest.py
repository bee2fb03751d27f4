"""Fixtures of the projects tests: the small area tree with a city, a Lorestan village and a
rural district (not a place), the users of each step, an agency and a contractor, a photo
maker, and a helper that registers a project and walks it along its stages."""

from __future__ import annotations

import datetime
import io
import itertools
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from abadi.core.permissions import Role
from abadi.core.persian import search_key
from abadi.geography.models import Area, AreaLevel
from abadi.organisations.models import Organisation, OrganisationKind
from abadi.people.models import Household, Person
from abadi.projects import services
from abadi.projects.models import ExecutorKind, FunderKind, Project, ProjectType, Stage
from abadi.testing import child_area, user_with_role

_numbers = itertools.count(1)

# Days the tests date their steps on (all in the past whatever day the suite runs).
PLANNED = datetime.date(2021, 3, 1)  # 1399/12/11
BROKEN = datetime.date(2021, 4, 10)  # 1400/01/21
STARTED = datetime.date(2021, 5, 1)
COMPLETED = datetime.date(2022, 3, 1)
INAUGURATED = datetime.date(2022, 5, 7)  # 1401/02/17


@pytest.fixture
def places(areas) -> dict[str, Area]:
    """The small tree, a city in 2403, a second village in 2403, a village of Lorestan."""
    found = dict(areas)
    found["city"] = child_area(areas["240301"], "240301001", AreaLevel.CITY, "خلخال")
    found["village2"] = child_area(areas["2403010001"], "2403010001002", AreaLevel.VILLAGE, "کلور")
    district = child_area(areas["1501"], "150101", AreaLevel.DISTRICT, "مرکزی")
    rural = child_area(district, "1501010001", AreaLevel.RURAL_DISTRICT, "کرگاه")
    found["lorestan"] = child_area(rural, "1501010001001", AreaLevel.VILLAGE, "چغلوندی")
    return found


@dataclass
class Staff:
    clerk: object  # data clerk of 2403
    county: object  # county officer of 2403
    other_county: object  # county officer of 2401
    manager: object  # province manager of 24
    officer: object  # projects programme officer of 24
    admin: object


@pytest.fixture
def staff(areas, admin_user, manager, county_officer, officer_2401) -> Staff:
    return Staff(
        clerk=user_with_role("clerk2403", Role.DATA_CLERK, areas["2403"]),
        county=county_officer,
        other_county=officer_2401,
        manager=manager,
        officer=user_with_role(
            "projects24", Role.PROGRAMME_OFFICER, areas["24"], module="projects"
        ),
        admin=admin_user,
    )


def make_organisation(area, name: str, kind: str) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind, area=area, search_key=search_key(name))


@pytest.fixture
def agency(areas) -> Organisation:
    return make_organisation(
        areas["24"], "بنیاد مسکن انقلاب اسلامی", OrganisationKind.HOUSING_FOUNDATION
    )


@pytest.fixture
def contractor(areas) -> Organisation:
    return make_organisation(areas["24"], "شرکت عمران سبلان", OrganisationKind.CONTRACTOR)


def make_household(area) -> Household:
    from abadi.core.validators import national_code_check_digit

    number = next(_numbers)
    first_nine = f"{456_000_000 + number:09d}"
    household = Household.objects.create(area=area)
    person = Person(
        national_code=first_nine + str(national_code_check_digit(first_nine)),
        first_name="فاطمه",
        last_name=f"احمدی {number}",
        sex="female",
        area=area,
        household=household,
        birth_date=datetime.date(1980, 1, 1),
    )
    person.save()
    household.head = person
    household.save()
    return household


def shares(budget: int, agency=None) -> list[services.FundingShare]:
    """A budget split between an agency (half), a donor, the office and the beneficiary."""
    half = budget // 2
    quarter = budget // 4
    rest = budget - half - quarter
    rows = [
        services.FundingShare(FunderKind.DONOR, quarter, donor_name="حاج رضا کریمی"),
        services.FundingShare(FunderKind.OFFICE, rest - rest // 5),
        services.FundingShare(FunderKind.BENEFICIARY, rest // 5),
    ]
    if agency is not None:
        rows.insert(0, services.FundingShare(FunderKind.AGENCY, half, organisation=agency))
    else:
        rows[1] = services.FundingShare(FunderKind.OFFICE, half + rest - rest // 5)
    return rows


GROUP = services.Executor(
    kind=ExecutorKind.GROUP, group_atlas_id="1240356", group_name="گروه جهادی شهید باکری"
)

CAPACITY = {
    ProjectType.HOUSING_BUILD: {"housing_units": 6},
    ProjectType.HOUSING_REPAIR: {"housing_units": 3},
    ProjectType.WATER: {"households_served": 120, "length_m": 4_500},
    ProjectType.SOLAR: {"power_watts": 5_000, "households_served": 1},
    ProjectType.SCHOOL: {"classrooms": 3},
    ProjectType.HEALTH_HOUSE: {"floor_area_m2": 120},
    ProjectType.ROAD: {"length_m": 7_000},
    ProjectType.MOSQUE: {"floor_area_m2": 200},
    ProjectType.OTHER: {},
}


@pytest.fixture
def register(staff, places, agency):
    """Register a project (by the 2403 clerk in 2403's village unless told otherwise)."""

    def _register(
        *,
        project_type: str = ProjectType.HOUSING_BUILD,
        place=None,
        places_list=None,
        actor=None,
        budget: int = 9_000_000_000,
        fundings=None,
        executor=None,
        area=None,
        capacity=None,
        on=PLANNED,
        title: str = "ساخت مسکن محرومان",
    ) -> Project:
        chosen = places_list or [place or places["2403010001001"]]
        return services.project_register(
            actor=actor or staff.clerk,
            title=title,
            project_type=project_type,
            places=chosen,
            area=area,
            budget=budget,
            fundings=fundings if fundings is not None else shares(budget, agency),
            executor=executor or GROUP,
            capacity=capacity if capacity is not None else CAPACITY[project_type],
            on=on,
        )

    return _register


ORDER = [Stage.GROUNDBREAKING, Stage.IN_PROGRESS, Stage.COMPLETED, Stage.INAUGURATED]


@pytest.fixture
def advance(staff):
    """Walk a project forward to ``stage`` (dates from the module's constants unless given)."""

    def _advance(project: Project, stage: str, *, actor=None, dates=None) -> Project:
        actor = actor or (staff.county if project.area.code == "2403" else staff.officer)
        days = {
            Stage.GROUNDBREAKING: BROKEN,
            Stage.IN_PROGRESS: STARTED,
            Stage.COMPLETED: COMPLETED,
            Stage.INAUGURATED: INAUGURATED,
            **(dates or {}),
        }
        steps = {
            Stage.GROUNDBREAKING: services.project_groundbreak,
            Stage.IN_PROGRESS: services.project_start,
            Stage.COMPLETED: services.project_complete,
            Stage.INAUGURATED: services.project_inaugurate,
        }
        for target in ORDER:
            project.refresh_from_db()
            if project.stage == stage:
                break
            current = ORDER.index(project.stage) if project.stage in ORDER else -1
            if ORDER.index(target) <= current:
                continue
            steps[target](actor=actor, project=project, on=days[target])
        project.refresh_from_db()
        assert project.stage == stage
        return project

    return _advance


def image_bytes(kind: str = "JPEG", size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 140, 90)).save(buffer, format=kind)
    return buffer.getvalue()


def photo(name: str = "site.jpg", content: bytes | None = None, kind: str = "JPEG"):
    data = content if content is not None else image_bytes(kind)
    content_type = "image/png" if name.endswith(".png") else "image/jpeg"
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
