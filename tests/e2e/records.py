"""A small office for the browser crawls: the demo's roles, and a few records of every
kind in two counties, written through the apps' own services.

Apps that provide ``samples.py`` (``build(*, county, marker, count)``) add their records
too, so a new module's pages have rows to open without this file naming it.
"""

from __future__ import annotations

import datetime
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings

from abadi.core.permissions import Role
from abadi.core.persian import to_persian_digits
from abadi.core.validators import national_code_check_digit
from abadi.testing import area_tree, user_with_role

# The demo's logins (abadi/accounts/demo.py), over the small area tree.
ROLES = {
    "admin": (Role.SYSTEM_ADMIN, None, ""),
    "manager": (Role.PROVINCE_MANAGER, "24", ""),
    "loans": (Role.PROGRAMME_OFFICER, "24", "loans"),
    "clerk": (Role.DATA_CLERK, "2403", ""),
    "county2403": (Role.COUNTY_OFFICER, "2403", ""),
    "auditor": (Role.AUDITOR, "24", ""),
    "press": (Role.PRESS, "24", ""),
}


def _code(n: int) -> str:
    first_nine = f"{246_000_000 + n:09d}"
    return first_nine + str(national_code_check_digit(first_nine))


def build() -> dict:
    """The users (by demo name) and a few records; returns the users and the areas."""
    from abadi.loans import services as loans
    from abadi.organisations.models import OrganisationKind
    from abadi.people import services as people

    areas = area_tree()
    users = {
        name: user_with_role(name, role, areas[code] if code else None, module=module)
        for name, (role, code, module) in ROLES.items()
    }
    users["admin"].is_staff = users["admin"].is_superuser = True
    users["admin"].save()
    from abadi.organisations import services as organisations

    bank = organisations.organisation_create(
        actor=users["admin"],
        name="بانک کشاورزی",
        kind=OrganisationKind.AGENT_BANK,
        area=areas["24"],
    )
    other_bank = organisations.organisation_create(
        actor=users["admin"], name="بانک ملی", kind=OrganisationKind.AGENT_BANK, area=areas["24"]
    )
    organisations.branch_create(
        actor=users["admin"], organisation=bank, name="شعبهٔ خلخال", area=areas["2403"], code="4410"
    )
    organisations.branch_create(
        actor=users["admin"], organisation=other_bank, name="شعبهٔ مرکزی اردبیل", area=areas["2401"]
    )
    line = loans.credit_line_create(
        actor=users["manager"],
        area=areas["24"],
        year=1401,
        title="اقتصاد مقاومتی ۱۴۰۱",
        total=10_000_000_000,
        annual_rate_bp=400,
        term_months=36,
        grace_months=0,
        banks=[bank, other_bank],
    )
    applications = []
    for n, (village, first_name) in enumerate(
        [("2403010001001", "یعقوب"), ("2403010001001", "زینب"), ("2401010001001", "حسن")]
    ):
        place = areas[village]
        county = areas[village[:4]]
        actor = users["clerk"] if county.code == "2403" else users["loans"]
        person = people.person_create(
            actor=actor,
            national_code=_code(n),
            first_name=first_name,
            last_name="محمدی",
            sex="female" if first_name == "زینب" else "male",
            area=place,
            birth_date=datetime.date(1985, 3, 1),
        )
        people.household_create(actor=actor, head=person, area=place, address="کوچهٔ مسجد")
        applications.append(
            loans.application_register(
                actor=actor,
                applicant=person,
                credit_line=line,
                bank=bank,
                place=place,
                title="کارگاه فرش دستباف",
                sector="handicrafts",
                activity="بافت فرش",
                requested_amount=400_000_000,
                planned_jobs=2,
                own_contribution=50_000_000,
                on=datetime.date(2022, 4, 10),
            )
        )
    # One plan of 2403 reviewed by the county: it waits for the committee.
    loans.application_review(
        actor=users["county2403"], application=applications[1], on=datetime.date(2022, 4, 20)
    )
    for app in settings.ABADI_APPS:
        if find_spec(f"{app}.samples") is not None:
            samples = import_module(f"{app}.samples")
            for code in ("2401", "2403"):
                samples.build(
                    county=areas[code], marker=to_persian_digits(f"نمونه {code}"), count=1
                )
    return {"users": users, "areas": areas, "applications": applications}
