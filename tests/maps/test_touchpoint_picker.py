"""The next-touchpoints picker lists the links a card has and the matches of a search, never
the whole map: the edit form stays small on the benchmark map, and a search works with and
without JavaScript."""

import pytest
from django.urls import reverse

from maps.pickers import MATCHES
from tests.conftest import HTMX
from tests.factories import PersonaFactory

pytestmark = pytest.mark.django_db

EDIT_FORM_BYTES = 15 * 1024


def linked_card(journey_map):
    touchpoint = journey_map.touchpoints.filter(next_touchpoints__isnull=False).first()
    return touchpoint, list(touchpoint.next_touchpoints.order_by("pk"))


def test_the_edit_form_of_a_card_on_the_large_map_is_small(large):
    journey_map, client = large
    touchpoint, links = linked_card(journey_map)
    response = client.get(reverse("touchpoints:edit", args=[journey_map.pk, touchpoint.pk]), headers=HTMX)
    assert response.status_code == 200
    assert len(response.content) < EDIT_FORM_BYTES
    for link in links:
        assert f'<option value="{link.pk}" selected>' in response.text


def test_a_search_answers_at_most_twenty_matches_and_keeps_the_chosen_ones(large):
    journey_map, client = large
    touchpoint, links = linked_card(journey_map)
    params = {"picker": "next_touchpoints", "next_touchpoints_search": "stage", "exclude": touchpoint.pk}
    params["next_touchpoints"] = [link.pk for link in links]
    response = client.get(reverse("touchpoints:search", args=[journey_map.pk]), params)
    assert response.status_code == 200
    assert response.text.count(" selected>") == len(links)
    assert response.text.count("<option") == len(links) + MATCHES
    assert f'value="{touchpoint.pk}"' not in response.text


def test_a_search_matches_stage_channel_and_title(cast, board):
    journey_map = cast.map
    touchpoint = journey_map.touchpoints.select_related("stage", "lane__channel").first()
    client = cast.client_for("viewer")
    url = reverse("touchpoints:search", args=[journey_map.pk])
    for words in (touchpoint.title, touchpoint.stage.name, touchpoint.lane.channel.name):
        response = client.get(url, {"picker": "next_touchpoints", "next_touchpoints_search": words})
        assert touchpoint.title in response.text, words
    response = client.get(url, {"picker": "next_touchpoints", "next_touchpoints_search": "no such words"})
    assert "<option" not in response.text


def test_only_who_may_see_the_map_may_search_it(cast):
    url = reverse("touchpoints:search", args=[cast.map.pk])
    assert cast.client_for("outsider").get(url, {"picker": "next_touchpoints"}).status_code == 404


def test_the_search_button_shows_the_form_again_with_matches_and_saves_nothing(large):
    journey_map, client = large
    touchpoint, links = linked_card(journey_map)
    url = reverse("touchpoints:edit", args=[journey_map.pk, touchpoint.pk])
    data = {"title": "Typed, not saved", "emotion": 1, "version": touchpoint.version}
    data |= {"next_touchpoints": [link.pk for link in links], "search": "next_touchpoints"}
    data["next_touchpoints_search"] = "stage 3"
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'value="Typed, not saved"' in response.text
    assert response.text.count(" selected>") >= len(links)
    assert response.text.count("<option") > len(links)
    touchpoint.refresh_from_db()
    assert touchpoint.title != "Typed, not saved"


def test_an_edit_keeping_links_and_a_persona_costs_no_more_queries_than_a_bare_card(large, max_queries):
    journey_map, client = large
    linked, links = linked_card(journey_map)
    bare = journey_map.touchpoints.filter(next_touchpoints__isnull=True, persona__isnull=True).first()
    persona = PersonaFactory()
    journey_map.personas.add(persona)
    linked.persona = persona
    linked.save()
    counts = []
    for touchpoint, data in [
        (bare, {}),
        (linked, {"persona": persona.pk, "next_touchpoints": [link.pk for link in links]}),
    ]:
        touchpoint.refresh_from_db()
        url = reverse("touchpoints:edit", args=[journey_map.pk, touchpoint.pk])
        with max_queries(9, info="one-card edit") as context:
            response = client.post(
                url, {"title": "Edited", "emotion": 1, "version": touchpoint.version} | data, headers=HTMX
            )
        assert response.status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
    linked.refresh_from_db()
    assert (linked.title, linked.persona) == ("Edited", persona)
    assert list(linked.next_touchpoints.order_by("pk")) == links
