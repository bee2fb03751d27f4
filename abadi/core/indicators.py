"""The indicator registry: every figure the office reports, as a named query over records.

It lives in core so that every module registers its own figures without knowing who reads
them; ``abadi.reporting`` (dashboards, targets, the press summary) is one reader at the top
of the house. Each module registers its indicators in its own ``indicators.py`` (imported
at start-up)::

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

Periods. A **flow** counts what happened in the period (``in_period``): a Jalali year, a
month, an occasion's days (a week of events, named by its id or name: the module that
keeps occasions lends core :func:`abadi.core.ports.occasion_from_input`), or any
``start``–``end``; without one, all time up to the as-of day. A **state** is
read as of one day (``as_of``) from the records' dated history, never from a current
status: the explicit as-of day, else the period's last day (today if that is later), else
today. A value that cannot be computed (a ratio with nothing to divide by) is
:class:`Undefined`, with the reason, never a zero.
"""

from __future__ import annotations

import datetime
import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from abadi.core import clock, ports
from abadi.core.permissions import ALL_ROLES, STAFF_ROLES, Role, register, roles_for
from abadi.core.scoping import area_in_scope, scope

if TYPE_CHECKING:
    from abadi.core.scoping import Area


class Unit(models.TextChoices):
    RIAL = "rial", _("ریال")
    COUNT = "count", _("مورد")
    PERSON = "person", _("نفر")
    PERSON_DAY = "person_day", _("نفر-روز")
    HOUSEHOLD = "household", _("خانوار")
    JOB = "job", _("شغل")
    KW = "kw", _("کیلووات")
    UNIT = "unit", _("واحد مسکونی")
    VILLAGE = "village", _("روستا")
    TRUCK = "truck", _("کامیون")
    PERCENT = "percent", _("درصد")


class Kind(models.TextChoices):
    FLOW = "flow", _("در دوره")
    STATE = "state", _("در تاریخ")


# Indicators are the office's published figures: every role but the two limited to their
# own records (group leaders, partner-agency users) may read them, the press included.
# The rows behind a value are records, so only staff may list them.
VIEW_INDICATORS = register("indicators.view", ALL_ROLES - {Role.PARTNER_USER, Role.GROUP_LEADER})
VIEW_INDICATOR_RECORDS = register("indicators.records", STAFF_ROLES)
# The database query behind a value is for those who check the figures, not for managers.
VIEW_INDICATOR_SQL = register("indicators.sql", {Role.SYSTEM_ADMIN, Role.AUDITOR})
READ_PERMISSION = VIEW_INDICATORS


@dataclass(frozen=True)
class Undefined:
    """No value, and why (cost per verified job when no job has been verified)."""

    reason: Any

    def __str__(self) -> str:
        return str(self.reason)


Number = int | float
Value = Number | Undefined


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


@dataclass(frozen=True)
class OccasionPeriod:
    """What the catalogue knows of an occasion: its id, its name and its first and last
    day (inclusive), which are the period its question covers."""

    pk: Any
    name: str
    start: datetime.date
    end: datetime.date


def occasion_period(*, actor: Any, text: str, perm: str = READ_PERMISSION) -> OccasionPeriod:
    """The occasion ``text`` names (its id, or its name matched through the search key),
    among those ``actor`` may see under ``perm``; a Persian ValidationError on ``occasion``
    when there is none, or several (or no module keeps occasions)."""
    if not ports.provided("occasion_from_input"):
        raise ValidationError({"occasion": gettext("مناسبت‌ها در این سامانه ثبت نمی‌شوند.")})
    return ports.occasion_from_input(actor=actor, text=text, perm=perm)


@dataclass
class IndicatorQuery:
    """One question to the catalogue: who asks, for which area, over which period.

    ``start``/``end`` are inclusive Gregorian dates; with ``year`` (and ``month``) they are
    that Jalali year's (month's) bounds, with ``occasion`` the occasion's days. ``as_of``
    is the day states are read on, and the last day flows count up to. ``perm`` is the
    permission the viewer's scope is taken under (the indicator's own).
    """

    actor: Any
    area: Area
    year: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    month: int | None = None
    perm: str = READ_PERMISSION
    as_of_day: datetime.date | None = None
    occasion: OccasionPeriod | None = None

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
        as_of: datetime.date | None = None,
        perm: str = READ_PERMISSION,
        occasion: str | None = None,
    ) -> IndicatorQuery:
        """A query for a Jalali year, a Jalali month (year + month), an occasion (its id or
        name: its days, as ``start``/``end`` with those days would) or a date range, read
        as of ``as_of`` (states) and counted up to it (flows)."""
        if year is not None and (start is not None or end is not None):
            raise ValueError("give a year (and month) or a date range, not both")
        found = None
        if occasion is not None:
            if year is not None or start is not None or end is not None:
                raise ValueError("give an occasion, a year (and month) or a date range, one only")
            found = occasion_period(actor=actor, text=occasion, perm=perm)
            start, end = found.start, found.end
        return cls(
            actor=actor,
            area=area,
            year=year,
            start=start,
            end=end,
            month=month,
            perm=perm,
            as_of_day=as_of,
            occasion=found,
        )

    @property
    def has_period(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def as_of(self) -> datetime.date:
        """The day a state is read on: the explicit as-of day, else the period's last day
        (today while the period lasts), else today."""
        if self.as_of_day is not None:
            return self.as_of_day
        today = clock.today()
        return min(self.end, today) if self.end is not None else today

    @property
    def flow_end(self) -> datetime.date | None:
        """The last day a flow counts: the period's end, cut at an explicit as-of day; all
        time up to the as-of day without a period."""
        if self.end is None:
            return self.as_of
        if self.as_of_day is not None:
            return min(self.end, self.as_of_day)
        return self.end

    def for_permission(self, perm: str) -> IndicatorQuery:
        return IndicatorQuery(
            actor=self.actor,
            area=self.area,
            year=self.year,
            start=self.start,
            end=self.end,
            month=self.month,
            perm=perm,
            as_of_day=self.as_of_day,
            occasion=self.occasion,
        )

    def in_area(self, qs: QuerySet, field: str = "area") -> QuerySet:
        """Rows whose responsible area (``field``) lies under the requested area AND in the
        viewer's scope for the indicator's permission."""
        qs = qs.filter(**{f"{field}__path__startswith": self.area.path})
        if area_in_scope(actor=self.actor, perm=self.perm, area=self.area):
            return qs  # the viewer sees the whole subtree: the filter above says it all
        return scope(qs, actor=self.actor, perm=self.perm, area_field=field)

    def in_period(self, qs: QuerySet, field: str) -> QuerySet:
        """Rows whose date (``field``, a DateField or DateTimeField) lies in the period
        (from its start, or all time, up to :attr:`flow_end`)."""
        lookup = f"{field}__date" if _is_datetime_path(qs.model, field) else field
        if self.start is not None:
            qs = qs.filter(**{f"{lookup}__gte": self.start})
        end = self.flow_end
        if end is not None:
            qs = qs.filter(**{f"{lookup}__lte": end})
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


class Cell(models.TextChoices):
    """How a column of an indicator's records reads (see :class:`Column`)."""

    TEXT = "text", _("متن")
    DATE = "date", _("تاریخ")
    RIALS = "rials", _("مبلغ")
    COUNT = "count", _("عدد")
    CODE = "code", _("کد")


@dataclass(frozen=True)
class Column:
    """One column of the list of records behind a value: its Persian header, the path of
    the value on a record (``"applicant.full_name"``, ``"date"``, an annotation), how it
    reads, and optionally the page the cell links to (``url`` a URL name taking the id at
    ``url_id``, e.g. ``("loans:application_detail", "application_id")``)."""

    label: Any
    path: str
    cell: str = Cell.TEXT
    url: str = ""
    url_id: str = "pk"


# A breakdown takes the records (and, if it asks for it, the query) to value by key.
Breakdown = Callable[..., dict[str, Any]]
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
    # The value of the records: one aggregate query. It may take the query too (``value(qs,
    # query)``) when the value depends on the as-of day beyond the records themselves.
    value: Callable[..., Value]
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)
    default_breakdown: str | None = None
    derived_target: Callable[[Any, int], int | None] | None = None
    description: Any = ""  # text or lazy translation
    # Optional: breakdown name -> function from the breakdown's keys to labels for people
    # (one query at most); without one, keys are shown as they are.
    breakdown_labels: dict[str, Labels] = field(default_factory=dict)
    # How the records behind a value are listed (none: what the record's model says, see
    # :func:`record_columns`).
    columns: tuple[Column, ...] = ()

    @property
    def name(self) -> str:
        return str(self.name_fa)

    def compute(self, query: IndicatorQuery) -> Value:
        scoped = query.for_permission(self.permission)
        value = _call(self.value, self.records(scoped), scoped)
        if isinstance(value, Undefined):
            return value
        return _number(value, self.unit)

    def breakdown(self, name: str, query: IndicatorQuery) -> dict[str, Number]:
        scoped = query.for_permission(self.permission)
        rows = _call(self.breakdowns[name], self.records(scoped), scoped)
        return {
            str(key): _number(value, self.unit)
            for key, value in rows.items()
            if not isinstance(value, Undefined)
        }


@functools.cache
def _takes_query(function: Callable[..., Any]) -> bool:
    return len(inspect.signature(function).parameters) >= 2


def _call(function: Callable[..., Any], records: QuerySet, query: IndicatorQuery) -> Any:
    """Call a value or breakdown function with the query too when it asks for one."""
    return function(records, query) if _takes_query(function) else function(records)


def _number(value: Any, unit: str) -> Number:
    """Counts and amounts are integers; percentages keep two decimals (73.77, not 74)."""
    if unit == Unit.PERCENT:
        return round(float(value or 0), 2)
    return int(value or 0)


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


def choice_labels(choices: type[models.Choices]) -> Labels:
    """Labels for breakdowns keyed by the values of a ``TextChoices`` class."""
    labels = {str(value): str(label) for value, label in choices.choices}

    def label(keys: Iterable[str]) -> dict[str, str]:
        return {key: labels.get(key, key) for key in keys}

    return label


def format_percent(percent: float | None) -> str:
    """ "۷۳٫۷۷٪": two decimals at most, the Persian decimal separator."""
    from abadi.core.persian import DECIMAL_SEPARATOR, to_persian_digits

    if percent is None:
        return "—"
    text = f"{percent:.2f}".rstrip("0").rstrip(".")
    return to_persian_digits(text).replace(".", DECIMAL_SEPARATOR) + "٪"


def format_figure(value: Any, unit: str) -> str:
    """A value as people read it: "۵۸۰ میلیارد ریال" for rials (exact rials below a
    billion), "۷۳٫۷۷٪" for percentages, "۹۰۰" for counts; "—" where it cannot be computed."""
    from abadi.core.money import BILLION, MoneyUnit, format_money
    from abadi.core.persian import group_digits

    if value is None or isinstance(value, Undefined):
        return "—"
    if unit == Unit.RIAL:
        amount = int(value)
        return format_money(
            amount, MoneyUnit.BILLION_RIAL if abs(amount) >= BILLION else MoneyUnit.RIAL
        )
    if unit == Unit.PERCENT:
        return format_percent(value)
    return ("-" if value < 0 else "") + group_digits(abs(int(value)))


# The records behind a value, as a list people read ------------------------------------


def _rials_field(model_field: models.Field) -> bool:
    return isinstance(model_field, models.BigIntegerField | models.IntegerField) and "ریال" in str(
        model_field.verbose_name
    )


def record_columns(indicator: Indicator, model: type[models.Model]) -> tuple[Column, ...]:
    """The indicator's columns, or what its records' model says: the record itself, its
    first date, its first amount of rials and its area."""
    if indicator.columns:
        return indicator.columns
    columns = [Column(_("ردیف"), "__str__")]
    fields = list(model._meta.concrete_fields)
    date = next((f for f in fields if type(f) is models.DateField), None)
    amount = next((f for f in fields if _rials_field(f)), None)
    area = next((f for f in fields if f.name == "area" and f.is_relation), None)
    if date is not None:
        columns.append(Column(date.verbose_name, date.name, Cell.DATE))
    if amount is not None:
        columns.append(Column(amount.verbose_name, amount.name, Cell.RIALS))
    if area is not None:
        columns.append(Column(area.verbose_name, "area.name"))
    return tuple(columns)


def with_columns(queryset: QuerySet, columns: Iterable[Column]) -> QuerySet:
    """The records with the relations their columns read joined in (no query per row)."""
    model = queryset.model
    related = set()
    for column in columns:
        for path in (column.path, column.url_id):
            parts = path.split(".")[:-1]
            current, chain = model, []
            for part in parts:
                try:
                    relation = current._meta.get_field(part)
                except FieldDoesNotExist:
                    break
                if not (relation.is_relation and (relation.many_to_one or relation.one_to_one)):
                    break
                chain.append(part)
                current = relation.related_model
            if chain:
                related.add("__".join(chain))
    return queryset.select_related(*sorted(related)) if related else queryset


def _read(record: Any, path: str) -> Any:
    if path == "__str__":
        return str(record)
    value = record
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)  # a misspelt column fails loudly, never shows "—"
        if callable(value) and not isinstance(value, models.Model):
            value = value()
    return value


def record_cells(record: Any, columns: Iterable[Column]) -> list[dict[str, Any]]:
    """One record's cells: the text a person reads (Persian digits, Jalali dates, rials
    with separators, codes as left-to-right runs), whether it is a number (aligned under
    its header), and the page it links to."""
    from django.urls import NoReverseMatch, reverse
    from django.utils.html import format_html

    from abadi.core.jalali import format_jalali
    from abadi.core.money import format_rials
    from abadi.core.persian import group_digits, to_persian_digits

    cells = []
    for column in columns:
        value = _read(record, column.path)
        if value is None or value == "":
            text: Any = "—"
        elif column.cell == Cell.DATE:
            text = format_jalali(value)
        elif column.cell == Cell.RIALS:
            text = format_rials(int(value))
        elif column.cell == Cell.COUNT:
            text = group_digits(int(value))
        elif column.cell == Cell.CODE:
            text = format_html('<bdi dir="ltr">{}</bdi>', to_persian_digits(value))
        else:
            text = to_persian_digits(value)
        url = ""
        if column.url:
            target = _read(record, column.url_id)
            if target is not None:
                try:
                    url = reverse(column.url, args=[target])
                except NoReverseMatch:
                    url = ""
        cells.append({"text": text, "url": url, "number": column.cell in (Cell.RIALS, Cell.COUNT)})
    return cells
