"""The production settings start: collectstatic, migrate and gunicorn, on PostgreSQL.

Everything runs as an operator would run it, in separate processes under
``config.production``: a throwaway database is created for the run and dropped after it,
the static files go to a temporary STATIC_ROOT, and the requests carry the
``X-Forwarded-Proto: https`` a TLS-terminating reverse proxy adds (production redirects
plain HTTP to HTTPS).
"""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

pytestmark = pytest.mark.production

BASE_DIR = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/test")
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def _server_connection() -> psycopg.Connection:
    try:
        return psycopg.connect(
            PG_URL.replace("postgres://", "postgresql://", 1), autocommit=True, connect_timeout=3
        )
    except psycopg.Error as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: PostgreSQL at {PG_URL} is required: {error}")
        pytest.skip(f"PostgreSQL at {PG_URL} is not reachable")


@pytest.fixture
def database_url():
    server = _server_connection()
    name = f"abadi_prodcheck_{secrets.token_hex(6)}"
    server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(PG_URL)._replace(path=f"/{name}"))
    finally:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        server.close()


@pytest.fixture
def production_env(database_url, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ABADI_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.production",
        ABADI_DEBUG="0",
        ABADI_SECRET_KEY=secrets.token_urlsafe(64),
        ABADI_ALLOWED_HOSTS="127.0.0.1",
        ABADI_STATIC_ROOT=str(tmp_path / "static"),
        ABADI_MEDIA_ROOT=str(tmp_path / "media"),
        DATABASE_URL=database_url,
    )
    return env


def abadi(*args: str, env: dict) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "abadi.cli", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"abadi {' '.join(args)}:\n{result.stderr[-4000:]}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict, log: Path):
    port = _free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(port, server, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_for(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{log.read_text()[-4000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"gunicorn did not listen on {port}:\n{log.read_text()[-4000:]}")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str):
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(url, headers=PROXY_HEADERS)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_production_serves_the_login_page_and_static_files(production_env, tmp_path):
    abadi("collectstatic", "--no-input", env=production_env)
    abadi("migrate", "--no-input", env=production_env)
    log = tmp_path / "gunicorn.log"
    with gunicorn(production_env, log) as base:
        status, headers, body = fetch(f"{base}/accounts/login/")
        assert status == 200, log.read_text()[-4000:]
        page = body.decode()
        assert headers["Content-Type"].startswith("text/html")
        assert 'lang="fa"' in page and "ورود به آبادی" in page
        assert "max-age=31536000" in headers["Strict-Transport-Security"]

        # The manifest is in use: the page names the files by their hashed names.
        stylesheet = re.search(
            r'href="(/static/vendor/bootstrap/bootstrap\.rtl\.min\.\w{12}\.css)"', page
        )
        script = re.search(r'src="(/static/vendor/htmx/htmx\.min\.\w{12}\.js)"', page)
        assert stylesheet and script, page[:2000]
        status, headers, body = fetch(base + stylesheet.group(1))
        assert status == 200 and headers["Content-Type"].startswith("text/css")
        assert b".container" in body
        status, headers, _body = fetch(base + script.group(1))
        assert status == 200 and "javascript" in headers["Content-Type"]
