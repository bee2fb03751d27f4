from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from abadi.core.access import requires
from abadi.core.permissions import VIEW_AREAS
from abadi.geography import selectors


@require_GET
@requires(VIEW_AREAS)
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
    }
    return render(request, "geography/browser.html", context)


@require_GET
@requires(VIEW_AREAS)
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


@require_GET
@requires(VIEW_AREAS)
def area_map(request, code: str):
    """GeoJSON of the polygons the map of one area draws."""
    area = selectors.area_get(actor=request.user, code=code)
    return JsonResponse(selectors.area_map(actor=request.user, area=area))
