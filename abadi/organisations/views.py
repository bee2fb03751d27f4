from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from abadi.core.access import requires
from abadi.core.edge import run_service
from abadi.core.permissions import MANAGE_ORGANISATIONS, VIEW_ORGANISATIONS, has_perm
from abadi.organisations import selectors, services
from abadi.organisations.forms import BranchForm, OrganisationForm
from abadi.organisations.models import Organisation, OrganisationKind


@requires(VIEW_ORGANISATIONS)
def organisation_list(request):
    query, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    organisations = selectors.organisation_list(actor=request.user, query=query, kind=kind)
    context = {
        "page": Paginator(organisations, 50).get_page(request.GET.get("page")),
        "query": query,
        "kind": kind,
        "kinds": OrganisationKind.choices,
        "can_manage": has_perm(request.user, MANAGE_ORGANISATIONS),
    }
    template = (
        "organisations/_rows.html"
        if request.headers.get("HX-Request")
        else "organisations/list.html"
    )
    return render(request, template, context)


@requires(MANAGE_ORGANISATIONS)
def organisation_create(request):
    form = OrganisationForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        organisation = run_service(
            form, lambda: services.organisation_create(actor=request.user, **form.cleaned_data)
        )
        if organisation:
            messages.success(request, _("دستگاه ثبت شد."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/form.html", {"form": form})


@requires(MANAGE_ORGANISATIONS, record=Organisation)
def organisation_edit(request, pk: int):
    organisation = selectors.organisation_get(actor=request.user, pk=pk)
    initial = {
        "name": organisation.name,
        "kind": organisation.kind,
        "area": organisation.area,
        "phone": organisation.phone,
    }
    form = OrganisationForm(request.POST or None, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.organisation_update(
                actor=request.user, organisation=organisation, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, _("تغییرات ذخیره شد."))
            return redirect("organisations:detail", pk=pk)
    return render(request, "organisations/form.html", {"form": form, "organisation": organisation})


@requires(VIEW_ORGANISATIONS, record=Organisation)
def organisation_detail(request, pk: int):
    organisation = selectors.organisation_get(actor=request.user, pk=pk)
    can_manage = has_perm(request.user, MANAGE_ORGANISATIONS)
    branch_form = BranchForm(request.POST or None, actor=request.user)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if branch_form.is_valid():
            branch = run_service(
                branch_form,
                lambda: services.branch_create(
                    actor=request.user, organisation=organisation, **branch_form.cleaned_data
                ),
            )
            if branch:
                messages.success(request, _("شعبه افزوده شد."))
                return redirect("organisations:detail", pk=pk)
    context = {
        "organisation": organisation,
        "branches": organisation.branches.select_related("area"),
        "credits": organisation.credits.order_by("-year"),
        "branch_form": branch_form,
        "can_manage": can_manage,
    }
    return render(request, "organisations/detail.html", context)
