"""Base settings: development defaults, everything overridable from the environment."""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from config.env import BASE_DIR, env, env_bool, env_list

DEVELOPMENT_SECRET_KEY = "abadi-development-key-not-for-production"

DEBUG = env_bool("ABADI_DEBUG")
# Under DEBUG, Django answers a missing page or a crash with its English technical page.
# A person using the demo gets the Persian pages instead (abadi.core.middleware.
# ErrorPagesMiddleware); a developer asks for the technical ones.
ABADI_TECHNICAL_ERRORS = env_bool("ABADI_TECHNICAL_ERRORS")
SECRET_KEY = env("ABADI_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env_list("ABADI_ALLOWED_HOSTS")

# Order matters only for template overrides: abadi.core first.
ABADI_APPS = [
    "abadi.core",
    "abadi.geography",
    "abadi.accounts",
    "abadi.organisations",
    "abadi.people",
    "abadi.reporting",
    "abadi.loans",
    "abadi.funds",
    "abadi.relief",
    "abadi.projects",
    "abadi.volunteers",
    "abadi.training",
    "abadi.events",
]

INSTALLED_APPS = [
    *ABADI_APPS,
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "abadi.core.middleware.ErrorPagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "abadi.core.middleware.SessionRenewalMiddleware",
    "abadi.core.middleware.LanguageMiddleware",
    "abadi.core.middleware.ApiErrorMiddleware",
    "abadi.core.middleware.NulQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "abadi.core.middleware.RequestContextMiddleware",
    "abadi.core.middleware.DenyByDefaultMiddleware",
]

# Project templates may override Django's widget templates (Bootstrap classes on every input).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# Every password check, whichever page asks for it (the login page, Django's admin), passes
# the login throttle (docs/adr/0007-login-throttling.md).
AUTHENTICATION_BACKENDS = ["abadi.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "abadi.core.context_processors.navigation",
            ],
            "builtins": ["abadi.core.templatetags.abadi"],
        },
    }
]


def _database() -> dict:
    url = env("DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60))
    path = env("ABADI_SQLITE_PATH")
    Path(path).parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock
            # at BEGIN so select_for_update-style read-decide-write cannot deadlock.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
        "TEST": {"NAME": ""},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("ABADI_STATIC_ROOT")
MEDIA_URL = "/media/"
MEDIA_ROOT = env("ABADI_MEDIA_ROOT")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

ABADI_LOGIN_MAX_FAILURES = int(env("ABADI_LOGIN_MAX_FAILURES"))
ABADI_LOGIN_MAX_FAILURES_ADDRESS = int(env("ABADI_LOGIN_MAX_FAILURES_ADDRESS"))
ABADI_LOGIN_MAX_FAILURES_ACCOUNT = int(env("ABADI_LOGIN_MAX_FAILURES_ACCOUNT"))
ABADI_LOCKOUT_MINUTES = int(env("ABADI_LOCKOUT_MINUTES"))
ABADI_PROXY_HOPS = int(env("ABADI_PROXY_HOPS"))
ABADI_BENEFIT_REPEAT_DAYS = int(env("ABADI_BENEFIT_REPEAT_DAYS"))
ABADI_LOAN_VISIT_DAYS = int(env("ABADI_LOAN_VISIT_DAYS"))
ABADI_PERMIT_EXPIRY_DAYS = int(env("ABADI_PERMIT_EXPIRY_DAYS"))
ABADI_IMPORT_MAX_BYTES = int(env("ABADI_IMPORT_MAX_BYTES"))
ABADI_IMPORT_INLINE_ROWS = int(env("ABADI_IMPORT_INLINE_ROWS"))

# Only the office's own files run or style a page: no inline script, no style attribute or
# <style> element, nothing from elsewhere. Values passed to a script travel in data-
# attributes or json_script. Bootstrap's stylesheet draws its icons from data: URIs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# A session ends after a working day without a request, not two weeks after the login.
SESSION_COOKIE_AGE = int(env("ABADI_SESSION_HOURS")) * 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
