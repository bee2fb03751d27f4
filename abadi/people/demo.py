"""The demo population: about 3,000 households in the villages of Ardabil's counties.

Everything is drawn from one seeded generator, so every run plans the same people with
the same (checksum-valid) national codes; rows are keyed by ``source_id``
("demo-household-N", "demo-person-N") and a second run creates nothing. Later modules'
demos attach their records to these people through :func:`demo_households` and
:func:`demo_persons`.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import jdatetime
from django.db.models import OuterRef, Subquery

from abadi.core import clock
from abadi.core.jalali import jalali_year_of
from abadi.core.scoping import unscoped
from abadi.core.validators import national_code_check_digit
from abadi.geography.models import Area, AreaLevel
from abadi.people.models import Benefit, Household, Person, Programme, Sex
from abadi.people.names import ADDRESS_PARTS, FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES

PROVINCE_CODE = "24"
HOUSEHOLDS = 3000
SEED = 1401
# The article's day, 1401/02/18: ages are reckoned on it (the demo itself runs to today).
REFERENCE_DATE = datetime.date(2022, 5, 8)
HOUSEHOLD_PREFIX = "demo-household-"
PERSON_PREFIX = "demo-person-"
DUPLICATE_PREFIX = "demo-duplicate-"
DUPLICATES = 12
# Households the medical teams visit in a year (1401's first 350 by the article's day).
MEDICAL_VISITS = {1399: 500, 1400: 700}
MEDICAL_VISITS_LATER = 1_000
MOBILE_PREFIXES = ("0914",) * 6 + ("0910", "0912", "0935", "0936", "0938", "0990", "0901")
SIZE_WEIGHTS = {1: 7, 2: 14, 3: 22, 4: 27, 5: 17, 6: 9, 7: 4}
DECILE_WEIGHTS = (15, 14, 13, 12, 11, 10, 8, 7, 6, 4)


@dataclass
class PlannedPerson:
    number: int
    first_name: str
    last_name: str
    father_name: str
    sex: str
    birth_date: datetime.date
    national_code: str | None
    mobile: str
    disabled: bool


@dataclass
class PlannedHousehold:
    number: int
    area: Area
    address: str
    ikrf: bool
    welfare: bool
    female_headed: bool
    decile: int | None
    members: list[PlannedPerson] = field(default_factory=list)


class _Planner:
    def __init__(self, villages: list[Area]) -> None:
        self.rng = random.Random(SEED)
        self.villages = villages
        self.codes: set[str] = set()
        self.person_number = 0

    def national_code(self) -> str | None:
        if self.rng.random() < 0.02:  # some people, often older villagers, have none on file
            return None
        while True:
            first_nine = f"{self.rng.randrange(1, 10**9):09d}"
            code = first_nine + str(national_code_check_digit(first_nine))
            if len(set(code)) > 1 and code not in self.codes:
                self.codes.add(code)
                return code

    def mobile(self, age: int) -> str:
        if age < 16 or self.rng.random() < 0.2:
            return ""
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**7):07d}"

    def birth_date(self, age: int) -> datetime.date:
        return REFERENCE_DATE - datetime.timedelta(days=age * 365 + self.rng.randrange(365))

    def person(self, *, first: str, last: str, father: str, sex: str, age: int) -> PlannedPerson:
        self.person_number += 1
        return PlannedPerson(
            number=self.person_number,
            first_name=first,
            last_name=last,
            father_name=father,
            sex=sex,
            birth_date=self.birth_date(age),
            national_code=self.national_code(),
            mobile=self.mobile(age),
            disabled=self.rng.random() < 0.025,
        )

    def household(self, number: int) -> PlannedHousehold:
        rng = self.rng
        village = rng.choice(self.villages)
        size = rng.choices(list(SIZE_WEIGHTS), weights=list(SIZE_WEIGHTS.values()))[0]
        female_headed = rng.random() < 0.09
        plan = PlannedHousehold(
            number=number,
            area=village,
            address=f"{village.name}، {rng.choice(ADDRESS_PARTS)}",
            ikrf=rng.random() < 0.12,
            welfare=rng.random() < 0.06,
            female_headed=female_headed,
            decile=None if rng.random() < 0.15 else rng.choices(range(1, 11), DECILE_WEIGHTS)[0],
        )
        family = rng.choice(LAST_NAMES)
        head_age = rng.randrange(24, 78)
        if female_headed:
            head = self.person(
                first=rng.choice(FEMALE_FIRST_NAMES),
                last=rng.choice(LAST_NAMES),
                father=rng.choice(MALE_FIRST_NAMES),
                sex=Sex.FEMALE,
                age=head_age,
            )
            father_of_children = rng.choice(MALE_FIRST_NAMES)
            mother_age = head_age
        else:
            head = self.person(
                first=rng.choice(MALE_FIRST_NAMES),
                last=family,
                father=rng.choice(MALE_FIRST_NAMES),
                sex=Sex.MALE,
                age=head_age,
            )
            father_of_children = head.first_name
            mother_age = max(18, head_age - rng.randrange(0, 9))
        plan.members.append(head)
        if not female_headed and size > 1:
            plan.members.append(
                self.person(
                    first=rng.choice(FEMALE_FIRST_NAMES),
                    last=rng.choice(LAST_NAMES),
                    father=rng.choice(MALE_FIRST_NAMES),
                    sex=Sex.FEMALE,
                    age=mother_age,
                )
            )
        oldest_child = max(0, min(32, mother_age - 18))
        while len(plan.members) < size:
            sex = rng.choice((Sex.MALE, Sex.FEMALE))
            names = MALE_FIRST_NAMES if sex == Sex.MALE else FEMALE_FIRST_NAMES
            plan.members.append(
                self.person(
                    first=rng.choice(names),
                    last=family,
                    father=father_of_children,
                    sex=sex,
                    age=rng.randrange(0, oldest_child + 1),
                )
            )
        return plan


def _villages() -> list[Area]:
    return list(
        unscoped(Area.objects.filter(level=AreaLevel.VILLAGE, code__startswith=PROVINCE_CODE))
        .only("id", "code", "name", "path")
        .order_by("code")
    )


def plan_population(villages: list[Area], households: int = HOUSEHOLDS) -> list[PlannedHousehold]:
    planner = _Planner(villages)
    return [planner.household(number) for number in range(1, households + 1)]


def _person_row(planned: PlannedPerson, home: PlannedHousehold, household_id: int) -> Person:
    person = Person(
        national_code=planned.national_code,
        first_name=planned.first_name,
        last_name=planned.last_name,
        father_name=planned.father_name,
        birth_date=planned.birth_date,
        sex=planned.sex,
        mobile=planned.mobile,
        area_id=home.area.pk,
        household_id=household_id,
        ikrf_covered=home.ikrf,
        welfare_covered=home.welfare,
        disabled=planned.disabled,
        female_headed=home.female_headed,
        income_decile=home.decile,
        source_id=f"{PERSON_PREFIX}{planned.number}",
    )
    person.fill_keys()
    return person


def _without_taken_codes(plan: list[PlannedHousehold]) -> None:
    """A code some real record already holds is dropped from the demo person."""
    planned = {p.national_code: p for h in plan for p in h.members if p.national_code}
    codes = list(planned)
    for start in range(0, len(codes), 900):
        taken = Person.objects.filter(national_code__in=codes[start : start + 900]).exclude(
            source_id__startswith=PERSON_PREFIX
        )
        for code in taken.values_list("national_code", flat=True):
            if code is not None:
                planned[code].national_code = None


def build(*, log: Callable[[str], None]) -> None:
    villages = _villages()
    if not villages:
        log("  people: no villages of Ardabil (code 24…) loaded; skipped")
        return
    plan = plan_population(villages, HOUSEHOLDS)
    _without_taken_codes(plan)
    households = _build_households(plan)
    persons = _build_persons(plan)
    duplicates = _build_duplicates(plan)
    benefits = _build_benefits(plan)
    log(
        f"  people: {households} households, {persons} persons, {duplicates} duplicate records, "
        f"{benefits} ledger rows created"
    )


def _build_households(plan: list[PlannedHousehold]) -> int:
    existing = set(
        Household.objects.filter(source_id__startswith=HOUSEHOLD_PREFIX).values_list(
            "source_id", flat=True
        )
    )
    new = [
        Household(area_id=h.area.pk, address=h.address, source_id=f"{HOUSEHOLD_PREFIX}{h.number}")
        for h in plan
        if f"{HOUSEHOLD_PREFIX}{h.number}" not in existing
    ]
    Household.objects.bulk_create(new, batch_size=1000)
    return len(new)


def _build_persons(plan: list[PlannedHousehold]) -> int:
    household_ids = dict(
        Household.objects.filter(source_id__startswith=HOUSEHOLD_PREFIX).values_list(
            "source_id", "pk"
        )
    )
    existing = set(
        Person.objects.filter(source_id__startswith=PERSON_PREFIX).values_list(
            "source_id", flat=True
        )
    )
    rows = []
    for home in plan:
        household_id = household_ids[f"{HOUSEHOLD_PREFIX}{home.number}"]
        for member in home.members:
            if f"{PERSON_PREFIX}{member.number}" not in existing:
                rows.append(_person_row(member, home, household_id))
    Person.objects.bulk_create(rows, batch_size=1000)
    # A household's head is its first member, the lowest id among its demo persons.
    first_member = (
        Person.objects.filter(household=OuterRef("pk"), source_id__startswith=PERSON_PREFIX)
        .order_by("id")
        .values("id")[:1]
    )
    Household.objects.filter(source_id__startswith=HOUSEHOLD_PREFIX, head__isnull=True).update(
        head=Subquery(first_member)
    )
    return len(rows)


def _build_duplicates(plan: list[PlannedHousehold]) -> int:
    """Adults entered a second time without a national code (as a paper list would
    bring them in), for the duplicate review page to find."""
    rng = random.Random(SEED + 1)
    existing = set(
        Person.objects.filter(source_id__startswith=DUPLICATE_PREFIX).values_list(
            "source_id", flat=True
        )
    )
    rows = []
    for index in range(1, DUPLICATES + 1):
        home = plan[rng.randrange(len(plan))]
        original = home.members[0]
        source_id = f"{DUPLICATE_PREFIX}{index}"
        if source_id in existing:
            continue
        person = Person(
            first_name=original.first_name,
            last_name=original.last_name,
            father_name=original.father_name,
            birth_date=original.birth_date,
            sex=original.sex,
            mobile=original.mobile if index % 2 else "",
            area_id=home.area.pk,
            source_id=source_id,
        )
        person.fill_keys()
        rows.append(person)
    Person.objects.bulk_create(rows)
    return len(rows)


def medical_campaigns(today: datetime.date) -> dict[str, tuple[datetime.date, datetime.date, int]]:
    """campaign key → (first day, last day, households visited), one a year from 1399 to
    today; 1401's first part runs to the article's day, as the article saw it."""
    campaigns = {}
    for year in range(1399, jalali_year_of(today) + 1):
        first = jdatetime.date(year, 1, 1).togregorian()
        last = min(jdatetime.date(year + 1, 1, 1).togregorian() - datetime.timedelta(days=1), today)
        if year == 1401:
            campaigns["medical:1401"] = (first, REFERENCE_DATE, 350)
            first = REFERENCE_DATE + datetime.timedelta(days=1)
            key, visits = "medical:1401-2", MEDICAL_VISITS_LATER - 350
        else:
            key, visits = f"medical:{year}", MEDICAL_VISITS.get(year, MEDICAL_VISITS_LATER)
        if first > today:
            break
        year_days = (jdatetime.date(year + 1, 1, 1).togregorian() - first).days
        campaigns[key] = (first, last, visits * ((last - first).days + 1) // year_days)
    return campaigns


def _build_benefits(plan: list[PlannedHousehold]) -> int:
    """Free medical visits of the office's medical teams, recorded per household."""
    household_ids = dict(
        Household.objects.filter(source_id__startswith=HOUSEHOLD_PREFIX).values_list(
            "source_id", "pk"
        )
    )
    campaigns = medical_campaigns(clock.today())
    done = set(
        Benefit.objects.filter(campaign__in=list(campaigns))
        .values_list("campaign", flat=True)
        .distinct()
    )
    rng = random.Random(SEED + 2)
    rows = []
    for campaign, (first, last, visits) in campaigns.items():
        days = (last - first).days
        chosen = rng.sample(plan, min(visits, len(plan)))
        if campaign in done:
            continue
        for home in chosen:
            rows.append(
                Benefit(
                    household_id=household_ids[f"{HOUSEHOLD_PREFIX}{home.number}"],
                    programme=Programme.MEDICAL,
                    date=first + datetime.timedelta(days=rng.randrange(days + 1)),
                    value=rng.randrange(5, 60) * 100_000,
                    area_id=home.area.pk,
                    campaign=campaign,
                    note="ویزیت و داروی رایگان تیم پزشکی جهادی",
                )
            )
    Benefit.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def demo_households(count: int, *, area: Area | None = None) -> list[Household]:
    """The first ``count`` demo households (in ``area``'s subtree if given), always the same
    ones in the same order, with head and area loaded — for other modules' demos."""
    households = unscoped(Household.objects.filter(source_id__startswith=HOUSEHOLD_PREFIX))
    if area is not None:
        households = households.filter(area__path__startswith=area.path)
    return list(households.select_related("head", "area").order_by("id")[:count])


def demo_persons(
    count: int, *, min_age: int = 18, area: Area | None = None, sex: str = ""
) -> list[Person]:
    """The first ``count`` demo persons at least ``min_age`` years old on the demo's
    reference day (1401/02/18), with area and household loaded."""
    born_by = REFERENCE_DATE - datetime.timedelta(days=min_age * 366)
    persons = unscoped(
        Person.objects.filter(source_id__startswith=PERSON_PREFIX, birth_date__lte=born_by)
    )
    if area is not None:
        persons = persons.filter(area__path__startswith=area.path)
    if sex:
        persons = persons.filter(sex=sex)
    return list(persons.select_related("area", "household").order_by("id")[:count])
