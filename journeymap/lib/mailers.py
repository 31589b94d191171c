"""The outgoing mail server, configured by one URL: smtp://user:password@host:587/?tls=true."""

from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
TRUE = {"1", "true", "yes", "on"}


def mailer_from_url(url: str) -> dict[str, Any]:
    """A MAILERS entry for the SMTP server of `url`.

    `smtp://` speaks plain SMTP, upgraded with STARTTLS when the query says `tls=true`;
    `smtps://` speaks SMTP over TLS from the start. User and password are percent-decoded,
    so a password may hold any character (`@` as `%40`). `timeout=` is in seconds.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(f"EMAIL_URL must start with smtp:// or smtps://, not {parts.scheme or url!r}.")
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL names no host, e.g. smtp://user:password@mail.example.com:587/?tls=true.")
    query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    use_ssl = parts.scheme == "smtps" or query.get("ssl", "").lower() in TRUE
    use_tls = query.get("tls", "").lower() in TRUE
    if use_ssl and use_tls:
        raise ImproperlyConfigured("EMAIL_URL asks for both TLS (STARTTLS) and SSL: choose one.")
    try:
        port = parts.port
        timeout = float(query["timeout"]) if "timeout" in query else None
    except ValueError as error:
        raise ImproperlyConfigured(f"EMAIL_URL has a bad port or timeout: {error}.") from None
    options: dict[str, Any] = {"host": parts.hostname, "port": port, "use_tls": use_tls, "use_ssl": use_ssl}
    if parts.username:
        options["username"] = unquote(parts.username)
        options["password"] = unquote(parts.password or "")
    if timeout is not None:
        options["timeout"] = timeout
    return {"BACKEND": SMTP_BACKEND, "OPTIONS": options}
