"""Occasions and events of the Ardabil scenario (F13 of the source article).

* Basij Sazandegi week (15–23 Ordibehesht) of every year from 1399 to the day the demo
  runs. In 1401 ("هفته بسیج سازندگی ۱۴۰۱", the article's week) exactly 510 programmes are
  planned across the twelve counties in the article's kinds: the provincial manoeuvre in
  every county, meetings with the Friday prayer leaders, medical teams, "alongside the
  farmer", visits to martyrs' families, the cleaning of the martyrs' cemeteries, free
  educational, cultural, legal and psychological services, service desks,
  groundbreakings, 220 inaugurations — 203 of them of home solar plants — the province's
  release ceremony, and ten resistance-economy exhibitions; four more were planned and
  then cancelled. The projects and aid cases these events open or free are other modules'
  records: the events are written without links to them.
* Everyday programmes of the counties between the weeks (medical teams, counselling,
  visits, desks…) up to the day the demo runs, a few planned for the coming days.
* Exhibitions with their exhibitors: workshops of loan recipients of the loans demo
  (named by their plan's number, read through the loans module's selector) and others,
  with their sales and visitors.

Rows are written in bulk (a few queries per table and one audit event per batch); a
second run finds the weeks and creates nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jdatetime
from django.utils import timezone

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.audit import audit_record
from abadi.core.imports.bulk import insert_rows
from abadi.core.persian import search_key, to_persian_digits
from abadi.core.scoping import unscoped
from abadi.events.audit import Action
from abadi.events.models import (
    Event,
    EventKind,
    EventLink,
    EventStatus,
    EventStep,
    Exhibitor,
    LinkKind,
    Occasion,
    OrganiserKind,
)
from abadi.geography.models import Area, AreaLevel
from abadi.loans.selectors import application_list
from abadi.projects.models import ProjectType
from abadi.projects.selectors import steps_taken

SEED = 14010215
PROVINCE = "24"
SOURCE = "demo-event-"
WEEK = "هفته بسیج سازندگی {year}"
ARTICLE_YEAR = 1401
PLANNED_1401 = 510
CANCELLED_1401 = 4
SOLAR_1401 = 203

COUNTY_WEIGHTS = {
    "2401": 20, "2402": 7, "2403": 9, "2404": 10, "2405": 7, "2406": 10,
    "2407": 6, "2408": 6, "2409": 6, "2410": 6, "2411": 7, "2412": 6,
}  # fmt: skip

# The article's week: kinds besides the manoeuvre, the meetings with the Friday prayer
# leaders (one of each in every county), the inaugurations and the release ceremony.
WEEK_1401 = {
    EventKind.MEDICAL_TEAM: 60,
    EventKind.ALONGSIDE_FARMER: 40,
    EventKind.MARTYRS_FAMILIES: 50,
    EventKind.CEMETERY_CLEANING: 24,
    EventKind.EDUCATION_CULTURE: 30,
    EventKind.COUNSELLING: 24,
    EventKind.SERVICE_DESK: 12,
    EventKind.GROUNDBREAKING: 15,
    EventKind.EXHIBITION: 10,
}
OTHER_INAUGURATIONS_1401 = 17
# Other years' weeks: how many programmes (COVID held 1399's small).
WEEK_SIZES = {1399: 140, 1400: 420, 1402: 440, 1403: 455, 1404: 470, 1405: 480}
EVERYDAY = (
    EventKind.MEDICAL_TEAM,
    EventKind.COUNSELLING,
    EventKind.MARTYRS_FAMILIES,
    EventKind.EDUCATION_CULTURE,
    EventKind.SERVICE_DESK,
    EventKind.ALONGSIDE_FARMER,
    EventKind.CEMETERY_CLEANING,
)

TITLES: dict[str, str] = {
    EventKind.FRIDAY_IMAMS: "دیدار با امام جمعه {county}",
    EventKind.MEDICAL_TEAM: "اعزام تیم پزشکی جهادی به روستای {place}",
    EventKind.ALONGSIDE_FARMER: "طرح همگام با کشاورز در روستای {place}",
    EventKind.MARTYRS_FAMILIES: "دیدار با خانواده‌های شهدا و ایثارگران {place}",
    EventKind.PRISONER_RELEASE: "مراسم آزادی زندانیان جرائم غیرعمد و مالی استان",
    EventKind.CEMETERY_CLEANING: "غبارروبی گلزار شهدای {place}",
    EventKind.EDUCATION_CULTURE: "خدمات آموزشی و فرهنگی رایگان در {place}",
    EventKind.COUNSELLING: "مشاوره رایگان حقوقی و روان‌شناختی در {place}",
    EventKind.SERVICE_DESK: "میز خدمت بسیج سازندگی در فرمانداری {county}",
    EventKind.GROUNDBREAKING: "کلنگ‌زنی طرح محرومیت‌زدایی روستای {place}",
    EventKind.INAUGURATION: "افتتاح طرح محرومیت‌زدایی روستای {place}",
    EventKind.EXHIBITION: "نمایشگاه اقتصاد مقاومتی و محصولات روستایی {county}",
    EventKind.MANOEUVRE: "رزمایش بسیج سازندگی در شهرستان {county}",
    EventKind.OTHER: "برنامه بسیج سازندگی در {place}",
}
SOLAR_TITLE = "افتتاح نیروگاه خورشیدی خانگی در روستای {place}"
SERVED: dict[str, tuple[int, int]] = {
    EventKind.FRIDAY_IMAMS: (20, 60),
    EventKind.MEDICAL_TEAM: (80, 400),
    EventKind.ALONGSIDE_FARMER: (30, 150),
    EventKind.MARTYRS_FAMILIES: (5, 40),
    EventKind.PRISONER_RELEASE: (20, 60),
    EventKind.CEMETERY_CLEANING: (40, 300),
    EventKind.EDUCATION_CULTURE: (30, 200),
    EventKind.COUNSELLING: (20, 120),
    EventKind.SERVICE_DESK: (50, 250),
    EventKind.GROUNDBREAKING: (30, 150),
    EventKind.INAUGURATION: (4, 60),
    EventKind.EXHIBITION: (800, 5000),
    EventKind.MANOEUVRE: (500, 3000),
    EventKind.OTHER: (10, 100),
}
PRODUCTS = ["فرش و گلیم دستباف", "عسل و فرآورده‌های زنبور", "لبنیات محلی", "پوشاک دوخت محلی",
            "سفال و صنایع دستی", "خشکبار و گیاهان دارویی", "شیرینی محلی", "محصولات گلخانه‌ای"]  # fmt: skip
OTHER_WORKSHOPS = ["کارگاه بانوان روستای {place}", "تعاونی روستایی {place}", "گروه تولیدی {place}"]


def jdate(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def week_days(year: int) -> tuple[datetime.date, datetime.date]:
    return jdate(year, 2, 15), jdate(year, 2, 23)


@dataclass
class PlannedEvent:
    number: int
    kind: str
    title: str
    county: Area
    place: Area
    day: datetime.date
    hour: int
    occasion: Occasion | None
    organiser: str
    organiser_name: str = ""
    outcome: str = EventStatus.HELD
    served: int = 0
    report: str = ""
    planned_on: datetime.date | None = None
    exhibitors: list[dict[str, Any]] = field(default_factory=list)
    # The project an inauguration put into service (the projects demo's records).
    project_id: int | None = None


class Planner:
    def __init__(self, counties, villages, rng: random.Random, today: datetime.date) -> None:
        self.counties, self.villages, self.rng, self.today = counties, villages, rng, today
        self.weights = [COUNTY_WEIGHTS.get(county.code, 6) for county in counties]
        self.number = 0

    def county(self) -> Area:
        return self.rng.choices(self.counties, self.weights)[0]

    def event(
        self,
        kind: str,
        day: datetime.date,
        *,
        county: Area | None = None,
        occasion: Occasion | None = None,
        solar: bool = False,
    ) -> PlannedEvent:
        rng = self.rng
        self.number += 1
        county = county or self.county()
        place = rng.choice(self.villages.get(county.pk) or [county])
        if kind in (
            EventKind.FRIDAY_IMAMS,
            EventKind.MANOEUVRE,
            EventKind.EXHIBITION,
            EventKind.SERVICE_DESK,
        ):
            place = county
        title = (SOLAR_TITLE if solar else TITLES[kind]).format(
            county=county.name, place=place.name
        )
        volunteer = kind in (
            EventKind.MEDICAL_TEAM,
            EventKind.CEMETERY_CLEANING,
            EventKind.EDUCATION_CULTURE,
        )
        organiser = (
            OrganiserKind.VOLUNTEER_GROUP
            if volunteer and rng.random() < 0.6
            else OrganiserKind.OFFICE
            if kind in (EventKind.PRISONER_RELEASE, EventKind.MANOEUVRE) and rng.random() < 0.3
            else OrganiserKind.COUNTY_OFFICE
        )
        low, high = SERVED[kind]
        return PlannedEvent(
            number=self.number,
            kind=kind,
            title=title,
            county=county,
            place=place,
            day=day,
            hour=rng.choice([8, 9, 9, 10, 10, 16]),
            occasion=occasion,
            organiser=organiser,
            organiser_name=f"گروه جهادی {rng.choice(GROUPS)} {county.name}"
            if organiser == OrganiserKind.VOLUNTEER_GROUP
            else "",
            served=rng.randint(low, high),
            planned_on=day - datetime.timedelta(days=rng.randint(7, 30)),
        )

    def settle(self, events: list[PlannedEvent], *, unreported: float = 0.04) -> None:
        """What became of each: held (most), not yet reported, or, ahead, still planned."""
        for event in events:
            roll = self.rng.random()
            # An event that opened a project was held: its project's stage says so.
            if event.project_id is None and (event.day > self.today or roll < unreported):
                event.outcome = EventStatus.PLANNED
            else:
                event.outcome = EventStatus.HELD
                event.report = REPORTS.get(event.kind, "برنامه طبق برنامه‌ریزی برگزار شد.").format(
                    served=to_persian_digits(event.served)
                )

    def county_of(self, place: Area) -> Area | None:
        return next((c for c in self.counties if place.path.startswith(c.path)), None)

    def week_1401(self, occasion: Occasion, solar: list[Any]) -> list[PlannedEvent]:
        """The week of the article; ``solar``: the home solar plants the projects module
        put into service that week, each opened at its own inauguration event."""
        first, last = week_days(ARTICLE_YEAR)
        days = [
            first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1)
        ]
        rng = self.rng
        events: list[PlannedEvent] = []
        for county in self.counties:
            events.append(
                self.event(EventKind.MANOEUVRE, rng.choice(days), county=county, occasion=occasion)
            )
            events.append(
                self.event(EventKind.FRIDAY_IMAMS, first, county=county, occasion=occasion)
            )
        inaugurated = list(solar)[:SOLAR_1401]
        for step in inaugurated:
            event = self.event(
                EventKind.INAUGURATION,
                step.on,
                county=self.county_of(step.place) or self.county(),
                occasion=occasion,
                solar=True,
            )
            event.place, event.project_id = step.place, step.project_id
            events.append(event)
        for _ in range(SOLAR_1401 - len(inaugurated)):
            events.append(
                self.event(EventKind.INAUGURATION, rng.choice(days), occasion=occasion, solar=True)
            )
        for _ in range(OTHER_INAUGURATIONS_1401):
            events.append(self.event(EventKind.INAUGURATION, rng.choice(days), occasion=occasion))
        capital = next((c for c in self.counties if c.code == "2401"), self.counties[0])
        events.append(
            self.event(
                EventKind.PRISONER_RELEASE, jdate(1401, 2, 20), county=capital, occasion=occasion
            )
        )
        for kind, count in WEEK_1401.items():
            events.extend(
                self.event(kind, rng.choice(days), occasion=occasion) for _ in range(count)
            )
        assert len(events) == PLANNED_1401
        self.settle(events)
        cancelled = [
            self.event(rng.choice(list(WEEK_1401)), rng.choice(days), occasion=occasion)
            for _ in range(CANCELLED_1401)
        ]
        for event in cancelled:
            event.outcome = EventStatus.CANCELLED
        return events + cancelled

    def week(self, year: int, occasion: Occasion) -> list[PlannedEvent]:
        first, last = week_days(year)
        days = [
            first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1)
        ]
        kinds = [*WEEK_1401, EventKind.INAUGURATION]
        weights = [*WEEK_1401.values(), 60]
        events = [
            self.event(EventKind.MANOEUVRE, self.rng.choice(days), county=c, occasion=occasion)
            for c in self.counties
        ]
        events += [
            self.event(
                self.rng.choices(kinds, weights)[0], self.rng.choice(days), occasion=occasion
            )
            for _ in range(WEEK_SIZES[year] - len(events))
        ]
        self.settle(events)
        for event in self.rng.sample(events, max(1, len(events) // 100)):
            event.outcome = EventStatus.CANCELLED
        return events

    def everyday(
        self, start: datetime.date, end: datetime.date, weeks: set[datetime.date]
    ) -> list[PlannedEvent]:
        """Two or three programmes a month in every county, outside the weeks."""
        rng = self.rng
        events: list[PlannedEvent] = []
        day = start
        while day <= end:
            jalali = jdatetime.date.fromgregorian(date=day)
            month_start = day
            month_end = min(
                (jdatetime.date(jalali.year + (jalali.month == 12), jalali.month % 12 + 1, 1).togregorian()
                 - datetime.timedelta(days=1)),
                end,
            )  # fmt: skip
            span = (month_end - month_start).days + 1
            for county in self.counties:
                for _ in range(rng.choice([2, 2, 3])):
                    when = month_start + datetime.timedelta(days=rng.randrange(span))
                    if when in weeks:
                        continue
                    events.append(self.event(rng.choice(EVERYDAY), when, county=county))
            day = month_end + datetime.timedelta(days=1)
        self.settle(events, unreported=0.02)
        for event in rng.sample(events, max(1, len(events) // 60)):
            if event.day <= self.today:
                event.outcome = EventStatus.CANCELLED
        return events


GROUPS = ["شهید باکری", "امام رضا (ع)", "حضرت زینب (س)", "شهید همت", "بصیرت", "مهاجر", "ثامن‌الائمه"]
REPORTS: dict[str, str] = {
    EventKind.MEDICAL_TEAM: "ویزیت و داروی رایگان برای {served} نفر.",
    EventKind.MANOEUVRE: "رزمایش با حضور گروه‌های جهادی؛ {served} نفر بهره‌مند شدند.",
    EventKind.EXHIBITION: "{served} نفر از نمایشگاه بازدید کردند.",
    EventKind.INAUGURATION: "طرح با حضور مسئولان افتتاح و به بهره‌برداری رسید.",
    EventKind.PRISONER_RELEASE: "زندانیان با کمک خیّران آزاد شدند.",
}


def build(*, log: Callable[[str], None]) -> None:
    province = unscoped(Area.objects.filter(code=PROVINCE)).first()
    if province is None:
        log("  events: Ardabil (24) is not loaded; skipped")
        return
    if Occasion.objects.filter(
        area=province, search_key=search_key(WEEK.format(year=ARTICLE_YEAR))
    ).exists():
        log("  events: already built")
        return
    counties = list(
        unscoped(Area.objects.filter(parent=province, level=AreaLevel.COUNTY)).order_by("code")
    )
    if not counties:
        log("  events: no counties of Ardabil loaded; skipped")
        return
    today = clock.today()
    rng = random.Random(SEED)
    occasions = _occasions(province, today)
    planner = Planner(counties, _villages(counties), rng, today)
    planned: list[PlannedEvent] = []
    weeks: set[datetime.date] = set()
    for year, occasion in sorted(occasions.items()):
        first, last = week_days(year)
        weeks |= {first + datetime.timedelta(days=n) for n in range((last - first).days + 1)}
        planned += (
            planner.week_1401(occasion, _solar_inaugurations())
            if year == ARTICLE_YEAR
            else planner.week(year, occasion)
        )
    planned += planner.everyday(jdate(1399, 1, 1), today + datetime.timedelta(days=10), weeks)
    events = _write(planned)
    _link_projects(planned, events)
    exhibitors = _exhibitors(planned, events, rng, _loan_workshops())
    audit_record(
        actor=SYSTEM,
        action=Action.BULK,
        new={"occasions": len(occasions), "events": len(events), "exhibitors": exhibitors},
    )
    held = sum(1 for event in planned if event.outcome == EventStatus.HELD)
    log(
        f"  events: {len(occasions)} occasions, {len(events)} events ({held} held), "
        f"{exhibitors} exhibitors"
    )


def _occasions(province: Area, today: datetime.date) -> dict[int, Occasion]:
    rows = []
    year = 1399
    while week_days(year)[0] <= today:
        first, last = week_days(year)
        name = WEEK.format(year=to_persian_digits(year))
        rows.append(
            Occasion(
                name=name,
                search_key=search_key(name),
                area=province,
                starts_on=first,
                ends_on=last,
                description="هفته بسیج سازندگی: برنامه‌های محرومیت‌زدایی، خدمات‌رسانی و اقتصاد مقاومتی در همه شهرستان‌ها.",
            )
        )
        year += 1
    created = Occasion.objects.bulk_create(rows)
    return {
        jdatetime.date.fromgregorian(date=occasion.starts_on).year: occasion for occasion in created
    }


def _villages(counties: list[Area]) -> dict[int, list[Area]]:
    """Up to forty villages of each county (deprived ones first)."""
    found: dict[int, list[Area]] = defaultdict(list)
    villages = unscoped(Area.objects.filter(level=AreaLevel.VILLAGE, path__startswith="/IR/24/"))
    for village in villages.defer("geometry").order_by("-deprived", "code"):
        county = next((c for c in counties if village.path.startswith(c.path)), None)
        if county is not None and len(found[county.pk]) < 40:
            found[county.pk].append(village)
    return found


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


EVENT_FIELDS = (
    "title",
    "kind",
    "occasion",
    "area",
    "place",
    "venue",
    "starts_at",
    "ends_at",
    "on",
    "organiser_kind",
    "organiser_name",
    "status",
    "held_on",
    "cancelled_on",
    "people_served",
    "report",
    "cancel_reason",
    "source_id",
    "created_at",
    "updated_at",
)
STEP_FIELDS = ("event", "action", "from_status", "to_status", "on", "at", "note")
CANCEL_REASON = "هم‌زمانی با برنامه دیگر در همان محل"


def _write(planned: list[PlannedEvent]) -> list[int]:
    """The events and their timelines, as rows (``insert_rows``); the events' ids, in the
    order planned, are read back by their source ids."""
    today, now = clock.today(), clock.now()
    rows = []
    for plan in planned:
        held = plan.outcome == EventStatus.HELD
        cancelled = plan.outcome == EventStatus.CANCELLED
        rows.append(
            (
                plan.title,
                plan.kind,
                plan.occasion.pk if plan.occasion else None,
                plan.county.pk,
                plan.place.pk,
                "",
                _moment(plan.day, plan.hour),
                _moment(plan.day, min(plan.hour + 3, 23)),
                plan.day,
                plan.organiser,
                plan.organiser_name,
                plan.outcome,
                plan.day if held else None,
                min(plan.day - datetime.timedelta(days=1), today) if cancelled else None,
                plan.served if held else 0,
                plan.report if held else "",
                CANCEL_REASON if cancelled else "",
                f"{SOURCE}{plan.number}",
                now,
                now,
            )
        )
    insert_rows(Event, EVENT_FIELDS, rows)
    ids = dict(Event.objects.filter(source_id__startswith=SOURCE).values_list("source_id", "pk"))
    events = [ids[f"{SOURCE}{plan.number}"] for plan in planned]
    steps: list[tuple[Any, ...]] = []
    for plan, event in zip(planned, events, strict=True):
        planned_on = min(plan.planned_on or plan.day, today)
        steps.append((event, "plan", "", EventStatus.PLANNED, planned_on, now, ""))
        if plan.outcome == EventStatus.HELD:
            steps.append((event, "hold", EventStatus.PLANNED, EventStatus.HELD, plan.day, now, ""))
        elif plan.outcome == EventStatus.CANCELLED:
            cancelled_on = min(plan.day - datetime.timedelta(days=1), today)
            steps.append(
                (event, "cancel", EventStatus.PLANNED, EventStatus.CANCELLED,
                 max(cancelled_on, planned_on), now, CANCEL_REASON)
            )  # fmt: skip
    insert_rows(EventStep, STEP_FIELDS, steps)
    return events


def _solar_inaugurations() -> list[Any]:
    """The home solar plants put into service in the week of the article, through the
    projects module's selector (empty without the projects demo)."""
    first, last = week_days(ARTICLE_YEAR)
    return steps_taken(
        actor=SYSTEM, action="inaugurate", start=first, end=last, project_type=ProjectType.SOLAR
    )


def _link_projects(planned: list[PlannedEvent], events: list[int]) -> None:
    """Each inauguration event names the project it opened (as the events page links one)."""
    EventLink.objects.bulk_create(
        EventLink(
            event_id=event, kind=LinkKind.PROJECT, target_id=plan.project_id, label=plan.title
        )
        for plan, event in zip(planned, events, strict=True)
        if plan.project_id is not None
    )


def _loan_workshops() -> list[tuple[str, Any, str, str]]:
    """(plan number, applicant, plan title, county path) of loans paid out, through the
    loans module's selector (empty without the loans demo)."""
    found = []
    for status in ("disbursed", "in_operation", "settled"):
        for application in application_list(actor=SYSTEM, status=status).order_by("id"):
            if application.number:
                found.append(
                    (
                        application.number,
                        application.applicant,
                        application.title,
                        application.area.path,
                    )
                )
    return found


EXHIBITOR_FIELDS = (
    "event",
    "name",
    "name_key",
    "person",
    "loan_number",
    "products",
    "sales_amount",
    "visitors",
    "note",
    "created_at",
    "updated_at",
)


def _exhibitors(planned, events: list[int], rng: random.Random, workshops) -> int:
    rows = []
    now = clock.now()
    for plan, event in zip(planned, events, strict=True):
        if plan.kind != EventKind.EXHIBITION or plan.outcome == EventStatus.CANCELLED:
            continue
        held = plan.outcome == EventStatus.HELD
        taken: set[str] = set()
        county_workshops = [w for w in workshops if w[3] == plan.county.path]
        for index in range(rng.randint(6, 14)):
            loan = (
                county_workshops.pop(rng.randrange(len(county_workshops)))
                if county_workshops and rng.random() < 0.6
                else None
            )
            if loan is not None:
                number, person, title, _county = loan
                name = f"{title} — {person.full_name}"
            else:
                number, person = "", None
                name = (
                    rng.choice(OTHER_WORKSHOPS).format(
                        place=plan.place.name if index % 2 else plan.county.name
                    )
                    + f" {to_persian_digits(index + 1)}"
                )
            if search_key(name) in taken:
                continue
            taken.add(search_key(name))
            rows.append(
                (
                    event,
                    name,
                    search_key(name),
                    person.pk if person is not None else None,
                    number,
                    rng.choice(PRODUCTS),
                    rng.randint(5, 400) * 1_000_000 if held else 0,
                    rng.randint(50, 900) if held else 0,
                    "",
                    now,
                    now,
                )
            )
    insert_rows(Exhibitor, EXHIBITOR_FIELDS, rows)
    return len(rows)
