"""The indicator-key table of the source article's figures (docs/reporting.md, "The
article's figures"): each row's key, unit, kind, the breakdowns it must offer, and the
value the demo's records give for the row's area and period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ARTICLE_DAY = "1401/02/18"
WEEK = "هفته بسیج سازندگی ۱۴۰۱"


@dataclass(frozen=True)
class Key:
    """What the catalogue must hold for a key."""

    key: str
    unit: str
    kind: str
    breakdowns: tuple[str, ...] = ()


KEYS = [
    Key("loans.disbursed_amount", "rial", "flow"),
    Key("loans.jobs_verified", "job", "flow"),
    Key("volunteers.active_groups", "count", "state", ("domain",)),
    Key("relief.shipments", "truck", "flow"),
    Key("relief.shipped_value", "rial", "flow"),
    Key("projects.housing_units_completed", "unit", "flow", ("province",)),
    Key("projects.housing_units_repaired", "unit", "flow"),
    Key("training.completed", "person", "flow"),
    Key("training.licences_issued", "count", "flow", ("agency",)),
    Key("orgs.agencies_with_deprivation_credit", "count", "flow"),
    Key("events.planned", "count", "flow", ("kind", "county")),
    Key("projects.solar_inaugurated", "count", "flow"),
    Key("relief.packages_value", "rial", "flow"),
    Key("cases.prisoners_released", "person", "flow"),
    Key("cases.prisoners_scheduled", "person", "flow"),
    Key("projects.water_villages_in_progress", "village", "state"),
    Key("projects.housing_units_in_progress", "unit", "state"),
    Key("projects.in_progress", "count", "state"),
]
UNITS = {row.key: row for row in KEYS}


@dataclass(frozen=True)
class Row:
    """One row of the table: ``period`` is passed to ``indicator_values`` as it is (the
    as-of day and occasion as text, resolved by the test)."""

    figure: str
    key: str
    area: str
    period: dict[str, Any]
    value: int
    what: str = "value"  # "value", "target", or "breakdown"
    part: str | None = None  # the breakdown key for what="breakdown"
    at_least: bool = False  # "≥ 42,000", "dozens"
    years: tuple[int, ...] = field(default=())  # summed over these years (F17)

    @property
    def id(self) -> str:
        return f"{self.figure}-{self.key}" + (f"-{self.part}" if self.part else "")


AS_OF = {"as_of": ARTICLE_DAY}
IN_WEEK = {"occasion": WEEK}

ROWS = [
    Row("F1", "loans.disbursed_amount", "24", {"year": 1400}, 580_000_000_000),
    Row("F2", "loans.jobs_verified", "24", {"year": 1400}, 900),
    Row("F3", "loans.disbursed_amount", "24", {"year": 1401}, 700_000_000_000, what="target"),
    Row("F4", "volunteers.active_groups", "IR", AS_OF, 42_000, at_least=True),
    Row("F5", "volunteers.active_groups", "24", AS_OF, 2_200),
    Row("F6", "relief.shipments", "24", AS_OF, 24, at_least=True),
    Row("F6", "relief.shipped_value", "24", AS_OF, 1, at_least=True),
    Row("F7", "projects.housing_units_completed", "24", AS_OF, 200, "breakdown", "15"),
    Row("F7", "projects.housing_units_completed", "24", AS_OF, 21, "breakdown", "05"),
    Row("F8", "projects.housing_units_repaired", "24", AS_OF, 300),
    Row("F10", "training.completed", "24", {"year": 1400}, 3_100),
    Row("F11", "training.licences_issued", "24", {"year": 1400}, 1_200),
    Row("F12", "orgs.agencies_with_deprivation_credit", "24", {"year": 1401}, 22),
    Row("F13", "events.planned", "24", IN_WEEK, 510),
    Row("F14", "projects.solar_inaugurated", "24", IN_WEEK, 203),
    Row("F15", "projects.solar_inaugurated", "24", {"year": 1401}, 2_000, what="target"),
    Row("F16", "relief.packages_value", "24", AS_OF, 1_610_000_000_000),
    Row("F17", "cases.prisoners_released", "24", {}, 350, years=(1399, 1400)),
    Row("F18", "cases.prisoners_scheduled", "24", IN_WEEK, 20),
    Row("F19", "projects.water_villages_in_progress", "24", AS_OF, 454),
    Row("F20", "projects.housing_units_in_progress", "24", AS_OF, 900),
    Row("F21", "projects.in_progress", "24", AS_OF, 336),
]
