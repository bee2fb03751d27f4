"""Start-up checks: an API operation without a declared permission stops the server."""

from django.core import checks

from abadi.core.access import ACCESS_ATTRIBUTE


@checks.register(checks.Tags.security)
def api_operations_declare_access(app_configs, **kwargs):
    from abadi.core.api_access import api_operations
    from config.api import api

    return [
        checks.Error(
            f"API operation {path} declares no permission",
            hint="decorate it with abadi.core.api_access.api_requires(PERM)",
            id="abadi.E001",
        )
        for path, operation in api_operations(api)
        if getattr(operation.view_func, ACCESS_ATTRIBUTE, None) is None
    ]
