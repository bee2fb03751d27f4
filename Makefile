# Abadi: `make run` serves the demo at http://127.0.0.1:8000, `make test` runs what CI runs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
ABADI := $(VENV)/bin/abadi
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
# The two cores of the CI machine each take half the tests.
WORKERS ?= -n 2

.PHONY: run test venv lint typecheck checks test-sqlite test-postgres test-production test-e2e bench clean

$(VENV)/.installed: pyproject.toml
	@PYTHON=$$(scripts/find-python.sh) && echo "using $$PYTHON" && \
	  $$PYTHON -m venv $(VENV) && \
	  $(PY) -m pip install --quiet --upgrade pip && \
	  $(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

venv: $(VENV)/.installed

run: venv
	@mkdir -p var
	$(ABADI) migrate --no-input
	$(ABADI) demo
	@# The task worker runs large imports in the background; it stops with the server.
	@$(ABADI) db_worker & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  $(ABADI) serve 127.0.0.1:8000

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: venv
	$(VENV)/bin/mypy abadi config

checks: venv
	$(ABADI) makemigrations --check --dry-run
	ABADI_DEBUG=0 ABADI_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	  DJANGO_SETTINGS_MODULE=config.production $(ABADI) check --deploy --fail-level WARNING

# The two passes run either side of the office's midnight (see conftest.py), so the suite
# never depends on the hour CI happens to run at.
test-sqlite: venv
	ABADI_TEST_CLOCK=23:59 $(VENV)/bin/pytest $(WORKERS) -m "not e2e and not production" $(PYTEST_ARGS)

# PostgreSQL is optional on a developer's machine, never under CI=true. The generated access
# matrix (tests/guard) checks ORM filters that read alike on both databases: it runs in the
# SQLite pass only; schemathesis and the query-count sweep run in both.
test-postgres: venv
	@if $(PY) scripts/pg_reachable.py "$(PG_URL)"; then \
	  ABADI_TEST_CLOCK=00:01 DATABASE_URL="$(PG_URL)" $(VENV)/bin/pytest $(WORKERS) -m "not e2e and not production and not access_matrix" $(PYTEST_ARGS); \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "CI=true: PostgreSQL at $(PG_URL) is required and not reachable" >&2; exit 1; \
	else \
	  echo "*** PostgreSQL at $(PG_URL) is not reachable: the PostgreSQL pass was NOT run ***"; \
	fi

# collectstatic, migrate and gunicorn under config.production, on a throwaway PostgreSQL
# database, then the login page and a static file fetched as a reverse proxy would.
test-production: venv
	@if $(PY) scripts/pg_reachable.py "$(PG_URL)"; then \
	  PG_URL="$(PG_URL)" $(VENV)/bin/pytest -m production tests/production $(PYTEST_ARGS); \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "CI=true: PostgreSQL at $(PG_URL) is required and not reachable" >&2; exit 1; \
	else \
	  echo "*** PostgreSQL at $(PG_URL) is not reachable: the production start was NOT checked ***"; \
	fi

test-e2e: venv
	@if [ -x /usr/bin/chromium ]; then \
	  $(VENV)/bin/pytest -m e2e tests/e2e $(PYTEST_ARGS); \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "CI=true: /usr/bin/chromium is required for the browser tests" >&2; exit 1; \
	else \
	  echo "*** /usr/bin/chromium not found (apt-get install chromium): browser tests NOT run ***"; \
	fi

test: lint typecheck checks test-sqlite test-postgres test-production test-e2e

bench: venv
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var
