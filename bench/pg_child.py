"""What the PostgreSQL benchmarks share: a database of their own, dropped and created
afresh on the server of DATABASE_URL when that names PostgreSQL (else ABADI_BENCH_PG_URL,
default postgres://postgres@127.0.0.1:5432), and a child process (the benchmark's own
file with ``--child``) whose DATABASE_URL points at it, so the app's code runs unchanged.
The child prints its measurements as one line ``RESULT {json}``; its other lines are
passed on."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return os.environ.get("ABADI_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def fresh_database(name: str) -> str:
    """The URL of database ``name``, dropped and created anew."""
    import psycopg

    parts = urlsplit(server_url())
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def run_child(script: str, env: dict[str, str], args: tuple[str, ...] = ()) -> dict:
    """Run ``script --child [args]`` with ``env``; its RESULT line, read as JSON."""
    print(f"  load average before: {os.getloadavg()[0]:.2f}", flush=True)
    completed = subprocess.run(
        [sys.executable, script, "--child", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    measured = None
    for line in completed.stdout.splitlines():
        if line.startswith("RESULT "):
            measured = json.loads(line[len("RESULT ") :])
        else:
            print(line, flush=True)
    if measured is None:
        raise RuntimeError(f"benchmark child failed:\n{completed.stdout}\n{completed.stderr}")
    return measured


def measure(script: str, database: str, label: str) -> dict | None:
    """The child's measurements on a fresh ``database``; None (said so) without PostgreSQL."""
    try:
        url = fresh_database(database)
    except Exception as error:  # no PostgreSQL here: say so, measure nothing
        print(f"  PostgreSQL not reachable ({error}); the {label} benchmark was not run")
        return None
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": url}
    return run_child(script, env)
