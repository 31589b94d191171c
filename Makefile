# The two commands in the README. Both prepare .venv first (scripts/bootstrap),
# which is quick once it is done.
#
#   make start               demo data, then the app at http://127.0.0.1:8000 and its workers
#   make worker              a worker for background tasks alone (when the app runs elsewhere)
#   make serve               production: migrations, static files, then gunicorn (README, "Deploying")
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

.PHONY: start serve worker test check bench lock

# The development commands run with DEBUG on; the settings' default is production.
start: export DEBUG ?= true
start:
	scripts/bootstrap
	scripts/install-browser || echo "Going on without them: picture exports (PNG, SVG, PDF) will say they are unavailable."
	$(manage) migrate --noinput
	$(manage) load_demo
	$(manage) collectstatic --noinput --verbosity 0
	@# Two workers in the background, one per queue, so that an analysis never holds up a
	@# picture or an e-mail; they stop with the server.
	$(manage) worker --queue analysis & analysis=$$!; \
	$(manage) worker --queue default & default=$$!; \
	trap 'kill $$analysis $$default 2>/dev/null' EXIT INT TERM; \
	$(manage) runserver 127.0.0.1:8000

# A worker for the queued tasks (analyses, pictures, e-mail, purges), in the foreground.
worker: export DEBUG ?= true
worker:
	scripts/bootstrap
	$(manage) migrate --noinput
	$(manage) worker

# Production: DEBUG off, the rest from the environment (README, "Deploying"). gunicorn reads
# gunicorn.conf.py: HOST and PORT to bind, WEB_CONCURRENCY processes.
serve:
	scripts/bootstrap
	$(manage) migrate --noinput
	$(manage) collectstatic --noinput --verbosity 0
	exec $(VENV)/bin/gunicorn journeymap.wsgi

test: check
	scripts/install-browser
	scripts/install-checkers
	$(VENV)/bin/python -m pytest $(ARGS)

# Lint, formatting and types: quick, so they run before the tests.
check:
	scripts/bootstrap test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: export DATABASE_URL = sqlite:////tmp/journeymap-bench.sqlite3
bench: export DEBUG ?= true
bench:
	scripts/bootstrap
	scripts/install-browser || echo "Going on without them: the PNG / PDF pictures will not be measured."
	rm -f /tmp/journeymap-bench.sqlite3*
	$(manage) migrate --noinput --verbosity 0
	$(manage) bench

lock:
	$(VENV)/bin/python -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --allow-unsafe --output-file requirements/app.txt pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --allow-unsafe --extra test --output-file requirements/test.txt pyproject.toml
