"""Sample records of reporting for the guard rails (docs/architecture.md, "Guard rails"):
``count`` manual targets of ``county``, their notes carrying ``marker``."""

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.indicators import all_indicators
from abadi.core.jalali import jalali_year_of
from abadi.core.persian import to_persian_digits
from abadi.reporting import services


def build(*, county, marker: str, count: int = 1) -> None:
    keys = [indicator.key for indicator in all_indicators()]
    year = jalali_year_of(clock.today())
    for number in range(count):
        services.target_set(
            actor=SYSTEM,
            key=keys[number % len(keys)],
            area=county,
            year=year - number // len(keys),
            value=100 + number,
            note=to_persian_digits(f"برنامه نمونه {marker} {number + 1}"),
        )
