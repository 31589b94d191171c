import pytest
from django.urls import reverse

from tests.conftest import ROLES
from tests.factories import (
    LaneFactory,
    OpportunityFactory,
    PainPointFactory,
    PersonaFactory,
    StageFactory,
    TouchpointFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(journey_map) -> str:
    return reverse("maps:detail", args=[journey_map.pk])


@pytest.fixture
def filled(cast):
    awareness = StageFactory(map=cast.map, name="Awareness", position=0, customer_goal="Find a car")
    purchase = StageFactory(map=cast.map, name="Purchase", position=1)
    website = LaneFactory(map=cast.map, position=0, channel__name="Website")
    store = LaneFactory(map=cast.map, position=1, channel__name="Dealership")
    TouchpointFactory(stage=awareness, lane=website, title="Reads reviews", emotion=1, position=0)
    TouchpointFactory(stage=purchase, lane=store, title="Test drive", emotion=2, position=0)
    PainPointFactory(stage=purchase, title="Long wait at the dealer")
    OpportunityFactory(stage=awareness, title="Comparison page")
    return cast


@pytest.mark.parametrize("who", ROLES)
def test_it_shows_the_grid_to_every_member(filled, who):
    response = filled.client_for(who).get(url(filled.map))
    assert response.status_code == 200
    for text in [
        "Awareness",
        "Purchase",
        "Website",
        "Dealership",
        "Reads reviews",
        "Test drive",
        "Long wait at the dealer",
        "Comparison page",
        "Find a car",
    ]:
        assert text in response.text


def test_it_hides_the_map_from_an_outsider(filled):
    assert filled.client_for("outsider").get(url(filled.map)).status_code == 404


def test_it_hides_a_map_that_does_not_exist(filled):
    assert filled.client_for("owner").get(reverse("maps:detail", args=[999999])).status_code == 404


def test_it_lets_a_superuser_read_any_map(filled, client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(url(filled.map)).status_code == 200


def test_it_places_each_touchpoint_in_its_cell(filled):
    grid = filled.client_for("owner").get(url(filled.map)).context["grid"]
    cells = {
        (cell.stage.name, cell.lane.channel.name): [tp.title for tp in cell.touchpoints]
        for row in grid.rows
        for cell in row.cells
    }
    assert cells == {
        ("Awareness", "Website"): ["Reads reviews"],
        ("Awareness", "Dealership"): [],
        ("Purchase", "Website"): [],
        ("Purchase", "Dealership"): ["Test drive"],
    }


def test_it_filters_by_persona_keeping_touchpoints_for_everyone(filled):
    anna, boris = PersonaFactory(name="Anna"), PersonaFactory(name="Boris")
    filled.map.personas.add(anna, boris)
    stage, lane = filled.map.stages.first(), filled.map.lanes.first()
    TouchpointFactory(stage=stage, lane=lane, title="Anna only", persona=anna, position=5)
    TouchpointFactory(stage=stage, lane=lane, title="Boris only", persona=boris, position=6)
    text = filled.client_for("owner").get(url(filled.map), {"persona": anna.pk}).text
    assert "Anna only" in text and "Reads reviews" in text and "Boris only" not in text


def test_it_guides_the_user_on_an_empty_map(cast):
    assert "This map is empty" in cast.client_for("owner").get(url(cast.map)).text


def test_it_reads_a_big_map_in_constant_queries(filled, django_assert_max_num_queries):
    stages = [StageFactory(map=filled.map, position=10 + i) for i in range(6)]
    lanes = [LaneFactory(map=filled.map, position=10 + i) for i in range(5)]
    persona = PersonaFactory()
    filled.map.personas.add(persona, PersonaFactory())
    for i in range(60):
        touchpoint = TouchpointFactory(stage=stages[i % 6], lane=lanes[i % 5], position=100 + i, persona=persona)
        PainPointFactory(stage=stages[i % 6], touchpoint=touchpoint)
        opportunity = OpportunityFactory(stage=stages[i % 6], touchpoint=touchpoint)
        opportunity.pain_points.add(touchpoint.pain_points.first())
    client = filled.client_for("owner")
    with django_assert_max_num_queries(12):
        response = client.get(url(filled.map))
    assert response.text.count('class="card-tp ') == 62


def test_it_names_the_lanes_in_the_reader_s_language_in_constant_queries(filled, django_assert_max_num_queries):
    for number in range(6):
        lane = LaneFactory(map=filled.map, position=10 + number, channel__names={"ru": f"Канал {number}"})
        TouchpointFactory(stage=filled.map.stages.first(), lane=lane, position=0)
    client = filled.client_for("owner")
    with django_assert_max_num_queries(12):
        response = client.get(url(filled.map), HTTP_ACCEPT_LANGUAGE="ru")
    assert all(f'<span class="lane-name">Канал {number}</span>' in response.text for number in range(6))
    assert '<span class="lane-name">Веб-сайт</span>' in response.text


def test_it_escapes_every_user_text_on_the_page(cast):
    evil = "<img src=x onerror=alert(1)>"
    cast.map.title = cast.map.description = cast.map.scope = evil
    cast.map.save()
    stage = StageFactory(map=cast.map, name=evil, customer_goal=evil, drivers=evil, barriers=evil, influence=evil)
    lane = LaneFactory(map=cast.map, channel__name=evil, channel__icon="<b>")
    persona = PersonaFactory(name=evil, occupation=evil)
    cast.map.personas.add(persona)
    touchpoint = TouchpointFactory(stage=stage, lane=lane, title=evil, persona=persona)
    PainPointFactory(stage=stage, title=evil, touchpoint=touchpoint)
    OpportunityFactory(stage=stage, title=evil, action_owner=evil)
    response = cast.client_for("owner").get(url(cast.map))
    assert evil not in response.text
    assert "<b>" not in response.text
    assert response.text.count("&lt;img src=x onerror=alert(1)&gt;") >= 10


def test_it_compresses_the_page_for_browsers_that_accept_gzip(filled):
    client = filled.client_for("owner")
    plain = client.get(url(filled.map))
    compressed = client.get(url(filled.map), headers={"Accept-Encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    assert len(compressed.content) < len(plain.content) / 3
