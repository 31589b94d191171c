"""Every endpoint of the grid editor, asked by every role: editors may, reviewers and
viewers are refused (403), outsiders do not learn the map exists (404)."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from maps.services import item_delete
from tests.conftest import EDITORS, HTMX, READ_ONLY, ROLES
from tests.factories import TouchpointFactory
from touchpoints.models import Channel

pytestmark = pytest.mark.django_db


def version(item) -> int:
    """The item's version as the database has it now: what a form opened just before would carry."""
    return type(item).objects.get(pk=item.pk).version


def endpoints(board, who: str) -> list[tuple[str, str, Callable[[], dict]]]:
    """Each endpoint with the data it is sent, read when the request goes out (so an edit
    carries the version the item has by then: the earlier requests change it)."""
    m = board.cast.map.pk
    stage, lane = board.stages[0], board.lanes[0]
    touchpoint, pain_point, opportunity = board.touchpoints[0], board.pain_point, board.opportunity
    spare = TouchpointFactory(stage=stage, lane=lane, position=9)
    deleted = item_delete(journey_map=board.cast.map, item=spare, user=getattr(board.cast, who), label="spare")
    return [
        ("GET", reverse("maps:stage-new", args=[m]), dict),
        ("POST", reverse("maps:stage-new", args=[m]), lambda: {"name": "New"}),
        ("GET", reverse("maps:stage-edit", args=[m, stage.pk]), dict),
        (
            "POST",
            reverse("maps:stage-edit", args=[m, stage.pk]),
            lambda: {"name": "Renamed", "version": version(stage)},
        ),
        ("POST", reverse("maps:stage-move", args=[m, stage.pk]), lambda: {"position": 2}),
        ("GET", reverse("maps:lane-new", args=[m]), dict),
        (
            "POST",
            reverse("maps:lane-new", args=[m]),
            lambda: {"channel": Channel.objects.get(slug="email").pk},
        ),
        ("POST", reverse("maps:lane-move", args=[m, lane.pk]), lambda: {"position": 2}),
        ("GET", reverse("touchpoints:new", args=[m, stage.pk, lane.pk]), dict),
        ("POST", reverse("touchpoints:new", args=[m, stage.pk, lane.pk]), lambda: {"title": "New", "emotion": 0}),
        ("GET", reverse("touchpoints:edit", args=[m, touchpoint.pk]), dict),
        (
            "POST",
            reverse("touchpoints:edit", args=[m, touchpoint.pk]),
            lambda: {"title": "T", "emotion": 1, "version": version(touchpoint)},
        ),
        (
            "POST",
            reverse("touchpoints:move", args=[m, touchpoint.pk]),
            lambda: {"stage": stage.pk, "lane": lane.pk, "position": 2, "version": version(touchpoint)},
        ),
        ("GET", reverse("touchpoints:pain-point-new", args=[m, stage.pk]), dict),
        (
            "POST",
            reverse("touchpoints:pain-point-new", args=[m, stage.pk]),
            lambda: {"title": "P", "severity": 2, "cause": "price"},
        ),
        ("GET", reverse("touchpoints:pain-point-edit", args=[m, pain_point.pk]), dict),
        (
            "POST",
            reverse("touchpoints:pain-point-edit", args=[m, pain_point.pk]),
            lambda: {"title": "Slow", "severity": 3, "cause": "service", "version": version(pain_point)},
        ),
        ("GET", reverse("touchpoints:opportunity-new", args=[m, stage.pk]), dict),
        (
            "POST",
            reverse("touchpoints:opportunity-new", args=[m, stage.pk]),
            lambda: {"title": "O", "impact": 3, "effort": 2, "status": "idea"},
        ),
        ("GET", reverse("touchpoints:opportunity-edit", args=[m, opportunity.pk]), dict),
        (
            "POST",
            reverse("touchpoints:opportunity-edit", args=[m, opportunity.pk]),
            lambda: {"title": "Faster", "impact": 4, "effort": 2, "status": "planned", "version": version(opportunity)},
        ),
        ("POST", reverse("touchpoints:delete", args=[m, touchpoint.pk]), dict),
        ("POST", reverse("touchpoints:pain-point-delete", args=[m, pain_point.pk]), dict),
        ("POST", reverse("touchpoints:opportunity-delete", args=[m, opportunity.pk]), dict),
        ("POST", reverse("maps:undo", args=[m, deleted.pk]), dict),
        ("POST", reverse("maps:lane-delete", args=[m, board.lanes[1].pk]), dict),
        ("POST", reverse("maps:stage-delete", args=[m, board.stages[1].pk]), dict),
    ]


def call(client, method: str, url: str, data: Callable[[], dict]):
    if method == "GET":
        return client.get(url, headers=HTMX)
    return client.post(url, data(), headers=HTMX)


@pytest.mark.parametrize("who", EDITORS)
def test_it_lets_owners_and_editors_use_every_endpoint(board, who):
    client = board.cast.client_for(who)
    for method, url, data in endpoints(board, who):
        response = call(client, method, url, data)
        # Every write carries the current version: a 409 here would be a refused stale write.
        assert response.status_code == 200, (method, url, response.status_code, response.text[:500])


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
