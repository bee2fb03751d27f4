"""Sample records of reporting for the guard rails (docs/architecture.md, "Guard rails"):
``count`` manual targets of ``county``, their notes carrying ``marker``.

They are one indicator's plans over the years, this year's first, each further call going
on to earlier years. So the rows grow as the sweep grows them while the indicators planned
for this year, which the press summary computes one query apiece, stay the same few."""

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.indicators import all_indicators
from abadi.core.jalali import jalali_year_of
from abadi.core.persian import to_persian_digits
from abadi.reporting import services
from abadi.reporting.models import Target


def build(*, county, marker: str, count: int = 1) -> None:
    key = all_indicators()[0].key
    planned = set(Target.objects.filter(area=county, key=key).values_list("year", flat=True))
    this_year = jalali_year_of(clock.today())
    free_years = [year for year in range(this_year, this_year - 100, -1) if year not in planned]
    for number, year in enumerate(free_years[:count]):
        services.target_set(
            actor=SYSTEM,
            key=key,
            area=county,
            year=year,
            value=100 + number,
            note=to_persian_digits(f"برنامه نمونه {marker} {number + 1}"),
        )
