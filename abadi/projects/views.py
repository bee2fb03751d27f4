"""Pages of the projects module: thin wrappers that parse input and call services and
selectors. The project page offers and runs the steps of the workflow table
(``abadi.projects.workflow``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.access import requires
from abadi.core.edge import int_param, render_list, run_service, year_param
from abadi.core.exports import requested_export
from abadi.core.paging import window
from abadi.core.permissions import has_perm
from abadi.core.scoping import area_in_scope
from abadi.core.workflow import Step
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import areas_of_level, names_above, place_label
from abadi.projects import forms as project_forms
from abadi.projects import selectors, services
from abadi.projects.exports import plan_columns, project_columns, report_columns, with_photo_count
from abadi.projects.models import (
    FINISHED,
    OPEN_STAGES,
    ExecutorKind,
    ProgressReport,
    Project,
    ProjectType,
    Stage,
)
from abadi.projects.permissions import (
    MANAGE_PLANS,
    REGISTER_PROJECTS,
    REPORT_PROGRESS,
    VIEW_PROJECTS,
)
from abadi.projects.workflow import WORKFLOW

PER_PAGE = 25
BENEFICIARIES_SHOWN = 100


def _filters(query) -> dict[str, Any]:
    def choice(name: str, values: list[str]) -> str:
        value = query.get(name, "")
        return value if value in values else ""

    return {
        "project_type": choice("type", ProjectType.values),
        "stage": choice("stage", Stage.values),
        "county": query.get("county", "")[:20],
        "province": query.get("province", "")[:20],
        "executor_kind": choice("executor_kind", ExecutorKind.values),
        "executor": int_param(query, "executor", minimum=1, maximum=10**12),
        "query": query.get("q", "")[:100],
        "awaiting_report": query.get("due") == "1",
    }


# The list and the map ----------------------------------------------------------------------------


@requires(VIEW_PROJECTS)
def project_list(request):
    params = _filters(request.GET)
    projects = selectors.project_list(actor=request.user, **params).order_by("-id")
    export = requested_export(
        request,
        projects.prefetch_related("fundings__organisation", "places__area"),
        project_columns(),
        title=_("پروژه‌های محرومیت‌زدایی"),
        filename="projects",
    )
    if export is not None:
        return export
    counts = selectors.stage_counts(selectors.project_list(actor=request.user))
    context = {
        "page": window(projects, request.GET.get("page"), PER_PAGE),
        "params": params,
        "counts": [(value, label, counts.get(value, 0)) for value, label in Stage.choices],
        "types": ProjectType.choices,
        "stages": Stage.choices,
        "executor_kinds": ExecutorKind.choices,
        "executors": selectors.executor_organisations(actor=request.user),
        "counties": areas_of_level(actor=request.user, perm=VIEW_PROJECTS, level=AreaLevel.COUNTY),
        "provinces": selectors.provinces(),
        "can_register": has_perm(request.user, REGISTER_PROJECTS),
    }
    return render_list(request, "projects/project_list.html", context)


@requires(VIEW_PROJECTS)
def project_map(request):
    params = _filters(request.GET)
    area = selectors.map_area(actor=request.user, code=request.GET.get("area", ""))
    projects = selectors.project_list(actor=request.user, **params)
    data = selectors.project_map(actor=request.user, area=area, projects=projects)
    names = {
        feature["properties"]["code"]: feature["properties"]["label"]
        for feature in data.geojson["features"]
    }
    rows = sorted(
        (
            {"code": code, "name": names.get(code, code), "count": count}
            for code, count in data.counts.items()
            if code in names
        ),
        key=lambda row: -row["count"],
    )
    context = {
        "area": area,
        "data": data,
        "rows": rows,
        "params": params,
        "types": ProjectType.choices,
        "stages": Stage.choices,
        "provinces": selectors.provinces(),
        "geojson": data.geojson,
    }
    return render(request, "projects/project_map.html", context)


@requires(REGISTER_PROJECTS)
def place_hint(request):
    """What the places box names, line by line (an htmx fragment)."""
    text = next((value for key, value in request.GET.items() if value), "")
    lines = []
    for number, line in enumerate(project_forms.split_places(text)[:50]):
        area, error, candidates = selectors.place_hint(text=line)
        names = names_above([*candidates, *([area] if area else [])])
        lines.append(
            {
                "number": number,
                "text": line,
                "area": area,
                "label": place_label(area, names) if area else "",
                "error": error,
                "candidates": [{"area": c, "label": place_label(c, names)} for c in candidates[:8]],
            }
        )
    return render(request, "projects/_place_hint.html", {"lines": lines})


# Registering ----------------------------------------------------------------------------------------


def _organisations(actor):
    return selectors.executor_organisations(actor=actor)


@requires(REGISTER_PROJECTS)
def project_create(request):
    form = project_forms.ProjectForm(
        request.POST or None, actor=request.user, organisations=_organisations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        project = run_service(
            form,
            lambda: services.project_register(
                actor=request.user,
                title=data["title"],
                project_type=data["project_type"],
                places=data["places"],
                area=data.get("area"),
                budget=data["budget"],
                fundings=form.shares(),
                executor=form.executor(),
                capacity=form.capacity(),
                description=data.get("description") or "",
                on=data.get("planned_on"),
            ),
            renames={"on": "planned_on", "fundings": "budget"},
        )
        if project is not None:
            messages.success(request, _("پروژه %(number)s ثبت شد.") % {"number": project.number})
            return redirect("projects:project_detail", pk=project.pk)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "types": _type_spec()},
        status=422 if form.errors else 200,
    )


def _type_spec() -> dict[str, dict[str, list[str]]]:
    from abadi.projects.models import CAPACITY

    return {
        value: {"required": list(required), "optional": list(optional)}
        for value, (required, optional) in CAPACITY.items()
    }


# The project page ----------------------------------------------------------------------------------

EXTRA_ACTIONS = ("funding", "beneficiary")


def _extra_forms(request, project: Project, bound):
    """The project's own edits beside the workflow's steps: its budget and shares, and its
    beneficiary households."""
    offered: list[dict[str, Any]] = []
    if not area_in_scope(actor=request.user, perm=REGISTER_PROJECTS, area=project.area):
        return offered
    if project.stage in OPEN_STAGES:
        initial: dict[str, Any] = {"budget": project.budget}
        form = (
            bound[1]
            if bound and bound[0] == "funding"
            else project_forms.FundingForm(
                initial=initial,
                actor=request.user,
                organisations=_organisations(request.user),
                prefix="funding",
            )
        )
        offered.append({"name": "funding", "label": _("اعتبار و سهم تأمین‌کنندگان"), "form": form})
    if project.stage != Stage.CANCELLED:
        form = (
            bound[1]
            if bound and bound[0] == "beneficiary"
            else project_forms.BeneficiaryForm(prefix="beneficiary")
        )
        offered.append({"name": "beneficiary", "label": _("افزودن خانوار بهره‌مند"), "form": form})
    return offered


def _action_forms(request, project: Project, bound: tuple[str, forms.Form] | None):
    offered = []
    media = forms.Media()
    for step in WORKFLOW.available(actor=request.user, record=project):
        if bound and bound[0] == step.action:
            form = bound[1]
        else:
            form = step.form_class(initial=_initial(step), prefix=step.action)
        media += form.media
        offered.append({"name": step.action, "label": step.label, "form": form})
    for extra in _extra_forms(request, project, bound):
        media += extra["form"].media
        offered.append(extra)
    for item in offered:
        item["open"] = bool(bound and bound[0] == item["name"])
    return offered, media


def _initial(step: Step) -> dict[str, Any]:
    return {step.dated_by: clock.today()} if step.dated_by != "on" else {}


def _detail_context(request, project: Project, *, bound=None) -> dict[str, Any]:
    actions, media = _action_forms(request, project, bound)
    timeline = [
        {"change": change, "label": WORKFLOW.label_of(change.action)}
        for change in selectors.project_timeline(project=project)
    ]
    fundings = list(selectors.project_fundings(project=project))
    return {
        "project": project,
        "places": selectors.project_places(project=project),
        "fundings": fundings,
        "funded": sum(share.amount for share in fundings),
        "timeline": timeline,
        "reports": list(selectors.project_reports(project=project)[:20]),
        "series": selectors.progress_series(project=project),
        "photos": list(selectors.project_photos(project=project)[:24]),
        "beneficiaries": list(
            selectors.project_beneficiaries(project=project)[:BENEFICIARIES_SHOWN]
        ),
        "beneficiary_count": project.beneficiaries.count(),
        "actions": actions,
        "media": media,
        "can_report": area_in_scope(actor=request.user, perm=REPORT_PROGRESS, area=project.area)
        and any(action["name"] == "report" for action in actions),
        "can_edit_beneficiaries": area_in_scope(
            actor=request.user, perm=REGISTER_PROJECTS, area=project.area
        ),
        "finished": project.stage in FINISHED,
    }


@requires(VIEW_PROJECTS, record=Project)
def project_detail(request, pk: int):
    project = selectors.project_get(actor=request.user, pk=pk)
    return render(request, "projects/project_detail.html", _detail_context(request, project))


def _extra_call(request, project: Project, action: str):
    if not area_in_scope(actor=request.user, perm=REGISTER_PROJECTS, area=project.area):
        raise PermissionDenied(REGISTER_PROJECTS)
    if action == "funding":
        form: Any = project_forms.FundingForm(
            request.POST,
            actor=request.user,
            organisations=_organisations(request.user),
            prefix="funding",
        )
        label = _("اعتبار و سهم تأمین‌کنندگان")

        def call():
            return services.project_funding_set(
                actor=request.user,
                project=project,
                budget=form.cleaned_data["budget"],
                fundings=form.shares(),
            )

        return form, label, call, {"fundings": "budget"}
    form = project_forms.BeneficiaryForm(request.POST, prefix="beneficiary")
    label = _("افزودن خانوار بهره‌مند")

    def add():
        household = selectors.household_for(
            actor=request.user,
            national_code=form.cleaned_data["national_code"],
            field="national_code",
        )
        return services.beneficiary_add(actor=request.user, project=project, household=household)

    return form, label, add, {"household": "national_code"}


@requires(VIEW_PROJECTS, record=Project)
def project_action(request, pk: int, action: str):
    """Run one step of the workflow table, or one of the project's own edits."""
    project = selectors.project_get(actor=request.user, pk=pk)
    if request.method != "POST":
        raise Http404
    renames: dict[str, str] = {}
    if action in EXTRA_ACTIONS:
        form, label, call, renames = _extra_call(request, project, action)
    else:
        try:
            step = WORKFLOW.step(action)
        except KeyError as unknown:
            raise Http404 from unknown
        if not step.form:
            raise Http404
        WORKFLOW.require(actor=request.user, record=project, action=action)
        form = step.form_class(request.POST, request.FILES, prefix=action)
        label = step.label

        def call():
            return step.service_function(actor=request.user, project=project, **form.cleaned_data)

    if form.is_valid():
        result = run_service(form, call, renames=renames)
        if result is not None:
            messages.success(request, _("«%(action)s» ثبت شد.") % {"action": label})
            return redirect("projects:project_detail", pk=project.pk)
    project = selectors.project_get(actor=request.user, pk=pk)
    context = _detail_context(request, project, bound=(action, form))
    return render(request, "projects/project_detail.html", context, status=422)


@requires(REPORT_PROGRESS, record=Project)
def report_create(request, pk: int):
    """A field officer's progress report from a phone: the form alone, photos from the
    camera."""
    project = selectors.project_get(actor=request.user, pk=pk)
    WORKFLOW.require(actor=request.user, record=project, action="report")
    form = project_forms.ProgressForm(
        request.POST or None, request.FILES or None, initial={"date": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        report = run_service(
            form,
            lambda: services.progress_report_add(
                actor=request.user, project=project, **form.cleaned_data
            ),
        )
        if report is not None:
            messages.success(request, _("گزارش پیشرفت ثبت شد."))
            return redirect("projects:project_detail", pk=project.pk)
    return render(
        request,
        "projects/report_form.html",
        {"project": project, "form": form},
        status=422 if form.errors else 200,
    )


@requires(REPORT_PROGRESS, record=ProgressReport)
def photo_add(request, pk: int):
    """Add a photo to a report afterwards (a slow connection on site)."""
    report = selectors.progress_report_get(actor=request.user, pk=pk)
    if request.method != "POST":
        raise Http404
    form = project_forms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        photo = run_service(
            form,
            lambda: services.progress_photo_add(
                actor=request.user, report=report, file=form.cleaned_data["file"]
            ),
            renames={"photos": "file"},
        )
        if photo is not None:
            messages.success(request, _("عکس افزوده شد."))
            return redirect("projects:project_detail", pk=report.project_id)
    for error in [*form.errors.get("file", []), *form.non_field_errors()]:
        messages.error(request, str(error))
    return redirect("projects:project_detail", pk=report.project_id)


@requires(REGISTER_PROJECTS, record=Project)
def beneficiary_remove(request, pk: int, household: int):
    project = selectors.project_get(actor=request.user, pk=pk, perm=REGISTER_PROJECTS)
    if request.method != "POST":
        raise Http404
    row = project.beneficiaries.filter(household_id=household).select_related("household").first()
    if row is None:
        raise Http404
    try:
        services.beneficiary_remove(actor=request.user, project=project, household=row.household)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("خانوار از بهره‌مندان پروژه حذف شد."))
    return redirect("projects:project_detail", pk=project.pk)


# Lists of reports and the plan -----------------------------------------------------------------------


@requires(VIEW_PROJECTS)
def report_list(request):
    reports = selectors.report_list(actor=request.user)
    export = requested_export(
        request,
        with_photo_count(reports),
        report_columns(),
        title=_("گزارش‌های پیشرفت پروژه‌ها"),
        filename="project-reports",
    )
    if export is not None:
        return export
    page = window(reports.prefetch_related("photos"), request.GET.get("page"), PER_PAGE)
    return render_list(request, "projects/report_list.html", {"page": page})


@requires(VIEW_PROJECTS)
def plan_list(request):
    year = year_param(request.GET) or None
    can_manage = has_perm(request.user, MANAGE_PLANS)
    form = project_forms.PlanForm(request.POST or None, actor=request.user) if can_manage else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(MANAGE_PLANS)
        if form.is_valid():
            data = form.cleaned_data
            plan = run_service(
                form,
                lambda: services.plan_set(
                    actor=request.user,
                    area=data["area"],
                    year=data["year"],
                    project_type=data["project_type"],
                    count=data["count"],
                    units=data.get("units"),
                    note=data.get("note") or "",
                ),
            )
            if plan is not None:
                messages.success(request, _("برنامه ثبت شد."))
                return redirect("projects:plan_list")
        status = 422
    plans = selectors.plan_list(actor=request.user, year=year)
    export = requested_export(
        request, plans, plan_columns(), title=_("برنامه سالانه پروژه‌ها"), filename="project-plans"
    )
    if export is not None:
        return export
    return render(
        request,
        "projects/plan_list.html",
        {"plans": plans[:500], "form": form, "year": year},
        status=status,
    )
