"""Comments (threads, replies, resolving) and versions (snapshots and their differences)."""

import json
from dataclasses import asdict
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Status

from api.answers import comment_out
from api.problems import ERROR_CODES
from api.schemas import CommentCreate, CommentOut, DiffOut, Id, Resolve, VersionCreate, VersionOut
from api.schemas import Problem as ProblemSchema
from maps.access import map_for_commenting, map_for_editing, map_for_viewing
from review.comments import ThreadFilter, comment_create, comment_target, map_threads, thread_of, thread_resolve
from review.models import MapVersion
from review.versions import diff_with_now, version_create, version_of

router = Router(tags=["review"])
ERRORS = {ERROR_CODES: ProblemSchema}


def version_out(version: MapVersion) -> VersionOut:
    return VersionOut(
        number=version.number,
        note=version.note,
        created_by=version.created_by.get_username() if version.created_by else None,
        created_at=version.created_at,
    )


@router.get("/{map_id}/comments", response={200: list[CommentOut], **ERRORS}, summary="The map's threads")
def comment_list(
    request: HttpRequest, map_id: Id, show: Literal["open", "resolved", "mine", "all"] = "open", on: str = ""
) -> list[CommentOut]:
    """`on` narrows to one item's threads: "touchpoint:12"."""
    access = map_for_viewing(request.user, map_id)
    threads = map_threads(access.map, request.user, ThreadFilter.from_query({"show": show, "item": on}))
    return [comment_out(thread) for thread in threads]


@router.post("/{map_id}/comments", response={201: CommentOut, **ERRORS}, summary="Comment, or reply to a thread")
def comment_new(request: HttpRequest, map_id: Id, payload: CommentCreate) -> Status[CommentOut]:
    access = map_for_commenting(request.user, map_id)
    parent = thread_of(access.map, payload.parent) if payload.parent else None
    comment = comment_create(
        journey_map=access.map,
        author=request.user,
        body=payload.model_dump()["body"],
        item=None if parent else comment_target(access.map, payload.on or ""),
        parent=parent,
        site_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return Status(201, comment_out(comment, with_replies=False))


@router.post(
    "/{map_id}/comments/{comment_id}/resolve",
    response={200: CommentOut, **ERRORS},
    summary="Resolve or reopen a thread",
)
def comment_resolve(request: HttpRequest, map_id: Id, comment_id: Id, payload: Resolve) -> CommentOut:
    access = map_for_commenting(request.user, map_id)
    thread_resolve(thread=thread_of(access.map, comment_id), user=request.user, resolved=payload.resolved)
    return comment_out(thread_of(access.map, comment_id))


@router.get("/{map_id}/versions", response={200: list[VersionOut], **ERRORS}, summary="The map's versions")
def version_list(request: HttpRequest, map_id: Id) -> list[VersionOut]:
    access = map_for_viewing(request.user, map_id)
    return [version_out(version) for version in access.map.versions.select_related("created_by").order_by("-number")]


@router.post("/{map_id}/versions", response={201: VersionOut, **ERRORS}, summary="Save the map as a new version")
def version_new(request: HttpRequest, map_id: Id, payload: VersionCreate) -> Status[VersionOut]:
    access = map_for_editing(request.user, map_id)
    return Status(
        201, version_out(version_create(journey_map=access.map, user=request.user, note=payload.model_dump()["note"]))
    )


@router.get(
    "/{map_id}/versions/{number}/diff", response={200: DiffOut, **ERRORS}, summary="What changed since a version"
)
def version_diff(request: HttpRequest, map_id: Id, number: Id) -> DiffOut:
    access = map_for_viewing(request.user, map_id)
    diff = diff_with_now(version_of(access.map, number))
    sections = [
        {"kind": section.kind, "title": str(section.title), "changes": [asdict(change) for change in section.changes]}
        for section in diff.sections
    ]
    # Labels are translated lazily: the JSON round trip makes plain text of them.
    return DiffOut.model_validate_json(
        json.dumps(
            {"version": number, "map_fields": [asdict(change) for change in diff.map_fields], "sections": sections},
            default=str,
        )
    )
