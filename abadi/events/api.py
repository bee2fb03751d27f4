"""Occasions and events over HTTP, under ``/api/v1/events/…``: occasions and their boards,
events and every step of their workflow (one endpoint per step of
``abadi.events.workflow``), their links to other modules' records, their photos and
reports, the exhibitors of exhibitions, and a county's Jalali month.

Days travel as Jalali strings ("1401/02/18"), times of day as "HH:MM" (Tehran), places as
Statistical Centre codes (or names). An event outside the caller's areas answers 404 like
one that does not exist; a refused input answers 422 with the Persian reason.
"""

from typing import Any

from ninja import File, Form, Query, Status, UploadedFile

from abadi.core import clock
from abadi.core.api_access import api_requires
from abadi.core.api_kit import ApiRouter, Id, Limit, Offset, page_of, paged
from abadi.core.files import file_response
from abadi.core.jalali import jalali_year_of, to_jalali
from abadi.core.workflow import Step
from abadi.events import schemas, selectors, services
from abadi.events.forms import EVENT_PLACE_LEVELS
from abadi.events.models import Event, EventFile, Exhibitor, Occasion
from abadi.events.permissions import MANAGE_OCCASIONS, PLAN_EVENTS, REPORT_EVENTS, VIEW_EVENTS
from abadi.events.workflow import WORKFLOW
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import area_from_input

router = ApiRouter(tags=["events"])


# Occasions -------------------------------------------------------------------------------


@router.get("/events/occasions", response=page_of(schemas.OccasionOut))
@api_requires(VIEW_EVENTS)
def list_occasions(
    request, q: str = Query("", max_length=100), limit: Limit = 50, offset: Offset = 0
):
    """Occasions of the caller's areas and of the areas above them."""
    occasions = selectors.occasion_list(actor=request.auth, query=q).order_by("-starts_on", "id")
    return paged(occasions, limit=limit, offset=offset)


@router.get("/events/occasions/{pk}", response=schemas.OccasionOut)
@api_requires(VIEW_EVENTS, record=Occasion)
def get_occasion(request, pk: Id):
    return selectors.occasion_get(actor=request.auth, pk=pk)


@router.post("/events/occasions", response={201: schemas.OccasionOut})
@api_requires(MANAGE_OCCASIONS)
def create_occasion(request, payload: schemas.OccasionIn):
    data = payload.values()
    data["area"] = area_from_input(
        actor=request.auth,
        perm=MANAGE_OCCASIONS,
        text=data["area"],
        levels=(AreaLevel.PROVINCE, AreaLevel.COUNTY),
    )
    occasion = services.occasion_create(actor=request.auth, **data)
    return Status(201, selectors.occasion_get(actor=request.auth, pk=occasion.pk))


@router.patch("/events/occasions/{pk}", response=schemas.OccasionOut)
@api_requires(MANAGE_OCCASIONS, record=Occasion)
def update_occasion(request, pk: Id, payload: schemas.OccasionPatch):
    occasion = selectors.occasion_get(actor=request.auth, pk=pk)
    services.occasion_update(
        actor=request.auth, occasion=occasion, **payload.values(exclude_unset=True)
    )
    return selectors.occasion_get(actor=request.auth, pk=pk)


@router.get("/events/occasions/{pk}/board", response=schemas.BoardOut)
@api_requires(VIEW_EVENTS, record=Occasion)
def occasion_board(request, pk: Id, county: str = Query("", max_length=200)):
    """Planned (not cancelled), held and cancelled events of the occasion in the caller's
    areas, by county and by kind (``county``: the kinds of that county)."""
    occasion = selectors.occasion_get(actor=request.auth, pk=pk)
    area = (
        area_from_input(
            actor=request.auth,
            perm=VIEW_EVENTS,
            text=county,
            levels=(AreaLevel.COUNTY,),
            field="county",
        )
        if county
        else None
    )
    return selectors.occasion_board(actor=request.auth, occasion=occasion, county=area)


# Events ----------------------------------------------------------------------------------


def _detail(request, pk: Id) -> Event:
    event = selectors.event_get(actor=request.auth, pk=pk)
    event.timeline = list(selectors.event_timeline(event=event))  # type: ignore[attr-defined]
    event.next_actions = [  # type: ignore[attr-defined]
        step.action for step in WORKFLOW.available(actor=request.auth, record=event)
    ]
    event.exhibitor_count = event.exhibitors.count()  # type: ignore[attr-defined]
    return event


def _moments(data: dict[str, Any]) -> None:
    """``day``/``start_time``/``end_day``/``end_time`` → ``starts_at``/``ends_at``."""
    day, start = data.pop("day"), data.pop("start_time")
    end_day, end_time = data.pop("end_day", None), data.pop("end_time", None)
    data["starts_at"] = services.event_moment(day, start)
    data["ends_at"] = (
        services.event_moment(end_day or day, end_time) if (end_day or end_time) else None
    )


@router.get("/events/workflow", response=list[schemas.EventWorkflowStepOut])
@api_requires(VIEW_EVENTS)
def workflow(request):
    """The steps of an event; each offered step has its own
    ``POST /events/events/{pk}/{action}``."""
    return WORKFLOW.steps


@router.get("/events/events", response=page_of(schemas.EventOut))
@api_requires(VIEW_EVENTS)
def list_events(
    request, filters: Query[schemas.EventFilters], limit: Limit = 50, offset: Offset = 0
):
    events = selectors.event_list(
        actor=request.auth,
        query=filters.q,
        kind=filters.kind or "",
        status=filters.status or "",
        county=filters.county,
        occasion=filters.occasion,
        year=filters.year,
        month=filters.month if filters.year else None,
    ).order_by("-on", "-id")
    return paged(events, limit=limit, offset=offset)


@router.get("/events/events/{pk}", response=schemas.EventDetailOut)
@api_requires(VIEW_EVENTS, record=Event)
def get_event(request, pk: Id):
    return _detail(request, pk)


@router.post("/events/events", response={201: schemas.EventDetailOut})
@api_requires(PLAN_EVENTS)
def create_event(request, payload: schemas.EventIn):
    """Plan an event; refused (422) when it ends before it starts or falls outside its
    occasion's days. ``links``: the project of a groundbreaking or an inauguration, the
    aid cases of a release ceremony."""
    data = payload.values()
    data["place"] = area_from_input(
        actor=request.auth,
        perm=PLAN_EVENTS,
        text=data["place"],
        levels=EVENT_PLACE_LEVELS,
        field="place",
    )
    occasion = data.pop("occasion")
    data["occasion"] = (
        selectors.occasion_by_input(actor=request.auth, text=occasion) if occasion else None
    )
    data["links"] = [
        services.LinkItem(kind=link.kind, target_id=link.target_id, label=link.label)
        for link in payload.links
    ]
    _moments(data)
    event = services.event_plan(actor=request.auth, **data)
    return Status(201, _detail(request, event.pk))


@router.patch("/events/events/{pk}", response=schemas.EventDetailOut)
@api_requires(PLAN_EVENTS, record=Event)
def update_event(request, pk: Id, payload: schemas.EventPatch):
    """Correct a planned event; a new day or time moves its start (and its end, if given)."""
    event = selectors.event_get(actor=request.auth, pk=pk)
    data = payload.values(exclude_unset=True)
    if {"day", "start_time", "end_day", "end_time"} & set(data):
        local = services.event_local(event)
        data.setdefault("day", local["day"])
        data.setdefault("start_time", local["start_time"])
        if "end_day" not in data and "end_time" not in data:
            data["end_day"], data["end_time"] = local["end_day"], local["end_time"]
        _moments(data)
    services.event_update(actor=request.auth, event=event, **data)
    return _detail(request, pk)


def _step_endpoint(step: Step):
    schema = step.schema_class

    def take_step(request, pk: Id, payload: schema):  # type: ignore[valid-type]
        event = selectors.event_get(actor=request.auth, pk=pk)
        step.service_function(actor=request.auth, event=event, **payload.values())  # type: ignore[attr-defined]
        return _detail(request, pk)

    take_step.__name__ = f"{step.action}_event"
    take_step.__doc__ = (
        f"The workflow step «{step.label}» (from: {', '.join(step.sources)}); its date field "
        f"is ``{step.dated_by}``. Refused with 422 from another status, for a date in the "
        "future or before the step it follows, and (holding) for an event whose day has not come."
    )
    return take_step


# The step's own permission is checked by its service, in the event's county (403).
for _step in WORKFLOW.steps:
    if _step.schema:
        router.post(
            f"/events/events/{{pk}}/{_step.action}",
            response=schemas.EventDetailOut,
            operation_id=f"events_{_step.action}_event",
        )(api_requires(VIEW_EVENTS, record=Event)(_step_endpoint(_step)))


@router.post("/events/events/{pk}/links", response={201: schemas.EventDetailOut})
@api_requires(PLAN_EVENTS, record=Event)
def add_link(request, pk: Id, payload: schemas.LinkIn):
    """Name the project of a groundbreaking or an inauguration, or an aid case of a release
    ceremony, by its id (while the event is planned)."""
    event = selectors.event_get(actor=request.auth, pk=pk)
    services.event_link_add(actor=request.auth, event=event, **payload.values())
    return Status(201, _detail(request, pk))


@router.post("/events/events/{pk}/files", response={201: schemas.FileOut})
@api_requires(REPORT_EVENTS, record=Event)
def add_file(request, pk: Id, kind: Form[str], file: File[UploadedFile], title: Form[str] = ""):
    """A photo (``kind=photo``: JPG or PNG) or the report (``kind=report``: PDF, JPG or PNG)
    of an event, up to 5 MB (multipart form: ``kind``, ``title``, ``file``)."""
    event = selectors.event_get(actor=request.auth, pk=pk)
    stored = services.event_file_add(
        actor=request.auth, event=event, kind=kind, file=file, title=title
    )
    return Status(201, stored)


@router.get("/events/files/{pk}/file", response={200: None}, url_name="events_file")
@api_requires(VIEW_EVENTS, record=EventFile)
def event_file(request, pk: Id):
    """The photo or report, with its stored content type."""
    return file_response(selectors.event_file_get(actor=request.auth, pk=pk), "file")


# Exhibitors ------------------------------------------------------------------------------


@router.get("/events/events/{pk}/exhibitors", response=list[schemas.ExhibitorOut])
@api_requires(VIEW_EVENTS, record=Event)
def list_event_exhibitors(request, pk: Id):
    event = selectors.event_get(actor=request.auth, pk=pk)
    return list(event.exhibitors.order_by("id"))


@router.post("/events/events/{pk}/exhibitors", response={201: schemas.ExhibitorOut})
@api_requires(REPORT_EVENTS, record=Event)
def add_exhibitor(request, pk: Id, payload: schemas.ExhibitorIn):
    """A workshop at an exhibition: a loan recipient's by plan number, or any other by
    name."""
    event = selectors.event_get(actor=request.auth, pk=pk)
    exhibitor = services.exhibitor_add(actor=request.auth, event=event, **payload.values())
    return Status(201, exhibitor)


@router.get("/events/exhibitors", response=page_of(schemas.ExhibitorOut))
@api_requires(VIEW_EVENTS)
def list_exhibitors(
    request,
    event: Id | None = None,
    q: str = Query("", max_length=100),
    limit: Limit = 50,
    offset: Offset = 0,
):
    exhibitors = selectors.exhibitor_list(actor=request.auth, event=event, query=q).order_by("-id")
    return paged(exhibitors, limit=limit, offset=offset)


@router.patch("/events/exhibitors/{pk}", response=schemas.ExhibitorOut)
@api_requires(REPORT_EVENTS, record=Exhibitor)
def update_exhibitor(request, pk: Id, payload: schemas.ExhibitorPatch):
    """Record an exhibitor's sales (rials) and visitors."""
    exhibitor = selectors.exhibitor_get(actor=request.auth, pk=pk)
    return services.exhibitor_update(
        actor=request.auth, exhibitor=exhibitor, **payload.values(exclude_unset=True)
    )


# The month calendar ----------------------------------------------------------------------


@router.get("/events/calendar", response=schemas.CalendarOut)
@api_requires(VIEW_EVENTS)
def calendar(
    request,
    county: str = Query("", max_length=200, description="county code or name; empty: all"),
    year: int | None = Query(None, ge=1300, le=1500),
    month: int | None = Query(None, ge=1, le=12),
):
    """The events of a Jalali month (default this month), day by day."""
    today = to_jalali(clock.today())
    area = (
        area_from_input(
            actor=request.auth,
            perm=VIEW_EVENTS,
            text=county,
            levels=(AreaLevel.COUNTY,),
            field="county",
        )
        if county
        else None
    )
    found = selectors.month_calendar(
        actor=request.auth,
        year=year or jalali_year_of(clock.today()),
        month=month or today.month,
        county=area,
    )
    days = [day for week in found.weeks for day in week if day is not None]
    return {
        "year": found.year,
        "month": found.month,
        "county": area.code if area else None,
        "days": [{"day": day.day, "date": day.date, "events": day.events} for day in days],
    }
