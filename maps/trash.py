"""Undoable deletes: before an item is deleted, everything its delete would remove
(children, links, comments) is serialised; undo writes it all back with the same ids."""

import json
from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.core import serializers
from django.db import IntegrityError, router, transaction
from django.db.models import Model
from django.db.models.deletion import Collector

from maps.models import DeletedItem, JourneyMap
from maps.positions import CONTAINERS, PARKED, insert, renumber, siblings

UNDO_WINDOW = timedelta(hours=1)


class CannotRestore(Exception):
    pass


def serialise(rows: list[Model]) -> list[dict]:
    """JSON-ready rows of one model, with their own columns only (links travel separately)."""
    fields = [field.name for field in rows[0]._meta.concrete_fields if not field.primary_key]
    return json.loads(serializers.serialize("json", rows, fields=fields))


def trash(item: Model, *, journey_map: JourneyMap, user, label: str) -> DeletedItem:
    """Delete `item` (and what cascades from it), keeping enough to undo it."""
    collector = Collector(using=router.db_for_write(type(item)), origin=item)
    collector.collect([item])
    # The item itself comes first, so undo knows what it brings back; foreign keys are
    # checked at commit, so the order of the rest does not matter. The collector holds
    # most rows with their fields deferred: each model's rows are read back whole, in one
    # query. Many-to-many links travel as rows of their through tables (the fast deletes).
    groups = [[item]]
    for model, objs in collector.data.items():
        groups.append(list(model._default_manager.filter(pk__in=[obj.pk for obj in objs if obj != item])))
    groups += [list(queryset) for queryset in collector.fast_deletes]
    payload = [entry for group in groups if group for entry in serialise(group)]
    deleted = DeletedItem.objects.create(map=journey_map, label=label, payload=payload, deleted_by=user)
    collector.delete()
    if type(item) in CONTAINERS:
        renumber(type(item), siblings(item))
    return deleted


def missing_parent(objects: list[Model]) -> bool:
    """Whether any of `objects` points at a row that is gone and is not among `objects`."""
    present = {(type(obj), obj.pk) for obj in objects}
    wanted: dict[type[Model], set] = defaultdict(set)
    for obj in objects:
        for field in obj._meta.concrete_fields:
            model = field.related_model
            if not isinstance(model, type):
                continue
            value = getattr(obj, field.attname)
            if value is not None and (model, value) not in present:
                wanted[model].add(value)
    return any(model._default_manager.filter(pk__in=ids).count() != len(ids) for model, ids in wanted.items())


def restore(deleted: DeletedItem) -> Model:
    """Write back everything `deleted` removed; the root item returns to its old position."""
    objects = list(serializers.deserialize("python", deleted.payload))
    if not objects or missing_parent([obj.object for obj in objects]):
        raise CannotRestore(deleted.label)
    root: Any = objects[0].object
    try:
        with transaction.atomic():
            positioned = type(root) in CONTAINERS
            if positioned:
                old_position, root.position = root.position, PARKED
            for obj in objects:
                obj.save()
            if positioned:
                insert(root, old_position)
            deleted.delete()
    except IntegrityError as error:
        raise CannotRestore(str(error)) from error
    return root
