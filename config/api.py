from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from ninja import NinjaAPI

from abadi.accounts.api_auth import API_AUTH
from abadi.core import api_kit

api = NinjaAPI(
    title="Abadi API",
    version="1",
    description=(
        "API of Abadi. Every list is limited to the caller's areas. Dates are Jalali "
        "YYYY/MM/DD, amounts integer rials, areas Statistical Centre codes. Every error "
        'answers {"detail": …, "errors": {field: [messages]}} in Persian.'
    ),
    auth=API_AUTH,
    urls_namespace="api",
)
api_kit.install(api)

for app in settings.ABADI_APPS:
    if find_spec(f"{app}.api") is not None:
        api.add_router("", import_module(f"{app}.api").router)

api_kit.seal(api)
