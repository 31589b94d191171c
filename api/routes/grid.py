"""Stages (the columns) and lanes (the rows) of a map's grid."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from api.answers import lane_out, stage_out
from api.problems import ERROR_CODES, Problem
from api.routes.changes import item_removed, item_saved
from api.schemas import Id, LaneCreate, LaneOut, Move, StageCreate, StageOut, StageUpdate
from api.schemas import Problem as ProblemSchema
from maps.access import map_for_editing, map_for_viewing
from maps.models import Lane, Stage
from maps.services import column_or_row_move, lane_append, stage_append
from touchpoints.models import Channel

router = Router(tags=["grid"])
ERRORS = {ERROR_CODES: ProblemSchema}


@router.get("/{map_id}/stages", response={200: list[StageOut], **ERRORS}, summary="The map's stages, in order")
def stage_list(request: HttpRequest, map_id: Id) -> list[StageOut]:
    access = map_for_viewing(request.user, map_id)
    return [stage_out(stage) for stage in access.map.stages.order_by("position")]


@router.post("/{map_id}/stages", response={201: StageOut, **ERRORS}, summary="Add a stage after the last one")
def stage_create(request: HttpRequest, map_id: Id, payload: StageCreate) -> Status[StageOut]:
    access = map_for_editing(request.user, map_id)
    return Status(201, stage_out(stage_append(journey_map=access.map, **payload.model_dump())))


@router.get("/{map_id}/stages/{stage_id}", response={200: StageOut, **ERRORS}, summary="A stage")
def stage_read(request: HttpRequest, map_id: Id, stage_id: Id) -> StageOut:
    access = map_for_viewing(request.user, map_id)
    return stage_out(get_object_or_404(Stage, map=access.map, pk=stage_id))


@router.patch("/{map_id}/stages/{stage_id}", response={200: StageOut, **ERRORS}, summary="Change a stage")
def stage_update(request: HttpRequest, map_id: Id, stage_id: Id, payload: StageUpdate) -> StageOut:
    access = map_for_editing(request.user, map_id)
    stage = get_object_or_404(Stage, map=access.map, pk=stage_id)
    item_saved(request, stage, payload, payload.model_dump(exclude_unset=True, exclude={"version"}), stage_out)
    return stage_out(stage)


@router.delete("/{map_id}/stages/{stage_id}", response={204: None, **ERRORS}, summary="Delete a stage and its items")
def stage_delete(request: HttpRequest, map_id: Id, stage_id: Id) -> Status[None]:
    access = map_for_editing(request.user, map_id)
    stage = get_object_or_404(Stage, map=access.map, pk=stage_id)
    item_removed(request, access, stage, _("Stage “%s”") % stage.name, stage_out)
    return Status(204, None)


@router.post("/{map_id}/stages/{stage_id}/move", response={200: StageOut, **ERRORS}, summary="Move a stage")
def stage_move(request: HttpRequest, map_id: Id, stage_id: Id, payload: Move) -> StageOut:
    access = map_for_editing(request.user, map_id)
    stage = get_object_or_404(Stage, map=access.map, pk=stage_id)
    column_or_row_move(item=stage, position=payload.position)
    stage.refresh_from_db()
    return stage_out(stage)


@router.get("/{map_id}/lanes", response={200: list[LaneOut], **ERRORS}, summary="The map's lanes, in order")
def lane_list(request: HttpRequest, map_id: Id) -> list[LaneOut]:
    access = map_for_viewing(request.user, map_id)
    return [lane_out(lane) for lane in access.map.lanes.select_related("channel").order_by("position")]


@router.post("/{map_id}/lanes", response={201: LaneOut, **ERRORS}, summary="Add a lane for a channel of the library")
def lane_create(request: HttpRequest, map_id: Id, payload: LaneCreate) -> Status[LaneOut]:
    access = map_for_editing(request.user, map_id)
    channel = Channel.objects.filter(slug=payload.channel).first()
    if channel is None:
        raise Problem(422, "The library has no such channel.", errors=[{"loc": ["body", "channel"], "msg": "unknown"}])
    if access.map.lanes.filter(channel=channel).exists():
        raise Problem(
            422, "The map has a lane for this channel.", errors=[{"loc": ["body", "channel"], "msg": "taken"}]
        )
    return Status(201, lane_out(lane_append(journey_map=access.map, channel=channel)))


@router.get("/{map_id}/lanes/{lane_id}", response={200: LaneOut, **ERRORS}, summary="A lane")
def lane_read(request: HttpRequest, map_id: Id, lane_id: Id) -> LaneOut:
    access = map_for_viewing(request.user, map_id)
    return lane_out(get_object_or_404(Lane.objects.select_related("channel"), map=access.map, pk=lane_id))


@router.delete("/{map_id}/lanes/{lane_id}", response={204: None, **ERRORS}, summary="Delete a lane and its touchpoints")
def lane_delete(request: HttpRequest, map_id: Id, lane_id: Id) -> Status[None]:
    access = map_for_editing(request.user, map_id)
    lane = get_object_or_404(Lane.objects.select_related("channel"), map=access.map, pk=lane_id)
    item_removed(request, access, lane, _("Lane “%s”") % lane.channel.name, lane_out)
    return Status(204, None)


@router.post("/{map_id}/lanes/{lane_id}/move", response={200: LaneOut, **ERRORS}, summary="Move a lane")
def lane_move(request: HttpRequest, map_id: Id, lane_id: Id, payload: Move) -> LaneOut:
    access = map_for_editing(request.user, map_id)
    lane = get_object_or_404(Lane.objects.select_related("channel"), map=access.map, pk=lane_id)
    column_or_row_move(item=lane, position=payload.position)
    lane.refresh_from_db()
    return lane_out(lane)
