"""The import pages: choose a kind, get its template, upload, preview, commit, follow."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from abadi.core.access import requires
from abadi.core.exports import ExportColumn, export_response
from abadi.core.imports import (
    ImportFileError,
    ImportKind,
    get_import_kind,
    import_kinds,
    import_kinds_for,
    max_bytes,
)
from abadi.core.imports.batches import (
    batch_create,
    batch_get,
    batch_request_commit,
    batch_start,
    batches_for,
)
from abadi.core.imports.readers import megabytes
from abadi.core.imports.template import write_template
from abadi.core.models import ImportBatch
from abadi.core.permissions import USE_APP, has_perm

ERRORS_PER_PAGE = 100
# Multipart framing around the file: a request this much over the limit is refused unread.
UPLOAD_OVERHEAD = 64 * 1024


def _kind(request: HttpRequest, name: str) -> ImportKind:
    try:
        kind = get_import_kind(name)
    except KeyError:
        raise Http404 from None
    if not has_perm(request.user, kind.perm):  # type: ignore[arg-type]
        raise PermissionDenied(kind.perm)
    return kind


@requires(USE_APP)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/import/index.html",
        {
            "kinds": import_kinds_for(request.user),
            "kind_labels": {kind.name: kind.label for kind in import_kinds()},
            "batches": batches_for(actor=request.user)[:20],
        },
    )


@requires(USE_APP)
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    import_kind = _kind(request, kind)
    out = io.BytesIO()
    write_template(import_kind, out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{import_kind.name}-template.xlsx"'
    return response


def _upload_page(
    request: HttpRequest, kind: ImportKind, *, error: str = "", details=(), status: int = 200
):
    return render(
        request,
        "core/import/upload.html",
        {
            "kind": kind,
            "error": error,
            "details": details,
            "max_bytes": max_bytes(),
            "max_megabytes": megabytes(max_bytes()),
        },
        status=status,
    )


# The size is checked before the body is read: CSRF is checked only after that (the
# middleware would otherwise read the whole upload to find its token).
@requires(USE_APP)
@csrf_exempt
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    import_kind = _kind(request, kind)
    if request.method != "POST":
        return _upload_page(request, import_kind)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_bytes() + UPLOAD_OVERHEAD:
        message = _(
            "حجم پرونده بیش از %(limit)s مگابایت است؛ پرونده را به چند پرونده کوچک‌تر بشکنید."
        ) % {"limit": megabytes(max_bytes())}
        # No "Connection: close": a WSGI application may not set hop-by-hop headers (the
        # development server answers 500 to one); the server drains or drops the body.
        return _upload_page(request, import_kind, error=message, status=413)
    return _receive(request, import_kind)


@csrf_protect
def _receive(request: HttpRequest, kind: ImportKind) -> HttpResponse:
    upload_file = request.FILES.get("file")
    if upload_file is None:
        return _upload_page(request, kind, error=_("پرونده‌ای انتخاب نشده است."), status=422)
    try:
        batch = batch_create(
            actor=request.user,
            kind=kind,
            file=upload_file,
            name=upload_file.name or "upload",
            size=upload_file.size or 0,
        )
    except ImportFileError as error:
        return _upload_page(request, kind, error=error.message, details=error.details, status=422)
    batch_start(batch)
    return redirect("imports:batch", pk=batch.pk)


def _batch_context(request: HttpRequest, batch: ImportBatch) -> dict:
    kind = get_import_kind(batch.kind)
    errors = Paginator(batch.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "batch": batch,
        "kind": kind,
        "page": errors,
        "errors_not_shown": max(0, batch.error_count - len(batch.errors)),
        "can_commit": batch.status == ImportBatch.Status.VALIDATED
        and batch.valid_rows > 0
        and has_perm(request.user, kind.perm),  # type: ignore[arg-type]
    }


@requires(USE_APP, record=ImportBatch)
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_get(actor=request.user, pk=pk)
    return render(request, "core/import/batch.html", _batch_context(request, batch))


@requires(USE_APP, record=ImportBatch)
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled every second while the batch runs; then a full reload."""
    batch = batch_get(actor=request.user, pk=pk)
    if not batch.is_running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "core/import/_progress.html", {"batch": batch})


@requires(USE_APP, record=ImportBatch)
@require_POST
def batch_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_get(actor=request.user, pk=pk)
    _kind(request, batch.kind)
    if not batch_request_commit(batch):
        messages.error(request, _("این پرونده آمادهٔ ثبت نیست یا پیش‌تر ثبت شده است."))
    return redirect("imports:batch", pk=batch.pk)


@requires(USE_APP, record=ImportBatch)
def batch_errors(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The stored row errors as a spreadsheet, to fix the file beside it."""
    batch = batch_get(actor=request.user, pk=pk)
    columns = [
        ExportColumn(_("ردیف"), lambda error: error["row"], width=8),
        ExportColumn(_("ستون"), lambda error: error["column"], width=24),
        ExportColumn(_("خطا"), lambda error: error["message"], width=80),
    ]
    # A streaming response (csv) is not an HttpResponse to the type checker; access.View
    # is typed for HttpResponse.
    return export_response(  # type: ignore[return-value]
        rows=batch.errors,
        columns=columns,
        title=_("خطاها"),
        fmt=fmt,
        filename=f"import-{batch.pk}-errors",
    )
