"""Sample records of every kind this module has, for the guard rails (the access matrix,
the API's fuzzing, the query-count sweep): ``build(county=…, marker=…, count=…)`` makes,
per unit of ``count``, in ``county``'s office: a named group of donors and an anonymous
person donor; a receipted cash gift, an in-kind gift, a gift recorded without a receipt and
a reversed gift (with its reversing entry); a pledge partly fulfilled; allocations to a
project and to an aid case; a prisoner-release case funded and scheduled and another
released — all through this module's own services. ``marker`` is in every name people see
(donors, persons, notes, prisons)."""

from __future__ import annotations

import datetime
import hashlib
from typing import TYPE_CHECKING

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.permissions import VIEW_AREAS
from abadi.core.persian import to_persian_digits
from abadi.core.validators import national_code_check_digit
from abadi.funds import services
from abadi.funds.models import DebtType, DonationKind, DonorKind, UseKind
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import areas_of_level
from abadi.people.services import person_create

if TYPE_CHECKING:
    from abadi.geography.models import Area


def _national_code(*parts: object) -> str:
    number = int(hashlib.sha1("|".join(map(str, ("funds", *parts))).encode()).hexdigest()[:15], 16)
    first_nine = f"{number % 900_000_000 + 100_000_000:09d}"
    return first_nine + str(national_code_check_digit(first_nine))


def _village(county: Area) -> Area:
    village = areas_of_level(
        actor=SYSTEM, perm=VIEW_AREAS, level=AreaLevel.VILLAGE, under=county
    ).first()
    if village is None:
        raise ValueError(f"no village under {county.code} for the funds samples")
    return village


def build(*, county: Area, marker: str, count: int = 1) -> None:
    village = _village(county)
    today = clock.today()

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    for n in range(count):
        key = (marker, county.code, n)
        giver, prisoner, freed = (
            person_create(
                actor=SYSTEM,
                national_code=_national_code(role, *key),
                first_name=to_persian_digits(f"{marker} {role}"),
                last_name=to_persian_digits(f"نمونه {n}"),
                sex="male",
                area=village,
            )
            for role in ("خیّر", "زندانی", "آزادشده")
        )
        group = services.donor_register(
            actor=SYSTEM,
            kind=DonorKind.GROUP,
            area=county,
            name=to_persian_digits(f"خیّران {marker} {n}"),
            mobile="09120000000",
        )
        hidden = services.donor_register(
            actor=SYSTEM, kind=DonorKind.PERSON, area=county, person=giver, anonymous=True
        )
        pledge = services.pledge_record(
            actor=SYSTEM,
            donor=group,
            amount=900_000_000,
            pledged_on=ago(60),
            due_on=ago(5),
            note=to_persian_digits(f"{marker}: تعهد"),
        )
        cash = services.donation_record(
            actor=SYSTEM,
            donor=group,
            kind=DonationKind.CASH,
            amount=600_000_000,
            method="transfer",
            bank_reference=f"{n}{county.code}",
            received_on=ago(40),
            pledge=pledge,
            note=to_persian_digits(f"{marker}: واریز"),
        )
        services.donation_record(
            actor=SYSTEM,
            donor=hidden,
            kind=DonationKind.IN_KIND,
            items=[
                services.Item(
                    name=to_persian_digits(f"{marker} برنج"),
                    quantity=50,
                    unit="کیسه",
                    value=150_000_000,
                )
            ],
            received_on=ago(30),
            note=marker,
        )
        services.donation_record(
            actor=SYSTEM,
            donor=hidden,
            kind=DonationKind.CASH,
            amount=10_000_000,
            method="card",
            received_on=ago(2),
            receipt=False,
            note=to_persian_digits(f"{marker}: در انتظار تأیید"),
        )
        mistaken = services.donation_record(
            actor=SYSTEM,
            donor=group,
            kind=DonationKind.CASH,
            amount=5_000_000,
            method="cash",
            received_on=ago(20),
        )
        services.donation_reverse(
            actor=SYSTEM,
            donation=mistaken,
            reason=to_persian_digits(f"{marker}: ثبت تکراری"),
            on=ago(19),
        )
        services.allocate(
            actor=SYSTEM,
            donation=cash,
            use_kind=UseKind.PROJECT,
            use_id=1,
            rials=100_000_000,
            on=ago(35),
            note=to_persian_digits(f"{marker}: سهم خیّر پروژه"),
        )
        for person, release in ((prisoner, False), (freed, True)):
            case = services.case_open(
                actor=SYSTEM,
                person=person,
                area=county,
                judgment_amount=300_000_000,
                forgiveness=50_000_000,
                loan_amount=50_000_000,
                prison=f"زندان {marker}",
                debt_type=DebtType.MAINTENANCE,
                on=ago(38),
                note=marker,
            )
            services.case_review(actor=SYSTEM, case=case, on=ago(37))
            services.case_fund(actor=SYSTEM, case=case, on=ago(36))
            services.allocate(
                actor=SYSTEM,
                donation=cash,
                use_kind=UseKind.AID_CASE,
                use_id=case.pk,
                rials=200_000_000,
                on=ago(35),
                note=marker,
            )
            services.case_schedule(
                actor=SYSTEM, case=case, planned_on=ago(-5) if not release else ago(30)
            )
            if release:
                services.case_pay(actor=SYSTEM, case=case, on=ago(33))
                services.case_release(actor=SYSTEM, case=case, on=ago(30))
