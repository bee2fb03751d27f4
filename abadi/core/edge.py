"""The edge kit of the pages: what every view does with a service's answer and with
what the query string says.

- :func:`apply_errors` puts a service's ``ValidationError`` beside the form's fields (or
  above the form when it names no field of the form), so a page shows the same Persian
  message the API returns.
- :func:`int_param` / :func:`year_param` read a bounded number from the query string: a
  value out of bounds or not a number is ignored, never a server error.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.jalali import REPORT_YEARS, parse_jalali
from abadi.core.persian import to_latin_digits, to_persian_digits


def apply_errors(
    form: forms.Form, error: ValidationError, *, renames: dict[str, str] | None = None
) -> None:
    """Show ``error`` on ``form``: each message beside its field (``renames`` maps a
    service's field name to the form's), the rest above the form."""
    renames = renames or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        name = renames.get(field, field)
        form.add_error(name if name in form.fields else None, messages)


def run_service(form: forms.Form, call: Callable[[], Any], **kwargs: Any) -> Any:
    """Call a write service for a valid form; a refusal (``ValidationError``) goes onto the
    form and gives None. ``PermissionDenied`` is not caught: it is a 403, as everywhere."""
    try:
        return call()
    except ValidationError as error:
        apply_errors(form, error, **kwargs)
        return None


# The largest id the database holds (a 64-bit integer): the upper bound of an id parameter.
MAX_ID = 2**63 - 1


def int_param(query: Any, name: str, *, minimum: int, maximum: int) -> int | None:
    """The integer ``name`` of a query string (any digit script), if within bounds."""
    text = to_latin_digits(str(query.get(name, "") or "")).strip()
    if not text or not text.lstrip("-").isdigit() or len(text) > 20:
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def choice_param(query: Any, name: str, choices: Any) -> str:
    """The value ``name`` of a query string if it is one of ``choices`` (a ``TextChoices``
    or its values), else "" — a filter that ignores what it does not know."""
    values = getattr(choices, "values", choices)
    value = str(query.get(name, "") or "")
    return value if value in values else ""


def year_param(query: Any, name: str = "year") -> int | None:
    """A Jalali year of the office's history and plans (1300–1500), or None."""
    return int_param(query, name, minimum=REPORT_YEARS[0], maximum=REPORT_YEARS[1])


def year_error(query: Any, name: str = "year", *, allowed: tuple[str, ...] = ()) -> str:
    """Why the query string's year was not read: empty when it was (or none was given, or
    it is one of ``allowed``, such as "all"); else a Persian reason naming the bounds."""
    text = str(query.get(name, "") or "").strip()
    if not text or text in allowed or year_param(query, name) is not None:
        return ""
    return _("سال باید یک سال شمسی از %(first)s تا %(last)s باشد؛ «%(text)s» خوانده نشد.") % {
        "first": to_persian_digits(REPORT_YEARS[0]),
        "last": to_persian_digits(REPORT_YEARS[1]),
        "text": text[:20],
    }


def is_htmx(request: HttpRequest) -> bool:
    """A request htmx made for a part of the page (not a history restore, which wants it all)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def render_list(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The whole page, or only its ``results`` partial for htmx (search-as-you-type, pager)."""
    response = render(request, f"{template}#results" if is_htmx(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def date_param(query: Any, name: str) -> tuple[datetime.date, str]:
    """A Jalali date of a query string (default today) and the Persian reason it was not
    read, if it was given and is not a date."""
    text = str(query.get(name, "") or "").strip()
    if not text:
        return clock.today(), ""
    try:
        return parse_jalali(text), ""
    except ValidationError as error:
        return clock.today(), " ".join(error.messages)
