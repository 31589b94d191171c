"""Health checks for the proxy, the load balancer or the container runtime
(`HealthCheckMiddleware`, first in settings.MIDDLEWARE).

`/healthz` answers as long as the process serves requests, and touches nothing else: a
restart is the cure only when this fails. `/readyz` checks what a request needs (the
database, the cache, the task queue) and answers 503 while one of them is out, so that
traffic goes to another server meanwhile. Both answer a small JSON body and are never cached.
"""

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("journeymap")
SERVICE_UNAVAILABLE = 503
# Seconds to wait for Redis: a probe must answer before the balancer gives up on it.
REDIS_TIMEOUT = 2


class HealthCheckMiddleware:
    """Answers /healthz and /readyz before any other middleware runs: the probes come by the
    server's own address (not in ALLOWED_HOSTS) and over plain HTTP (which SECURE_SSL_REDIRECT
    would redirect). The answers carry no address that a forged Host header could bend."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.probes = {"/healthz": healthz, "/readyz": readyz}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = self.probes.get(request.path_info)
        return probe(request) if probe else self.get_response(request)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database, "cache": check_cache, "queue": check_queue}
    results = {name: _outcome(name, check) for name, check in checks.items()}
    ready = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": results}, status=200 if ready else SERVICE_UNAVAILABLE
    )


def _outcome(name: str, check: Callable[[], None]) -> str:
    try:
        check()
    except Exception as error:
        # The class name only: the probe's answer may be public, the log is not.
        logger.warning("Readiness check %s failed", name, exc_info=True)
        return f"error: {type(error).__name__}"
    return "ok"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    # A key of its own: probes of several servers at once must not read each other's.
    value = uuid.uuid4().hex
    key = f"readyz:{value}"
    cache.set(key, value, timeout=10)
    kept = cache.get(key)
    cache.delete(key)
    if kept != value:
        raise RuntimeError("the cache did not keep what was written to it")


def check_queue() -> None:
    """With Redis, the tasks wait in Redis; without it, in the database, checked above."""
    if settings.REDIS_URL:
        import redis

        redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        ).ping()
    else:
        check_database()
