"""Sample records of the organisations registry for the guard rails (docs/architecture.md,
"Guard rails"): per call, ``count`` partner agencies with a deprivation credit and ``count``
agent banks with a branch, all registered in ``county`` and named with ``marker``."""

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.jalali import jalali_year_of
from abadi.core.persian import to_persian_digits
from abadi.organisations import services
from abadi.organisations.models import OrganisationKind
from abadi.testing import sample_village


def build(*, county, marker: str, count: int = 1) -> None:
    village = sample_village(county)
    year = jalali_year_of(clock.today())
    for number in range(1, count + 1):
        agency = services.organisation_create(
            actor=SYSTEM,
            name=to_persian_digits(f"دستگاه نمونه {marker} {number}"),
            kind=OrganisationKind.EXECUTIVE_AGENCY,
            area=county,
            phone="04533334444",
        )
        services.deprivation_credit_set(
            actor=SYSTEM, organisation=agency, year=year, amount=1_000_000_000 * number
        )
        bank = services.organisation_create(
            actor=SYSTEM,
            name=to_persian_digits(f"بانک نمونه {marker} {number}"),
            kind=OrganisationKind.AGENT_BANK,
            area=county,
        )
        services.branch_create(
            actor=SYSTEM,
            organisation=bank,
            name=to_persian_digits(f"شعبه نمونه {marker} {number}"),
            area=village,
            code=f"{number:04d}",
            address=to_persian_digits(f"نشانی شعبه {marker}"),
        )
