"""Sample records of the registry and the ledger for the guard rails (docs/architecture.md,
"Guard rails"): per unit of ``count``, a household of two persons in a village of
``county`` and a benefit to it, every name, address and note carrying ``marker``."""

import datetime

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.persian import to_persian_digits
from abadi.people import services
from abadi.people.models import Programme, Sex
from abadi.testing import sample_national_code, sample_village


def build(*, county, marker: str, count: int = 1) -> None:
    village = sample_village(county)
    today = clock.today()
    for number in range(1, count + 1):
        head = services.person_create(
            actor=SYSTEM,
            national_code=sample_national_code(),
            first_name="مریم",
            last_name=to_persian_digits(f"نمونه {marker} {number}"),
            father_name="حسن",
            birth_date=datetime.date(1980, 1, 1),
            sex=Sex.FEMALE,
            mobile="09121234567",
            area=village,
            female_headed=True,
        )
        household = services.household_create(
            actor=SYSTEM, head=head, area=village, address=to_persian_digits(f"کوچه نمونه {marker}")
        )
        services.person_create(
            actor=SYSTEM,
            national_code=sample_national_code(),
            first_name="علی",
            last_name=to_persian_digits(f"نمونه {marker} {number}"),
            sex=Sex.MALE,
            area=village,
            household=household,
        )
        services.benefit_record(
            actor=SYSTEM,
            programme=Programme.PACKAGE,
            date=today - datetime.timedelta(days=30),
            value=5_000_000,
            area=village,
            source=None,
            household=household,
            person=head,
            note=to_persian_digits(f"بسته نمونه {marker}"),
        )
