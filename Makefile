# The two commands in the README. Both prepare .venv first (scripts/bootstrap),
# which is quick once it is done.
#
#   make start               demo data, then the app at http://127.0.0.1:8000
#   make test                the whole test suite, browser tests included
#   make test ARGS="-k grid" extra arguments for pytest
#   make bench               timings of the large map, on a throwaway SQLite file
#
# Set VENV to use another virtual environment, PYTHON to build it with a
# given interpreter, DATABASE_URL to run on PostgreSQL instead of SQLite.

VENV ?= .venv
ARGS ?=
export VENV

manage := $(VENV)/bin/python manage.py

.PHONY: start test bench

start:
	scripts/bootstrap
	$(manage) migrate --noinput
	$(manage) load_demo
	$(manage) collectstatic --noinput --verbosity 0
	$(manage) runserver 127.0.0.1:8000

test:
	scripts/bootstrap test
	scripts/install-browser
	$(VENV)/bin/python -m pytest $(ARGS)

bench: export DATABASE_URL = sqlite:////tmp/journeymap-bench.sqlite3
bench:
	scripts/bootstrap
	rm -f /tmp/journeymap-bench.sqlite3*
	$(manage) migrate --noinput --verbosity 0
	$(manage) bench
