"""After an edit of the grid, the answer says where the keyboard's focus goes and what the
live region reads out (the `edit-landed` event, sent once the swap has settled)."""

import json

import pytest
from django.urls import reverse

from maps.models import DeletedItem
from tests.conftest import HTMX
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


def landing(response) -> dict:
    return json.loads(response["HX-Trigger-After-Settle"])["edit-landed"]


def test_a_new_touchpoint_takes_the_focus_and_is_announced_with_its_cell(board):
    stage, lane = board.stages[1], board.lanes[0]
    url = reverse("touchpoints:new", args=[board.cast.map.pk, stage.pk, lane.pk])
    response = board.cast.client_for("editor").post(url, {"title": "Opens the app", "emotion": 0}, headers=HTMX)
    created = Touchpoint.objects.get(title="Opens the app")
    assert landing(response) == {
        "focus": [f"touchpoint-{created.pk}", f"cell-{stage.pk}-{lane.pk}"],
        "message": "Touchpoint “Opens the app” added to Purchase / Web shop.",
    }


def test_a_saved_touchpoint_keeps_the_focus_and_is_announced(board):
    touchpoint = board.touchpoints[0]
    url = reverse("touchpoints:edit", args=[board.cast.map.pk, touchpoint.pk])
    data = {"title": "Sees a poster", "emotion": 1, "version": touchpoint.version}
    response = board.cast.client_for("owner").post(url, data, headers=HTMX)
    assert landing(response) == {
        "focus": [f"touchpoint-{touchpoint.pk}"],
        "message": "Touchpoint “Sees a poster” saved.",
    }


def test_a_moved_touchpoint_keeps_the_focus_and_is_announced_with_where_it_went(board):
    touchpoint, stage, lane = board.touchpoints[0], board.stages[1], board.lanes[1]
    url = reverse("touchpoints:move", args=[board.cast.map.pk, touchpoint.pk])
    data = {"stage": stage.pk, "lane": lane.pk, "position": 1, "version": touchpoint.version}
    response = board.cast.client_for("editor").post(url, data, headers=HTMX)
    assert landing(response) == {
        "focus": [f"touchpoint-{touchpoint.pk}"],
        "message": "Touchpoint “Sees an ad” moved to Purchase / Store.",
    }


def test_a_refused_move_keeps_the_focus_on_the_card_and_leaves_the_words_to_its_notice(board):
    touchpoint, stage, lane = board.touchpoints[0], board.stages[1], board.lanes[1]
    url = reverse("touchpoints:move", args=[board.cast.map.pk, touchpoint.pk])
    data = {"stage": stage.pk, "lane": lane.pk, "position": 1, "version": touchpoint.version + 5}
    response = board.cast.client_for("editor").post(url, data, headers=HTMX)
    assert response.status_code == 409
    assert landing(response) == {"focus": [f"touchpoint-{touchpoint.pk}"], "message": ""}


def test_a_delete_hands_the_focus_to_the_next_card_of_the_cell_then_to_the_cell(board):
    first, second = board.touchpoints[0], board.touchpoints[1]
    cell = f"cell-{first.stage_id}-{first.lane_id}"
    client = board.cast.client_for("editor")
    response = client.post(reverse("touchpoints:delete", args=[board.cast.map.pk, first.pk]), headers=HTMX)
    assert landing(response) == {"focus": [f"touchpoint-{second.pk}", cell], "message": ""}

    response = client.post(reverse("touchpoints:delete", args=[board.cast.map.pk, second.pk]), headers=HTMX)
    assert landing(response) == {"focus": [cell], "message": ""}


def test_an_undone_delete_gives_the_focus_back_to_what_came_back(board):
    touchpoint = board.touchpoints[2]
    client = board.cast.client_for("editor")
    url = reverse("touchpoints:delete", args=[board.cast.map.pk, touchpoint.pk])
    client.post(url, {"confirmed": "1"}, headers=HTMX)
    deleted = DeletedItem.objects.get()
    response = client.post(reverse("maps:undo", args=[board.cast.map.pk, deleted.pk]), headers=HTMX)
    assert landing(response)["focus"] == [f"touchpoint-{touchpoint.pk}"]


def test_an_undone_pain_point_takes_the_focus(board):
    client = board.cast.client_for("owner")
    client.post(reverse("touchpoints:pain-point-delete", args=[board.cast.map.pk, board.pain_point.pk]), headers=HTMX)
    response = client.post(reverse("maps:undo", args=[board.cast.map.pk, DeletedItem.objects.get().pk]), headers=HTMX)
    assert landing(response)["focus"] == [f"pain-point-{board.pain_point.pk}"]


def test_a_title_in_any_script_comes_through_the_header_whole(board):
    touchpoint = board.touchpoints[0]
    url = reverse("touchpoints:edit", args=[board.cast.map.pk, touchpoint.pk])
    data = {"title": "Видит рекламу", "emotion": 1, "version": touchpoint.version}
    response = board.cast.client_for("owner").post(url, data, headers=HTMX)
    assert landing(response)["message"] == "Touchpoint “Видит рекламу” saved."


def test_a_saved_pain_point_keeps_the_focus_and_is_announced(board):
    pain_point = board.pain_point
    url = reverse("touchpoints:pain-point-edit", args=[board.cast.map.pk, pain_point.pk])
    data = {"title": "Long queue at noon", "severity": 2, "cause": pain_point.cause, "version": pain_point.version}
    response = board.cast.client_for("editor").post(url, data, headers=HTMX)
    assert landing(response) == {
        "focus": [f"pain-point-{pain_point.pk}"],
        "message": "Pain point “Long queue at noon” saved.",
    }


def test_a_new_opportunity_takes_the_focus(board):
    stage = board.stages[0]
    url = reverse("touchpoints:opportunity-new", args=[board.cast.map.pk, stage.pk])
    data = {"title": "Live chat", "impact": 3, "effort": 2, "status": "idea"}
    response = board.cast.client_for("owner").post(url, data, headers=HTMX)
    assert response.status_code == 200, response.text
    created = board.cast.map.opportunities.get(title="Live chat")
    assert landing(response) == {
        "focus": [f"opportunity-{created.pk}"],
        "message": "Opportunity “Live chat” added to Awareness.",
    }


def test_a_deleted_opportunity_leaves_the_focus_in_its_stages_row(board):
    opportunity = board.opportunity
    url = reverse("touchpoints:opportunity-delete", args=[board.cast.map.pk, opportunity.pk])
    response = board.cast.client_for("owner").post(url, {"confirmed": "1"}, headers=HTMX)
    stage = opportunity.stage_id
    assert landing(response) == {"focus": [f"opportunities-{stage}", f"stage-{stage}"], "message": ""}
