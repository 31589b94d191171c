"""A delete that takes other items along asks first, naming what goes; one that takes
nothing along goes at once (and can be undone)."""

import pytest
from django.urls import reverse

from maps.models import Lane, Stage
from tests.conftest import HTMX
from touchpoints.models import PainPoint, Touchpoint

pytestmark = pytest.mark.django_db


def test_a_lane_with_touchpoints_asks_first_naming_them_in_the_dialog(board):
    url = reverse("maps:lane-delete", args=[board.cast.map.pk, board.lanes[0].pk])
    response = board.cast.client_for("editor").post(url, headers=HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#dialog-body"
    assert "Delete Lane “Web shop” and its 2 touchpoints?" in response.text
    assert 'name="confirmed"' in response.text and f'hx-post="{url}"' in response.text
    assert Lane.objects.filter(pk=board.lanes[0].pk).exists()


def test_a_stage_names_its_touchpoints_pain_points_and_opportunities(board):
    url = reverse("maps:stage-delete", args=[board.cast.map.pk, board.stages[1].pk])
    response = board.cast.client_for("owner").post(url, headers=HTMX)
    assert "Delete Stage “Purchase” and its 1 touchpoint, 1 pain point, 1 opportunity?" in response.text


def test_a_touchpoint_with_a_pain_point_asks_first_then_goes_once_confirmed(board):
    card = board.touchpoints[2]
    url = reverse("touchpoints:delete", args=[board.cast.map.pk, card.pk])
    client = board.cast.client_for("owner")
    assert "and its 1 pain point?" in client.post(url, headers=HTMX).text
    response = client.post(url, {"confirmed": "1"}, headers=HTMX)
    assert response.status_code == 200 and "Undo" in response.text
    assert not Touchpoint.objects.filter(pk=card.pk).exists() and not PainPoint.objects.exists()


def test_without_javascript_the_question_is_a_page_of_its_own(board):
    url = reverse("maps:stage-delete", args=[board.cast.map.pk, board.stages[0].pk])
    client = board.cast.client_for("owner")
    page = client.post(url)
    assert page.status_code == 200 and "<html" in page.text and "and its 2 touchpoints?" in page.text
    response = client.post(url, {"confirmed": "1"})
    assert response.status_code == 302 and "?undo=" in response.url
    assert list(Stage.objects.filter(map=board.cast.map).values_list("name", flat=True)) == ["Purchase"]


def test_a_touchpoint_that_takes_nothing_along_goes_at_once(board):
    card = board.touchpoints[0]
    response = board.cast.client_for("owner").post(
        reverse("touchpoints:delete", args=[board.cast.map.pk, card.pk]), headers=HTMX
    )
    assert "Undo" in response.text and not Touchpoint.objects.filter(pk=card.pk).exists()
