"""A whole map in and out of the interchange format of interchange/schema.py.

Export reads the map through `map_grid`, the read the grid page uses, so it takes a
fixed number of queries whatever the size of the map. Import writes a document in one
transaction with bulk inserts: afterwards the map is there, complete, or nothing
changed. Export -> import -> export gives the same text.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

import pydantic
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from interchange.models import StagedUpload
from interchange.schema import (
    ChannelDoc,
    LaneDoc,
    MapDoc,
    OpportunityDoc,
    PainPointDoc,
    StageDoc,
    TouchpointDoc,
)
from journeymap.lib.files import FileProblem, read_json
from journeymap.lib.problems import pydantic_reason
from journeymap.lib.queries import count_of
from maps.access import LibraryRights
from maps.models import Comment, JourneyMap, JourneyTemplate, Lane, Stage
from maps.selectors import map_grid
from maps.services import item_room_problem, map_create, record_change
from personas.models import Persona
from touchpoints.models import Channel, Opportunity, PainPoint, Touchpoint

MAX_JSON_BYTES = 20 * 1024 * 1024
STAGE_FIELDS = [name for name in StageDoc.model_fields]
TOUCHPOINT_FIELDS = [
    *("title", "description", "customer_action", "emotion", "expectation", "is_micro_conversion"),
    *("csat", "nps", "crr", "conversion_rate"),
]


class DocumentError(Exception):
    """The file is not a journey map this server can import; `messages` say why."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


class StaleMap(Exception):
    """The map changed between the preview and the confirmation."""


def claim_revision(map_id: int, expected_revision: int) -> None:
    """Claim the map for a write if it is still at the revision its preview was made from.

    Like `lock_map`, the UPDATE moves the revision on (an approved map goes back to draft)
    and holds the map's row lock until commit; unlike it, it changes nothing and raises
    `StaleMap` when someone got there first."""
    if not record_change(map_id, expected_revision=expected_revision):
        raise StaleMap


# Export


def map_document(journey_map: JourneyMap, *, database_keys: bool = False) -> MapDoc:
    """The map as a document. Keys are t1, p1, o1... in document order; with
    `database_keys` they are the items' ids (spreadsheets use them to find the item again)."""
    grid = map_grid(journey_map)
    stage_index = {stage.pk: index for index, stage in enumerate(grid.stages)}
    lane_index = {lane.pk: index for index, lane in enumerate(grid.lanes)}
    touchpoints = [
        touchpoint
        for column_index in range(len(grid.columns))
        for row in grid.rows
        for touchpoint in row.cells[column_index].touchpoints
    ]
    pain_points = [pain_point for column in grid.columns for pain_point in column.pain_points]
    opportunities = [opportunity for column in grid.columns for opportunity in column.opportunities]

    def keys(prefix: str, items: list) -> dict[int, tuple[int, str]]:
        return {
            item.pk: (index, str(item.pk) if database_keys else f"{prefix}{index + 1}")
            for index, item in enumerate(items)
        }

    touchpoint_keys, pain_point_keys = keys("t", touchpoints), keys("p", pain_points)
    opportunity_keys = keys("o", opportunities)

    def refs(ids: Iterable[int], known: dict[int, tuple[int, str]]) -> list[str]:
        return [key for _, key in sorted(known[pk] for pk in ids if pk in known)]

    def key_of(item_id: int | None) -> str | None:
        return touchpoint_keys[item_id][1] if item_id in touchpoint_keys else None

    template = JourneyTemplate.objects.filter(pk=journey_map.template_id or 0).values_list("slug", flat=True).first()
    return MapDoc(
        title=journey_map.title,
        description=journey_map.description,
        scope=journey_map.scope,
        journey_type=journey_map.journey_type,
        state=journey_map.state,
        template=template,
        personas=sorted({persona.name for persona in grid.personas}),
        channels=[
            ChannelDoc(
                slug=lane.channel.slug,
                name=lane.channel.name,
                kind=lane.channel.kind,
                icon=lane.channel.icon,
                colour=lane.channel.colour,
            )
            for lane in grid.lanes
        ],
        stages=[StageDoc(**{name: getattr(stage, name) for name in STAGE_FIELDS}) for stage in grid.stages],
        lanes=[LaneDoc(channel=lane.channel.slug) for lane in grid.lanes],
        touchpoints=[
            TouchpointDoc(
                key=touchpoint_keys[touchpoint.pk][1],
                stage=stage_index[touchpoint.stage_id],
                lane=lane_index[touchpoint.lane_id],
                persona=touchpoint.persona.name if touchpoint.persona else None,
                next=refs(touchpoint.following, touchpoint_keys),
                **{name: getattr(touchpoint, name) for name in TOUCHPOINT_FIELDS},
            )
            for touchpoint in touchpoints
        ],
        pain_points=[
            PainPointDoc(
                key=pain_point_keys[pain_point.pk][1],
                stage=stage_index[pain_point.stage_id],
                touchpoint=key_of(pain_point.touchpoint_id),
                title=pain_point.title,
                description=pain_point.description,
                severity=pain_point.severity,
                cause=pain_point.cause,
                evidence=pain_point.evidence or {},
            )
            for pain_point in pain_points
        ],
        opportunities=[
            OpportunityDoc(
                key=opportunity_keys[opportunity.pk][1],
                stage=stage_index[opportunity.stage_id],
                touchpoint=key_of(opportunity.touchpoint_id),
                pain_points=refs((pain_point.pk for pain_point in opportunity.addressed), pain_point_keys),
                **{
                    name: getattr(opportunity, name)
                    for name in (
                        "title",
                        "description",
                        "action",
                        "impact",
                        "effort",
                        "action_owner",
                        "status",
                        "due_date",
                    )
                },
            )
            for opportunity in opportunities
        ],
    )


# Reading a file


def parse_document(content: bytes) -> MapDoc:
    """A validated document from the bytes of an uploaded file, read within the limits of
    journeymap/lib/files.py; at most `MAX_MAP_ITEMS` items, as any map."""
    try:
        data = read_json(content, max_bytes=MAX_JSON_BYTES)
    except FileProblem as problem:
        raise DocumentError([problem.message]) from None
    if not isinstance(data, dict) or "schema_version" not in data:
        raise DocumentError([_("The file is JSON but not a Journeymap map: it has no schema_version.")])
    if data["schema_version"] != MapDoc.model_fields["schema_version"].default:
        raise DocumentError(
            [
                _("The file uses version %(found)s of the format; this server reads version %(known)s.")
                % {"found": str(data["schema_version"])[:20], "known": MapDoc.model_fields["schema_version"].default}
            ]
        )
    document = validated_document(data)
    if too_many := too_many_items(document):
        raise DocumentError([too_many])
    return document


def validated_document(data: object) -> MapDoc:
    try:
        return MapDoc.model_validate(data)
    except pydantic.ValidationError as error:
        raise DocumentError(validation_messages(error)) from None


def too_many_items(document: MapDoc) -> str | None:
    counts = Counts.of_document(document)
    return item_room_problem(0, counts.touchpoints + counts.pain_points + counts.opportunities)


def validation_messages(error: pydantic.ValidationError, limit: int = 20) -> list[str]:
    messages = [
        f"{'.'.join(str(part) for part in item['loc']) or _('map')}: {pydantic_reason(item)}"
        for item in error.errors()[: limit + 1]
    ]
    if error.error_count() > limit:
        messages = messages[:limit] + [_("… and %(count)d more problems.") % {"count": error.error_count() - limit}]
    return messages


# Planning: what an import will create, and what stops it


@dataclass(frozen=True)
class Counts:
    stages: int = 0
    lanes: int = 0
    touchpoints: int = 0
    pain_points: int = 0
    opportunities: int = 0

    @classmethod
    def of_document(cls, document: MapDoc) -> "Counts":
        return cls(
            *(
                len(getattr(document, name))
                for name in ("stages", "lanes", "touchpoints", "pain_points", "opportunities")
            )
        )

    @classmethod
    def of_map(cls, journey_map: JourneyMap) -> "Counts":
        row = (
            JourneyMap.objects.filter(pk=journey_map.pk)
            .annotate(
                n_stages=count_of(Stage, "map"),
                n_lanes=count_of(Lane, "map"),
                n_touchpoints=count_of(Touchpoint, "map"),
                n_pain_points=count_of(PainPoint, "map"),
                n_opportunities=count_of(Opportunity, "map"),
            )
            .values_list("n_stages", "n_lanes", "n_touchpoints", "n_pain_points", "n_opportunities")
            .get()
        )
        return cls(*row)


@dataclass
class ImportPlan:
    document: MapDoc
    channels: dict[str, Channel] = field(default_factory=dict)  # by the document's slug
    new_channels: list[ChannelDoc] = field(default_factory=list)
    personas: dict[str, Persona] = field(default_factory=dict)
    new_personas: list[str] = field(default_factory=list)
    template: JourneyTemplate | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    current: Counts | None = None  # what a replace removes
    comments_lost: int = 0

    @property
    def counts(self) -> Counts:
        return Counts.of_document(self.document)


def plan_import(
    document: MapDoc, *, replacing: JourneyMap | None = None, rights: LibraryRights | None = None
) -> ImportPlan:
    """Resolve the document's channels, personas and template against this server. With the
    `rights` of the user importing, personas and channels they may not add to the library
    are problems; without (the server loading its own documents), they are added."""
    plan = ImportPlan(document)
    slugs = [lane.channel for lane in document.lanes]
    plan.channels = Channel.objects.in_bulk(slugs, field_name="slug")
    described = {channel.slug: channel for channel in document.channels}
    missing = [slug for slug in slugs if slug not in plan.channels]
    same_names = {
        channel.name.casefold(): channel
        for channel in Channel.objects.filter(name__in=[described[slug].name for slug in missing if slug in described])
    }
    for slug in missing:
        if slug not in described:
            plan.problems.append(
                _(
                    "A lane uses the channel “%(slug)s”, which this Journeymap does not have and the file does not describe."
                )
                % {"slug": slug}
            )
        elif (existing := same_names.get(described[slug].name.casefold())) is not None:
            plan.channels[slug] = existing
            plan.notes.append(
                _("The lane “%(name)s” uses this Journeymap's channel of that name.") % {"name": existing.name}
            )
        else:
            plan.new_channels.append(described[slug])

    names = {*document.personas, *(touchpoint.persona for touchpoint in document.touchpoints if touchpoint.persona)}
    for persona in Persona.objects.filter(name__in=names).order_by("-pk"):
        plan.personas[persona.name] = persona  # the oldest persona of a name wins
    plan.new_personas = sorted(names - plan.personas.keys())

    if problem := too_many_items(document):
        plan.problems.append(problem)
    if document.template:
        plan.template = JourneyTemplate.objects.filter(slug=document.template).first()
        if plan.template is None:
            plan.notes.append(
                _("The template “%(slug)s” is not on this server; the map will have none.")
                % {"slug": document.template}
            )
    if rights is not None:
        _refuse_library_additions(plan, rights)
    if replacing is not None:
        plan.current = Counts.of_map(replacing)
        plan.comments_lost = (
            Comment.objects.filter(map=replacing)
            .filter(
                Q(stage__isnull=False)
                | Q(touchpoint__isnull=False)
                | Q(pain_point__isnull=False)
                | Q(opportunity__isnull=False)
            )
            .count()
        )
    return plan


def _refuse_library_additions(plan: ImportPlan, rights: LibraryRights) -> None:
    """An import adds to the shared library only what its user may add there (maps/access.py)."""
    if plan.new_personas and not rights.may_add_personas:
        plan.problems.append(
            _(
                "The file names personas this Journeymap does not have: %(names)s. Only people with the right to "
                "add personas to the library may import them: ask an administrator to add them first (or to give you "
                "that right)."
            )
            % {"names": ", ".join(plan.new_personas)}
        )
        plan.new_personas = []
    if plan.new_channels and not rights.may_add_channels:
        plan.problems.append(
            _(
                "The file uses channels this Journeymap does not have: %(names)s. Only people with the right to add "
                "channels to the library may import them: ask an administrator to add them first (or to give you "
                "that right)."
            )
            % {"names": ", ".join(channel.name for channel in plan.new_channels)}
        )
        plan.new_channels = []


# Writing


@transaction.atomic
def map_import(*, owner, document: MapDoc, rights: LibraryRights | None = None) -> JourneyMap:
    """A new map owned by `owner`, with everything in the document (see `plan_import` for `rights`)."""
    plan = _checked_plan(document, rights)
    journey_map = map_create(
        owner=owner,
        title=document.title,
        description=document.description,
        scope=document.scope,
        journey_type=document.journey_type,
        state=document.state,
    )
    _write(journey_map, plan)
    return journey_map


@transaction.atomic
def map_replace(
    *, journey_map: JourneyMap, document: MapDoc, expected_revision: int, rights: LibraryRights | None = None
) -> JourneyMap:
    """Everything in `journey_map` replaced by the document; its members, comments on the
    map as a whole and versions stay."""
    claim_revision(journey_map.pk, expected_revision)
    plan = _checked_plan(document, rights)
    # Deleting the stages takes their touchpoints, pain points and opportunities with them.
    journey_map.stages.all().delete()
    journey_map.lanes.all().delete()
    JourneyMap.objects.filter(pk=journey_map.pk).update(
        title=document.title,
        description=document.description,
        scope=document.scope,
        journey_type=document.journey_type,
        state=document.state,
        search_text=JourneyMap.search_text_of(document.title, document.description),
        version=F("version") + 1,
    )
    _write(journey_map, plan)
    journey_map.refresh_from_db()
    return journey_map


def _checked_plan(document: MapDoc, rights: LibraryRights | None) -> ImportPlan:
    plan = plan_import(document, rights=rights)
    if plan.problems:
        raise DocumentError(plan.problems)
    return plan


def _write(journey_map: JourneyMap, plan: ImportPlan) -> None:
    document = plan.document
    for channel in plan.new_channels:
        plan.channels[channel.slug] = Channel.objects.create(**channel.model_dump())
    for name in plan.new_personas:
        plan.personas[name] = Persona.objects.create(name=name)
    journey_map.personas.set(plan.personas[name] for name in document.personas)
    journey_map.template = plan.template
    JourneyMap.objects.filter(pk=journey_map.pk).update(template=plan.template)

    stages = Stage.objects.bulk_create(
        Stage(map=journey_map, position=index, **stage.model_dump()) for index, stage in enumerate(document.stages)
    )
    lanes = Lane.objects.bulk_create(
        Lane(map=journey_map, channel=plan.channels[lane.channel], position=index)
        for index, lane in enumerate(document.lanes)
    )
    in_cell: Counter[tuple[int, int]] = Counter()
    touchpoint_rows = []
    for item in document.touchpoints:
        touchpoint_rows.append(
            Touchpoint(
                map=journey_map,
                stage=stages[item.stage],
                lane=lanes[item.lane],
                position=in_cell[item.stage, item.lane],
                persona=plan.personas[item.persona] if item.persona else None,
                **item.model_dump(include=set(TOUCHPOINT_FIELDS)),
            )
        )
        in_cell[item.stage, item.lane] += 1
    touchpoints = dict(
        zip((item.key for item in document.touchpoints), Touchpoint.objects.bulk_create(touchpoint_rows))
    )
    Link = Touchpoint.next_touchpoints.through
    Link.objects.bulk_create(
        Link(from_touchpoint=touchpoints[item.key], to_touchpoint=touchpoints[target])
        for item in document.touchpoints
        for target in item.next
    )

    def touchpoint_of(key: str | None) -> Touchpoint | None:
        return touchpoints[key] if key else None

    pain_points = dict(
        zip(
            (item.key for item in document.pain_points),
            PainPoint.objects.bulk_create(
                PainPoint(
                    map=journey_map,
                    stage=stages[item.stage],
                    touchpoint=touchpoint_of(item.touchpoint),
                    **item.model_dump(include={"title", "description", "severity", "cause", "evidence"}),
                )
                for item in document.pain_points
            ),
        )
    )
    opportunities = Opportunity.objects.bulk_create(
        Opportunity(
            map=journey_map,
            stage=stages[item.stage],
            touchpoint=touchpoint_of(item.touchpoint),
            **item.model_dump(exclude={"key", "stage", "touchpoint", "pain_points"}),
        )
        for item in document.opportunities
    )
    Addresses = Opportunity.pain_points.through
    Addresses.objects.bulk_create(
        Addresses(opportunity=opportunity, painpoint=pain_points[key])
        for opportunity, item in zip(opportunities, document.opportunities)
        for key in item.pain_points
    )


# Uploads kept between their preview and their confirmation

STAGED_FOR = timedelta(days=1)


def staged_upload_create(
    *, user, journey_map: JourneyMap | None, kind: str, file_name: str, data: dict
) -> StagedUpload:
    """Keep what was read from an uploaded file until it is confirmed; uploads left
    unconfirmed for a day go."""
    StagedUpload.objects.filter(created_at__lt=timezone.now() - STAGED_FOR).delete()
    return StagedUpload.objects.create(user=user, map=journey_map, kind=kind, file_name=file_name[:255], data=data)


def staged_upload_for(user, upload_id: int, *, kind: str, journey_map: JourneyMap | None) -> StagedUpload:
    """The user's own upload of this kind for this map (or for no map); 404 otherwise."""
    upload = StagedUpload.objects.filter(pk=upload_id, user=user, kind=kind, map=journey_map).first()
    if upload is None or not upload.data:  # staged before uploads were kept as read
        raise Http404(_("This upload is gone: upload the file again."))
    return upload


def staged_document(upload: StagedUpload) -> MapDoc:
    """The document of a staged JSON upload, as it was read when it was uploaded."""
    return validated_document(upload.data)
