"""An app server's process, once loaded, keeps what start-up loaded out of the garbage collector's full passes."""

import pytest

from tests.conftest import fresh_python


@pytest.mark.parametrize("module", ["journeymap.wsgi", "journeymap.asgi"])
def test_loading_the_application_loads_every_view_and_freezes_them(module):
    printed = fresh_python(f"import gc, sys, {module}; print(gc.get_freeze_count(), 'maps.item_views' in sys.modules)")
    frozen, views_loaded = printed.split()
    assert int(frozen) > 10_000
    assert views_loaded == "True"
