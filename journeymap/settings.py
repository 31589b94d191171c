"""Journeymap settings: one file, every deployment difference read from the environment."""

import logging
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from journeymap.lib.mailers import mailer_from_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


# Off unless asked for: a server started without configuration must not show tracebacks
# or run on a known key. `make start`, `make bench` and the tests (tests/settings.py) turn it on.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "journeymap-insecure-development-key" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. With DEBUG off (the default) Journeymap needs a long random secret "
        "in the SECRET_KEY environment variable, for instance the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`. "
        "On a development machine set DEBUG=true instead (make start does)."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "accounts",
    "personas",
    "touchpoints",
    "maps",
    "charts",
    "interchange",
    "customer_data",
    "review",
    "reports",
    "demo",
    "api",
]

MIDDLEWARE = [
    # First: a load balancer probes by the server's address over plain HTTP, which the host
    # check and the HTTPS redirect below would refuse.
    "journeymap.lib.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed too (a big map's grid is HTML that shrinks about 15 times);
    # Django's gzip carries its own BREACH mitigation. Static files are already compressed.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After LocaleMiddleware: a logged-in person's own language wins over the browser's.
    "accounts.languages.UserLanguageMiddleware",
    "maps.activity.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Inside django-htmx's: an htmx request that fails (403, 404, 500 ...) gets a notice, not a page.
    "journeymap.lib.htmx_errors.HtmxErrorNoticeMiddleware",
]

ROOT_URLCONF = "journeymap.urls"
WSGI_APPLICATION = "journeymap.wsgi.application"
ASGI_APPLICATION = "journeymap.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

SQLITE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", SQLITE_URL), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one request writes; IMMEDIATE takes the write lock
    # at the start of a transaction so two writers queue instead of deadlocking.
    # Connections are kept between requests, as on PostgreSQL: opening one costs more than
    # a small request's own work, and closing the last one checkpoints the whole WAL.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (log analysis, pictures, e-mail, purges) runs as tasks in `manage.py worker`.
# The queue is a table of the database, so a fresh machine needs nothing more; with REDIS_URL
# it is Redis, through RQ. Analyses get a queue of their own so that a long one never keeps a
# picture or an e-mail waiting when a worker serves each queue.
TASK_QUEUES = ["default", "analysis"]
INSTALLED_APPS += ["journeymap.lib.background", "django_tasks_db"]
if env_str("REDIS_URL", ""):
    INSTALLED_APPS += ["django_rq"]
    TASKS = {"default": {"BACKEND": "journeymap.lib.background.rq.RQBackend", "QUEUES": TASK_QUEUES}}
    RQ_QUEUES = {name: {"URL": env_str("REDIS_URL", ""), "DEFAULT_TIMEOUT": 1800} for name in TASK_QUEUES}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}

# How long a deleted stage, lane, touchpoint, pain point or opportunity can be brought back
# (its toast's Undo and the map's "Recently deleted"); the hourly purge drops older records.
UNDO_KEEP_SECONDS = env_int("UNDO_KEEP_SECONDS", 3600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The cache every app server shares: Redis when REDIS_URL is set, otherwise a table of the
# database (created by a migration). Not the per-process memory cache, even on one machine:
# the login throttle, the sessions' cached copies and the presence markers must be the same
# for every worker process, or a session ended by one would live on in another.
REDIS_URL = env_str("REDIS_URL", "")
CACHE_TABLE = "journeymap_cache"
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            # Past MAX_ENTRIES the table is culled at random: set high enough that a flood of
            # failed log-ins cannot wipe the counts that lock an account.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
# Sessions are rows of the database, read through the cache (Django's cached_db, whose rows
# also record the user): logging out ends a session on every server, and "log out
# everywhere" ends all of a user's sessions.
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
# Failed log-ins in a row on one account, and from one address, before log-ins are refused
# for LOGIN_LOCKOUT (accounts/throttle.py). Behind a proxy, the address is read from
# X-Forwarded-For: PROXY_COUNT says how many proxies in front of the app add to it.
LOGIN_FAILURE_LIMIT = 10
LOGIN_ADDRESS_FAILURE_LIMIT = 30
LOGIN_LOCKOUT = timedelta(minutes=15)
PROXY_COUNT = env_int("PROXY_COUNT", 0)
# Requests a minute one API token (or one browser session's user) may make; counted in the cache.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 600)
AUTHENTICATION_BACKENDS = [
    "accounts.throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "maps:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A browser keeps the language chosen in it for a year, not only until it closes
# (accounts/languages.py: a logged-in person's choice also follows them to other browsers).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# E-mail (mentions, invitations) goes to the SMTP server of EMAIL_URL, e.g.
# smtp://user:password@mail.example.com:587/?tls=true (journeymap/lib/mailers.py reads it).
# Without one it is printed on the console, which only suits development.
EMAIL_URL = env_str("EMAIL_URL", "")
if EMAIL_URL:
    MAILERS = {"default": mailer_from_url(EMAIL_URL)}
else:
    MAILERS = {"default": {"BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "journeymap@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# HTTPS. A production server redirects plain HTTP and tells browsers to come back over HTTPS
# only (HSTS). Behind a proxy that ends TLS, the app sees plain HTTP: SECURE_PROXY_SSL_HEADER
# names the header in which the proxy passes the original scheme, as Django spells it
# (HTTP_X_FORWARDED_PROTO for X-Forwarded-Proto). Set it only when the proxy always sets or
# overwrites that header, or a client could claim HTTPS on a plain connection.
if proxy_ssl_header := env_str("SECURE_PROXY_SSL_HEADER", ""):
    SECURE_PROXY_SSL_HEADER = (proxy_ssl_header, "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
# Subdomains of the app's own host name (not its siblings under the same domain).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading commits a whole registrable domain, every host under it, to HTTPS in browsers for
# months; that is the domain owner's decision, so the app leaves it off and does not warn.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)

# Content-Security-Policy: scripts, styles, images, fonts and requests only from the app itself
# (images also as data: addresses), no inline code or style at all, and no framing. Templates
# keep none (tests/journeymap/test_content_security.py): behaviour lives in static/js, looks in
# static/css, colours that come from data are SVG fill attributes. plotly.js finds its CSS in
# static/vendor/plotly (scripts/plotly-css) and styles its SVG text through the CSSOM
# (static/js/figures.js); htmx evaluates nothing and adds no <style> (templates/base.html).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Logs go to standard error: one JSON object a line in production (time, level, logger,
# message, traceback), readable text in development. Errors of requests (django.request,
# with the traceback of a 500) are among them whatever DEBUG says.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "journeymap.lib.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "journeymap": {"level": env_str("LOG_LEVEL", "INFO")},
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
# Python's warnings (a missing static folder, a deprecation) become log lines like the rest.
logging.captureWarnings(True)
