"""Undoable deletes: before an item is deleted, everything its delete would remove
(children, links, comments) is serialised; undo writes it all back with the same ids."""

from datetime import timedelta

import json

from django.apps import apps
from django.core import serializers
from django.db import IntegrityError, router, transaction
from django.db.models import Case, F, IntegerField, Model, Value, When
from django.db.models.deletion import Collector
from django.utils import timezone

from maps.models import DeletedItem, JourneyMap, Lane, Stage
from touchpoints.models import Touchpoint

UNDO_WINDOW = timedelta(hours=1)
POSITION_OFFSET = 1_000_000

# Which rows share a position sequence with an item of each positioned model.
CONTAINERS: dict[type[Model], tuple[str, ...]] = {
    Touchpoint: ("stage_id", "lane_id"),
    Stage: ("map_id",),
    Lane: ("map_id",),
}


class CannotRestore(Exception):
    pass


def renumber(model: type[Model], ordered_ids: list[int]) -> None:
    """Positions 0..n-1 in the given order, for every row of one container.

    Two UPDATEs: first everything moves out of the way, so no row ever lands on a
    position another row still holds (unique constraints are checked row by row).
    """
    if not ordered_ids:
        return
    rows = model._default_manager.filter(pk__in=ordered_ids)
    rows.update(position=F("position") + POSITION_OFFSET)
    rows.update(
        position=Case(*(When(pk=pk, then=Value(index)) for index, pk in enumerate(ordered_ids)), output_field=IntegerField())
    )


def siblings(item: Model) -> list[int]:
    """Ids of the rows in `item`'s container, in position order, `item` excluded."""
    model = type(item)
    keys = {field: getattr(item, field) for field in CONTAINERS[model]}
    return list(model._default_manager.filter(**keys).exclude(pk=item.pk).order_by("position").values_list("pk", flat=True))


def trash(item: Model, *, journey_map: JourneyMap, user, label: str) -> DeletedItem:
    """Delete `item` (and what cascades from it), keeping enough to undo it."""
    collector = Collector(using=router.db_for_write(type(item)), origin=item)
    collector.collect([item])
    collector.sort()
    # Deletion order puts dependants first; restoring needs the reverse. Many-to-many
    # links travel as rows of their through tables (the fast deletes), not as lists.
    instances = [obj for _, objs in reversed(list(collector.data.items())) for obj in objs]
    instances += [row for queryset in collector.fast_deletes for row in queryset]
    payload = json.loads(serializers.serialize("json", instances))
    for entry in payload:
        m2m = {field.name for field in apps.get_model(entry["model"])._meta.many_to_many}
        entry["fields"] = {name: value for name, value in entry["fields"].items() if name not in m2m}
    DeletedItem.objects.filter(map=journey_map, deleted_at__lt=timezone.now() - UNDO_WINDOW).delete()
    deleted = DeletedItem.objects.create(map=journey_map, label=label, payload=payload, deleted_by=user)
    item.delete()
    if type(item) in CONTAINERS:
        renumber(type(item), siblings(item))
    return deleted


def restore(deleted: DeletedItem) -> Model:
    """Write back everything `deleted` removed; the root item returns to its old position."""
    objects = list(serializers.deserialize("python", deleted.payload))
    root = objects[0].object
    try:
        with transaction.atomic():
            if type(root) in CONTAINERS:
                old_position = root.position
                root.position = POSITION_OFFSET - 1
            for obj in objects:
                obj.save()
            if type(root) in CONTAINERS:
                order = siblings(root)
                order.insert(min(old_position, len(order)), root.pk)
                renumber(type(root), order)
            deleted.delete()
    except IntegrityError as error:
        raise CannotRestore(str(error)) from error
    return root
