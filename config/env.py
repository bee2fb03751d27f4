"""Every setting read from the environment, in one place, with its default and meaning."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# name -> (default, meaning); docs/architecture.md lists these too.
REGISTRY: dict[str, tuple[str, str]] = {
    "ABADI_DEBUG": ("1", "1 for development; production settings refuse 1"),
    "ABADI_TECHNICAL_ERRORS": (
        "0",
        "1 shows Django's technical 404/500 pages under ABADI_DEBUG=1 (for a developer); "
        "0 shows everyone the Persian error pages, as production does",
    ),
    "ABADI_SECRET_KEY": ("", "secret key; production refuses an empty or development key"),
    "DATABASE_URL": ("", "empty for the embedded SQLite file; postgres://… for PostgreSQL"),
    "ABADI_SQLITE_PATH": (str(BASE_DIR / "var" / "abadi.sqlite3"), "where the SQLite file lives"),
    "ABADI_ALLOWED_HOSTS": ("127.0.0.1,localhost", "comma-separated host names"),
    "ABADI_MEDIA_ROOT": (str(BASE_DIR / "var" / "media"), "uploaded documents and photos"),
    "ABADI_STATIC_ROOT": (
        str(BASE_DIR / "var" / "staticfiles"),
        "where collectstatic puts the static files the server sends",
    ),
    "ABADI_LOGIN_MAX_FAILURES": (
        "5",
        "failed logins on one user name from one address before that pair is locked",
    ),
    "ABADI_LOGIN_MAX_FAILURES_ADDRESS": (
        "20",
        "failed logins from one address, on any user names, before the address is locked",
    ),
    "ABADI_LOGIN_MAX_FAILURES_ACCOUNT": (
        "50",
        "failed logins on one user name from all addresses before only the addresses it "
        "signed in from before may try it",
    ),
    "ABADI_LOCKOUT_MINUTES": (
        "15",
        "how long a lock lasts; failures older than this are forgotten",
    ),
    "ABADI_SESSION_HOURS": ("9", "a session ends after this many hours without a request"),
    "ABADI_PROXY_HOPS": (
        "0",
        "reverse proxies in front of the server that append X-Forwarded-For (0: none)",
    ),
    "ABADI_IMPORT_MAX_BYTES": (str(50 * 1024 * 1024), "largest spreadsheet an import accepts"),
    "ABADI_IMPORT_INLINE_ROWS": ("2000", "imports with more rows run in the task worker"),
    "ABADI_LOAN_VISIT_DAYS": (
        "180",
        "a disbursed loan without a monitoring visit for this long is due one",
    ),
    "ABADI_PERMIT_EXPIRY_DAYS": (
        "60",
        "a volunteer group whose permit runs out within this many days is listed for renewal",
    ),
    "ABADI_BENEFIT_REPEAT_DAYS": (
        "365",
        "a benefit of the same programme to the same household within this many days is warned",
    ),
}


def env(name: str) -> str:
    default, _meaning = REGISTRY[name]
    return os.environ.get(name, default)


def env_bool(name: str) -> bool:
    return env(name).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in env(name).split(",") if item.strip()]
