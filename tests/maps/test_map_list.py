import pytest
from django.urls import reverse

from tests.conftest import ROLES
from tests.factories import JourneyMapFactory, PersonaFactory, StageFactory, TouchpointFactory

pytestmark = pytest.mark.django_db
URL = reverse("maps:list")


def test_it_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ROLES)
def test_it_lists_the_map_for_every_member(cast, who):
    response = cast.client_for(who).get(URL)
    assert response.status_code == 200
    assert "Car buyer" in response.text


def test_it_hides_other_peoples_maps_from_an_outsider(cast):
    response = cast.client_for("outsider").get(URL)
    assert "Car buyer" not in response.text
    assert "No journey maps yet" in response.text


def test_it_searches_titles_and_persona_names(cast):
    other = JourneyMapFactory(title="Beauty community", owner=cast.owner)
    other.personas.add(PersonaFactory(name="Mia"))
    client = cast.client_for("owner")
    assert "Beauty community" in client.get(URL, {"q": "mia"}).text
    found = client.get(URL, {"q": "car"}).text
    assert "Car buyer" in found and "Beauty community" not in found
    assert "No map matches" in client.get(URL, {"q": "zzz"}).text


def test_it_answers_htmx_search_with_the_rows_only(cast):
    response = cast.client_for("owner").get(URL, {"q": "car"}, headers={"HX-Request": "true", "HX-Target": "map-rows"})
    assert response.text.lstrip().startswith('<div id="map-rows"')
    assert "<html" not in response.text


def test_it_shows_stage_and_touchpoint_counts(cast):
    stage = StageFactory(map=cast.map)
    TouchpointFactory.create_batch(3, stage=stage)
    response = cast.client_for("owner").get(URL)
    journey_map = response.context["maps"][0]
    assert (journey_map.stage_count, journey_map.touchpoint_count) == (1, 3)


def test_it_reads_the_list_in_constant_queries(cast, django_assert_max_num_queries):
    for _ in range(15):
        journey_map = JourneyMapFactory(owner=cast.owner)
        journey_map.personas.add(PersonaFactory())
        TouchpointFactory(stage=StageFactory(map=journey_map))
    client = cast.client_for("owner")
    with django_assert_max_num_queries(4):
        client.get(URL)


def test_it_escapes_map_titles_and_persona_names(cast):
    cast.map.title = "<script>alert(1)</script>"
    cast.map.save()
    cast.map.personas.add(PersonaFactory(name="<img src=x onerror=alert(2)>"))
    response = cast.client_for("owner").get(URL)
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<img src=x" not in response.text


def test_it_offers_a_new_map_and_an_import(cast):
    text = cast.client_for("viewer").get(URL).text
    assert reverse("maps:new") in text and reverse("maps:import-json") in text
