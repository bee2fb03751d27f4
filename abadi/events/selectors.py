"""Reads of the events module. Every selector takes the actor and limits rows to the areas
the actor may see: an event belongs to its county; an occasion to the office that set it,
and is seen by that office's areas and every area under it (a county plans its events for
the province's week).

This module lends core the occasion resolver (``abadi.core.ports``): ``--occasion`` on
``abadi indicators`` and ``?occasion=`` on the indicators API and page name an occasion by
id or name, and its days become the period asked about.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core import ports as core_ports
from abadi.core.indicators import OccasionPeriod
from abadi.core.jalali import (
    days_in_month,
    format_jalali,
    jalali_date,
    jalali_month_bounds,
    jalali_year_bounds,
)
from abadi.core.persian import search_key, to_latin_digits, to_persian_digits
from abadi.core.records import openable
from abadi.core.scoping import COUNTRY_PATH, access_object, scope, visible_paths
from abadi.events.models import Event, EventFile, EventKind, EventStatus, Exhibitor, Occasion
from abadi.events.permissions import VIEW_EVENTS
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import areas_of_level
from abadi.loans.selectors import application_list

# Occasions -------------------------------------------------------------------------------


def _in_or_above(qs: QuerySet, actor, perm: str, field: str = "area") -> QuerySet:
    """Rows whose area lies in the actor's areas or above them."""
    roots = visible_paths(actor, perm)
    if COUNTRY_PATH in roots:
        return qs
    condition = Q(pk__in=[])
    for root in roots:
        parts = root.strip("/").split("/")
        above = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
        condition |= Q(**{f"{field}__path__startswith": root}) | Q(**{f"{field}__path__in": above})
    return qs.filter(condition)


def occasion_list(*, actor, query: str = "", perm: str = VIEW_EVENTS) -> QuerySet[Occasion]:
    occasions = _in_or_above(Occasion.objects.all(), actor, perm)
    if query:
        occasions = occasions.filter(search_key__contains=search_key(query))
    return occasions.select_related("area").annotate(event_count=Count("events"))


@openable(Occasion)
def occasion_get(*, actor, pk: int, perm: str = VIEW_EVENTS) -> Occasion:
    from django.http import Http404

    found = _in_or_above(Occasion.objects.select_related("area"), actor, perm).filter(pk=pk)
    occasion = found.first()
    if occasion is None:
        raise Http404
    return occasion


def occasion_by_input(*, actor, text: str, perm: str = VIEW_EVENTS, field: str = "occasion"):
    """The occasion a person names: its id, or its name (matched through the search key,
    whole or, if only one answers, in part)."""
    raw = (text or "").strip()
    if not raw:
        raise ValidationError({field: _("مناسبت را بنویسید.")})
    occasions = _in_or_above(Occasion.objects.select_related("area"), actor, perm)
    key = to_latin_digits(raw)
    if key.isdigit():
        found = list(occasions.filter(pk=int(key)))
    else:
        found = list(occasions.filter(search_key=search_key(raw))[:5])
        if not found:
            found = list(occasions.filter(search_key__contains=search_key(raw))[:5])
    if not found:
        raise ValidationError(
            {field: _("مناسبتی با نام یا شناسه «%(text)s» پیدا نشد.") % {"text": raw}}
        )
    if len(found) > 1:
        listed = "؛ ".join(
            f"{occasion.name} ({to_persian_digits(occasion.pk)})" for occasion in found
        )
        raise ValidationError(
            {
                field: _("چند مناسبت به «%(text)s» می‌خورد؛ شناسه یکی را بدهید: %(list)s")
                % {"text": raw, "list": listed}
            }
        )
    return found[0]


def occasion_from_input(*, actor, text: str, perm: str = VIEW_EVENTS) -> OccasionPeriod:
    """The occasion's id, name and days, for the indicator catalogue (core's port)."""
    occasion = occasion_by_input(actor=actor, text=text, perm=perm)
    return OccasionPeriod(
        pk=occasion.pk, name=occasion.name, start=occasion.starts_on, end=occasion.ends_on
    )


core_ports.provide("occasion_from_input", occasion_from_input)


# Events ----------------------------------------------------------------------------------


def event_list(
    *,
    actor,
    query: str = "",
    kind: str = "",
    status: str = "",
    county: str = "",
    occasion: int | None = None,
    year: int | None = None,
    month: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    past: bool = False,
    perm: str = VIEW_EVENTS,
) -> QuerySet[Event]:
    """Events of the actor's areas; ``past``: only those whose day has gone by."""
    events = scope(Event.objects.all(), actor=actor, perm=perm)
    if query:
        text = query.strip()
        events = events.filter(
            Q(title__icontains=text)
            | Q(place__search_key__startswith=search_key(text))
            | Q(organiser_name__icontains=text)
        )
    if kind:
        events = events.filter(kind=kind)
    if status:
        events = events.filter(status=status)
    if county:
        events = events.filter(area__code=county)
    if occasion:
        events = events.filter(occasion_id=occasion)
    if year and month:
        events = events.filter(on__range=jalali_month_bounds(year, month))
    elif year:
        events = events.filter(on__range=jalali_year_bounds(year))
    if start is not None:
        events = events.filter(on__gte=start)
    if end is not None:
        events = events.filter(on__lte=end)
    if past:
        events = events.filter(on__lt=clock.today())
    return events.select_related("area", "place", "occasion")


@openable(Event)
def event_get(*, actor, pk: int, perm: str = VIEW_EVENTS) -> Event:
    return access_object(
        Event.objects.select_related("area", "place", "occasion"), actor=actor, perm=perm, pk=pk
    )


def event_timeline(*, event: Event) -> QuerySet:
    return event.steps.select_related("actor").order_by("on", "at", "id")


def events_this_week(*, actor, perm: str = VIEW_EVENTS) -> QuerySet[Event]:
    """Planned events of the actor's areas from today to six days ahead."""
    today = clock.today()
    return scope(
        Event.objects.filter(
            status=EventStatus.PLANNED, on__range=(today, today + datetime.timedelta(days=6))
        ),
        actor=actor,
        perm=perm,
    )


def events_to_report(*, actor, perm: str = VIEW_EVENTS) -> QuerySet[Event]:
    """Planned events whose day has gone by: held or not, nobody has said."""
    return event_list(actor=actor, status=EventStatus.PLANNED, past=True, perm=perm)


@openable(EventFile, files=("file",))
def event_file_get(*, actor, pk: int) -> EventFile:
    return access_object(
        EventFile.objects.select_related("event"),
        actor=actor,
        perm=VIEW_EVENTS,
        area_field="event__area",
        pk=pk,
    )


def exhibitor_list(
    *, actor, event: int | None = None, query: str = "", perm: str = VIEW_EVENTS
) -> QuerySet[Exhibitor]:
    exhibitors = scope(Exhibitor.objects.all(), actor=actor, perm=perm, area_field="event__area")
    if event:
        exhibitors = exhibitors.filter(event_id=event)
    if query:
        exhibitors = exhibitors.filter(
            Q(name_key__contains=search_key(query)) | Q(products__icontains=query.strip())
        )
    return exhibitors.select_related("event", "event__area", "person")


@openable(Exhibitor)
def exhibitor_get(*, actor, pk: int, perm: str = VIEW_EVENTS) -> Exhibitor:
    return access_object(
        Exhibitor.objects.select_related("event", "event__area", "person"),
        actor=actor,
        perm=perm,
        area_field="event__area",
        pk=pk,
    )


# The month calendar ----------------------------------------------------------------------

WEEKDAYS = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")


@dataclass
class CalendarDay:
    day: int
    date: datetime.date
    events: list[Event] = field(default_factory=list)
    today: bool = False

    @property
    def friday(self) -> bool:
        return self.date.weekday() == 4


@dataclass
class MonthCalendar:
    year: int
    month: int
    county: Any
    weeks: list[list[CalendarDay | None]]
    events: list[Event]

    @property
    def previous(self) -> tuple[int, int]:
        return (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)

    @property
    def next(self) -> tuple[int, int]:
        return (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)


def month_calendar(*, actor, year: int, month: int, county=None) -> MonthCalendar:
    """A Jalali month as weeks from Saturday to Friday, each day with its events (of
    ``county``, or of every county the actor sees): one query."""
    first, last = jalali_month_bounds(year, month)
    events = list(
        event_list(
            actor=actor, start=first, end=last, county=county.code if county else ""
        ).order_by("on", "starts_at", "id")
    )
    by_day: dict[datetime.date, list[Event]] = defaultdict(list)
    for event in events:
        by_day[event.on].append(event)
    today = clock.today()
    days = [
        CalendarDay(
            day=number,
            date=(date := jalali_date(year, month, number)),
            events=by_day.get(date, []),
            today=date == today,
        )
        for number in range(1, days_in_month(year, month) + 1)
    ]
    # Saturday is the first day of the Persian week (Python's weekday 5).
    lead = (first.weekday() - 5) % 7
    cells: list[CalendarDay | None] = [None] * lead + list(days)
    cells += [None] * (-len(cells) % 7)
    weeks = [cells[i : i + 7] for i in range(0, len(cells), 7)]
    return MonthCalendar(year=year, month=month, county=county, weeks=weeks, events=events)


def calendar_counties(*, actor):
    return areas_of_level(actor=actor, perm=VIEW_EVENTS, level=AreaLevel.COUNTY)


# The occasion's board --------------------------------------------------------------------


@dataclass
class BoardRow:
    key: str
    label: str
    planned: int = 0
    held: int = 0
    cancelled: int = 0

    @property
    def held_percent(self) -> int:
        return round(self.held * 100 / self.planned) if self.planned else 0


@dataclass
class Board:
    occasion: Occasion
    total: BoardRow
    counties: list[BoardRow]
    kinds: list[BoardRow]
    county: Any = None


def occasion_board(*, actor, occasion: Occasion, county=None) -> Board:
    """Planned (not cancelled) and held events of the occasion in the actor's areas, by
    county and by kind (``county``: the kinds of one county): two grouped queries."""
    events = scope(Event.objects.filter(occasion=occasion), actor=actor, perm=VIEW_EVENTS)
    sums = {
        "planned": Count("pk", filter=~Q(status=EventStatus.CANCELLED)),
        "held": Count("pk", filter=Q(status=EventStatus.HELD)),
        "cancelled": Count("pk", filter=Q(status=EventStatus.CANCELLED)),
    }
    county_rows: dict[str, dict[str, Any]] = {
        row["area__code"]: dict(row)
        for row in events.order_by().values("area__code", "area__name").annotate(**sums)
    }
    kind_events = events.filter(area=county) if county is not None else events
    kind_rows: dict[str, dict[str, Any]] = {
        row["kind"]: dict(row) for row in kind_events.order_by().values("kind").annotate(**sums)
    }

    def _row(key: str, label: str, values: dict[str, Any] | None) -> BoardRow:
        values = values or {}
        return BoardRow(
            key=key,
            label=label,
            planned=values.get("planned", 0),
            held=values.get("held", 0),
            cancelled=values.get("cancelled", 0),
        )

    counties = [
        _row(code, values["area__name"], values) for code, values in sorted(county_rows.items())
    ]
    kinds = [
        _row(value, str(label), kind_rows.get(value))
        for value, label in EventKind.choices
        if value in kind_rows
    ]
    total = BoardRow(
        key="",
        label=_("جمع"),
        planned=sum(row.planned for row in counties),
        held=sum(row.held for row in counties),
        cancelled=sum(row.cancelled for row in counties),
    )
    return Board(occasion=occasion, total=total, counties=counties, kinds=kinds, county=county)


# What a page, the API and an import name, read the same way -------------------------------


def loan_application_by_number(*, actor, number: str, field: str = "loan_number") -> Any:
    """The loan plan with this number among those the actor may see, read through the
    loans module's own selector; a Persian ValidationError on ``field`` otherwise."""
    text = to_latin_digits(number or "").strip()
    found = [
        application
        for application in application_list(actor=actor, query=text)[:10]
        if application.number == text
    ]
    if not text or not found:
        raise ValidationError(
            {
                field: _("طرح اشتغالی با شماره «%(number)s» در حوزه شما پیدا نشد.")
                % {"number": to_persian_digits(text or number or "")}
            }
        )
    return found[0]


def occasion_days(occasion: Occasion) -> str:
    return _("از %(start)s تا %(end)s") % {
        "start": format_jalali(occasion.starts_on),
        "end": format_jalali(occasion.ends_on),
    }
