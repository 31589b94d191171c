"""Several people edit and move the same touchpoints at the same moment (threads with
their own database connections, against PostgreSQL). Afterwards every acknowledged write
is there, every refused one was told so, and every cell is a clean 0..n-1 sequence."""

import random
import threading
from collections import Counter, defaultdict

import pytest
from django.db import connection, connections

from journeymap.lib.versioning import StaleVersion
from maps.item_services import touchpoint_append, touchpoint_move
from maps.models import Lane, Stage
from maps.services import item_update, map_create
from tests.factories import UserFactory
from touchpoints.models import Channel, Touchpoint

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database: run with DATABASE_URL"),
]

WORKERS, OPERATIONS = 6, 25


def work(seed: int, card_ids: list[int], cells: list[tuple[int, int]], log: list) -> None:
    rng = random.Random(seed)
    try:
        for number in range(OPERATIONS):
            card = Touchpoint.objects.get(pk=rng.choice(card_ids))
            try:
                if rng.random() < 0.5:
                    stage_id, lane_id = rng.choice(cells)
                    touchpoint_move(
                        touchpoint=card,
                        stage=Stage.objects.get(pk=stage_id),
                        lane=Lane.objects.get(pk=lane_id),
                        position=rng.randrange(6),
                        expected_version=card.version,
                    )
                    log.append(("moved", card.pk, card.version, None))
                else:
                    card.title = f"worker {seed} edit {number}"
                    item_update(item=card, expected_version=card.version, fields=["title"])
                    log.append(("edited", card.pk, card.version, card.title))
            except StaleVersion:
                log.append(("refused", card.pk, None, None))
    finally:
        connections.close_all()


def test_concurrent_edits_and_moves_lose_nothing_and_keep_cells_in_order():
    owner = UserFactory()
    journey_map = map_create(owner=owner, title="Busy map")
    stages = [Stage.objects.create(map=journey_map, name=f"Stage {i}", position=i) for i in range(2)]
    channels = Channel.objects.bulk_create(Channel(name=f"Lane {i}", slug=f"lane-{i}") for i in range(2))
    lanes = [Lane.objects.create(map=journey_map, channel=channel, position=i) for i, channel in enumerate(channels)]
    cards = [touchpoint_append(stage=stages[i % 2], lane=lanes[0], title=f"Card {i}") for i in range(8)]
    cells = [(stage.pk, lane.pk) for stage in stages for lane in lanes]

    log: list = []
    threads = [threading.Thread(target=work, args=(seed, [c.pk for c in cards], cells, log)) for seed in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(log) == WORKERS * OPERATIONS
    outcomes = Counter(entry[0] for entry in log)
    assert outcomes["refused"] > 0 and outcomes["moved"] > 0 and outcomes["edited"] > 0

    acknowledged = Counter(card_id for outcome, card_id, _, _ in log if outcome != "refused")
    last_edit: dict[int, tuple[int, str]] = {}
    for outcome, card_id, version, title in log:
        if outcome == "edited" and version > last_edit.get(card_id, (0, ""))[0]:
            last_edit[card_id] = (version, title)
    for card in Touchpoint.objects.filter(map=journey_map):
        # Each acknowledged write moved the version on by exactly one: none was lost.
        assert card.version == 1 + acknowledged[card.pk]
        if card.pk in last_edit:
            assert card.title == last_edit[card.pk][1]

    by_cell = defaultdict(list)
    for stage_id, lane_id, position in Touchpoint.objects.filter(map=journey_map).values_list(
        "stage", "lane", "position"
    ):
        by_cell[stage_id, lane_id].append(position)
    assert sum(len(positions) for positions in by_cell.values()) == 8
    for positions in by_cell.values():
        assert sorted(positions) == list(range(len(positions)))
