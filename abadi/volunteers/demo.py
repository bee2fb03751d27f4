"""The volunteer groups of the Ardabil scenario (F4 and F5 of the source article).

* Ardabil: 2,600 groups with their whole history from their founding to today — leader and
  members from the people demo, adopted villages, three-year permits and their renewals,
  suspensions, lapses, dissolutions — of which exactly 2,200 are active on the article's
  day (1401/02/18), across its domains: 660 civil works, 550 health and treatment, 550
  services, 220 disasters, 220 others (education and culture, agriculture, other). The
  rest were dissolved, suspended or without a valid permit that day, or founded after it.
* The country: 41,000 light groups of the other thirty provinces (name, type, domain,
  county) through the bulk registration of the national list, of which 40,500 are active
  that day: with Ardabil's 2,200, 42,700 — "more than 42,000" (F4).
* Deployments (اردو/خدمت) of the Ardabil groups from 1399 to the day the demo is loaded,
  each on a day its group was active.

The histories are planned in memory from one seeded generator (a group is "active" on a
day by exactly the rule of :func:`abadi.volunteers.selectors.active_on`, checked before
anything is written) and written in bulk: one audit event per batch. A second run finds
the first group and writes nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jdatetime

from abadi.accounts.models import RoleAssignment, User
from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.audit import audit_record
from abadi.core.demo import DEMO_PASSWORD
from abadi.core.imports.bulk import insert_rows
from abadi.core.permissions import Role
from abadi.core.persian import search_key
from abadi.core.scoping import unscoped
from abadi.geography.models import Area, AreaLevel
from abadi.people.demo import REFERENCE_DATE, demo_persons
from abadi.volunteers import services
from abadi.volunteers.audit import Action
from abadi.volunteers.models import (
    AdoptedVillage,
    Deployment,
    Domain,
    Group,
    GroupDomain,
    GroupLeadership,
    GroupStatus,
    GroupType,
    MemberRole,
    Membership,
    Permit,
    StatusChange,
)

SEED = 14010218
PROVINCE = "24"
ACTIVE_ON_THE_DAY = {  # main domain → active groups of Ardabil on 1401/02/18 (F5)
    Domain.CIVIL_WORKS: 660,
    Domain.HEALTH: 550,
    Domain.SERVICES: 550,
    Domain.DISASTER: 220,
    Domain.EDUCATION: 110,
    Domain.AGRICULTURE: 60,
    Domain.OTHER: 50,
}
# Ardabil groups not active that day, by why.
NOT_ACTIVE = {"dissolved": 90, "suspended": 40, "lapsed": 50, "later": 220}
LIGHT_GROUPS = 41_000
LIGHT_NOT_ACTIVE = {"dissolved": 200, "later": 300}
PERMIT_DAYS = 3 * 365
FIRST_DEPLOYMENTS = datetime.date(2020, 3, 20)  # 1399/01/01
DEMO_USERS = [
    ("volunteers", "کارشناس گروه‌های جهادی استان", Role.PROGRAMME_OFFICER, PROVINCE, "volunteers"),
    ("leader", "سرگروه جهادی (نمونه)", Role.GROUP_LEADER, "2403", ""),
]

TYPE_WEIGHTS = {
    GroupType.NEIGHBOURHOOD: 34,
    GroupType.STUDENT: 18,
    GroupType.SCHOOL: 10,
    GroupType.SEMINARY: 8,
    GroupType.SPECIALIST: 10,
    GroupType.MEDICAL: 8,
    GroupType.WORKPLACE: 7,
    GroupType.OTHER: 5,
}
LIGHT_DOMAIN_WEIGHTS = {
    Domain.CIVIL_WORKS: 30,
    Domain.HEALTH: 24,
    Domain.SERVICES: 24,
    Domain.DISASTER: 9,
    Domain.EDUCATION: 7,
    Domain.AGRICULTURE: 4,
    Domain.OTHER: 2,
}
NAMES = (
    "شهید باکری",
    "شهید چمران",
    "شهید همت",
    "شهید کاظمی",
    "شهدای روستا",
    "امام رضا (ع)",
    "حضرت زینب (س)",
    "فاطمیون",
    "سلمان فارسی",
    "ابوذر",
    "مالک اشتر",
    "منتظران ظهور",
    "یاوران ولایت",
    "نسیم رحمت",
    "سبلان",
    "آفتاب",
    "طلوع",
    "بیداری",
    "ایثار",
    "کوثر",
)
WORK: dict[str, tuple[str, ...]] = {
    Domain.CIVIL_WORKS: (
        "مرمت منزل مددجو",
        "لوله‌کشی آب روستا",
        "ساخت سرویس بهداشتی مدرسه",
        "آسفالت معبر",
    ),
    Domain.HEALTH: (
        "ویزیت رایگان و توزیع دارو",
        "معاینه دندان دانش‌آموزان",
        "غربالگری فشار خون و قند",
    ),
    Domain.SERVICES: ("میز خدمت در روستا", "غبارروبی گلزار شهدا", "توزیع بسته معیشتی"),
    Domain.DISASTER: ("امدادرسانی به سیل‌زدگان", "برف‌روبی و بازگشایی راه", "آواربرداری پس از زلزله"),
    Domain.EDUCATION: ("کلاس تقویتی رایگان", "کارگاه مهارت‌آموزی", "مشاوره تحصیلی"),
    Domain.AGRICULTURE: ("طرح همگام با کشاورز", "آموزش آبیاری نوین", "واکسیناسیون دام"),
    Domain.OTHER: ("برنامه فرهنگی روستا", "مشاوره رایگان حقوقی"),
}
SERVED: dict[str, tuple[int, int]] = {
    Domain.CIVIL_WORKS: (4, 60),
    Domain.HEALTH: (40, 400),
    Domain.SERVICES: (20, 200),
    Domain.DISASTER: (30, 500),
    Domain.EDUCATION: (15, 150),
    Domain.AGRICULTURE: (10, 80),
    Domain.OTHER: (10, 100),
}


def jdate(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@dataclass
class Plan:
    """One Ardabil group's life: founded, permits, suspensions, perhaps dissolved."""

    number: int
    kind: str  # "active" on the article's day, or why not
    county: Area
    home: Area
    main_domain: str
    domains: list[str]
    group_type: str
    name: str
    founded: datetime.date
    permits: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)
    suspensions: list[tuple[datetime.date, datetime.date | None]] = field(default_factory=list)
    dissolved: datetime.date | None = None
    rows: list[tuple[str, str, str, datetime.date]] = field(default_factory=list)
    status: str = GroupStatus.ACTIVE

    @property
    def atlas_id(self) -> str:
        return f"{PROVINCE}{self.number:06d}"

    def periods(self) -> list[tuple[str, datetime.date, datetime.date | None]]:
        """(status, on, until) of its history."""
        out = []
        for index, (_from, to, _action, on) in enumerate(self.rows):
            until = self.rows[index + 1][3] if index + 1 < len(self.rows) else None
            out.append((to, on, until))
        return out

    def active_on(self, day: datetime.date) -> bool:
        """:func:`abadi.volunteers.selectors.active_on`, for one planned group."""
        status = any(
            to == GroupStatus.ACTIVE and on <= day and (until is None or until > day)
            for to, on, until in self.periods()
        )
        covered = not self.permits or any(s <= day <= e for s, e in self.permits)
        return status and covered


def simulate(plan: Plan, today: datetime.date) -> None:
    """Walk the plan's events through the workflow's rules into its status rows."""
    events: list[tuple[datetime.date, int, str]] = [(plan.founded, 0, "register")]
    for index, (issued, expires) in enumerate(plan.permits):
        if index:
            events.append((issued, 2, "renew"))
        following = plan.permits[index + 1][0] if index + 1 < len(plan.permits) else None
        lapse = expires + days(1)
        if (following is None or following > lapse) and lapse <= today:
            events.append((lapse, 1, "expire"))
    for start, end in plan.suspensions:
        events.append((start, 3, "suspend"))
        if end is not None:
            events.append((end, 4, "reinstate"))
    if plan.dissolved is not None:
        events.append((plan.dissolved, 5, "dissolve"))
    state = ""
    for on, _order, action in sorted(events):
        target = None
        if action == "register":
            target = GroupStatus.ACTIVE
        elif action == "expire" and state in (GroupStatus.ACTIVE, GroupStatus.SUSPENDED):
            target = GroupStatus.EXPIRED
        elif action == "renew" and state == GroupStatus.EXPIRED:
            target = GroupStatus.ACTIVE
        elif action == "suspend" and state == GroupStatus.ACTIVE:
            target = GroupStatus.SUSPENDED
        elif action == "reinstate" and state == GroupStatus.SUSPENDED:
            target = GroupStatus.ACTIVE
        elif action == "dissolve" and state != GroupStatus.DISSOLVED:
            target = GroupStatus.DISSOLVED
        if target is None:
            continue
        plan.rows.append((state, target, action, on))
        state = target
        if target == GroupStatus.DISSOLVED:
            break
    plan.status = state


class Planner:
    def __init__(self, counties: list[Area], places: dict[int, list[Area]], today: datetime.date):
        self.rng = random.Random(SEED)
        self.counties = counties
        self.places = places
        self.today = today
        self.number = 0

    def _between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + days(self.rng.randrange(max((last - first).days, 0) + 1))

    def _permits(
        self, start: datetime.date, *, renew_until: datetime.date
    ) -> list[tuple[datetime.date, datetime.date]]:
        """Three-year permits from ``start``, each renewed on the day after it ends up to
        ``renew_until``; after that now and then renewed late, or not at all."""
        rng = self.rng
        permits = []
        issued = start
        while issued <= self.today:
            expires = issued + days(PERMIT_DAYS - 1)
            permits.append((issued, expires))
            following = expires + days(1)
            if following > renew_until and rng.random() < 0.08:
                if rng.random() < 0.5:
                    following = expires + days(rng.randrange(20, 200))
                else:
                    break
            issued = following
        return permits

    def plan(self, kind: str, main_domain: str) -> Plan:
        rng = self.rng
        self.number += 1
        county = rng.choice(self.counties)
        home = rng.choice(self.places[county.pk]) if self.places[county.pk] else county
        others = [d for d in Domain.values if d != main_domain]
        domains = sorted({main_domain, *rng.sample(others, rng.choice((0, 0, 1, 1, 2)))})
        day = REFERENCE_DATE
        if kind == "later":
            founded = self._between(day + days(10), self.today - days(5))
        else:
            founded = self._between(jdate(1394, 1, 1), day - days(60))
        plan = Plan(
            number=self.number,
            kind=kind,
            county=county,
            home=home,
            main_domain=main_domain,
            domains=domains,
            group_type=rng.choices(list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values()))[0],
            name=f"گروه جهادی {rng.choice(NAMES)} {home.name}",
            founded=founded,
        )
        if kind == "lapsed":
            # Its permit ran out before the day and was not renewed by then.
            last_end = self._between(day - days(400), day - days(2))
            first = last_end - days(PERMIT_DAYS - 1)
            plan.founded = first
            plan.permits = [(first, last_end)]
            if rng.random() < 0.6:
                renewed = self._between(day + days(1), min(day + days(300), self.today))
                plan.permits += self._permits(renewed, renew_until=self.today)
        else:
            plan.permits = self._permits(plan.founded, renew_until=max(day, self.today - days(400)))
            if kind != "later":
                # Every permit up to the day was renewed on time.
                plan.permits = _continuous_through(plan.permits, day)
        if kind == "suspended":
            start = self._between(max(plan.founded, day - days(200)), day)
            end = day + days(rng.randrange(1, 500))
            plan.suspensions.append((start, end if end <= self.today else None))
        elif kind == "dissolved":
            plan.dissolved = self._between(plan.founded + days(30), day - days(1))
        elif rng.random() < 0.06 and max(plan.founded, day) + days(10) < self.today:
            start = self._between(max(plan.founded, day) + days(10), self.today - days(1))
            end = start + days(rng.randrange(15, 200))
            plan.suspensions.append((start, end if end <= self.today else None))
        if kind in ("active", "later") and rng.random() < 0.03:
            first = max(plan.founded, day) + days(30)
            if first < self.today:
                plan.dissolved = self._between(first, self.today)
        simulate(plan, self.today)
        return plan


def _continuous_through(
    permits: list[tuple[datetime.date, datetime.date]], day: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The same permits, each one up to ``day`` followed on the next day by the next."""
    fixed: list[tuple[datetime.date, datetime.date]] = []
    for issued, expires in permits:
        if fixed and fixed[-1][1] < day:
            issued = fixed[-1][1] + days(1)
            expires = issued + days(PERMIT_DAYS - 1)
        fixed.append((issued, expires))
    while fixed and fixed[-1][1] < day:
        issued = fixed[-1][1] + days(1)
        fixed.append((issued, issued + days(PERMIT_DAYS - 1)))
    return fixed


# ------------------------------------------------------------------------------ building


def build(*, log: Callable[[str], None]) -> None:
    province = unscoped(Area.objects.filter(code=PROVINCE)).first()
    if province is None:
        log("  volunteers: Ardabil (24) is not loaded; skipped")
        return
    users = _users()
    if Group.objects.filter(atlas_id=f"{PROVINCE}000001").exists():
        log("  volunteers: already built")
        return
    today = clock.today()
    counties = list(
        unscoped(Area.objects.filter(parent=province, level=AreaLevel.COUNTY)).order_by("code")
    )
    places = _places(counties)
    planner = Planner(counties, places, today)
    plans = [
        planner.plan("active", domain)
        for domain, count in ACTIVE_ON_THE_DAY.items()
        for _n in range(count)
    ]
    for kind, count in NOT_ACTIVE.items():
        plans += [planner.plan(kind, _light_domain(planner.rng)) for _n in range(count)]
    active = sum(plan.active_on(REFERENCE_DATE) for plan in plans)
    expected = sum(ACTIVE_ON_THE_DAY.values())
    if active != expected:
        raise RuntimeError(f"volunteers demo planned {active} active groups, not {expected}")
    people = _plan_people(plans, places, planner.rng, today)
    ids = _write_groups(plans, people, today)
    members = _write_people(plans, people, ids)
    deployments = _write_deployments(plans, ids, places, planner.rng, today)
    audit_record(
        actor=SYSTEM,
        action=Action.BULK,
        new={"count": len(plans), "members": members, "deployments": deployments, "note": "demo"},
    )
    light = _light_groups(province, random.Random(SEED + 1), today)
    _link_leader(plans, ids, users.get("leader"), today)
    log(
        f"  volunteers: {len(plans)} Ardabil groups ({active} active on 1401/02/18), "
        f"{members} memberships, {deployments} deployments 1399–today; "
        f"{light:,} groups of the other provinces"
    )


def _light_domain(rng: random.Random) -> str:
    return rng.choices(list(LIGHT_DOMAIN_WEIGHTS), list(LIGHT_DOMAIN_WEIGHTS.values()))[0]


def _places(counties: list[Area]) -> dict[int, list[Area]]:
    """The villages and cities of each county, where groups are based and serve."""
    by_path = {county.path: county.pk for county in counties}
    places: dict[int, list[Area]] = {county.pk: [] for county in counties}
    rows = unscoped(
        Area.objects.filter(
            path__startswith=f"/IR/{PROVINCE}/", level__in=(AreaLevel.VILLAGE, AreaLevel.CITY)
        )
    ).only("id", "code", "name", "path", "level")
    for area in rows.order_by("code"):
        county_path = "/".join(area.path.split("/")[:4]) + "/"
        if county_path in by_path:
            places[by_path[county_path]].append(area)
    return places


@dataclass
class People:
    leaders: dict[int, int]  # plan number → person id
    members: list[tuple[int, int, str, str, datetime.date, datetime.date | None]]
    villages: list[tuple[int, int, datetime.date]]


SKILLS = ("بنایی", "برق‌کاری", "لوله‌کشی", "پرستاری", "پزشکی", "آموزش", "رانندگی", "آشپزی", "")


def _plan_people(
    plans: list[Plan], places: dict[int, list[Area]], rng: random.Random, today: datetime.date
) -> People:
    """Leaders and members from the people demo's adults of the group's county (by plan
    number), and the villages each group adopted."""
    persons = demo_persons(12_000)
    by_county: dict[str, list[Any]] = defaultdict(list)
    for person in persons:
        parts = person.area.path.strip("/").split("/")
        if len(parts) > 2:
            by_county[parts[2]].append(person.pk)
    everyone = [person.pk for person in persons]
    people = People(leaders={}, members=[], villages=[])
    for plan in plans:
        pool = by_county.get(plan.county.code) or everyone
        if pool:
            chosen = rng.sample(pool, min(len(pool), rng.randrange(3, 7)))
            for index, person in enumerate(chosen):
                joined = plan.founded + days(0 if index == 0 else rng.randrange(0, 400))
                joined = min(joined, today)
                left = plan.dissolved if plan.dissolved and plan.dissolved >= joined else None
                if left is None and index and rng.random() < 0.08:
                    candidate = joined + days(rng.randrange(60, 900))
                    left = candidate if candidate <= today else None
                role = (
                    MemberRole.LEADER
                    if index == 0
                    else rng.choice(
                        (
                            MemberRole.MEMBER,
                            MemberRole.MEMBER,
                            MemberRole.SPECIALIST,
                            MemberRole.DEPUTY,
                        )
                    )
                )
                people.members.append((plan.number, person, role, rng.choice(SKILLS), joined, left))
            if plan.dissolved is None:
                people.leaders[plan.number] = chosen[0]
        villages = [area for area in places[plan.county.pk] if area.level == AreaLevel.VILLAGE]
        for village in rng.sample(villages, min(len(villages), rng.randrange(1, 4))):
            people.villages.append((plan.number, village.pk, plan.founded))
    return people


def _write_groups(plans: list[Plan], people: People, today: datetime.date) -> dict[int, int]:
    now = clock.now()
    insert_rows(
        Group,
        (
            "atlas_id", "name", "search_key", "group_type", "main_domain", "area", "home",
            "leader", "status", "active_since", "permit_number", "permit_issued_on",
            "permit_expires_on", "note", "created_at", "updated_at",
        ),
        (
            (
                plan.atlas_id, plan.name, search_key(plan.name)[:200], plan.group_type,
                plan.main_domain, plan.county.pk, plan.home.pk, people.leaders.get(plan.number),
                plan.status, plan.founded,
                f"ج-{plan.number}-{len(current)}" if current else "",
                current[-1][0] if current else None, current[-1][1] if current else None,
                "", now, now,
            )
            for plan in plans
            for current in [[p for p in plan.permits if p[0] <= today]]
        ),
    )  # fmt: skip
    ids = dict(
        Group.objects.filter(atlas_id__in=[plan.atlas_id for plan in plans]).values_list(
            "atlas_id", "id"
        )
    )
    by_number = {plan.number: ids[plan.atlas_id] for plan in plans}
    insert_rows(
        GroupDomain,
        ("group", "domain"),
        ((by_number[plan.number], domain) for plan in plans for domain in plan.domains),
    )
    insert_rows(
        Permit,
        ("group", "number", "issued_on", "expires_on", "recorded_at"),
        (
            (by_number[plan.number], f"ج-{plan.number}-{index + 1}", issued, expires, now)
            for plan in plans
            for index, (issued, expires) in enumerate(plan.permits)
            if issued <= today
        ),
    )
    insert_rows(
        StatusChange,
        ("group", "from_status", "to_status", "action", "on", "until", "at", "note"),
        (
            (by_number[plan.number], from_status, to, action, on, until, now, "")
            for plan in plans
            for (from_status, to, action, on), (_to, _on, until) in zip(
                plan.rows, plan.periods(), strict=True
            )
        ),
    )
    return by_number


def _write_people(plans: list[Plan], people: People, ids: dict[int, int]) -> int:
    insert_rows(
        Membership,
        ("group", "person", "role", "skills", "joined_on", "left_on"),
        ((ids[number], *rest) for number, *rest in people.members),
    )
    insert_rows(
        AdoptedVillage,
        ("group", "village", "adopted_on"),
        ((ids[number], village, day) for number, village, day in people.villages),
    )
    return len(people.members)


def _write_deployments(
    plans: list[Plan],
    ids: dict[int, int],
    places: dict[int, list[Area]],
    rng: random.Random,
    today: datetime.date,
) -> int:
    """About two deployments a year for each group, each on a day it was active."""
    adopted: dict[int, list[Area]] = {}
    rows = []
    now = clock.now()
    for plan in plans:
        first = max(plan.founded, FIRST_DEPLOYMENTS)
        span = (today - first).days
        if span <= 0:
            continue
        places_of = places[plan.county.pk] or [plan.home]
        adopted[plan.number] = places_of
        for _n in range(max(1, round(span / 365 * 2))):
            start = first + days(rng.randrange(span))
            if not plan.active_on(start):
                continue
            length = rng.choice((1, 1, 1, 2, 2, 3, 5))
            end = min(start + days(length - 1), today)
            domain = plan.main_domain if rng.random() < 0.65 else rng.choice(plan.domains)
            low, high = SERVED[domain]
            volunteers = rng.randrange(3, 26)
            rows.append(
                (
                    ids[plan.number], plan.county.pk, rng.choice(places_of).pk, start, end,
                    domain, rng.choice(WORK[domain]), rng.randrange(low, high + 1), volunteers,
                    volunteers * ((end - start).days + 1), now, now,
                )
            )  # fmt: skip
    insert_rows(
        Deployment,
        (
            "group", "area", "place", "started_on", "ended_on", "domain", "work_done",
            "people_served", "volunteers", "volunteer_days", "created_at", "updated_at",
        ),
        rows,
    )  # fmt: skip
    return len(rows)


def _light_groups(province: Area, rng: random.Random, today: datetime.date) -> int:
    """The other provinces' groups of the national list, through its bulk registration;
    some dissolved before the article's day, some founded after it."""
    counties = list(
        unscoped(
            Area.objects.filter(level=AreaLevel.COUNTY).exclude(path__startswith=province.path)
        )
        .only("id", "code", "name", "path")
        .order_by("code")
    )
    if not counties:
        return 0
    serials: dict[str, int] = defaultdict(int)
    rows = []
    later = set(rng.sample(range(LIGHT_GROUPS), LIGHT_NOT_ACTIVE["later"]))
    oldest = jdate(1390, 1, 1)
    before_the_day = (REFERENCE_DATE - oldest).days - 60
    after_the_day = max((today - REFERENCE_DATE).days, 11)
    types, type_weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    for index in range(LIGHT_GROUPS):
        county = rng.choice(counties)
        code = county.path.strip("/").split("/")[1]
        serials[code] += 1
        if index in later:
            since = REFERENCE_DATE + days(rng.randrange(10, after_the_day))
        else:
            since = oldest + days(rng.randrange(before_the_day))
        rows.append(
            services.LightGroup(
                atlas_id=f"{code}{serials[code]:06d}",
                name=f"گروه جهادی {rng.choice(NAMES)} {county.name}",
                group_type=rng.choices(types, type_weights)[0],
                main_domain=_light_domain(rng),
                home=county,
                county=county,
                active_since=min(since, today),
            )
        )
    ids = services.groups_register_bulk(actor=SYSTEM, rows=rows, note="فهرست ملی (نمونه)")
    early = [row for index, row in enumerate(rows) if index not in later]
    dissolved = rng.sample(early, LIGHT_NOT_ACTIVE["dissolved"])
    ends = {
        ids[row.atlas_id]: row.active_since
        + days(rng.randrange(1, (REFERENCE_DATE - row.active_since).days))
        for row in dissolved
    }
    open_rows = list(StatusChange.objects.filter(group_id__in=list(ends), until__isnull=True))
    for row in open_rows:
        row.until = ends[row.group_id]
    StatusChange.objects.bulk_update(open_rows, ["until"], batch_size=500)
    StatusChange.objects.bulk_create(
        StatusChange(
            group_id=group,
            from_status=GroupStatus.ACTIVE,
            to_status=GroupStatus.DISSOLVED,
            action="dissolve",
            on=day,
            note="منحل",
        )
        for group, day in ends.items()
    )
    Group.objects.filter(pk__in=list(ends)).update(status=GroupStatus.DISSOLVED)
    return len(rows)


def _users() -> dict[str, User]:
    users = {}
    for username, full_name, role, area_code, module in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": full_name}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        area = Area.objects.filter(code=area_code).first()
        RoleAssignment.objects.get_or_create(user=user, role=role, area=area, module=module)
        users[username] = user
    return users


def _link_leader(plans: list[Plan], ids: dict[int, int], user, today: datetime.date) -> None:
    """The demo leader's account leads the first group of Khalkhal (2403) active today."""
    if user is None:
        return
    for plan in plans:
        if (
            plan.county.code == "2403"
            and plan.status == GroupStatus.ACTIVE
            and plan.active_on(today)
        ):
            GroupLeadership.objects.get_or_create(
                group_id=ids[plan.number],
                user=user,
                until=None,
                defaults={"since": today - days(90)},
            )
            return


def finish(*, log) -> None:
    for username, _full_name, role, area_code, module in DEMO_USERS:
        log(f"  {username:<12} {role.label} ({area_code}{', ' + module if module else ''})")
