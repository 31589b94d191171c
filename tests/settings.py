"""The settings the tests run with: the project's own, on a development machine's defaults.

Production is the default of journeymap/settings.py (DEBUG off, a SECRET_KEY required,
HTTPS only). The tests run with no environment at all, as a developer's `make test` does,
so the variables a developer would set are filled in here, before the settings read them.
What the environment sets still wins (DATABASE_URL for PostgreSQL, for instance).
"""

import os

os.environ.setdefault("DEBUG", "true")

from journeymap.settings import *  # noqa: F403
