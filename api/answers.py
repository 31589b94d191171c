"""Shared by the endpoints: the version a write is based on, items as the API shows them,
and the lookups that turn the ids of a request into the map's own items."""

import re
from collections.abc import Iterable

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse

from api.problems import Problem
from api.schemas import (
    CommentOut,
    LaneOut,
    MapSummary,
    OpportunityOut,
    PainPointOut,
    StageOut,
    TouchpointOut,
)
from interchange.documents import STAGE_FIELDS, TOUCHPOINT_FIELDS
from maps.models import Comment, JourneyMap, Lane, Stage
from review.comments import comment_item, item_ref
from touchpoints.models import Opportunity, PainPoint, Touchpoint

ENTITY_TAG = re.compile(r'^\s*(?:W/)?"?([0-9]{1,9})"?\s*$')
PAIN_POINT_FIELDS = ["title", "description", "severity", "cause"]
OPPORTUNITY_FIELDS = ["title", "description", "action", "impact", "effort", "action_owner", "status", "due_date"]


def expected_version(request: HttpRequest, body_version: int | None) -> int:
    """The version a write is based on: the `If-Match` header (`3` or `"3"`) or the body's
    `version`. A write that names none is refused (428), as are two that disagree (412)."""
    header = request.headers.get("If-Match")
    header_version = None
    if header is not None:
        match = ENTITY_TAG.match(header)
        if match is None:
            raise Problem(412, 'If-Match must be the item\'s version, such as "3".')
        header_version = int(match.group(1))
    if header_version is not None and body_version is not None and header_version != body_version:
        raise Problem(412, "If-Match and the body's version name different versions.")
    version = header_version if header_version is not None else body_version
    if version is None:
        raise Problem(428, "Say which version of the item the change is based on: If-Match or `version`.")
    return version


def optional_version(request: HttpRequest) -> int | None:
    """For a delete: the If-Match version when one is sent (the pages delete without one)."""
    return expected_version(request, None) if "If-Match" in request.headers else None


def one_of[M: Model](items: QuerySet[M], pk: int, field: str) -> M:
    """The map's item a request names by id; 422 naming the field when the map has none."""
    item = items.filter(pk=pk).first()
    if item is None:
        raise Problem(
            422,
            f"The map has no such {field.replace('_', ' ')}.",
            errors=[{"loc": ["body", field], "msg": "not on this map"}],
        )
    return item


def all_of[M: Model](items: QuerySet[M], pks: Iterable[int], field: str) -> list[M]:
    wanted = set(pks)
    found = list(items.filter(pk__in=wanted))
    if len(found) != len(wanted):
        missing = sorted(wanted - {item.pk for item in found})
        raise Problem(
            422,
            f"The map has no {field.replace('_', ' ')} {missing}.",
            errors=[{"loc": ["body", field], "msg": f"not on this map: {missing}"}],
        )
    return found


# Items as the API shows them


def map_summary(journey_map: JourneyMap) -> MapSummary:
    return MapSummary(
        id=journey_map.pk,
        title=journey_map.title,
        description=journey_map.description,
        review_status=journey_map.review_status,
        state=journey_map.state,
        journey_type=journey_map.journey_type,
        role=getattr(journey_map, "user_role", None),
        version=journey_map.version,
        revision=journey_map.revision,
        archived=journey_map.archived_at is not None,
        created_at=journey_map.created_at,
        updated_at=journey_map.updated_at,
        url=reverse("maps:detail", args=[journey_map.pk]),
    )


def stage_out(stage: Stage) -> StageOut:
    return StageOut(
        id=stage.pk,
        version=stage.version,
        position=stage.position,
        **{name: getattr(stage, name) for name in STAGE_FIELDS},
    )


def lane_out(lane: Lane) -> LaneOut:
    channel = lane.channel
    return LaneOut(
        id=lane.pk, position=lane.position, channel=channel.slug, channel_name=channel.name, channel_kind=channel.kind
    )


def touchpoint_out(touchpoint: Touchpoint) -> TouchpointOut:
    """`touchpoints()` reads what this needs in a fixed number of queries."""
    return TouchpointOut(
        id=touchpoint.pk,
        version=touchpoint.version,
        stage=touchpoint.stage_id,
        lane=touchpoint.lane_id,
        position=touchpoint.position,
        persona=touchpoint.persona.name if touchpoint.persona else None,
        next=sorted(other.pk for other in touchpoint.next_touchpoints.all()),
        **{name: getattr(touchpoint, name) for name in TOUCHPOINT_FIELDS},
    )


def touchpoints(journey_map: JourneyMap) -> QuerySet[Touchpoint]:
    return Touchpoint.objects.filter(map=journey_map).select_related("persona").prefetch_related("next_touchpoints")


def pain_point_out(pain_point: PainPoint) -> PainPointOut:
    return PainPointOut(
        id=pain_point.pk,
        version=pain_point.version,
        stage=pain_point.stage_id,
        touchpoint=pain_point.touchpoint_id,
        evidence=pain_point.evidence or {},
        **{name: getattr(pain_point, name) for name in PAIN_POINT_FIELDS},
    )


def opportunity_out(opportunity: Opportunity) -> OpportunityOut:
    return OpportunityOut(
        id=opportunity.pk,
        version=opportunity.version,
        stage=opportunity.stage_id,
        touchpoint=opportunity.touchpoint_id,
        pain_points=sorted(pain_point.pk for pain_point in opportunity.pain_points.all()),
        **{name: getattr(opportunity, name) for name in OPPORTUNITY_FIELDS},
    )


def comment_out(comment: Comment, *, with_replies: bool = True) -> CommentOut:
    item = comment_item(comment)
    return CommentOut(
        id=comment.pk,
        version=comment.version,
        author=comment.author.get_username(),
        body=comment.body,
        on=item_ref(item) if item is not None else None,
        parent=comment.parent_id,
        resolved=comment.resolved_at is not None,
        created_at=comment.created_at,
        replies=[comment_out(reply, with_replies=False) for reply in comment.replies.all()] if with_replies else [],
    )
