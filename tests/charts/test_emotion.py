"""The emotion row of the map page: its SVG geometry, drawn by the charts app."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from charts.emotion import svg_dots, svg_points, svg_view_box, svg_zero_y
from maps.selectors import map_emotions
from tests.factories import JourneyMapFactory, LaneFactory, StageFactory, TouchpointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey():
    """Three stages: delight, nothing yet, and a mixed stage averaging -0.5."""
    journey_map = JourneyMapFactory(title="Car buyer")
    stages = [StageFactory(map=journey_map, name=name, position=i) for i, name in enumerate(["Need", "Look", "Buy"])]
    lane = LaneFactory(map=journey_map, position=0)
    TouchpointFactory(stage=stages[0], lane=lane, emotion=2, position=0)
    TouchpointFactory(stage=stages[2], lane=lane, emotion=-2, position=0)
    TouchpointFactory(stage=stages[2], lane=lane, emotion=1, position=1)
    return journey_map


def emotion_row(journey_map) -> str:
    curves = map_emotions(journey_map)
    context = {"map": journey_map, "access": None, "emotion_curves": curves, "stage_count": len(curves[0].points)}
    return render_to_string("maps/map_detail.html#emotion-row", context)


class TestGeometry:
    def test_it_puts_each_stage_at_its_column_centre_and_plus_two_at_the_top(self, journey):
        (curve,) = map_emotions(journey)
        assert [(dot.cx, dot.cy, dot.value) for dot in svg_dots(curve)] == [
            ("112.5", "5.0", 2),
            ("562.5", "36.2", -0.5),
        ]
        assert svg_points(curve) == "112.5,5 562.5,36.2"

    def test_it_spans_the_stage_columns_with_the_neutral_line_in_the_middle(self):
        assert svg_view_box(3) == "0 0 675 60"
        assert svg_zero_y() == "30"


class TestEmotionRow:
    def test_it_draws_the_curve_of_the_selectors(self, journey):
        html = emotion_row(journey)
        assert 'viewBox="0 0 675 60"' in html
        assert 'y1="30" y2="30"' in html
        assert 'points="112.5,5 562.5,36.2"' in html
        assert '<circle cx="112.5" cy="5.0" r="4" class="emotion-curve__dot"><title>2.0</title></circle>' in html

    def test_it_writes_coordinates_with_a_decimal_point_in_russian(self, journey):
        with translation.override("ru"):
            html = emotion_row(journey)
        # The values people read follow the language; the coordinates never do.
        assert "<title>-0,5</title>" in html
        assert 'cx="562.5" cy="36.2"' in html
        assert 'points="112.5,5 562.5,36.2"' in html
        numbers = re.findall(r'\b(?:cx|cy|viewBox|y1|y2)="([^"]*)"', html)
        assert numbers and all("," not in value for value in numbers)
        (points,) = re.findall(r'points="([^"]*)"', html)
        assert all(re.fullmatch(r"[\d.]+,[\d.]+", pair) for pair in points.split())
