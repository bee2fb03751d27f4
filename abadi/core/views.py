from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views import i18n as i18n_views

from abadi.core import clock, selectors
from abadi.core.access import ANY_OPENABLE, public, requires
from abadi.core.files import file_response
from abadi.core.history import readable
from abadi.core.home import headlines_for, shortcuts_for, waiting_for
from abadi.core.permissions import USE_APP, VIEW_AUDIT, VIEW_RECORD_HISTORY
from abadi.core.records import open_record, openable_for

# Switching the interface language is open to anyone, the login page included.
set_language = public(i18n_views.set_language)


@public
def health(request):
    return JsonResponse({"status": "ok"})


@requires(USE_APP)
def home(request):
    context = {
        "assignments": request.user.cached_role_assignments(),
        "waiting": waiting_for(request.user),
        "headlines": headlines_for(request.user),
        "shortcuts": shortcuts_for(request.user),
        "today": clock.today(),
    }
    return render(request, "core/home.html", context)


@requires(VIEW_AUDIT)
def audit_log(request):
    action = request.GET.get("action", "").strip()
    events = selectors.audit_log(actor=request.user, action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"page": page, "action": action, "rows": readable(page.object_list)}
    return render(request, "core/audit_log.html", context)


HISTORY_PAGE = 20  # events a record page shows at once; older ones on request


@requires(VIEW_RECORD_HISTORY, record=ANY_OPENABLE)
def record_history(request, label: str, pk: str):
    """The history panel of a record page (loaded with htmx). The record is opened through
    its own app's selector: a record the viewer may not open answers the same 404."""
    record = open_record(actor=request.user, label=label, pk=pk)
    events = selectors.audit_history(actor=request.user, obj=record)
    page = Paginator(events, HISTORY_PAGE).get_page(request.GET.get("page"))
    context = {"rows": readable(page.object_list), "in_record": True, "page": page}
    if request.GET.get("page"):  # a later page, appended below the events already shown
        return render(request, "core/_history_more.html", context)
    return render(request, "core/_history.html", context)


@requires(USE_APP, record=ANY_OPENABLE)
def record_file(request, label: str, pk: str, field: str):
    """A record's uploaded file, to whoever may open the record; 404 for anyone else."""
    entry = openable_for(label)
    if field not in entry.files:
        raise Http404
    record = open_record(actor=request.user, label=label, pk=pk)
    return file_response(record, field)
