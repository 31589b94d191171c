import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from maps.models import Comment
from tests.factories import (
    LaneFactory,
    OpportunityFactory,
    PainPointFactory,
    StageFactory,
    TouchpointFactory,
    UserFactory,
)
from touchpoints.models import Quadrant

pytestmark = pytest.mark.django_db


def violates_constraint(factory, **fields) -> bool:
    try:
        with transaction.atomic():
            factory(**fields)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize("emotion, rejected", [(-3, True), (-2, False), (2, False), (3, True)])
def test_it_keeps_emotion_between_minus_two_and_two(emotion, rejected):
    assert violates_constraint(TouchpointFactory, emotion=emotion) is rejected


@pytest.mark.parametrize(
    "field, value",
    [("expectation", 0), ("expectation", 6), ("nps", 101), ("csat", 100.5), ("crr", -1), ("conversion_rate", 120)],
)
def test_it_refuses_metrics_out_of_range(field, value):
    assert violates_constraint(TouchpointFactory, **{field: value})


def test_it_validates_metrics_in_full_clean_too():
    touchpoint = TouchpointFactory.build(emotion=5, csat=150, stage=StageFactory(), position=0)
    touchpoint.lane = LaneFactory(map=touchpoint.stage.map)
    touchpoint.map = touchpoint.stage.map
    with pytest.raises(ValidationError) as error:
        touchpoint.full_clean()
    assert {"emotion", "csat"} <= set(error.value.message_dict)


def test_it_allows_one_touchpoint_per_position_in_a_cell():
    first = TouchpointFactory(position=0)
    assert violates_constraint(TouchpointFactory, stage=first.stage, lane=first.lane, map=first.map, position=0)
    TouchpointFactory(stage=first.stage, lane=first.lane, position=1)


def test_it_allows_one_stage_per_position_and_one_lane_per_channel():
    stage = StageFactory(position=0)
    assert violates_constraint(StageFactory, map=stage.map, position=0)
    lane = LaneFactory(map=stage.map, position=0)
    assert violates_constraint(LaneFactory, map=stage.map, position=1, channel=lane.channel)
    assert violates_constraint(LaneFactory, map=stage.map, position=0)


def test_it_keeps_severity_and_scores_in_range():
    assert violates_constraint(PainPointFactory, severity=5)
    assert violates_constraint(OpportunityFactory, impact=0)
    assert violates_constraint(OpportunityFactory, effort=6)


@pytest.mark.parametrize(
    "impact, effort, quadrant, score",
    [
        (5, 1, Quadrant.QUICK_WIN, 25),
        (4, 4, Quadrant.BIG_BET, 8),
        (1, 1, Quadrant.FILL_IN, 5),
        (2, 5, Quadrant.MONEY_PIT, 2),
    ],
)
def test_it_derives_the_priority_of_an_opportunity(impact, effort, quadrant, score):
    opportunity = OpportunityFactory.build(impact=impact, effort=effort)
    assert (opportunity.quadrant, opportunity.priority_score) == (quadrant, score)


def test_it_attaches_a_comment_to_at_most_one_item():
    touchpoint = TouchpointFactory()
    author = UserFactory()
    Comment.objects.create(map=touchpoint.map, author=author, body="On the touchpoint", touchpoint=touchpoint)
    with pytest.raises(IntegrityError):
        Comment.objects.create(
            map=touchpoint.map, author=author, body="Both", touchpoint=touchpoint, stage=touchpoint.stage
        )
