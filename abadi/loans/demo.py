"""The job-creation loans of the Ardabil scenario (F1–F3 of the source article): a history
from 1399 to the day the demo is loaded.

* Six agent banks, each with a branch in every county of the province.
* Two credit lines a year from 1399 to this year, with county and bank quotas; the 1401
  lines total exactly 700,000,000,000 rials (the year's plan, F3).
* Plans of people of the people demo, each with its whole dated life: the clerk registers,
  the loans officer reviews, the manager approves in committee and introduces, the clerk
  records the contract, the tranches and the repayments, the officer visits. A step that
  falls after today has not happened yet, so this year's late plans are still in the
  pipeline on the day the demo is loaded, as 1401's were on the article's day.
* Tranches dated in 1400 sum to exactly 580,000,000,000 rials (F1), and the verified direct
  jobs of the loans disbursed in 1400, by the visits up to 1400's last day, to exactly 900
  (F2). Every year's loans are paid out within their year.
* Borrowers mostly pay on time; some are a month or two behind, a few stopped paying
  (the bank recovers from the guarantor within about a year), some settle early; a
  business found closed or diverted on a visit stops paying.

Everything comes from one seeded generator and is written in bulk (ADR 0012): the few
credit lines and quotas through the services, the plans, timelines, tranches, schedules,
repayments and visits as rows, one audit event for the batch, and the loan benefits
through people's bulk ledger service. A second run finds the demo's lines and creates
nothing.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jdatetime
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, LPad

from abadi.accounts.models import User
from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.audit import audit_record
from abadi.core.imports.bulk import insert_rows
from abadi.core.jalali import jalali_year_of
from abadi.core.persian import search_key, to_persian_digits
from abadi.core.scoping import unscoped
from abadi.geography.models import Area, AreaLevel
from abadi.loans import services
from abadi.loans.audit import Action
from abadi.loans.models import (
    Application,
    CostLine,
    CreditLine,
    Disbursement,
    GraceMode,
    Guarantor,
    Instalment,
    MonitoringVisit,
    Quota,
    QuotaKind,
    Repayment,
    Sector,
    Status,
    StatusChange,
    VisitStatus,
)
from abadi.loans.schedule import build_schedule
from abadi.organisations.models import Branch, Organisation, OrganisationKind
from abadi.people.demo import REFERENCE_DATE, demo_persons
from abadi.people.services import BenefitRow, benefits_record_bulk

SEED = 14000218
PROVINCE = "24"
FIRST_YEAR = 1399
DISBURSED_1400 = 580_000_000_000
VERIFIED_JOBS_1400 = 900
STEP = 10_000_000  # plans are approved in whole millions of tomans
BILLION = 1_000_000_000
TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
DAY = datetime.timedelta(days=1)

BANKS = ["بانک ملی", "بانک کشاورزی", "بانک سپه", "پست بانک", "بانک توسعه تعاون", "بانک رفاه"]
BANK_WEIGHTS = [14, 30, 14, 18, 16, 8]

RURAL, INCLUSIVE = "rural", "inclusive"
# year → (rural line total, inclusive line total), in billions of rials. 1401's add up to
# the year's plan of the article (F3); later years grow with prices.
LINE_TOTALS = {
    1399: (450, 60),
    1400: (620, 80),
    1401: (600, 100),
    1402: (850, 150),
    1403: (1_100, 200),
    1404: (1_400, 250),
    1405: (1_800, 300),
}
# What each year's lines pay out in the year; 1400's is the article's F1 exactly.
SHARES_1400 = {RURAL: 520_000_000_000, INCLUSIVE: 60_000_000_000}
# Plan sizes grow with prices; the count of plans a year stays about the same.
PRICE_FACTOR = {1399: 0.85, 1400: 1.0, 1401: 1.0, 1402: 1.4, 1403: 1.8, 1404: 2.3, 1405: 2.9}
# How a borrower pays: on time, a month or two behind now, stopped for a while, early.
PAYERS = {"good": 80, "late": 9, "bad": 6, "early": 5}


@dataclass(frozen=True)
class LineSpec:
    key: str
    kind: str
    year: int
    title: str
    source: str
    total: int
    rate_bp: int
    term: int
    grace: int
    mode: str
    share: int  # rials paid out from this line within its year


def line_totals(year: int) -> tuple[int, int]:
    if year in LINE_TOTALS:
        return LINE_TOTALS[year]
    last = max(LINE_TOTALS)
    rural, inclusive = LINE_TOTALS[last]
    grow = 1.25 ** (year - last)
    return round(rural * grow / 50) * 50, round(inclusive * grow / 50) * 50


def price_factor(year: int) -> float:
    if year in PRICE_FACTOR:
        return PRICE_FACTOR[year]
    last = max(PRICE_FACTOR)
    return PRICE_FACTOR[last] * 1.25 ** (year - last)


def line_specs(last_year: int) -> list[LineSpec]:
    specs = []
    for year in range(FIRST_YEAR, last_year + 1):
        rural, inclusive = line_totals(year)
        fa = to_persian_digits(str(year))
        for kind, title, source, total, rate, term, grace, mode in (
            (
                RURAL,
                f"اقتصاد مقاومتی {fa} — اشتغال روستایی و عشایری",
                "صندوق توسعه ملی",
                rural,
                400,
                60,
                6,
                GraceMode.INTEREST_ONLY,
            ),
            (
                INCLUSIVE,
                f"اشتغال فراگیر {fa}",
                "منابع بانک‌های عامل با یارانه سود",
                inclusive,
                1_800,
                36,
                3,
                GraceMode.DEFERRED,
            ),
        ):
            share = SHARES_1400[kind] if year == 1400 else total * BILLION * 9 // 10
            specs.append(
                LineSpec(
                    key=f"{kind}-{year}",
                    kind=kind,
                    year=year,
                    title=title,
                    source=source,
                    total=total * BILLION,
                    rate_bp=rate,
                    term=term,
                    grace=grace,
                    mode=mode,
                    share=_round_down(share),
                )
            )
    return specs


# The line whose presence says the demo was built (it has existed since the first demo).
MARKER_TITLE = "اقتصاد مقاومتی ۱۴۰۰ — اشتغال روستایی و عشایری"

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


def jdate(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def year_start(year: int) -> datetime.date:
    return jdate(year, 1, 1)


def year_end(year: int) -> datetime.date:
    return jdate(year + 1, 1, 1) - DAY


START_1400, END_1400 = year_start(1400), year_end(1400)


@dataclass
class Visit:
    date: datetime.date
    jobs: int
    status: str


@dataclass
class Step:
    action: str
    on: datetime.date
    actor: str  # a key of the demo staff
    note: str = ""


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
    outcome: str  # disbursed, rejected or withdrawn: where the plan is going
    tranches: list[tuple[datetime.date, int]] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    payer: str = "good"
    guarantor: str = ""
    # Filled by the simulation: the steps taken by today, the schedule and the money back.
    steps: list[Step] = field(default_factory=list)
    schedule: list[list[Any]] = field(default_factory=list)
    repayments: list[list[Any]] = field(default_factory=list)

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

    @property
    def status(self) -> str:
        target = Status.REGISTERED
        for step in self.steps:
            target = STEP_TARGET.get(step.action, target)
        return target


STEP_TARGET = {
    "register": Status.REGISTERED,
    "review": Status.REVIEWED,
    "approve": Status.APPROVED,
    "introduce": Status.INTRODUCED,
    "contract": Status.CONTRACTED,
    "disburse": Status.DISBURSED,
    "operate": Status.IN_OPERATION,
    "settle": Status.SETTLED,
    "reject": Status.REJECTED,
    "withdraw": Status.WITHDRAWN,
}


class Planner:
    def __init__(self, counties: list[Area], persons: dict[int, list], today: datetime.date):
        self.rng = random.Random(SEED)
        self.counties = [county for county in counties if persons[county.pk]]
        self.persons = persons
        self.handed = {county.pk: 0 for county in counties}
        self.weights = [COUNTY_WEIGHTS.get(county.code, 4) for county in self.counties]
        self.today = today

    def person_in(self, county: Area):
        """The county's adults in id order; once all have borrowed, earlier borrowers come
        back for a second plan."""
        pool = self.persons[county.pk]
        person = pool[self.handed[county.pk] % len(pool)]
        self.handed[county.pk] += 1
        return person

    def loan(
        self, line: LineSpec, *, amount: int | None, outcome: str, registered: datetime.date
    ) -> PlannedLoan:
        rng = self.rng
        county = rng.choices(self.counties, self.weights)[0]
        sectors = list(SECTORS)
        weights = [
            SECTORS[s][0] * (4 if s == Sector.TOURISM and county.code == "2410" else 1)
            for s in sectors
        ]
        sector = rng.choices(sectors, weights)[0]
        _weight, titles, amounts = SECTORS[sector]
        title, activity = rng.choice(titles)
        factor = price_factor(line.year)
        if amount is None:
            amount = max(1, round(rng.choice(amounts) * factor)) * STEP
        requested = amount if rng.random() < 0.6 else amount + rng.choice([1, 2, 5]) * 10 * STEP
        planned = max(1, min(6, round(amount / factor / 600_000_000 + rng.choice([0, 0.5, 1]))))
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
            guarantor=_guarantor_code(rng),
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

    def plan(self, specs: list[LineSpec]) -> list[PlannedLoan]:
        loans: list[PlannedLoan] = []
        for year in sorted({spec.year for spec in specs}):
            loans += self.plan_year([spec for spec in specs if spec.year == year])
        return [loan for loan in loans if loan.registered <= self.today]

    def plan_year(self, specs: list[LineSpec]) -> list[PlannedLoan]:
        """A year's plans: those paid out within the year (their sum is the lines' shares)
        and those rejected or withdrawn on the way."""
        rng = self.rng
        year = specs[0].year
        start, end = year_start(year), year_end(year)
        factor = price_factor(year)
        every_amount = sorted(
            {max(1, round(a * factor)) for _w, _t, amounts in SECTORS.values() for a in amounts}
        )
        loans: list[PlannedLoan] = []
        for spec in specs:
            for amount in self.amounts(spec.share, every_amount):
                # 1400's plans are registered within 1400 (the article's plans); later
                # years' also late in the year before, contracted after New Year.
                if year == 1400:
                    registered = start + datetime.timedelta(days=rng.randrange(0, 230))
                else:
                    registered = start + datetime.timedelta(days=rng.randrange(-40, 260))
                loan = self.loan(
                    spec, amount=amount, outcome=Status.DISBURSED, registered=registered
                )
                first = loan.contract + datetime.timedelta(days=rng.randrange(3, 20))
                second = first + datetime.timedelta(days=rng.randrange(30, 75))
                if rng.random() < 0.3 and second <= end and amount >= 2 * STEP:
                    part = (amount * 6 // 10) // STEP * STEP
                    loan.tranches = [(first, part), (second, amount - part)]
                else:
                    loan.tranches = [(first, amount)]
                self.first_visit(loan, end)
                loans.append(loan)
        if year == 1400:
            self.balance_jobs(loans)
        for loan in loans:
            self.follow_up(loan)
        rural = next(spec for spec in specs if spec.kind == RURAL)
        for outcome in [Status.REJECTED] * 14 + [Status.WITHDRAWN] * 6:
            registered = start + datetime.timedelta(days=rng.randrange(0, 300))
            loan = self.loan(rural, amount=None, outcome=outcome, registered=registered)
            # An approval withdrawn later holds its quota for a while: keep it small.
            loan.approved = min(loan.approved, round(100 * factor) * STEP)
            loan.requested = max(loan.requested, loan.approved)
            loans.append(loan)
        return loans

    def first_visit(self, loan: PlannedLoan, year_end_: datetime.date) -> None:
        rng = self.rng
        paid = loan.tranches[0][0]
        first = paid + datetime.timedelta(days=rng.randrange(60, 150))
        if loan.line.year == 1400:
            # The jobs of 1400's loans are verified within 1400: the year's figure counts
            # the visits up to its last day.
            first = min(first, year_end_ - datetime.timedelta(days=rng.randrange(0, 10)))
        if rng.random() < 0.08:
            first += datetime.timedelta(days=rng.randrange(200, 300))  # a visit put off
        jobs = max(1, loan.planned_jobs + rng.choice([-1, 0, 0, 0, 1]))
        loan.visits.append(Visit(first, jobs, VisitStatus.ACTIVE))
        loan.payer = rng.choices(list(PAYERS), list(PAYERS.values()))[0]

    def follow_up(self, loan: PlannedLoan) -> None:
        """Visits every six to eleven months while the business runs; a closed or diverted
        business is not visited again."""
        rng = self.rng
        last = loan.visits[-1]
        last_due = loan.contract + datetime.timedelta(days=31 * (loan.line.term + loan.line.grace))
        while True:
            day = last.date + datetime.timedelta(days=rng.randrange(180, 330))
            if day > min(self.today, last_due):
                break
            roll = rng.random()
            if roll < 0.035:
                last = Visit(day, 0, VisitStatus.CLOSED)
            elif roll < 0.05:
                last = Visit(day, 0, VisitStatus.DIVERTED)
            else:
                jobs = min(loan.planned_jobs + 2, max(1, last.jobs + rng.choice([0, 0, 0, 1, -1])))
                last = Visit(day, jobs, VisitStatus.ACTIVE)
            loan.visits.append(last)
            if last.status != VisitStatus.ACTIVE:
                loan.payer = "bad"
                break

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


def simulate(loan: PlannedLoan, today: datetime.date, rng: random.Random) -> None:
    """The plan's steps, schedule and repayments as they happened up to ``today``."""
    day = loan.registered
    steps = [Step("register", day, "clerk")]
    if loan.outcome == Status.REJECTED:
        if rng.random() < 0.5:
            steps.append(Step("reject", day + datetime.timedelta(days=9), "reviewer", _reason(rng)))
        else:
            steps.append(Step("review", day + datetime.timedelta(days=7), "reviewer"))
            steps.append(Step("reject", day + datetime.timedelta(days=21), "manager", _reason(rng)))
    elif loan.outcome == Status.WITHDRAWN:
        reached = rng.choice([0, 1, 2])
        for action, offset, who in (
            ("review", 7, "reviewer"),
            ("approve", 21, "manager"),
        )[:reached]:
            steps.append(Step(action, day + datetime.timedelta(days=offset), who))
        steps.append(
            Step(
                "withdraw",
                day + datetime.timedelta(days=30),
                "clerk",
                "متقاضی از اجرای طرح منصرف شد.",
            )
        )
    else:
        steps += [
            Step("review", day + datetime.timedelta(days=7), "reviewer"),
            Step("approve", day + datetime.timedelta(days=21), "manager"),
            Step("introduce", day + datetime.timedelta(days=28), "manager"),
            Step("contract", loan.contract, "clerk"),
            Step("disburse", loan.tranches[0][0], "clerk"),
        ]
    loan.steps = [step for step in steps if step.on <= today]
    loan.tranches = [(on, amount) for on, amount in loan.tranches if on <= today]
    loan.visits = [visit for visit in loan.visits if visit.date <= today]
    if not loan.tranches:
        loan.visits = []
        return
    first_active = next((v for v in loan.visits if v.status == VisitStatus.ACTIVE), None)
    if first_active is not None:
        loan.steps.append(
            Step("operate", first_active.date, "reviewer", "بازدید نظارتی: کسب‌وکار فعال")
        )
    line = loan.line
    rows = build_schedule(
        principal=sum(amount for _on, amount in loan.tranches),
        annual_rate_bp=line.rate_bp,
        term_months=line.term,
        grace_months=line.grace,
        grace_mode=line.mode,
        start=loan.contract,
    )
    # [number, due, principal, interest, total, principal_paid, interest_paid, paid_date]
    loan.schedule = [
        [row.number, row.due_date, row.principal, row.interest, row.total, 0, 0, None]
        for row in rows
    ]
    _repay(loan, today, rng)
    owed = sum(row[4] for row in loan.schedule)
    paid = sum(payment[1] for payment in loan.repayments)
    if paid == owed and sum(a for _d, a in loan.tranches) == loan.approved:
        loan.steps.append(Step("settle", loan.repayments[-1][0], "clerk", "بازپرداخت کامل اقساط"))
        loan.visits = [visit for visit in loan.visits if visit.date <= loan.repayments[-1][0]]


def _reason(rng: random.Random) -> str:
    return rng.choice(
        ["توجیه اقتصادی طرح کافی نیست.", "متقاضی ضامن معتبر معرفی نکرد.", "مدارک طرح ناقص است."]
    )


def _repay(loan: PlannedLoan, today: datetime.date, rng: random.Random) -> None:
    """Repayments up to today by the borrower's habit, allocated as the service allocates
    them (oldest instalment first, interest before principal)."""
    due = [(row[1], row[4]) for row in loan.schedule]
    payments: list[tuple[datetime.date, int]] = []
    stop = resume = None
    if loan.payer == "bad":
        closed = next((v.date for v in loan.visits if v.status != VisitStatus.ACTIVE), None)
        span = max((due[-1][0] - loan.tranches[0][0]).days, 120)
        stop = closed or loan.tranches[0][0] + datetime.timedelta(days=rng.randrange(90, span))
        # The bank collects from the guarantor about a year after the payments stopped.
        resume = stop + datetime.timedelta(days=rng.randrange(300, 420))
    early = None
    if loan.payer == "early":
        early = loan.tranches[0][0] + datetime.timedelta(days=rng.randrange(365, 900))
    lump = rng.choice([1, 1, 1, 2])
    pending: list[tuple[datetime.date, int]] = []
    for index, (due_date, total) in enumerate(due):
        if due_date > today:
            break
        if stop is not None and resume is not None and stop <= due_date < resume:
            pending.append((due_date, total))
            continue
        if early is not None and early <= today and due_date >= early:
            rest = sum(t for _d, t in due[index:]) + sum(t for _d, t in pending)
            payments.append((early, rest))
            pending = []
            break
        pending.append((due_date, total))
        if len(pending) < lump and index + 1 < len(due) and due[index + 1][0] <= today:
            continue
        paid_on = due_date + datetime.timedelta(days=rng.randrange(0, 8))
        if resume is not None and pending[0][0] < resume <= paid_on + datetime.timedelta(days=31):
            paid_on = max(paid_on, resume)
        if paid_on <= today:
            payments.append((paid_on, sum(t for _d, t in pending)))
            pending = []
    if pending and resume is not None and pending[0][0] < resume <= today:
        payments.append((resume, sum(t for _d, t in pending)))  # the guarantor pays it all
    if loan.payer == "late" and payments:
        # A month or two behind today: the latest one or two payments have not come.
        behind = rng.choice([1, 1, 2])
        cutoff = today - datetime.timedelta(days=31 * behind + 10)
        payments = [p for p in payments if p[0] <= cutoff] or payments[:1]
    payments.sort()
    loan.repayments = []
    index = 0
    schedule = loan.schedule
    for paid_on, amount in payments:
        left, principal_part, interest_part = amount, 0, 0
        while left > 0 and index < len(schedule):
            row = schedule[index]
            pay = min(left, row[3] - row[6])
            row[6] += pay
            interest_part += pay
            left -= pay
            pay = min(left, row[2] - row[5])
            row[5] += pay
            principal_part += pay
            left -= pay
            if row[4] - row[5] - row[6] == 0:
                row[7] = paid_on
                index += 1
        loan.repayments.append([paid_on, amount, principal_part, interest_part])


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
    return by_county


def build(*, log: Callable[[str], None]) -> None:
    province = unscoped(Area.objects.filter(code=PROVINCE)).first()
    if province is None:
        log("  loans: Ardabil (24) is not loaded; skipped")
        return
    if CreditLine.objects.filter(area=province, title=MARKER_TITLE).exists():
        log("  loans: already built")
        return
    counties = list(
        unscoped(Area.objects.filter(parent=province, level=AreaLevel.COUNTY)).order_by("code")
    )
    persons = _applicants(counties)
    if not any(persons.values()):
        log("  loans: no demo people in Ardabil; skipped (run the people demo first)")
        return
    today = clock.today()
    actors = _actors()
    banks = _banks(province, counties, actors["admin"])
    specs = line_specs(jalali_year_of(today))
    planner = Planner(counties, persons, today)
    loans = planner.plan(specs)
    for loan in loans:
        simulate(loan, today, planner.rng)
    lines = _lines(province, counties, banks, specs, loans, actors["manager"])
    counts = _write(loans, lines, banks, actors)
    statuses: dict[str, int] = defaultdict(int)
    for loan in loans:
        statuses[loan.status] += 1
    summary = ", ".join(
        f"{Status(status).label}: {count}" for status, count in sorted(statuses.items())
    )
    log(
        f"  loans: {len(lines)} credit lines {FIRST_YEAR}–{specs[-1].year}, {len(loans)} plans "
        f"({summary}); {counts['disbursements']} tranches, {counts['instalments']} instalments, "
        f"{counts['repayments']} repayments, {counts['visits']} visits"
    )


def _round_down(amount: int, unit: int = 100 * STEP) -> int:
    return amount // unit * unit


def _lines(province, counties, banks, specs, loans, manager) -> dict[str, CreditLine]:
    """Create the credit lines and quotas; each quota is what the plans approved in it
    (a withdrawn approval held its share for a while) plus a share of the line's slack."""
    lines = {}
    quotas: list[Quota] = []
    for spec in specs:
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
        mine = [
            loan
            for loan in loans
            if loan.line is spec and any(step.action == "approve" for step in loan.steps)
        ]
        by_county: dict[int, int] = defaultdict(int)
        by_bank: dict[int, int] = defaultdict(int)
        for loan in mine:
            by_county[loan.county.pk] += loan.approved
            by_bank[loan.bank] += loan.approved
        slack = spec.total - sum(by_county.values())
        if slack < 0:
            raise RuntimeError(f"the demo's plans overrun the credit line {spec.key}")
        weights = {county.pk: COUNTY_WEIGHTS.get(county.code, 4) for county in counties}
        for county in counties:
            share = _round_down(slack * weights[county.pk] // sum(weights.values()))
            amount = by_county[county.pk] + share
            if amount > 0:
                quotas.append(
                    Quota(credit_line=line, kind=QuotaKind.COUNTY, county=county, amount=amount)
                )
        for index, bank in enumerate(banks):
            share = _round_down(slack * BANK_WEIGHTS[index] // sum(BANK_WEIGHTS))
            amount = by_bank[index] + share
            if amount > 0:
                quotas.append(
                    Quota(credit_line=line, kind=QuotaKind.BANK, bank=bank, amount=amount)
                )
    # Each quota holds what its plans approved and the two kinds share out the same slack,
    # so no kind sums above its line: the rules of quota_set, by construction.
    Quota.objects.bulk_create(quotas)
    audit_record(
        actor=manager,
        action=Action.QUOTA_SET,
        new={"count": len(quotas), "lines": [spec.key for spec in specs]},
    )
    return lines


def _moment(day: datetime.date, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10, minute % 60), tzinfo=TEHRAN)


def _write(loans: list[PlannedLoan], lines, banks, actors) -> dict[str, int]:
    """Every row of every plan, in bulk, then one audit event for the batch."""
    branches = {
        (branch.organisation_id, branch.area_id): branch.pk
        for branch in Branch.objects.filter(organisation__in=banks)
    }
    ids = {key: user.pk for key, user in actors.items()}
    rows = []
    for number, loan in enumerate(loans, start=1):
        bank = banks[loan.bank]
        done = {step.action: step for step in loan.steps}
        approve, introduce, contract = (done.get(a) for a in ("approve", "introduce", "contract"))
        ended = done.get("reject") or done.get("withdraw")
        own = _round_down(loan.requested // 5, STEP)
        letter_year = jalali_year_of(introduce.on) if introduce else 0
        rows.append(
            Application(
                applicant_id=loan.person.pk,
                household_id=loan.person.household_id,
                area_id=loan.county.pk,
                place_id=loan.person.area_id,
                title=loan.title,
                sector=loan.sector,
                activity=loan.activity,
                own_contribution=own,
                requested_amount=loan.requested,
                planned_jobs=loan.planned_jobs,
                credit_line_id=lines[loan.line.key].pk,
                bank_id=bank.pk,
                branch_id=branches.get((bank.pk, loan.county.pk)),
                status=loan.status,
                registered_on=loan.registered,
                approved_amount=loan.approved if approve else None,
                approved_on=approve.on if approve else None,
                minutes_no=to_persian_digits(str(14 + loan.registered.month)) if approve else "",
                letter_no=f"{letter_year}/ج/{1000 + number}" if introduce else "",
                letter_date=introduce.on if introduce else None,
                contract_no=f"{bank.pk:02d}-{loan.contract:%y}{number:05d}" if contract else "",
                contract_date=loan.contract if contract else None,
                registered_by_id=ids["clerk"],
                reviewed_by_id=ids["reviewer"] if "review" in done else None,
                approved_by_id=ids["manager"] if approve else None,
                rejection_reason=ended.note if ended else "",
                source_id=f"demo-loan-{number}",
            )
        )
    Application.objects.bulk_create(rows, batch_size=500)
    if rows[0].pk is None:  # a database that does not return the new ids
        found = dict(
            Application.objects.filter(source_id__startswith="demo-loan-").values_list(
                "source_id", "pk"
            )
        )
        for row in rows:
            row.pk = row.id = found[row.source_id]
    # The plan number is the service's: the line's year and the id (one UPDATE a year).
    for spec in {loan.line.year: loan.line for loan in loans}.values():
        Application.objects.filter(
            source_id__startswith="demo-loan-", credit_line__year=spec.year
        ).update(
            number=Concat(Value(f"{spec.year}-"), LPad(Cast("id", CharField()), 6, Value("0")))
        )
    for row, loan in zip(rows, loans, strict=True):
        row.number = f"{loan.line.year}-{row.pk:06d}"

    insert_rows(
        CostLine,
        ["application", "kind", "title", "amount"],
        (
            (row.pk, kind, title, amount)
            for row, loan in zip(rows, loans, strict=True)
            for kind, title, amount in _costs(loan)
        ),
    )
    insert_rows(
        Guarantor,
        ["application", "name", "national_code", "relation"],
        (
            (row.pk, "ضامن کارمند", loan.guarantor, "ضامن رسمی")
            for row, loan in zip(rows, loans, strict=True)
        ),
    )
    changes = 0

    def timeline():
        nonlocal changes
        for row, loan in zip(rows, loans, strict=True):
            before = ""
            for index, step in enumerate(sorted(loan.steps, key=lambda s: s.on)):
                target = STEP_TARGET[step.action]
                changes += 1
                yield (
                    row.pk,
                    before,
                    target,
                    ids[step.actor],
                    step.action,
                    step.on,
                    _moment(step.on, index),
                    step.note,
                )
                before = target

    insert_rows(
        StatusChange,
        ["application", "from_status", "to_status", "actor", "action", "on", "at", "note"],
        timeline(),
    )
    tranches = [
        Disbursement(
            application_id=row.pk,
            date=on,
            amount=amount,
            reference=f"TR{number:05d}{on:%m%d}",
            created_by_id=ids["clerk"],
        )
        for number, (row, loan) in enumerate(zip(rows, loans, strict=True), start=1)
        for on, amount in loan.tranches
    ]
    Disbursement.objects.bulk_create(tranches, batch_size=1000)
    instalments = insert_rows(
        Instalment,
        [
            "application",
            "number",
            "due_date",
            "principal",
            "interest",
            "total",
            "principal_paid",
            "interest_paid",
            "paid_date",
        ],
        ((row.pk, *line) for row, loan in zip(rows, loans, strict=True) for line in loan.schedule),
    )
    repayments = insert_rows(
        Repayment,
        [
            "application",
            "date",
            "amount",
            "reference",
            "principal_part",
            "interest_part",
            "created_by",
            "created_at",
        ],
        (
            (
                row.pk,
                paid_on,
                amount,
                f"BK{row.pk:05d}{paid_on:%y%m%d}",
                principal,
                interest,
                ids["clerk"],
                _moment(paid_on),
            )
            for row, loan in zip(rows, loans, strict=True)
            for paid_on, amount, principal, interest in loan.repayments
        ),
    )
    visits = insert_rows(
        MonitoringVisit,
        ["application", "date", "inspector", "direct_jobs", "status", "notes", "created_at"],
        (
            (
                row.pk,
                visit.date,
                ids["reviewer"],
                visit.jobs,
                visit.status,
                _visit_note(visit),
                _moment(visit.date),
            )
            for row, loan in zip(rows, loans, strict=True)
            for visit in loan.visits
        ),
    )
    by_application = {row.pk: (row, loan) for row, loan in zip(rows, loans, strict=True)}
    ledger = []
    for tranche in tranches:
        row, loan = by_application[tranche.application_id]
        ledger.append(
            BenefitRow(
                programme="loan",
                date=tranche.date,
                value=tranche.amount,
                area=loan.person.area,
                source=tranche,
                person=loan.person,
                household=loan.person.household,
                note=f"طرح {row.number}: {row.title}",
            )
        )
    benefits_record_bulk(actor=SYSTEM, rows=ledger, action_note="تسهیلات اشتغال‌زایی (نمایشی)")
    counts = {
        "applications": len(rows),
        "steps": changes,
        "disbursements": len(tranches),
        "instalments": instalments,
        "repayments": repayments,
        "visits": visits,
    }
    audit_record(actor=SYSTEM, action=Action.BULK, new=counts)
    return counts


def _costs(loan: PlannedLoan) -> list[tuple[str, str, int]]:
    own = _round_down(loan.requested // 5, STEP)
    fixed = _round_down(loan.requested * 7 // 10, STEP)
    return [
        ("fixed", loan.activity, fixed),
        ("working", "مواد اولیه و هزینه‌های جاری", loan.requested - fixed + own),
    ]


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
