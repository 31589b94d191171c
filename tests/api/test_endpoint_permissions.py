"""Every endpoint of the API, called by every kind of caller: the same rules as the pages.
No credentials, a revoked or an expired token: 401. An outsider does not learn the map
exists: 404. A member without the right: 403. A member with it: the endpoint's success."""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from api.rest import api
from customer_data.models import ImportStatus, InteractionImport
from customer_data.samples import sample_log_for
from interchange.spreadsheet_export import write_csv_frame
from review.comments import comment_create
from review.versions import version_create
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db

CALLERS = ["anonymous", "revoked", "expired", "outsider", "viewer", "reviewer", "editor", "owner"]
# Who may, for each right the pages know (maps/access.py); "signed in" is anyone with a working token.
MAY = {
    "signed in": {"outsider", "viewer", "reviewer", "editor", "owner"},
    "view": {"viewer", "reviewer", "editor", "owner"},
    "comment": {"reviewer", "editor", "owner"},
    "edit": {"editor", "owner"},
    "manage": {"owner"},
}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # formatted with the world's ids
    right: str
    success: int = 200
    body: Callable[[SimpleNamespace], dict] | None = None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def current_version(model, pk: int) -> int:
    return model.objects.get(pk=pk).version


ENDPOINTS = [
    Endpoint("GET", "/api/v1/me", "signed in"),
    Endpoint("GET", "/api/v1/maps", "signed in"),
    Endpoint("POST", "/api/v1/maps", "signed in", 201, lambda w: {"title": "Mine"}),
    Endpoint("GET", "/api/v1/maps/{map}", "view"),
    Endpoint("GET", "/api/v1/maps/{map}/summary", "view"),
    Endpoint("PATCH", "/api/v1/maps/{map}", "edit", body=lambda w: {"title": "Renamed", "version": w.map.version}),
    Endpoint("POST", "/api/v1/maps/{map}/archive", "manage", body=lambda w: {"archived": True}),
    Endpoint("GET", "/api/v1/maps/{map}/export.json", "view"),
    Endpoint("GET", "/api/v1/maps/{map}/export.csv", "view"),
    Endpoint("GET", "/api/v1/maps/{map}/export.xlsx", "view"),
    Endpoint("GET", "/api/v1/maps/{map}/stages", "view"),
    Endpoint("POST", "/api/v1/maps/{map}/stages", "edit", 201, lambda w: {"name": "Loyalty"}),
    Endpoint("GET", "/api/v1/maps/{map}/stages/{stage}", "view"),
    Endpoint("PATCH", "/api/v1/maps/{map}/stages/{stage}", "edit", body=lambda w: {"name": "Seeing", "version": 1}),
    Endpoint("DELETE", "/api/v1/maps/{map}/stages/{stage}", "edit", 204),
    Endpoint("POST", "/api/v1/maps/{map}/stages/{stage}/move", "edit", body=lambda w: {"position": 1}),
    Endpoint("GET", "/api/v1/maps/{map}/lanes", "view"),
    Endpoint("POST", "/api/v1/maps/{map}/lanes", "edit", 201, lambda w: {"channel": "email"}),
    Endpoint("GET", "/api/v1/maps/{map}/lanes/{lane}", "view"),
    Endpoint("DELETE", "/api/v1/maps/{map}/lanes/{lane}", "edit", 204),
    Endpoint("POST", "/api/v1/maps/{map}/lanes/{lane}/move", "edit", body=lambda w: {"position": 1}),
    Endpoint("GET", "/api/v1/maps/{map}/touchpoints", "view"),
    Endpoint(
        "POST",
        "/api/v1/maps/{map}/touchpoints",
        "edit",
        201,
        lambda w: {"stage": w.stage, "lane": w.lane, "title": "T"},
    ),
    Endpoint("GET", "/api/v1/maps/{map}/touchpoints/{touchpoint}", "view"),
    Endpoint(
        "PATCH",
        "/api/v1/maps/{map}/touchpoints/{touchpoint}",
        "edit",
        body=lambda w: {"csat": 80, "version": current_version(Touchpoint, w.touchpoint)},
    ),
    Endpoint("DELETE", "/api/v1/maps/{map}/touchpoints/{touchpoint}", "edit", 204),
    Endpoint(
        "POST",
        "/api/v1/maps/{map}/touchpoints/{touchpoint}/move",
        "edit",
        body=lambda w: {"stage": w.stage, "lane": w.lane, "position": 1, "version": 1},
    ),
    Endpoint("GET", "/api/v1/maps/{map}/pain-points", "view"),
    Endpoint("POST", "/api/v1/maps/{map}/pain-points", "edit", 201, lambda w: {"stage": w.stage, "title": "Slow"}),
    Endpoint("GET", "/api/v1/maps/{map}/pain-points/{pain_point}", "view"),
    Endpoint(
        "PATCH", "/api/v1/maps/{map}/pain-points/{pain_point}", "edit", body=lambda w: {"severity": 4, "version": 1}
    ),
    Endpoint("DELETE", "/api/v1/maps/{map}/pain-points/{pain_point}", "edit", 204),
    Endpoint("GET", "/api/v1/maps/{map}/opportunities", "view"),
    Endpoint("POST", "/api/v1/maps/{map}/opportunities", "edit", 201, lambda w: {"stage": w.stage, "title": "Faster"}),
    Endpoint("GET", "/api/v1/maps/{map}/opportunities/{opportunity}", "view"),
    Endpoint(
        "PATCH",
        "/api/v1/maps/{map}/opportunities/{opportunity}",
        "edit",
        body=lambda w: {"status": "done", "version": 1},
    ),
    Endpoint("DELETE", "/api/v1/maps/{map}/opportunities/{opportunity}", "edit", 204),
    Endpoint("GET", "/api/v1/maps/{map}/comments", "view"),
    Endpoint("POST", "/api/v1/maps/{map}/comments", "comment", 201, lambda w: {"body": "Why?"}),
    Endpoint("POST", "/api/v1/maps/{map}/comments/{thread}/resolve", "comment", body=lambda w: {"resolved": True}),
    Endpoint("GET", "/api/v1/maps/{map}/versions", "view"),
    Endpoint("POST", "/api/v1/maps/{map}/versions", "edit", 201, lambda w: {"note": "Before the workshop"}),
    Endpoint("GET", "/api/v1/maps/{map}/versions/1/diff", "view"),
    Endpoint("GET", "/api/v1/maps/{map}/interactions", "view"),
    Endpoint("POST", "/api/v1/maps/{map}/interactions", "edit", 202, lambda w: {"file": w.log_file()}),
    Endpoint("GET", "/api/v1/maps/{map}/interactions/{job}", "view"),
    Endpoint("POST", "/api/v1/maps/{map}/interactions/{job}/apply", "edit"),
    Endpoint(
        "PUT", "/api/v1/maps/{map}/metrics", "edit", body=lambda w: {"rows": [{"touchpoint": w.touchpoint, "nps": 30}]}
    ),
]


@pytest.fixture
def world(board) -> SimpleNamespace:
    """The board, with a thread, a version and an interaction log analysed."""
    journey_map = board.cast.map
    log = write_csv_frame(sample_log_for(journey_map, customers=30))
    job = InteractionImport.objects.create(
        map=journey_map, file_name="log.csv", content=log, status=ImportStatus.DONE, results={"touchpoints": []}
    )
    thread = comment_create(journey_map=journey_map, author=board.cast.reviewer, body="Is this right?")
    version_create(journey_map=journey_map, user=board.cast.owner)
    journey_map.refresh_from_db()
    return SimpleNamespace(
        map=journey_map,
        stage=board.stages[0].pk,
        lane=board.lanes[0].pk,
        touchpoint=board.touchpoints[0].pk,
        pain_point=board.pain_point.pk,
        opportunity=board.opportunity.pk,
        thread=thread.pk,
        job=job.pk,
        log_file=lambda: SimpleUploadedFile("log.csv", log, content_type="text/csv"),
    )


def call(client, endpoint: Endpoint, world: SimpleNamespace):
    ids = {name: value for name, value in vars(world).items() if isinstance(value, int)}
    path = endpoint.path.format(map=world.map.pk, **ids)
    body = endpoint.body(world) if endpoint.body else None
    if body is not None and "file" in body:
        return client.post(path, body)
    return client.generic(endpoint.method, path, data=_json(body), content_type="application/json")


def _json(body: dict | None) -> str:
    return json.dumps(body) if body is not None else ""


def expected(endpoint: Endpoint, caller: str) -> int:
    if caller in ("anonymous", "revoked", "expired"):
        return 401
    if caller in MAY[endpoint.right]:
        return endpoint.success
    return 404 if caller == "outsider" else 403


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_each_caller_gets_what_the_pages_would_give_them(world, api_as, endpoint: Endpoint):
    """Each caller's call runs in a savepoint rolled back after it, so every caller meets the
    same world (an editor's delete does not leave the owner a 404) and the world is built
    once per endpoint."""
    wrong = []
    for caller in CALLERS:
        with transaction.atomic():
            response = call(api_as(caller), endpoint, world)
            transaction.set_rollback(True)
        if response.status_code != expected(endpoint, caller):
            wrong.append(
                f"{caller}: {response.status_code}, expected {expected(endpoint, caller)}: {response.content[:200]!r}"
            )
        elif response.status_code >= 400 and (
            response["Content-Type"] != "application/problem+json" or response.json()["status"] != response.status_code
        ):
            wrong.append(f"{caller}: {response.status_code} is not a problem document")
    assert not wrong, "\n".join(wrong)


def test_the_matrix_covers_every_route_of_the_api():
    documented = {
        (method.upper(), path)
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method in operations
    }
    covered = {(endpoint.method, _template(endpoint.path)) for endpoint in ENDPOINTS}
    assert {(method, _template(path)) for method, path in documented} == covered


def _template(path: str) -> str:
    """Paths with their parameters blanked out, so that {map}, {map_id} and 1 compare equal."""
    path = re.sub(r"\.(json|csv|xlsx|\{format\})$", ".{}", path)
    return re.sub(r"/(\{[^}]+\}|\d+)(?=/|$)", "/{}", path)
