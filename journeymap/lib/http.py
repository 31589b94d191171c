from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that has passed through django-htmx's middleware (for type checkers)."""

    htmx: HtmxDetails


def int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
