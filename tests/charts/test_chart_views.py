import json

import pytest
from django.urls import reverse

from maps.services import record_change
from tests.conftest import ROLES
from tests.factories import (
    LaneFactory,
    OpportunityFactory,
    PainPointFactory,
    PersonaFactory,
    StageFactory,
    TouchpointFactory,
)

pytestmark = pytest.mark.django_db

PAGES = ["maps:swimlane", "maps:analytics"]
DOCUMENTS = ["maps:swimlane-json", "maps:analytics-json"]
PLOTLY = "vendor/plotly/plotly.min.js"


def url(name: str, journey_map, *args) -> str:
    return reverse(name, args=[journey_map.pk, *args])


@pytest.fixture
def filled(cast):
    awareness = StageFactory(map=cast.map, name="Awareness", position=0)
    purchase = StageFactory(map=cast.map, name="Purchase", position=1)
    website = LaneFactory(map=cast.map, position=0, channel__name="Website")
    store = LaneFactory(map=cast.map, position=1, channel__name="Dealership")
    reviews = TouchpointFactory(stage=awareness, lane=website, title="Reads reviews", emotion=1, position=0)
    drive = TouchpointFactory(stage=purchase, lane=store, title="Test drive", emotion=2, position=0)
    reviews.next_touchpoints.add(drive)
    PainPointFactory(stage=purchase, title="Long wait at the dealer")
    OpportunityFactory(stage=awareness, title="Comparison page", impact=4, effort=2)
    return cast


@pytest.fixture
def big(filled):
    """Enough of everything that a query per row would show."""
    stages = [StageFactory(map=filled.map, position=10 + i) for i in range(6)]
    lanes = [LaneFactory(map=filled.map, position=10 + i) for i in range(5)]
    persona = PersonaFactory()
    filled.map.personas.add(persona, PersonaFactory())
    previous = None
    for i in range(60):
        touchpoint = TouchpointFactory(
            stage=stages[i % 6], lane=lanes[i % 5], position=100 + i, persona=persona, csat=50 + i % 40
        )
        if previous:
            previous.next_touchpoints.add(touchpoint)
        previous = touchpoint
        pain_point = PainPointFactory(stage=stages[i % 6], touchpoint=touchpoint if i % 2 else None)
        opportunity = OpportunityFactory(
            stage=stages[i % 6], touchpoint=touchpoint if i % 3 else None, action_owner="CRM"
        )
        opportunity.pain_points.add(pain_point)
    return filled


class TestPages:
    @pytest.mark.parametrize("who", ROLES)
    @pytest.mark.parametrize("name", PAGES)
    def test_it_shows_the_page_to_every_member(self, filled, name, who):
        response = filled.client_for(who).get(url(name, filled.map))
        assert response.status_code == 200
        assert "Car buyer" in response.text
        assert PLOTLY in response.text

    @pytest.mark.parametrize("name", PAGES + DOCUMENTS)
    def test_it_hides_the_map_from_an_outsider(self, filled, name):
        assert filled.client_for("outsider").get(url(name, filled.map)).status_code == 404

    @pytest.mark.parametrize("name", PAGES + DOCUMENTS)
    def test_it_asks_a_stranger_to_sign_in(self, filled, client, name):
        response = client.get(url(name, filled.map))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

    def test_it_keeps_plotly_off_the_grid_page_and_links_to_the_pictures(self, filled):
        text = filled.client_for("viewer").get(url("maps:detail", filled.map)).text
        assert PLOTLY not in text
        for name in ("maps:swimlane", "maps:analytics", "maps:present"):
            assert f'href="{url(name, filled.map)}"' in text
        for format in ("png", "svg", "pdf", "html"):
            assert f'href="{url("maps:export", filled.map, format)}"' in text

    def test_it_fetches_the_figure_of_the_persona_the_page_was_asked_for(self, filled):
        persona = PersonaFactory()
        filled.map.personas.add(persona)
        text = filled.client_for("viewer").get(url("maps:swimlane", filled.map), {"persona": persona.pk}).text
        assert f'data-figures="{url("maps:swimlane-json", filled.map)}?persona={persona.pk}"' in text

    def test_it_lists_the_opportunities_to_do_first_and_counts_the_gaps(self, filled):
        OpportunityFactory(stage=filled.map.stages.first(), title="Slow idea", impact=1, effort=5)
        text = filled.client_for("viewer").get(url("maps:analytics", filled.map)).text
        assert text.index("Comparison page") < text.index("Slow idea")
        assert "2 of 4 cells (stage × channel) have no touchpoint." in text

    def test_it_escapes_user_text_on_the_pages(self, filled):
        evil = "<img src=x onerror=alert(1)>"
        filled.map.title = evil
        filled.map.save()
        OpportunityFactory(stage=filled.map.stages.first(), title=evil, action_owner=evil)
        for name in PAGES:
            text = filled.client_for("owner").get(url(name, filled.map)).text
            assert evil not in text and "&lt;img src=x onerror=alert(1)&gt;" in text


class TestFigureDocuments:
    @pytest.mark.parametrize("who", ROLES)
    def test_it_sends_the_swimlane_figure_to_every_member(self, filled, who):
        response = filled.client_for(who).get(url("maps:swimlane-json", filled.map))
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        figure = json.loads(response.content)["swimlane"]
        labels = [text for trace in figure["data"] if trace.get("meta") == "touchpoints" for text in trace["text"]]
        assert sorted(labels) == ["Reads reviews", "Test drive"]

    @pytest.mark.parametrize("who", ROLES)
    def test_it_sends_the_analytics_figures_to_every_member(self, filled, who):
        response = filled.client_for(who).get(url("maps:analytics-json", filled.map))
        assert response.status_code == 200
        assert set(json.loads(response.content)) == {"coverage", "priorities", "pain", "kpis"}

    def test_it_keeps_to_one_persona_when_asked(self, filled):
        anna, boris = PersonaFactory(name="Anna"), PersonaFactory(name="Boris")
        filled.map.personas.add(anna, boris)
        TouchpointFactory(
            stage=filled.map.stages.first(),
            lane=filled.map.lanes.first(),
            title="Boris only",
            persona=boris,
            position=9,
        )
        document = filled.client_for("viewer").get(url("maps:swimlane-json", filled.map), {"persona": anna.pk}).content
        assert b"Boris only" not in document and b"Reads reviews" in document

    @pytest.mark.parametrize("name", DOCUMENTS)
    def test_it_answers_not_modified_until_the_map_changes(self, filled, name):
        client = filled.client_for("viewer")
        etag = client.get(url(name, filled.map))["ETag"]
        assert client.get(url(name, filled.map), headers={"If-None-Match": etag}).status_code == 304
        assert client.get(url(name, filled.map), headers={"If-None-Match": f"W/{etag}"}).status_code == 304
        record_change(filled.map.pk)
        response = client.get(url(name, filled.map), headers={"If-None-Match": etag})
        assert response.status_code == 200 and response["ETag"] != etag

    def test_it_compresses_the_figures_for_the_browser(self, big):
        response = big.client_for("viewer").get(url("maps:swimlane-json", big.map), headers={"Accept-Encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip"

    def test_it_reads_a_big_map_in_constant_queries(self, big, django_assert_max_num_queries):
        client = big.client_for("viewer")
        with django_assert_max_num_queries(11):
            response = client.get(url("maps:swimlane-json", big.map))
        figure = json.loads(response.content)["swimlane"]
        assert sum(len(trace["x"]) for trace in figure["data"] if trace.get("meta") == "touchpoints") == 62
        with django_assert_max_num_queries(9):
            client.get(url("maps:analytics-json", big.map))
        with django_assert_max_num_queries(9):
            client.get(url("maps:analytics", big.map))
        with django_assert_max_num_queries(3):
            client.get(url("maps:swimlane", big.map))


class TestExports:
    def test_it_downloads_a_standalone_page_that_opens_offline(self, filled):
        response = filled.client_for("viewer").get(url("maps:export", filled.map, "html"))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="car-buyer-swimlane.html"'
        text = response.content.decode()
        assert "<title>Car buyer</title>" in text
        assert "Plotly.newPlot" in text and "plotly.js v" in text
        assert "<script src=" not in text
        assert "Reads reviews" in text

    def test_it_names_the_file_after_a_title_in_any_script(self, filled):
        filled.map.title = "汽车买家"
        filled.map.save()
        response = filled.client_for("viewer").get(url("maps:export", filled.map, "html"))
        assert "filename*=utf-8''%E6%B1%BD%E8%BD%A6%E4%B9%B0%E5%AE%B6-swimlane.html" in response["Content-Disposition"]

    def test_it_refuses_a_format_it_does_not_make(self, filled):
        assert filled.client_for("viewer").get(url("maps:export", filled.map, "gif")).status_code == 404

    @pytest.mark.parametrize("format", ["png", "svg", "pdf", "html"])
    def test_it_hides_the_exports_from_an_outsider(self, filled, format):
        assert filled.client_for("outsider").get(url("maps:export", filled.map, format)).status_code == 404
