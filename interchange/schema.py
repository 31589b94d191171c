"""The interchange format: a whole journey map as one JSON document.

JSON export and import, and the snapshots of map versions, use this format. Items
refer to each other by keys local to the document, never by database ids, so a
document can be imported into any Journeymap. Stages and lanes are referred to by
their index in the document, touchpoints and pain points by key.

`docs/journey-map.schema.json` is generated from these models by
`manage.py export_schema`; bump `SCHEMA_VERSION` on any change that an older
reader could misread.
"""

import datetime
import json
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    field_validator,
    model_validator,
)

from maps.models import JourneyType, MapState
from maps.services import MAX_MAP_ITEMS
from touchpoints.models import ChannelKind, OpportunityStatus, PainCause

SCHEMA_VERSION = 1
SCHEMA_ID = "https://journeymap.example/schema/journey-map.schema.json"

# Limits keep a hostile document from exhausting the server; real maps stay far below them.
MAX_STAGES, MAX_LANES, MAX_TEXT = 200, 100, 20_000
MAX_ITEMS = MAX_MAP_ITEMS  # of each kind; all kinds together, too, when a document is imported


def choice_of(choices) -> object:
    """A `Literal` of the stored values of a Django choices class."""
    return Literal[tuple(choices.values)]


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text; refuse it here rather than fail half-way through an import.
    if "\x00" in value:
        raise ValueError(_("must not contain the NUL character"))
    return value


def text(max_length: int = MAX_TEXT, *, required: bool = False) -> object:
    return Annotated[
        str, StringConstraints(min_length=1 if required else 0, max_length=max_length), AfterValidator(_no_nul)
    ]


Key = Annotated[
    str,
    StringConstraints(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.:-]+$"),
    Field(description="Unique among the items of its kind in this document."),
]
Index = Annotated[int, Field(ge=0, description="Position in the list it refers to, from 0.")]
Percent = Annotated[float, Field(ge=0, le=100)] | None
Score = Annotated[int, Field(ge=1, le=5)]
Nps = Annotated[int, Field(ge=-100, le=100)] | None
Slug = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=r"^[-\w]+$")]
Emotion = Annotated[int, Field(ge=-2, le=2, description="-2 very negative .. +2 very positive")]
Severity = Annotated[int, Field(ge=1, le=4, description="1 low, 2 medium, 3 high, 4 critical")]


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChannelDoc(Item):
    """A channel of the shared library; an importing server adds it when it has no channel with this slug."""

    slug: Slug
    name: text(80, required=True)
    kind: choice_of(ChannelKind) = ChannelKind.ONLINE.value
    icon: text(8) = ""
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] = "#64748b"


class StageDoc(Item):
    name: text(120, required=True)
    description: text() = ""
    customer_goal: text() = ""
    drivers: text() = ""
    barriers: text() = ""
    influence: text() = ""
    target_csat: Percent = None
    target_nps: Nps = None
    target_crr: Percent = None
    target_conversion: Percent = None


class LaneDoc(Item):
    channel: Slug


class TouchpointDoc(Item):
    key: Key
    stage: Index
    lane: Index
    title: text(160, required=True)
    description: text() = ""
    customer_action: text() = ""
    emotion: Emotion = 0
    expectation: Score | None = None
    is_micro_conversion: bool = False
    persona: text(120, required=True) | None = Field(
        default=None, description="A persona's name; none for every persona."
    )
    csat: Percent = None
    nps: Nps = None
    crr: Percent = None
    conversion_rate: Percent = None
    next: list[Key] = Field(default=[], description="Keys of the touchpoints this one leads to.")


class PainPointDoc(Item):
    key: Key
    stage: Index
    touchpoint: Key | None = None
    title: text(160, required=True)
    description: text() = ""
    severity: Severity = 2
    cause: choice_of(PainCause) = PainCause.OTHER.value
    evidence: dict[str, JsonValue] = Field(default={}, description="Figures from customer data that support it.")

    @field_validator("evidence")
    @classmethod
    def evidence_without_nul(cls, value: dict) -> dict:
        if "\\u0000" in json.dumps(value):
            raise ValueError(_("must not contain the NUL character"))
        return value


class OpportunityDoc(Item):
    key: Key
    stage: Index
    touchpoint: Key | None = None
    title: text(160, required=True)
    description: text() = ""
    action: text() = ""
    pain_points: list[Key] = Field(default=[], description="Keys of the pain points it addresses.")
    impact: Score = 3
    effort: Score = 3
    action_owner: text(120) = ""
    status: choice_of(OpportunityStatus) = OpportunityStatus.IDEA.value
    due_date: datetime.date | None = None


class MapDoc(Item):
    """A whole journey map: what it is about, its grid and its action plan."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="Journeymap journey map",
        json_schema_extra={"$id": SCHEMA_ID, "$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    schema_version: Literal[SCHEMA_VERSION] = SCHEMA_VERSION
    title: text(200, required=True)
    description: text() = ""
    scope: text(300) = ""
    journey_type: choice_of(JourneyType) = JourneyType.RATIONAL.value
    state: choice_of(MapState) = MapState.AS_IS.value
    template: Slug | None = Field(default=None, description="The journey template the map started from.")
    personas: list[text(120, required=True)] = Field(default=[], description="Names of the map's personas.")
    channels: list[ChannelDoc] = Field(default=[], max_length=MAX_LANES)
    stages: list[StageDoc] = Field(default=[], max_length=MAX_STAGES)
    lanes: list[LaneDoc] = Field(default=[], max_length=MAX_LANES)
    touchpoints: list[TouchpointDoc] = Field(default=[], max_length=MAX_ITEMS)
    pain_points: list[PainPointDoc] = Field(default=[], max_length=MAX_ITEMS)
    opportunities: list[OpportunityDoc] = Field(default=[], max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def check_references(self) -> "MapDoc":
        problems: list[str] = []
        _unique(problems, "lanes", [lane.channel for lane in self.lanes], "channel")
        _unique(problems, "channels", [channel.slug for channel in self.channels], "slug")
        for kind in ("touchpoints", "pain_points", "opportunities"):
            _unique(problems, kind, [item.key for item in getattr(self, kind)], "key")
        touchpoint_keys = {touchpoint.key for touchpoint in self.touchpoints}
        pain_point_keys = {pain_point.key for pain_point in self.pain_points}
        for kind in ("touchpoints", "pain_points", "opportunities"):
            for index, item in enumerate(getattr(self, kind)):
                where = f"{kind}[{index}]"
                if item.stage >= len(self.stages):
                    problems.append(f"{where}.stage: " + _("there is no stage %(number)d") % {"number": item.stage})
                if kind == "touchpoints":
                    if item.lane >= len(self.lanes):
                        problems.append(f"{where}.lane: " + _("there is no lane %(number)d") % {"number": item.lane})
                    problems += [
                        f"{where}.next: " + _("no touchpoint '%(key)s'") % {"key": key}
                        for key in item.next
                        if key not in touchpoint_keys
                    ]
                elif item.touchpoint is not None and item.touchpoint not in touchpoint_keys:
                    problems.append(f"{where}.touchpoint: " + _("no touchpoint '%(key)s'") % {"key": item.touchpoint})
                if kind == "opportunities":
                    problems += [
                        f"{where}.pain_points: " + _("no pain point '%(key)s'") % {"key": key}
                        for key in item.pain_points
                        if key not in pain_point_keys
                    ]
        if problems:
            raise ValueError("; ".join(problems[:20]))
        return self

    def to_json(self) -> str:
        """The canonical text: sorted keys, so equal maps give equal bytes."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _unique(problems: list[str], kind: str, values: list[str], field: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            problems.append(f"{kind}: " + _("%(field)s '%(value)s' appears twice") % {"field": field, "value": value})
        seen.add(value)


def json_schema() -> str:
    """The JSON Schema of `MapDoc`, as committed in docs/journey-map.schema.json."""
    return json.dumps(MapDoc.model_json_schema(), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
