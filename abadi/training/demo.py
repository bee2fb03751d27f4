"""Training and licences of the Ardabil scenario (F10 and F11 of the source article).

* Partner agencies: the province's Technical & Vocational Training, Agriculture Jihad and
  SAMT of the organisations demo, its chamber of guilds, and three guild unions this demo
  registers through the organisations module's service.
* Courses from 1399 to the day the demo runs, in every county, with people of the people
  demo enrolled; in 1400 exactly 3,100 of them completed a course (a certificate each,
  numbered without gaps per course, and a training benefit in the ledger).
* Licences from 1399 on; in 1400 exactly 1,200, issued by Agriculture Jihad, SAMT and the
  guilds. Many holders trained first; some needed the licence for a loan plan of the
  loans demo (named by its number, read through the loans module's selector).

Rows are written in bulk (a few queries per table and one audit event per batch); a
second run finds the demo's courses and creates nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jdatetime

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.audit import audit_record
from abadi.core.imports.bulk import insert_rows
from abadi.core.persian import search_key
from abadi.core.scoping import unscoped
from abadi.geography.models import Area, AreaLevel
from abadi.loans.selectors import application_list
from abadi.organisations.models import Organisation, OrganisationKind
from abadi.organisations.services import organisation_create
from abadi.people.demo import demo_persons
from abadi.people.models import Programme
from abadi.people.services import BenefitRow, benefits_record_bulk
from abadi.training.audit import Action
from abadi.training.models import (
    Course,
    CourseField,
    Enrolment,
    EnrolmentStatus,
    Licence,
    LicenceKind,
)
from abadi.training.services import certificate_number

SEED = 14001400
PROVINCE = "24"
SOURCE = "demo-course-"
COMPLETED_1400 = 3_100
LICENCES_1400 = 1_200
# Licences of 1400 by issuing agency (the rest of the 1,200 go to the guilds).
LICENCES_1400_JIHAD = 470
LICENCES_1400_SAMT = 390

GUILD_UNIONS = [
    "اتحادیه صنف خیاطان و تولیدکنندگان پوشاک اردبیل",
    "اتحادیه صنایع دستی و فرش دستباف اردبیل",
    "اتحادیه صنف تولیدکنندگان لبنیات سنتی اردبیل",
]

COUNTY_WEIGHTS = {
    "2401": 22, "2402": 7, "2403": 9, "2404": 10, "2405": 7, "2406": 11,
    "2407": 5, "2408": 6, "2409": 6, "2410": 6, "2411": 6, "2412": 5,
}  # fmt: skip

# field → (titles, hours, agency kind that usually holds it)
COURSES: dict[str, tuple[list[str], int, str]] = {
    CourseField.BEEKEEPING: (["پرورش زنبور عسل", "پرورش مرغ بومی"], 60, OrganisationKind.AGRICULTURE_JIHAD),
    CourseField.GREENHOUSE: (["پرورش سبزی و صیفی گلخانه‌ای", "پرورش قارچ خوراکی"], 80, OrganisationKind.AGRICULTURE_JIHAD),
    CourseField.LIVESTOCK: (["پرواربندی گوساله", "پرورش دام سبک"], 50, OrganisationKind.AGRICULTURE_JIHAD),
    CourseField.AGRICULTURE: (["باغبانی و هرس درختان", "آبیاری تحت فشار"], 40, OrganisationKind.AGRICULTURE_JIHAD),
    CourseField.CARPET: (["قالی‌بافی", "گلیم و جاجیم‌بافی"], 120, OrganisationKind.TVTO),
    CourseField.HANDICRAFTS: (["سفالگری", "چاقوسازی و مس‌کاری"], 90, OrganisationKind.TVTO),
    CourseField.TAILORING: (["خیاطی زنانه", "دوخت لباس محلی"], 150, OrganisationKind.TVTO),
    CourseField.FOOD: (["تولید لبنیات سنتی", "بسته‌بندی عسل و خشکبار"], 60, OrganisationKind.SAMT),
    CourseField.COMPUTER: (["مهارت‌های هفت‌گانه رایانه", "فروش اینترنتی محصولات روستایی"], 70, OrganisationKind.TVTO),
    CourseField.REPAIR: (["تعمیر ادوات کشاورزی", "تعمیر موتورسیکلت"], 100, OrganisationKind.TVTO),
    CourseField.BUSINESS: (["آموزش کارآفرینی و کسب‌وکار خانگی", "بازاریابی محصولات"], 30, OrganisationKind.SAMT),
    CourseField.TOURISM: (["راهنمای بوم‌گردی", "اقامتگاه بوم‌گردی"], 45, OrganisationKind.GUILD),
}  # fmt: skip

# Jalali year → courses begun (1400 is planned to its completions instead).
COURSES_PER_YEAR = {1399: 20, 1401: 45, 1402: 45, 1403: 45, 1404: 45, 1405: 40}
LICENCES_PER_YEAR = {1399: 160, 1401: 900, 1402: 850, 1403: 820, 1404: 780, 1405: 520}

LICENCE_KINDS: dict[str, list[str]] = {
    OrganisationKind.AGRICULTURE_JIHAD: [LicenceKind.AGRI_ESTABLISHMENT, LicenceKind.AGRI_OPERATING],
    OrganisationKind.SAMT: [LicenceKind.OPERATING, LicenceKind.BUSINESS],
    OrganisationKind.GUILD: [LicenceKind.HOME_BUSINESS, LicenceKind.BUSINESS, LicenceKind.HANDICRAFTS],
}  # fmt: skip
ACTIVITIES: dict[str, list[str]] = {
    LicenceKind.AGRI_ESTABLISHMENT: ["زنبورداری", "گلخانه سبزی", "پرواربندی دام", "پرورش قارچ"],
    LicenceKind.AGRI_OPERATING: ["واحد زنبورداری", "گلخانه", "دامداری صنعتی کوچک"],
    LicenceKind.OPERATING: ["کارگاه بسته‌بندی عسل", "کارگاه لبنیات", "کارگاه نجاری"],
    LicenceKind.BUSINESS: ["فروشگاه محصولات روستایی", "تعمیرگاه ادوات"],
    LicenceKind.HOME_BUSINESS: ["خیاطی خانگی", "لبنیات خانگی", "شیرینی‌پزی خانگی"],
    LicenceKind.HANDICRAFTS: ["قالی‌بافی", "گلیم‌بافی", "سفالگری"],
}


def jdate(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return jdate(year, 1, 1), jdate(year + 1, 1, 1) - datetime.timedelta(days=1)


@dataclass
class PlannedCourse:
    number: int
    county: Area
    place: Area
    course_field: str
    title: str
    agency: Organisation
    starts_on: datetime.date
    ends_on: datetime.date
    hours: int
    capacity: int
    completing: int  # how many will complete (if the course has ended)
    enrolled: int
    withdrawing: int
    people: list[Any] = field(default_factory=list)


def _agencies(province: Area) -> dict[str, list[Organisation]]:
    """The province's partner agencies by kind; the guild unions are registered here if
    the organisations demo did not bring them."""
    known = {
        organisation.search_key: organisation
        for organisation in unscoped(Organisation.objects.filter(area=province))
    }
    for name in GUILD_UNIONS:
        if search_key(name) not in known:
            created = organisation_create(
                actor=SYSTEM, name=name, kind=OrganisationKind.GUILD, area=province
            )
            known[created.search_key] = created
    by_kind: dict[str, list[Organisation]] = defaultdict(list)
    for organisation in sorted(known.values(), key=lambda o: o.pk):
        by_kind[organisation.kind].append(organisation)
    return by_kind


class Planner:
    def __init__(self, counties, places, persons, agencies, rng: random.Random) -> None:
        self.counties, self.places, self.persons = counties, places, persons
        self.agencies, self.rng = agencies, rng
        self.weights = [COUNTY_WEIGHTS.get(county.code, 5) for county in counties]
        self.number = 0

    def agency(self, kind: str) -> Organisation:
        if kind == OrganisationKind.TVTO and self.agencies.get(OrganisationKind.TVTO):
            return self.agencies[OrganisationKind.TVTO][0]
        pool = self.agencies.get(kind) or self.agencies[OrganisationKind.TVTO]
        return self.rng.choice(pool)

    def course(
        self, starts_on: datetime.date, *, completing: int, enrolling: int = 0
    ) -> PlannedCourse:
        rng = self.rng
        self.number += 1
        county = rng.choices(self.counties, self.weights)[0]
        course_field = rng.choice(list(COURSES))
        titles, hours, kind = COURSES[course_field]
        # Most courses are held with Technical & Vocational Training; the rest with the
        # agency of the trade.
        agency = self.agency(OrganisationKind.TVTO if rng.random() < 0.45 else kind)
        days = max(5, hours // 6)
        places = self.places.get(county.pk) or [county]
        enrolled = completing + rng.choice([0, 0, 1, 2, 3]) + enrolling
        return PlannedCourse(
            number=self.number,
            county=county,
            place=county if rng.random() < 0.4 else rng.choice(places),
            course_field=course_field,
            title=rng.choice(titles),
            agency=agency,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=days),
            hours=hours,
            capacity=enrolled + rng.choice([0, 2, 5]),
            completing=completing,
            enrolled=enrolled,
            withdrawing=min(enrolled - completing, rng.choice([0, 0, 1])),
        )

    def sizes(self, total: int) -> list[int]:
        """Class sizes of 18–30 adding up to exactly ``total``."""
        sizes: list[int] = []
        while total - sum(sizes) > 30:
            sizes.append(self.rng.randint(18, 30))
        sizes.append(total - sum(sizes))
        return sizes

    def courses(self, today: datetime.date) -> list[PlannedCourse]:
        rng = self.rng
        planned: list[PlannedCourse] = []
        first, last = year_bounds(1400)
        for size in self.sizes(COMPLETED_1400):
            # Every course of 1400 begins and ends within it: its completions count in 1400.
            start = first + datetime.timedelta(days=rng.randrange(0, (last - first).days - 40))
            planned.append(self.course(start, completing=size))
        for offset in (2, 5, 9, 13):
            # A few begin in the coming days: people are enrolling in them now.
            start = today + datetime.timedelta(days=offset)
            planned.append(self.course(start, completing=0, enrolling=rng.randint(8, 20)))
        for year, count in COURSES_PER_YEAR.items():
            first, last = year_bounds(year)
            last = min(last, today + datetime.timedelta(days=20))
            if year == 1399:
                last -= datetime.timedelta(days=40)  # ended, and completed, within 1399
            for _ in range(count):
                start = first + datetime.timedelta(
                    days=rng.randrange(0, max((last - first).days, 1))
                )
                planned.append(self.course(start, completing=rng.randint(15, 28)))
        return planned

    def people_for(self, course: PlannedCourse) -> list[Any]:
        pool = self.persons.get(course.county.pk) or []
        return self.rng.sample(pool, min(course.enrolled, len(pool)))


def build(*, log: Callable[[str], None]) -> None:
    province = unscoped(Area.objects.filter(code=PROVINCE)).first()
    if province is None:
        log("  training: Ardabil (24) is not loaded; skipped")
        return
    if Course.objects.filter(source_id__startswith=SOURCE).exists():
        log("  training: already built")
        return
    counties = list(
        unscoped(Area.objects.filter(parent=province, level=AreaLevel.COUNTY)).order_by("code")
    )
    persons = _persons(counties)
    if not any(persons.values()):
        log("  training: no demo people in Ardabil; skipped (run the people demo first)")
        return
    rng = random.Random(SEED)
    today = clock.today()
    agencies = _agencies(province)
    places = _places(persons)
    planner = Planner(counties, places, persons, agencies, rng)
    planned = planner.courses(today)
    courses = _write_courses(planned)
    enrolments, completions = _write_enrolments(planned, courses, planner, today)
    benefits = benefits_record_bulk(
        actor=SYSTEM,
        rows=[
            BenefitRow(
                programme=Programme.TRAINING,
                date=enrolment.completed_on,
                value=0,
                area=course.place,
                source=enrolment,
                person=enrolment.person,
                household=enrolment.person.household,
                note=f"گواهی {enrolment.certificate_no}: {course.title}",
            )
            for course, enrolment in completions
        ],
        action_note="آموزش: پایان دوره‌های نمایشی",
    )
    licences = _write_licences(
        counties, agencies, completions, persons, rng, today, loans=_loan_plans()
    )
    audit_record(
        actor=SYSTEM,
        action=Action.BULK,
        new={"courses": len(courses), "enrolments": enrolments, "licences": licences},
    )
    log(
        f"  training: {len(courses)} courses, {enrolments} enrolments, {len(completions)} "
        f"certificates ({benefits} ledger rows), {licences} licences"
    )


def _persons(counties: list[Area]) -> dict[int, list[Any]]:
    """The demo's adults by the county they live in."""
    by_path = {county.path: county.pk for county in counties}
    found: dict[int, list[Any]] = defaultdict(list)
    for person in demo_persons(100_000, min_age=18):
        county = next(
            (pk for path, pk in by_path.items() if person.area.path.startswith(path)), None
        )
        if county is not None:
            found[county].append(person)
    return found


def _places(persons: dict[int, list[Any]]) -> dict[int, list[Area]]:
    """Villages of each county where its people live (courses are held there too)."""
    places: dict[int, dict[int, Area]] = defaultdict(dict)
    for county, people in persons.items():
        for person in people[:400]:
            places[county][person.area_id] = person.area
    return {county: list(found.values()) for county, found in places.items()}


def _write_courses(planned: list[PlannedCourse]) -> list[Course]:
    rows = [
        Course(
            title=course.title,
            field=course.course_field,
            agency=course.agency,
            area=course.county,
            place=course.place,
            venue=f"آموزشگاه {course.place.name}",
            starts_on=course.starts_on,
            ends_on=course.ends_on,
            hours=course.hours,
            capacity=course.capacity,
            source_id=f"{SOURCE}{course.number}",
        )
        for course in planned
    ]
    return Course.objects.bulk_create(rows, batch_size=500)


ENROLMENT_FIELDS = (
    "course",
    "person",
    "status",
    "enrolled_on",
    "hours_attended",
    "completed_on",
    "withdrawn_on",
    "certificate_seq",
    "certificate_no",
    "note",
    "created_at",
    "updated_at",
)


def _write_enrolments(planned, courses, planner: Planner, today: datetime.date):
    """Enrolments of every course; those of a course that has ended complete it (with
    their certificates), a few withdraw; the seat counts and certificate counters follow.
    Written as rows (``insert_rows``), then the completions read back with their ids."""
    rows: list[tuple] = []
    now = clock.now()
    for plan, course in zip(planned, courses, strict=True):
        people = planner.people_for(plan)
        ended = plan.ends_on <= today
        started = plan.starts_on <= today
        enrolled_on = min(
            plan.starts_on - datetime.timedelta(days=planner.rng.randint(3, 20)), today
        )
        seq = seats = 0
        for index, person in enumerate(people):
            status: str = EnrolmentStatus.ENROLLED
            hours, note = 0, ""
            finished: datetime.date | None = None
            withdrawn: datetime.date | None = None
            number: int | None = None
            if ended and index < plan.completing:
                seq += 1
                status, finished, number = EnrolmentStatus.COMPLETED, plan.ends_on, seq
                hours = plan.hours - planner.rng.choice([0, 0, 0, 2, 4])
            elif started and index >= len(people) - plan.withdrawing:
                status = EnrolmentStatus.WITHDRAWN
                withdrawn = min(plan.starts_on + datetime.timedelta(days=2), today)
                note = "انصراف به دلیل کار فصلی"
            elif started:
                hours = min(plan.hours, (min(today, plan.ends_on) - plan.starts_on).days * 6)
            seats += status != EnrolmentStatus.WITHDRAWN
            rows.append(
                (
                    course.pk,
                    person.pk,
                    status,
                    enrolled_on,
                    hours,
                    finished,
                    withdrawn,
                    number,
                    certificate_number(course, number) if number else None,
                    note,
                    now,
                    now,
                )
            )
        course.enrolled_count = seats
        course.last_certificate = seq
    insert_rows(Enrolment, ENROLMENT_FIELDS, rows)
    Course.objects.bulk_update(courses, ["enrolled_count", "last_certificate"], batch_size=500)
    by_pk = {course.pk: course for course in courses}
    everyone = {person.pk: person for pool in planner.persons.values() for person in pool}
    completed: list[tuple[Course, Enrolment]] = []
    done = Enrolment.objects.filter(
        course_id__in=list(by_pk), status=EnrolmentStatus.COMPLETED
    ).values_list("pk", "course_id", "person_id", "completed_on", "certificate_no")
    for pk, course_id, person_id, completed_on, certificate_no in done.order_by("pk"):
        enrolment = Enrolment(
            pk=pk,
            course_id=course_id,
            person=everyone[person_id],
            completed_on=completed_on,
            certificate_no=certificate_no,
        )
        completed.append((by_pk[course_id], enrolment))
    return len(rows), completed


def _loan_plans() -> dict[int, str]:
    """Loan plans with money paid out, by their applicant, through the loans module's
    selector (empty without the loans demo)."""
    found: dict[int, str] = {}
    for status in ("disbursed", "in_operation", "settled"):
        for application in application_list(actor=SYSTEM, status=status).order_by("id"):
            if application.number:
                found.setdefault(application.applicant_id, application.number)
    return found


def _write_licences(counties, agencies, completions, persons, rng, today, *, loans) -> int:
    """1,200 licences in 1400 (Agriculture Jihad, SAMT, the guilds) and the other years'."""
    county_of = {county.path: county for county in counties}
    trained: dict[int, Course] = {}
    for course, enrolment in completions:
        trained.setdefault(enrolment.person_id, course)
    everyone = [person for people in persons.values() for person in people]
    rng.shuffle(everyone)
    # Loan recipients first, then the trained, then anyone: licences follow training.
    ordered = sorted(
        everyone,
        key=lambda p: (p.pk not in loans, p.pk not in trained, rng.random()),
    )
    guilds = agencies.get(OrganisationKind.GUILD, [])
    issuers = [
        (agencies[OrganisationKind.AGRICULTURE_JIHAD][0], LICENCES_1400_JIHAD),
        (agencies[OrganisationKind.SAMT][0], LICENCES_1400_SAMT),
        *_split(guilds, LICENCES_1400 - LICENCES_1400_JIHAD - LICENCES_1400_SAMT),
    ]
    sequence: dict[int, int] = defaultdict(int)
    rows: list[tuple] = []
    holder = iter(ordered * 6)
    now = clock.now()

    def licence(agency: Organisation, year: int) -> tuple:
        person = next(holder)
        first, last = year_bounds(year)
        last = min(last, today)
        issued = first + datetime.timedelta(days=rng.randrange(0, max((last - first).days, 1)))
        kind = rng.choice(LICENCE_KINDS.get(agency.kind, [LicenceKind.BUSINESS]))
        sequence[agency.pk] += 1
        course = trained.get(person.pk)
        county = next(c for path, c in county_of.items() if person.area.path.startswith(path))
        return (
            kind,
            agency.pk,
            f"{agency.pk:02d}-{year}-{sequence[agency.pk]:05d}",
            issued,
            issued + datetime.timedelta(days=365 * rng.choice([3, 4, 5])),
            person.pk,
            county.pk,
            course.pk if course is not None and course.ends_on <= issued else None,
            loans.get(person.pk, "") if year in (1400, 1401) else "",
            rng.choice(ACTIVITIES[kind]),
            "",
            now,
            now,
        )

    for agency, count in issuers:
        rows.extend(licence(agency, 1400) for _ in range(count))
    kinds = [
        agencies[OrganisationKind.AGRICULTURE_JIHAD][0],
        agencies[OrganisationKind.SAMT][0],
        *guilds,
    ]
    for year, count in LICENCES_PER_YEAR.items():
        rows.extend(licence(rng.choice(kinds), year) for _ in range(count))
    insert_rows(Licence, LICENCE_FIELDS, rows)
    return len(rows)


LICENCE_FIELDS = (
    "kind",
    "agency",
    "number",
    "issued_on",
    "expires_on",
    "person",
    "area",
    "course",
    "loan_number",
    "activity",
    "note",
    "created_at",
    "updated_at",
)


def _split(guilds: list[Organisation], total: int) -> list[tuple[Organisation, int]]:
    share, rest = divmod(total, len(guilds))
    return [(guild, share + (1 if index < rest else 0)) for index, guild in enumerate(guilds)]
