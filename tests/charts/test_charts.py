import json

import pytest

from charts.analytics import map_analytics
from charts.analytics_figures import coverage_heatmap, kpis_by_stage, pain_by_stage, priority_matrix
from charts.palette import EMOTION_COLOURS
from charts.plotting import figure_json, with_title
from charts.swimlane import MARK_X, swimlane_figure
from demo.synthetic import seed_large_map
from maps.selectors import map_grid
from tests.factories import (
    JourneyMapFactory,
    LaneFactory,
    OpportunityFactory,
    PainPointFactory,
    PersonaFactory,
    StageFactory,
    TouchpointFactory,
)
from touchpoints.models import PainCause, Quadrant

pytestmark = pytest.mark.django_db

EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture
def journey():
    """Two stages, two lanes: a social post leads to the website, which leads to the store."""
    journey_map = JourneyMapFactory(title="Car buyer")
    awareness = StageFactory(map=journey_map, name="Awareness", position=0, target_csat=80)
    purchase = StageFactory(map=journey_map, name="Purchase", position=1, target_nps=40)
    social = LaneFactory(map=journey_map, position=0, channel__name="Social media", channel__colour="#db2777")
    store = LaneFactory(map=journey_map, position=1, channel__name="Store")
    post = TouchpointFactory(stage=awareness, lane=social, title="Sees a post", emotion=1, position=0, csat=70)
    site = TouchpointFactory(stage=awareness, lane=social, title="Reads the site", emotion=0, position=1, csat=90)
    visit = TouchpointFactory(stage=purchase, lane=store, title="Visits the store", emotion=-2, position=0, nps=10)
    post.next_touchpoints.add(site)
    site.next_touchpoints.add(visit)
    PainPointFactory(stage=purchase, touchpoint=visit, title="Long queue", cause=PainCause.SERVICE)
    PainPointFactory(stage=awareness, title="Ads feel pushy", cause=PainCause.INFORMATION)
    OpportunityFactory(stage=purchase, touchpoint=visit, title="Book a slot", impact=5, effort=1)
    OpportunityFactory(stage=awareness, title="Calmer ads", impact=2, effort=4)
    return journey_map


def traces(figure, meta: str) -> list:
    return [trace for trace in figure.data if trace.meta == meta]


def points(figure, meta: str) -> dict[str, tuple[float, float]]:
    """Label -> (x, y) of every labelled point of the traces marked `meta`."""
    return {
        text: (x, y)
        for trace in traces(figure, meta)
        for x, y, text in zip(trace.x, trace.y, trace.text, strict=True)
        if text
    }


def hover_cards(figure, meta: str) -> list[str]:
    """The hover cards of the traces marked `meta` as Plotly shows them: each trace's
    template with each point's parts (`%{customdata[i]}`) in their places."""
    cards = []
    for trace in traces(figure, meta):
        for parts in trace.customdata:
            card = trace.hovertemplate.replace("<extra></extra>", "")
            for index, part in enumerate(parts):
                card = card.replace(f"%{{customdata[{index}]}}", part)
            cards.append(card)
    return cards


def annotation_texts(figure) -> str:
    return " ".join(annotation.text for annotation in figure.layout.annotations)


class TestSwimlane:
    def test_it_draws_a_few_traces_of_lists_not_one_per_touchpoint(self, journey):
        figure = swimlane_figure(map_grid(journey))
        # connectors, five emotions, pain points, opportunities, one emotion curve
        assert len(figure.data) == 9
        assert sum(len(trace.x) for trace in traces(figure, "touchpoints")) == 3

    def test_it_places_each_touchpoint_in_its_stage_column_and_lane_row(self, journey):
        figure = swimlane_figure(map_grid(journey))
        placed = points(figure, "touchpoints")
        assert placed["Sees a post"][0] == pytest.approx(0 + MARK_X)
        assert placed["Visits the store"][0] == pytest.approx(1 + MARK_X)
        # stacked in their cell, in order, and the store lane below the social lane
        assert placed["Sees a post"][1] < placed["Reads the site"][1] < placed["Visits the store"][1]
        labels = list(figure.layout.yaxis.ticktext)
        assert [label.split(" ", 1)[1] for label in labels[:2]] == ["Social media", "Store"]
        assert [text.split("</b> ")[1] for text in figure.layout.xaxis.ticktext] == ["Awareness", "Purchase"]

    def test_it_colours_touchpoints_by_emotion(self, journey):
        figure = swimlane_figure(map_grid(journey))
        by_colour = {trace.marker.color: [text for text in trace.text] for trace in traces(figure, "touchpoints")}
        assert by_colour[EMOTION_COLOURS[-2]] == ["Visits the store"]
        assert by_colour[EMOTION_COLOURS[1]] == ["Sees a post"]
        assert by_colour[EMOTION_COLOURS[2]] == []

    def test_it_draws_the_path_from_each_touchpoint_to_the_next(self, journey):
        figure = swimlane_figure(map_grid(journey))
        placed = points(figure, "touchpoints")
        (connectors,) = traces(figure, "connectors")
        # each connector: its start, a bend where a straight line would cross labels or
        # markers, its end, then a gap
        segments = " ".join("|" if x is None else str(x) for x in connectors.x).split("|")
        ends = {(float(segment.split()[0]), float(segment.split()[-1])) for segment in segments if segment.strip()}
        assert ends == {
            (placed["Sees a post"][0], placed["Reads the site"][0]),
            (placed["Reads the site"][0], placed["Visits the store"][0]),
        }
        assert connectors.x[-1] is None

    def test_it_marks_pain_points_and_opportunities_beside_their_touchpoint_or_under_their_stage(self, journey):
        figure = swimlane_figure(map_grid(journey))
        (pains,) = traces(figure, "pain-points")
        (opportunities,) = traces(figure, "opportunities")
        assert pains.marker.symbol == "triangle-up" and opportunities.marker.symbol == "star"
        assert pains.marker.color != opportunities.marker.color
        # one badge beside "Visits the store" (no label), one labelled item in the stage's own row
        assert list(pains.text) == ["", "Ads feel pushy"]
        assert "Long queue" in pains.hovertext[0]
        assert list(opportunities.text) == ["", "Calmer ads"]
        assert "⚠ Pain points" in figure.layout.yaxis.ticktext
        assert "💡 Opportunities" in figure.layout.yaxis.ticktext
        assert opportunities.customdata[1] == f"#opportunity-{journey.opportunities.get(title='Calmer ads').pk}"

    def test_it_shows_what_a_touchpoint_is_about_in_its_hover_card(self, journey):
        persona = PersonaFactory(name="Anna")
        journey.touchpoints.filter(title="Sees a post").update(
            description="A friend shares a video.", customer_action="Clicks the link", persona=persona, nps=30
        )
        figure = swimlane_figure(map_grid(journey))
        (card,) = [card for card in hover_cards(figure, "touchpoints") if "Sees a post" in card]
        for expected in [
            "<b>Sees a post</b>",
            "🙂 Positive",
            "Customer action:</i> Clicks the link",
            "CSAT 70%",
            "NPS 30",
            "Persona: Anna",
            "Awareness · Social media",
        ]:
            assert expected in card

    def test_it_links_each_touchpoint_to_its_card_on_the_grid(self, journey):
        figure = swimlane_figure(map_grid(journey))
        visit = journey.touchpoints.get(title="Visits the store")
        links = [point[0] for trace in traces(figure, "touchpoints") for point in trace.customdata]
        assert f"#touchpoint-{visit.pk}" in links
        assert figure.layout.meta["links"] == f"/maps/{journey.pk}/"

    def test_it_draws_the_emotion_curve_along_the_stages(self, journey):
        figure = swimlane_figure(map_grid(journey))
        (curve,) = traces(figure, "emotion-curve")
        assert curve.xaxis == "x2" and curve.yaxis == "y2"
        assert list(curve.x) == [0.5, 1.5]
        assert list(curve.y) == [0.5, -2]

    def test_it_draws_one_emotion_curve_per_persona_when_the_map_has_several(self, journey):
        anna, boris = PersonaFactory(name="Anna"), PersonaFactory(name="Boris")
        journey.personas.add(anna, boris)
        journey.touchpoints.filter(title="Visits the store").update(persona=boris)
        figure = swimlane_figure(map_grid(journey))
        curves = traces(figure, "emotion-curve")
        assert [curve.name for curve in curves] == ["All personas", "Anna", "Boris"]
        assert list(curves[1].y) == [0.5, None]
        assert list(curves[2].y) == [0.5, -2]
        assert len({curve.line.color for curve in curves}) == 3

    def test_it_escapes_every_user_text_that_reaches_the_figure(self, db):
        journey_map = JourneyMapFactory(title=EVIL)
        stage = StageFactory(map=journey_map, name=EVIL)
        lane = LaneFactory(map=journey_map, channel__name=EVIL, channel__icon="<b>")
        persona = PersonaFactory(name=EVIL)
        journey_map.personas.add(persona, PersonaFactory())
        touchpoint = TouchpointFactory(
            stage=stage, lane=lane, title=EVIL, description=EVIL, customer_action=EVIL, persona=persona
        )
        PainPointFactory(stage=stage, touchpoint=touchpoint, title=EVIL, description=EVIL)
        PainPointFactory(stage=stage, title=EVIL)
        OpportunityFactory(stage=stage, touchpoint=touchpoint, title=EVIL, action=EVIL, action_owner=EVIL)
        figure = with_title(swimlane_figure(map_grid(journey_map)), journey_map.title)
        document = figure_json(figure)
        assert "<img" not in document and "<b>\\u003c" not in document
        assert "&lt;b&gt;" in document
        assert document.count("&lt;img src=x onerror=alert(1)&gt;") >= 10

    def test_it_keeps_long_labels_to_their_column_counting_chinese_characters_double(self, db):
        journey_map = JourneyMapFactory()
        stage, lane = StageFactory(map=journey_map), LaneFactory(map=journey_map)
        TouchpointFactory(stage=stage, lane=lane, title="Compares the monthly payments of three dealers", position=0)
        TouchpointFactory(stage=stage, lane=lane, title="在汽车之家比较三家经销商的月供方案", position=1)
        TouchpointFactory(stage=stage, lane=lane, title="Сравнивает ежемесячные платежи", position=2)
        labels = list(points(swimlane_figure(map_grid(journey_map)), "touchpoints"))
        assert labels == ["Compares the…", "在汽车之家比较三…", "Сравнивает…"]  # whole words only

    def test_it_explains_an_empty_map_instead_of_drawing_nothing(self, db):
        journey_map = JourneyMapFactory()
        assert "No stages yet" in annotation_texts(swimlane_figure(map_grid(journey_map)))
        StageFactory(map=journey_map)
        assert "No lanes yet" in annotation_texts(swimlane_figure(map_grid(journey_map)))
        LaneFactory(map=journey_map)
        figure = swimlane_figure(map_grid(journey_map))
        assert "No touchpoints yet" in annotation_texts(figure)
        assert figure.layout.yaxis.ticktext

    def test_it_sizes_the_figure_to_the_map(self, journey):
        small = swimlane_figure(map_grid(journey))
        StageFactory(map=journey, position=2)
        wider = swimlane_figure(map_grid(journey))
        assert wider.layout.width > small.layout.width
        height = wider.layout.height
        assert with_title(wider, "Title").layout.height > height

    def test_it_keeps_the_figure_of_a_big_map_to_a_dozen_traces(self, db):
        journey_map = seed_large_map(
            stages=6,
            lanes=5,
            touchpoints=150,
            pain_points=30,
            opportunities=30,
            seed=3,
            owner=JourneyMapFactory().owner,
        )
        figure = swimlane_figure(map_grid(journey_map))
        assert len(figure.data) == 9
        assert sum(len(trace.x) for trace in traces(figure, "touchpoints")) == 150
        assert json.loads(figure_json(figure))["layout"]["height"] > 1000


class TestAnalytics:
    def test_it_counts_touchpoints_per_cell_and_shows_the_gaps(self, journey):
        figure = coverage_heatmap(map_analytics(journey))
        counts, emotions = figure.data
        assert [list(row) for row in counts.z] == [[2, 0], [0, 1]]
        assert [list(row) for row in emotions.z] == [[0.5, None], [None, -2]]
        assert counts.visible is not False and emotions.visible is False
        assert "a gap in the coverage" in counts.hovertext[0][1]
        assert [button.label for button in figure.layout.updatemenus[0].buttons] == ["Touchpoints", "Average emotion"]

    def test_it_puts_each_opportunity_in_its_quadrant_with_a_link_to_it(self, journey):
        figure = priority_matrix(map_analytics(journey))
        by_name = {trace.name: trace for trace in figure.data}
        quick_win, money_pit = by_name[Quadrant.QUICK_WIN.label], by_name[Quadrant.MONEY_PIT.label]
        assert (quick_win.x[0], quick_win.y[0]) == (1, 5)
        assert "Book a slot" in quick_win.hovertext[0]
        book = journey.opportunities.get(title="Book a slot")
        assert quick_win.customdata[0] == f"/maps/{journey.pk}/#opportunity-{book.pk}"
        assert (money_pit.x[0], money_pit.y[0]) == (4, 2)
        assert {annotation.text for annotation in figure.layout.annotations} == {
            f"<b>{quadrant.label}</b>" for quadrant in Quadrant
        }

    def test_it_fans_out_opportunities_with_the_same_scores(self, journey):
        stage = journey.stages.first()
        for _ in range(3):
            OpportunityFactory(stage=stage, impact=5, effort=1)
        figure = priority_matrix(map_analytics(journey))
        (quick_win,) = [trace for trace in figure.data if trace.name == Quadrant.QUICK_WIN.label]
        spots = set(zip(quick_win.x, quick_win.y, strict=True))
        assert len(spots) == 4
        assert all(0.5 < x < 1.5 and 4.5 < y < 5.5 for x, y in spots)

    def test_it_stacks_pain_points_by_stage_and_cause(self, journey):
        PainPointFactory(stage=journey.stages.get(name="Purchase"), cause=PainCause.SERVICE)
        figure = pain_by_stage(map_analytics(journey))
        assert figure.layout.barmode == "stack"
        bars = {trace.name: list(trace.y) for trace in figure.data}
        assert bars == {"Customer service": [0, 2], "Information": [1, 0]}

    def test_it_reads_kpis_per_stage_against_their_targets(self, journey):
        figure = kpis_by_stage(map_analytics(journey))
        csat_average, csat_target, nps_average, nps_target = figure.data[:4]
        assert list(csat_average.y) == [80, None] and list(csat_target.y) == [80, None]
        assert list(nps_average.y) == [None, 10] and list(nps_target.y) == [None, 40]
        assert len(figure.data) == 8

    def test_it_explains_what_to_enter_when_there_is_nothing_to_chart(self, db):
        analytics = map_analytics(JourneyMapFactory())
        assert "Add stages and lanes" in annotation_texts(coverage_heatmap(analytics))
        assert "No opportunities yet" in annotation_texts(priority_matrix(analytics))
        assert "No pain points yet" in annotation_texts(pain_by_stage(analytics))
        assert "No KPIs yet" in annotation_texts(kpis_by_stage(analytics))

    def test_it_escapes_user_text_in_every_chart(self, db):
        journey_map = JourneyMapFactory()
        stage = StageFactory(map=journey_map, name=EVIL, target_csat=50)
        lane = LaneFactory(map=journey_map, channel__name=EVIL)
        TouchpointFactory(stage=stage, lane=lane, csat=60)
        PainPointFactory(stage=stage)
        OpportunityFactory(stage=stage, title=EVIL, action_owner=EVIL, action=EVIL)
        analytics = map_analytics(journey_map)
        for build in (coverage_heatmap, priority_matrix, pain_by_stage, kpis_by_stage):
            document = figure_json(build(analytics))
            assert "<img" not in document, build.__name__
            assert "&lt;img" in document, build.__name__
