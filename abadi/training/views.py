"""Pages of the training module: thin wrappers that parse input and call services and
selectors. An enrolment's page offers and runs the steps of ``abadi.training.workflow``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from abadi.core.access import requires
from abadi.core.edge import choice_param, int_param, render_list, run_service, year_param
from abadi.core.exports import requested_export
from abadi.core.paging import window
from abadi.core.permissions import has_perm
from abadi.core.scoping import area_in_scope
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import areas_of_level
from abadi.training import forms as training_forms
from abadi.training import selectors, services
from abadi.training.exports import course_columns, enrolment_columns, licence_columns
from abadi.training.models import (
    Course,
    CourseField,
    Enrolment,
    EnrolmentStatus,
    Licence,
    LicenceKind,
)
from abadi.training.permissions import ENROL, MANAGE_COURSES, RECORD_LICENCES, VIEW_TRAINING
from abadi.training.workflow import WORKFLOW

PER_PAGE = 50


# Courses ----------------------------------------------------------------------------------


@requires(VIEW_TRAINING)
def course_list(request):
    params = {
        "query": request.GET.get("q", "")[:100],
        "field": choice_param(request.GET, "field", CourseField),
        "agency": int_param(request.GET, "agency", minimum=1, maximum=10**12),
        "county": request.GET.get("county", "")[:20],
        "year": year_param(request.GET),
        "starting_within": int_param(request.GET, "starting", minimum=0, maximum=3650),
    }
    courses = selectors.course_list(actor=request.user, **params).order_by("-starts_on", "-id")
    exported = requested_export(request, courses, course_columns(), _("دوره‌های آموزشی"), "courses")
    if exported is not None:
        return exported
    context = {
        "page": window(courses, request.GET.get("page"), PER_PAGE),
        "params": params,
        "fields": CourseField.choices,
        "agencies": selectors.partner_agencies(actor=request.user),
        "counties": areas_of_level(actor=request.user, perm=VIEW_TRAINING, level=AreaLevel.COUNTY),
        "can_manage": has_perm(request.user, MANAGE_COURSES),
    }
    return render_list(request, "training/course_list.html", context)


@requires(MANAGE_COURSES)
def course_create(request):
    form = training_forms.CourseForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        course = run_service(
            form, lambda: services.course_create(actor=request.user, **form.cleaned_data)
        )
        if course is not None:
            messages.success(request, _("دوره «%(title)s» ثبت شد.") % {"title": course.title})
            return redirect("training:course_detail", pk=course.pk)
    return render(
        request,
        "training/course_form.html",
        {"form": form, "title": _("ثبت دوره آموزشی")},
        status=422 if form.errors else 200,
    )


@requires(MANAGE_COURSES, record=Course)
def course_edit(request, pk: int):
    course = selectors.course_get(actor=request.user, pk=pk, perm=MANAGE_COURSES)
    initial = {name: getattr(course, name) for name in services.COURSE_EDITABLE}
    form = training_forms.CourseForm(
        request.POST or None, actor=request.user, initial=initial, editing=True
    )
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form,
            lambda: services.course_update(actor=request.user, course=course, **form.cleaned_data),
        )
        if updated is not None:
            messages.success(request, _("دوره به‌روز شد."))
            return redirect("training:course_detail", pk=course.pk)
    return render(
        request,
        "training/course_form.html",
        {"form": form, "title": _("ویرایش دوره"), "course": course},
        status=422 if form.errors else 200,
    )


def _course_context(request, course: Course, enrol_form=None) -> dict[str, Any]:
    can_enrol = area_in_scope(actor=request.user, perm=ENROL, area=course.area)
    enrolments = list(selectors.course_enrolments(course=course))
    return {
        "course": course,
        "enrolments": enrolments,
        "counts": [
            (label, sum(1 for row in enrolments if row.status == status))
            for status, label in EnrolmentStatus.choices
        ],
        "can_enrol": can_enrol,
        "can_manage": area_in_scope(actor=request.user, perm=MANAGE_COURSES, area=course.area),
        "can_licence": area_in_scope(actor=request.user, perm=RECORD_LICENCES, area=course.area),
        "enrol_form": enrol_form
        or (training_forms.EnrolForm(actor=request.user, prefix="enrol") if can_enrol else None),
    }


@requires(VIEW_TRAINING, record=Course)
def course_detail(request, pk: int):
    course = selectors.course_get(actor=request.user, pk=pk)
    return render(request, "training/course_detail.html", _course_context(request, course))


@requires(ENROL, record=Course)
def course_enrol(request, pk: int):
    course = selectors.course_get(actor=request.user, pk=pk)
    if request.method != "POST":
        raise Http404
    form = training_forms.EnrolForm(request.POST, actor=request.user, prefix="enrol")
    if form.is_valid():
        data = form.cleaned_data

        def enrol():
            person = selectors.person_by_code(
                actor=request.user, national_code=data["national_code"], perm=ENROL
            )
            return services.enrolment_create(
                actor=request.user, course=course, person=person, on=data["on"]
            )

        enrolment = run_service(form, enrol)
        if enrolment is not None:
            messages.success(
                request, _("%(name)s در دوره ثبت‌نام شد.") % {"name": enrolment.person.full_name}
            )
            return redirect("training:course_detail", pk=course.pk)
    course = selectors.course_get(actor=request.user, pk=pk)
    context = _course_context(request, course, enrol_form=form)
    return render(request, "training/course_detail.html", context, status=422)


# Enrolments -------------------------------------------------------------------------------


@requires(VIEW_TRAINING)
def enrolment_list(request):
    params = {
        "course": int_param(request.GET, "course", minimum=1, maximum=10**12),
        "status": choice_param(request.GET, "status", EnrolmentStatus),
        "query": request.GET.get("q", "")[:100],
        "year": year_param(request.GET),
    }
    enrolments = selectors.enrolment_list(actor=request.user, **params).order_by("-id")
    exported = requested_export(
        request, enrolments, enrolment_columns(), _("ثبت‌نام‌ها"), "enrolments"
    )
    if exported is not None:
        return exported
    context = {
        "page": window(enrolments, request.GET.get("page"), PER_PAGE),
        "params": params,
        "statuses": EnrolmentStatus.choices,
    }
    return render_list(request, "training/enrolment_list.html", context)


def _enrolment_actions(request, enrolment: Enrolment, bound: tuple[str, forms.Form] | None):
    offered = []
    media = forms.Media()
    steps = WORKFLOW.available(actor=request.user, record=enrolment)
    if bound and bound[0] not in {step.action for step in steps}:
        # A refused step keeps its form open, with the refusal on it.
        steps = [*steps, WORKFLOW.step(bound[0])]
    for step in steps:
        if not step.form:
            continue
        if bound and bound[0] == step.action:
            form = bound[1]
        else:
            initial = (
                {"hours_attended": enrolment.hours_attended}
                if step.action in ("attend", "complete")
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


def _enrolment_context(request, enrolment: Enrolment, bound=None) -> dict[str, Any]:
    actions, media = _enrolment_actions(request, enrolment, bound)
    return {
        "enrolment": enrolment,
        "course": enrolment.course,
        "actions": actions,
        "media": media,
        "can_licence": area_in_scope(
            actor=request.user, perm=RECORD_LICENCES, area=enrolment.course.area
        ),
        "licences": list(enrolment.course.licences.filter(person=enrolment.person)),
    }


@requires(VIEW_TRAINING, record=Enrolment)
def enrolment_detail(request, pk: int):
    enrolment = selectors.enrolment_get(actor=request.user, pk=pk)
    return render(request, "training/enrolment_detail.html", _enrolment_context(request, enrolment))


@requires(VIEW_TRAINING, record=Enrolment)
def enrolment_action(request, pk: int, action: str):
    """Run one step of the enrolment's workflow from its page."""
    enrolment = selectors.enrolment_get(actor=request.user, pk=pk)
    if request.method != "POST":
        raise Http404
    try:
        step = WORKFLOW.step(action)
    except KeyError as unknown:
        raise Http404 from unknown
    if not step.form:
        raise Http404
    WORKFLOW.require(actor=request.user, record=enrolment, action=action)
    form = step.form_class(request.POST, prefix=action)
    if form.is_valid():
        result = run_service(
            form,
            lambda: step.service_function(
                actor=request.user, enrolment=enrolment, **form.cleaned_data
            ),
        )
        if result is not None:
            messages.success(request, _("«%(action)s» ثبت شد.") % {"action": step.label})
            return redirect("training:enrolment_detail", pk=enrolment.pk)
    enrolment = selectors.enrolment_get(actor=request.user, pk=pk)
    context = _enrolment_context(request, enrolment, bound=(action, form))
    return render(request, "training/enrolment_detail.html", context, status=422)


@requires(VIEW_TRAINING, record=Enrolment)
def certificate(request, pk: int):
    from abadi.training.certificates import certificate_pdf

    enrolment = selectors.enrolment_get(actor=request.user, pk=pk)
    if not enrolment.certificate_no:
        raise Http404
    response = HttpResponse(certificate_pdf(enrolment), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="certificate-{enrolment.certificate_no}.pdf"'
    )
    return response


# Licences ---------------------------------------------------------------------------------


@requires(VIEW_TRAINING)
def licence_list(request):
    params = {
        "query": request.GET.get("q", "")[:100],
        "kind": choice_param(request.GET, "kind", LicenceKind),
        "agency": int_param(request.GET, "agency", minimum=1, maximum=10**12),
        "county": request.GET.get("county", "")[:20],
        "year": year_param(request.GET),
        "expiring_within": int_param(request.GET, "expiring", minimum=0, maximum=3650),
    }
    licences = selectors.licence_list(actor=request.user, **params).order_by("-issued_on", "-id")
    exported = requested_export(request, licences, licence_columns(), _("مجوزها"), "licences")
    if exported is not None:
        return exported
    context = {
        "page": window(licences, request.GET.get("page"), PER_PAGE),
        "params": params,
        "kinds": LicenceKind.choices,
        "agencies": selectors.partner_agencies(
            actor=request.user, kinds=selectors.LICENCE_AGENCIES
        ),
        "counties": areas_of_level(actor=request.user, perm=VIEW_TRAINING, level=AreaLevel.COUNTY),
        "can_record": has_perm(request.user, RECORD_LICENCES),
    }
    return render_list(request, "training/licence_list.html", context)


def _licence_arguments(actor, data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    course = values.pop("course", "") or ""
    values["course"] = (
        selectors.course_by_reference(actor=actor, text=course, perm=VIEW_TRAINING)
        if course
        else None
    )
    return values


@requires(RECORD_LICENCES)
def licence_create(request):
    initial = {
        "national_code": request.GET.get("national_code", "")[:20],
        "course": request.GET.get("course", "")[:20],
    }
    form = training_forms.LicenceForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():

        def record():
            values = _licence_arguments(request.user, form.cleaned_data)
            values["person"] = selectors.person_by_code(
                actor=request.user,
                national_code=values.pop("national_code"),
                perm=RECORD_LICENCES,
            )
            return services.licence_record(actor=request.user, **values)

        licence = run_service(form, record)
        if licence is not None:
            messages.success(request, _("مجوز %(number)s ثبت شد.") % {"number": licence.number})
            return redirect("training:licence_detail", pk=licence.pk)
    return render(
        request,
        "training/licence_form.html",
        {"form": form, "title": _("ثبت مجوز")},
        status=422 if form.errors else 200,
    )


@requires(RECORD_LICENCES, record=Licence)
def licence_edit(request, pk: int):
    licence = selectors.licence_get(actor=request.user, pk=pk, perm=RECORD_LICENCES)
    initial: dict[str, Any] = {name: getattr(licence, name) for name in services.LICENCE_EDITABLE}
    initial.update(course=licence.course_id or "", loan_number=licence.loan_number)
    form = training_forms.LicenceForm(
        request.POST or None, actor=request.user, initial=initial, editing=True
    )
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form,
            lambda: services.licence_update(
                actor=request.user,
                licence=licence,
                **_licence_arguments(request.user, form.cleaned_data),
            ),
        )
        if updated is not None:
            messages.success(request, _("مجوز به‌روز شد."))
            return redirect("training:licence_detail", pk=licence.pk)
    return render(
        request,
        "training/licence_form.html",
        {"form": form, "title": _("ویرایش مجوز"), "licence": licence},
        status=422 if form.errors else 200,
    )


@requires(VIEW_TRAINING, record=Licence)
def licence_detail(request, pk: int):
    licence = selectors.licence_get(actor=request.user, pk=pk)
    return render(
        request,
        "training/licence_detail.html",
        {
            "licence": licence,
            "can_edit": area_in_scope(actor=request.user, perm=RECORD_LICENCES, area=licence.area),
        },
    )
