"""Pages of the funds module: thin wrappers that parse input and call services and
selectors. The case page offers and runs the steps of the workflow table
(``abadi.funds.workflow``); every list exports itself; receipts and statements are PDFs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abadi.core import clock
from abadi.core.access import requires
from abadi.core.edge import choice_param, int_param, render_list, run_service
from abadi.core.exports import requested_export
from abadi.core.paging import window
from abadi.core.permissions import VIEW_RECORD_HISTORY, has_perm
from abadi.core.scoping import area_in_scope
from abadi.funds import documents, selectors, services
from abadi.funds import forms as fund_forms
from abadi.funds.exports import (
    allocation_columns,
    case_columns,
    donation_columns,
    donor_columns,
    pledge_columns,
)
from abadi.funds.models import (
    AidCase,
    Allocation,
    CaseStatus,
    CaseType,
    Donation,
    DonationKind,
    DonationStatus,
    Donor,
    DonorKind,
    Entry,
    Pledge,
    PledgeStatus,
    UseKind,
)
from abadi.funds.permissions import (
    ALLOCATE_FUNDS,
    OPEN_CASES,
    RECORD_DONATIONS,
    REVERSE_DONATIONS,
    VIEW_FUNDS,
)
from abadi.funds.workflow import WORKFLOW

PER_PAGE = 25
MAX_ID = 2**62


def can(request: HttpRequest, perm: str) -> bool:
    return has_perm(request.user, perm)  # type: ignore[arg-type]


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _labelled(request, donors) -> list[tuple[Any, str]]:
    return [(donor, selectors.donor_label(actor=request.user, donor=donor)) for donor in donors]


# Donors ----------------------------------------------------------------------------------------


@requires(VIEW_FUNDS)
def donor_list(request: HttpRequest) -> HttpResponseBase:
    params: dict[str, Any] = {
        "query": request.GET.get("q", "")[:100],
        "kind": choice_param(request.GET, "kind", DonorKind),
    }
    donors = selectors.donor_list(actor=request.user, **params)
    exported = requested_export(request, donors, donor_columns(request.user), _("خیّران"), "donors")
    if exported is not None:
        return exported
    page = window(donors, request.GET.get("page"), PER_PAGE)
    context = {
        "page": page,
        "rows": _labelled(request, page.object_list),
        "params": params,
        "kinds": DonorKind.choices,
        "can_record": can(request, RECORD_DONATIONS),
    }
    return render_list(request, "funds/donor_list.html", context)


@requires(RECORD_DONATIONS)
def donor_create(request: HttpRequest) -> HttpResponse:
    form = fund_forms.DonorForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("national_code", "")
        organisation_id = data.pop("organisation", None)
        person = organisation = None
        if data["kind"] == DonorKind.PERSON and code:
            from abadi.people.selectors import person_by_national_code

            person = person_by_national_code(
                actor=request.user, national_code=code, perm=RECORD_DONATIONS
            )
            if person is None:
                form.add_error("national_code", _("فردی با این کد ملی در فهرست افراد نیست."))
        if data["kind"] == DonorKind.ORGANISATION and organisation_id:
            from abadi.organisations.selectors import organisation_get

            organisation = organisation_get(actor=request.user, pk=organisation_id)
        if not form.errors:
            donor = run_service(
                form,
                lambda: services.donor_register(
                    actor=request.user, person=person, organisation=organisation, **data
                ),
            )
            if donor is not None:
                messages.success(request, _("خیّر ثبت شد."))
                return redirect("funds:donor_detail", pk=donor.pk)
    return render(
        request,
        "funds/form.html",
        {"form": form, "title": _("ثبت خیّر"), "cancel": "funds:donor_list"},
        status=422 if form.errors else 200,
    )


@requires(VIEW_FUNDS, record=Donor)
def donor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    donor = selectors.donor_get(actor=request.user, pk=pk)
    donations = selectors.donation_list(actor=request.user, donor=donor.pk)
    context = {
        "donor": donor,
        "donor_name": selectors.donor_label(actor=request.user, donor=donor),
        "donations": donations[:50],
        "pledges": selectors.pledge_list(actor=request.user).filter(donor=donor)[:20],
        "totals": selectors.donor_giving(donor=donor),
        "can_record": area_in_scope(actor=request.user, perm=RECORD_DONATIONS, area=donor.area),
        "show_history": can(request, VIEW_RECORD_HISTORY),
    }
    return render(request, "funds/donor_detail.html", context)


@requires(RECORD_DONATIONS, record=Donor)
def donor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    donor = selectors.donor_get(actor=request.user, pk=pk)
    if not area_in_scope(actor=request.user, perm=RECORD_DONATIONS, area=donor.area):
        raise PermissionDenied(RECORD_DONATIONS)
    initial = {
        "name": selectors.donor_label(actor=request.user, donor=donor),
        "mobile": donor.mobile,
        "address": donor.address,
        "anonymous": donor.anonymous,
    }
    form = fund_forms.DonorEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data["name"] == initial["name"]:
            data.pop("name")  # an anonymous label is never written over the name
        done = run_service(
            form, lambda: services.donor_update(actor=request.user, donor=donor, **data)
        )
        if done is not None:
            messages.success(request, _("تغییرات ذخیره شد."))
            return redirect("funds:donor_detail", pk=donor.pk)
    return render(
        request,
        "funds/form.html",
        {"form": form, "title": _("ویرایش خیّر"), "cancel": "funds:donor_list"},
        status=422 if form.errors else 200,
    )


@requires(VIEW_FUNDS, record=Donor)
def donor_statement(request: HttpRequest, pk: int) -> HttpResponse:
    donor = selectors.donor_get(actor=request.user, pk=pk)
    return _pdf(
        documents.donor_statement_pdf(actor=request.user, donor=donor), f"donor-{donor.pk}.pdf"
    )


# Donations -------------------------------------------------------------------------------------


@requires(VIEW_FUNDS)
def donation_list(request: HttpRequest) -> HttpResponseBase:
    params: dict[str, Any] = {
        "query": request.GET.get("q", "")[:100],
        "kind": choice_param(request.GET, "kind", DonationKind),
        "status": choice_param(request.GET, "status", DonationStatus),
        "designation_kind": choice_param(request.GET, "designation", UseKind),
        "with_balance": request.GET.get("balance") == "1",
    }
    donations = selectors.donation_list(actor=request.user, **params)
    exported = requested_export(
        request, donations, donation_columns(request.user), _("کمک‌های خیّران"), "donations"
    )
    if exported is not None:
        return exported
    page = window(donations, request.GET.get("page"), PER_PAGE)
    context = {
        "page": page,
        "rows": [
            (donation, selectors.donor_label(actor=request.user, donor=donation.donor))
            for donation in page.object_list
        ],
        "params": params,
        "kinds": DonationKind.choices,
        "statuses": DonationStatus.choices,
        "uses": UseKind.choices,
    }
    return render_list(request, "funds/donation_list.html", context)


@requires(RECORD_DONATIONS, record=Donor)
def donation_create(request: HttpRequest, pk: int) -> HttpResponse:
    donor = selectors.donor_get(actor=request.user, pk=pk)
    form = fund_forms.DonationForm(request.POST or None, initial={"receipt": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        items = [services.Item(**item) for item in data.pop("items")]
        if data["kind"] == DonationKind.IN_KIND:
            data["amount"] = data["amount"] or None
        donation = run_service(
            form,
            lambda: services.donation_record(
                actor=request.user,
                donor=donor,
                items=items,
                **{**data, "designation_kind": data["designation_kind"] or ""},
            ),
        )
        if donation is not None:
            messages.success(request, _("کمک ثبت شد."))
            return redirect("funds:donation_detail", pk=donation.pk)
    return render(
        request,
        "funds/donation_form.html",
        {
            "form": form,
            "donor": donor,
            "donor_name": selectors.donor_label(actor=request.user, donor=donor),
        },
        status=422 if form.errors else 200,
    )


def _donation_context(request, donation: Donation, **bound: Any) -> dict[str, Any]:
    actor = request.user
    may_allocate = (
        donation.entry == Entry.GIFT
        and donation.status == DonationStatus.RECEIPTED
        and donation.balance > 0
        and area_in_scope(actor=actor, perm=ALLOCATE_FUNDS, area=donation.area)
    )
    may_reverse = (
        donation.entry == Entry.GIFT
        and donation.status == DonationStatus.RECEIPTED
        and not donation.allocated
        and area_in_scope(actor=actor, perm=REVERSE_DONATIONS, area=donation.area)
    )
    return {
        "donation": donation,
        "donor_name": selectors.donor_label(actor=actor, donor=donation.donor),
        "items": selectors.donation_items(donation=donation),
        "allocations": selectors.donation_allocations(donation=donation),
        "allocate_form": bound.get("allocate")
        or (fund_forms.AllocationForm(prefix="allocate") if may_allocate else None),
        "reverse_form": bound.get("reverse")
        or (fund_forms.ReverseForm(prefix="reverse") if may_reverse else None),
        "may_receipt": not donation.receipted
        and area_in_scope(actor=actor, perm=RECORD_DONATIONS, area=donation.area),
        "may_reverse_allocations": area_in_scope(
            actor=actor, perm=ALLOCATE_FUNDS, area=donation.area
        ),
        "show_history": can(request, VIEW_RECORD_HISTORY),
    }


@requires(VIEW_FUNDS, record=Donation)
def donation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    donation = selectors.donation_get(actor=request.user, pk=pk)
    return render(request, "funds/donation_detail.html", _donation_context(request, donation))


@requires(VIEW_FUNDS, record=Donation)
def donation_receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    donation = selectors.donation_get(actor=request.user, pk=pk)
    if not donation.receipted:
        raise Http404
    return _pdf(
        documents.receipt_pdf(actor=request.user, donation=donation),
        f"receipt-{donation.number}.pdf",
    )


@requires(RECORD_DONATIONS, record=Donation)
@require_POST
def donation_issue_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    donation = selectors.donation_get(actor=request.user, pk=pk)
    form = forms.Form(request.POST)
    done = run_service(
        form, lambda: services.donation_receipt(actor=request.user, donation=donation)
    )
    if done is None:
        for error in form.non_field_errors():
            messages.error(request, str(error))
    else:
        messages.success(request, _("رسید صادر شد."))
    return redirect("funds:donation_detail", pk=donation.pk)


@requires(ALLOCATE_FUNDS, record=Donation)
@require_POST
def donation_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    donation = selectors.donation_get(actor=request.user, pk=pk)
    form = fund_forms.AllocationForm(request.POST, prefix="allocate")
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["on"] = data["on"] or clock.today()
        done = run_service(
            form, lambda: services.allocate(actor=request.user, donation=donation, **data)
        )
        if done is not None:
            messages.success(request, _("تخصیص ثبت شد."))
            return redirect("funds:donation_detail", pk=donation.pk)
    donation = selectors.donation_get(actor=request.user, pk=pk)
    context = _donation_context(request, donation, allocate=form)
    return render(request, "funds/donation_detail.html", context, status=422)


@requires(REVERSE_DONATIONS, record=Donation)
@require_POST
def donation_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    donation = selectors.donation_get(actor=request.user, pk=pk)
    form = fund_forms.ReverseForm(request.POST, prefix="reverse")
    if form.is_valid():
        reversal = run_service(
            form,
            lambda: services.donation_reverse(
                actor=request.user, donation=donation, **form.cleaned_data
            ),
        )
        if reversal is not None:
            messages.success(request, _("سند برگشت ثبت شد."))
            return redirect("funds:donation_detail", pk=reversal.pk)
    donation = selectors.donation_get(actor=request.user, pk=pk)
    context = _donation_context(request, donation, reverse=form)
    return render(request, "funds/donation_detail.html", context, status=422)


# Allocations -----------------------------------------------------------------------------------


@requires(VIEW_FUNDS)
def allocation_list(request: HttpRequest) -> HttpResponseBase:
    params: dict[str, Any] = {"use_kind": choice_param(request.GET, "use", UseKind)}
    allocations = selectors.allocation_list(actor=request.user, **params)
    exported = requested_export(
        request, allocations, allocation_columns(request.user), _("تخصیص‌های کمک"), "allocations"
    )
    if exported is not None:
        return exported
    page = window(allocations, request.GET.get("page"), PER_PAGE)
    context = {
        "page": page,
        "rows": [
            (item, selectors.donor_label(actor=request.user, donor=item.donation.donor))
            for item in page.object_list
        ],
        "params": params,
        "uses": UseKind.choices,
    }
    return render_list(request, "funds/allocation_list.html", context)


@requires(ALLOCATE_FUNDS, record=Allocation)
@require_POST
def allocation_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = selectors.allocation_get(actor=request.user, pk=pk)
    form = fund_forms.ReverseForm(request.POST, prefix="unallocate")
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.allocation_reverse(
                actor=request.user, allocation=allocation, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("تخصیص برگشت خورد."))
            return redirect("funds:donation_detail", pk=allocation.donation_id)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("funds:donation_detail", pk=allocation.donation_id)


@requires(VIEW_FUNDS)
def use_statement(request: HttpRequest) -> HttpResponse:
    use_kind = choice_param(request.GET, "use", UseKind)
    use_id = int_param(request.GET, "id", minimum=1, maximum=MAX_ID)
    if not use_kind or use_id is None:
        raise Http404
    return _pdf(
        documents.use_statement_pdf(actor=request.user, use_kind=use_kind, use_id=use_id),
        f"use-{use_kind}-{use_id}.pdf",
    )


# Pledges ---------------------------------------------------------------------------------------


@requires(VIEW_FUNDS)
def pledge_list(request: HttpRequest) -> HttpResponseBase:
    params: dict[str, Any] = {"status": choice_param(request.GET, "status", PledgeStatus)}
    overdue = request.GET.get("overdue") == "1"
    pledges = selectors.pledge_list(
        actor=request.user, overdue_on=clock.today() if overdue else None, **params
    )
    exported = requested_export(
        request, pledges, pledge_columns(request.user), _("تعهدهای خیّران"), "pledges"
    )
    if exported is not None:
        return exported
    page = window(pledges, request.GET.get("page"), PER_PAGE)
    context = {
        "page": page,
        "rows": [
            (pledge, selectors.donor_label(actor=request.user, donor=pledge.donor))
            for pledge in page.object_list
        ],
        "params": {**params, "overdue": overdue},
        "statuses": PledgeStatus.choices,
        "today": clock.today(),
    }
    return render_list(request, "funds/pledge_list.html", context)


@requires(RECORD_DONATIONS, record=Donor)
def pledge_create(request: HttpRequest, pk: int) -> HttpResponse:
    donor = selectors.donor_get(actor=request.user, pk=pk)
    form = fund_forms.PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        pledge = run_service(
            form, lambda: services.pledge_record(actor=request.user, donor=donor, **data)
        )
        if pledge is not None:
            messages.success(request, _("تعهد ثبت شد."))
            return redirect("funds:donor_detail", pk=donor.pk)
    return render(
        request,
        "funds/form.html",
        {"form": form, "title": _("ثبت تعهد خیّر"), "cancel": "funds:pledge_list"},
        status=422 if form.errors else 200,
    )


@requires(RECORD_DONATIONS, record=Pledge)
@require_POST
def pledge_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.pledge_get(actor=request.user, pk=pk)
    form = fund_forms.ReverseForm(request.POST, prefix="cancel")
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.pledge_cancel(
                actor=request.user, pledge=pledge, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("تعهد لغو شد."))
            return redirect("funds:donor_detail", pk=pledge.donor_id)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("funds:donor_detail", pk=pledge.donor_id)


# Aid cases -------------------------------------------------------------------------------------


@requires(VIEW_FUNDS)
def case_list(request: HttpRequest) -> HttpResponseBase:
    params: dict[str, Any] = {
        "query": request.GET.get("q", "")[:100],
        "case_type": choice_param(request.GET, "type", CaseType),
        "status": choice_param(request.GET, "status", CaseStatus),
    }
    cases = selectors.case_list(actor=request.user, **params)
    exported = requested_export(request, cases, case_columns(), _("پرونده‌های حمایتی"), "aid-cases")
    if exported is not None:
        return exported
    page = window(cases, request.GET.get("page"), PER_PAGE)
    context = {
        "page": page,
        "params": params,
        "types": CaseType.choices,
        "statuses": CaseStatus.choices,
        "can_open": can(request, OPEN_CASES),
    }
    return render_list(request, "funds/case_list.html", context)


@requires(OPEN_CASES)
def case_create(request: HttpRequest) -> HttpResponse:
    form = fund_forms.CaseForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        from abadi.people.selectors import person_by_national_code

        data = dict(form.cleaned_data)
        person = person_by_national_code(
            actor=request.user, national_code=data.pop("national_code"), perm=OPEN_CASES
        )
        if person is None:
            form.add_error("national_code", _("فردی با این کد ملی در فهرست افراد نیست."))
        else:
            data["forgiveness"] = data["forgiveness"] or 0
            data["loan_amount"] = data["loan_amount"] or 0
            case = run_service(
                form, lambda: services.case_open(actor=request.user, person=person, **data)
            )
            if case is not None:
                messages.success(request, _("پرونده ثبت شد."))
                return redirect("funds:case_detail", pk=case.pk)
    return render(
        request,
        "funds/form.html",
        {"form": form, "title": _("ثبت پرونده حمایتی"), "cancel": "funds:case_list"},
        status=422 if form.errors else 200,
    )


def _case_context(
    request, case: AidCase, bound: tuple[str, forms.Form] | None = None
) -> dict[str, Any]:
    offered = []
    media = forms.Media()
    for step in WORKFLOW.available(actor=request.user, record=case):
        if not step.form:
            continue
        form = (
            bound[1] if bound and bound[0] == step.action else step.form_class(prefix=step.action)
        )
        media += form.media
        offered.append(
            {
                "name": step.action,
                "label": step.label,
                "form": form,
                "open": bool(bound and bound[0] == step.action),
            }
        )
    timeline = [
        {"change": change, "label": WORKFLOW.label_of(change.action)}
        for change in selectors.case_timeline(case=case)
    ]
    allocations = [
        (item, selectors.donor_label(actor=request.user, donor=item.donation.donor))
        for item in selectors.allocations_to(
            actor=request.user, use_kind=UseKind.AID_CASE, use_id=case.pk
        )
    ]
    return {
        "case": case,
        "actions": offered,
        "media": media,
        "timeline": timeline,
        "allocations": allocations,
        "withheld": WORKFLOW.withheld(actor=request.user, record=case),
        "show_history": can(request, VIEW_RECORD_HISTORY),
    }


@requires(VIEW_FUNDS, record=AidCase)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, pk=pk)
    return render(request, "funds/case_detail.html", _case_context(request, case))


@requires(VIEW_FUNDS, record=AidCase)
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = selectors.case_get(actor=request.user, pk=pk)
    try:
        step = WORKFLOW.step(action)
    except KeyError as unknown:
        raise Http404 from unknown
    if not step.form:
        raise Http404
    WORKFLOW.require(actor=request.user, record=case, action=action)
    form = step.form_class(request.POST, prefix=action)
    if form.is_valid():
        done = run_service(
            form, lambda: step.service_function(actor=request.user, case=case, **form.cleaned_data)
        )
        if done is not None:
            messages.success(request, _("«%(action)s» ثبت شد.") % {"action": step.label})
            return redirect("funds:case_detail", pk=case.pk)
    case = selectors.case_get(actor=request.user, pk=pk)
    return render(
        request, "funds/case_detail.html", _case_context(request, case, (action, form)), status=422
    )


@requires(VIEW_FUNDS, record=AidCase)
def case_statement(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, pk=pk)
    return _pdf(
        documents.use_statement_pdf(
            actor=request.user, use_kind=UseKind.AID_CASE, use_id=case.pk, title=str(case.number)
        ),
        f"case-{case.number}.pdf",
    )
