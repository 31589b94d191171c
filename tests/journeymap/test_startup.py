"""An app server's process, once loaded, keeps what start-up loaded out of the garbage collector's full passes."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.mark.parametrize("module", ["journeymap.wsgi", "journeymap.asgi"])
def test_loading_the_application_loads_every_view_and_freezes_them(module):
    script = f"import gc, sys, {module}; print(gc.get_freeze_count(), 'maps.item_views' in sys.modules)"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "journeymap.settings", "DEBUG": "true"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
    )
    frozen, views_loaded = done.stdout.split()
    assert int(frozen) > 10_000
    assert views_loaded == "True"
