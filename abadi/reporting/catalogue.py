"""The indicator catalogue: every figure the office reports, as a named query over records.

Each module registers its indicators in its own ``indicators.py`` (imported at start-up)::

    register_indicator(Indicator(
        key="loans.disbursed_amount", name_fa=_("تسهیلات پرداخت‌شده"), name_en="Loans disbursed",
        unit=Unit.RIAL, kind=Kind.FLOW, permission=VIEW_INDICATORS,
        records=lambda q: q.in_period(q.in_area(Disbursement.objects.all()), "date"),
        value=lambda qs: qs.aggregate(total=Sum("amount"))["total"] or 0,
    ))

``records`` turns an :class:`IndicatorQuery` (viewer, area, period) into the queryset of
the rows behind the value; ``value`` reduces it with ONE aggregate query; each breakdown
is ONE grouped query. Nothing is ever stored by hand: a value is always recomputed from
its records, and the records (and their SQL) can be listed for any value.

Rows count by the area responsible for them (``in_area``), which is the requested area's
subtree intersected with what the viewer may see under the indicator's permission.
A flow without a period covers all time; a state without a period means "now" (what
"now" is, e.g. "status in progress", is the records function's decision; ``as_of``
gives the last day of the period, or today).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from abadi.core import clock
from abadi.core.permissions import Role, roles_for
from abadi.core.scoping import area_in_scope, scope

if TYPE_CHECKING:
    from abadi.geography.models import Area


class Unit(models.TextChoices):
    RIAL = "rial", _("ریال")
    COUNT = "count", _("مورد")
    PERSON = "person", _("نفر")
    HOUSEHOLD = "household", _("خانوار")
    JOB = "job", _("شغل")
    KW = "kw", _("کیلووات")
    UNIT = "unit", _("واحد مسکونی")
    VILLAGE = "village", _("روستا")
    TRUCK = "truck", _("کامیون")
    PERCENT = "percent", _("درصد")


class Kind(models.TextChoices):
    FLOW = "flow", _("در دوره")
    STATE = "state", _("اکنون")


class SystemActor:
    """The system itself (the CLI without ``--as``, scheduled work): every permission over
    the whole country. It passes through :func:`abadi.core.scoping.scope` like a user
    holding the system-administrator role with no area."""

    pk = None
    id = None
    username = "system"
    is_authenticated = True
    is_active = True

    def cached_role_assignments(self) -> list[Any]:
        return [_SystemAssignment()]

    def display_name(self) -> str:
        return str(_("سامانه"))

    def __str__(self) -> str:
        return self.username


@dataclass(frozen=True)
class _SystemAssignment:
    role: str = Role.SYSTEM_ADMIN
    area: None = None
    area_id: None = None
    module: str = ""


SYSTEM = SystemActor()

READ_PERMISSION = "reporting.view"


def _is_datetime_path(model: type[models.Model], path: str) -> bool:
    """Whether ``path`` (``"at"``, ``"disbursement__date"``) ends on a DateTimeField."""
    current: Any = model
    target: Any = None
    for part in path.split("__"):
        try:
            target = current._meta.get_field(part)
        except (FieldDoesNotExist, AttributeError):
            return False
        if target.is_relation and target.related_model is not None:
            current = target.related_model
    return isinstance(target, models.DateTimeField)


@dataclass
class IndicatorQuery:
    """One question to the catalogue: who asks, for which area, over which period.

    ``start``/``end`` are inclusive Gregorian dates; with ``year`` (and ``month``) they are
    that Jalali year's (month's) bounds. ``perm`` is the permission the viewer's scope is
    taken under (the indicator's own).
    """

    actor: Any
    area: Area
    year: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    month: int | None = None
    perm: str = READ_PERMISSION

    def __post_init__(self) -> None:
        # A year (and month) alone is enough: its bounds are the period.
        if self.year is not None and self.start is None and self.end is None:
            from abadi.core.jalali import jalali_month_bounds, jalali_year_bounds

            if self.month is not None:
                self.start, self.end = jalali_month_bounds(self.year, self.month)
            else:
                self.start, self.end = jalali_year_bounds(self.year)
        elif self.month is not None and self.year is None:
            raise ValueError("a month needs its year")

    @classmethod
    def build(
        cls,
        *,
        actor: Any,
        area: Area,
        year: int | None = None,
        month: int | None = None,
        start: datetime.date | None = None,
        end: datetime.date | None = None,
        perm: str = READ_PERMISSION,
    ) -> IndicatorQuery:
        """A query for a Jalali year, a Jalali month (year + month) or a date range."""
        if year is not None and (start is not None or end is not None):
            raise ValueError("give a year (and month) or a date range, not both")
        return cls(actor=actor, area=area, year=year, start=start, end=end, month=month, perm=perm)

    @property
    def has_period(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def as_of(self) -> datetime.date:
        """The day a state is read on: the period's last day, or today."""
        return self.end or clock.today()

    def for_permission(self, perm: str) -> IndicatorQuery:
        return IndicatorQuery(
            actor=self.actor,
            area=self.area,
            year=self.year,
            start=self.start,
            end=self.end,
            month=self.month,
            perm=perm,
        )

    def in_area(self, qs: QuerySet, field: str = "area") -> QuerySet:
        """Rows whose responsible area (``field``) lies under the requested area AND in the
        viewer's scope for the indicator's permission."""
        qs = qs.filter(**{f"{field}__path__startswith": self.area.path})
        if area_in_scope(actor=self.actor, perm=self.perm, area=self.area):
            return qs  # the viewer sees the whole subtree: the filter above says it all
        return scope(qs, actor=self.actor, perm=self.perm, area_field=field)

    def in_period(self, qs: QuerySet, field: str) -> QuerySet:
        """Rows whose date (``field``, a DateField or DateTimeField) lies in the period."""
        if not self.has_period:
            return qs
        lookup = f"{field}__date" if _is_datetime_path(qs.model, field) else field
        if self.start is not None:
            qs = qs.filter(**{f"{lookup}__gte": self.start})
        if self.end is not None:
            qs = qs.filter(**{f"{lookup}__lte": self.end})
        return qs

    def jalali_years(self) -> tuple[int, int] | None:
        """The first and last Jalali year the period touches (None: no period)."""
        if self.year is not None:
            return self.year, self.year
        if not self.has_period:
            return None
        from abadi.core.jalali import jalali_year_of

        first = jalali_year_of(self.start) if self.start is not None else None
        last = jalali_year_of(self.end) if self.end is not None else None
        return (first or 0), (last or 9999)

    def in_years(self, qs: QuerySet, field: str = "year") -> QuerySet:
        """Rows whose Jalali *year number* (``field``, an integer column such as a credit
        line's year) falls in the years the period touches. A month or a date range counts
        the whole years it touches: such rows have no finer date."""
        years = self.jalali_years()
        if years is None:
            return qs
        first, last = years
        if first == last:
            return qs.filter(**{field: first})
        return qs.filter(**{f"{field}__gte": first, f"{field}__lte": last})


Breakdown = Callable[[QuerySet], dict[str, int]]
Labels = Callable[[Iterable[str]], dict[str, str]]


@dataclass
class Indicator:
    key: str
    name_fa: Any
    name_en: str
    unit: Unit
    kind: Kind
    permission: str
    records: Callable[[IndicatorQuery], QuerySet]
    value: Callable[[QuerySet], int]
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)
    default_breakdown: str | None = None
    derived_target: Callable[[Area, int], int | None] | None = None
    description: Any = ""  # text or lazy translation
    # Optional: breakdown name -> function from the breakdown's keys to labels for people
    # (one query at most); without one, keys are shown as they are.
    breakdown_labels: dict[str, Labels] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.name_fa)

    def compute(self, query: IndicatorQuery) -> int:
        return int(self.value(self.records(query.for_permission(self.permission))) or 0)

    def breakdown(self, name: str, query: IndicatorQuery) -> dict[str, int]:
        rows = self.breakdowns[name](self.records(query.for_permission(self.permission)))
        return {str(k): int(v or 0) for k, v in rows.items()}


_CATALOGUE: dict[str, Indicator] = {}


def register_indicator(indicator: Indicator) -> Indicator:
    """Add ``indicator`` to the catalogue (called from each app's ``indicators.py``)."""
    if "." not in indicator.key:
        raise ValueError(f"indicator key {indicator.key!r} must be '<module>.<name>'")
    if indicator.key in _CATALOGUE:
        raise ValueError(f"indicator {indicator.key!r} is already registered")
    if (
        indicator.default_breakdown is not None
        and indicator.default_breakdown not in indicator.breakdowns
    ):
        raise ValueError(
            f"{indicator.key}: default breakdown {indicator.default_breakdown!r} is not offered"
        )
    roles_for(indicator.permission)  # a misspelt permission fails at start-up
    indicator.unit = Unit(indicator.unit)
    indicator.kind = Kind(indicator.kind)
    _CATALOGUE[indicator.key] = indicator
    return indicator


def unregister_indicator(key: str) -> None:
    """Remove an indicator (for tests that register their own)."""
    _CATALOGUE.pop(key, None)


def indicator_keys() -> list[str]:
    """Every registered key, in registration order (apps in ``ABADI_APPS`` order)."""
    return list(_CATALOGUE)


def get_indicator(key: str) -> Indicator:
    """The indicator named ``key``; ``KeyError`` if there is none."""
    return _CATALOGUE[key]


def all_indicators() -> list[Indicator]:
    return list(_CATALOGUE.values())


# Label helpers for breakdowns.


def area_labels(codes: Iterable[str]) -> dict[str, str]:
    """Area names for breakdowns keyed by area code (one query)."""
    from abadi.geography.models import Area

    return dict(Area.objects.filter(code__in=list(codes)).values_list("code", "name"))


def choice_labels(choices: type[models.Choices]) -> Labels:
    """Labels for breakdowns keyed by the values of a ``TextChoices`` class."""
    labels = {str(value): str(label) for value, label in choices.choices}

    def label(keys: Iterable[str]) -> dict[str, str]:
        return {key: labels.get(key, key) for key in keys}

    return label
