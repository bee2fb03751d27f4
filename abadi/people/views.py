"""Pages of the registry and the ledger: parse the request, call selectors/services, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from abadi.core.access import requires
from abadi.core.edge import MAX_ID, apply_errors, int_param, render_list
from abadi.core.exports import requested_export
from abadi.core.paging import window
from abadi.core.permissions import has_perm
from abadi.geography.selectors import home_area
from abadi.people import selectors, services
from abadi.people.exports import person_export_columns
from abadi.people.forms import (
    BenefitFilterForm,
    HouseholdFilterForm,
    HouseholdForm,
    MemberForm,
    MergeForm,
    PersonFilterForm,
    PersonForm,
)
from abadi.people.models import Household, Person
from abadi.people.permissions import (
    EDIT_PEOPLE,
    MERGE_PEOPLE,
    VIEW_BENEFITS,
    VIEW_PEOPLE,
)

PER_PAGE = 25


def can(request: HttpRequest, perm: str) -> bool:
    """Whether the signed-in user holds ``perm`` (views run only for signed-in users)."""
    return has_perm(request.user, perm)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- persons


@requires(VIEW_PEOPLE)
def person_list(request: HttpRequest) -> HttpResponseBase:
    form = PersonFilterForm(request.GET or None, actor=request.user)
    persons = Person.objects.none()
    filters = {key: value for key, value in request.GET.items() if key not in ("page", "format")}
    if not filters:
        persons = selectors.person_list(actor=request.user)
    elif form.is_valid():
        persons = selectors.person_list(actor=request.user, **form.selector_filters())
    # The export holds exactly what the list shows: same filters, same scope.
    export = requested_export(
        request, persons, person_export_columns(), title=_("افراد"), filename="persons"
    )
    if export is not None:
        return export
    context = {
        "form": form,
        "page": window(persons, request.GET.get("page"), PER_PAGE),
        "can_edit": can(request, EDIT_PEOPLE),
        "can_review": can(request, EDIT_PEOPLE),
    }
    return render_list(request, "people/person_list.html", context)


@requires(VIEW_PEOPLE, record=Person)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    members: list[Person] = []
    if person.household_id is not None:
        household = person.household
        assert household is not None
        members = list(selectors.household_members(actor=request.user, household=household))
    benefits = None
    if can(request, VIEW_BENEFITS):
        benefits = selectors.benefits_for(actor=request.user, person=person)[:100]
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "members": members,
            "benefits": benefits,
            "can_edit": can(request, EDIT_PEOPLE),
        },
    )


def _person_form_page(request: HttpRequest, form: PersonForm, person: Person | None, **extra):
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": person, **extra},
        status=200 if form.is_bound is False or not form.errors else 422,
    )


@requires(EDIT_PEOPLE)
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, actor=request.user)
    duplicate_url = None
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, **form.service_fields())
        except services.DuplicateNationalCode as error:
            duplicate_url = error.existing_url
            apply_errors(form, error)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("«%(name)s» ثبت شد.") % {"name": person.full_name})
            return redirect("people:person_detail", pk=person.pk)
    return _person_form_page(request, form, None, duplicate_url=duplicate_url)


@requires(EDIT_PEOPLE, record=Person)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk, perm=EDIT_PEOPLE)
    form = PersonForm(
        request.POST or None, actor=request.user, initial=PersonForm.initial_for(person)
    )
    duplicate_url = None
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.service_fields())
        except services.DuplicateNationalCode as error:
            duplicate_url = error.existing_url
            apply_errors(form, error)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("تغییرات ذخیره شد."))
            return redirect("people:person_detail", pk=person.pk)
    return _person_form_page(request, form, person, duplicate_url=duplicate_url)


# ---------------------------------------------------------------------------- households


@requires(VIEW_PEOPLE)
def household_list(request: HttpRequest) -> HttpResponse:
    form = HouseholdFilterForm(request.GET or None, actor=request.user)
    households = Household.objects.none()
    if not request.GET:
        households = selectors.household_list(actor=request.user)
    elif form.is_valid():
        households = selectors.household_list(
            actor=request.user,
            query=form.cleaned_data["q"] or "",
            area=form.cleaned_data["area"],
        )
    context = {
        "form": form,
        "page": window(households, request.GET.get("page"), PER_PAGE),
        "can_edit": can(request, EDIT_PEOPLE),
    }
    return render_list(request, "people/household_list.html", context)


@requires(VIEW_PEOPLE, record=Household)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    can_edit = can(request, EDIT_PEOPLE)
    member_form = MemberForm(None, actor=request.user)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(EDIT_PEOPLE)
        household = selectors.household_get(actor=request.user, pk=pk, perm=EDIT_PEOPLE)
        member_form = MemberForm(request.POST, actor=request.user)
        if member_form.is_valid():
            try:
                person = services.household_add_member(
                    actor=request.user,
                    household=household,
                    person=member_form.cleaned_data["person"],
                )
            except ValidationError as error:
                apply_errors(member_form, error)
            else:
                messages.success(
                    request, _("«%(name)s» به خانوار افزوده شد.") % {"name": person.full_name}
                )
                return redirect("people:household_detail", pk=household.pk)
    benefits = None
    if can(request, VIEW_BENEFITS):
        benefits = selectors.benefits_for(actor=request.user, household=household)[:100]
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "members": selectors.household_members(actor=request.user, household=household),
            "benefits": benefits,
            "member_form": member_form,
            "can_edit": can_edit,
        },
        status=422 if member_form.errors else 200,
    )


@requires(EDIT_PEOPLE)
def household_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    head_id = int_param(request.GET, "head", minimum=1, maximum=MAX_ID)
    if head_id is not None:
        head = (
            selectors.person_list(actor=request.user, perm=EDIT_PEOPLE).filter(pk=head_id).first()
        )
        if head is not None:
            initial = {"head": head.national_code or "", "area": head.area.code}
    form = HouseholdForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(
                actor=request.user,
                head=form.cleaned_data["head"],
                area=form.cleaned_data["area"],
                address=form.cleaned_data["address"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("خانوار ثبت شد."))
            return redirect("people:household_detail", pk=household.pk)
    return render(
        request,
        "people/household_form.html",
        {"form": form},
        status=422 if form.errors else 200,
    )


# ---------------------------------------------------------------------------- ledger


@requires(VIEW_BENEFITS)
def benefit_list(request: HttpRequest) -> HttpResponse:
    form = BenefitFilterForm(request.GET or None, actor=request.user)
    benefits = selectors.benefit_list(actor=request.user).none()
    reach_area, reach_year, reached = home_area(actor=request.user, perm=VIEW_BENEFITS), None, None
    if not request.GET:
        benefits = selectors.benefit_list(actor=request.user)
    elif form.is_valid():
        data = form.cleaned_data
        benefits = selectors.benefit_list(
            actor=request.user,
            programme=data["programme"] or "",
            year=data["year"],
            area=data["area"],
        )
        reach_area = data["area"] or reach_area
        reach_year = data["year"]
    if reach_area is not None:
        reached = selectors.households_reached(actor=request.user, area=reach_area, year=reach_year)
    context = {
        "form": form,
        "page": window(benefits, request.GET.get("page"), PER_PAGE),
        "reach_area": reach_area,
        "reach_year": reach_year,
        "reached": reached,
    }
    return render_list(request, "people/benefit_list.html", context)


# ---------------------------------------------------------------------------- duplicates


@requires(EDIT_PEOPLE)
def duplicates(request: HttpRequest) -> HttpResponse:
    page = window(selectors.duplicate_candidates(actor=request.user), request.GET.get("page"), 20)
    groups = selectors.duplicate_groups(actor=request.user, candidates=page.object_list)
    return render(
        request,
        "people/duplicates.html",
        {"page": page, "groups": groups, "can_merge": can(request, MERGE_PEOPLE)},
    )


@requires(MERGE_PEOPLE)
def person_merge(request: HttpRequest) -> HttpResponse:
    """Confirm (GET) and perform (POST) the merge of two persons ``?a=&b=``."""
    source = request.POST if request.method == "POST" else request.GET
    first_id = int_param(source, "a", minimum=1, maximum=MAX_ID)
    second_id = int_param(source, "b", minimum=1, maximum=MAX_ID)
    if first_id is None or second_id is None:
        messages.error(request, _("دو فرد را برای ادغام انتخاب کنید."))
        return redirect("people:duplicates")
    pair = selectors.merge_pair(actor=request.user, keep_id=first_id, drop_id=second_id)
    form = MergeForm(
        request.POST if request.method == "POST" else None,
        pair=pair,
        initial={"keep": first_id},
    )
    if request.method == "POST" and form.is_valid():
        keep, drop = form.keep_and_drop()
        try:
            kept = services.person_merge(actor=request.user, keep=keep, drop=drop)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("دو رکورد در «%(name)s» ادغام شدند.") % {"name": kept.full_name}
            )
            return redirect("people:person_detail", pk=kept.pk)
    return render(
        request,
        "people/merge.html",
        {"form": form, "pair": pair, "a": first_id, "b": second_id},
        status=422 if form.errors else 200,
    )
