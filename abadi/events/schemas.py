"""What the events API reads and writes (``abadi.events.api``): Jalali days, times of day,
Statistical Centre codes for places, occasions by id or name."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from abadi.core.api_kit import Id, In, JalaliDate, JalaliDateOut
from abadi.events.models import (
    MAX_SERVED,
    MAX_VISITORS,
    Event,
    EventKind,
    EventStatus,
    FileKind,
    LinkKind,
    Occasion,
    OrganiserKind,
)
from abadi.events.workflow import WORKFLOW


class OccasionOut(Schema):
    id: int
    name: str
    area: str = Field(description="code of the office's area")
    starts_on: JalaliDateOut
    ends_on: JalaliDateOut
    description: str

    @staticmethod
    def resolve_area(occasion: Occasion) -> str:
        return occasion.area.code


class OccasionIn(In):
    name: str = Field(min_length=1, max_length=200)
    area: str = Field(max_length=200, description="code or name of the province or county")
    starts_on: JalaliDate
    ends_on: JalaliDate
    description: str = Field("", max_length=2000)


class OccasionPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    starts_on: JalaliDate | None = None
    ends_on: JalaliDate | None = None
    description: str | None = Field(None, max_length=2000)


class BoardRowOut(Schema):
    key: str
    label: str
    planned: int = Field(description="events not cancelled")
    held: int
    cancelled: int


class BoardOut(Schema):
    occasion: OccasionOut
    total: BoardRowOut
    counties: list[BoardRowOut]
    kinds: list[BoardRowOut]


class LinkIn(In):
    kind: LinkKind
    target_id: int = Field(gt=0, le=10**15, description="id of the project or the aid case")
    label: str = Field("", max_length=200)


class LinkOut(Schema):
    kind: LinkKind
    target_id: int
    label: str


class FileOut(Schema):
    id: int
    kind: FileKind
    title: str
    content_type: str
    size: int
    original_name: str
    url: str = Field(description="download link (the caller's session or bearer token)")

    @staticmethod
    def resolve_url(stored: Any) -> str:
        from django.urls import reverse

        return reverse("api:events_file", args=[stored.pk])


class StepOut(Schema):
    action: str
    label: str
    from_status: EventStatus | None
    to_status: EventStatus
    actor: str | None
    on: JalaliDateOut = Field(description="the day the step took effect")
    at: datetime.datetime = Field(description="when it was entered")
    note: str

    @staticmethod
    def resolve_label(step) -> str:
        return WORKFLOW.label_of(step.action)

    @staticmethod
    def resolve_from_status(step) -> str | None:
        return step.from_status or None

    @staticmethod
    def resolve_actor(step) -> str | None:
        return step.actor.username if step.actor_id else None


class EventOut(Schema):
    id: int
    title: str
    kind: EventKind
    kind_label: str
    occasion_id: int | None
    occasion_name: str | None
    area: str = Field(description="code of the responsible county")
    place: str = Field(description="code of the place")
    place_name: str
    venue: str
    day: JalaliDateOut = Field(description="the day it starts (Tehran)")
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    organiser_kind: OrganiserKind
    organiser_name: str
    status: EventStatus
    status_label: str
    held_on: JalaliDateOut | None
    cancelled_on: JalaliDateOut | None
    people_served: int
    report: str
    cancel_reason: str
    source_id: str | None

    @staticmethod
    def resolve_kind_label(event: Event) -> str:
        return str(event.get_kind_display())

    @staticmethod
    def resolve_occasion_name(event: Event) -> str | None:
        return event.occasion.name if event.occasion is not None else None

    @staticmethod
    def resolve_area(event: Event) -> str:
        return event.area.code

    @staticmethod
    def resolve_place(event: Event) -> str:
        return event.place.code

    @staticmethod
    def resolve_place_name(event: Event) -> str:
        return event.place.name

    @staticmethod
    def resolve_day(event: Event) -> datetime.date:
        return event.on

    @staticmethod
    def resolve_status_label(event: Event) -> str:
        return str(event.get_status_display())


class EventDetailOut(EventOut):
    timeline: list[StepOut]
    next_actions: list[str] = Field(description="workflow steps the caller may take now")
    links: list[LinkOut]
    files: list[FileOut]
    exhibitor_count: int


class EventIn(In):
    title: str = Field(min_length=1, max_length=200)
    kind: EventKind
    occasion: str | None = Field(None, max_length=200, description="occasion id or name")
    place: str = Field(max_length=200, description="code or name of the county, city or village")
    venue: str = Field("", max_length=200)
    day: JalaliDate
    start_time: datetime.time = Field(description="HH:MM, Tehran")
    end_day: JalaliDate | None = Field(None, description="default: the same day")
    end_time: datetime.time | None = None
    organiser_kind: OrganiserKind
    organiser_name: str = Field(
        "", max_length=200, description="a volunteer group's name or Atlas ID"
    )
    links: list[LinkIn] = Field(default_factory=list, max_length=100)
    planned_on: JalaliDate | None = Field(None, description="the day it was planned")
    source_id: str | None = Field(None, max_length=64)


class EventPatch(In):
    title: str | None = Field(None, min_length=1, max_length=200)
    venue: str | None = Field(None, max_length=200)
    day: JalaliDate | None = None
    start_time: datetime.time | None = None
    end_day: JalaliDate | None = None
    end_time: datetime.time | None = None
    organiser_kind: OrganiserKind | None = None
    organiser_name: str | None = Field(None, max_length=200)


class EventFilters(Schema):
    q: str = Field("", max_length=100, description="title, place or organiser")
    kind: EventKind | None = None
    status: EventStatus | None = None
    county: str = Field("", max_length=20, description="county code")
    occasion: Id | None = None
    year: int | None = Field(None, ge=1300, le=1500, description="Jalali year")
    month: int | None = Field(None, ge=1, le=12, description="Jalali month (with year)")


class HoldIn(In):
    on: JalaliDate | None = Field(None, description="the day it was held; default today")
    people_served: int = Field(0, ge=0, le=MAX_SERVED)
    report: str = Field("", max_length=10_000)


class ReportIn(In):
    people_served: int = Field(ge=0, le=MAX_SERVED)
    report: str = Field("", max_length=10_000)
    on: JalaliDate | None = None


class CancelIn(In):
    reason: str = Field(min_length=1, max_length=300)
    on: JalaliDate | None = None


class ExhibitorOut(Schema):
    id: int
    event_id: int
    name: str
    person_id: int | None
    loan_number: str
    products: str
    sales_amount: int = Field(description="rials")
    visitors: int
    note: str


class ExhibitorIn(In):
    loan_number: str = Field("", max_length=20, description="the loan plan of a recipient")
    name: str = Field("", max_length=200, description="the workshop (default: the plan's title)")
    products: str = Field("", max_length=300)
    sales_amount: int = Field(0, ge=0, le=10**16)
    visitors: int = Field(0, ge=0, le=MAX_VISITORS)
    note: str = Field("", max_length=300)


class ExhibitorPatch(In):
    products: str | None = Field(None, max_length=300)
    sales_amount: int | None = Field(None, ge=0, le=10**16)
    visitors: int | None = Field(None, ge=0, le=MAX_VISITORS)
    note: str | None = Field(None, max_length=300)


class CalendarEventOut(Schema):
    id: int
    title: str
    kind: EventKind
    status: EventStatus
    area: str
    starts_at: datetime.datetime

    @staticmethod
    def resolve_area(event: Event) -> str:
        return event.area.code


class CalendarDayOut(Schema):
    day: int
    date: JalaliDateOut
    events: list[CalendarEventOut]


class CalendarOut(Schema):
    year: int
    month: int
    county: str | None
    days: list[CalendarDayOut]


class EventWorkflowStepOut(Schema):
    action: str
    label: str
    from_statuses: list[EventStatus]
    to_status: EventStatus | None
    dated_by: str

    @staticmethod
    def resolve_label(step) -> str:
        return str(step.label)

    @staticmethod
    def resolve_from_statuses(step) -> list[str]:
        return list(step.sources)

    @staticmethod
    def resolve_to_status(step) -> str | None:
        return step.target
