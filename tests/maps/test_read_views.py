"""Reviewers and viewers open every item read-only, and anyone on the map opens its personas."""

import pytest
from django.urls import reverse

from tests.conftest import HTMX
from tests.factories import PersonaFactory, TouchpointFactory
from touchpoints.models import Channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def detailed(board):
    touchpoint = board.touchpoints[2]
    touchpoint.customer_action = "Queues with a full basket"
    touchpoint.expectation = 2
    touchpoint.csat = 61
    touchpoint.nps = -12
    touchpoint.persona = PersonaFactory(name="Marina")
    touchpoint.save()
    touchpoint.next_touchpoints.add(board.touchpoints[0])
    board.pain_point.description = "Twenty minutes at peak hours"
    board.pain_point.save()
    board.opportunity.touchpoint = touchpoint
    board.opportunity.action = "Two self-checkout tills by March"
    board.opportunity.save()
    return board


@pytest.mark.parametrize("who", ["reviewer", "viewer"])
def test_a_reader_opens_a_touchpoint_with_everything_on_it(detailed, who):
    cast, touchpoint = detailed.cast, detailed.touchpoints[2]
    grid = cast.client_for(who).get(cast.map.get_absolute_url()).text
    view_url = reverse("touchpoints:view", args=[cast.map.pk, touchpoint.pk])
    assert f'href="{view_url}"' in grid
    text = cast.client_for(who).get(view_url, headers=HTMX).text
    for shown in [
        "Pays at the till",
        "Queues with a full basket",
        "2/5",
        "CSAT 61%",
        "NPS -12",
        "Marina",
        "Sees an ad",  # the next touchpoint
        "Long queue",
        "Twenty minutes at peak hours",
        "Self-checkout",
        "Two self-checkout tills by March",
    ]:
        assert shown in text, shown
    assert "/edit/" not in text and "<form" not in text


def test_the_plain_page_of_an_item_works_without_javascript(detailed):
    cast = detailed.cast
    for url in [
        reverse("touchpoints:view", args=[cast.map.pk, detailed.touchpoints[2].pk]),
        reverse("touchpoints:pain-point-view", args=[cast.map.pk, detailed.pain_point.pk]),
        reverse("touchpoints:opportunity-view", args=[cast.map.pk, detailed.opportunity.pk]),
    ]:
        response = cast.client_for("viewer").get(url)
        assert response.status_code == 200 and "<!doctype html>" in response.text and "Car buyer" in response.text


def test_a_pain_point_and_an_opportunity_open_read_only_with_their_links(detailed):
    cast = detailed.cast
    client = cast.client_for("reviewer")
    pain = client.get(reverse("touchpoints:pain-point-view", args=[cast.map.pk, detailed.pain_point.pk]), headers=HTMX)
    assert "Twenty minutes at peak hours" in pain.text and "Self-checkout" in pain.text
    opportunity = client.get(
        reverse("touchpoints:opportunity-view", args=[cast.map.pk, detailed.opportunity.pk]), headers=HTMX
    )
    assert "Two self-checkout tills by March" in opportunity.text and "Long queue" in opportunity.text


def test_an_item_of_another_map_is_not_found(detailed):
    foreign = TouchpointFactory()
    url = reverse("touchpoints:view", args=[detailed.cast.map.pk, foreign.pk])
    assert detailed.cast.client_for("viewer").get(url).status_code == 404


def test_the_persona_chip_opens_the_whole_persona(cast):
    persona = PersonaFactory(
        name="Andrei Sokolov",
        age=38,
        occupation="Logistics manager",
        goals="Buy a safe family car",
        frustrations="Prices that differ between the website and the showroom",
        quote="I want to see the real price",
        hobbies="Fishing on the Volga",
    )
    persona.preferred_channels.add(Channel.objects.get(slug="website"))
    cast.map.personas.add(persona)
    url = reverse("maps:persona", args=[cast.map.pk, persona.pk])
    assert f'href="{url}"' in cast.client_for("viewer").get(cast.map.get_absolute_url()).text
    text = cast.client_for("viewer").get(url, headers=HTMX).text
    for shown in [
        "Andrei Sokolov",
        "38 years",
        "Logistics manager",
        "Buy a safe family car",
        "Prices that differ",
        "I want to see the real price",
        "Website",
        "Fishing on the Volga",
        f"?persona={persona.pk}",
    ]:
        assert shown in text, shown


def test_a_persona_that_is_not_on_the_map_is_not_found(cast):
    stranger = PersonaFactory(name="Not on this map")
    assert cast.client_for("owner").get(reverse("maps:persona", args=[cast.map.pk, stranger.pk])).status_code == 404
