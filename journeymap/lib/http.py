from collections.abc import Callable

from django.contrib.auth.models import User
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django_htmx.http import trigger_client_event
from django_htmx.middleware import HtmxDetails

from journeymap.lib.ids import parse_id

# Statuses htmx is configured to swap (see base.html): the form again, with its errors,
# and the fresh item after a stale write.
INVALID = 422
STALE = 409
# Where notices that answer an htmx request go (the toasts of templates/base.html); a failed
# request's notice is swapped in there by static/js/safety.js.
NOTICE_REGION = "#toasts"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


class HtmxHttpRequest(HttpRequest):
    """A request that has passed through django-htmx's middleware (for type checkers)."""

    htmx: HtmxDetails
    # Every page but the share links asks for a login first.
    user: User


def int_or_none(value: str | None) -> int | None:
    """The id a query parameter names, or None when it is absent or empty. Anything else (a
    word, a negative number, a number no key can reach) is a bad request: 400, never a query."""
    if not value:
        return None
    number = parse_id(value)
    if number is None:
        raise BadRequest(f"{value[:40]!r} is not an id.")
    return number


def page_or_fragment(
    request: HtmxHttpRequest, page: str, fragment: str, context: dict, *, status: int = 200
) -> HttpResponse:
    """The named fragment of `page` to htmx; the whole page to a plain request."""
    return render(request, f"{page}#{fragment}" if request.htmx else page, context, status=status)


def announce(response: HttpResponse, *events: str) -> HttpResponse:
    """Tell the page what changed, so the regions that depend on it refresh themselves."""
    for event in events:
        trigger_client_event(response, event)
    return response


def download(content: bytes, title: str, extension: str, content_type: str, *, suffix: str = "") -> HttpResponse:
    """A file to save, named after the map's title."""
    name = f"{slugify(title, allow_unicode=True)[:80] or 'journey-map'}{suffix}.{extension}"
    disposition = content_disposition_header(as_attachment=True, filename=name)
    return HttpResponse(content, content_type=content_type, headers={"Content-Disposition": disposition})


def not_modified_or(request: HttpRequest, etag: str, build: Callable[[], HttpResponse]) -> HttpResponse:
    """The answer `build` makes, tagged with `etag`; or, without building it, 304 Not Modified
    when the request's If-None-Match already names the tag. Django compares the tags weakly,
    so the W/ form that a compressed answer carries matches too. Pages ask with their own
    If-None-Match, so the browser's cache is told not to answer for us."""
    headers = {"ETag": etag, "Cache-Control": "no-store"}
    tagged = HttpResponse(headers=headers)
    conditional = get_conditional_response(request, etag=etag, response=tagged)
    if conditional is not None and conditional is not tagged:  # 304, or 412 for a failed If-Match
        return conditional
    response = build()
    for name, value in headers.items():
        response[name] = value
    return response
