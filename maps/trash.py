"""Undoable deletes: before an item is deleted, everything its delete would remove
(children, links, comments) is serialised; undo writes it all back with the same ids."""

import json
from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import serializers
from django.db import IntegrityError, router, transaction
from django.db.models import Model, QuerySet
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import ngettext_lazy

from maps.models import DeletedItem, JourneyMap
from maps.positions import CONTAINERS, PARKED, insert, renumber, siblings


def undo_window() -> timedelta:
    """How long a delete can be undone (`UNDO_KEEP_SECONDS`); the purge drops older records."""
    return timedelta(seconds=settings.UNDO_KEEP_SECONDS)


def restorable(journey_map: JourneyMap) -> QuerySet[DeletedItem]:
    """The map's deletes that can still be undone, newest first."""
    since = timezone.now() - undo_window()
    return DeletedItem.objects.filter(map=journey_map, deleted_at__gte=since).select_related("deleted_by")


# What a delete takes along, by kind of row, in the order they are named.
COUNTED = {
    "touchpoints.touchpoint": ngettext_lazy("%(count)d touchpoint", "%(count)d touchpoints", "count"),
    "touchpoints.painpoint": ngettext_lazy("%(count)d pain point", "%(count)d pain points", "count"),
    "touchpoints.opportunity": ngettext_lazy("%(count)d opportunity", "%(count)d opportunities", "count"),
    "maps.comment": ngettext_lazy("%(count)d comment", "%(count)d comments", "count"),
}


def contents_phrase(counts: Counter[str]) -> str:
    """ "3 touchpoints, 1 pain point", or "" when nothing went along."""
    return ", ".join(phrase % {"count": counts[label]} for label, phrase in COUNTED.items() if counts[label])


def contents_of(deleted: DeletedItem) -> str:
    """What a delete took along with its item, read from its record (no query)."""
    return contents_phrase(Counter(entry["model"] for entry in deleted.payload[1:]))


def what_goes_with(item: Model) -> Counter[str]:
    """What deleting `item` would take along with it, by kind of row (`COUNTED`), found the
    way the delete itself finds it."""
    collector = Collector(using=router.db_for_write(type(item)), origin=item)
    collector.collect([item])
    counts: Counter[str] = Counter()
    for model, objs in collector.data.items():
        counts[model._meta.label_lower] += sum(1 for obj in objs if obj != item)
    for queryset in collector.fast_deletes:
        if queryset.model._meta.label_lower in COUNTED:
            counts[queryset.model._meta.label_lower] += queryset.count()
    return counts


def takes_items_along(counts: Counter[str]) -> bool:
    """Whether a delete takes touchpoints, pain points or opportunities along (comments alone
    do not make a delete worth asking about)."""
    return any(counts[label] for label in COUNTED if label != "maps.comment")


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
