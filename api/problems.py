"""Every error of the API in one shape, `application/problem+json` (RFC 9457):
{type, title, status, detail, errors: [{loc, msg}]}, plus `current` on a stale write."""

import re
from http import HTTPStatus
from typing import Any

from django.core.exceptions import BadRequest, ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from pydantic import BaseModel

from interchange.documents import DocumentError
from maps.services import TooManyItems

PROBLEM_JSON = "application/problem+json"
STALE_TYPE = "https://journeymap.example/problems/stale-version"
# The codes every endpoint may answer with a problem, listed in the OpenAPI document.
ERROR_CODES = frozenset({400, 401, 403, 404, 409, 412, 422, 428, 429})


class Problem(Exception):
    """An error answer raised from anywhere in an endpoint."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        *,
        errors: list[dict[str, Any]] | None = None,
        current: dict[str, Any] | None = None,
        type: str = "about:blank",
    ):
        super().__init__(detail)
        self.status, self.detail, self.errors, self.current, self.type = status, detail, errors or [], current, type


def stale(current: BaseModel | None, detail: str) -> Problem:
    """409: someone changed (or deleted) the item first; `current` is the item as it is now."""
    return Problem(409, detail, current=current.model_dump(mode="json") if current else None, type=STALE_TYPE)


def problem_response(problem: Problem) -> HttpResponse:
    body: dict[str, Any] = {
        "type": problem.type,
        "title": HTTPStatus(problem.status).phrase,
        "status": problem.status,
        "detail": problem.detail,
        "errors": problem.errors,
    }
    if problem.current is not None:
        body["current"] = problem.current
    return JsonResponse(body, status=problem.status, content_type=PROBLEM_JSON)


def _loc(loc) -> list[str | int]:
    # Ninja puts where a value came from first ("body", "query"), then the name of the
    # endpoint's body parameter, then the pydantic path: the parameter's name means nothing to a caller.
    parts = [part if isinstance(part, int) else str(part) for part in loc]
    return [parts[0], *parts[2:]] if parts[:1] == ["body"] and len(parts) > 2 else parts


def _document_errors(messages: list[str]) -> list[dict[str, Any]]:
    """A document's problems read "touchpoints[3].stage: there is no stage 9": split into loc and msg."""
    errors = []
    for message in messages:
        where, separator, what = message.partition(": ")
        path = re.findall(r"[A-Za-z_]+|\d+", where) if separator else []
        errors.append(
            {"loc": ["body", "document", *(int(p) if p.isdigit() else p for p in path)], "msg": what or message}
        )
    return errors


def install(api: NinjaAPI) -> None:
    """Answer every error the endpoints and the services below them raise as a problem."""

    def handler(exception_class, make):
        api.add_exception_handler(exception_class, lambda request, error: problem_response(make(request, error)))

    handler(Problem, lambda request, error: error)
    handler(Http404, lambda request, error: Problem(404, str(error) or "Not found."))
    handler(ObjectDoesNotExist, lambda request, error: Problem(404, "Not found."))
    handler(PermissionDenied, lambda request, error: Problem(403, str(error)))
    handler(BadRequest, lambda request, error: Problem(400, str(error)))
    handler(TooManyItems, lambda request, error: Problem(422, str(error)))
    handler(DocumentError, lambda request, error: Problem(422, str(error), errors=_document_errors(error.messages)))
    handler(
        ValidationError,
        lambda request, error: Problem(
            422,
            "The request does not fit the schema.",
            errors=[{"loc": _loc(item.get("loc", ())), "msg": item.get("msg", "")} for item in error.errors],
        ),
    )
    api.add_exception_handler(AuthenticationError, lambda request, error: _unauthorised(error))
    handler(Throttled, lambda request, error: Problem(429, "Too many requests for this token: wait and try again."))
    handler(HttpError, lambda request, error: Problem(error.status_code, str(error)))


def _unauthorised(error: object) -> HttpResponse:
    detail = str(error) if str(error) != "Unauthorized" else "Send a personal API token as `Authorization: Bearer …`."
    response = problem_response(Problem(401, detail))
    response["WWW-Authenticate"] = 'Bearer realm="journeymap"'
    return response
