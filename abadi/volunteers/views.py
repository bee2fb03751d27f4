"""Pages of the volunteers module: thin wrappers that parse input and call services and
selectors. The group page offers and runs the status steps of the workflow table
(``abadi.volunteers.workflow``); the deployment report form is made for a phone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from abadi.core import clock
from abadi.core.access import requires
from abadi.core.edge import (
    apply_errors,
    choice_param,
    date_param,
    int_param,
    render_list,
    run_service,
)
from abadi.core.exports import requested_export
from abadi.core.paging import window
from abadi.core.permissions import VIEW_RECORD_HISTORY, has_perm
from abadi.core.scoping import area_in_scope
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import area_from_input, areas_of_level, home_area
from abadi.volunteers import forms as volunteer_forms
from abadi.volunteers import selectors, services
from abadi.volunteers.exports import (
    deployment_columns,
    group_columns,
    member_columns,
    permit_columns,
)
from abadi.volunteers.models import (
    AdoptedVillage,
    Deployment,
    Domain,
    Group,
    GroupLeadership,
    GroupStatus,
    GroupType,
    Membership,
)
from abadi.volunteers.permissions import (
    MANAGE_GROUPS,
    MANAGE_LEADERS,
    MANAGE_MEMBERS,
    REPORT_DEPLOYMENTS,
    VIEW_VOLUNTEERS,
)
from abadi.volunteers.workflow import WORKFLOW

PER_PAGE = 25


def can(request: HttpRequest, perm: str) -> bool:
    """Whether the signed-in user holds ``perm`` (views run only for signed-in users)."""
    return has_perm(request.user, perm)  # type: ignore[arg-type]


def _group_filters(request: HttpRequest) -> dict[str, Any]:
    return {
        "domain": choice_param(request.GET, "domain", Domain),
        "county": request.GET.get("county", "")[:20],
        "group_type": choice_param(request.GET, "group_type", GroupType),
        "status": choice_param(request.GET, "status", GroupStatus),
        "query": request.GET.get("q", "")[:100],
    }


# ------------------------------------------------------------------------------ groups


@requires(VIEW_VOLUNTEERS)
def group_list(request: HttpRequest) -> HttpResponseBase:
    params = _group_filters(request)
    groups = selectors.group_list(actor=request.user, **params)
    exported = requested_export(
        request,
        groups.prefetch_related("domain_rows"),
        group_columns(),
        _("گروه‌های جهادی"),
        "volunteer-groups",
    )
    if exported is not None:
        return exported
    page = window(selectors.with_last_deployment(groups), request.GET.get("page"), PER_PAGE)
    context = {
        "page": page,
        "params": params,
        "by_domain": selectors.counts_by_domain(groups),
        "by_county": selectors.counts_by_county(groups),
        "domains": Domain.choices,
        "types": GroupType.choices,
        "statuses": GroupStatus.choices,
        "counties": areas_of_level(
            actor=request.user, perm=VIEW_VOLUNTEERS, level=AreaLevel.COUNTY
        ).only("code", "name"),
        "can_register": can(request, MANAGE_GROUPS),
        "can_report": can(request, REPORT_DEPLOYMENTS),
    }
    return render_list(request, "volunteers/group_list.html", context)


def _map_area(request: HttpRequest):
    text = request.GET.get("area", "").strip()
    if text:
        try:
            return area_from_input(
                actor=request.user,
                perm=VIEW_VOLUNTEERS,
                text=text,
                levels=(AreaLevel.COUNTRY, AreaLevel.PROVINCE),
                field="area",
            ), ""
        except ValidationError as error:
            return home_area(actor=request.user, perm=VIEW_VOLUNTEERS), " ".join(error.messages)
    return home_area(actor=request.user, perm=VIEW_VOLUNTEERS), ""


@requires(VIEW_VOLUNTEERS)
@require_GET
def group_map(request: HttpRequest) -> HttpResponse:
    """The county map of group counts, with the list's filters (default: active groups):
    the polygons of the area (a province's counties, the country's provinces) and each
    one's count travel in the page as JSON for the map script."""
    params = _group_filters(request)
    if "status" not in request.GET:
        params["status"] = GroupStatus.ACTIVE
    area, error = _map_area(request)
    collection = None
    rows: list[dict[str, Any]] = []
    if area is not None:
        groups = selectors.group_list(actor=request.user, **params)
        collection = selectors.group_map(actor=request.user, area=area, groups=groups)
        rows = sorted(
            (feature["properties"] for feature in collection["features"]),
            key=lambda row: (-row["count"], row["label"]),
        )
    context = {
        "params": params,
        "area": area,
        "error": error,
        "collection": collection,
        "rows": rows,
        "domains": Domain.choices,
        "types": GroupType.choices,
        "statuses": GroupStatus.choices,
    }
    return render(request, "volunteers/group_map.html", context)


def _leader_lookup(actor, code: str, perm: str):
    return selectors.member_person(actor=actor, national_code=code, perm=perm)


def _register(actor, data: dict[str, Any]) -> Group:
    leader = (
        _leader_lookup(actor, data["leader_code"], MANAGE_GROUPS)
        if data.get("leader_code")
        else None
    )
    return services.group_register(
        actor=actor,
        atlas_id=data["atlas_id"],
        name=data["name"],
        group_type=data["group_type"],
        main_domain=data["main_domain"],
        domains=data.get("domains") or [],
        home=data["home"],
        leader=leader,
        permit_number=data.get("permit_number") or "",
        permit_issued_on=data.get("permit_issued_on"),
        permit_expires_on=data.get("permit_expires_on"),
        note=data.get("note") or "",
        on=data.get("on"),
    )


def _register_offer(request: HttpRequest, error: ValidationError) -> str | None:
    """The link to register a missing person, for whoever may."""
    if isinstance(error, selectors.MemberNotRegistered) and error.can_register:
        return reverse("people:person_create")
    return None


@requires(MANAGE_GROUPS)
def group_create(request: HttpRequest) -> HttpResponse:
    form = volunteer_forms.GroupForm(request.POST or None, actor=request.user)
    register_url = None
    if request.method == "POST" and form.is_valid():
        try:
            group = _register(request.user, form.cleaned_data)
        except ValidationError as error:
            register_url = _register_offer(request, error)
            apply_errors(form, error, renames={"national_code": "leader_code"})
        else:
            messages.success(request, _("گروه «%(name)s» ثبت شد.") % {"name": group.name})
            return redirect("volunteers:group_detail", pk=group.pk)
    return render(
        request,
        "volunteers/group_form.html",
        {"form": form, "register_url": register_url, "title": _("ثبت گروه جهادی")},
        status=422 if form.errors else 200,
    )


@requires(MANAGE_GROUPS, record=Group)
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.group_get(actor=request.user, pk=pk)
    if not area_in_scope(actor=request.user, perm=MANAGE_GROUPS, area=group.area):
        raise PermissionDenied(MANAGE_GROUPS)
    domains = selectors.group_domains(group)
    initial = {
        "name": group.name,
        "group_type": group.group_type,
        "main_domain": group.main_domain,
        "domains": [d for d in domains if d != group.main_domain],
        "home": group.home.code,
        "note": group.note,
    }
    form = volunteer_forms.GroupEditForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        other_domains = data.pop("domains")
        data["note"] = data.get("note") or ""
        done = run_service(
            form,
            lambda: services.group_update(
                actor=request.user, group=group, domains=other_domains, **data
            ),
        )
        if done is not None:
            messages.success(request, _("تغییرات ذخیره شد."))
            return redirect("volunteers:group_detail", pk=group.pk)
    return render(
        request,
        "volunteers/group_form.html",
        {"form": form, "group": group, "title": _("ویرایش گروه")},
        status=422 if form.errors else 200,
    )


def _step_forms(request, group: Group, bound: tuple[str, forms.Form] | None):
    offered = []
    media = forms.Media()
    for step in WORKFLOW.available(actor=request.user, record=group):
        if bound and bound[0] == step.action:
            form = bound[1]
        else:
            form = step.form_class(prefix=step.action)
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


def _side_forms(request, group: Group, bound: tuple[str, forms.Form] | None) -> dict[str, Any]:
    """The forms of the group page other than its status steps, for whoever may use them."""
    actor = request.user

    def form(name: str, make):
        return bound[1] if bound and bound[0] == name else make()

    result: dict[str, Any] = {}
    if selectors.may_act_on(actor, MANAGE_MEMBERS, group) and group.status != GroupStatus.DISSOLVED:
        result["member_form"] = form("member", lambda: volunteer_forms.MemberForm(prefix="member"))
    if area_in_scope(actor=actor, perm=MANAGE_GROUPS, area=group.area):
        result["village_form"] = form(
            "village", lambda: volunteer_forms.VillageForm(prefix="village", actor=actor)
        )
        result["leader_form"] = form("leader", lambda: volunteer_forms.LeaderForm(prefix="leader"))
        result["can_edit"] = True
    if area_in_scope(actor=actor, perm=MANAGE_LEADERS, area=group.area):
        result["leadership_form"] = form(
            "leadership", lambda: volunteer_forms.LeadershipForm(prefix="leadership")
        )
    result["can_report"] = selectors.may_act_on(actor, REPORT_DEPLOYMENTS, group)
    return result


def _detail_context(
    request, group: Group, *, bound: tuple[str, forms.Form] | None = None, **extra: Any
) -> dict[str, Any]:
    actions, media = _step_forms(request, group, bound)
    deployments = selectors.deployment_list(actor=request.user, group=group)
    timeline = [
        {"change": change, "label": WORKFLOW.label_of(change.action)}
        for change in selectors.group_timeline(group)
    ]
    context = {
        "group": group,
        "domains": [Domain(d).label for d in selectors.group_domains(group)],
        "members": selectors.group_members(group),
        "villages": selectors.group_villages(group),
        "permits": selectors.group_permits(group),
        "leaderships": selectors.group_leaderships(group),
        "timeline": timeline,
        "deployments": deployments[:10],
        "totals": selectors.deployment_totals(deployments),
        "actions": actions,
        "media": media,
        "today": clock.today(),
        "show_history": can(request, VIEW_RECORD_HISTORY),
        **_side_forms(request, group, bound),
        **extra,
    }
    return context


@requires(VIEW_VOLUNTEERS, record=Group)
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.group_get(actor=request.user, pk=pk)
    return render(request, "volunteers/group_detail.html", _detail_context(request, group))


def _rerender(request, pk: int, bound: tuple[str, forms.Form], **extra: Any) -> HttpResponse:
    group = selectors.group_get(actor=request.user, pk=pk)
    context = _detail_context(request, group, bound=bound, **extra)
    return render(request, "volunteers/group_detail.html", context, status=422)


@requires(VIEW_VOLUNTEERS, record=Group)
@require_POST
def group_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Run one status step of the workflow table from the group page."""
    group = selectors.group_get(actor=request.user, pk=pk)
    try:
        step = WORKFLOW.step(action)
    except KeyError as unknown:
        raise Http404 from unknown
    if not step.form:
        raise Http404
    WORKFLOW.require(actor=request.user, record=group, action=action)
    form = step.form_class(request.POST, prefix=action)
    if form.is_valid():
        done = run_service(
            form,
            lambda: step.service_function(actor=request.user, group=group, **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, _("«%(action)s» ثبت شد.") % {"action": step.label})
            return redirect("volunteers:group_detail", pk=group.pk)
    return _rerender(request, pk, (action, form))


@requires(MANAGE_MEMBERS, record=Group)
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.group_get(actor=request.user, pk=pk)
    if not selectors.may_act_on(request.user, MANAGE_MEMBERS, group):
        raise PermissionDenied(MANAGE_MEMBERS)
    form = volunteer_forms.MemberForm(request.POST, prefix="member")
    register_url = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = selectors.member_person(
                actor=request.user, national_code=data["national_code"], perm=MANAGE_MEMBERS
            )
            services.member_add(
                actor=request.user,
                group=group,
                person=person,
                role=data["role"],
                skills=data["skills"],
                joined_on=data["joined_on"],
            )
        except ValidationError as error:
            register_url = _register_offer(request, error)
            apply_errors(form, error)
        else:
            messages.success(request, _("«%(name)s» به گروه افزوده شد.") % {"name": person})
            return redirect("volunteers:group_detail", pk=group.pk)
    return _rerender(request, pk, ("member", form), register_url=register_url)


@requires(MANAGE_MEMBERS, record=Membership)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(actor=request.user, pk=pk, perm=MANAGE_MEMBERS)
    form = volunteer_forms.MemberEditForm(
        request.POST or None, initial={"role": membership.role, "skills": membership.skills}
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.member_update(
                actor=request.user, membership=membership, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("تغییرات ذخیره شد."))
            return redirect("volunteers:group_detail", pk=membership.group_id)
    leave = volunteer_forms.LeaveForm(prefix="leave")
    return render(
        request,
        "volunteers/member_form.html",
        {"form": form, "leave_form": leave, "membership": membership},
        status=422 if form.errors else 200,
    )


@requires(MANAGE_MEMBERS, record=Membership)
@require_POST
def member_leave(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(actor=request.user, pk=pk, perm=MANAGE_MEMBERS)
    leave = volunteer_forms.LeaveForm(request.POST, prefix="leave")
    if leave.is_valid():
        done = run_service(
            leave,
            lambda: services.member_leave(
                actor=request.user, membership=membership, on=leave.cleaned_data["on"]
            ),
        )
        if done is not None:
            messages.success(
                request, _("خروج «%(name)s» از گروه ثبت شد.") % {"name": membership.person}
            )
            return redirect("volunteers:group_detail", pk=membership.group_id)
    form = volunteer_forms.MemberEditForm(
        initial={"role": membership.role, "skills": membership.skills}
    )
    return render(
        request,
        "volunteers/member_form.html",
        {"form": form, "leave_form": leave, "membership": membership},
        status=422,
    )


@requires(MANAGE_GROUPS, record=Group)
@require_POST
def leader_set(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.group_get(actor=request.user, pk=pk)
    form = volunteer_forms.LeaderForm(request.POST, prefix="leader")
    register_url = None
    if form.is_valid():
        try:
            person = selectors.member_person(
                actor=request.user,
                national_code=form.cleaned_data["national_code"],
                perm=MANAGE_GROUPS,
            )
            services.group_set_leader(actor=request.user, group=group, person=person)
        except ValidationError as error:
            register_url = _register_offer(request, error)
            apply_errors(form, error)
        else:
            messages.success(request, _("سرگروه ثبت شد."))
            return redirect("volunteers:group_detail", pk=group.pk)
    return _rerender(request, pk, ("leader", form), register_url=register_url)


@requires(MANAGE_GROUPS, record=Group)
@require_POST
def village_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.group_get(actor=request.user, pk=pk)
    form = volunteer_forms.VillageForm(request.POST, prefix="village", actor=request.user)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.village_adopt(
                actor=request.user,
                group=group,
                village=form.cleaned_data["village"],
                on=form.cleaned_data["on"],
            ),
        )
        if done is not None:
            messages.success(request, _("روستا افزوده شد."))
            return redirect("volunteers:group_detail", pk=group.pk)
    return _rerender(request, pk, ("village", form))


@requires(MANAGE_GROUPS, record=AdoptedVillage)
@require_POST
def village_drop(request: HttpRequest, pk: int) -> HttpResponse:
    adopted = selectors.adopted_village_get(actor=request.user, pk=pk, perm=MANAGE_GROUPS)
    services.village_drop(actor=request.user, adopted=adopted)
    messages.success(request, _("روستا از پوشش گروه برداشته شد."))
    return redirect("volunteers:group_detail", pk=adopted.group_id)


@requires(MANAGE_LEADERS, record=Group)
@require_POST
def leadership_add(request: HttpRequest, pk: int) -> HttpResponse:
    from abadi.accounts.selectors import active_user

    group = selectors.group_get(actor=request.user, pk=pk)
    form = volunteer_forms.LeadershipForm(request.POST, prefix="leadership")
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.leadership_grant(
                actor=request.user,
                group=group,
                user=active_user(username=form.cleaned_data["username"].strip()),
            ),
        )
        if done is not None:
            messages.success(request, _("حساب سرگروه به گروه پیوند خورد."))
            return redirect("volunteers:group_detail", pk=group.pk)
    return _rerender(request, pk, ("leadership", form))


@requires(MANAGE_LEADERS, record=GroupLeadership)
@require_POST
def leadership_end(request: HttpRequest, pk: int) -> HttpResponse:
    leadership = selectors.leadership_get(actor=request.user, pk=pk, perm=MANAGE_LEADERS)
    services.leadership_end(actor=request.user, leadership=leadership)
    messages.success(request, _("پیوند حساب سرگروه پایان یافت."))
    return redirect("volunteers:group_detail", pk=leadership.group_id)


# ------------------------------------------------------------------------------ lists


@requires(VIEW_VOLUNTEERS)
def permit_list(request: HttpRequest) -> HttpResponseBase:
    days = int_param(request.GET, "days", minimum=0, maximum=3650)
    days = selectors.expiry_window_days() if days is None else days
    as_of, error = date_param(request.GET, "as_of")
    groups = selectors.permits_expiring(actor=request.user, days=days, as_of=as_of)
    exported = requested_export(
        request, groups, permit_columns(), _("مجوزهای رو به پایان"), "permits"
    )
    if exported is not None:
        return exported
    context = {
        "page": window(groups, request.GET.get("page"), PER_PAGE),
        "days": days,
        "as_of": as_of,
        "error": error,
    }
    return render_list(request, "volunteers/permit_list.html", context)


@requires(VIEW_VOLUNTEERS)
def member_list(request: HttpRequest) -> HttpResponseBase:
    members = selectors.member_list(actor=request.user)
    exported = requested_export(
        request, members, member_columns(), _("اعضای گروه‌ها"), "volunteer-members"
    )
    if exported is not None:
        return exported
    context = {"page": window(members, request.GET.get("page"), PER_PAGE)}
    return render_list(request, "volunteers/member_list.html", context)


def _deployment_filters(request: HttpRequest) -> tuple[dict[str, Any], dict[str, str]]:
    start, start_error = date_param(request.GET, "start")
    end, end_error = date_param(request.GET, "end")
    params = {
        "domain": choice_param(request.GET, "domain", Domain),
        "county": request.GET.get("county", "")[:20],
        "start": start if request.GET.get("start") and not start_error else None,
        "end": end if request.GET.get("end") and not end_error else None,
    }
    return params, {"start": start_error, "end": end_error}


@requires(VIEW_VOLUNTEERS)
def deployment_list(request: HttpRequest) -> HttpResponseBase:
    params, errors = _deployment_filters(request)
    group_pk = int_param(request.GET, "group", minimum=1, maximum=10**12)
    group = selectors.group_get(actor=request.user, pk=group_pk) if group_pk else None
    deployments = selectors.deployment_list(actor=request.user, group=group, **params)
    exported = requested_export(
        request, deployments, deployment_columns(), _("اردوها و خدمات"), "deployments"
    )
    if exported is not None:
        return exported
    context = {
        "page": window(deployments, request.GET.get("page"), PER_PAGE),
        "params": params,
        "errors": errors,
        "group": group,
        "domains": Domain.choices,
        "counties": areas_of_level(
            actor=request.user, perm=VIEW_VOLUNTEERS, level=AreaLevel.COUNTY
        ).only("code", "name"),
        "can_report": can(request, REPORT_DEPLOYMENTS),
    }
    return render_list(request, "volunteers/deployment_list.html", context)


# ------------------------------------------------------------------------------ deployments


@requires(REPORT_DEPLOYMENTS)
def deployment_create(request: HttpRequest) -> HttpResponse:
    groups = selectors.groups_for_report(actor=request.user, perm=REPORT_DEPLOYMENTS)
    initial: dict[str, Any] = {"started_on": clock.today(), "ended_on": clock.today()}
    chosen = int_param(request.GET, "group", minimum=1, maximum=10**12)
    if chosen is not None and groups.filter(pk=chosen).exists():
        # Reported from the group's page: that group is the only choice.
        groups = groups.filter(pk=chosen)
        initial["group"] = chosen
    elif len(own := list(groups[:2])) == 1:
        initial["group"] = own[0].pk
    form = volunteer_forms.DeploymentForm(
        request.POST or None,
        request.FILES or None,
        actor=request.user,
        groups=groups,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        deployment = run_service(
            form,
            lambda: services.deployment_report(
                actor=request.user,
                group=data["group"],
                place=data["place"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
                domain=data["domain"],
                work_done=data["work_done"],
                people_served=data["people_served"],
                volunteers=data["volunteers"],
                volunteer_days=data["volunteer_days"],
                photos=data["photos"],
            ),
        )
        if deployment is not None:
            messages.success(request, _("گزارش اردو ثبت شد."))
            return redirect("volunteers:deployment_detail", pk=deployment.pk)
    return render(
        request,
        "volunteers/deployment_form.html",
        {"form": form, "title": _("گزارش اردو / خدمت")},
        status=422 if form.errors else 200,
    )


@requires(VIEW_VOLUNTEERS, record=Deployment)
def deployment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = selectors.deployment_get(actor=request.user, pk=pk)
    can_report = selectors.may_act_on(request.user, REPORT_DEPLOYMENTS, deployment.group)
    form = volunteer_forms.PhotoForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied(REPORT_DEPLOYMENTS)
        if form.is_valid():
            photo = run_service(
                form,
                lambda: services.deployment_photo_add(
                    actor=request.user, deployment=deployment, file=form.cleaned_data["file"]
                ),
                renames={"photos": "file"},
            )
            if photo is not None:
                messages.success(request, _("عکس افزوده شد."))
                return redirect("volunteers:deployment_detail", pk=deployment.pk)
        status = 422
    context = {
        "deployment": deployment,
        "photos": deployment.photos.all(),
        "photo_form": form,
        "can_report": can_report,
        "show_history": can(request, VIEW_RECORD_HISTORY),
    }
    return render(request, "volunteers/deployment_detail.html", context, status=status)


@requires(REPORT_DEPLOYMENTS, record=Deployment)
def deployment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = selectors.deployment_get(actor=request.user, pk=pk)
    if not selectors.may_act_on(request.user, REPORT_DEPLOYMENTS, deployment.group):
        raise PermissionDenied(REPORT_DEPLOYMENTS)
    initial = {
        "place": deployment.place.code,
        "started_on": deployment.started_on,
        "ended_on": deployment.ended_on,
        "domain": deployment.domain,
        "work_done": deployment.work_done,
        "people_served": deployment.people_served,
        "volunteers": deployment.volunteers,
        "volunteer_days": deployment.volunteer_days,
    }
    form = volunteer_forms.DeploymentEditForm(
        request.POST or None, actor=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.deployment_update(
                actor=request.user, deployment=deployment, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("تغییرات ذخیره شد."))
            return redirect("volunteers:deployment_detail", pk=deployment.pk)
    return render(
        request,
        "volunteers/deployment_form.html",
        {"form": form, "deployment": deployment, "title": _("ویرایش گزارش اردو")},
        status=422 if form.errors else 200,
    )
