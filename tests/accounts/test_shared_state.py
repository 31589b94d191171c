"""What every app server must see alike (sessions, the login throttle, presence) lives in
Redis or in the database, never in one process's memory."""

import json
import os
import subprocess
import sys

import pytest
from django.core.cache import caches

from journeymap.settings import BASE_DIR


def cache_and_sessions_with(**environment: str) -> dict:
    """CACHES and SESSION_ENGINE as a server started with `environment` reads them."""
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps({'cache': settings.CACHES['default'], 'sessions': settings.SESSION_ENGINE}))"
    )
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "journeymap.settings", "SECRET_KEY": "x" * 50}
    output = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env=env | environment,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


def test_without_redis_the_cache_is_a_table_of_the_database():
    configured = cache_and_sessions_with()
    assert configured["cache"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert configured["sessions"] == "accounts.sessions"


def test_with_redis_url_the_cache_is_redis():
    configured = cache_and_sessions_with(REDIS_URL="redis://redis.internal:6379/0")
    assert configured["cache"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://redis.internal:6379/0",
    }


@pytest.mark.django_db
def test_migrate_creates_the_cache_table_so_that_two_servers_share_one_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": settings.CACHE_TABLE},
        "another_server": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": settings.CACHE_TABLE},
    }
    caches["default"].set("login-failures:address:203.0.113.9", 3)
    assert caches["another_server"].get("login-failures:address:203.0.113.9") == 3
