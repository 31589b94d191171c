"""The as-is and the to-be of one journey side by side: the other curve over the emotion row
and the swimlane, and a comparison on the analytics page."""

import json

import pytest
from django.urls import reverse

from maps.models import JourneyMap, MapMember, MapState, Role
from tests.factories import JourneyMapFactory, OpportunityFactory, PainPointFactory, StageFactory, TouchpointFactory
from touchpoints.models import OpportunityStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(board):
    """The board is the as-is; its to-be has the same stages, feels better and lost the queue."""
    cast = board.cast
    to_be = JourneyMapFactory(title="Car buyer (to-be)", owner=cast.owner, state=MapState.TO_BE, as_is=cast.map)
    MapMember.objects.create(map=to_be, user=cast.viewer, role=Role.VIEWER)
    stages = [StageFactory(map=to_be, name=name, position=i) for i, name in enumerate(["Awareness", "Purchase"])]
    TouchpointFactory(stage=stages[0], emotion=2)
    TouchpointFactory(stage=stages[1], emotion=1)
    PainPointFactory(stage=stages[1], title="Parking is hard")
    OpportunityFactory(stage=stages[1], title="Valet", status=OpportunityStatus.DONE)
    for touchpoint, emotion in zip(board.touchpoints, [-1, 0, -2], strict=True):
        touchpoint.emotion = emotion
        touchpoint.save()
    return cast, to_be


def test_the_to_be_emotion_row_draws_the_as_is_curve_too(journey):
    cast, to_be = journey
    page = cast.client_for("viewer").get(to_be.get_absolute_url()).text
    assert 'data-testid="comparison-curve"' in page and "As-is: Car buyer" in page
    row = cast.client_for("viewer").get(reverse("maps:emotion-row", args=[to_be.pk])).text
    assert 'data-testid="comparison-curve"' in row
    # And the as-is map draws its to-be.
    assert "To-be: Car buyer (to-be)" in cast.client_for("viewer").get(cast.map.get_absolute_url()).text


def test_the_other_curve_follows_the_stages_by_name(journey):
    cast, to_be = journey
    to_be.stages.filter(name="Awareness").update(position=5)
    to_be.stages.filter(name="Purchase").update(position=0)
    swimlane = cast.client_for("viewer").get(reverse("maps:swimlane-json", args=[to_be.pk])).json()
    traces = json.loads(swimlane) if isinstance(swimlane, str) else swimlane
    figure = traces["swimlane"]
    as_is = next(trace for trace in figure["data"] if trace.get("name") == "As-is: Car buyer")
    assert as_is["y"] == [-2, -0.5]  # Purchase first on the to-be map, then Awareness


def test_no_other_curve_for_someone_who_cannot_see_the_other_map(journey):
    cast, to_be = journey
    MapMember.objects.filter(map=cast.map, user=cast.viewer).delete()
    page = cast.client_for("viewer").get(to_be.get_absolute_url()).text
    assert 'data-testid="comparison-curve"' not in page and "Car buyer</a>" not in page


def test_the_analytics_page_compares_emotion_pain_points_and_opportunities(journey):
    cast, to_be = journey
    text = cast.client_for("viewer").get(reverse("maps:analytics", args=[to_be.pk])).text
    assert 'data-testid="comparison"' in text
    assert "-0.5" in text and "+2.5" in text  # Awareness: -0.5 -> 2
    assert "-2.0" in text and "+3.0" in text  # Purchase: -2 -> 1
    assert "1 as-is, 1 to-be: 1 resolved (Long queue)" in text
    assert "Parking is hard" in text
    assert "0 of 1 on the as-is map" in text and "1 of 1 on the to-be map" in text


def test_a_map_without_another_state_has_no_comparison(board):
    text = board.cast.client_for("owner").get(reverse("maps:analytics", args=[board.cast.map.pk])).text
    assert 'data-testid="comparison"' not in text
    assert JourneyMap.objects.count() == 1
