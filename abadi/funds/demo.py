"""Donors, donations and prisoner releases of the Ardabil scenario (F17, F18 of the source
article).

* 350 prisoners of unintentional and financial crimes released in 1399–1400 across the
  province's counties (175 a year), each case opened, reviewed, funded, paid and released
  on dated steps; its debt settled by the creditor's forgiveness, sometimes an
  interest-free loan, and largely by donors: gifts given for prisoners' release, received
  while the case was being funded and allocated to it, every rial traceable.
* Basij Sazandegi week 1401 (15–23 Ordibehesht, read from the events demo): 20 cases paid
  before the week and scheduled for the province's release ceremony of 1401/02/20 — on the
  article's day (1401/02/18) they are paid and waiting; the ceremony frees them.
* After the week, releases go on every month to the day the demo runs; a few cases are
  still being identified, reviewed or funded today.
* Giving goes on from 1399 to today: general cash and in-kind gifts (rice, oil, clothes,
  school kits) of groups of givers, persons (some of them anonymous) and their pledges,
  each receipted with its year's next number.

Rows are written in bulk (a few queries per table and one audit event); a second run finds
the demo's donations and creates nothing.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo
from collections.abc import Callable
from typing import Any

import jdatetime

from abadi.accounts.models import RoleAssignment, User
from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.audit import audit_record
from abadi.core.demo import DEMO_PASSWORD
from abadi.core.jalali import jalali_year_of
from abadi.core.permissions import Role
from abadi.core.persian import search_key
from abadi.core.scoping import unscoped
from abadi.funds.audit import Action
from abadi.funds.models import (
    AidCase,
    Allocation,
    CaseChange,
    CaseStatus,
    CaseType,
    DebtType,
    Donation,
    DonationItem,
    DonationKind,
    DonationStatus,
    Donor,
    DonorKind,
    Entry,
    PaymentMethod,
    Pledge,
    PledgeStatus,
    ReceiptCounter,
    UseKind,
)
from abadi.geography.models import Area, AreaLevel
from abadi.people.demo import PERSON_PREFIX
from abadi.people.models import Person, Programme
from abadi.people.services import BenefitRow, benefits_record_bulk

PREFIX = "demo-funds-"
PROVINCE = "24"
SEED = 14010218
TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
RELEASED_PER_YEAR = {1399: 175, 1400: 175}
WEEK_CASES = 20
# The province's release ceremony of the week (the events demo's prisoner-release event).
CEREMONY = (1401, 2, 20)
WEEK = ((1401, 2, 15), (1401, 2, 23))
MONTHLY_AFTER_WEEK = (2, 6)
OPEN_TODAY = 12
# Persons of the registry the scenario needs: one per case, and some who give.
CASE_PERSONS = 900
DONOR_PERSONS = 300
GENERAL_GIFTS_PER_MONTH = (18, 30)
PRISONS = ("زندان مرکزی اردبیل", "زندان مشگین‌شهر", "زندان پارس‌آباد", "زندان خلخال")
DEBTS = (
    (DebtType.BLOOD_MONEY, 30),
    (DebtType.DOWER, 25),
    (DebtType.MAINTENANCE, 15),
    (DebtType.CHEQUE, 20),
    (DebtType.OTHER_FINANCIAL, 10),
)
GOODS = (
    ("برنج", "کیسه ۱۰ کیلویی", 9_000_000),
    ("روغن", "حلب", 4_500_000),
    ("پوشاک زمستانی", "دست", 6_000_000),
    ("بسته لوازم‌التحریر", "بسته", 2_500_000),
    ("پتو", "تخته", 3_500_000),
)
GROUP_NAMES = (
    "خیّران مسجد جامع {county}",
    "هیئت‌های مذهبی {county}",
    "جمعی از خیّران بازار {county}",
    "کانون خیّران سلامت {county}",
    "اصناف {county}",
)


def jdate(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=TEHRAN)


def week_days() -> tuple[datetime.date, datetime.date]:
    return jdate(*WEEK[0]), jdate(*WEEK[1])


def _ensure_officer(province: Area) -> User:
    """The funds programme officer of the province (printed with the demo's logins)."""
    user, created = User.objects.get_or_create(
        username="funds", defaults={"first_name": "کارشناس کمک‌های مؤمنانه استان"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    RoleAssignment.objects.get_or_create(
        user=user, role=Role.PROGRAMME_OFFICER, area=province, module="funds"
    )
    return user


class Planner:
    """The whole history in memory first (cases, gifts, allocations), then written."""

    def __init__(self, *, counties: list[Area], persons: list[Person], today: datetime.date):
        self.rng = random.Random(SEED)
        self.counties = counties
        self.persons = iter(persons)
        self.today = today
        self.donors: list[dict[str, Any]] = []
        self.gifts: list[dict[str, Any]] = []
        self.cases: list[dict[str, Any]] = []
        self.pledges: list[dict[str, Any]] = []
        self.givers_by_county: dict[int, list[int]] = {}

    # Donors
    def plan_donors(self, person_donors: list[Person]) -> None:
        for county in self.counties:
            for template in GROUP_NAMES:
                self._donor(DonorKind.GROUP, county, template.format(county=county.name))
        for index, person in enumerate(person_donors):
            county = self.counties[index % len(self.counties)]
            self._donor(
                DonorKind.PERSON,
                county,
                f"{person.first_name} {person.last_name}",
                person=person,
                anonymous=index % 3 == 0,
            )

    def _donor(self, kind: str, county: Area, name: str, **extra: Any) -> None:
        index = len(self.donors)
        self.donors.append({"index": index, "kind": kind, "area": county, "name": name, **extra})
        self.givers_by_county.setdefault(county.pk, []).append(index)

    def giver(self, county: Area) -> int:
        return self.rng.choice(self.givers_by_county[county.pk])

    # Gifts
    def gift(
        self,
        *,
        donor: int,
        day: datetime.date,
        amount: int,
        county: Area,
        designation: str = "",
        items: list[tuple[str, int, str, int]] | None = None,
        pledge: int | None = None,
    ) -> dict[str, Any]:
        row = {
            "index": len(self.gifts),
            "donor": donor,
            "day": day,
            "amount": amount,
            "area": county,
            "designation": designation,
            "items": items or [],
            "pledge": pledge,
            "allocations": [],
            "method": PaymentMethod.GOODS
            if items
            else self.rng.choice(
                (PaymentMethod.TRANSFER,) * 5 + (PaymentMethod.CARD, PaymentMethod.CASH)
            ),
        }
        self.gifts.append(row)
        return row

    def general_giving(self) -> None:
        start = jdate(1399, 1, 1)
        month = jdatetime.date(1399, 1, 1)
        while month.togregorian() <= self.today:
            first = month.togregorian()
            following = (month + datetime.timedelta(days=32)).replace(day=1)
            last = min(following.togregorian() - datetime.timedelta(days=1), self.today)
            for _ in range(self.rng.randint(*GENERAL_GIFTS_PER_MONTH)):
                day = first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))
                county = self.rng.choice(self.counties)
                if self.rng.random() < 0.25:
                    name, unit, price = self.rng.choice(GOODS)
                    quantity = self.rng.randint(10, 200)
                    items = [(name, quantity, unit, quantity * price)]
                    self.gift(
                        donor=self.giver(county),
                        day=day,
                        amount=quantity * price,
                        county=county,
                        items=items,
                    )
                else:
                    self.gift(
                        donor=self.giver(county),
                        day=day,
                        amount=self.rng.randint(1, 200) * 5_000_000,
                        county=county,
                    )
            month = following
        assert start <= self.today

    def plan_pledges(self) -> None:
        """Pledges of the groups of givers: most fulfilled by a gift before their due date,
        some still open (a few of them overdue)."""
        groups = [d["index"] for d in self.donors if d["kind"] == DonorKind.GROUP]
        for number in range(60):
            donor = self.donors[self.rng.choice(groups)]
            pledged = jdate(1399, 3, 1) + datetime.timedelta(
                days=self.rng.randint(0, (self.today - jdate(1399, 3, 1)).days)
            )
            due = pledged + datetime.timedelta(days=self.rng.randint(30, 180))
            amount = self.rng.randint(4, 40) * 25_000_000
            index = len(self.pledges)
            pledge = {
                "index": index,
                "donor": donor["index"],
                "area": donor["area"],
                "amount": amount,
                "pledged": pledged,
                "due": due,
                "fulfilled": 0,
                "fulfilled_on": None,
            }
            self.pledges.append(pledge)
            if number % 4 != 0:
                day = min(pledged + datetime.timedelta(days=self.rng.randint(5, 29)), self.today)
                self.gift(
                    donor=donor["index"], day=day, amount=amount, county=donor["area"], pledge=index
                )
                pledge["fulfilled"], pledge["fulfilled_on"] = amount, day

    # Cases
    def case(
        self,
        *,
        opened: datetime.date,
        pay: datetime.date | None,
        release: datetime.date | None,
        planned: datetime.date | None = None,
        status: str = CaseStatus.RELEASED,
        funded_part: float = 1.0,
    ) -> dict[str, Any]:
        rng = self.rng
        county = rng.choice(self.counties)
        judgment = rng.randint(8, 120) * 25_000_000
        forgiveness = judgment * rng.choice((0, 0, 10, 20, 30, 40)) // 100
        loan = judgment * rng.choice((0, 0, 0, 15, 25)) // 100
        share = judgment - forgiveness - loan
        reviewed = opened + datetime.timedelta(days=rng.randint(3, 10))
        funding = reviewed + datetime.timedelta(days=rng.randint(2, 7))
        steps = [("open", opened, CaseStatus.IDENTIFIED)]
        if status != CaseStatus.IDENTIFIED:
            steps.append(("review", reviewed, CaseStatus.REVIEWED))
        if status not in (CaseStatus.IDENTIFIED, CaseStatus.REVIEWED):
            steps.append(("fund", funding, CaseStatus.FUNDING))
        if pay is not None:
            steps.append(("pay", pay, CaseStatus.PAID))
        if release is not None:
            steps.append(("release", release, CaseStatus.RELEASED))
        debt = rng.choices([d for d, _w in DEBTS], weights=[w for _d, w in DEBTS])[0]
        row = {
            "index": len(self.cases),
            "area": county,
            "person": next(self.persons),
            "prison": rng.choice(PRISONS),
            "debt": debt,
            "judgment": judgment,
            "forgiveness": forgiveness,
            "loan": loan,
            "status": steps[-1][2],
            "opened": opened,
            "paid": pay,
            "planned": planned or release,
            "released": release,
            "steps": steps,
            "donated": 0,
        }
        self.cases.append(row)
        if status in (CaseStatus.FUNDING, CaseStatus.PAID, CaseStatus.RELEASED) and share:
            due = int(share * funded_part)
            last_day = (pay or self.today) - datetime.timedelta(days=1)
            self._fund(row, due, funding, max(last_day, funding))
        return row

    def _fund(
        self, case: dict[str, Any], due: int, first: datetime.date, last: datetime.date
    ) -> None:
        """Gifts given for prisoners' release while the case was funded, allocated to it;
        the last gift's rest stays for the next case."""
        rng = self.rng
        parts = rng.randint(1, 3)
        left = due
        for part in range(parts):
            piece = left if part == parts - 1 else left * rng.randint(30, 60) // 100
            if piece <= 0:
                continue
            day = first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))
            extra = rng.choice((0, 0, 0, 5_000_000, 10_000_000))
            gift = self.gift(
                donor=self.giver(case["area"]),
                day=day,
                amount=piece + extra,
                county=case["area"],
                designation=UseKind.AID_CASE,
            )
            on = min(
                day + datetime.timedelta(days=rng.randint(0, 3)), last + datetime.timedelta(days=1)
            )
            gift["allocations"].append((case["index"], piece, max(on, day)))
            left -= piece
        case["donated"] = due

    def plan_cases(self) -> None:
        rng = self.rng
        for year, count in RELEASED_PER_YEAR.items():
            first = jdate(year, 3, 1) if year == 1399 else jdate(year, 1, 10)
            last = jdate(year, 12, 25)
            for _ in range(count):
                release = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
                pay = release - datetime.timedelta(days=rng.randint(1, 5))
                opened = pay - datetime.timedelta(days=rng.randint(40, 70))
                self.case(opened=opened, pay=pay, release=release)
        ceremony = jdate(*CEREMONY)
        for _ in range(WEEK_CASES):
            pay = jdate(1401, 2, rng.randint(3, 14))
            opened = pay - datetime.timedelta(days=rng.randint(35, 55))
            freed = ceremony if ceremony <= self.today else None
            self.case(
                opened=opened,
                pay=pay,
                release=freed,
                planned=ceremony,
                status=CaseStatus.RELEASED if freed else CaseStatus.PAID,
            )
        start, end = week_days()
        month = jdatetime.date(1401, 3, 1)
        while month.togregorian() + datetime.timedelta(days=75) <= self.today:
            for _ in range(rng.randint(*MONTHLY_AFTER_WEEK)):
                release = month.togregorian() + datetime.timedelta(days=rng.randint(0, 28))
                if start <= release <= end:
                    continue
                pay = release - datetime.timedelta(days=rng.randint(1, 5))
                opened = pay - datetime.timedelta(days=rng.randint(40, 70))
                self.case(opened=opened, pay=pay, release=release)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        for number in range(OPEN_TODAY):
            status = (CaseStatus.IDENTIFIED, CaseStatus.REVIEWED, CaseStatus.FUNDING)[number % 3]
            opened = self.today - datetime.timedelta(days=rng.randint(25, 35))
            self.case(
                opened=opened, pay=None, release=None, status=status, funded_part=rng.random()
            )


def build(*, log: Callable[[str], None]) -> None:
    province = Area.objects.filter(code=PROVINCE).first()
    if province is None:
        log("  funds: Ardabil (24) not loaded; skipped")
        return
    officer = _ensure_officer(province)
    if Donation.objects.filter(source_id__startswith=PREFIX).exists():
        log("  funds: demo donations already there; nothing created")
        return
    counties = list(
        unscoped(Area.objects.filter(level=AreaLevel.COUNTY, path__startswith=province.path))
        .only("id", "code", "name", "path")
        .order_by("code")
    )
    # From the end of the registry: the first demo persons are the loans' applicants.
    persons = list(
        unscoped(Person.objects.filter(source_id__startswith=PERSON_PREFIX, sex="male"))
        .only("id", "first_name", "last_name", "area_id", "household_id")
        .order_by("-id")[: CASE_PERSONS + DONOR_PERSONS]
    )
    if not counties or len(persons) < CASE_PERSONS:
        log("  funds: the people demo is not loaded; skipped")
        return
    today = clock.today()
    planner = Planner(counties=counties, persons=persons[:CASE_PERSONS], today=today)
    planner.plan_donors(persons[CASE_PERSONS:])
    try:
        planner.plan_cases()
    except StopIteration:
        log("  funds: too few persons in the people demo for the cases; skipped")
        return
    planner.general_giving()
    planner.plan_pledges()
    counts = _write(planner, officer)
    audit_record(
        actor=SYSTEM,
        action=Action.BULK_LOAD,
        new={**counts, "note": "سوابق کمک‌های خیّران و پرونده‌های آزادی زندانیان ۱۳۹۹ تا امروز"},
    )
    log(
        f"  funds: {counts['donors']} donors, {counts['donations']} donations, "
        f"{counts['allocations']} allocations, {counts['cases']} aid cases "
        f"({counts['released']} released), {counts['pledges']} pledges"
    )


def finish(*, log) -> None:
    if User.objects.filter(username="funds").exists():
        log(f"  {'funds':<12} کارشناس برنامه (24, funds)")


def _ids(model, prefix: str) -> dict[str, int]:
    return dict(model.objects.filter(source_id__startswith=prefix).values_list("source_id", "pk"))


def _write(planner: Planner, officer: User) -> dict[str, int]:
    donors = [
        Donor(
            kind=row["kind"],
            person_id=row["person"].pk if row.get("person") else None,
            name=row["name"][:200],
            search_key=search_key(row["name"])[:200],
            anonymous=row.get("anonymous", False),
            area_id=row["area"].pk,
            source_id=f"{PREFIX}donor-{row['index']}",
        )
        for row in planner.donors
    ]
    Donor.objects.bulk_create(donors, batch_size=500)
    donor_ids = _ids(Donor, f"{PREFIX}donor-")
    donor_pk = [donor_ids[f"{PREFIX}donor-{row['index']}"] for row in planner.donors]

    Pledge.objects.bulk_create(
        (
            Pledge(
                donor_id=donor_pk[row["donor"]],
                area_id=row["area"].pk,
                amount=row["amount"],
                pledged_on=row["pledged"],
                due_on=row["due"],
                status=PledgeStatus.FULFILLED if row["fulfilled"] else PledgeStatus.OPEN,
                fulfilled=row["fulfilled"],
                fulfilled_on=row["fulfilled_on"],
                note=f"{PREFIX}pledge-{row['index']}",
                created_by=officer,
            )
            for row in planner.pledges
        ),
        batch_size=500,
    )
    pledge_ids = dict(
        Pledge.objects.filter(note__startswith=f"{PREFIX}pledge-").values_list("note", "pk")
    )
    Pledge.objects.filter(note__startswith=PREFIX).update(note="")

    cases = []
    for row in planner.cases:
        cases.append(
            AidCase(
                case_type=CaseType.PRISONER_RELEASE,
                area_id=row["area"].pk,
                person_id=row["person"].pk,
                prison=row["prison"],
                debt_type=row["debt"],
                judgment_amount=row["judgment"],
                forgiveness=row["forgiveness"],
                loan_amount=row["loan"],
                donated=row["donated"],
                status=row["status"],
                opened_on=row["opened"],
                paid_on=row["paid"],
                planned_release_on=row["planned"],
                released_on=row["released"],
                created_by=officer,
                source_id=f"{PREFIX}case-{row['index']}",
            )
        )
    AidCase.objects.bulk_create(cases, batch_size=500)
    case_ids = _ids(AidCase, f"{PREFIX}case-")
    case_pk = [case_ids[f"{PREFIX}case-{row['index']}"] for row in planner.cases]
    for case, row in zip(cases, planner.cases, strict=True):
        case.pk = case.id = case_pk[row["index"]]
        case.number = f"{jalali_year_of(row['opened'])}-{case.pk:06d}"
    AidCase.objects.bulk_update(cases, ["number"], batch_size=500)
    changes = []
    for row in planner.cases:
        before = ""
        for index, (action, on, status) in enumerate(row["steps"]):
            following = row["steps"][index + 1][1] if index + 1 < len(row["steps"]) else None
            changes.append(
                CaseChange(
                    case_id=case_pk[row["index"]],
                    action=action,
                    from_status=before,
                    to_status=status,
                    on=on,
                    until=following,
                    actor=officer,
                    at=_moment(on),
                )
            )
            before = status
    CaseChange.objects.bulk_create(changes, batch_size=1000)

    # Receipts: each Jalali year's gifts numbered in the order they were received.
    gifts = sorted(planner.gifts, key=lambda gift: (gift["day"], gift["index"]))
    last: dict[int, int] = {}
    donations = []
    for gift in gifts:
        year = jalali_year_of(gift["day"])
        last[year] = last.get(year, 0) + 1
        allocated = sum(rials for _case, rials, _on in gift["allocations"])
        donations.append(
            Donation(
                entry=Entry.GIFT,
                donor_id=donor_pk[gift["donor"]],
                area_id=gift["area"].pk,
                kind=DonationKind.IN_KIND if gift["items"] else DonationKind.CASH,
                method=gift["method"],
                amount=gift["amount"],
                allocated=allocated,
                received_on=gift["day"],
                designation_kind=gift["designation"],
                pledge_id=pledge_ids.get(f"{PREFIX}pledge-{gift['pledge']}")
                if gift["pledge"] is not None
                else None,
                status=DonationStatus.RECEIPTED,
                receipt_year=year,
                receipt_seq=last[year],
                number=f"{year}-{last[year]:06d}",
                receipted_at=_moment(gift["day"]),
                created_by=officer,
                source_id=f"{PREFIX}gift-{gift['index']}",
            )
        )
    Donation.objects.bulk_create(donations, batch_size=1000)
    existing = dict(ReceiptCounter.objects.values_list("year", "last"))
    for year, count in last.items():
        ReceiptCounter.objects.update_or_create(
            year=year, defaults={"last": existing.get(year, 0) + count}
        )
    gift_ids = _ids(Donation, f"{PREFIX}gift-")
    gift_pk = {gift["index"]: gift_ids[f"{PREFIX}gift-{gift['index']}"] for gift in gifts}
    DonationItem.objects.bulk_create(
        (
            DonationItem(
                donation_id=gift_pk[gift["index"]],
                name=name,
                quantity=quantity,
                unit=unit,
                value=value,
            )
            for gift in gifts
            for name, quantity, unit, value in gift["items"]
        ),
        batch_size=1000,
    )
    allocations = [
        Allocation(
            donation_id=gift_pk[gift["index"]],
            use_kind=UseKind.AID_CASE,
            use_id=case_pk[case_index],
            rials=rials,
            on=on,
            area_id=gift["area"].pk,
            created_by=officer,
            created_at=_moment(on),
        )
        for gift in gifts
        for case_index, rials, on in gift["allocations"]
    ]
    Allocation.objects.bulk_create(allocations, batch_size=1000)

    released = [
        (case, row) for case, row in zip(cases, planner.cases, strict=True) if row["released"]
    ]
    benefits_record_bulk(
        actor=SYSTEM,
        rows=[
            BenefitRow(
                programme=Programme.RELEASE,
                date=row["released"],
                value=row["judgment"],
                area=row["area"],
                source=case,
                person=row["person"],
                note=case.number or "",
            )
            for case, row in released
        ],
        action_note="آزادی زندانیان جرائم غیرعمد و مالی",
    )
    return {
        "donors": len(donors),
        "donations": len(donations),
        "allocations": len(allocations),
        "cases": len(cases),
        "released": len(released),
        "pledges": len(planner.pledges),
    }
