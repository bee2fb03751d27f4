"""The deprivation-elimination projects of the Ardabil scenario (F7, F8, F14, F15, F19–F21).

A history from 1399 to the day the demo is loaded, seen on the article's day (1401/02/18):

* 336 projects in progress in the province's counties — among them water supplies reaching
  454 villages (no village counted twice) and houses for the deprived totalling 900 units;
  forty of them had their groundbreaking in Basij Sazandegi week;
* houses the province office built after the floods: 15 projects and 200 units in Lorestan,
  5 projects and 21 units in Kermanshah, all completed before that day;
* 300 damaged housing units repaired and handed over;
* 203 home solar plants put into service between 1401/02/15 and 1401/02/18, within the
  week (1401/02/15–1401/02/23), against the 1401 plan of 2,000; no other solar plant is
  inaugurated in the week;
* then what happened after: the work under way finished (or stopped), new projects every
  year, solar plants towards the plan, up to today.

Everything comes from one seeded generator and is written in bulk — a few dozen queries,
one audit event for the batch, and the beneficiaries' ledger rows through people's bulk
service. A second run finds the demo's projects and creates nothing.
"""

from __future__ import annotations

import datetime
import io
import random
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jdatetime
from django.core.files.uploadedfile import SimpleUploadedFile

from abadi.accounts.models import RoleAssignment, User
from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.demo import DEMO_PASSWORD
from abadi.core.jalali import format_jalali, jalali_year_of
from abadi.core.permissions import Role
from abadi.core.persian import to_persian_digits
from abadi.core.scoping import unscoped
from abadi.geography.models import Area, AreaLevel
from abadi.organisations.models import Organisation, OrganisationKind
from abadi.organisations.services import organisation_create
from abadi.people.demo import demo_households
from abadi.people.services import BenefitRow, benefits_record_bulk
from abadi.projects import services
from abadi.projects.models import (
    Beneficiary,
    ExecutorKind,
    FunderKind,
    Funding,
    ProgressReport,
    Project,
    ProjectPlace,
    ProjectPlan,
    ProjectType,
    Stage,
    StageChange,
)
from abadi.projects.services import PROGRAMME
from abadi.projects.workflow import WORKFLOW

SEED = 13990101
PREFIX = "demo-project-"
PROVINCE = "24"
LORESTAN, KERMANSHAH = "15", "05"
TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")


def jdate(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


REF = jdate(1401, 2, 18)  # the article's day
WEEK = (jdate(1401, 2, 15), jdate(1401, 2, 23))  # Basij Sazandegi week 1401
START = jdate(1399, 1, 1)
DAY = datetime.timedelta(days=1)

# What is in progress on the article's day (F21 = 336 in all).
UNDER_WAY_AT_REF: dict[str, int] = {
    ProjectType.WATER: 60,  # F19: reaching 454 villages
    ProjectType.HOUSING_BUILD: 130,  # F20: 900 units
    ProjectType.HOUSING_REPAIR: 24,
    ProjectType.SOLAR: 70,
    ProjectType.SCHOOL: 16,
    ProjectType.HEALTH_HOUSE: 12,
    ProjectType.ROAD: 12,
    ProjectType.MOSQUE: 8,
    ProjectType.OTHER: 4,
}
WATER_VILLAGES_AT_REF = 454
HOUSING_UNITS_AT_REF = 900
GROUNDBROKEN_IN_WEEK = 40
REPAIRED_UNITS = 300
REPAIR_PROJECTS = 75
OUTSIDE = {LORESTAN: (15, 200), KERMANSHAH: (5, 21)}  # province → (projects, units)
SOLAR_IN_WEEK = 203
SOLAR_PLAN_1401 = 2_000
# Finished before the article's day besides the above.
FINISHED_BEFORE: dict[str, int] = {
    ProjectType.HOUSING_BUILD: 40,
    ProjectType.SOLAR: 150,
    ProjectType.WATER: 25,
    ProjectType.SCHOOL: 10,
    ProjectType.HEALTH_HOUSE: 8,
    ProjectType.ROAD: 10,
    ProjectType.MOSQUE: 6,
}
# New projects registered after the article's day, per Jalali year (a year under way gets
# its share up to today).
SOLAR_PER_YEAR = {1401: 600, 1402: 420, 1403: 330, 1404: 300}
OTHERS_PER_YEAR = 150
OTHER_TYPES = [
    (ProjectType.HOUSING_BUILD, 30),
    (ProjectType.HOUSING_REPAIR, 18),
    (ProjectType.WATER, 14),
    (ProjectType.SCHOOL, 10),
    (ProjectType.HEALTH_HOUSE, 8),
    (ProjectType.ROAD, 10),
    (ProjectType.MOSQUE, 6),
    (ProjectType.OTHER, 4),
]
# Months from the start of work to completion, by type.
DURATION: dict[str, tuple[int, int]] = {
    ProjectType.HOUSING_BUILD: (6, 14),
    ProjectType.HOUSING_REPAIR: (1, 4),
    ProjectType.WATER: (8, 22),
    ProjectType.SOLAR: (1, 3),
    ProjectType.SCHOOL: (9, 18),
    ProjectType.HEALTH_HOUSE: (8, 15),
    ProjectType.ROAD: (4, 16),
    ProjectType.MOSQUE: (10, 24),
    ProjectType.OTHER: (2, 8),
}
GROUPS = [
    ("1240356", "گروه جهادی شهید باکری"),
    ("1240411", "گروه جهادی حضرت زینب (س)"),
    ("1240528", "گروه جهادی دانشجویی دانشگاه محقق اردبیلی"),
    ("1240617", "گروه جهادی شهید مهدی زین‌الدین"),
    ("1240733", "قرارگاه جهادی امام رضا (ع)"),
    ("1240842", "گروه جهادی مهندسان بسیجی سبلان"),
    ("1240951", "گروه جهادی شهید حججی خلخال"),
    ("1241066", "گروه جهادی طلاب حوزه علمیه اردبیل"),
    ("1241174", "گروه جهادی شهید سلیمانی مشگین‌شهر"),
    ("1241282", "گروه جهادی بسیج سازندگی گرمی"),
]
CONTRACTORS = [
    "شرکت عمران و ساختمان سبلان",
    "شرکت راه‌سازان مغان",
    "شرکت انرژی پاک آفتاب اردبیل",
    "شرکت آب‌رسانان ارس",
    "تعاونی عمرانی بسیجیان خلخال",
]
DONORS = [
    "حاج محمد رضایی",
    "خانواده مرحوم حسین‌زاده",
    "حاج علی اکبری",
    "بنیاد خیریه امام رضا (ع) اردبیل",
    "خیّران مسجد جامع مشگین‌شهر",
    "حاجیه خانم فاطمه نوری",
    "گروه خیّران بازار اردبیل",
]
# The agency (by part of its name) that funds each type: the demo's 22 agencies of F12.
AGENCY_OF: dict[str, str] = {
    ProjectType.HOUSING_BUILD: "بنیاد مسکن",
    ProjectType.HOUSING_REPAIR: "بنیاد مسکن",
    ProjectType.WATER: "آب و فاضلاب",
    ProjectType.SOLAR: "توزیع نیروی برق",
    ProjectType.SCHOOL: "نوسازی مدارس",
    ProjectType.HEALTH_HOUSE: "علوم پزشکی",
    ProjectType.ROAD: "راه و شهرسازی",
    ProjectType.MOSQUE: "اوقاف",
    ProjectType.OTHER: "کمیته امداد",
}
REPORT_TEXTS = {
    10: "تجهیز کارگاه و پی‌کنی انجام شد.",
    25: "پی‌ریزی و اجرای فونداسیون به پایان رسید.",
    45: "اسکلت و دیوارچینی در حال انجام است.",
    65: "سقف و نازک‌کاری آغاز شد؛ گروه جهادی در محل مستقر است.",
    85: "تأسیسات و نصب تجهیزات در حال انجام است.",
    100: "کار به پایان رسید و آماده تحویل است.",
}
SOLAR_TEXTS = {
    20: "پایه‌ها و سازه پنل‌ها نصب شد.",
    60: "پنل‌ها و اینورتر نصب شد؛ در انتظار اتصال به شبکه.",
    100: "نیروگاه به شبکه برق وصل شد.",
}


@dataclass
class Planned:
    key: str
    project_type: str
    title: str
    area_code: str
    places: list[Any]
    capacity: dict[str, int]
    budget: int
    shares: list[tuple[str, int, int | None, str]]
    executor: tuple[str, int | None, str, str]
    steps: list[tuple[str, datetime.date, str]] = field(default_factory=list)
    reports: list[tuple[datetime.date, int, str]] = field(default_factory=list)
    households: list[Any] = field(default_factory=list)


def split(total: int, parts: int, low: int, high: int, rng: random.Random) -> list[int]:
    """``parts`` whole numbers between ``low`` and ``high`` that add up to ``total``."""
    values = [rng.randint(low, high) for _ in range(parts)]
    while sum(values) != total:
        index = rng.randrange(parts)
        if sum(values) < total and values[index] < high:
            values[index] += 1
        elif sum(values) > total and values[index] > low:
            values[index] -= 1
    return values


class Planner:
    def __init__(self, *, villages, outside, households, agencies, contractors) -> None:
        self.rng = random.Random(SEED)
        self.today = clock.today()
        self.villages = villages  # Ardabil's villages
        self.outside = outside  # province code → its villages
        self.agencies = agencies  # project type → organisation id
        self.contractors = contractors
        self.number = 0
        self.projects: list[Planned] = []
        # Households of the demo population, by village, not yet given a project of a
        # programme (a household gets one solar plant, one house).
        self.homes: dict[str, dict[int, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for household in households:
            for programme in ("solar", "housing"):
                self.homes[programme][household.area.pk].append(household)
        self.home_villages = {
            programme: [v for v in villages if by_village.get(v.pk)]
            for programme, by_village in self.homes.items()
        }

    # dates -------------------------------------------------------------------------------

    def between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        if last <= first:
            return first
        return first + datetime.timedelta(days=self.rng.randrange((last - first).days + 1))

    def after(self, day: datetime.date, low: int, high: int) -> datetime.date:
        return day + datetime.timedelta(days=self.rng.randint(low, high))

    def finish(
        self, started: datetime.date, project_type: str, *, soonest: int = 0
    ) -> datetime.date:
        """When work begun on ``started`` is done: the type's usual months, at least
        ``soonest`` days."""
        low, high = DURATION[project_type]
        return started + datetime.timedelta(
            days=max(soonest, self.rng.randint(low * 30, high * 30))
        )

    # what a project is ----------------------------------------------------------------------

    def place(self, project_type: str) -> tuple[Any, list[Any]]:
        """A village for a project, with households of the demo population that live there
        and have not yet received a project of the same programme."""
        programme = (
            "solar"
            if project_type == ProjectType.SOLAR
            else "housing"
            if project_type in (ProjectType.HOUSING_BUILD, ProjectType.HOUSING_REPAIR)
            else ""
        )
        if programme and self.home_villages[programme] and self.rng.random() < 0.85:
            village = self.rng.choice(self.home_villages[programme])
            homes = self.homes[programme][village.pk]
            if homes:
                return village, homes
        return self.rng.choice(self.villages), []

    def funding(self, project_type: str, budget: int) -> list[tuple[str, int, int | None, str]]:
        rng, shares = self.rng, []
        left = budget
        agency = self.agencies.get(project_type)
        if agency is not None:
            amount = budget * rng.randint(35, 60) // 100 // 1_000_000 * 1_000_000
            shares.append((FunderKind.AGENCY, amount, agency, ""))
            left -= amount
        if rng.random() < 0.55:
            amount = budget * rng.randint(5, 20) // 100 // 1_000_000 * 1_000_000
            shares.append((FunderKind.DONOR, amount, None, rng.choice(DONORS)))
            left -= amount
        if project_type in (ProjectType.HOUSING_BUILD, ProjectType.HOUSING_REPAIR):
            amount = budget * rng.randint(5, 15) // 100 // 1_000_000 * 1_000_000
            shares.append((FunderKind.BENEFICIARY, amount, None, ""))
            left -= amount
        shares.append((FunderKind.OFFICE, left, None, ""))
        return [share for share in shares if share[1] > 0]

    def executor(self, project_type: str) -> tuple[str, int | None, str, str]:
        draw = self.rng.random()
        if project_type == ProjectType.SOLAR and draw < 0.6 and self.contractors:
            return (ExecutorKind.CONTRACTOR, self.rng.choice(self.contractors), "", "")
        if draw < 0.62:
            atlas, name = self.rng.choice(GROUPS)
            return (ExecutorKind.GROUP, None, atlas, name)
        if draw < 0.88 and self.contractors:
            return (ExecutorKind.CONTRACTOR, self.rng.choice(self.contractors), "", "")
        agency = self.agencies.get(project_type)
        if agency is not None:
            return (ExecutorKind.AGENCY, agency, "", "")
        atlas, name = self.rng.choice(GROUPS)
        return (ExecutorKind.GROUP, None, atlas, name)

    def new(
        self,
        project_type: str,
        *,
        units: int | None = None,
        places: list[Any] | None = None,
        province: str = PROVINCE,
    ) -> Planned:
        rng = self.rng
        self.number += 1
        homes: list[Any] = []
        if places is None:
            village, homes = self.place(project_type)
            places = [village]
        village = places[0]
        name, county_code = village.name, village.path.strip("/").split("/")[2]
        capacity: dict[str, int] = {}
        if project_type == ProjectType.HOUSING_BUILD:
            units = units or rng.randint(2, 10)
            capacity = {"housing_units": units, "floor_area_m2": units * rng.randint(60, 85)}
            title = f"ساخت {to_persian_digits(units)} واحد مسکن محرومان روستای {name}"
            budget = units * rng.randint(120, 180) * 10_000_000
        elif project_type == ProjectType.HOUSING_REPAIR:
            units = units or rng.randint(1, 6)
            capacity = {"housing_units": units}
            title = (
                f"تعمیر و مقاوم‌سازی {to_persian_digits(units)} واحد مسکونی آسیب‌دیده روستای {name}"
            )
            budget = units * rng.randint(20, 45) * 10_000_000
        elif project_type == ProjectType.WATER:
            count = len(places)
            capacity = {
                "households_served": count * rng.randint(40, 160),
                "length_m": count * rng.randint(1500, 4500),
            }
            title = (
                f"آبرسانی به {to_persian_digits(count)} روستای مجتمع {name}"
                if count > 1
                else f"آبرسانی روستای {name}"
            )
            budget = count * rng.randint(80, 260) * 10_000_000
        elif project_type == ProjectType.SOLAR:
            capacity = {"power_watts": 5_000, "households_served": 1}
            title = f"نیروگاه خورشیدی خانگی ۵ کیلوواتی روستای {name}"
            budget = rng.randint(85, 115) * 10_000_000
        elif project_type == ProjectType.SCHOOL:
            rooms = rng.randint(2, 6)
            capacity = {"classrooms": rooms, "floor_area_m2": rooms * 70 + 120}
            title = f"ساخت مدرسه {to_persian_digits(rooms)} کلاسه روستای {name}"
            budget = rooms * rng.randint(250, 400) * 10_000_000
        elif project_type == ProjectType.HEALTH_HOUSE:
            capacity = {"floor_area_m2": rng.randint(110, 180)}
            title = f"ساخت خانه بهداشت روستای {name}"
            budget = rng.randint(450, 800) * 10_000_000
        elif project_type == ProjectType.ROAD:
            metres = rng.randint(2, 18) * 500
            capacity = {"length_m": metres}
            title = f"احداث و بهسازی راه روستای {name}"
            budget = metres * rng.randint(30, 60) * 10_000 * 10
        elif project_type == ProjectType.MOSQUE:
            capacity = {"floor_area_m2": rng.randint(150, 400)}
            title = f"ساخت مسجد و کانون فرهنگی روستای {name}"
            budget = rng.randint(300, 700) * 10_000_000
        else:
            capacity = {"households_served": rng.randint(20, 120)}
            title = f"احداث سرویس بهداشتی و آشپزخانه مدرسه روستای {name}"
            budget = rng.randint(60, 200) * 10_000_000
        if province != PROVINCE:
            title += " (لرستان)" if province == LORESTAN else " (کرمانشاه)"
        planned = Planned(
            key=f"{PREFIX}{self.number}",
            project_type=project_type,
            title=title,
            area_code=county_code if province == PROVINCE else PROVINCE,
            places=places,
            capacity=capacity,
            budget=budget,
            shares=self.funding(project_type, budget),
            executor=self.executor(project_type),
        )
        # A house per household; a home solar plant for one.
        wanted: int = {
            ProjectType.HOUSING_BUILD: units or 0,
            ProjectType.HOUSING_REPAIR: units or 0,
            ProjectType.SOLAR: 1,
        }.get(ProjectType(project_type), 0)
        while homes and len(planned.households) < wanted:
            planned.households.append(homes.pop())
        self.projects.append(planned)
        return planned

    # what happened to it --------------------------------------------------------------------

    def walk(
        self,
        project: Planned,
        *,
        planned: datetime.date,
        broken: datetime.date | None = None,
        started: datetime.date | None = None,
        completed: datetime.date | None = None,
        inaugurated: datetime.date | None = None,
        suspended: datetime.date | None = None,
        resumed: datetime.date | None = None,
        cancelled: datetime.date | None = None,
    ) -> None:
        """The project's steps and progress reports, none after today."""
        today = self.today
        steps = [("register", planned, "")]
        for action, day, note in (
            ("groundbreak", broken, ""),
            ("start", started, f"گزارش پیشرفت {format_jalali(started)}" if started else ""),
            ("suspend", suspended, "توقف به دلیل تأمین‌نشدن سهم دستگاه اجرایی"),
            ("resume", resumed, ""),
            ("complete", completed, ""),
            ("inaugurate", inaugurated, "آیین افتتاح با حضور مسئولان شهرستان"),
            ("cancel", cancelled, "لغو به دلیل واگذاری پروژه به دستگاه دیگر"),
        ):
            if day is not None and day <= today:
                steps.append((action, day, note))
        steps.sort(key=lambda step: step[1])
        project.steps = steps
        if started is None or started > today:
            return
        # Reports about monthly while work goes on, the first one on the day work started.
        stop = min(d for d in (completed, suspended, cancelled, today) if d is not None)
        days: list[datetime.date] = [started]
        day = started
        while True:
            day = self.after(day, 25, 50)
            if day >= stop:
                break
            days.append(day)
        if resumed is not None and resumed <= today:
            end = min(completed or today, today)
            day = resumed
            while day < end:
                days.append(day)
                day = self.after(day, 25, 50)
        if completed is not None and completed <= today:
            days.append(completed)
        total = max((completed or (today + datetime.timedelta(days=90))) - started, DAY).days
        texts = SOLAR_TEXTS if project.project_type == ProjectType.SOLAR else REPORT_TEXTS
        last = 0
        for when in sorted(set(days)):
            if completed is not None and when >= completed:
                percent = 100
            else:
                percent = min(95, max(last + 1, round(100 * (when - started).days / total) + 5))
            last = percent
            text = next(words for threshold, words in texts.items() if percent <= threshold)
            project.reports.append((when, percent, text))

    # the scenario ---------------------------------------------------------------------------

    def under_way_at_ref(self) -> None:
        rng = self.rng
        water = sorted(rng.sample(self.villages, WATER_VILLAGES_AT_REF), key=lambda v: v.code)
        counts = split(WATER_VILLAGES_AT_REF, UNDER_WAY_AT_REF[ProjectType.WATER], 3, 14, rng)
        units = split(HOUSING_UNITS_AT_REF, UNDER_WAY_AT_REF[ProjectType.HOUSING_BUILD], 3, 11, rng)
        chosen: list[Planned] = []
        offset = 0
        for count in counts:
            chosen.append(self.new(ProjectType.WATER, places=water[offset : offset + count]))
            offset += count
        for count in units:
            chosen.append(self.new(ProjectType.HOUSING_BUILD, units=count))
        for project_type, count in UNDER_WAY_AT_REF.items():
            if project_type not in (ProjectType.WATER, ProjectType.HOUSING_BUILD):
                chosen.extend(self.new(project_type) for _ in range(count))
        rng.shuffle(chosen)
        for index, project in enumerate(chosen):
            if index < GROUNDBROKEN_IN_WEEK:
                # Groundbreakings of the week: work starts after the article's day.
                broken = self.between(WEEK[0], REF)
                planned = self.between(jdate(1400, 10, 1), broken - 20 * DAY)
                started = self.after(REF, 10, 60)
            elif index < GROUNDBROKEN_IN_WEEK + 30:
                broken = self.between(jdate(1401, 1, 1), WEEK[0] - DAY)
                planned = self.between(jdate(1400, 9, 1), broken - 20 * DAY)
                started = self.after(REF, 5, 45)
            else:
                broken = self.between(jdate(1399, 6, 1), jdate(1401, 1, 31))
                planned = self.between(START, broken - 20 * DAY)
                started = min(self.after(broken, 5, 40), REF)
            completed: datetime.date | None = self.finish(
                max(started, REF) + 30 * DAY, project.project_type
            )
            fate = rng.random()
            suspended: datetime.date | None = None
            resumed: datetime.date | None = None
            cancelled: datetime.date | None = None
            if fate < 0.05:
                suspended = self.after(max(started, REF), 20, 200)
                completed = None
                if rng.random() < 0.6:
                    resumed = self.after(suspended, 40, 200)
                    completed = self.after(resumed, 60, 300)
            elif fate < 0.07:
                cancelled = self.after(max(started, REF), 30, 300)
                completed = None
            inaugurated = self.after(completed, 10, 90) if completed else None
            self.walk(
                project,
                planned=planned,
                broken=broken,
                started=started,
                completed=completed,
                inaugurated=inaugurated,
                suspended=suspended,
                resumed=resumed,
                cancelled=cancelled,
            )

    def finished_before_ref(self) -> None:
        rng = self.rng
        # Houses after the floods in Lorestan and the earthquake in Kermanshah.
        for province, (count, total) in OUTSIDE.items():
            villages = rng.sample(self.outside[province], count)
            for village, units in zip(villages, split(total, count, 2, 20, rng), strict=True):
                project = self.new(
                    ProjectType.HOUSING_BUILD, units=units, places=[village], province=province
                )
                planned = self.between(jdate(1399, 1, 15), jdate(1399, 4, 30))
                broken = self.after(planned, 15, 45)
                started = self.after(broken, 5, 20)
                completed = min(self.after(started, 200, 420), REF - 20 * DAY)
                self.walk(
                    project,
                    planned=planned,
                    broken=broken,
                    started=started,
                    completed=completed,
                    inaugurated=self.after(completed, 7, 15),
                )
        for units in split(REPAIRED_UNITS, REPAIR_PROJECTS, 1, 8, rng):
            project = self.new(ProjectType.HOUSING_REPAIR, units=units)
            planned = self.between(START, jdate(1400, 8, 30))
            broken = self.after(planned, 10, 30)
            started = self.after(broken, 3, 15)
            completed = min(self.after(started, 30, 120), REF - 5 * DAY)
            self.walk(project, planned=planned, broken=broken, started=started, completed=completed)
        # Solar plants of 1400 (before the week) and those of the week itself (F14).
        for _ in range(FINISHED_BEFORE[ProjectType.SOLAR]):
            project = self.new(ProjectType.SOLAR)
            planned = self.between(jdate(1399, 10, 1), jdate(1400, 8, 30))
            broken = self.after(planned, 20, 40)
            started = self.after(broken, 3, 15)
            completed = self.after(started, 20, 60)
            inaugurated = min(self.after(completed, 5, 30), WEEK[0] - 30 * DAY)
            self.walk(
                project,
                planned=planned,
                broken=broken,
                started=started,
                completed=min(completed, inaugurated),
                inaugurated=inaugurated,
            )
        for _ in range(SOLAR_IN_WEEK):
            project = self.new(ProjectType.SOLAR)
            broken = self.between(jdate(1400, 10, 1), jdate(1401, 1, 10))
            planned = self.after(broken, -60, -20)
            started = self.after(broken, 3, 12)
            completed = self.between(started + 15 * DAY, WEEK[0] - DAY)
            self.walk(
                project,
                planned=planned,
                broken=broken,
                started=started,
                completed=completed,
                inaugurated=self.between(WEEK[0], REF),
            )
        for project_type, count in FINISHED_BEFORE.items():
            if project_type == ProjectType.SOLAR:
                continue
            for _ in range(count):
                project = self.new(project_type)
                planned = self.between(START, jdate(1399, 8, 1))
                broken = self.after(planned, 15, 45)
                started = self.after(broken, 5, 25)
                completed = min(self.finish(started, project_type, soonest=120), REF - DAY)
                inaugurated = self.after(completed, 10, 60)
                self.walk(
                    project,
                    planned=planned,
                    broken=broken,
                    started=started,
                    completed=completed,
                    inaugurated=inaugurated if inaugurated < WEEK[0] else None,
                )

    def not_under_way_at_ref(self) -> None:
        """Planned, stopped or cancelled on the article's day."""
        rng = self.rng
        for index in range(60):
            project = self.new(rng.choice([t for t, _w in OTHER_TYPES]))
            planned = self.between(jdate(1401, 1, 1), REF)
            if index % 12 == 0:
                self.walk(project, planned=planned, cancelled=self.after(REF, 30, 200))
                continue
            broken = self.after(REF, 15, 120) if index % 4 else None
            started = self.after(broken, 7, 40) if broken else None
            completed = self.finish(started, project.project_type, soonest=60) if started else None
            self.walk(
                project,
                planned=planned,
                broken=broken,
                started=started,
                completed=completed,
                inaugurated=self.after(completed, 10, 60) if completed else None,
            )
        for index in range(5):
            project = self.new(ProjectType.SCHOOL if index % 2 else ProjectType.HEALTH_HOUSE)
            planned = self.between(jdate(1399, 6, 1), jdate(1399, 12, 1))
            broken = self.after(planned, 20, 40)
            started = self.after(broken, 5, 20)
            suspended = self.between(started + 60 * DAY, REF - 10 * DAY)
            resumed = self.after(REF, 60, 240) if index < 3 else None
            completed = self.after(resumed, 120, 300) if resumed else None
            self.walk(
                project,
                planned=planned,
                broken=broken,
                started=started,
                suspended=suspended,
                resumed=resumed,
                completed=completed,
                inaugurated=self.after(completed, 10, 40) if completed else None,
            )
        for _ in range(6):
            project = self.new(
                rng.choice([ProjectType.ROAD, ProjectType.MOSQUE, ProjectType.OTHER])
            )
            planned = self.between(START, jdate(1400, 6, 1))
            self.walk(project, planned=planned, cancelled=self.after(planned, 40, 200))

    def after_ref(self) -> None:
        """New projects every year after the article's day, up to today."""
        rng = self.rng
        first_year, last_year = 1401, jalali_year_of(self.today)
        for year in range(first_year, last_year + 1):
            begin = max(jdate(year, 1, 1), WEEK[1] + DAY)
            end = min(jdate(year, 12, 29), self.today)
            if end <= begin:
                continue
            share = (end - begin).days / 365
            solar = round(SOLAR_PER_YEAR.get(year, 260) * share)
            for _ in range(solar):
                project = self.new(ProjectType.SOLAR)
                planned = self.between(begin, end)
                broken = self.after(planned, 15, 35)
                started = self.after(broken, 3, 12)
                completed = self.after(started, 20, 70)
                inaugurated = self.after(completed, 5, 40)
                self.walk(
                    project,
                    planned=planned,
                    broken=broken,
                    started=started,
                    completed=completed,
                    inaugurated=inaugurated,
                )
            types, weights = zip(*OTHER_TYPES, strict=True)
            for _ in range(round(OTHERS_PER_YEAR * share)):
                project = self.new(rng.choices(types, weights)[0])
                planned = self.between(begin, end)
                broken = self.after(planned, 20, 90)
                started = self.after(broken, 5, 40)
                completed = self.finish(started, project.project_type, soonest=30)
                self.walk(
                    project,
                    planned=planned,
                    broken=broken,
                    started=started,
                    completed=completed,
                    inaugurated=self.after(completed, 10, 90),
                )


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=TEHRAN)


def _actors() -> dict[str, User | None]:
    users = {
        user.username: user
        for user in User.objects.filter(username__in=["clerk", "manager", "county2403", "projects"])
    }
    return {name: users.get(name) for name in ("clerk", "manager", "county2403", "projects")}


def _ensure_officer() -> None:
    """The projects programme officer of the province (printed with the demo's logins)."""
    user, created = User.objects.get_or_create(
        username="projects", defaults={"first_name": "کارشناس پروژه‌های محرومیت‌زدایی استان"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    province = Area.objects.filter(code=PROVINCE).first()
    if province is not None:
        RoleAssignment.objects.get_or_create(
            user=user, role=Role.PROGRAMME_OFFICER, area=province, module="projects"
        )


def build(*, log: Callable[[str], None]) -> None:
    province = Area.objects.filter(code=PROVINCE).first()
    if province is None:
        log("  projects: Ardabil (24) not loaded; skipped")
        return
    _ensure_officer()
    if Project.objects.filter(source_id__startswith=PREFIX).exists():
        log("  projects: demo projects already there; nothing created")
        return
    villages = list(
        unscoped(Area.objects.filter(level=AreaLevel.VILLAGE, path__startswith=province.path))
        .only("id", "code", "name", "path")
        .order_by("code")
    )
    outside = {
        code: list(
            unscoped(Area.objects.filter(level=AreaLevel.VILLAGE, path__startswith=f"/IR/{code}/"))
            .only("id", "code", "name", "path")
            .order_by("code")[:400]
        )
        for code in OUTSIDE
    }
    if len(villages) < WATER_VILLAGES_AT_REF or any(
        len(found) < OUTSIDE[code][0] for code, found in outside.items()
    ):
        log("  projects: not enough villages loaded for the scenario; skipped")
        return
    agencies = _agencies(province)
    contractors = _contractors(province)
    planner = Planner(
        villages=villages,
        outside=outside,
        households=demo_households(3000),
        agencies=agencies,
        contractors=contractors,
    )
    planner.under_way_at_ref()
    planner.finished_before_ref()
    planner.not_under_way_at_ref()
    planner.after_ref()
    counts = _write(planner, province)
    services.bulk_load_recorded(
        actor=SYSTEM, counts=counts, note="سوابق پروژه‌های محرومیت‌زدایی ۱۳۹۹ تا امروز"
    )
    photos = _photos(planner)
    log(
        f"  projects: {counts['projects']} projects, {counts['steps']} steps, "
        f"{counts['reports']} progress reports ({photos} photos), {counts['benefits']} ledger rows"
    )


def finish(*, log) -> None:
    if User.objects.filter(username="projects").exists():
        log(f"  {'projects':<12} کارشناس برنامه (24, projects)")


def _agencies(province: Area) -> dict[str, int]:
    organisations = list(
        unscoped(Organisation.objects.filter(area=province)).values_list("pk", "name")
    )
    found: dict[str, int] = {}
    for project_type, part in AGENCY_OF.items():
        for pk, name in organisations:
            if part in name:
                found[project_type] = pk
                break
    return found


def _contractors(province: Area) -> list[int]:
    existing = dict(
        unscoped(
            Organisation.objects.filter(area=province, kind=OrganisationKind.CONTRACTOR)
        ).values_list("name", "pk")
    )
    ids = []
    for name in CONTRACTORS:
        if name not in existing:
            existing[name] = organisation_create(
                actor=SYSTEM, name=name, kind=OrganisationKind.CONTRACTOR, area=province
            ).pk
        ids.append(existing[name])
    return ids


def _write(planner: Planner, province: Area) -> dict[str, int]:
    codes = {p.area_code for p in planner.projects}
    for project in planner.projects:
        parts = project.places[0].path.strip("/").split("/")
        codes.update(parts[1:3])
    areas = dict(Area.objects.filter(code__in=codes).values_list("code", "pk"))
    actors = _actors()
    rows = []
    for planned in planner.projects:
        parts = planned.places[0].path.strip("/").split("/")
        last = planned.steps[-1]
        step = WORKFLOW.step(last[0])
        executor_kind, organisation, atlas, group = planned.executor
        report = planned.reports[-1] if planned.reports else None
        rows.append(
            Project(
                title=planned.title[:200],
                project_type=planned.project_type,
                area_id=areas[planned.area_code],
                place_id=planned.places[0].pk,
                place_county_id=areas.get(parts[2]),
                place_province_id=areas.get(parts[1]),
                executor_kind=executor_kind,
                executor_organisation_id=organisation,
                executor_group_atlas_id=atlas,
                executor_group_name=group,
                budget=planned.budget,
                stage=step.target or Stage.PLANNED,
                planned_on=planned.steps[0][1],
                progress=report[1] if report else 0,
                last_report_on=report[0] if report else None,
                villages_served=len(planned.places)
                if planned.project_type == ProjectType.WATER
                else None,
                created_by=actors["clerk"],
                cancel_reason=last[2] if last[0] in ("suspend", "cancel") else "",
                source_id=planned.key,
                **planned.capacity,
            )
        )
    Project.objects.bulk_create(rows, batch_size=500)
    if rows[0].pk is None:  # a database that does not return the new ids
        ids = dict(
            Project.objects.filter(source_id__startswith=PREFIX).values_list("source_id", "pk")
        )
        for row in rows:
            row.pk = row.id = ids[row.source_id]
    for row, planned in zip(rows, planner.projects, strict=True):
        row.number = f"{jalali_year_of(planned.steps[0][1])}-{row.pk:06d}"
    Project.objects.bulk_update(rows, ["number"], batch_size=500)

    ProjectPlace.objects.bulk_create(
        (
            ProjectPlace(project_id=row.pk, area_id=place.pk)
            for row, planned in zip(rows, planner.projects, strict=True)
            for place in planned.places
        ),
        batch_size=1000,
    )
    Funding.objects.bulk_create(
        (
            Funding(
                project_id=row.pk,
                kind=kind,
                organisation_id=organisation,
                donor_name=donor,
                amount=amount,
            )
            for row, planned in zip(rows, planner.projects, strict=True)
            for kind, amount, organisation, donor in planned.shares
        ),
        batch_size=1000,
    )
    steps = []
    for row, planned in zip(rows, planner.projects, strict=True):
        before = ""
        for index, (action, on, note) in enumerate(planned.steps):
            target = WORKFLOW.step(action).target or before
            following = planned.steps[index + 1][1] if index + 1 < len(planned.steps) else None
            who = {
                "register": actors["clerk"],
                "groundbreak": actors["manager"],
                "inaugurate": actors["manager"],
            }.get(action, actors["projects"])
            steps.append(
                StageChange(
                    project_id=row.pk,
                    action=action,
                    from_stage=before,
                    to_stage=target,
                    on=on,
                    until=following,
                    actor=who,
                    at=_moment(on),
                    note=note,
                )
            )
            before = target
    StageChange.objects.bulk_create(steps, batch_size=1000)
    reports = []
    for row, planned in zip(rows, planner.projects, strict=True):
        reporter = actors["county2403"] if planned.area_code == "2403" else actors["projects"]
        for when, percent, text in planned.reports:
            reports.append(
                ProgressReport(
                    project_id=row.pk,
                    date=when,
                    percent=percent,
                    text=text,
                    reported_by=reporter,
                    created_at=_moment(when),
                )
            )
    ProgressReport.objects.bulk_create(reports, batch_size=1000)
    benefits = _beneficiaries(rows, planner)
    existing = set(ProjectPlan.objects.filter(area=province).values_list("year", "project_type"))
    ProjectPlan.objects.bulk_create(
        plan
        for plan in _plans(province, planner.today)
        if (plan.year, plan.project_type) not in existing
    )
    return {
        "projects": len(rows),
        "steps": len(steps),
        "reports": len(reports),
        "benefits": benefits,
    }


def _beneficiaries(rows: list[Project], planner: Planner) -> int:
    """Link the households of each project and, for those completed by today, record their
    benefit (dated the completion) through people's bulk service."""
    links, ledger = [], []
    for row, planned in zip(rows, planner.projects, strict=True):
        completed = next((on for action, on, _n in planned.steps if action == "complete"), None)
        if not planned.households:
            continue
        divisor = (
            planned.capacity.get("housing_units")
            or planned.capacity.get("households_served")
            or len(planned.households)
        )
        value = planned.budget // divisor
        note = f"پروژه {row.number}: {row.title}"[:300]
        for household in planned.households:
            links.append(
                Beneficiary(
                    project_id=row.pk,
                    household_id=household.pk,
                    added_on=planned.steps[0][1],
                    benefit_on=completed,
                )
            )
            if completed is not None:
                ledger.append(
                    BenefitRow(
                        programme=PROGRAMME.get(planned.project_type, "other"),
                        date=completed,
                        value=value,
                        area=household.area,
                        source=row,
                        household=household,
                        note=note,
                    )
                )
    Beneficiary.objects.bulk_create(links, batch_size=1000)
    return benefits_record_bulk(
        actor=SYSTEM, rows=ledger, action_note="پروژه‌های محرومیت‌زدایی (نمایشی)"
    )


def _plans(province: Area, today: datetime.date) -> list[ProjectPlan]:
    """The province office's plan per type and year; 1401's solar plan is F15."""
    base = {
        ProjectType.HOUSING_BUILD: (120, 800),
        ProjectType.HOUSING_REPAIR: (90, 350),
        ProjectType.WATER: (70, None),
        ProjectType.SOLAR: (400, None),
        ProjectType.SCHOOL: (25, None),
        ProjectType.HEALTH_HOUSE: (18, None),
        ProjectType.ROAD: (20, None),
        ProjectType.MOSQUE: (12, None),
    }
    plans = []
    for year in range(1399, jalali_year_of(today) + 2):
        for project_type, (count, units) in base.items():
            if project_type == ProjectType.SOLAR:
                count = {1399: 150, 1400: 400, 1401: SOLAR_PLAN_1401}.get(year, 600)
            plans.append(
                ProjectPlan(
                    area=province,
                    year=year,
                    project_type=project_type,
                    count=count + (year - 1399) * (count // 20),
                    units=None if units is None else units + (year - 1399) * 20,
                    note="برنامه مصوب شورای برنامه‌ریزی استان",
                )
            )
    # The year of the article: the plan of 2,000 home solar plants (F15), as announced.
    for plan in plans:
        if plan.year == 1401 and plan.project_type == ProjectType.SOLAR:
            plan.count = SOLAR_PLAN_1401
    return plans


def _image(seed: int) -> bytes:
    """A site photo of the demo: sky, ground and a building block, in the project's colours."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (960, 720), (150 + rng.randrange(60), 190, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 430, 960, 720), fill=(140 + rng.randrange(40), 120, 80))
    left = 180 + rng.randrange(300)
    draw.rectangle(
        (left, 250, left + 360, 460), fill=(200, 190, 170), outline=(90, 80, 70), width=6
    )
    draw.polygon([(left - 20, 250), (left + 180, 140), (left + 380, 250)], fill=(160, 60, 50))
    for x in range(left + 40, left + 340, 90):
        draw.rectangle((x, 300, x + 50, 360), fill=(80, 120, 160))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82)
    return out.getvalue()


def _photos(planner: Planner, count: int = 16) -> int:
    """Photos on the latest reports of a few projects under way today (files are written,
    so only a handful)."""
    under_way = list(
        Project.objects.filter(
            source_id__startswith=PREFIX, stage=Stage.IN_PROGRESS, last_report_on__isnull=False
        ).order_by("-last_report_on", "id")[:count]
    )
    made = 0
    for index, project in enumerate(under_way):
        report = project.reports.order_by("-date", "-id").first()
        if report is None:
            continue
        upload = SimpleUploadedFile(
            f"site-{project.number}.jpg", _image(SEED + index), content_type="image/jpeg"
        )
        services.progress_photo_add(actor=SYSTEM, report=report, file=upload)
        made += 1
    return made
