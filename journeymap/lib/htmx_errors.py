"""Failed htmx requests answer a notice, never a page.

htmx swaps what the server answers into the element that asked: a grid cell, the edit
dialog. A 403, 404 or 500 page there (or Django's debug page) would replace part of the
editor with a whole page. This middleware answers those requests with a small notice that
goes into the page's notice region instead (static/js/safety.js swaps it in).
The designed answers of the editor itself, the form with its errors (422) and the fresh
item after a stale write (409), already say what happened and pass untouched.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from journeymap.lib.http import INVALID, NOTICE_REGION, STALE


def failure_message(status: int) -> str:
    """What a person is told when their request failed with `status`."""
    if status == 403:
        return _("Your role on this map does not let you do this. The map's owner can change your role.")
    if status == 404:
        return _("This is no longer here: someone may have deleted it. Reload the page to see the map as it is now.")
    if status >= 500:
        return _("Something went wrong on the server and nothing was changed. Try again in a moment.")
    return _("That could not be done. Reload the page and try again.")


def notice_toast(request: HttpRequest, message: str, *, status: int, level: str = "error") -> HttpResponse:
    """A toast that joins the page's notice region, whatever element asked."""
    content = render_to_string("_notice_toast.html", {"message": message, "level": level}, request=request)
    response = HttpResponse(content, status=status)
    response["HX-Retarget"] = NOTICE_REGION
    response["HX-Reswap"] = "beforeend"
    return response


class HtmxErrorNoticeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        designed = response.status_code in (INVALID, STALE) or response.has_header("HX-Retarget")
        if response.status_code >= 400 and request.headers.get("HX-Request") == "true" and not designed:
            message = getattr(request, "refusal", "") or failure_message(response.status_code)
            return notice_toast(request, message, status=response.status_code)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        """A refusal names the role it takes (maps/access.py): the notice says so too."""
        if isinstance(exception, PermissionDenied) and str(exception):
            setattr(request, "refusal", str(exception))
