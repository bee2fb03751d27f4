"""Production settings: the base settings plus refusals and hardening.

Refuses to start with DEBUG on or without a real secret key, so that no development default
ever reaches a server.
"""

from django.core.exceptions import ImproperlyConfigured

from config.settings import *  # noqa: F403
from config.settings import DEBUG as _DEBUG
from config.settings import DEVELOPMENT_SECRET_KEY, SECRET_KEY

if _DEBUG:
    raise ImproperlyConfigured("production settings refuse ABADI_DEBUG=1; set ABADI_DEBUG=0")
if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "production settings need ABADI_SECRET_KEY: at least 50 random characters"
    )

DEBUG = False
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
