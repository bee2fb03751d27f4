from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views import i18n as i18n_views

from abadi.core import selectors
from abadi.core.access import public, requires
from abadi.core.permissions import USE_APP, VIEW_AUDIT, VIEW_RECORD_HISTORY

# Switching the interface language is open to anyone, the login page included.
set_language = public(i18n_views.set_language)


@public
def health(request):
    return JsonResponse({"status": "ok"})


@requires(USE_APP)
def home(request):
    assignments = request.user.cached_role_assignments()
    return render(request, "core/home.html", {"assignments": assignments})


@requires(VIEW_AUDIT)
def audit_log(request):
    events = selectors.audit_log(actor=request.user, action=request.GET.get("action", ""))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request, "core/audit_log.html", {"page": page, "action": request.GET.get("action", "")}
    )


@requires(VIEW_RECORD_HISTORY)
def record_history(request, content_type_id: int, object_id: str):
    """The history panel of any record page (loaded with htmx)."""
    model = get_object_or_404(ContentType, pk=content_type_id).model_class()
    if model is None:
        raise Http404
    obj = get_object_or_404(model, pk=object_id)
    events = selectors.audit_history(actor=request.user, obj=obj)[:100]
    return render(request, "core/_history.html", {"events": events})
