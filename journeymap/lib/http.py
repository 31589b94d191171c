from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import trigger_client_event
from django_htmx.middleware import HtmxDetails

# Statuses htmx is configured to swap (see base.html): the form again, with its errors,
# and the fresh item after a stale write.
INVALID = 422
STALE = 409


class HtmxHttpRequest(HttpRequest):
    """A request that has passed through django-htmx's middleware (for type checkers)."""

    htmx: HtmxDetails


def int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def page_or_fragment(request: HtmxHttpRequest, page: str, fragment: str, context: dict, *, status: int = 200) -> HttpResponse:
    """The named fragment of `page` to htmx; the whole page to a plain request."""
    return render(request, f"{page}#{fragment}" if request.htmx else page, context, status=status)


def announce(response: HttpResponse, *events: str) -> HttpResponse:
    """Tell the page what changed, so the regions that depend on it refresh themselves."""
    for event in events:
        trigger_client_event(response, event)
    return response
