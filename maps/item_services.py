"""Writes on touchpoints, pain points and opportunities: one function per user intent."""

from django.db import transaction
from django.db.models import F

from journeymap.lib.versioning import StaleVersion
from maps.activity import activity_record
from maps.models import ActivityVerb, Lane, Stage
from maps.positions import PARKED, insert, next_position, renumber, siblings
from maps.services import lock_map
from touchpoints.models import Opportunity, PainPoint, Touchpoint


@transaction.atomic
def touchpoint_append(*, stage: Stage, lane: Lane, title: str, next_touchpoints=(), **fields) -> Touchpoint:
    """A new touchpoint at the end of the cell (stage x lane)."""
    if stage.map_id != lane.map_id:
        raise ValueError("The stage and the lane belong to different maps.")
    lock_map(stage.map_id, adding=1)
    touchpoint = Touchpoint.objects.create(
        map_id=stage.map_id,
        stage=stage,
        lane=lane,
        title=title,
        position=next_position(Touchpoint.objects.filter(stage=stage, lane=lane)),
        **fields,
    )
    if next_touchpoints:
        touchpoint.next_touchpoints.add(*next_touchpoints)
    activity_record(map_id=stage.map_id, verb=ActivityVerb.ADDED, item=touchpoint)
    return touchpoint


@transaction.atomic
def touchpoint_move(
    *, touchpoint: Touchpoint, stage: Stage, lane: Lane, position: int, expected_version: int
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Move a touchpoint to `position` in the cell (stage x lane); both cells stay a clean
    0..n-1 sequence. Returns the (stage id, lane id) of the cell it left and the one it entered."""
    if not (stage.map_id == lane.map_id == touchpoint.map_id):
        raise ValueError("The touchpoint, the stage and the lane belong to different maps.")
    lock_map(touchpoint.map_id)
    current = Touchpoint.objects.filter(pk=touchpoint.pk).first()
    if current is None or current.version != expected_version:
        raise StaleVersion(current)
    source = (current.stage_id, current.lane_id)
    Touchpoint.objects.filter(pk=touchpoint.pk).update(
        stage=stage, lane=lane, position=PARKED, version=F("version") + 1
    )
    touchpoint.stage, touchpoint.lane, touchpoint.version = stage, lane, expected_version + 1
    insert(touchpoint, position)
    if source != (stage.pk, lane.pk):
        renumber(Touchpoint, siblings(current))
    activity_record(map_id=touchpoint.map_id, verb=ActivityVerb.MOVED, item=touchpoint)
    return source, (stage.pk, lane.pk)


@transaction.atomic
def pain_point_create(*, stage: Stage, title: str, **fields) -> PainPoint:
    lock_map(stage.map_id, adding=1)
    pain_point = PainPoint.objects.create(map_id=stage.map_id, stage=stage, title=title, **fields)
    activity_record(map_id=stage.map_id, verb=ActivityVerb.ADDED, item=pain_point)
    return pain_point


@transaction.atomic
def opportunity_create(*, stage: Stage, title: str, pain_points=(), **fields) -> Opportunity:
    lock_map(stage.map_id, adding=1)
    opportunity = Opportunity.objects.create(map_id=stage.map_id, stage=stage, title=title, **fields)
    if pain_points:
        opportunity.pain_points.add(*pain_points)
    activity_record(map_id=stage.map_id, verb=ActivityVerb.ADDED, item=opportunity)
    return opportunity
