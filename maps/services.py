"""Writes that span several models: one function per user intent, atomic."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journeymap.lib.queries import count_of
from journeymap.lib.versioning import save_versioned
from maps.activity import activity_record
from maps.models import (
    ActivityVerb,
    DeletedItem,
    JourneyMap,
    JourneyTemplate,
    Lane,
    MapMember,
    MapState,
    ReviewStatus,
    Role,
    Stage,
)
from maps.positions import insert, next_position
from maps.trash import restore, trash
from personas.models import Persona
from touchpoints.models import Channel, Opportunity, PainPoint, Touchpoint

# Touchpoints, pain points and opportunities of one map together, by whatever way they come:
# the grid, a JSON or spreadsheet import, an accepted pain-point candidate. Real maps hold
# a few hundred; the grid, its exports and its queries stay usable up to this many.
MAX_MAP_ITEMS = 20_000


class TooManyItems(Exception):
    """Adding the items would take the map past `MAX_MAP_ITEMS`; the message says so."""

    def __init__(self, present: int, adding: int):
        self.present, self.adding = present, adding
        super().__init__(too_many_items_message(present, adding))


def too_many_items_message(present: int, adding: int) -> str:
    values = {"limit": f"{MAX_MAP_ITEMS:,}", "present": f"{present:,}", "adding": f"{adding:,}"}
    if not present:  # a whole map from a file
        return (
            _("A map holds at most %(limit)s touchpoints, pain points and opportunities; the file has %(adding)s.")
            % values
        )
    return (
        ngettext(
            "A map holds at most %(limit)s touchpoints, pain points and opportunities; "
            "this one has %(present)s, so %(adding)s more does not fit.",
            "A map holds at most %(limit)s touchpoints, pain points and opportunities; "
            "this one has %(present)s, so %(adding)s more do not fit.",
            adding,
        )
        % values
    )


def item_count(map_id: int) -> int:
    """The map's touchpoints, pain points and opportunities, counted in one query."""
    counts = [count_of(model, "map") for model in (Touchpoint, PainPoint, Opportunity)]
    items = JourneyMap._base_manager.filter(pk=map_id).annotate(items=counts[0] + counts[1] + counts[2])
    return items.values_list("items", flat=True).first() or 0


def item_room_problem(present: int, adding: int) -> str | None:
    """What stops `adding` items joining a map of `present` items, or None when they fit."""
    return too_many_items_message(present, adding) if adding and present + adding > MAX_MAP_ITEMS else None


def check_item_room(map_id: int, adding: int) -> None:
    """Raise `TooManyItems` if `adding` more items would take the map past `MAX_MAP_ITEMS`."""
    present = item_count(map_id)
    if item_room_problem(present, adding):
        raise TooManyItems(present, adding)


@transaction.atomic
def map_create(
    *,
    owner,
    title: str,
    template: JourneyTemplate | None = None,
    description: str = "",
    scope: str = "",
    journey_type: str | None = None,
    state: str = MapState.AS_IS,
    personas: Iterable[Persona] = (),
) -> JourneyMap:
    """A new map owned by `owner`, with the stages and lanes of `template` if one is given."""
    journey_map = JourneyMap.objects.create(
        owner=owner,
        title=title,
        description=description,
        scope=scope,
        journey_type=journey_type or (template.journey_type if template else JourneyMap.journey_type.field.default),
        state=state,
        template=template,
    )
    MapMember.objects.create(map=journey_map, user=owner, role=Role.OWNER)
    journey_map.personas.set(personas)
    if template is not None:
        Stage.objects.bulk_create(
            Stage(
                map=journey_map,
                position=stage.position,
                name=stage.name,
                customer_goal=stage.customer_goal,
                drivers=stage.drivers,
                barriers=stage.barriers,
                influence=stage.influence,
            )
            for stage in template.stages.all()
        )
        Lane.objects.bulk_create(
            Lane(map=journey_map, channel=channel, position=position)
            for position, channel in enumerate(template.suggested_channels.all())
        )
    return journey_map


def record_change(map_id: int, *, expected_revision: int | None = None) -> int:
    """Note that something in the map changed: live views and caches key on `revision`.
    With `expected_revision`, only if the map is still at that revision. Returns 1 if the
    map was claimed, 0 if it is gone (or moved on)."""
    maps = JourneyMap.objects.filter(pk=map_id)
    if expected_revision is not None:
        maps = maps.filter(revision=expected_revision)
    bump = {"revision": F("revision") + 1, "updated_at": timezone.now()}
    changed = maps.exclude(review_status=ReviewStatus.APPROVED).update(**bump)
    # Any edit of an approved map sends it back to draft (a second UPDATE only on approved
    # maps); the review bar follows the discussion counter, so that moves too.
    back_to_draft = {**bump, "review_status": ReviewStatus.DRAFT, "discussion_revision": F("discussion_revision") + 1}
    if not changed and maps.update(**back_to_draft):
        activity_record(map_id=map_id, verb=ActivityVerb.STATUS, detail=str(ReviewStatus.DRAFT.label))
        return 1
    return changed


def record_discussion(map_id: int) -> None:
    """Comments are not content: they move the discussion counter the live view watches,
    not the map's revision (so they neither send an approved map back to draft nor make
    an import preview stale)."""
    JourneyMap.objects.filter(pk=map_id).update(discussion_revision=F("discussion_revision") + 1)


def record_outside_change(map_ids: Iterable[int]) -> None:
    """What the maps show changed outside their editor (the library, the admin's own form of a
    map): they move to a new revision, so open pages refresh and no grid read before is
    reused. Nobody edited them: an approved map stays approved."""
    if map_ids := sorted(set(map_ids)):
        JourneyMap.objects.filter(pk__in=map_ids).update(revision=F("revision") + 1)


def record_library_change(item: Persona | Channel) -> None:
    """A persona or channel of the shared library changed (or is about to be deleted): the
    maps showing it move on (`record_outside_change`)."""
    showing = Q(personas=item) | Q(touchpoints__persona=item) if isinstance(item, Persona) else Q(lanes__channel=item)
    record_outside_change(JourneyMap.objects.filter(showing).values_list("pk", flat=True))


def lock_map(map_id: int, *, adding: int = 0) -> None:
    """Claim the map for a write, first thing inside the write's transaction: the revision
    bump takes the map's row lock until commit, so writes to one map queue up instead of
    interleaving, and every write takes its locks in the same order (no deadlocks).
    A write that adds items says how many: under the lock, the count is certain."""
    if not record_change(map_id):
        raise JourneyMap.DoesNotExist
    if adding:
        check_item_room(map_id, adding)


def hold_map(map_id: int) -> None:
    """Claim the map's row lock for a write that leaves its content alone (members,
    archiving, the trash): writes to one map still queue up, but the revision stays, so an
    approved map stays approved."""
    if not list(JourneyMap.objects.select_for_update().filter(pk=map_id).values_list("pk", flat=True)):
        raise JourneyMap.DoesNotExist


@transaction.atomic
def item_update(
    *,
    item: Stage | Touchpoint | PainPoint | Opportunity,
    expected_version: int,
    fields: list[str],
    links: dict[str, Iterable[Model]] | None = None,
) -> None:
    """Save the edited `fields` (and many-to-many `links`) of a stage, touchpoint, pain point
    or opportunity, if nobody changed it since `expected_version`; else `StaleVersion`."""
    lock_map(item.map_id)
    save_versioned(item, expected_version=expected_version, fields=fields)
    for name, related in (links or {}).items():
        replace_links(item, name, related)
    activity_record(map_id=item.map_id, verb=ActivityVerb.CHANGED, item=item)


def replace_links(item: Model, name: str, related: Iterable[Model]) -> None:
    """Make the many-to-many field `name` of `item` hold `related`: one DELETE for the links
    gone and one INSERT for the new ones, whatever their number. The current links are read
    with the item (prefetched), so nothing is read again."""
    manager = getattr(item, name)
    current = {other.pk for other in manager.all()}
    wanted = {other.pk for other in related}
    if gone := current - wanted:
        manager.remove(*gone)
    if new := wanted - current:
        through = manager.through
        source, target = manager.source_field_name, manager.target_field_name
        through._default_manager.bulk_create(
            [through(**{f"{source}_id": item.pk, f"{target}_id": pk}) for pk in sorted(new)], ignore_conflicts=True
        )
    if hasattr(item, "_prefetched_objects_cache"):
        item._prefetched_objects_cache.pop(name, None)


@transaction.atomic
def item_delete(*, journey_map: JourneyMap, item: Model, user, label: str) -> DeletedItem:
    """Delete an item of a map (with what hangs on it), keeping it for undo."""
    lock_map(journey_map.pk)
    deleted = trash(item, journey_map=journey_map, user=user, label=label)
    activity_record(map_id=journey_map.pk, verb=ActivityVerb.DELETED, target=label)
    return deleted


@transaction.atomic
def item_restore(*, deleted: DeletedItem) -> Model:
    """Undo a delete; raises `CannotRestore` when what it hung on is gone too."""
    lock_map(deleted.map_id)
    item = restore(deleted)
    activity_record(map_id=deleted.map_id, verb=ActivityVerb.RESTORED, target=deleted.label)
    return item


@transaction.atomic
def stage_append(*, journey_map: JourneyMap, name: str, **fields) -> Stage:
    lock_map(journey_map.pk)
    stage = Stage.objects.create(map=journey_map, name=name, position=next_position(journey_map.stages.all()), **fields)
    activity_record(map_id=journey_map.pk, verb=ActivityVerb.ADDED, item=stage)
    return stage


@transaction.atomic
def lane_append(*, journey_map: JourneyMap, channel: Channel) -> Lane:
    lock_map(journey_map.pk)
    lane = Lane.objects.create(map=journey_map, channel=channel, position=next_position(journey_map.lanes.all()))
    activity_record(map_id=journey_map.pk, verb=ActivityVerb.ADDED, item=lane)
    return lane


@transaction.atomic
def column_or_row_move(*, item: Stage | Lane, position: int) -> None:
    """Put a stage (column) or a lane (row) at `position`, shifting the others."""
    lock_map(item.map_id)
    insert(item, position)
    activity_record(map_id=item.map_id, verb=ActivityVerb.MOVED, item=item)


@transaction.atomic
def lane_add(
    *, journey_map: JourneyMap, channel: Channel | None = None, new_channel: str = "", new_channel_kind: str = ""
) -> Lane:
    """A lane for a channel of the library, or for a channel created on the spot."""
    if channel is None:
        channel = Channel.objects.create_named(new_channel, kind=new_channel_kind)
    return lane_append(journey_map=journey_map, channel=channel)
