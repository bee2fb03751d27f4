"""Writes of the events module: occasions, events and their workflow, their files, the
records of other modules they are about, and the exhibitors of exhibitions.

Every step locks the event, is checked against ``abadi.events.workflow`` with its
effective date, writes a timeline row (``EventStep``) and one audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.actors import user_of
from abadi.core.audit import audit_record, changed, snapshot
from abadi.core.files import PHOTO_KINDS
from abadi.core.jalali import format_jalali, format_jalali_datetime
from abadi.core.persian import search_key
from abadi.core.services import audited_create, model_update, require, service
from abadi.core.validators import (
    MAX_RECORD_AMOUNT,
    count_within,
    not_before,
    not_future,
    required_text,
)
from abadi.events.audit import Action
from abadi.events.models import (
    CASE_KINDS,
    MAX_SERVED,
    MAX_VISITORS,
    PROJECT_KINDS,
    Event,
    EventFile,
    EventKind,
    EventLink,
    EventStatus,
    EventStep,
    Exhibitor,
    FileKind,
    LinkKind,
    Occasion,
    OrganiserKind,
)
from abadi.events.permissions import MANAGE_OCCASIONS, PLAN_EVENTS, REPORT_EVENTS
from abadi.events.selectors import loan_application_by_number
from abadi.events.workflow import WORKFLOW
from abadi.funds.selectors import case_get
from abadi.funds.services import case_release
from abadi.geography.selectors import county_of
from abadi.projects.selectors import project_get
from abadi.projects.services import project_advance

if TYPE_CHECKING:
    from abadi.geography.models import Area

EVENT_EDITABLE = ("title", "venue", "starts_at", "ends_at", "organiser_kind", "organiser_name")
OCCASION_EDITABLE = ("name", "starts_on", "ends_on", "description")
EXHIBITOR_EDITABLE = ("products", "sales_amount", "visitors", "note")


def event_moment(day: datetime.date, time: datetime.time | None) -> datetime.datetime:
    """A day and a time of day in the office's zone (Tehran) as an aware moment."""
    return timezone.make_aware(datetime.datetime.combine(day, time or datetime.time(9, 0)))


def event_local(event: Event) -> dict[str, Any]:
    """An event's start and end as the day and time of day people read (Tehran)."""
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at) if event.ends_at else None
    return {
        "day": start.date(),
        "start_time": start.time().replace(second=0, microsecond=0),
        "end_day": end.date() if end else None,
        "end_time": end.time().replace(second=0, microsecond=0) if end else None,
    }


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


# Occasions -------------------------------------------------------------------------------


def _check_occasion(occasion: Occasion) -> None:
    occasion.name = " ".join((occasion.name or "").split())
    required_text(occasion.name, field="name", label=_("نام مناسبت"))
    occasion.search_key = search_key(occasion.name)
    not_before(
        occasion.ends_on,
        occasion.starts_on,
        field="ends_on",
        label=_("روز پایان مناسبت"),
        other=_("روز نخست آن"),
    )
    clash = Occasion.objects.filter(area_id=occasion.area_id, search_key=occasion.search_key)
    if occasion.pk is not None:
        clash = clash.exclude(pk=occasion.pk)
    if clash.exists():
        raise ValidationError(
            {"name": _("مناسبت «%(name)s» پیش‌تر ثبت شده است.") % {"name": occasion.name}}
        )
    if occasion.pk is not None:
        outside = occasion.events.exclude(on__range=(occasion.starts_on, occasion.ends_on))
        if outside.exists():
            raise ValidationError(
                {"starts_on": _("رویدادهایی از این مناسبت بیرون از روزهای تازه می‌افتند.")}
            )


@service
def occasion_create(
    *,
    actor,
    name: str,
    area: Area,
    starts_on: datetime.date,
    ends_on: datetime.date,
    description: str = "",
) -> Occasion:
    """An occasion of the office of ``area`` (its areas below plan events for it)."""
    require(actor, MANAGE_OCCASIONS, area)
    occasion = Occasion(
        name=name,
        area=area,
        starts_on=starts_on,
        ends_on=ends_on,
        description=(description or "").strip(),
    )
    _check_occasion(occasion)
    return audited_create(occasion, actor=actor, action=Action.OCCASION_CREATE, exclude=["area"])


@service
def occasion_update(*, actor, occasion: Occasion, **fields: Any) -> Occasion:
    occasion = (
        Occasion.objects.select_for_update(of=("self",)).select_related("area").get(pk=occasion.pk)
    )
    require(actor, MANAGE_OCCASIONS, occasion.area)
    occasion, _changed = model_update(
        occasion,
        actor=actor,
        action=Action.OCCASION_UPDATE,
        fields=fields,
        allowed=OCCASION_EDITABLE,
        prepare=_check_occasion,
    )
    return occasion


# Events ----------------------------------------------------------------------------------


def _check_event(event: Event) -> None:
    if event.kind not in EventKind.values:
        raise ValidationError({"kind": _("نوع برنامه نامعتبر است.")})
    if event.organiser_kind not in OrganiserKind.values:
        raise ValidationError({"organiser_kind": _("برگزارکننده نامعتبر است.")})
    required_text(event.title, field="title", label=_("عنوان رویداد"))
    event.title = event.title.strip()
    event.organiser_name = (event.organiser_name or "").strip()
    if event.organiser_kind == OrganiserKind.VOLUNTEER_GROUP and not event.organiser_name:
        raise ValidationError(
            {"organiser_name": _("نام یا شناسه اطلس گروه جهادی برگزارکننده را بنویسید.")}
        )
    if event.ends_at is not None and event.ends_at < event.starts_at:
        raise ValidationError(
            {
                "ends_at": _("پایان رویداد (%(end)s) پیش از آغاز آن (%(start)s) است.")
                % {
                    "end": format_jalali_datetime(event.ends_at),
                    "start": format_jalali_datetime(event.starts_at),
                }
            }
        )
    event.on = _local_day(event.starts_at)
    occasion = event.occasion
    if occasion is not None and not occasion.starts_on <= event.on <= occasion.ends_on:
        raise ValidationError(
            {
                "starts_at": _(
                    "روز رویداد (%(day)s) در روزهای مناسبت «%(name)s» (%(start)s تا %(end)s) نیست."
                )
                % {
                    "day": format_jalali(event.on),
                    "name": occasion.name,
                    "start": format_jalali(occasion.starts_on),
                    "end": format_jalali(occasion.ends_on),
                }
            }
        )


def _step(event: Event, *, action: str, actor, on: datetime.date, from_status: str, note: str = ""):
    return EventStep.objects.create(
        event=event,
        action=action,
        from_status=from_status,
        to_status=event.status,
        actor=user_of(actor),
        on=on,
        note=note,
    )


@dataclass(frozen=True)
class LinkItem:
    """A record of another module an event is about: ``kind`` (LinkKind) and its id."""

    kind: str
    target_id: int
    label: str = ""


@service
def event_plan(
    *,
    actor,
    title: str,
    kind: str,
    place: Area,
    starts_at: datetime.datetime,
    organiser_kind: str,
    ends_at: datetime.datetime | None = None,
    organiser_name: str = "",
    occasion: Occasion | None = None,
    venue: str = "",
    links: Iterable[LinkItem] = (),
    planned_on: datetime.date | None = None,
    source_id: str | None = None,
) -> Event:
    """Plan an event in ``place`` (it belongs to the place's county): refused when it ends
    before it starts, or falls outside its occasion's days. ``planned_on`` is the day it
    was planned (default today, or the event's own day if that has passed)."""
    county = county_of(place)
    if county is None:
        raise ValidationError({"place": _("محل رویداد باید در یک شهرستان باشد.")})
    require(actor, PLAN_EVENTS, county)
    event = Event(
        title=title or "",
        kind=kind,
        occasion=occasion,
        area=county,
        place=place,
        venue=(venue or "").strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        organiser_kind=organiser_kind,
        organiser_name=organiser_name,
        status=EventStatus.PLANNED,
        source_id=source_id or None,
    )
    _check_event(event)
    planned_on = not_future(
        planned_on or min(clock.today(), event.on), field="planned_on", label=_("تاریخ برنامه‌ریزی")
    )
    event.full_clean(exclude=["area", "place", "occasion", "on"])
    event.save()
    _step(event, action="plan", actor=actor, on=planned_on, from_status="")
    for item in links:
        _link(event, item, actor)
    audit_record(actor=actor, action=Action.PLAN, obj=event, new=snapshot(event), on=planned_on)
    return event


def _lock(event: Event) -> Event:
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("area", "place", "occasion")
        .get(pk=event.pk)
    )


def _start(*, actor, event: Event, action: str, on: datetime.date | None):
    event = _lock(event)
    WORKFLOW.check(actor=actor, record=event, action=action)
    day = WORKFLOW.check_date(record=event, action=action, on=on or clock.today())
    return event, day


def _move(event: Event, *, action: str, actor, on: datetime.date, note: str = "", **values):
    step = WORKFLOW.step(action)
    before = snapshot(event)
    from_status = event.status
    if step.target:
        event.status = step.target
    for name, value in values.items():
        setattr(event, name, value)
    event.save()
    _step(event, action=action, actor=actor, on=on, from_status=from_status, note=note)
    old, new = changed(before, snapshot(event))
    return old, new


@service
def event_update(*, actor, event: Event, **fields: Any) -> Event:
    """Correct a planned event (its place and kind stay)."""
    event = _lock(event)
    require(actor, PLAN_EVENTS, event.area)
    if event.status != EventStatus.PLANNED:
        raise ValidationError(
            _("رویدادی با وضعیت «%(status)s» را نمی‌توان ویرایش کرد.")
            % {"status": event.get_status_display()}
        )
    event, _changed = model_update(
        event,
        actor=actor,
        action=Action.UPDATE,
        fields=fields,
        allowed=EVENT_EDITABLE,
        prepare=_check_event,
    )
    return event


def _served(value: Any) -> int:
    return count_within(value, field="people_served", label=_("شمار بهره‌مندان"), maximum=MAX_SERVED)


@service
def event_mark_held(
    *,
    actor,
    event: Event,
    on: datetime.date | None = None,
    people_served: int = 0,
    report: str = "",
) -> Event:
    """The event was held on ``on`` (default today; not before its own day, not in the
    future): refused for an event whose day has not come.

    This is where the records of other modules the event is about follow it: a
    groundbreaking or an inauguration moves its project's stage (``abadi.projects``), a
    release ceremony releases its aid cases (``abadi.funds``), each through that module's
    own service, on the day it was held; a refusal there refuses the whole step."""
    event = _lock(event)
    WORKFLOW.require(actor=actor, record=event, action="hold")
    if event.is_future:
        raise ValidationError(
            {
                "on": _(
                    "رویداد روز %(day)s برگزار می‌شود؛ رویدادی را که روزش نرسیده نمی‌توان برگزارشده ثبت کرد."
                )
                % {"day": format_jalali(event.on)}
            }
        )
    event, on = _start(actor=actor, event=event, action="hold", on=on)
    not_before(on, event.on, field="on", label=_("تاریخ برگزاری"), other=_("روز رویداد"))
    old, new = _move(
        event,
        action="hold",
        actor=actor,
        on=on,
        held_on=on,
        people_served=_served(people_served),
        report=(report or "").strip(),
    )
    links = [
        {"kind": link.kind, "id": link.target_id, "label": link.label}
        for link in event.links.order_by("kind", "target_id")
    ]
    # Recorded first: the hold is the call's event, the project's step one of its steps.
    audit_record(
        actor=actor,
        action=Action.HOLD,
        obj=event,
        old=old,
        new={**new, **({"links": links} if links else {})},
        on=on,
    )
    _move_linked_projects(actor=actor, event=event, on=on)
    _release_linked_cases(actor=actor, event=event, on=on)
    return event


@service
def event_report(
    *,
    actor,
    event: Event,
    people_served: int,
    report: str = "",
    on: datetime.date | None = None,
) -> Event:
    """Complete a held event's report: the people it served and what was done."""
    event, on = _start(actor=actor, event=event, action="report", on=on)
    before = snapshot(event, ["people_served", "report"])
    event.people_served = _served(people_served)
    event.report = (report or "").strip()
    event.save(update_fields=["people_served", "report", "updated_at"])
    old, new = changed(before, snapshot(event, ["people_served", "report"]))
    if new:
        audit_record(actor=actor, action=Action.REPORT, obj=event, old=old, new=new, on=on)
    return event


@service
def event_cancel(*, actor, event: Event, reason: str, on: datetime.date | None = None) -> Event:
    """Cancel a planned event, with the reason."""
    event, on = _start(actor=actor, event=event, action="cancel", on=on)
    reason = required_text(reason, field="reason", label=_("دلیل لغو"))
    old, new = _move(
        event,
        action="cancel",
        actor=actor,
        on=on,
        note=reason,
        cancelled_on=on,
        cancel_reason=reason[:300],
    )
    audit_record(actor=actor, action=Action.CANCEL, obj=event, old=old, new=new, on=on)
    return event


# Files and links -------------------------------------------------------------------------


@service
def event_file_add(*, actor, event: Event, kind: str, file: Any, title: str = "") -> EventFile:
    """A photo (JPG or PNG) or the written report (PDF, JPG or PNG) of an event, up to
    5 MB; checked by extension and first bytes."""
    event = _lock(event)
    require(actor, REPORT_EVENTS, event.area)
    if kind not in FileKind.values:
        raise ValidationError({"kind": _("نوع پرونده نامعتبر است.")})
    if kind == FileKind.PHOTO:
        extension = (getattr(file, "name", "") or "").rsplit(".", 1)[-1].lower()
        if extension not in PHOTO_KINDS:
            raise ValidationError({"file": _("عکس باید JPG یا PNG باشد.")})
    stored = EventFile(
        event=event, kind=kind, title=(title or "").strip(), file=file, uploaded_by=user_of(actor)
    )
    try:
        stored.full_clean(exclude=["event", "uploaded_by"])
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    stored.save()
    audit_record(
        actor=actor,
        action=Action.FILE,
        obj=stored,
        area=event.area,
        new={"kind": kind, "name": stored.original_name, "size": stored.size},
        touches=(event,),
    )
    return stored


# What holding an event does to the project it is about: the stage step it takes.
PROJECT_STEP: dict[str, str] = {
    EventKind.GROUNDBREAKING: "groundbreak",
    EventKind.INAUGURATION: "inaugurate",
}


def _linked_project(actor, target_id: int):
    """The project a link names, as the projects module gives it to ``actor`` (404 there
    reads as "not found" here)."""
    try:
        return project_get(actor=actor, pk=target_id)
    except Http404 as missing:
        raise ValidationError(
            {"links": _("پروژه‌ای با شناسه %(id)s در حوزه شما پیدا نشد.") % {"id": target_id}}
        ) from missing


def _move_linked_projects(*, actor, event: Event, on: datetime.date) -> None:
    """A held groundbreaking or inauguration moves its project's stage through the projects
    module's own service, on the day the event was held: refused there (an inauguration of
    a project not completed), the event is not held either."""
    step = PROJECT_STEP.get(event.kind)
    if step is None:
        return
    for link in event.links.filter(kind=LinkKind.PROJECT):
        project = _linked_project(actor, link.target_id)
        try:
            project_advance(
                actor=actor,
                project=project,
                action=step,
                on=on,
                note=_("رویداد «%(title)s»") % {"title": event.title},
            )
        except ValidationError as refused:
            raise ValidationError(
                {
                    "links": _("پروژهٔ «%(project)s»: %(reason)s")
                    % {"project": project, "reason": " ".join(refused.messages)}
                }
            ) from refused


def _linked_case(actor, target_id: int):
    """The aid case a link names, as the funds module gives it to ``actor``."""
    try:
        return case_get(actor=actor, pk=target_id)
    except Http404 as missing:
        raise ValidationError(
            {"links": _("پرونده‌ای با شناسه %(id)s در حوزه شما پیدا نشد.") % {"id": target_id}}
        ) from missing


def _release_linked_cases(*, actor, event: Event, on: datetime.date) -> None:
    """A held release ceremony frees its prisoners through the funds module's own
    service, on the day it was held: a case not yet paid refuses the whole step."""
    for link in event.links.filter(kind=LinkKind.AID_CASE).order_by("target_id"):
        case = _linked_case(actor, link.target_id)
        try:
            case_release(
                actor=actor, case=case, on=on, note=_("رویداد «%(title)s»") % {"title": event.title}
            )
        except ValidationError as refused:
            raise ValidationError(
                {
                    "links": _("پرونده %(case)s: %(reason)s")
                    % {"case": case, "reason": " ".join(refused.messages)}
                }
            ) from refused


def _link(event: Event, item: LinkItem, actor=None) -> EventLink:
    if item.kind not in LinkKind.values:
        raise ValidationError({"links": _("نوع پیوند نامعتبر است.")})
    if item.kind == LinkKind.PROJECT and event.kind not in PROJECT_KINDS:
        raise ValidationError({"links": _("تنها کلنگ‌زنی یا افتتاح به پروژه پیوند می‌خورد.")})
    if item.kind == LinkKind.AID_CASE and event.kind not in CASE_KINDS:
        raise ValidationError(
            {"links": _("تنها مراسم آزادی زندانیان به پرونده آزادی زندانی پیوند می‌خورد.")}
        )
    if not isinstance(item.target_id, int) or item.target_id <= 0:
        raise ValidationError({"links": _("شناسه پرونده باید عددی مثبت باشد.")})
    if item.kind == LinkKind.PROJECT and event.links.filter(kind=LinkKind.PROJECT).exists():
        raise ValidationError({"links": _("این رویداد پیش‌تر به پروژه‌ای پیوند خورده است.")})
    if item.kind == LinkKind.PROJECT and actor is not None:
        # The project must be one the actor can see, whatever label the link was given.
        project = _linked_project(actor, item.target_id)
        item = LinkItem(kind=item.kind, target_id=item.target_id, label=item.label or str(project))
    if item.kind == LinkKind.AID_CASE and actor is not None:
        case = _linked_case(actor, item.target_id)
        item = LinkItem(kind=item.kind, target_id=item.target_id, label=item.label or str(case))
    link = EventLink(
        event=event, kind=item.kind, target_id=item.target_id, label=(item.label or "")[:200]
    )
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as clash:
        raise ValidationError(
            {"links": _("این پرونده پیش‌تر به همین رویداد پیوند خورده است.")}
        ) from clash
    return link


@service
def event_link_add(*, actor, event: Event, kind: str, target_id: int, label: str = "") -> EventLink:
    """Name a record of another module the event is about, while it is still planned: the
    project a groundbreaking or an inauguration opens, an aid case a release ceremony
    frees. It is kept as (kind, id); that module's service acts on it when the event is
    held (see :func:`event_mark_held`)."""
    event = _lock(event)
    require(actor, PLAN_EVENTS, event.area)
    if event.status != EventStatus.PLANNED:
        raise ValidationError({"links": _("پیوند تنها به رویداد برنامه‌ریزی‌شده افزوده می‌شود.")})
    link = _link(event, LinkItem(kind=kind, target_id=target_id, label=label), actor)
    audit_record(
        actor=actor,
        action=Action.LINK,
        obj=event,
        new={"kind": kind, "id": target_id, "label": link.label},
    )
    return link


# Exhibitors ------------------------------------------------------------------------------


def _check_exhibitor(exhibitor: Exhibitor) -> None:
    exhibitor.name = " ".join((exhibitor.name or "").split())
    required_text(exhibitor.name, field="name", label=_("نام کارگاه"))
    exhibitor.name_key = search_key(exhibitor.name)
    count_within(
        exhibitor.sales_amount,
        field="sales_amount",
        label=_("فروش"),
        minimum=0,
        maximum=MAX_RECORD_AMOUNT,
    )
    count_within(
        exhibitor.visitors, field="visitors", label=_("بازدیدکنندگان"), maximum=MAX_VISITORS
    )
    clash = Exhibitor.objects.filter(event_id=exhibitor.event_id, name_key=exhibitor.name_key)
    if exhibitor.pk is not None:
        clash = clash.exclude(pk=exhibitor.pk)
    if clash.exists():
        raise ValidationError(
            {"name": _("کارگاه «%(name)s» در این نمایشگاه ثبت شده است.") % {"name": exhibitor.name}}
        )


@service
def exhibitor_add(
    *,
    actor,
    event: Event,
    name: str = "",
    loan_number: str = "",
    person=None,
    products: str = "",
    sales_amount: int = 0,
    visitors: int = 0,
    note: str = "",
) -> Exhibitor:
    """A workshop at an exhibition: a loan recipient's (by their plan's number, through
    the loans module; the plan's title names the workshop unless ``name`` is given) or
    any other (by name)."""
    event = _lock(event)
    require(actor, REPORT_EVENTS, event.area)
    if event.kind != EventKind.EXHIBITION:
        raise ValidationError(_("غرفه‌دار تنها برای نمایشگاه ثبت می‌شود."))
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("این نمایشگاه لغو شده است."))
    number = ""
    if loan_number:
        application = loan_application_by_number(actor=actor, number=loan_number)
        number = application.number
        person = application.applicant
        name = name or application.title
    exhibitor = Exhibitor(
        event=event,
        name=name,
        person=person,
        loan_number=number,
        products=(products or "").strip(),
        sales_amount=sales_amount,
        visitors=visitors,
        note=(note or "").strip(),
    )
    _check_exhibitor(exhibitor)
    return audited_create(
        exhibitor,
        actor=actor,
        action=Action.EXHIBITOR,
        exclude=["event", "person"],
        area=event.area,
        touches=(event,),
    )


@service
def exhibitor_update(*, actor, exhibitor: Exhibitor, **fields: Any) -> Exhibitor:
    """Record an exhibitor's sales and visitors (or correct its products)."""
    exhibitor = (
        Exhibitor.objects.select_for_update(of=("self",))
        .select_related("event__area")
        .get(pk=exhibitor.pk)
    )
    require(actor, REPORT_EVENTS, exhibitor.event.area)
    exhibitor, _changed = model_update(
        exhibitor,
        actor=actor,
        action=Action.EXHIBITOR_UPDATE,
        fields=fields,
        allowed=EXHIBITOR_EDITABLE,
        prepare=_check_exhibitor,
        area=exhibitor.event.area,
    )
    return exhibitor
