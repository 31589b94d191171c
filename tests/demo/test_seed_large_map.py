from collections import defaultdict
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from demo.synthetic import seed_large_map
from maps.models import JourneyMap
from tests.factories import UserFactory
from touchpoints.models import Channel, Opportunity, Touchpoint

pytestmark = pytest.mark.django_db

SIZES = {"stages": 6, "lanes": 5, "touchpoints": 300, "pain_points": 40, "opportunities": 30}


def build(**overrides) -> JourneyMap:
    return seed_large_map(owner=UserFactory(), **({"seed": 1} | SIZES | overrides))


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("seed_large_map", *args, stdout=out)
    return out.getvalue().splitlines()


def shape(journey_map: JourneyMap) -> dict[str, list]:
    """The map without its ids: two maps built alike have equal shapes."""
    stages = {stage.pk: stage.position for stage in journey_map.stages.all()}
    lanes = {lane.pk: (lane.position, lane.channel_id) for lane in journey_map.lanes.all()}
    touchpoints = list(journey_map.touchpoints.order_by("pk"))
    cell = {tp.pk: (stages[tp.stage_id], lanes[tp.lane_id][0], tp.position) for tp in touchpoints}
    pain_points = list(journey_map.pain_points.order_by("pk"))
    rank = {pain.pk: number for number, pain in enumerate(pain_points)}
    links = Touchpoint.next_touchpoints.through.objects.filter(from_touchpoint__map=journey_map)
    addressed = Opportunity.pain_points.through.objects.filter(opportunity__map=journey_map)
    return {
        "lanes": sorted(lanes.values()),
        "touchpoints": [
            (cell[tp.pk], tp.title, tp.emotion, tp.expectation, tp.is_micro_conversion, tp.csat, tp.nps)
            for tp in touchpoints
        ],
        "links": sorted((cell[link.from_touchpoint_id], cell[link.to_touchpoint_id]) for link in links),
        "pain_points": [
            (stages[pain.stage_id], cell.get(pain.touchpoint_id), pain.title, pain.severity, pain.cause)
            for pain in pain_points
        ],
        "opportunities": [
            (stages[opp.stage_id], opp.title, opp.impact, opp.effort, opp.status, opp.due_date)
            for opp in journey_map.opportunities.order_by("pk")
        ],
        "addressed": sorted((link.opportunity.title, rank[link.painpoint_id]) for link in addressed),
    }


def test_it_creates_exactly_the_sizes_asked_for():
    journey_map = build()
    assert journey_map.stages.count() == 6
    assert journey_map.lanes.count() == 5
    assert journey_map.touchpoints.count() == 300
    assert journey_map.pain_points.count() == 40
    assert journey_map.opportunities.count() == 30


def test_it_creates_the_benchmark_size_by_default():
    map_id = int(run()[-1])
    journey_map = JourneyMap.objects.get(pk=map_id)
    assert journey_map.stages.count() == 20
    assert journey_map.lanes.count() == 12
    assert journey_map.touchpoints.count() == 1000
    assert journey_map.pain_points.count() == 200
    assert journey_map.opportunities.count() == 200


def test_it_numbers_positions_0_to_n_minus_1_in_every_column_row_and_cell():
    journey_map = build()
    assert list(journey_map.stages.values_list("position", flat=True)) == list(range(6))
    assert list(journey_map.lanes.values_list("position", flat=True)) == list(range(5))
    cells = defaultdict(list)
    for stage_id, lane_id, position in journey_map.touchpoints.order_by("position").values_list(
        "stage_id", "lane_id", "position"
    ):
        cells[stage_id, lane_id].append(position)
    assert len(cells) > 1
    assert all(positions == list(range(len(positions))) for positions in cells.values())


def test_it_links_touchpoints_pain_points_and_opportunities_within_the_map():
    journey_map = build()
    links = Touchpoint.next_touchpoints.through.objects.filter(from_touchpoint__map=journey_map)
    assert links.exists()
    assert not links.exclude(to_touchpoint__map=journey_map).exists()
    assert journey_map.pain_points.filter(touchpoint__isnull=False).exists()
    addressed = Opportunity.pain_points.through.objects.filter(opportunity__map=journey_map).select_related(
        "opportunity", "painpoint"
    )
    assert addressed.exists()
    assert all(link.opportunity.stage_id == link.painpoint.stage_id for link in addressed)


def test_it_uses_the_channel_library_and_tops_it_up_when_more_lanes_are_asked():
    library = Channel.objects.count()
    journey_map = build(lanes=library + 2, touchpoints=50)
    assert journey_map.lanes.count() == library + 2
    assert list(Channel.objects.filter(slug__startswith="synthetic-channel-").values_list("name", flat=True)) == [
        "Synthetic channel 1",
        "Synthetic channel 2",
    ]
    build(lanes=library + 2, touchpoints=50)
    assert Channel.objects.count() == library + 2


def test_it_builds_the_same_map_from_the_same_seed():
    assert shape(build(seed=7)) == shape(build(seed=7))


def test_it_builds_another_map_from_another_seed():
    assert shape(build(seed=7))["touchpoints"] != shape(build(seed=8))["touchpoints"]


def test_it_prints_the_map_id_alone_on_the_last_line():
    lines = run("--stages", "3", "--lanes", "2", "--touchpoints", "20", "--pain-points", "4", "--opportunities", "4")
    journey_map = JourneyMap.objects.get(pk=int(lines[-1]))
    assert journey_map.touchpoints.count() == 20
    assert journey_map.owner.username == "bench"
    assert not journey_map.owner.has_usable_password()


def test_it_gives_the_map_to_the_named_owner():
    owner = UserFactory(username="analyst")
    lines = run("--stages", "2", "--lanes", "2", "--touchpoints", "5", "--owner", "analyst")
    assert JourneyMap.objects.get(pk=int(lines[-1])).owner == owner
    assert not get_user_model().objects.filter(username="bench").exists()


def test_it_refuses_an_unknown_owner():
    with pytest.raises(CommandError, match="nobody"):
        run("--touchpoints", "5", "--owner", "nobody")
    assert not JourneyMap.objects.exists()


def test_it_refuses_a_map_without_stages():
    with pytest.raises(CommandError, match="stages"):
        run("--stages", "0")
