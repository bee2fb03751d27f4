from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from abadi.core.access import requires
from abadi.core.permissions import (
    MANAGE_AREAS,
    USE_APP,
    VIEW_AREAS,
    has_perm,
    registered_permissions,
)
from abadi.geography import selectors, services
from abadi.geography.forms import AreaCreateForm, AreaMoveForm
from abadi.geography.models import PARENT_LEVEL, Area, AreaLevel


@requires(VIEW_AREAS, record=Area)
@require_GET
def browser(request, code: str | None = None):
    """One area: breadcrumb, its children with their counts, search, and a map."""
    if code is None:
        roots = list(selectors.area_roots(actor=request.user))
        if len(roots) == 1:
            return redirect("geography:browser", code=roots[0].code)
        return render(request, "geography/browser.html", {"area": None, "children": roots})
    area = selectors.area_get(actor=request.user, code=code)
    context = {
        "area": area,
        "ancestors": selectors.area_ancestors(actor=request.user, area=area),
        "children": selectors.area_children(actor=request.user, area=area),
        "changes": selectors.area_changes(actor=request.user, area=area),
        "can_add": has_perm(request.user, MANAGE_AREAS) and area.level in PARENT_LEVEL.values(),
        "can_move": has_perm(request.user, MANAGE_AREAS)
        and area.level not in (AreaLevel.COUNTRY, AreaLevel.PROVINCE),
    }
    return render(request, "geography/browser.html", context)


@requires(VIEW_AREAS)
@require_GET
def search(request):
    """Search-as-you-type results (an htmx fragment)."""
    query = request.GET.get("q", "")
    results = list(selectors.area_search(actor=request.user, query=query))
    names = selectors.names_above(results)
    rows = [
        {"area": area, "where": [names[c] for c in area.ancestor_codes() if c in names]}
        for area in results
    ]
    context = {"query": query, "rows": rows}
    return render(request, "geography/browser.html#search_results", context)


@requires(VIEW_AREAS, record=Area)
@require_GET
def area_map(request, code: str):
    """GeoJSON of the polygons the map of one area draws."""
    area = selectors.area_get(actor=request.user, code=code)
    return JsonResponse(selectors.area_map(actor=request.user, area=area))


def _apply(form, write):
    """Run a write service; its refusals become form errors."""
    try:
        return write()
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    except selectors.AreaLookupError as error:
        form.add_error("new_parent", str(error))
    return None


@requires(MANAGE_AREAS, record=Area)
def area_add(request, code: str):
    """Add an area under this one (a new county under its province, for example)."""
    parent = selectors.area_get(actor=request.user, code=code)
    form = AreaCreateForm(request.POST or None, parent_level=parent.level)
    if request.method == "POST" and form.is_valid():
        created = _apply(
            form,
            lambda: services.area_create(actor=request.user, parent=parent, **form.cleaned_data),
        )
        if created:
            messages.success(request, _("«%(name)s» افزوده شد.") % {"name": created.name})
            return redirect("geography:browser", code=created.code)
    context = {
        "area": parent,
        "form": form,
        "heading": _("افزودن زیرمجموعه"),
        "explanation": _("منطقهٔ تازه زیر «%(name)s» ساخته می‌شود.") % {"name": parent.name},
    }
    return render(request, "geography/change.html", context)


@requires(MANAGE_AREAS, record=Area)
def area_move(request, code: str):
    """Move this area, with everything under it, to another parent from a date."""
    area = selectors.area_get(actor=request.user, code=code)
    form = AreaMoveForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        moved = _apply(
            form,
            lambda: services.area_reparent(
                actor=request.user,
                area=area,
                new_parent=form.cleaned_data["new_parent"],
                effective_date=form.cleaned_data["effective_date"],
            ),
        )
        if moved:
            messages.success(request, _("«%(name)s» جابه‌جا شد.") % {"name": moved.name})
            return redirect("geography:browser", code=moved.code)
    context = {
        "area": area,
        "form": form,
        "heading": _("جابه‌جایی منطقه"),
        "explanation": _(
            "«%(name)s» با همهٔ زیرمجموعه‌هایش زیر بالادست تازه می‌رود و این تغییر با تاریخ اجرا در "
            "سابقهٔ منطقه می‌ماند."
        )
        % {"name": area.name},
    }
    return render(request, "geography/change.html", context)


HINT_CONTROLS = ("levels", "perm", "above")


@requires(USE_APP)
@require_GET
def area_hint(request):
    """What an area box names, as it is typed: the place and where it lies, the candidates
    of a shared name, or why it names nothing the user may choose (an htmx fragment)."""
    text = next(
        (value for key, value in request.GET.items() if key not in HINT_CONTROLS and value), ""
    )
    perm = request.GET.get("perm", VIEW_AREAS)
    if perm not in registered_permissions():
        perm = VIEW_AREAS
    levels = tuple(
        level for level in request.GET.get("levels", "").split(",") if level in AreaLevel.values
    )
    above = request.GET.get("above") == "1"
    context: dict = {"text": text}
    if text.strip():
        try:
            area = selectors.area_from_input(
                actor=request.user, perm=perm, text=text, levels=levels or None, above=above
            )
        except selectors.AreaInputError as error:
            context["error"] = error.message_text
            # A name several places share: those places. Otherwise the places whose name
            # holds what was typed so far, to choose from as one types.
            options = error.candidates[:8]
            context["ambiguous"] = bool(options)
            if not options:
                options = selectors.area_suggestions(
                    actor=request.user, perm=perm, text=text, levels=levels or None, above=above
                )
            names = selectors.names_above(options)
            context["options"] = [
                {"area": option, "label": selectors.place_label(option, names)}
                for option in options
            ]
        else:
            context["area"] = area
            context["label"] = selectors.place_label(area)
    return render(request, "geography/_area_hint.html", context)
