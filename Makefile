# The two commands in the README. Both prepare .venv first (scripts/bootstrap),
# which is quick once it is done.
#
#   make start               demo data, then the app at http://127.0.0.1:8000
#   make test                the whole test suite, browser tests included
#   make test ARGS="-k grid" extra arguments for pytest
#   make bench               timings of the large map, on a throwaway SQLite file
#   make lock                pin the dependencies of pyproject.toml into requirements/
#
# Set VENV to use another virtual environment, PYTHON to build it with a
# given interpreter, DATABASE_URL to run on PostgreSQL instead of SQLite.

VENV ?= .venv
ARGS ?=
export VENV

manage := $(VENV)/bin/python manage.py

.PHONY: start test check bench lock

start:
	scripts/bootstrap
	$(manage) migrate --noinput
	$(manage) load_demo
	$(manage) collectstatic --noinput --verbosity 0
	$(manage) runserver 127.0.0.1:8000

test: check
	scripts/install-browser
	$(VENV)/bin/python -m pytest $(ARGS)

# Lint, formatting and types: quick, so they run before the tests.
check:
	scripts/bootstrap test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: export DATABASE_URL = sqlite:////tmp/journeymap-bench.sqlite3
bench:
	scripts/bootstrap
	rm -f /tmp/journeymap-bench.sqlite3*
	$(manage) migrate --noinput --verbosity 0
	$(manage) bench

lock:
	$(VENV)/bin/python -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --allow-unsafe --output-file requirements/app.txt pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --allow-unsafe --extra test --output-file requirements/test.txt pyproject.toml
