"""Two writers never overwrite each other through the API: a write names the version it is
based on, and a stale one answers 409 with the item as it is now."""

import pytest

from maps.models import JourneyMap
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db
JSON = "application/json"


def touchpoint_path(board, touchpoint) -> str:
    return f"/api/v1/maps/{board.cast.map.pk}/touchpoints/{touchpoint.pk}"


def test_a_stale_write_answers_409_with_the_current_item_and_changes_nothing(board, api_as):
    touchpoint = board.touchpoints[0]
    editor, owner = api_as("editor"), api_as("owner")
    first = editor.patch(touchpoint_path(board, touchpoint), {"title": "Theirs", "version": 1}, content_type=JSON)

    second = owner.patch(touchpoint_path(board, touchpoint), {"title": "Mine", "version": 1}, content_type=JSON)

    assert first.status_code == 200 and first.json()["version"] == 2
    assert second.status_code == 409
    assert second["Content-Type"] == "application/problem+json"
    problem = second.json()
    assert problem["status"] == 409
    assert problem["current"]["id"] == touchpoint.pk
    assert (problem["current"]["title"], problem["current"]["version"]) == ("Theirs", 2)
    assert Touchpoint.objects.get(pk=touchpoint.pk).title == "Theirs"


def test_if_match_names_the_version_too(board, api_as):
    touchpoint = board.touchpoints[0]
    client = api_as("editor")

    fresh = client.patch(
        touchpoint_path(board, touchpoint), {"emotion": 2}, content_type=JSON, headers={"If-Match": '"1"'}
    )
    stale = client.patch(
        touchpoint_path(board, touchpoint), {"emotion": -2}, content_type=JSON, headers={"If-Match": "1"}
    )

    assert fresh.status_code == 200 and fresh.json()["emotion"] == 2
    assert stale.status_code == 409 and stale.json()["current"]["emotion"] == 2


def test_a_write_without_a_version_is_refused(board, api_as):
    response = api_as("editor").patch(touchpoint_path(board, board.touchpoints[0]), {"title": "X"}, content_type=JSON)

    assert response.status_code == 428
    assert Touchpoint.objects.get(pk=board.touchpoints[0].pk).version == 1


def test_if_match_and_a_version_that_disagree_are_refused(board, api_as):
    response = api_as("editor").patch(
        touchpoint_path(board, board.touchpoints[0]),
        {"title": "X", "version": 2},
        content_type=JSON,
        headers={"If-Match": "1"},
    )

    assert response.status_code == 412
    assert response.json()["title"] == "Precondition Failed"


def test_a_stale_move_answers_409_with_where_the_card_is(board, api_as):
    touchpoint = board.touchpoints[0]
    Touchpoint.objects.filter(pk=touchpoint.pk).update(version=5)
    body = {"stage": board.stages[1].pk, "lane": board.lanes[1].pk, "position": 0, "version": 4}

    response = api_as("editor").post(f"{touchpoint_path(board, touchpoint)}/move", body, content_type=JSON)

    assert response.status_code == 409
    assert response.json()["current"]["stage"] == board.stages[0].pk
    assert Touchpoint.objects.get(pk=touchpoint.pk).stage_id == board.stages[0].pk


def test_a_delete_with_a_stale_if_match_keeps_the_item(board, api_as):
    pain_point = board.pain_point
    path = f"/api/v1/maps/{board.cast.map.pk}/pain-points/{pain_point.pk}"
    api_as("editor").patch(path, {"severity": 4, "version": 1}, content_type=JSON)

    response = api_as("owner").delete(path, headers={"If-Match": "1"})

    assert response.status_code == 409
    assert response.json()["current"]["severity"] == 4


def test_stale_map_settings_answer_409_with_the_settings_as_they_are(board, api_as):
    path = f"/api/v1/maps/{board.cast.map.pk}"
    api_as("editor").patch(path, {"title": "Car buyers", "version": 1}, content_type=JSON)

    response = api_as("owner").patch(path, {"description": "Mine", "version": 1}, content_type=JSON)

    assert response.status_code == 409
    assert response.json()["current"]["title"] == "Car buyers"
    assert JourneyMap.objects.get(pk=board.cast.map.pk).description == ""
