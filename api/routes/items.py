"""Touchpoints, pain points and opportunities of a map."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from api.answers import (
    all_of,
    expected_version,
    one_of,
    opportunity_out,
    pain_point_out,
    touchpoint_out,
    touchpoints,
)
from api.problems import ERROR_CODES, Problem, stale
from api.routes.changes import STALE_ITEM, item_removed, item_saved
from api.schemas import (
    Id,
    OpportunityCreate,
    OpportunityOut,
    OpportunityUpdate,
    PainPointCreate,
    PainPointOut,
    PainPointUpdate,
    TouchpointCreate,
    TouchpointMove,
    TouchpointOut,
    TouchpointUpdate,
)
from api.schemas import Problem as ProblemSchema
from journeymap.lib.versioning import StaleVersion
from maps.access import map_for_editing, map_for_viewing
from maps.item_services import opportunity_create, pain_point_create, touchpoint_append, touchpoint_move
from maps.models import JourneyMap, Stage
from personas.models import Persona
from touchpoints.models import Opportunity, PainPoint, Touchpoint

router = Router(tags=["items"])
ERRORS = {ERROR_CODES: ProblemSchema}


def persona_of(journey_map: JourneyMap, name: str | None) -> Persona | None:
    """A touchpoint's persona is one of the map's, named; none means every persona."""
    if name is None:
        return None
    persona = journey_map.personas.filter(name=name).first()
    if persona is None:
        raise Problem(
            422, "The map has no persona of this name.", errors=[{"loc": ["body", "persona"], "msg": "not on this map"}]
        )
    return persona


def touchpoint_of_stage(journey_map: JourneyMap, stage: Stage, pk: int | None) -> Touchpoint | None:
    """A pain point or an opportunity hangs on the whole stage, or on one of its touchpoints."""
    return None if pk is None else one_of(Touchpoint.objects.filter(map=journey_map, stage=stage), pk, "touchpoint")


# Touchpoints


@router.get("/{map_id}/touchpoints", response={200: list[TouchpointOut], **ERRORS}, summary="The map's touchpoints")
def touchpoint_list(
    request: HttpRequest, map_id: Id, stage: Id | None = None, lane: Id | None = None
) -> list[TouchpointOut]:
    access = map_for_viewing(request.user, map_id)
    found = touchpoints(access.map).order_by("stage__position", "lane__position", "position")
    if stage is not None:
        found = found.filter(stage_id=stage)
    if lane is not None:
        found = found.filter(lane_id=lane)
    return [touchpoint_out(touchpoint) for touchpoint in found]


@router.post("/{map_id}/touchpoints", response={201: TouchpointOut, **ERRORS}, summary="Add a touchpoint to a cell")
def touchpoint_create(request: HttpRequest, map_id: Id, payload: TouchpointCreate) -> Status[TouchpointOut]:
    access = map_for_editing(request.user, map_id)
    fields = payload.model_dump(exclude={"stage", "lane", "next"})
    fields["persona"] = persona_of(access.map, fields["persona"])
    touchpoint = touchpoint_append(
        stage=one_of(access.map.stages.all(), payload.stage, "stage"),
        lane=one_of(access.map.lanes.all(), payload.lane, "lane"),
        next_touchpoints=all_of(Touchpoint.objects.filter(map=access.map), payload.next, "next"),
        **fields,
    )
    return Status(201, touchpoint_out(touchpoints(access.map).get(pk=touchpoint.pk)))


@router.get("/{map_id}/touchpoints/{touchpoint_id}", response={200: TouchpointOut, **ERRORS}, summary="A touchpoint")
def touchpoint_read(request: HttpRequest, map_id: Id, touchpoint_id: Id) -> TouchpointOut:
    access = map_for_viewing(request.user, map_id)
    return touchpoint_out(get_object_or_404(touchpoints(access.map), pk=touchpoint_id))


@router.patch(
    "/{map_id}/touchpoints/{touchpoint_id}", response={200: TouchpointOut, **ERRORS}, summary="Change a touchpoint"
)
def touchpoint_update(request: HttpRequest, map_id: Id, touchpoint_id: Id, payload: TouchpointUpdate) -> TouchpointOut:
    access = map_for_editing(request.user, map_id)
    touchpoint = get_object_or_404(Touchpoint, map=access.map, pk=touchpoint_id)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True, exclude={"version", "next"})
    if "persona" in changes:
        changes["persona"] = persona_of(access.map, changes["persona"])
    links: dict[str, Iterable[Model]] | None = None
    if payload.next is not None:
        others = Touchpoint.objects.filter(map=access.map).exclude(pk=touchpoint.pk)
        links = {"next_touchpoints": all_of(others, payload.next, "next")}
    item_saved(request, touchpoint, payload, changes, touchpoint_out, links)
    return touchpoint_out(touchpoints(access.map).get(pk=touchpoint.pk))


@router.delete("/{map_id}/touchpoints/{touchpoint_id}", response={204: None, **ERRORS}, summary="Delete a touchpoint")
def touchpoint_delete(request: HttpRequest, map_id: Id, touchpoint_id: Id) -> Status[None]:
    access = map_for_editing(request.user, map_id)
    touchpoint = get_object_or_404(Touchpoint, map=access.map, pk=touchpoint_id)
    item_removed(request, access, touchpoint, _("Touchpoint “%s”") % touchpoint.title, touchpoint_out)
    return Status(204, None)


@router.post(
    "/{map_id}/touchpoints/{touchpoint_id}/move",
    response={200: TouchpointOut, **ERRORS},
    summary="Move a touchpoint to a cell and a place in it",
)
def touchpoint_move_endpoint(
    request: HttpRequest, map_id: Id, touchpoint_id: Id, payload: TouchpointMove
) -> TouchpointOut:
    access = map_for_editing(request.user, map_id)
    touchpoint = get_object_or_404(Touchpoint, map=access.map, pk=touchpoint_id)
    try:
        touchpoint_move(
            touchpoint=touchpoint,
            stage=one_of(access.map.stages.all(), payload.stage, "stage"),
            lane=one_of(access.map.lanes.all(), payload.lane, "lane"),
            position=payload.position,
            expected_version=expected_version(request, payload.version),
        )
    except StaleVersion as error:
        raise stale(error.fresh and touchpoint_out(error.fresh), STALE_ITEM) from None
    return touchpoint_out(touchpoints(access.map).get(pk=touchpoint.pk))


# Pain points


@router.get("/{map_id}/pain-points", response={200: list[PainPointOut], **ERRORS}, summary="The map's pain points")
def pain_point_list(request: HttpRequest, map_id: Id) -> list[PainPointOut]:
    access = map_for_viewing(request.user, map_id)
    return [pain_point_out(pain_point) for pain_point in PainPoint.objects.filter(map=access.map)]


@router.post("/{map_id}/pain-points", response={201: PainPointOut, **ERRORS}, summary="Add a pain point to a stage")
def pain_point_new(request: HttpRequest, map_id: Id, payload: PainPointCreate) -> Status[PainPointOut]:
    access = map_for_editing(request.user, map_id)
    stage = one_of(access.map.stages.all(), payload.stage, "stage")
    fields = payload.model_dump(exclude={"stage", "touchpoint"})
    pain_point = pain_point_create(
        stage=stage,
        touchpoint=touchpoint_of_stage(access.map, stage, payload.touchpoint),
        **fields,
    )
    return Status(201, pain_point_out(pain_point))


@router.get("/{map_id}/pain-points/{pain_point_id}", response={200: PainPointOut, **ERRORS}, summary="A pain point")
def pain_point_read(request: HttpRequest, map_id: Id, pain_point_id: Id) -> PainPointOut:
    access = map_for_viewing(request.user, map_id)
    return pain_point_out(get_object_or_404(PainPoint, map=access.map, pk=pain_point_id))


@router.patch(
    "/{map_id}/pain-points/{pain_point_id}", response={200: PainPointOut, **ERRORS}, summary="Change a pain point"
)
def pain_point_update(request: HttpRequest, map_id: Id, pain_point_id: Id, payload: PainPointUpdate) -> PainPointOut:
    access = map_for_editing(request.user, map_id)
    pain_point = get_object_or_404(PainPoint.objects.select_related("stage"), map=access.map, pk=pain_point_id)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True, exclude={"version"})
    if "touchpoint" in changes:
        changes["touchpoint"] = touchpoint_of_stage(access.map, pain_point.stage, changes["touchpoint"])
    item_saved(request, pain_point, payload, changes, pain_point_out)
    return pain_point_out(pain_point)


@router.delete("/{map_id}/pain-points/{pain_point_id}", response={204: None, **ERRORS}, summary="Delete a pain point")
def pain_point_delete(request: HttpRequest, map_id: Id, pain_point_id: Id) -> Status[None]:
    access = map_for_editing(request.user, map_id)
    pain_point = get_object_or_404(PainPoint, map=access.map, pk=pain_point_id)
    item_removed(request, access, pain_point, _("Pain point “%s”") % pain_point.title, pain_point_out)
    return Status(204, None)


# Opportunities


def opportunities(journey_map: JourneyMap):
    return Opportunity.objects.filter(map=journey_map).prefetch_related("pain_points")


@router.get("/{map_id}/opportunities", response={200: list[OpportunityOut], **ERRORS}, summary="The action plan")
def opportunity_list(request: HttpRequest, map_id: Id) -> list[OpportunityOut]:
    access = map_for_viewing(request.user, map_id)
    return [opportunity_out(opportunity) for opportunity in opportunities(access.map)]


@router.post("/{map_id}/opportunities", response={201: OpportunityOut, **ERRORS}, summary="Add an opportunity")
def opportunity_new(request: HttpRequest, map_id: Id, payload: OpportunityCreate) -> Status[OpportunityOut]:
    access = map_for_editing(request.user, map_id)
    stage = one_of(access.map.stages.all(), payload.stage, "stage")
    fields = payload.model_dump(exclude={"stage", "touchpoint", "pain_points"})
    opportunity = opportunity_create(
        stage=stage,
        touchpoint=touchpoint_of_stage(access.map, stage, payload.touchpoint),
        pain_points=all_of(PainPoint.objects.filter(map=access.map), payload.pain_points, "pain_points"),
        **fields,
    )
    return Status(201, opportunity_out(opportunities(access.map).get(pk=opportunity.pk)))


@router.get(
    "/{map_id}/opportunities/{opportunity_id}", response={200: OpportunityOut, **ERRORS}, summary="An opportunity"
)
def opportunity_read(request: HttpRequest, map_id: Id, opportunity_id: Id) -> OpportunityOut:
    access = map_for_viewing(request.user, map_id)
    return opportunity_out(get_object_or_404(opportunities(access.map), pk=opportunity_id))


@router.patch(
    "/{map_id}/opportunities/{opportunity_id}",
    response={200: OpportunityOut, **ERRORS},
    summary="Change an opportunity",
)
def opportunity_update(
    request: HttpRequest, map_id: Id, opportunity_id: Id, payload: OpportunityUpdate
) -> OpportunityOut:
    access = map_for_editing(request.user, map_id)
    opportunity = get_object_or_404(Opportunity.objects.select_related("stage"), map=access.map, pk=opportunity_id)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True, exclude={"version", "pain_points"})
    if "touchpoint" in changes:
        changes["touchpoint"] = touchpoint_of_stage(access.map, opportunity.stage, changes["touchpoint"])
    links: dict[str, Iterable[Model]] | None = None
    if payload.pain_points is not None:
        links = {"pain_points": all_of(PainPoint.objects.filter(map=access.map), payload.pain_points, "pain_points")}
    item_saved(request, opportunity, payload, changes, opportunity_out, links)
    return opportunity_out(opportunities(access.map).get(pk=opportunity.pk))


@router.delete(
    "/{map_id}/opportunities/{opportunity_id}", response={204: None, **ERRORS}, summary="Delete an opportunity"
)
def opportunity_delete(request: HttpRequest, map_id: Id, opportunity_id: Id) -> Status[None]:
    access = map_for_editing(request.user, map_id)
    opportunity = get_object_or_404(Opportunity, map=access.map, pk=opportunity_id)
    item_removed(request, access, opportunity, _("Opportunity “%s”") % opportunity.title, opportunity_out)
    return Status(204, None)
