from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI
from ninja.errors import ValidationError as SchemaError

from abadi.core.api_access import API_AUTH

api = NinjaAPI(
    title="Abadi API",
    version="1",
    description="API of Abadi. Every list is limited to the caller's areas.",
    auth=API_AUTH,
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": "دسترسی به این بخش مجاز نیست."}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request, {"detail": "داده نامعتبر است.", "errors": errors}, status=422
    )


@api.exception_handler(SchemaError)
def schema_error(request, exc):
    """Input of the wrong shape (text where a number belongs…), named field by field."""
    errors = {
        ".".join(str(part) for part in error.get("loc", ())[1:]) or "__all__": [
            "مقدار این فیلد معتبر نیست."
        ]
        for error in exc.errors
    }
    return api.create_response(
        request, {"detail": "داده نامعتبر است.", "errors": errors}, status=422
    )


for app in settings.ABADI_APPS:
    if find_spec(f"{app}.api") is not None:
        api.add_router("", import_module(f"{app}.api").router)
