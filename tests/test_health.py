"""The health checks a proxy or a container runtime probes: /healthz while the process
serves, /readyz while the database, the cache and the task queue answer."""

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from journeymap.lib import health


def test_healthz_answers_without_touching_the_database():
    # No database fixture: any query here would fail the test.
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_200_when_the_database_the_cache_and_the_queue_answer():
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "queue": "ok"}}


@pytest.mark.django_db
def test_readyz_answers_503_when_the_cache_raises(monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Connection refused")

    monkeypatch.setattr(cache, "set", unreachable)
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"] == {"database": "ok", "cache": "error: ConnectionError", "queue": "ok"}


@pytest.mark.django_db
def test_readyz_answers_503_when_the_database_is_out(monkeypatch):
    def unreachable():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(health, "check_database", unreachable)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error: OperationalError"


@pytest.mark.django_db
def test_readyz_answers_503_when_the_redis_of_the_queue_is_out(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"] == "error: ConnectionError"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_by_the_servers_own_address_over_plain_http_are_answered(settings, path):
    settings.ALLOWED_HOSTS = ["journeys.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get(path, HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200


def test_other_pages_still_check_the_host(settings):
    settings.ALLOWED_HOSTS = ["journeys.example.com"]
    assert Client().get("/login/", HTTP_HOST="10.0.0.5:8000").status_code == 400
