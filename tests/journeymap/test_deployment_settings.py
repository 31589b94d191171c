"""Production is the default: the settings a server reads with no development switch on.

Each test starts Django in a process of its own with only the variables it names (the test
run itself has DEBUG on, tests/settings.py), the way a server is started."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def readme_production_variables() -> dict[str, str]:
    """The variables of the README's "Production settings", with a real secret for the placeholder."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("### Production settings", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    variables = dict(line.split("=", 1) for line in block.splitlines() if line.strip())
    assert variables["SECRET_KEY"].startswith("<"), "the README shows a placeholder, never a key"
    variables["SECRET_KEY"] = secrets.token_urlsafe(50)
    return variables


def django(variables: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`python *args` in the project, with `variables` as its whole environment."""
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "journeymap.settings", **variables}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_finds_nothing_to_report_with_the_readmes_production_variables():
    variables = readme_production_variables()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL", "SECURE_PROXY_SSL_HEADER"} <= variables.keys()
    assert "DEBUG" not in variables

    done = django(variables, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout


@pytest.mark.parametrize("command", [["check", "--deploy"], ["migrate"], ["worker"]])
def test_without_settings_a_server_refuses_to_start_and_says_what_is_missing(command):
    done = django({}, "manage.py", *command)
    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr
    assert "set DEBUG=true" in done.stderr


def test_commands_that_read_only_the_code_need_no_deployment_settings():
    for command in (["check"], ["makemigrations", "--check", "--dry-run"]):
        done = django({}, "manage.py", *command)
        assert done.returncode == 0, done.stderr


SHOW_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name, None) for name in (
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "MAILERS", "LOG_FORMAT")}))
"""


def test_debug_is_off_and_https_on_unless_the_environment_says_otherwise():
    shown = json.loads(django({"SECRET_KEY": secrets.token_urlsafe(50)}, "-c", SHOW_SETTINGS).stdout)
    assert shown["DEBUG"] is False
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert shown["SESSION_COOKIE_SECURE"] is shown["CSRF_COOKIE_SECURE"] is True
    assert shown["SECURE_PROXY_SSL_HEADER"] is None
    assert shown["LOG_FORMAT"] == "json"


def test_the_readmes_variables_name_the_proxy_header_and_the_smtp_server():
    shown = json.loads(django(readme_production_variables(), "-c", SHOW_SETTINGS).stdout)
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown["MAILERS"]["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert shown["MAILERS"]["default"]["OPTIONS"]["host"] == "mail.example.com"


def test_development_turns_the_https_requirements_off():
    shown = json.loads(django({"DEBUG": "true"}, "-c", SHOW_SETTINGS).stdout)
    assert shown["DEBUG"] is True
    assert shown["SECURE_SSL_REDIRECT"] is False
    assert shown["SECURE_HSTS_SECONDS"] == 0
    assert shown["LOG_FORMAT"] == "text"


# A production server on a database of its own, asked for an address over plain HTTP, then
# over HTTPS as the proxy reports it, and for a view that fails.
REQUESTS = """
import json
import django
from django.urls import path

def fails(request):
    raise ZeroDivisionError("a bug in a view")

urlpatterns = [path("fails/", fails)]

django.setup()
from django.conf import settings
from django.test import Client
settings.ROOT_URLCONF = __name__
client = Client(raise_request_exception=False, HTTP_HOST="journeys.example.com")
plain = client.get("/fails/")
proxied = client.get("/fails/", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "proxied": [proxied.status_code, proxied.get("Strict-Transport-Security"), proxied.get("Content-Security-Policy")],
}))
"""


@pytest.fixture(scope="module")
def production_requests(tmp_path_factory) -> subprocess.CompletedProcess[str]:
    """REQUESTS, run by a server with the README's variables (on an SQLite file, without Redis)."""
    database = tmp_path_factory.mktemp("production") / "db.sqlite3"
    variables = readme_production_variables() | {"DATABASE_URL": f"sqlite:///{database}"}
    del variables["REDIS_URL"]
    return django(variables, "-c", REQUESTS)


def test_behind_the_proxy_plain_http_is_redirected_and_https_gets_hsts(production_requests):
    shown = json.loads(production_requests.stdout)
    assert shown["plain"] == [301, "https://journeys.example.com/fails/"]
    status, hsts, policy = shown["proxied"]
    assert status == 500
    assert hsts == "max-age=31536000; includeSubDomains"
    assert policy.startswith("default-src 'self'; script-src 'self'; style-src 'self';")


def test_a_failed_request_is_logged_with_its_traceback_as_one_json_line(production_requests):
    # Every line of the log is one JSON object.
    lines = [json.loads(line) for line in production_requests.stderr.splitlines()]
    errors = [line for line in lines if line["logger"] == "django.request"]
    assert len(errors) == 1, production_requests.stderr
    error = errors[0]
    assert (error["level"], error["message"], error["path"], error["status_code"]) == (
        "ERROR",
        "Internal Server Error: /fails/",
        "/fails/",
        500,
    )
    assert error["traceback"].startswith("Traceback (most recent call last):")
    assert "ZeroDivisionError: a bug in a view" in error["traceback"]


KEPT_BETWEEN_REQUESTS = """
from django.core.signals import request_finished, request_started
from django.db import connection
request_started.send(sender=None)
connection.ensure_connection()
opened = connection.connection
request_finished.send(sender=None)
request_started.send(sender=None)
print(connection.connection is opened)
"""


def test_a_sqlite_connection_is_kept_from_one_request_to_the_next(tmp_path):
    variables = {"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'kept.sqlite3'}"}

    done = django(variables, "-c", f"import django; django.setup(){KEPT_BETWEEN_REQUESTS}")

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "True"
