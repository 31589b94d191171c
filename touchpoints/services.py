"""Writes on touchpoints, pain points and opportunities: one function per user intent."""

from django.db import transaction

from maps.models import Lane, Stage
from maps.services import lock_map, next_position, record_change
from touchpoints.models import Touchpoint


@transaction.atomic
def touchpoint_append(*, stage: Stage, lane: Lane, title: str, **fields) -> Touchpoint:
    """A new touchpoint at the end of the cell (stage x lane)."""
    if stage.map_id != lane.map_id:
        raise ValueError("The stage and the lane belong to different maps.")
    lock_map(stage.map_id)
    touchpoint = Touchpoint.objects.create(
        map_id=stage.map_id,
        stage=stage,
        lane=lane,
        title=title,
        position=next_position(Touchpoint.objects.filter(stage=stage, lane=lane)),
        **fields,
    )
    record_change(stage.map_id)
    return touchpoint
