"""Pages of the loans module: thin wrappers that parse input and call services/selectors."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core import clock
from abadi.core.access import requires
from abadi.core.jalali import parse_jalali
from abadi.core.permissions import has_perm
from abadi.core.scoping import area_in_scope, scope
from abadi.geography.models import Area, AreaLevel
from abadi.loans import forms as loan_forms
from abadi.loans import selectors, services
from abadi.loans.models import (
    INTRODUCED_STATUSES,
    OPEN_STATUSES,
    Application,
    QuotaKind,
    Sector,
    Status,
)
from abadi.loans.permissions import MANAGE_CREDIT_LINES, REGISTER_LOANS, VIEW_LOANS
from abadi.organisations.models import Organisation, OrganisationKind
from abadi.people.models import Person


def _form_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# Applications -------------------------------------------------------------------------


@requires(VIEW_LOANS)
def application_list(request):
    params = {
        "status": request.GET.get("status", ""),
        "credit_line": request.GET.get("credit_line") or None,
        "bank": request.GET.get("bank") or None,
        "sector": request.GET.get("sector", ""),
        "county": request.GET.get("county", ""),
        "query": request.GET.get("q", ""),
    }
    for key in ("credit_line", "bank"):
        if params[key] is not None and not str(params[key]).isdigit():
            params[key] = None
    applications = selectors.application_list(actor=request.user, **params).order_by(
        "-registered_on", "-id"
    )
    fmt = request.GET.get("format", "")
    if fmt:
        from abadi.core.exports import export_response
        from abadi.loans.exports import application_columns

        return export_response(
            rows=applications,
            columns=application_columns(),
            title=_("طرح‌های اشتغال"),
            fmt=fmt,
            filename="loan-applications",
        )
    counts = selectors.summary_counts(selectors.application_list(actor=request.user))
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "params": params,
        "counts": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
        "statuses": Status.choices,
        "sectors": Sector.choices,
        "lines": selectors.credit_line_list(actor=request.user),
        "banks": Organisation.objects.filter(kind=OrganisationKind.AGENT_BANK).order_by("name"),
        "counties": scope(
            Area.objects.filter(level=AreaLevel.COUNTY),
            actor=request.user,
            perm=VIEW_LOANS,
            area_field="",
        )
        .filter(code__in=selectors.application_list(actor=request.user).values("area__code"))
        .order_by("code"),
        "can_register": has_perm(request.user, REGISTER_LOANS),
    }
    return render(request, "loans/application_list.html", context)


@requires(REGISTER_LOANS)
def application_create(request):
    lines = selectors.credit_line_list(actor=request.user).filter(active=True)
    form = loan_forms.ApplicationForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = (
            Person.objects.filter(national_code=data["national_code"])
            .select_related("area", "household")
            .first()
        )
        if person is None or not area_in_scope(
            actor=request.user, perm=REGISTER_LOANS, area=person.area
        ):
            form.add_error("national_code", _("فردی با این کد ملی در حوزه شما ثبت نشده است."))
        else:
            costs = [
                services.CostItem(kind, title, data[field])
                for kind, title, field in (
                    ("fixed", _("سرمایه ثابت"), "fixed_cost"),
                    ("working", _("سرمایه در گردش"), "working_cost"),
                )
                if data.get(field)
            ]
            guarantors = (
                [
                    services.GuarantorItem(
                        data["guarantor_name"], data["guarantor_code"], data["guarantor_relation"]
                    )
                ]
                if data.get("guarantor_name")
                else []
            )
            try:
                application = services.application_register(
                    actor=request.user,
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
                    cost_lines=costs,
                    guarantors=guarantors,
                )
            except ValidationError as error:
                _form_errors(form, error)
            except PermissionDenied:
                form.add_error(None, _("این طرح در حوزه دسترسی شما نیست."))
            else:
                messages.success(
                    request, _("طرح %(number)s ثبت شد.") % {"number": application.number}
                )
                return redirect("loans:application_detail", pk=application.pk)
    return render(
        request, "loans/application_form.html", {"form": form}, status=422 if form.errors else 200
    )


ACTION_LABELS = {
    "review": gettext_lazy("تأیید بررسی شهرستان"),
    "approve": gettext_lazy("تصویب در کمیته"),
    "introduce": gettext_lazy("معرفی به بانک"),
    "contract": gettext_lazy("ثبت قرارداد بانک"),
    "disburse": gettext_lazy("ثبت پرداخت"),
    "operate": gettext_lazy("اعلام بهره‌برداری"),
    "repay": gettext_lazy("ثبت بازپرداخت"),
    "visit": gettext_lazy("ثبت بازدید نظارتی"),
    "reject": gettext_lazy("رد طرح"),
    "withdraw": gettext_lazy("انصراف متقاضی"),
    "document": gettext_lazy("بارگذاری مدرک"),
}

ACTION_FORMS: dict[str, type[forms.Form]] = {
    "review": loan_forms.NoteForm,
    "approve": loan_forms.ApproveForm,
    "introduce": loan_forms.IntroduceForm,
    "contract": loan_forms.ContractForm,
    "disburse": loan_forms.DisbursementForm,
    "operate": loan_forms.NoteForm,
    "repay": loan_forms.RepaymentForm,
    "visit": loan_forms.VisitForm,
    "reject": loan_forms.ReasonForm,
    "withdraw": loan_forms.ReasonForm,
    "document": loan_forms.DocumentForm,
}


def _run(action: str, actor, application: Application, data: dict[str, Any]) -> str:
    """Call the service of ``action``; returns the success message."""
    calls: dict[str, Callable[[], Any]] = {
        "review": lambda: services.application_review(
            actor=actor, application=application, note=data["note"]
        ),
        "approve": lambda: services.application_approve(
            actor=actor, application=application, amount=data["amount"], note=data["note"]
        ),
        "introduce": lambda: services.application_introduce(
            actor=actor,
            application=application,
            letter_no=data["letter_no"],
            letter_date=data["letter_date"],
        ),
        "contract": lambda: services.application_contract(
            actor=actor,
            application=application,
            contract_no=data["contract_no"],
            contract_date=data["contract_date"],
        ),
        "disburse": lambda: services.disbursement_add(
            actor=actor,
            application=application,
            amount=data["amount"],
            date=data["date"],
            reference=data["reference"],
        ),
        "operate": lambda: services.application_start_operation(
            actor=actor, application=application, note=data["note"]
        ),
        "repay": lambda: services.repayment_add(
            actor=actor,
            loan=application,
            amount=data["amount"],
            date=data["date"],
            reference=data["reference"],
        ),
        "visit": lambda: services.visit_add(
            actor=actor,
            application=application,
            date=data["date"],
            direct_jobs=data["direct_jobs"],
            status=data["status"],
            notes=data["notes"],
            photos=[data["photo"]] if data.get("photo") else [],
        ),
        "reject": lambda: services.application_reject(
            actor=actor, application=application, reason=data["reason"]
        ),
        "withdraw": lambda: services.application_withdraw(
            actor=actor, application=application, reason=data["reason"]
        ),
        "document": lambda: services.document_add(
            actor=actor, application=application, title=data["title"], file=data["file"]
        ),
    }
    result = calls[action]()
    message = _("«%(action)s» ثبت شد.") % {"action": ACTION_LABELS[action]}
    warnings = getattr(result, "warnings", None)
    if warnings:
        message += " " + " ".join(warnings)
    return message


def _allowed_actions(actor, application: Application) -> list[str]:
    actions = selectors.next_actions(actor=actor, application=application)
    if area_in_scope(actor=actor, perm=REGISTER_LOANS, area=application.area):
        actions.append("document")
    return actions


def _detail_context(
    request, application: Application, *, bound: tuple[str, forms.Form] | None = None
) -> dict:
    today = clock.today()
    actions = _allowed_actions(request.user, application)
    action_forms = []
    media = forms.Media()
    for name in actions:
        if bound and bound[0] == name:
            form = bound[1]
        else:
            initial: dict[str, Any] = {}
            if name == "approve":
                initial["amount"] = application.requested_amount
            elif name in ("introduce",):
                initial["letter_date"] = today
            elif name == "contract":
                initial["contract_date"] = today
            elif name in ("disburse", "repay", "visit"):
                initial["date"] = today
            if name == "disburse":
                paid = application.disbursements.aggregate(total=Sum("amount"))["total"] or 0
                initial["amount"] = (application.approved_amount or 0) - paid
            form = ACTION_FORMS[name](initial=initial, prefix=name)
        media += form.media
        action_forms.append(
            {
                "name": name,
                "label": ACTION_LABELS[name],
                "form": form,
                "open": bool(bound and bound[0] == name),
            }
        )
    instalments = list(application.instalments.order_by("number"))
    disbursements = list(application.disbursements.order_by("date", "id"))
    visits = list(
        application.visits.select_related("inspector")
        .prefetch_related("photos")
        .order_by("-date", "-id")
    )
    latest_visit = visits[0] if visits else None
    has_schedule = bool(instalments)
    return {
        "application": application,
        "timeline": selectors.application_timeline(application=application),
        "cost_lines": application.cost_lines.all(),
        "guarantors": application.guarantors.all(),
        "documents": application.documents.all(),
        "disbursements": disbursements,
        "disbursed": sum(d.amount for d in disbursements),
        "instalments": instalments,
        "repayments": application.repayments.order_by("date", "id"),
        "arrears": selectors.loan_arrears(application=application, as_of=today)
        if has_schedule
        else None,
        "visits": visits,
        "verified_jobs": latest_visit.verified_jobs if latest_visit else 0,
        "warnings": (
            selectors.application_checks(
                applicant=application.applicant,
                household=application.household,
                exclude_pk=application.pk,
            )
            if application.status in OPEN_STATUSES
            else []
        ),
        "actions": action_forms,
        "media": media,
        "letter": application.status in INTRODUCED_STATUSES and bool(application.letter_no),
        "today": today,
        "content_type_id": ContentType.objects.get_for_model(Application).pk,
    }


@requires(VIEW_LOANS)
def application_detail(request, pk: int):
    application = selectors.application_get(actor=request.user, pk=pk)
    return render(request, "loans/application_detail.html", _detail_context(request, application))


@requires(VIEW_LOANS)
def application_action(request, pk: int, action: str):
    application = selectors.application_get(actor=request.user, pk=pk)
    if action not in ACTION_FORMS or request.method != "POST":
        raise Http404
    if action not in _allowed_actions(request.user, application):
        raise PermissionDenied(action)
    form = ACTION_FORMS[action](request.POST, request.FILES, prefix=action)
    if form.is_valid():
        try:
            message = _run(action, request.user, application, form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("loans:application_detail", pk=application.pk)
    application.refresh_from_db()
    context = _detail_context(request, application, bound=(action, form))
    return render(request, "loans/application_detail.html", context, status=422)


@requires(VIEW_LOANS)
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
    rows = [
        (line, selectors.UsageRow(str(line.pk), line.title, line.total, line.committed, 0, 0))
        for line in lines
    ]
    return render(
        request,
        "loans/credit_line_list.html",
        {"rows": rows, "can_manage": has_perm(request.user, MANAGE_CREDIT_LINES)},
    )


@requires(MANAGE_CREDIT_LINES)
def credit_line_create(request):
    form = loan_forms.CreditLineForm(request.POST or None)
    roots = [a.area for a in request.user.cached_role_assignments() if a.area_id]
    area = (
        min(roots, key=lambda area: area.depth) if roots else Area.objects.filter(code="IR").first()
    )
    if request.method == "POST" and form.is_valid():
        try:
            line = services.credit_line_create(actor=request.user, area=area, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("تعریف خط اعتباری در حوزه شما مجاز نیست."))
        else:
            messages.success(request, _("خط اعتباری ثبت شد."))
            return redirect("loans:credit_line_detail", pk=line.pk)
    return render(request, "loans/credit_line_form.html", {"form": form, "area": area})


@requires(VIEW_LOANS)
def credit_line_detail(request, pk: int):
    line = selectors.credit_line_get(actor=request.user, pk=pk)
    can_manage = area_in_scope(actor=request.user, perm=MANAGE_CREDIT_LINES, area=line.area)
    counties = Area.objects.filter(
        level=AreaLevel.COUNTY, path__startswith=line.area.path
    ).order_by("code")
    banks = list(line.banks.order_by("name"))
    form = loan_forms.QuotaForm(request.POST or None, counties=counties, banks=banks)
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(MANAGE_CREDIT_LINES)
        if form.is_valid():
            kind, _sep, target = form.cleaned_data["target"].partition(":")
            try:
                services.quota_set(
                    actor=request.user,
                    credit_line=line,
                    amount=form.cleaned_data["amount"],
                    county=counties.get(pk=target) if kind == QuotaKind.COUNTY else None,
                    bank=line.banks.get(pk=target) if kind == QuotaKind.BANK else None,
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("سهمیه ثبت شد."))
                return redirect("loans:credit_line_detail", pk=line.pk)
        status = 422
    context = {
        "line": line,
        "usage": selectors.credit_line_usage(credit_line=line),
        "banks": banks,
        "form": form,
        "can_manage": can_manage,
        "content_type_id": ContentType.objects.get_for_model(line).pk,
    }
    return render(request, "loans/credit_line_detail.html", context, status=status)


# Monitoring and portfolio ---------------------------------------------------------------


def _as_of(request) -> tuple[datetime.date, str]:
    text = request.GET.get("as_of", "")
    if text:
        try:
            return parse_jalali(text), ""
        except ValidationError as error:
            return clock.today(), " ".join(error.messages)
    return clock.today(), ""


@requires(VIEW_LOANS)
def visit_list(request):
    visits = selectors.visit_list(actor=request.user).order_by("-date", "-id")
    page = Paginator(visits, 50).get_page(request.GET.get("page"))
    return render(request, "loans/visit_list.html", {"page": page})


@requires(VIEW_LOANS)
def visits_due(request):
    days_text = request.GET.get("days", "")
    days = int(days_text) if days_text.isdigit() else selectors.visit_interval_days()
    as_of, error = _as_of(request)
    loans = selectors.loans_due_visit(actor=request.user, days=days, as_of=as_of)
    page = Paginator(loans, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "loans/visits_due.html",
        {"page": page, "days": days, "as_of": as_of, "error": error},
    )


@requires(VIEW_LOANS)
def portfolio_at_risk(request):
    as_of, error = _as_of(request)
    by = request.GET.get("by", "county")
    if by not in selectors.PAR_GROUPS:
        by = "county"
    rows = selectors.par(actor=request.user, as_of=as_of, by=by)
    [total] = selectors.par(actor=request.user, as_of=as_of)
    groups = [
        ("county", _("شهرستان")),
        ("bank", _("بانک عامل")),
        ("credit_line", _("خط اعتباری")),
    ]
    return render(
        request,
        "loans/par.html",
        {"rows": rows, "total": total, "as_of": as_of, "by": by, "groups": groups, "error": error},
    )
