"""Every endpoint of the grid editor, asked by every role: editors may, reviewers and
viewers are refused (403), outsiders do not learn the map exists (404)."""

import pytest
from django.urls import reverse

from maps.services import item_delete
from tests.conftest import EDITORS, HTMX, READ_ONLY, ROLES
from tests.factories import TouchpointFactory

pytestmark = pytest.mark.django_db


def endpoints(board, who: str) -> list[tuple[str, str, dict]]:
    m = board.cast.map.pk
    stage, lane = board.stages[0], board.lanes[0]
    touchpoint = board.touchpoints[0]
    spare = TouchpointFactory(stage=stage, lane=lane, position=9)
    deleted = item_delete(journey_map=board.cast.map, item=spare, user=getattr(board.cast, who), label="spare")
    return [
        ("GET", reverse("maps:stage-new", args=[m]), {}),
        ("POST", reverse("maps:stage-new", args=[m]), {"name": "New"}),
        ("GET", reverse("maps:stage-edit", args=[m, stage.pk]), {}),
        ("POST", reverse("maps:stage-edit", args=[m, stage.pk]), {"name": "Renamed", "version": stage.version}),
        ("POST", reverse("maps:stage-move", args=[m, stage.pk]), {"position": 2}),
        ("GET", reverse("maps:lane-new", args=[m]), {}),
        ("POST", reverse("maps:lane-new", args=[m]), {"new_channel": "Kiosk", "new_channel_kind": "offline"}),
        ("POST", reverse("maps:lane-move", args=[m, lane.pk]), {"position": 2}),
        ("GET", reverse("touchpoints:new", args=[m, stage.pk, lane.pk]), {}),
        ("POST", reverse("touchpoints:new", args=[m, stage.pk, lane.pk]), {"title": "New", "emotion": 0}),
        ("GET", reverse("touchpoints:edit", args=[m, touchpoint.pk]), {}),
        ("POST", reverse("touchpoints:edit", args=[m, touchpoint.pk]), {"title": "T", "emotion": 1, "version": 1}),
        (
            "POST",
            reverse("touchpoints:move", args=[m, touchpoint.pk]),
            {"stage": stage.pk, "lane": lane.pk, "position": 2, "version": 1},
        ),
        ("GET", reverse("touchpoints:pain-point-new", args=[m, stage.pk]), {}),
        (
            "POST",
            reverse("touchpoints:pain-point-new", args=[m, stage.pk]),
            {"title": "P", "severity": 2, "cause": "price"},
        ),
        ("GET", reverse("touchpoints:pain-point-edit", args=[m, board.pain_point.pk]), {}),
        ("GET", reverse("touchpoints:opportunity-new", args=[m, stage.pk]), {}),
        (
            "POST",
            reverse("touchpoints:opportunity-new", args=[m, stage.pk]),
            {"title": "O", "impact": 3, "effort": 2, "status": "idea"},
        ),
        ("GET", reverse("touchpoints:opportunity-edit", args=[m, board.opportunity.pk]), {}),
        ("POST", reverse("touchpoints:delete", args=[m, touchpoint.pk]), {}),
        ("POST", reverse("touchpoints:pain-point-delete", args=[m, board.pain_point.pk]), {}),
        ("POST", reverse("touchpoints:opportunity-delete", args=[m, board.opportunity.pk]), {}),
        ("POST", reverse("maps:undo", args=[m, deleted.pk]), {}),
        ("POST", reverse("maps:lane-delete", args=[m, board.lanes[1].pk]), {}),
        ("POST", reverse("maps:stage-delete", args=[m, board.stages[1].pk]), {}),
    ]


def call(client, method: str, url: str, data: dict):
    return client.get(url, headers=HTMX) if method == "GET" else client.post(url, data, headers=HTMX)


@pytest.mark.parametrize("who", EDITORS)
def test_it_lets_owners_and_editors_use_every_endpoint(board, who):
    client = board.cast.client_for(who)
    for method, url, data in endpoints(board, who):
        response = call(client, method, url, data)
        assert response.status_code in (200, 409), (method, url, response.status_code)


@pytest.mark.parametrize("who", READ_ONLY)
def test_it_refuses_reviewers_and_viewers_on_every_endpoint(board, who):
    client = board.cast.client_for(who)
    for method, url, data in endpoints(board, who):
        assert call(client, method, url, data).status_code == 403, (method, url)
    assert board.cast.map.touchpoints.count() == 3  # the spare one was deleted by the fixture
    assert board.cast.map.stages.count() == 2


def test_it_hides_every_endpoint_from_an_outsider(board):
    client = board.cast.client_for("outsider")
    for method, url, data in endpoints(board, "owner"):
        assert call(client, method, url, data).status_code == 404, (method, url)


def test_it_sends_anonymous_visitors_to_log_in(board, client):
    for method, url, data in endpoints(board, "owner"):
        response = call(client, method, url, data)
        assert response.status_code == 302 and "/login/" in response.url, (method, url)


@pytest.mark.parametrize("who", ROLES)
def test_it_shows_edit_controls_only_to_editors(board, who):
    text = board.cast.client_for(who).get(board.cast.map.get_absolute_url()).text
    controls = ["＋ Stage", "＋ Lane", "touchpoints/new/", "data-move-url", "/edit/", "/delete/", "drag-handle"]
    assert all(control in text for control in controls) is (who in EDITORS)
    assert any(control in text for control in controls) is (who in EDITORS)


def test_it_refuses_items_of_another_map(board):
    from tests.factories import TouchpointFactory

    foreign = TouchpointFactory()
    url = reverse("touchpoints:edit", args=[board.cast.map.pk, foreign.pk])
    assert board.cast.client_for("owner").get(url).status_code == 404
