"""The API's one style, written once for every app's router.

- **Schemas**: input schemas derive from :class:`In` (unknown fields refused, 422);
  business dates are :data:`JalaliDate` (``YYYY/MM/DD``, Persian digits and ``-``/``.``
  accepted, a Gregorian-looking ``2023-01-01`` refused, never read as the year 2644).
- **Lists**: every list answers ``{items, limit, offset, next_offset, count}`` through
  :func:`page_of` and :func:`paged`, with :data:`Limit` and :data:`Offset` bounded.
- **Errors**: every status answers ``{"detail": …, "errors": {field: [messages]}}`` in
  Persian, with field names as the client sent them (:func:`install`); every operation
  declares them (:class:`ApiRouter`); a query parameter the operation does not declare is
  refused with 422, never silently ignored (:func:`seal`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.pagination import PageNumberPagination
from pydantic import (
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    WithJsonSchema,
    create_model,
    field_validator,
)

from abadi.core.jalali import format_jalali, parse_jalali

MAX_LIMIT = 200
MAX_OFFSET = 10_000_000
MAX_PAGE = 100_000

# ---------------------------------------------------------------------------- schemas


def has_nul(value: Any) -> bool:
    """Whether text (or any text inside a list or a mapping) holds a NUL character, which
    no database column may store (PostgreSQL refuses the whole statement)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    return False


def nul_message() -> str:
    return _("متن نویسهٔ تهی (NUL) دارد؛ آن را بردارید.")


class In(Schema):
    """Base of every request body: a field the schema does not name is an error, and so
    is text with a NUL character in any field."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if has_nul(value):
            raise ValueError(nul_message())
        return value

    def values(self, *, exclude_unset: bool = False) -> dict[str, Any]:
        """The fields as Python values for a service (dates as dates, not as the text the
        API writes them as); ``exclude_unset``: only the fields the client sent."""
        names = self.model_fields_set if exclude_unset else type(self).model_fields
        return {name: getattr(self, name) for name in names}


def _business_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise ValueError(_("تاریخ را به صورت متن بنویسید، مثلاً «1401/02/18»."))
    try:
        return parse_jalali(value)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from error


JALALI_PATTERN = r"^\s*[0-9۰-۹٠-٩]{4}\s*[/\-.٫]\s*[0-9۰-۹٠-٩]{1,2}\s*[/\-.٫]\s*[0-9۰-۹٠-٩]{1,2}\s*$"
JALALI_DESCRIPTION = (
    "Jalali date YYYY/MM/DD, e.g. 1401/02/18 (input: Persian or Latin digits, / - or .)"
)

JalaliDate = Annotated[
    datetime.date,
    BeforeValidator(_business_date),
    PlainSerializer(lambda day: format_jalali(day, persian_digits=False), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": JALALI_PATTERN,
            "description": JALALI_DESCRIPTION,
            "examples": ["1401/02/18"],
        }
    ),
]
JalaliDateOut = Annotated[
    datetime.date,
    PlainSerializer(lambda day: format_jalali(day, persian_digits=False), return_type=str),
    WithJsonSchema(
        {"type": "string", "description": "Jalali date YYYY/MM/DD", "examples": ["1401/02/18"]}
    ),
]

MAX_ID = 2**63 - 1
# A record's id in a path, a query or a body: what the database can hold, so a larger
# number is refused as the field's error, never sent to the database.
Id = Annotated[int, Field(ge=1, le=MAX_ID, description="id of a record")]
Limit = Annotated[int, Field(50, ge=1, le=MAX_LIMIT, description="rows per page (1–200)")]
Offset = Annotated[int, Field(0, ge=0, le=MAX_OFFSET, description="rows to skip")]
Year = Annotated[int, Field(ge=1300, le=1500, description="Jalali year, e.g. 1401")]


def jalali(day: datetime.date | None) -> str | None:
    """A date as the API writes it (``1401/02/18``), or None."""
    return format_jalali(day, persian_digits=False) if day else None


class FieldErrors:
    """Collects Persian errors per input field, so one reply names every bad field."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def run(self, name: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationError as error:
            self.errors.setdefault(name, []).extend(error.messages)
            return None

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="Persian messages by field, as the client named it"
    )


ERROR_STATUSES = (400, 401, 403, 404, 413, 422)
ERROR_RESPONSES: dict[int, type[Schema]] = dict.fromkeys(ERROR_STATUSES, ErrorOut)

_PAGES: dict[type, type[Schema]] = {}


def page_of(item: type[Schema]) -> type[Schema]:
    """The list shape of ``item``: ``{items, limit, offset, next_offset, count}``."""
    if item not in _PAGES:
        _PAGES[item] = create_model(
            f"{item.__name__.removesuffix('Out')}Page",
            __base__=Schema,
            items=(list[item], ...),  # type: ignore[valid-type]
            limit=(int, ...),
            offset=(int, ...),
            next_offset=(
                int | None,
                Field(description="offset of the next page; null on the last"),
            ),
            count=(int | None, Field(None, description="all rows, where counting them is cheap")),
        )
    return _PAGES[item]


def paged(
    rows: Any,
    *,
    limit: int,
    offset: int,
    count: bool = False,
    serialize: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """One page of a queryset (or list) plus one look-ahead row: no COUNT unless asked."""
    window = list(rows[offset : offset + limit + 1])
    items = window[:limit]
    return {
        "items": [serialize(row) for row in items] if serialize else items,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(window) > limit else None,
        "count": rows.count()
        if count and hasattr(rows, "count")
        else (len(rows) if count else None),
    }


class PageNumbers(PageNumberPagination):
    """ninja's page-number pagination (``@paginate(PageNumbers)``) with bounded numbers."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="page number (1–100000)")
        page_size: int | None = Field(None, ge=1, le=MAX_LIMIT, description="rows per page")


class ApiRouter(Router):
    """A router whose every operation declares the error responses the API can give."""

    def add_api_operation(self, path: str, methods: list[str], view_func: Callable, **kwargs: Any):
        response = kwargs.get("response")
        if response is not None and not isinstance(response, dict):
            response = {200: response}
        kwargs["response"] = {**ERROR_RESPONSES, **(response or {200: None})}
        return super().add_api_operation(path, methods, view_func, **kwargs)


# ---------------------------------------------------------------------------- errors


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


_SCHEMA_MESSAGES = {
    "missing": "این فیلد لازم است.",
    "extra_forbidden": "این فیلد شناخته نیست.",
    "int_parsing": "باید عدد صحیح باشد.",
    "int_type": "باید عدد صحیح باشد.",
    "int_from_float": "باید عدد صحیح باشد.",
    "bool_parsing": "باید true یا false باشد.",
    "bool_type": "باید true یا false باشد.",
    "string_type": "باید متن باشد.",
    "list_type": "باید فهرست باشد.",
    "dict_type": "باید شیء JSON باشد.",
    "model_type": "باید شیء JSON باشد.",
    "model_attributes_type": "باید شیء JSON باشد.",
    "float_parsing": "باید عدد باشد.",
    "float_type": "باید عدد باشد.",
    "string_too_long": "بیش از اندازه بلند است.",
    "string_too_short": "بیش از اندازه کوتاه است.",
    "json_invalid": "JSON نامعتبر است.",
}


def _schema_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "value_error":
        return str(context.get("error", "")).removeprefix("Value error, ") or _(
            "مقدار این فیلد معتبر نیست."
        )
    if kind in ("less_than_equal", "less_than"):
        return _("باید حداکثر %(limit)s باشد.") % {"limit": context.get("le", context.get("lt"))}
    if kind in ("greater_than_equal", "greater_than"):
        return _("باید دست‌کم %(limit)s باشد.") % {"limit": context.get("ge", context.get("gt"))}
    if kind in ("enum", "literal_error"):
        return _("یکی از این مقدارها باید باشد: %(values)s.") % {
            "values": context.get("expected", "")
        }
    return _(_SCHEMA_MESSAGES.get(kind, "مقدار این فیلد معتبر نیست."))


def _client_field(location: Iterable[Any]) -> str:
    """The field as the client named it: ``("body", "payload", "amount")`` → ``amount``,
    ``("query", "status")`` → ``status``, ``("body", "payload", "cost_lines", 0, "title")``
    → ``cost_lines.0.title``."""
    parts = list(location)
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts:
        parts = parts[1:]
    return ".".join(str(part) for part in parts) or "__all__"


def schema_errors(exc: SchemaError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_client_field(error.get("loc", ())), []).append(_schema_message(error))
    return errors


def validation_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: list(messages) for field, messages in exc.message_dict.items()}
    return {"__all__": list(exc.messages)}


INVALID = "داده نامعتبر است."


def install(api) -> None:
    """Answer every error of ``api`` in the one shape, in Persian."""

    def respond(request, status: int, detail: str, errors=None) -> HttpResponse:
        return api.create_response(request, error_body(detail, errors), status=status)

    handlers: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
        PermissionDenied: lambda request, exc: respond(
            request, 403, _("دسترسی به این بخش مجاز نیست.")
        ),
        Http404: lambda request, exc: respond(request, 404, _("پیدا نشد.")),
        AuthenticationError: lambda request, exc: respond(
            request, 401, _("برای این کار باید وارد شوید یا توکن معتبر بفرستید.")
        ),
        HttpError: lambda request, exc: respond(request, exc.status_code, _http_error_detail(exc)),
        RequestDataTooBig: lambda request, exc: respond(
            request, 413, _("حجم داده فرستاده‌شده از حد مجاز بیشتر است.")
        ),
        SchemaError: lambda request, exc: respond(request, 422, _(INVALID), schema_errors(exc)),
        ValidationError: lambda request, exc: respond(
            request, 422, _(INVALID), validation_errors(exc)
        ),
    }
    for exception, handler in handlers.items():
        api.add_exception_handler(exception, handler)


def _http_error_detail(exc: HttpError) -> str:
    if exc.status_code == 400:
        return _("درخواست خوانا نیست (JSON نامعتبر).")
    if exc.status_code == 403:
        # ninja's session check: a browser call without the CSRF token.
        return _("درخواست بدون نشانهٔ امنیتی (CSRF) فرستاده شده است؛ صفحه را دوباره باز کنید.")
    return str(exc.message)


def status_detail(status: int, *, method: str = "", allowed: str = "") -> str:
    """The Persian ``detail`` of an answer the API's own handlers did not give (a path
    nobody serves, a method a path does not take, a body too large…)."""
    if status == 405:
        return _("روش %(method)s برای این نشانی پذیرفته نیست؛ روش‌های پذیرفته: %(allowed)s.") % {
            "method": method,
            "allowed": allowed or "—",
        }
    messages = {
        400: _("درخواست خوانا نیست."),
        401: _("برای این کار باید وارد شوید یا توکن معتبر بفرستید."),
        403: _("دسترسی به این بخش مجاز نیست."),
        404: _("این نشانی در API نیست."),
        413: _("حجم داده فرستاده‌شده از حد مجاز بیشتر است."),
        500: _("خطایی در سامانه رخ داد؛ دوباره تلاش کنید."),
    }
    return str(messages.get(status, _("درخواست انجام نشد.")))


# ---------------------------------------------------------------------------- parameters

QUERY_NAMES = "abadi_query_names"


def seal(api) -> None:
    """Tell each operation which query parameters it declares, so the permission guard
    (``api_requires``) can refuse any other one."""
    from abadi.core.api_access import api_operations

    for _path, operation in api_operations(api):
        names: set[str] = set()
        for model in operation.models:
            if getattr(model, "__ninja_param_source__", None) == "query":
                names.update(model.__ninja_flatten_map__)
        setattr(operation.view_func, QUERY_NAMES, frozenset(names))


def refuse_unknown_parameters(view_func: Any, request: HttpRequest) -> None:
    declared = getattr(view_func, QUERY_NAMES, None)
    if declared is None:
        return
    unknown = sorted(set(request.GET) - declared)
    if unknown:
        raise ValidationError({name: [_("این پارامتر شناخته نیست.")] for name in unknown})
