from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("abadi.accounts.urls")),
    path("import/", include("abadi.core.import_urls")),
    path("", include("abadi.core.urls")),
]

# Each app's pages live under its own label: /geography/, /people/, /loans/ …
for app in settings.ABADI_APPS:
    label = app.rsplit(".", 1)[1]
    if label not in {"core", "accounts"} and find_spec(f"{app}.urls") is not None:
        urlpatterns.append(path(f"{label}/", include(f"{app}.urls")))
# Uploaded files are never served as plain media: each module serves its documents through
# a view that checks the viewer's permission and area.
