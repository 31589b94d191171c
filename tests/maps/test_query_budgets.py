"""Pages and fragments that read a map stay within a fixed number of queries on the
benchmark-sized map (20 stages, 12 lanes, 1000 touchpoints, 200 pain points, 200 opportunities)."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from tests.conftest import HTMX

pytestmark = pytest.mark.django_db

GRID_PAGE_BUDGET = 15
FRAGMENT_BUDGET = 8
# A move rewrites the positions of two cells (each in two UPDATEs, see maps/positions.py)
# and answers both cells.
MOVE_BUDGET = 15
# An undoable delete first collects and keeps everything the delete removes.
DELETE_BUDGET = 30
# Every write also records one line of the map's activity feed (maps/activity.py).
ACTIVITY = 1
# A write that adds an item first counts the map's items, against the cap (maps/services.py).
ITEM_CAP = 1


def test_the_grid_page_stays_within_budget(large, max_queries):
    journey_map, client = large
    with max_queries(GRID_PAGE_BUDGET):
        response = client.get(journey_map.get_absolute_url())
    assert response.text.count('class="card-tp ') == 1000


def test_the_grid_page_filtered_by_persona_stays_within_budget(large, max_queries):
    journey_map, client = large
    with max_queries(GRID_PAGE_BUDGET):
        client.get(journey_map.get_absolute_url(), {"persona": 1})


def test_the_map_list_stays_within_budget(large, max_queries):
    _, client = large
    with max_queries(5):
        client.get(reverse("maps:list"))


def version(item) -> int:
    """The item's version as the database has it now: what a form opened just before would carry."""
    return type(item).objects.get(pk=item.pk).version


def fragment_requests(journey_map) -> list[tuple[str, str, Callable[[], dict]]]:
    """Each request with its data, read just before it goes out (outside the budget)."""
    stage, lane = journey_map.stages.get(position=3), journey_map.lanes.get(position=4)
    touchpoint = journey_map.touchpoints.filter(stage=stage).first() or journey_map.touchpoints.first()
    pain_point, opportunity = journey_map.pain_points.first(), journey_map.opportunities.first()
    m = journey_map.pk
    return [
        ("GET", reverse("maps:emotion-row", args=[m]), dict),
        ("GET", reverse("maps:stage-edit", args=[m, stage.pk]), dict),
        (
            "POST",
            reverse("maps:stage-edit", args=[m, stage.pk]),
            lambda: {"name": "Renamed", "version": version(stage)},
        ),
        ("GET", reverse("touchpoints:new", args=[m, stage.pk, lane.pk]), dict),
        ("POST", reverse("touchpoints:new", args=[m, stage.pk, lane.pk]), lambda: {"title": "New", "emotion": 1}),
        (
            "POST",
            reverse("touchpoints:edit", args=[m, touchpoint.pk]),
            lambda: {"title": "Edited", "emotion": 2, "version": version(touchpoint)},
        ),
        ("GET", reverse("touchpoints:edit", args=[m, touchpoint.pk]), dict),
        ("GET", reverse("touchpoints:pain-point-edit", args=[m, pain_point.pk]), dict),
        (
            "POST",
            reverse("touchpoints:pain-point-edit", args=[m, pain_point.pk]),
            lambda: {"title": "Slow", "severity": 3, "cause": "service", "version": version(pain_point)},
        ),
        (
            "POST",
            reverse("touchpoints:opportunity-edit", args=[m, opportunity.pk]),
            lambda: {"title": "Faster", "impact": 4, "effort": 2, "status": "planned", "version": version(opportunity)},
        ),
    ]


def test_every_edit_fragment_stays_within_budget(large, max_queries):
    journey_map, client = large
    for method, url, data in fragment_requests(journey_map):
        sent = data()
        adds = method == "POST" and url.endswith("/new/")
        budget = FRAGMENT_BUDGET + (ACTIVITY if method == "POST" else 0) + (ITEM_CAP if adds else 0)
        with max_queries(budget, info=f"{method} {url}"):
            response = (client.get if method == "GET" else client.post)(url, sent, headers=HTMX)
        # Each write carries the current version: what is measured is a success, not a refused stale write (409).
        assert response.status_code == 200, (method, url, response.status_code)


def test_a_move_to_another_cell_stays_within_its_budget(large, max_queries):
    journey_map, client = large
    touchpoint = journey_map.touchpoints.exclude(stage__position=3).first()
    stage, lane = journey_map.stages.get(position=3), journey_map.lanes.get(position=4)
    url = reverse("touchpoints:move", args=[journey_map.pk, touchpoint.pk])
    with max_queries(MOVE_BUDGET + ACTIVITY, info="move"):
        response = client.post(
            url, {"stage": stage.pk, "lane": lane.pk, "position": 1, "version": touchpoint.version}, headers=HTMX
        )
    assert response.status_code == 200


def test_an_undoable_delete_stays_within_its_budget(large, max_queries):
    journey_map, client = large
    touchpoint = journey_map.touchpoints.filter(next_touchpoints__isnull=False, pain_points__isnull=False).first()
    url = reverse("touchpoints:delete", args=[journey_map.pk, touchpoint.pk])
    with max_queries(DELETE_BUDGET, info="the question before a delete that takes pain points along"):
        response = client.post(url, headers=HTMX)
    assert response.status_code == 200 and "Delete Touchpoint" in response.text
    with max_queries(DELETE_BUDGET, info="delete"):
        response = client.post(url, {"confirmed": "1"}, headers=HTMX)
    assert response.status_code == 200 and "Undo" in response.text


def test_a_stale_edit_answers_in_as_many_queries_on_a_large_map_as_on_a_small_one(large, max_queries, board):
    """The refusal carries a whole fresh form (its choices, the move form): more than an edit,
    but still the same number of queries whatever the map's size."""
    counts = []
    for journey_map, client in [large, (board.cast.map, board.cast.client_for("owner"))]:
        touchpoint = journey_map.touchpoints.first()
        url = reverse("touchpoints:edit", args=[journey_map.pk, touchpoint.pk])
        with max_queries(12, info="stale edit") as context:
            response = client.post(
                url, {"title": "Stale", "emotion": 2, "version": touchpoint.version + 7}, headers=HTMX
            )
        assert response.status_code == 409
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
