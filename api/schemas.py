"""What the API reads and answers. The fields of maps and their items, with their limits,
come from the interchange format (interchange/schema.py): a field added there, or a
limit changed, changes the API with it. The API adds what a document leaves out: the
items' ids and versions, and where they sit on the grid."""

import datetime
from copy import copy
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic._internal._model_construction import ModelMetaclass

from interchange.schema import (
    MapDoc,
    OpportunityDoc,
    PainPointDoc,
    StageDoc,
    TouchpointDoc,
    choice_of,
    text,
)
from journeymap.lib.ids import MAX_ID
from maps.models import ReviewStatus, Role
from touchpoints.models import ChannelKind

# An id in the range of the database's keys: anything larger names nothing (journeymap/lib/ids.py).
Id = Annotated[int, Field(ge=0, le=MAX_ID)]


class DerivedFields(ModelMetaclass):
    """Builds a model with the fields of an interchange model (`doc=`): those named in `only=`
    (all by default), less those named in `drop=`; with `partial=True` every field may be
    left out (a change of some fields). Fields the class declares itself win."""

    def __new__(
        mcs, name, bases, namespace, doc: type[BaseModel] | None = None, only=(), drop=(), partial=False, **kwargs
    ):
        if doc is not None:
            own = dict(namespace.get("__annotations__", {}))
            inherited: dict[str, Any] = {}
            for field_name, info in doc.model_fields.items():
                if field_name in drop or field_name in own or (only and field_name not in only):
                    continue
                info = copy(info)
                if partial:
                    # Absent means "leave as it is"; null stays refused where the format refuses it.
                    info.default, info.default_factory = None, None
                inherited[field_name] = info.annotation
                namespace[field_name] = info
            namespace["__annotations__"] = {**inherited, **own}
        return super().__new__(mcs, name, bases, namespace, **kwargs)


class Schema(BaseModel, metaclass=DerivedFields):
    model_config = ConfigDict(extra="forbid")


class Output(BaseModel, metaclass=DerivedFields):
    model_config = ConfigDict(from_attributes=True)


# Errors


class ProblemDetail(BaseModel):
    loc: list[str | int] = Field(description="Where the problem is: the body's field, a row number and its field.")
    msg: str


class Problem(BaseModel):
    """Every error answer, as `application/problem+json` (RFC 9457)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: list[ProblemDetail] = []
    current: dict[str, Any] | None = Field(
        default=None, description="On 409: the item as it is now, with its version, to base a new write on."
    )


# Writes that depend on an item's version carry it, or send `If-Match: <version>`.
def version_field():
    return Field(default=None, ge=1, description="The version the change is based on (or the If-Match header).")


# Maps


class MapSummary(Output):
    id: int
    title: str
    description: str
    review_status: choice_of(ReviewStatus)  # type: ignore[valid-type]
    state: str
    journey_type: str
    role: choice_of(Role) | None = Field(description="The caller's role on the map.")  # type: ignore[valid-type]
    version: int
    revision: int = Field(description="Grows with every change anywhere in the map.")
    archived: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    url: str


class MapPage(BaseModel):
    count: int
    page: int
    pages: int
    items: list[MapSummary]


class MapCreate(Schema):
    """A new map: from a journey template (by its slug) or blank, or from a whole document."""

    title: text(200, required=True) | None = None  # type: ignore[valid-type]
    template: str | None = Field(default=None, description="The slug of a journey template.")
    document: MapDoc | None = Field(default=None, description="A whole map in the interchange format.")


class MapSettings(Schema, doc=MapDoc, only=("title", "description", "scope", "journey_type", "state"), partial=True):
    version: int | None = version_field()


class Archive(Schema):
    archived: bool = True


# Items of the grid


class StageOut(Output, doc=StageDoc):
    id: int
    version: int
    position: int


class StageCreate(Schema, doc=StageDoc):
    """A new stage comes last; move it to put it elsewhere."""


class StageUpdate(Schema, doc=StageDoc, partial=True):
    version: int | None = version_field()


class LaneOut(Output):
    id: int
    position: int
    channel: str = Field(description="The channel's slug.")
    channel_name: str
    channel_kind: choice_of(ChannelKind)  # type: ignore[valid-type]


class LaneCreate(Schema):
    """A new lane comes last; move it to put it elsewhere."""

    channel: str = Field(description="The slug of a channel of the library.")


class Move(Schema):
    position: int = Field(ge=0, description="The new position, from 0.")


ITEM_PLACES = ("key", "stage", "lane", "touchpoint", "next", "pain_points", "evidence")


class TouchpointOut(Output, doc=TouchpointDoc, drop=ITEM_PLACES):
    id: int
    version: int
    stage: Id = Field(description="The stage's id.")
    lane: int = Field(description="The lane's id.")
    position: int = Field(description="Its place in the cell, from 0.")
    next: list[int] = Field(default=[], description="Ids of the touchpoints this one leads to.")


class TouchpointCreate(Schema, doc=TouchpointDoc, drop=ITEM_PLACES):
    stage: Id
    lane: Id
    next: list[Id] = []


class TouchpointUpdate(Schema, doc=TouchpointDoc, drop=ITEM_PLACES, partial=True):
    next: list[Id] | None = None
    version: int | None = version_field()


class TouchpointMove(Schema):
    stage: Id
    lane: Id
    position: int = Field(default=0, ge=0, description="Its place in the cell, from 0.")
    version: int | None = version_field()


class PainPointOut(Output, doc=PainPointDoc, drop=ITEM_PLACES):
    id: int
    version: int
    stage: int
    touchpoint: int | None
    evidence: dict[str, Any] = {}


class PainPointCreate(Schema, doc=PainPointDoc, drop=ITEM_PLACES):
    stage: Id
    touchpoint: Id | None = None


class PainPointUpdate(Schema, doc=PainPointDoc, drop=ITEM_PLACES, partial=True):
    touchpoint: Id | None = None
    version: int | None = version_field()


class OpportunityOut(Output, doc=OpportunityDoc, drop=ITEM_PLACES):
    id: int
    version: int
    stage: int
    touchpoint: int | None
    pain_points: list[int] = []


class OpportunityCreate(Schema, doc=OpportunityDoc, drop=ITEM_PLACES):
    stage: Id
    touchpoint: Id | None = None
    pain_points: list[Id] = []


class OpportunityUpdate(Schema, doc=OpportunityDoc, drop=ITEM_PLACES, partial=True):
    touchpoint: Id | None = None
    pain_points: list[Id] | None = None
    version: int | None = version_field()


# Review


class CommentOut(BaseModel):
    id: int
    version: int
    author: str
    body: str
    on: str | None = Field(description='The item it is on ("touchpoint:12"); none for the map itself.')
    parent: int | None
    resolved: bool
    created_at: datetime.datetime
    replies: list["CommentOut"] = []


class CommentCreate(Schema):
    body: text(10_000, required=True)  # type: ignore[valid-type]
    on: str | None = Field(default=None, description='"stage:3", "touchpoint:12", "pain_point:4", "opportunity:5"')
    parent: Id | None = Field(default=None, description="The thread this is a reply to.")


class Resolve(Schema):
    resolved: bool = True


class VersionOut(BaseModel):
    number: int
    note: str
    created_by: str | None
    created_at: datetime.datetime


class VersionCreate(Schema):
    note: text(300) = ""  # type: ignore[valid-type]


class FieldChangeOut(BaseModel):
    name: str
    old: str
    new: str


class ItemChangeOut(BaseModel):
    label: str
    status: Literal["added", "removed", "changed"]
    fields: list[FieldChangeOut] = []
    moved: tuple[str, str] | None = None


class SectionOut(BaseModel):
    kind: str
    title: str
    changes: list[ItemChangeOut]


class DiffOut(BaseModel):
    version: int
    map_fields: list[FieldChangeOut]
    sections: list[SectionOut]


# Customer data


class InteractionImportOut(BaseModel):
    id: int
    file_name: str
    status: str
    progress: int
    message: str
    row_count: int
    customer_count: int
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    metrics_applied: bool
    results: dict[str, Any] | None = Field(default=None, description="The analysis, once it is done.")


TOUCHPOINT_METRICS = ("csat", "nps", "crr", "conversion_rate")
STAGE_TARGETS = ("target_csat", "target_nps", "target_crr", "target_conversion")


class TouchpointMetrics(Schema, doc=TouchpointDoc, only=TOUCHPOINT_METRICS, partial=True):
    pass


class MetricsRow(TouchpointMetrics, doc=StageDoc, only=STAGE_TARGETS, partial=True):
    """One touchpoint (its CSAT, NPS, CRR, conversion) or one stage (its targets); a figure
    left out stays as it is, null clears it."""

    touchpoint: Id | None = Field(default=None, description="A touchpoint's id.")
    key: str | None = Field(
        default=None,
        description="A touchpoint's key in the map's document (GET /maps/{id}, or its id as with ?ids=true).",
    )
    stage: Id | None = Field(default=None, description="A stage's id.")
    stage_index: int | None = Field(default=None, ge=0, description="A stage by its place in the document, from 0.")


class MetricsBulk(Schema):
    rows: list[MetricsRow] = Field(max_length=20_000)


class MetricsResult(BaseModel):
    touchpoints: int = Field(description="How many touchpoints changed.")
    stages: int = Field(description="How many stages changed.")


# Tokens


class Me(BaseModel):
    username: str
    token: str | None = Field(description="The prefix of the token the call was made with; none for a session.")
