"""Pages of the loans module: thin wrappers that parse input and call services/selectors.
The record page offers and runs the steps of the workflow table (``abadi.loans.workflow``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.access import requires
from abadi.core.edge import date_param, int_param, render_list, run_service
from abadi.core.exports import requested_export
from abadi.core.permissions import has_perm
from abadi.core.scoping import area_in_scope
from abadi.core.workflow import Step
from abadi.geography.forms import AreaInput
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import area_from_input, areas_of_level, home_area
from abadi.loans import forms as loan_forms
from abadi.loans import selectors, services
from abadi.loans.exports import application_columns
from abadi.loans.models import (
    INTRODUCED_STATUSES,
    OPEN_STATUSES,
    Application,
    CreditLine,
    Sector,
    Status,
)
from abadi.loans.permissions import MANAGE_CREDIT_LINES, REGISTER_LOANS, VIEW_LOANS
from abadi.loans.workflow import WORKFLOW
from abadi.organisations.selectors import agent_banks, branches_of

# Applications -------------------------------------------------------------------------


@requires(VIEW_LOANS)
def application_list(request):
    params = {
        "status": request.GET.get("status", "")
        if request.GET.get("status") in Status.values
        else "",
        "credit_line": int_param(request.GET, "credit_line", minimum=1, maximum=10**12),
        "bank": int_param(request.GET, "bank", minimum=1, maximum=10**12),
        "sector": request.GET.get("sector", "")
        if request.GET.get("sector") in Sector.values
        else "",
        "county": request.GET.get("county", "")[:20],
        "query": request.GET.get("q", "")[:100],
    }
    area_text = request.GET.get("area", "")[:200].strip()
    within, area_error = None, ""
    if area_text:
        try:
            within = area_from_input(actor=request.user, perm=VIEW_LOANS, text=area_text)
        except ValidationError as error:
            area_error = " ".join(error.messages)
    applications = selectors.application_list(actor=request.user, within=within, **params).order_by(
        "-registered_on", "-id"
    )
    export = requested_export(
        request,
        applications,
        application_columns(),
        title=_("طرح‌های اشتغال"),
        filename="loan-applications",
    )
    if export is not None:
        return export
    counts = selectors.summary_counts(selectors.application_list(actor=request.user))
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "params": params,
        "counts": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
        "statuses": Status.choices,
        "sectors": Sector.choices,
        "lines": selectors.credit_line_list(actor=request.user),
        "banks": agent_banks(actor=request.user, perm=VIEW_LOANS),
        "area_box": AreaInput(levels=None, perm=VIEW_LOANS).render(
            "area", area_text, attrs={"id": "f-area", "class": "form-control"}
        ),
        "area_error": area_error,
        "can_register": has_perm(request.user, REGISTER_LOANS),
    }
    return render_list(request, "loans/application_list.html", context)


def _plan_costs(data: dict[str, Any]) -> list[services.CostItem]:
    return [
        services.CostItem(kind, title, data[field])
        for kind, title, field in (
            ("fixed", _("سرمایه ثابت"), "fixed_cost"),
            ("working", _("سرمایه در گردش"), "working_cost"),
        )
        if data.get(field)
    ]


def _plan_guarantors(data: dict[str, Any]) -> list[services.GuarantorItem]:
    if not data.get("guarantor_name"):
        return []
    return [
        services.GuarantorItem(
            data["guarantor_name"], data["guarantor_code"], data["guarantor_relation"]
        )
    ]


def _register(actor, data: dict[str, Any]) -> Application:
    person = selectors.applicant_by_national_code(actor=actor, national_code=data["national_code"])
    return services.application_register(
        actor=actor,
        applicant=person,
        credit_line=data["credit_line"],
        bank=data["bank"],
        branch=data["branch"],
        place=person.area,
        title=data["title"],
        sector=data["sector"],
        activity=data["activity"],
        requested_amount=data["requested_amount"],
        own_contribution=data.get("own_contribution") or 0,
        planned_jobs=data["planned_jobs"],
        cost_lines=_plan_costs(data),
        guarantors=_plan_guarantors(data),
        on=data.get("registered_on"),
    )


@requires(REGISTER_LOANS)
def application_create(request):
    lines = selectors.credit_line_list(actor=request.user).filter(active=True)
    form = loan_forms.ApplicationForm(request.POST or None, lines=lines, actor=request.user)
    if request.method == "POST" and form.is_valid():
        application = run_service(
            form,
            lambda: _register(request.user, form.cleaned_data),
            renames={"on": "registered_on", "bank_id": "bank", "branch_id": "branch"},
        )
        if application is not None:
            messages.success(
                request,
                format_html(
                    _("طرح {number} ثبت شد."),
                    number=format_html('<bdi dir="ltr">{}</bdi>', application.number),
                ),
            )
            return redirect("loans:application_detail", pk=application.pk)
    return render(
        request, "loans/application_form.html", {"form": form}, status=422 if form.errors else 200
    )


@requires(REGISTER_LOANS)
def branch_options(request):
    """The branch choices of the bank chosen on the plan form (an htmx fragment)."""
    bank = int_param(request.GET, "bank", minimum=1, maximum=10**12)
    banks = agent_banks(actor=request.user, perm=REGISTER_LOANS)
    branches = branches_of(banks.filter(pk=bank)) if bank else branches_of(banks.none())
    return render(
        request,
        "core/_options.html",
        {"options": [(branch.pk, branch.name) for branch in branches], "empty": _("— بدون شعبه —")},
    )


def _initial(step: Step, application: Application) -> dict[str, Any]:
    """What a step's form starts with: today for its own date; the rest is typed."""
    initial: dict[str, Any] = {}
    if step.dated_by != "on":
        initial[step.dated_by] = clock.today()
    if step.action == "disburse":
        initial["amount"] = selectors.remaining_to_disburse(application)
    return initial


def _action_forms(request, application: Application, bound: tuple[str, forms.Form] | None):
    offered = []
    media = forms.Media()
    for step in WORKFLOW.available(actor=request.user, record=application):
        if bound and bound[0] == step.action:
            form = bound[1]
        else:
            form = step.form_class(initial=_initial(step, application), prefix=step.action)
        media += form.media
        offered.append(
            {
                "name": step.action,
                "label": step.label,
                "form": form,
                "open": bool(bound and bound[0] == step.action),
            }
        )
    if area_in_scope(actor=request.user, perm=REGISTER_LOANS, area=application.area):
        form = (
            bound[1]
            if bound and bound[0] == "document"
            else loan_forms.DocumentForm(prefix="document")
        )
        offered.append(
            {
                "name": "document",
                "label": _("بارگذاری مدرک"),
                "form": form,
                "open": bool(bound and bound[0] == "document"),
            }
        )
    return offered, media


def _detail_context(
    request, application: Application, *, bound: tuple[str, forms.Form] | None = None
) -> dict:
    today = clock.today()
    actions, media = _action_forms(request, application, bound)
    instalments = list(application.instalments.order_by("number"))
    disbursements = list(application.disbursements.order_by("date", "id"))
    visits = list(
        application.visits.select_related("inspector")
        .prefetch_related("photos")
        .order_by("-date", "-id")
    )
    timeline = [
        {"change": change, "label": WORKFLOW.label_of(change.action)}
        for change in selectors.application_timeline(application=application)
    ]
    return {
        "application": application,
        "timeline": timeline,
        "cost_lines": application.cost_lines.all(),
        "guarantors": application.guarantors.all(),
        "documents": application.documents.all(),
        "disbursements": disbursements,
        "disbursed": sum(d.amount for d in disbursements),
        "instalments": instalments,
        "repayments": application.repayments.order_by("date", "id"),
        "arrears": selectors.loan_arrears(application=application, as_of=today)
        if instalments
        else None,
        "visits": visits,
        "verified_jobs": visits[0].verified_jobs if visits else 0,
        "warnings": (
            selectors.application_checks(
                applicant=application.applicant,
                household=application.household,
                exclude_pk=application.pk,
            )
            if application.status in OPEN_STATUSES
            else []
        ),
        "actions": actions,
        "withheld": WORKFLOW.withheld(actor=request.user, record=application),
        "media": media,
        "letter": application.status in INTRODUCED_STATUSES and bool(application.letter_no),
        "today": today,
    }


@requires(VIEW_LOANS, record=Application)
def application_detail(request, pk: int):
    application = selectors.application_get(actor=request.user, pk=pk)
    return render(request, "loans/application_detail.html", _detail_context(request, application))


def _success(label: Any, result: Any) -> str:
    message = _("«%(action)s» ثبت شد.") % {"action": label}
    warnings = getattr(result, "warnings", None)
    return f"{message} {' '.join(warnings)}" if warnings else message


@requires(VIEW_LOANS, record=Application)
def application_action(request, pk: int, action: str):
    """Run one step of the workflow table (or attach a document) from the record page."""
    application = selectors.application_get(actor=request.user, pk=pk)
    if request.method != "POST":
        raise Http404
    if action == "document":
        if not area_in_scope(actor=request.user, perm=REGISTER_LOANS, area=application.area):
            raise PermissionDenied(REGISTER_LOANS)
        form: forms.Form = loan_forms.DocumentForm(request.POST, request.FILES, prefix=action)
        label: Any = _("بارگذاری مدرک")
        call = lambda: services.document_add(  # noqa: E731
            actor=request.user, application=application, **form.cleaned_data
        )
    else:
        try:
            step = WORKFLOW.step(action)
        except KeyError as unknown:
            raise Http404 from unknown
        if not step.form:
            raise Http404
        WORKFLOW.require(actor=request.user, record=application, action=action)
        form = step.form_class(request.POST, request.FILES, prefix=action)
        label = step.label
        call = lambda: step.service_function(  # noqa: E731
            actor=request.user, application=application, **form.cleaned_data
        )
    if form.is_valid():
        result = run_service(form, call)
        if result is not None:
            messages.success(request, _success(label, result))
            return redirect("loans:application_detail", pk=application.pk)
    application = selectors.application_get(actor=request.user, pk=pk)
    context = _detail_context(request, application, bound=(action, form))
    return render(request, "loans/application_detail.html", context, status=422)


@requires(VIEW_LOANS, record=Application)
def introduction_letter(request, pk: int):
    from abadi.loans.letters import introduction_letter_pdf

    application = selectors.application_get(actor=request.user, pk=pk)
    if application.status not in INTRODUCED_STATUSES or not application.letter_no:
        raise Http404
    response = HttpResponse(introduction_letter_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="introduction-{application.number}.pdf"'
    return response


# Credit lines -------------------------------------------------------------------------


@requires(VIEW_LOANS)
def credit_line_list(request):
    lines = selectors.credit_line_list(actor=request.user)
    # Of a line held above them, a county sees its terms and total, not the province's use
    # (docs/adr/0010-credit-line-visibility.md).
    rows = [
        (
            line,
            selectors.UsageRow(str(line.pk), line.title, line.total, line.committed, 0, 0)
            if area_in_scope(actor=request.user, perm=VIEW_LOANS, area=line.area)
            else None,
        )
        for line in lines
    ]
    return render(
        request,
        "loans/credit_line_list.html",
        {"rows": rows, "can_manage": has_perm(request.user, MANAGE_CREDIT_LINES)},
    )


@requires(MANAGE_CREDIT_LINES)
def credit_line_create(request):
    form = loan_forms.CreditLineForm(request.POST or None, actor=request.user)
    area = home_area(actor=request.user, perm=MANAGE_CREDIT_LINES)
    if request.method == "POST" and form.is_valid():
        line = run_service(
            form,
            lambda: services.credit_line_create(actor=request.user, area=area, **form.cleaned_data),
        )
        if line is not None:
            messages.success(request, _("خط اعتباری ثبت شد."))
            return redirect("loans:credit_line_detail", pk=line.pk)
    return render(request, "loans/credit_line_form.html", {"form": form, "area": area})


@requires(VIEW_LOANS, record=CreditLine)
def credit_line_detail(request, pk: int):
    line = selectors.credit_line_get(actor=request.user, pk=pk)
    can_manage = area_in_scope(actor=request.user, perm=MANAGE_CREDIT_LINES, area=line.area)
    counties = areas_of_level(
        actor=request.user, perm=VIEW_LOANS, level=AreaLevel.COUNTY, under=line.area
    )
    banks = list(line.banks.order_by("name"))
    form = loan_forms.QuotaForm(request.POST or None, counties=counties, banks=banks)
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(MANAGE_CREDIT_LINES)
        if form.is_valid():
            kind, _sep, target = form.cleaned_data["target"].partition(":")
            quota = run_service(
                form,
                lambda: services.quota_set(
                    actor=request.user,
                    credit_line=line,
                    amount=form.cleaned_data["amount"],
                    county=counties.filter(pk=target).first() if kind == "county" else None,
                    bank=next((b for b in banks if str(b.pk) == target), None)
                    if kind == "bank"
                    else None,
                ),
            )
            if quota is not None:
                messages.success(request, _("سهمیه ثبت شد."))
                return redirect("loans:credit_line_detail", pk=line.pk)
        status = 422
    context = {
        "line": line,
        "usage": selectors.credit_line_usage(actor=request.user, credit_line=line),
        "banks": banks,
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "loans/credit_line_detail.html", context, status=status)


# Monitoring and portfolio ---------------------------------------------------------------


@requires(VIEW_LOANS)
def visit_list(request):
    visits = selectors.visit_list(actor=request.user).order_by("-date", "-id")
    page = Paginator(visits, 50).get_page(request.GET.get("page"))
    return render(request, "loans/visit_list.html", {"page": page})


@requires(VIEW_LOANS)
def visits_due(request):
    days = (
        int_param(request.GET, "days", minimum=1, maximum=3650) or selectors.visit_interval_days()
    )
    as_of, error = date_param(request.GET, "as_of")
    loans = selectors.loans_due_visit(actor=request.user, days=days, as_of=as_of)
    page = Paginator(loans, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "loans/visits_due.html",
        {"page": page, "days": days, "as_of": as_of, "error": error},
    )


@requires(VIEW_LOANS)
def portfolio_at_risk(request):
    as_of, error = date_param(request.GET, "as_of")
    by = request.GET.get("by", "county")
    if by not in selectors.ParGroup.values:
        by = selectors.ParGroup.COUNTY
    rows = selectors.par(actor=request.user, as_of=as_of, by=by)
    [total] = selectors.par(actor=request.user, as_of=as_of)
    return render(
        request,
        "loans/par.html",
        {
            "rows": rows,
            "total": total,
            "as_of": as_of,
            "by": by,
            "groups": selectors.ParGroup.choices,
            "error": error,
        },
    )
