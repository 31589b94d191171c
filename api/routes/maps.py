"""Maps: the list, a whole map as an interchange document, new maps, settings, archiving
and the downloads."""

import math
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from api.answers import expected_version, map_summary
from api.problems import ERROR_CODES, Problem, stale
from api.schemas import Archive, Id, MapCreate, MapPage, MapSettings, MapSummary
from api.schemas import Problem as ProblemSchema
from interchange.documents import map_document, map_import
from interchange.schema import MapDoc
from interchange.spreadsheet_export import map_tables, write_csv, write_xlsx
from journeymap.lib.http import CSV, XLSX, download
from journeymap.lib.versioning import StaleVersion
from maps.access import library_rights, map_access, map_for_editing, map_for_managing, map_for_viewing
from maps.lifecycle import map_archive, map_settings_update
from maps.models import JourneyTemplate, ReviewStatus
from maps.selectors import maps_for_list
from maps.services import map_create

router = Router(tags=["maps"])
ERRORS = {ERROR_CODES: ProblemSchema}
PAGE_SIZE = 50


class MapFilters(Schema):
    q: str = Field(default="", max_length=200, description="Words in the title, description or a persona's name.")
    status: ReviewStatus | Literal[""] = ""
    archived: bool = Field(default=False, description="The archived maps instead of the others.")
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=PAGE_SIZE, ge=1, le=200)


@router.get("", response={200: MapPage, **ERRORS}, summary="The maps you may see")
def map_list(request: HttpRequest, filters: Query[MapFilters]) -> MapPage:
    maps = maps_for_list(
        request.user, search=filters.q, status=filters.status, show="archived" if filters.archived else "all"
    )
    count = maps.count()
    start = (filters.page - 1) * filters.page_size
    return MapPage(
        count=count,
        page=filters.page,
        pages=max(1, math.ceil(count / filters.page_size)),
        items=[map_summary(journey_map) for journey_map in maps[start : start + filters.page_size]],
    )


@router.get("/{map_id}", response={200: MapDoc, **ERRORS}, summary="A whole map, as an interchange document")
def map_read(request: HttpRequest, map_id: Id, ids: bool = False) -> MapDoc:
    """The items' keys are t1, p1, o1… in grid order; with `ids=true` they are the items' ids."""
    access = map_for_viewing(request.user, map_id)
    return map_document(access.map, database_keys=ids)


@router.get("/{map_id}/summary", response={200: MapSummary, **ERRORS}, summary="A map's settings and state")
def map_summary_read(request: HttpRequest, map_id: Id) -> MapSummary:
    return map_summary(map_for_viewing(request.user, map_id).map)


@router.post("", response={201: MapSummary, **ERRORS}, summary="A new map, from a template or a document")
def map_new(request: HttpRequest, payload: MapCreate) -> Status[MapSummary]:
    if payload.document is not None:
        if payload.template:
            raise Problem(422, "Give a template or a document, not both.")
        document = payload.document.model_copy(update={"title": payload.title}) if payload.title else payload.document
        journey_map = map_import(owner=request.user, document=document, rights=library_rights(request.user))
    else:
        if not payload.title:
            raise Problem(422, "A new map needs a title.", errors=[{"loc": ["body", "title"], "msg": "required"}])
        template = None
        if payload.template:
            template = JourneyTemplate.objects.filter(slug=payload.template).first()
            if template is None:
                raise Problem(422, "No such template.", errors=[{"loc": ["body", "template"], "msg": "unknown slug"}])
        journey_map = map_create(owner=request.user, title=payload.title, template=template)
    return Status(201, map_summary(map_access(request.user, journey_map.pk).map))


@router.patch("/{map_id}", response={200: MapSummary, **ERRORS}, summary="Change a map's settings")
def map_settings(request: HttpRequest, map_id: Id, payload: MapSettings) -> MapSummary:
    access = map_for_editing(request.user, map_id)
    version = expected_version(request, payload.version)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    for name, value in changes.items():
        setattr(access.map, name, value)
    try:
        map_settings_update(journey_map=access.map, expected_version=version, fields=list(changes))
    except StaleVersion as error:
        fresh = error.fresh and map_summary(map_access(request.user, map_id).map)
        raise stale(fresh, "Someone else changed the settings first.") from None
    return map_summary(map_access(request.user, map_id).map)


@router.post("/{map_id}/archive", response={200: MapSummary, **ERRORS}, summary="Archive a map, or bring it back")
def map_archive_endpoint(request: HttpRequest, map_id: Id, payload: Archive) -> MapSummary:
    access = map_for_managing(request.user, map_id)
    map_archive(journey_map=access.map, archived=payload.archived)
    return map_summary(map_access(request.user, map_id).map)


DOWNLOADS = {
    "json": "application/json",
    "csv": CSV.split(";")[0],
    "xlsx": XLSX,
}


@router.get(
    "/{map_id}/export.{format}",
    response=ERRORS,
    summary="Download a map: JSON document, CSV or Excel tables",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file",
                "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in DOWNLOADS.values()},
            }
        }
    },
)
def map_export(request: HttpRequest, map_id: Id, format: Literal["json", "csv", "xlsx"]) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    title = access.map.title
    if format == "json":
        return download(map_document(access.map).to_json().encode(), title, "journeymap.json", "application/json")
    if format == "csv":
        return download(write_csv(map_tables(access.map)), title, "csv", CSV)
    return download(write_xlsx(map_tables(access.map)), title, "xlsx", XLSX)
