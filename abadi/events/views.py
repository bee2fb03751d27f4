"""Pages of the events module: thin wrappers that parse input and call services and
selectors. An event's page offers and runs the steps of ``abadi.events.workflow``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.access import requires
from abadi.core.edge import choice_param, int_param, is_htmx, render_list, run_service, year_param
from abadi.core.exports import requested_export
from abadi.core.jalali import MONTH_NAMES, jalali_year_of, to_jalali
from abadi.core.paging import window
from abadi.core.permissions import has_perm
from abadi.core.scoping import area_in_scope
from abadi.events import forms as event_forms
from abadi.events import selectors, services
from abadi.events.exports import event_columns, exhibitor_columns, occasion_columns
from abadi.events.models import (
    CASE_KINDS,
    PROJECT_KINDS,
    Event,
    EventKind,
    EventStatus,
    Exhibitor,
    LinkKind,
    Occasion,
)
from abadi.events.permissions import MANAGE_OCCASIONS, PLAN_EVENTS, REPORT_EVENTS, VIEW_EVENTS
from abadi.events.workflow import WORKFLOW

PER_PAGE = 50


# Events ----------------------------------------------------------------------------------


@requires(VIEW_EVENTS)
def event_list(request):
    year = year_param(request.GET)
    params = {
        "query": request.GET.get("q", "")[:100],
        "kind": choice_param(request.GET, "kind", EventKind),
        "status": choice_param(request.GET, "status", EventStatus),
        "county": request.GET.get("county", "")[:20],
        "occasion": int_param(request.GET, "occasion", minimum=1, maximum=10**12),
        "year": year,
        "month": int_param(request.GET, "month", minimum=1, maximum=12) if year else None,
        "past": request.GET.get("past") == "1",
    }
    events = selectors.event_list(actor=request.user, **params).order_by("-on", "-id")
    exported = requested_export(request, events, event_columns(), _("رویدادها"), "events")
    if exported is not None:
        return exported
    context = {
        "page": window(events, request.GET.get("page"), PER_PAGE),
        "params": params,
        "kinds": EventKind.choices,
        "statuses": EventStatus.choices,
        "counties": selectors.calendar_counties(actor=request.user),
        "occasions": selectors.occasion_list(actor=request.user).order_by("-starts_on"),
        "can_plan": has_perm(request.user, PLAN_EVENTS),
    }
    return render_list(request, "events/event_list.html", context)


def _links(data: dict[str, Any]) -> list[services.LinkItem]:
    links = []
    if data.get("project_id"):
        links.append(services.LinkItem(kind=LinkKind.PROJECT, target_id=data["project_id"]))
    links += [
        services.LinkItem(kind=LinkKind.AID_CASE, target_id=case)
        for case in data.get("case_ids") or []
    ]
    return links


def _moments(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    day, start = values.pop("day"), values.pop("start_time")
    end_day, end_time = values.pop("end_day", None), values.pop("end_time", None)
    values["starts_at"] = services.event_moment(day, start)
    values["ends_at"] = (
        services.event_moment(end_day or day, end_time) if (end_day or end_time) else None
    )
    return values


@requires(PLAN_EVENTS)
def event_create(request):
    initial: dict[str, Any] = {}
    occasion_id = int_param(request.GET, "occasion", minimum=1, maximum=10**12)
    if occasion_id:
        initial["occasion"] = occasion_id
    form = event_forms.EventForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _moments(form.cleaned_data)
        data["links"] = _links(data)
        data.pop("project_id", None)
        data.pop("case_ids", None)
        event = run_service(
            form,
            lambda: services.event_plan(actor=request.user, **data),
            renames={"starts_at": "day", "ends_at": "end_time", "links": "project_id"},
        )
        if event is not None:
            messages.success(request, _("رویداد «%(title)s» ثبت شد.") % {"title": event.title})
            return redirect("events:event_detail", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "title": _("برنامه‌ریزی رویداد")},
        status=422 if form.errors else 200,
    )


@requires(PLAN_EVENTS, record=Event)
def event_edit(request, pk: int):
    event = selectors.event_get(actor=request.user, pk=pk, perm=PLAN_EVENTS)
    local = services.event_local(event)
    initial = {
        "title": event.title,
        "venue": event.venue,
        "organiser_kind": event.organiser_kind,
        "organiser_name": event.organiser_name,
        **local,
    }
    form = event_forms.EventForm(
        request.POST or None, actor=request.user, initial=initial, editing=True
    )
    if request.method == "POST" and form.is_valid():
        data = _moments(form.cleaned_data)
        updated = run_service(
            form,
            lambda: services.event_update(actor=request.user, event=event, **data),
            renames={"starts_at": "day", "ends_at": "end_time"},
        )
        if updated is not None:
            messages.success(request, _("رویداد به‌روز شد."))
            return redirect("events:event_detail", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "title": _("ویرایش رویداد"), "event": event},
        status=422 if form.errors else 200,
    )


def _action_forms(request, event: Event, bound):
    offered = []
    media = forms.Media()
    steps = WORKFLOW.available(actor=request.user, record=event)
    if bound and bound[0] in {step.action for step in WORKFLOW.steps} - {s.action for s in steps}:
        # A step refused for a reason the table's offer already knew (a future event's
        # holding): its form stays open with the refusal beside its field.
        steps = [*steps, WORKFLOW.step(bound[0])]
    for step in steps:
        if not step.form:
            continue
        if bound and bound[0] == step.action:
            form = bound[1]
        else:
            initial = (
                {"people_served": event.people_served, "report": event.report}
                if step.action == "report"
                else {}
            )
            form = step.form_class(prefix=step.action, initial=initial)
        media += form.media
        offered.append(
            {
                "name": step.action,
                "label": step.label,
                "form": form,
                "open": bool(bound and bound[0] == step.action),
            }
        )
    return offered, media


def _detail_context(request, event: Event, bound=None) -> dict[str, Any]:
    actions, media = _action_forms(request, event, bound)
    can_report = area_in_scope(actor=request.user, perm=REPORT_EVENTS, area=event.area)
    can_plan = area_in_scope(actor=request.user, perm=PLAN_EVENTS, area=event.area)
    exhibition = event.kind == EventKind.EXHIBITION
    linkable = event.status == EventStatus.PLANNED and (
        event.kind in PROJECT_KINDS or event.kind in CASE_KINDS
    )

    def form_for(name: str, make):
        return bound[1] if bound and bound[0] == name else make()

    exhibitors = list(event.exhibitors.select_related("person").order_by("id"))
    return {
        "event": event,
        "timeline": [
            {"step": step, "label": WORKFLOW.label_of(step.action)}
            for step in selectors.event_timeline(event=event)
        ],
        "links": list(event.links.all()),
        "photos": [f for f in event.files.all() if f.kind == "photo"],
        "reports": [f for f in event.files.all() if f.kind == "report"],
        "actions": actions,
        "media": media,
        "future": event.is_future,
        "can_edit": can_plan and event.status == EventStatus.PLANNED,
        "file_form": form_for("file", lambda: event_forms.EventFileForm(prefix="file"))
        if can_report
        else None,
        "link_form": form_for("link", lambda: event_forms.LinkForm(prefix="link"))
        if can_plan and linkable
        else None,
        "exhibition": exhibition,
        "exhibitors": exhibitors,
        "sales": sum(row.sales_amount for row in exhibitors),
        "exhibitor_form": form_for(
            "exhibitor", lambda: event_forms.ExhibitorForm(prefix="exhibitor")
        )
        if exhibition and can_report and event.status != EventStatus.CANCELLED
        else None,
        "can_report": can_report,
    }


@requires(VIEW_EVENTS, record=Event)
def event_detail(request, pk: int):
    event = selectors.event_get(actor=request.user, pk=pk)
    return render(request, "events/event_detail.html", _detail_context(request, event))


def _again(request, pk: int, name: str, form) -> Any:
    event = selectors.event_get(actor=request.user, pk=pk)
    context = _detail_context(request, event, bound=(name, form))
    return render(request, "events/event_detail.html", context, status=422)


@requires(VIEW_EVENTS, record=Event)
def event_action(request, pk: int, action: str):
    """Run one step of the event's workflow from its page."""
    event = selectors.event_get(actor=request.user, pk=pk)
    if request.method != "POST":
        raise Http404
    try:
        step = WORKFLOW.step(action)
    except KeyError as unknown:
        raise Http404 from unknown
    if not step.form:
        raise Http404
    WORKFLOW.require(actor=request.user, record=event, action=action)
    form = step.form_class(request.POST, prefix=action)
    if form.is_valid():
        result = run_service(
            form,
            lambda: step.service_function(actor=request.user, event=event, **form.cleaned_data),
        )
        if result is not None:
            messages.success(request, _("«%(action)s» ثبت شد.") % {"action": step.label})
            return redirect("events:event_detail", pk=event.pk)
    return _again(request, pk, action, form)


@requires(REPORT_EVENTS, record=Event)
def event_file_add(request, pk: int):
    event = selectors.event_get(actor=request.user, pk=pk)
    if request.method != "POST":
        raise Http404
    if not area_in_scope(actor=request.user, perm=REPORT_EVENTS, area=event.area):
        raise PermissionDenied(REPORT_EVENTS)
    form = event_forms.EventFileForm(request.POST, request.FILES, prefix="file")
    if form.is_valid():
        stored = run_service(
            form,
            lambda: services.event_file_add(actor=request.user, event=event, **form.cleaned_data),
        )
        if stored is not None:
            messages.success(request, _("پرونده بارگذاری شد."))
            return redirect("events:event_detail", pk=event.pk)
    return _again(request, pk, "file", form)


@requires(PLAN_EVENTS, record=Event)
def event_link_add(request, pk: int):
    event = selectors.event_get(actor=request.user, pk=pk)
    if request.method != "POST":
        raise Http404
    form = event_forms.LinkForm(request.POST, prefix="link")
    if form.is_valid():
        link = run_service(
            form,
            lambda: services.event_link_add(actor=request.user, event=event, **form.cleaned_data),
            renames={"links": "target_id"},
        )
        if link is not None:
            messages.success(request, _("پیوند ثبت شد."))
            return redirect("events:event_detail", pk=event.pk)
    return _again(request, pk, "link", form)


@requires(REPORT_EVENTS, record=Event)
def exhibitor_add(request, pk: int):
    event = selectors.event_get(actor=request.user, pk=pk)
    if request.method != "POST":
        raise Http404
    form = event_forms.ExhibitorForm(request.POST, prefix="exhibitor")
    if form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if value is not None}
        exhibitor = run_service(
            form, lambda: services.exhibitor_add(actor=request.user, event=event, **data)
        )
        if exhibitor is not None:
            messages.success(request, _("غرفه «%(name)s» ثبت شد.") % {"name": exhibitor.name})
            return redirect("events:event_detail", pk=event.pk)
    return _again(request, pk, "exhibitor", form)


@requires(REPORT_EVENTS, record=Exhibitor)
def exhibitor_edit(request, pk: int):
    exhibitor = selectors.exhibitor_get(actor=request.user, pk=pk, perm=REPORT_EVENTS)
    form = event_forms.ExhibitorSalesForm(
        request.POST or None,
        initial={
            "sales_amount": exhibitor.sales_amount,
            "visitors": exhibitor.visitors,
            "products": exhibitor.products,
        },
    )
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form,
            lambda: services.exhibitor_update(
                actor=request.user, exhibitor=exhibitor, **form.cleaned_data
            ),
        )
        if updated is not None:
            messages.success(request, _("فروش و بازدید غرفه ثبت شد."))
            return redirect("events:event_detail", pk=exhibitor.event_id)
    return render(
        request,
        "events/exhibitor_form.html",
        {"form": form, "exhibitor": exhibitor},
        status=422 if form.errors else 200,
    )


@requires(VIEW_EVENTS)
def exhibitor_list(request):
    params = {
        "event": int_param(request.GET, "event", minimum=1, maximum=10**12),
        "query": request.GET.get("q", "")[:100],
    }
    exhibitors = selectors.exhibitor_list(actor=request.user, **params).order_by("-id")
    exported = requested_export(
        request, exhibitors, exhibitor_columns(), _("غرفه‌داران"), "exhibitors"
    )
    if exported is not None:
        return exported
    context = {"page": window(exhibitors, request.GET.get("page"), PER_PAGE), "params": params}
    return render_list(request, "events/exhibitor_list.html", context)


# The month calendar ----------------------------------------------------------------------


@requires(VIEW_EVENTS)
def calendar(request):
    """A county's Jalali month; the arrows and the county box swap the month in place."""
    today = to_jalali(clock.today())
    year = year_param(request.GET) or jalali_year_of(clock.today())
    month = int_param(request.GET, "month", minimum=1, maximum=12) or today.month
    counties = list(selectors.calendar_counties(actor=request.user))
    code = request.GET.get("county", "")[:20]
    county = next((area for area in counties if area.code == code), None)
    found = selectors.month_calendar(actor=request.user, year=year, month=month, county=county)
    context = {
        "calendar": found,
        "month_name": MONTH_NAMES[month - 1],
        "weekdays": selectors.WEEKDAYS,
        "counties": counties,
        "county": county,
    }
    template = "events/calendar.html#month" if is_htmx(request) else "events/calendar.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


# Occasions -------------------------------------------------------------------------------


@requires(VIEW_EVENTS)
def occasion_list(request):
    occasions = selectors.occasion_list(
        actor=request.user, query=request.GET.get("q", "")[:100]
    ).order_by("-starts_on", "id")
    exported = requested_export(request, occasions, occasion_columns(), _("مناسبت‌ها"), "occasions")
    if exported is not None:
        return exported
    context = {
        "page": window(occasions, request.GET.get("page"), PER_PAGE),
        "query": request.GET.get("q", "")[:100],
        "can_manage": has_perm(request.user, MANAGE_OCCASIONS),
    }
    return render_list(request, "events/occasion_list.html", context)


@requires(MANAGE_OCCASIONS)
def occasion_create(request):
    form = event_forms.OccasionForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        occasion = run_service(
            form, lambda: services.occasion_create(actor=request.user, **form.cleaned_data)
        )
        if occasion is not None:
            messages.success(request, _("مناسبت «%(name)s» ثبت شد.") % {"name": occasion.name})
            return redirect("events:occasion_detail", pk=occasion.pk)
    return render(
        request,
        "events/occasion_form.html",
        {"form": form, "title": _("ثبت مناسبت")},
        status=422 if form.errors else 200,
    )


@requires(MANAGE_OCCASIONS, record=Occasion)
def occasion_edit(request, pk: int):
    occasion = selectors.occasion_get(actor=request.user, pk=pk)
    if not area_in_scope(actor=request.user, perm=MANAGE_OCCASIONS, area=occasion.area):
        raise PermissionDenied(MANAGE_OCCASIONS)
    initial = {name: getattr(occasion, name) for name in services.OCCASION_EDITABLE}
    form = event_forms.OccasionForm(
        request.POST or None, actor=request.user, initial=initial, editing=True
    )
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form,
            lambda: services.occasion_update(
                actor=request.user, occasion=occasion, **form.cleaned_data
            ),
        )
        if updated is not None:
            messages.success(request, _("مناسبت به‌روز شد."))
            return redirect("events:occasion_detail", pk=occasion.pk)
    return render(
        request,
        "events/occasion_form.html",
        {"form": form, "title": _("ویرایش مناسبت"), "occasion": occasion},
        status=422 if form.errors else 200,
    )


@requires(VIEW_EVENTS, record=Occasion)
def occasion_detail(request, pk: int):
    """The occasion's board: planned against held, by county and by kind."""
    occasion = selectors.occasion_get(actor=request.user, pk=pk)
    counties = list(selectors.calendar_counties(actor=request.user))
    code = request.GET.get("county", "")[:20]
    county = next((area for area in counties if area.code == code), None)
    board = selectors.occasion_board(actor=request.user, occasion=occasion, county=county)
    context = {
        "occasion": occasion,
        "board": board,
        "days": selectors.occasion_days(occasion),
        "counties": counties,
        "county": county,
        "can_manage": area_in_scope(actor=request.user, perm=MANAGE_OCCASIONS, area=occasion.area),
        "can_plan": has_perm(request.user, PLAN_EVENTS),
        "indicators_query": f"occasion={occasion.pk}",
    }
    return render(request, "events/occasion_detail.html", context)
