"""The job-creation loans of the Ardabil scenario (F1–F3 of the source article).

* Six agent banks, each with a branch in every county of the province.
* Credit lines of 1400 and 1401 with county and bank quotas; the 1401 lines total exactly
  700,000,000,000 rials (the year's plan, F3).
* Plans of people of the people demo, walked through the real workflow services with the
  demo staff at each step (clerk registers, loans officer reviews, manager approves and
  introduces, clerk records contract, tranches and repayments, the officer visits).
* Tranches dated in 1400 sum to exactly 580,000,000,000 rials (F1), and the verified direct
  jobs of the loans disbursed in 1400 to exactly 900 (F2). 1401 is partly flowing on the
  day of the press conference (1401/02/18), which is the demo's "today": repayments and
  visits stop there.

Everything comes from one seeded generator; a second run finds the first line and
creates nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jdatetime

from abadi.accounts.models import User
from abadi.core.persian import search_key
from abadi.core.scoping import unscoped
from abadi.geography.models import Area, AreaLevel
from abadi.loans import services
from abadi.loans.models import CreditLine, GraceMode, Sector, Status, VisitStatus
from abadi.organisations.models import Branch, Organisation, OrganisationKind
from abadi.people.demo import REFERENCE_DATE, demo_persons

SEED = 14000218
PROVINCE = "24"
DISBURSED_1400 = 580_000_000_000
VERIFIED_JOBS_1400 = 900
STEP = 10_000_000  # plans are approved in whole millions of tomans

BANKS = ["بانک ملی", "بانک کشاورزی", "بانک سپه", "پست بانک", "بانک توسعه تعاون", "بانک رفاه"]
BANK_WEIGHTS = [14, 30, 14, 18, 16, 8]


@dataclass(frozen=True)
class LineSpec:
    key: str
    year: int
    title: str
    source: str
    total: int
    rate_bp: int
    term: int
    grace: int
    mode: str
    share_1400: int = 0  # rials of the 1400 disbursements paid from this line


LINES = [
    LineSpec(
        "rural-1400",
        1400,
        "اقتصاد مقاومتی ۱۴۰۰ — اشتغال روستایی و عشایری",
        "صندوق توسعه ملی",
        620_000_000_000,
        400,
        60,
        6,
        GraceMode.INTEREST_ONLY,
        share_1400=520_000_000_000,
    ),
    LineSpec(
        "inclusive-1400",
        1400,
        "اشتغال فراگیر ۱۴۰۰",
        "منابع بانک‌های عامل با یارانه سود",
        80_000_000_000,
        1_800,
        36,
        3,
        GraceMode.DEFERRED,
        share_1400=60_000_000_000,
    ),
    LineSpec(
        "rural-1401",
        1401,
        "اقتصاد مقاومتی ۱۴۰۱ — اشتغال روستایی و عشایری",
        "صندوق توسعه ملی",
        600_000_000_000,
        400,
        60,
        6,
        GraceMode.INTEREST_ONLY,
    ),
    LineSpec(
        "inclusive-1401",
        1401,
        "اشتغال فراگیر ۱۴۰۱",
        "منابع بانک‌های عامل با یارانه سود",
        100_000_000_000,
        1_800,
        36,
        3,
        GraceMode.DEFERRED,
    ),
]

# Ardabil's counties by how much of the province's lending they take.
COUNTY_WEIGHTS = {
    "2401": 24, "2402": 6, "2403": 9, "2404": 11, "2405": 7, "2406": 12,
    "2407": 4, "2408": 6, "2409": 5, "2410": 5, "2411": 6, "2412": 3,
}  # fmt: skip

# sector → (weight, [(title, activity)], amounts in millions of tomans)
SECTORS: dict[str, tuple[int, list[tuple[str, str]], list[int]]] = {
    Sector.LIVESTOCK: (
        30,
        [
            ("پرواربندی گوساله", "پرورش و پرواربندی ۱۰ رأس گوساله"),
            ("پرورش گوسفند داشتی", "نگهداری ۵۰ رأس میش"),
            ("دامداری سنتی بهینه‌شده", "اصلاح نژاد و تولید شیر"),
        ],
        [60, 80, 100, 120, 150, 200, 250],
    ),
    Sector.AGRICULTURE: (
        18,
        [
            ("گلخانه سبزی و صیفی", "احداث گلخانه ۵۰۰ متری"),
            ("باغ سیب‌زمینی بذری", "تولید بذر سیب‌زمینی"),
            ("آبیاری تحت فشار مزرعه", "اجرای آبیاری قطره‌ای"),
        ],
        [50, 80, 100, 150, 200, 300],
    ),
    Sector.POULTRY: (
        12,
        [
            ("زنبورداری", "نگهداری ۴۰ کندوی زنبور عسل"),
            ("مرغ بومی", "پرورش ۵۰۰ قطعه مرغ بومی"),
        ],
        [40, 50, 60, 80, 100],
    ),
    Sector.HANDICRAFTS: (
        12,
        [
            ("کارگاه فرش دستباف", "بافت فرش و گلیم"),
            ("جاجیم‌بافی", "بافت جاجیم و ورنی"),
            ("سفالگری", "تولید ظروف سفالی"),
        ],
        [30, 40, 50, 60, 80],
    ),
    Sector.HOME_BUSINESS: (
        8,
        [("خیاطی خانگی", "دوخت پوشاک"), ("لبنیات محلی", "تولید پنیر و کره محلی")],
        [30, 40, 50, 60],
    ),
    Sector.INDUSTRY: (
        7,
        [("کارگاه بسته‌بندی عسل", "بسته‌بندی و فروش عسل"), ("کارگاه نجاری", "ساخت در و پنجره")],
        [150, 200, 250, 300],
    ),
    Sector.SERVICES: (
        7,
        [
            ("تعمیرگاه ادوات کشاورزی", "تعمیر تراکتور و ادوات"),
            ("فروشگاه روستایی", "عرضه کالای اساسی"),
        ],
        [50, 80, 100, 150],
    ),
    Sector.TOURISM: (
        4,
        [("اقامتگاه بوم‌گردی", "بوم‌گردی و پذیرایی از گردشگران")],
        [150, 200, 250, 300],
    ),
    Sector.FISHERIES: (
        2,
        [("پرورش ماهی قزل‌آلا", "استخر پرورش ماهی سردابی")],
        [100, 150, 200],
    ),
}

# What happens to the 1401 plans by the day of the press conference.
OUTCOMES_1401 = {
    Status.REGISTERED: 34,
    Status.REVIEWED: 26,
    Status.APPROVED: 20,
    Status.INTRODUCED: 16,
    Status.CONTRACTED: 10,
    Status.DISBURSED: 30,
    Status.REJECTED: 12,
    Status.WITHDRAWN: 6,
}


def jdate(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


START_1400, END_1400 = jdate(1400, 1, 1), jdate(1400, 12, 29)
START_1401 = jdate(1401, 1, 1)


@dataclass
class Visit:
    date: datetime.date
    jobs: int
    status: str


@dataclass
class PlannedLoan:
    line: LineSpec
    county: Area
    person: Any
    bank: int  # index into BANKS
    sector: str
    title: str
    activity: str
    requested: int
    approved: int
    planned_jobs: int
    registered: datetime.date
    outcome: str
    tranches: list[tuple[datetime.date, int]] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    payer: str = "good"

    @property
    def contract(self) -> datetime.date:
        return self.registered + datetime.timedelta(days=45)

    def latest_visit(self, by: datetime.date) -> Visit | None:
        seen = [visit for visit in self.visits if visit.date <= by]
        return max(seen, key=lambda visit: visit.date) if seen else None

    def verified_jobs(self, by: datetime.date) -> int:
        """What the visits up to ``by`` verified (the indicator counts no later visit)."""
        latest = self.latest_visit(by)
        return latest.jobs if latest is not None and latest.status == VisitStatus.ACTIVE else 0


class Planner:
    def __init__(self, counties: list[Area], persons: dict[int, list]) -> None:
        self.rng = random.Random(SEED)
        self.counties = counties
        self.persons = persons
        self.weights = [COUNTY_WEIGHTS.get(county.code, 4) for county in counties]

    def person_in(self, county: Area):
        pool = self.persons[county.pk]
        return pool.pop() if pool else None

    def pick_county(self) -> Area:
        for _attempt in range(50):
            county = self.rng.choices(self.counties, self.weights)[0]
            if self.persons[county.pk]:
                return county
        county = max(self.counties, key=lambda c: len(self.persons[c.pk]))
        if not self.persons[county.pk]:
            raise RuntimeError("the people demo has too few adults for the loans demo")
        return county

    def loan(
        self, line: LineSpec, *, amount: int | None, outcome: str, registered: datetime.date
    ) -> PlannedLoan:
        rng = self.rng
        county = self.pick_county()
        sectors = list(SECTORS)
        weights = [
            SECTORS[s][0] * (4 if s == Sector.TOURISM and county.code == "2410" else 1)
            for s in sectors
        ]
        sector = rng.choices(sectors, weights)[0]
        _weight, titles, amounts = SECTORS[sector]
        title, activity = rng.choice(titles)
        if amount is None:
            amount = rng.choice(amounts) * STEP
        requested = amount if rng.random() < 0.6 else amount + rng.choice([1, 2, 5]) * 10 * STEP
        planned = max(1, min(6, round(amount / 600_000_000 + rng.choice([0, 0.5, 1]))))
        return PlannedLoan(
            line=line,
            county=county,
            person=self.person_in(county),
            bank=rng.choices(range(len(BANKS)), BANK_WEIGHTS)[0],
            sector=sector,
            title=title,
            activity=activity,
            requested=requested,
            approved=amount,
            planned_jobs=planned,
            registered=registered,
            outcome=outcome,
        )

    def amounts(self, total: int, choices: list[int]) -> list[int]:
        """Plan amounts (multiples of STEP) that add up to exactly ``total``."""
        amounts: list[int] = []
        largest = max(choices) * STEP
        while sum(amounts) + largest < total:
            amounts.append(self.rng.choice(choices) * STEP)
        rest = total - sum(amounts)
        if rest >= min(choices) * STEP:
            amounts.append(rest)
        else:
            amounts[-1] += rest
        return amounts

    def plan_1400(self) -> list[PlannedLoan]:
        rng = self.rng
        loans: list[PlannedLoan] = []
        every_amount = sorted({a for _w, _t, amounts in SECTORS.values() for a in amounts})
        for line in LINES:
            if not line.share_1400:
                continue
            for amount in self.amounts(line.share_1400, every_amount):
                registered = START_1400 + datetime.timedelta(days=rng.randrange(0, 230))
                loan = self.loan(
                    line, amount=amount, outcome=Status.DISBURSED, registered=registered
                )
                first = loan.contract + datetime.timedelta(days=rng.randrange(3, 20))
                second = first + datetime.timedelta(days=rng.randrange(30, 75))
                if rng.random() < 0.3 and second <= END_1400 and amount >= 2 * STEP:
                    part = (amount * 6 // 10) // STEP * STEP
                    loan.tranches = [(first, part), (second, amount - part)]
                else:
                    loan.tranches = [(first, amount)]
                self.plan_visits(loan)
                loans.append(loan)
        self.balance_jobs([loan for loan in loans])
        # Plans of 1400 that never reached the bank.
        for outcome in [Status.REJECTED] * 14 + [Status.WITHDRAWN] * 6:
            registered = START_1400 + datetime.timedelta(days=rng.randrange(0, 300))
            loan = self.loan(LINES[0], amount=None, outcome=outcome, registered=registered)
            # An approval withdrawn later holds its quota for a while: keep it small.
            loan.approved = min(loan.approved, 100 * STEP)
            loan.requested = max(loan.requested, loan.approved)
            loans.append(loan)
        return loans

    def plan_visits(self, loan: PlannedLoan) -> None:
        rng = self.rng
        paid = loan.tranches[0][0]
        first = paid + datetime.timedelta(days=rng.randrange(60, 150))
        if paid <= END_1400:
            # The jobs of 1400's loans are verified within 1400: the year's figure counts
            # the visits up to its last day.
            first = min(first, END_1400 - datetime.timedelta(days=rng.randrange(0, 10)))
        roll = rng.random()
        if roll < 0.08 or first > REFERENCE_DATE:
            loan.payer = "good" if rng.random() < 0.7 else "late"
            return  # not visited yet
        jobs = max(1, loan.planned_jobs + rng.choice([-1, 0, 0, 0, 1]))
        loan.visits.append(Visit(first, jobs, VisitStatus.ACTIVE))
        later = first + datetime.timedelta(days=rng.randrange(120, 200))
        if roll < 0.13 and later <= REFERENCE_DATE:
            loan.visits.append(Visit(later, 0, VisitStatus.CLOSED))
            loan.payer = "bad"
        elif roll < 0.16 and later <= REFERENCE_DATE:
            loan.visits.append(Visit(later, 0, VisitStatus.DIVERTED))
            loan.payer = "bad"
        elif roll < 0.5 and later <= REFERENCE_DATE:
            loan.visits.append(
                Visit(later, max(1, jobs + rng.choice([0, 0, 1])), VisitStatus.ACTIVE)
            )
        if loan.payer == "good":
            loan.payer = rng.choices(["good", "late", "bad", "early"], [78, 12, 6, 4])[0]

    def balance_jobs(self, loans: list[PlannedLoan]) -> None:
        """Nudge the jobs seen at the latest visits of active businesses until they add up
        to exactly the verified jobs of the article."""
        active = [loan for loan in loans if loan.verified_jobs(END_1400) > 0]
        gap = VERIFIED_JOBS_1400 - sum(loan.verified_jobs(END_1400) for loan in loans)
        step = 1 if gap > 0 else -1
        index = 0
        guard = 0
        while gap:
            loan = active[index % len(active)]
            latest = loan.latest_visit(END_1400)
            assert latest is not None
            if 1 <= latest.jobs + step <= loan.planned_jobs + 2:
                latest.jobs += step
                gap -= step
                guard = 0
            else:
                guard += 1
                if guard > len(active):
                    raise RuntimeError("cannot balance the demo's verified jobs")
            index += 1

    def plan_1401(self) -> list[PlannedLoan]:
        rng = self.rng
        loans = []
        outcomes = [status for status, count in OUTCOMES_1401.items() for _ in range(count)]
        rng.shuffle(outcomes)
        for outcome in outcomes:
            line = LINES[2] if rng.random() < 0.8 else LINES[3]
            if outcome in (Status.CONTRACTED, Status.DISBURSED):
                # Contracted 45 days after registration and paid within ten days of it:
                # every tranche falls in 1401, on or before the demo's today.
                registered = START_1401 + datetime.timedelta(days=rng.randrange(0, 40) - 45)
            else:
                registered = START_1401 + datetime.timedelta(days=rng.randrange(0, 19))
            loan = self.loan(line, amount=None, outcome=outcome, registered=registered)
            if outcome == Status.DISBURSED:
                loan.tranches = [
                    (
                        min(
                            loan.contract + datetime.timedelta(days=rng.randrange(2, 10)),
                            REFERENCE_DATE,
                        ),
                        loan.approved,
                    )
                ]
            loans.append(loan)
        return loans


def _actors() -> dict[str, User]:
    names = {"clerk": "clerk", "reviewer": "loans", "manager": "manager", "admin": "admin"}
    users = {key: User.objects.filter(username=username).first() for key, username in names.items()}
    missing = [names[key] for key, user in users.items() if user is None]
    if missing:
        raise RuntimeError(
            f"the accounts demo must run first (missing users: {', '.join(missing)})"
        )
    return users  # type: ignore[return-value]


def _banks(province: Area, counties: list[Area], admin) -> list[Organisation]:
    from abadi.organisations.services import branch_create, organisation_create

    banks = []
    for name in BANKS:
        bank = Organisation.objects.filter(area=province, search_key=search_key(name)).first()
        if bank is None:
            bank = organisation_create(
                actor=admin, name=name, kind=OrganisationKind.AGENT_BANK, area=province
            )
        banks.append(bank)
        for number, county in enumerate(counties, start=1):
            branch_name = f"شعبه {county.name}"
            if not Branch.objects.filter(organisation=bank, name=branch_name).exists():
                branch_create(
                    actor=admin,
                    organisation=bank,
                    name=branch_name,
                    area=county,
                    code=f"{county.code}{number:02d}",
                )
    return banks


def _applicants(counties: list[Area]) -> dict[int, list]:
    persons = demo_persons(20_000, min_age=20, area=None)
    born_after = REFERENCE_DATE - datetime.timedelta(days=60 * 366)
    by_county: dict[int, list] = defaultdict(list)
    paths = {county.pk: county.path for county in counties}
    for person in persons:
        if person.birth_date and person.birth_date < born_after:
            continue
        for pk, path in paths.items():
            if person.area.path.startswith(path):
                by_county[pk].append(person)
                break
    for pool in by_county.values():
        pool.reverse()  # pop() hands out people in id order
    return by_county


def build(*, log: Callable[[str], None]) -> None:
    province = unscoped(Area.objects.filter(code=PROVINCE)).first()
    if province is None:
        log("  loans: Ardabil (24) is not loaded; skipped")
        return
    if CreditLine.objects.filter(area=province, title=LINES[0].title).exists():
        log("  loans: already built")
        return
    counties = list(
        unscoped(Area.objects.filter(parent=province, level=AreaLevel.COUNTY)).order_by("code")
    )
    persons = _applicants(counties)
    if not any(persons.values()):
        log("  loans: no demo people in Ardabil; skipped (run the people demo first)")
        return
    actors = _actors()
    banks = _banks(province, counties, actors["admin"])
    planner = Planner(counties, persons)
    loans = planner.plan_1400() + planner.plan_1401()
    loans = [loan for loan in loans if loan.person is not None]
    lines = _lines(province, counties, banks, loans, actors["manager"])
    branches = {
        (branch.organisation_id, branch.area_id): branch
        for branch in Branch.objects.filter(organisation__in=banks)
    }
    counts: dict[str, int] = defaultdict(int)
    for number, loan in enumerate(loans, start=1):
        status = _walk(loan, number, lines, banks, branches, actors, planner.rng)
        counts[status] += 1
    summary = ", ".join(
        f"{Status(status).label}: {count}" for status, count in sorted(counts.items())
    )
    log(f"  loans: {len(lines)} credit lines, {len(loans)} plans ({summary})")


def _round_down(amount: int, unit: int = 100 * STEP) -> int:
    return amount // unit * unit


def _lines(province, counties, banks, loans, manager) -> dict[str, CreditLine]:
    """Create the credit lines and quotas; each quota is what the plans will commit in it
    plus a share of the line's slack."""
    lines = {}
    committing = {Status.APPROVED, Status.INTRODUCED, Status.CONTRACTED, Status.DISBURSED}
    for spec in LINES:
        line = services.credit_line_create(
            actor=manager,
            area=province,
            year=spec.year,
            title=spec.title,
            source=spec.source,
            total=spec.total,
            annual_rate_bp=spec.rate_bp,
            term_months=spec.term,
            grace_months=spec.grace,
            grace_mode=spec.mode,
            banks=banks,
        )
        lines[spec.key] = line
        mine = [loan for loan in loans if loan.line is spec and loan.outcome in committing]
        by_county: dict[int, int] = defaultdict(int)
        by_bank: dict[int, int] = defaultdict(int)
        for loan in mine:
            by_county[loan.county.pk] += loan.approved
            by_bank[loan.bank] += loan.approved
        slack = spec.total - sum(by_county.values())
        weights = {county.pk: COUNTY_WEIGHTS.get(county.code, 4) for county in counties}
        for county in counties:
            share = _round_down(slack * weights[county.pk] // sum(weights.values()))
            amount = by_county[county.pk] + share
            if amount > 0:
                services.quota_set(actor=manager, credit_line=line, county=county, amount=amount)
        for index, bank in enumerate(banks):
            share = _round_down(slack * BANK_WEIGHTS[index] // sum(BANK_WEIGHTS))
            amount = by_bank[index] + share
            if amount > 0:
                services.quota_set(actor=manager, credit_line=line, bank=bank, amount=amount)
    return lines


ORDER: list[str] = [
    Status.REGISTERED,
    Status.REVIEWED,
    Status.APPROVED,
    Status.INTRODUCED,
    Status.CONTRACTED,
    Status.DISBURSED,
]


def _walk(
    loan: PlannedLoan, number: int, lines, banks, branches, actors, rng: random.Random
) -> str:
    """Take one plan through the workflow services, with the demo staff, to its outcome."""
    line = lines[loan.line.key]
    bank = banks[loan.bank]
    day = loan.registered
    application = services.application_register(
        actor=actors["clerk"],
        applicant=loan.person,
        credit_line=line,
        bank=bank,
        branch=branches.get((bank.pk, loan.county.pk)),
        place=loan.person.area,
        title=loan.title,
        sector=loan.sector,
        activity=loan.activity,
        requested_amount=loan.requested,
        planned_jobs=loan.planned_jobs,
        own_contribution=_round_down(loan.requested // 5, STEP),
        cost_lines=[
            services.CostItem("fixed", loan.activity, _round_down(loan.requested * 7 // 10, STEP)),
            services.CostItem(
                "working",
                "مواد اولیه و هزینه‌های جاری",
                loan.requested
                - _round_down(loan.requested * 7 // 10, STEP)
                + _round_down(loan.requested // 5, STEP),
            ),
        ],
        guarantors=[
            services.GuarantorItem("ضامن کارمند", _guarantor_code(rng), "ضامن رسمی"),
        ],
        source_id=f"demo-loan-{number}",
        on=day,
    )
    target: str = loan.outcome
    final: str
    if target == Status.REJECTED:
        final = rng.choice([Status.REGISTERED, Status.REVIEWED])
    elif target == Status.WITHDRAWN:
        final = rng.choice([Status.REGISTERED, Status.REVIEWED, Status.APPROVED])
    else:
        final = target
    if ORDER.index(final) >= ORDER.index(Status.REVIEWED):
        day += datetime.timedelta(days=7)
        services.application_review(actor=actors["reviewer"], application=application, on=day)
    if ORDER.index(final) >= ORDER.index(Status.APPROVED):
        day += datetime.timedelta(days=14)
        services.application_approve(
            actor=actors["manager"],
            application=application,
            amount=loan.approved,
            on=day,
            minutes_no="۱۴",
        )
    if ORDER.index(final) >= ORDER.index(Status.INTRODUCED):
        day += datetime.timedelta(days=7)
        year = jdatetime.date.fromgregorian(date=day).year
        services.application_introduce(
            actor=actors["manager"],
            application=application,
            letter_no=f"{year}/ج/{1000 + number}",
            letter_date=day,
        )
    if ORDER.index(final) >= ORDER.index(Status.CONTRACTED):
        services.application_contract(
            actor=actors["clerk"],
            application=application,
            contract_no=f"{bank.pk:02d}-{loan.contract:%y}{number:05d}",
            contract_date=loan.contract,
        )
    for paid_on, amount in loan.tranches:
        services.disbursement_add(
            actor=actors["clerk"],
            application=application,
            amount=amount,
            date=paid_on,
            reference=f"TR{number:05d}{paid_on:%m%d}",
        )
    if target == Status.REJECTED:
        services.application_reject(
            actor=actors["reviewer"] if final == Status.REGISTERED else actors["manager"],
            application=application,
            reason=rng.choice(
                [
                    "توجیه اقتصادی طرح کافی نیست.",
                    "متقاضی ضامن معتبر معرفی نکرد.",
                    "مدارک طرح ناقص است.",
                ]
            ),
        )
    elif target == Status.WITHDRAWN:
        services.application_withdraw(
            actor=actors["clerk"], application=application, reason="متقاضی از اجرای طرح منصرف شد."
        )
    if loan.tranches:
        _repay(application, loan, actors["clerk"], rng)
        for visit in sorted(loan.visits, key=lambda visit: visit.date):
            services.visit_add(
                actor=actors["reviewer"],
                application=application,
                date=visit.date,
                direct_jobs=visit.jobs,
                status=visit.status,
                notes=_visit_note(visit),
            )
    application.refresh_from_db()
    return application.status


def _visit_note(visit: Visit) -> str:
    if visit.status == VisitStatus.CLOSED:
        return "کارگاه تعطیل شده و تجهیزات فروخته شده است."
    if visit.status == VisitStatus.DIVERTED:
        return "تسهیلات در محل دیگری جز طرح هزینه شده است."
    return "طرح فعال است؛ اشتغال مستقیم شمارش شد."


def _guarantor_code(rng: random.Random) -> str:
    from abadi.core.validators import national_code_check_digit

    first_nine = f"{rng.randrange(10**8, 10**9):09d}"
    return first_nine + str(national_code_check_digit(first_nine))


def _repay(application, loan: PlannedLoan, clerk, rng: random.Random) -> None:
    """Repayments up to the demo's today, by the borrower's habit: on time, lately stopped,
    long stopped, or settled early."""
    due = [
        (instalment.due_date, instalment.total)
        for instalment in application.instalments.order_by("number")
        if instalment.due_date <= REFERENCE_DATE
    ]
    if loan.payer == "late":
        due = due[:-2]
    elif loan.payer == "bad":
        due = due[: rng.randrange(0, 3)]
    # Many borrowers pay each instalment; others settle two or three at a time at the bank.
    lump = rng.choice([1, 1, 2, 3])
    for start in range(0, len(due), lump):
        batch = due[start : start + lump]
        due_date = batch[-1][0]
        paid_on = min(due_date + datetime.timedelta(days=rng.randrange(0, 8)), REFERENCE_DATE)
        services.repayment_add(
            actor=clerk,
            application=application,
            amount=sum(total for _due, total in batch),
            date=paid_on,
            reference=f"BK{application.pk:05d}{paid_on:%y%m%d}",
        )
    if loan.payer == "early":
        from django.db.models import Sum

        owed = application.instalments.aggregate(total=Sum("total"))["total"] - sum(
            total for _d, total in due
        )
        if owed > 0:
            services.repayment_add(
                actor=clerk,
                application=application,
                amount=owed,
                date=REFERENCE_DATE,
                reference=f"BK{application.pk:05d}-END",
            )
