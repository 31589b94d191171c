"""A save refused because someone else saved first keeps the typed text, shows what differs
and their version, and applies the typed values again in one click; a save of an item
deleted meanwhile says so and offers to create it again with the typed values."""

import pytest
from django.urls import reverse

from maps.models import Stage
from maps.services import item_delete
from tests.conftest import HTMX
from touchpoints.models import Opportunity, PainPoint, Touchpoint

pytestmark = pytest.mark.django_db


def test_a_stale_save_shows_theirs_beside_yours_and_keeps_yours_in_the_form(board):
    card = board.touchpoints[0]
    Touchpoint.objects.filter(pk=card.pk).update(title="Sees a poster", version=2)
    url = reverse("touchpoints:edit", args=[board.cast.map.pk, card.pk])
    typed = {"title": "Sees a video ad", "description": "On the metro screens", "emotion": 1, "version": 1}
    response = board.cast.client_for("editor").post(url, typed, headers=HTMX)
    assert response.status_code == 409
    text = response.text
    assert 'data-testid="conflict"' in text and "data-conflict" in text
    assert '<td class="conflict__theirs">Sees a poster</td><td class="conflict__yours">Sees a video ad</td>' in text
    assert '<td class="conflict__theirs">—</td><td class="conflict__yours">On the metro screens</td>' in text
    assert 'value="Sees a video ad"' in text and "On the metro screens</textarea>" in text
    assert 'name="version" value="2"' in text and "Apply my changes again" in text
    assert Touchpoint.objects.get(pk=card.pk).title == "Sees a poster"


def test_applying_my_changes_again_saves_them_on_top_of_their_version(board):
    card = board.touchpoints[0]
    Touchpoint.objects.filter(pk=card.pk).update(title="Sees a poster", version=2)
    url = reverse("touchpoints:edit", args=[board.cast.map.pk, card.pk])
    client = board.cast.client_for("editor")
    client.post(url, {"title": "Sees a video ad", "emotion": 1, "version": 1}, headers=HTMX)
    response = client.post(url, {"title": "Sees a video ad", "emotion": 1, "version": 2}, headers=HTMX)
    assert response.status_code == 200
    assert Touchpoint.objects.get(pk=card.pk).title == "Sees a video ad"


def test_a_stale_opportunity_names_choices_and_links_as_people_read_them(board):
    opportunity = board.opportunity
    Opportunity.objects.filter(pk=opportunity.pk).update(impact=5, version=4)
    url = reverse("touchpoints:opportunity-edit", args=[board.cast.map.pk, opportunity.pk])
    typed = {"title": "Self-checkout", "impact": 2, "effort": 2, "status": "idea", "version": 1}
    response = board.cast.client_for("owner").post(url, typed, headers=HTMX)
    assert response.status_code == 409
    assert '<td class="conflict__theirs">5 · very high</td><td class="conflict__yours">2 · low</td>' in response.text
    assert '<td class="conflict__theirs">Long queue</td><td class="conflict__yours">—</td>' in response.text


def test_a_save_of_a_touchpoint_deleted_meanwhile_offers_to_create_it_again_in_its_cell(board):
    card = board.touchpoints[0]
    stage, lane = card.stage, card.lane
    url = reverse("touchpoints:edit", args=[board.cast.map.pk, card.pk])
    client = board.cast.client_for("editor")
    item_delete(journey_map=board.cast.map, item=card, user=board.cast.owner, label="Touchpoint")
    response = client.post(url, {"title": "Sees a bigger ad", "emotion": 1, "version": 1}, headers=HTMX)
    assert response.status_code == 409 and "Someone else deleted this" in response.text
    assert 'value="Sees a bigger ad"' in response.text and "Create it again" in response.text
    new_url = reverse("touchpoints:new", args=[board.cast.map.pk, stage.pk, lane.pk])
    assert f'hx-post="{new_url}"' in response.text
    again = client.post(new_url, {"title": "Sees a bigger ad", "emotion": 1, "version": 1}, headers=HTMX)
    assert again.status_code == 200
    assert Touchpoint.objects.get(title="Sees a bigger ad").stage_id == stage.pk


def test_a_save_of_a_pain_point_whose_stage_went_too_keeps_the_text_without_a_save(board):
    pain_point = board.pain_point
    url = reverse("touchpoints:pain-point-edit", args=[board.cast.map.pk, pain_point.pk])
    item_delete(journey_map=board.cast.map, item=pain_point, user=board.cast.owner, label="Pain point")
    Stage.objects.filter(pk=board.stages[1].pk).delete()
    typed = {"title": "Queue of twenty", "severity": 3, "cause": "service", "version": 1}
    response = board.cast.client_for("owner").post(url, typed, headers=HTMX)
    assert response.status_code == 409 and "cannot be created again" in response.text
    assert 'value="Queue of twenty"' in response.text and "Create it again" not in response.text
    assert not PainPoint.objects.exists()


def test_a_save_of_a_stage_deleted_meanwhile_offers_a_new_stage(board):
    stage = board.stages[0]
    url = reverse("maps:stage-edit", args=[board.cast.map.pk, stage.pk])
    item_delete(journey_map=board.cast.map, item=stage, user=board.cast.owner, label="Stage")
    response = board.cast.client_for("owner").post(url, {"name": "Discovery", "version": 1}, headers=HTMX)
    assert response.status_code == 409 and 'value="Discovery"' in response.text
    assert f'hx-post="{reverse("maps:stage-new", args=[board.cast.map.pk])}"' in response.text
