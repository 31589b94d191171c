"""Positions inside a container (cards in a cell, stages and lanes in a map) stay a clean
0..n-1 sequence. Unique constraints are checked row by row, so renumbering first moves
the rows far away and brings them back in a second UPDATE."""

from django.db.models import Case, F, IntegerField, Max, Model, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from maps.models import Lane, Stage
from touchpoints.models import Touchpoint

OFFSET = 1_000_000
PARKED = OFFSET - 1  # where a row waits while the others make room for it

# Which rows share a position sequence with an item of each positioned model.
CONTAINERS: dict[type[Model], tuple[str, ...]] = {
    Touchpoint: ("stage_id", "lane_id"),
    Stage: ("map_id",),
    Lane: ("map_id",),
}


def siblings(item: Model) -> list[int]:
    """Ids of the rows in `item`'s container, in position order, `item` excluded."""
    model = type(item)
    container = model._default_manager.filter(**{field: getattr(item, field) for field in CONTAINERS[model]})
    return list(container.exclude(pk=item.pk).order_by("position").values_list("pk", flat=True))


def close_gaps(model: type[Model], **container) -> None:
    """Number one container's rows 0..n-1 again in their order, after rows left it."""
    renumber(model, list(model._default_manager.filter(**container).order_by("position").values_list("pk", flat=True)))


def insert(item: Model, position: int) -> None:
    """Put `item` at `position` of its container (clamped to the end), shifting the others."""
    order = siblings(item)
    order.insert(max(0, min(position, len(order))), item.pk)
    renumber(type(item), order)


def next_position(container: QuerySet) -> Coalesce:
    """The position after the last one in `container` (0 when empty), as an expression the
    INSERT computes itself: no separate read, and the row comes back with its number."""
    # Grouped by a column every row of the container shares: one row, the maximum.
    shared = CONTAINERS[container.model][0]
    last = container.order_by().values(shared).annotate(next=Max("position") + 1).values("next")
    return Coalesce(Subquery(last), Value(0), output_field=IntegerField())


def renumber(model: type[Model], ordered_ids: list[int]) -> None:
    """Positions 0..n-1 in the given order, for every row of one container."""
    if not ordered_ids:
        return
    rows = model._default_manager.filter(pk__in=ordered_ids)
    rows.update(position=F("position") + OFFSET)
    rows.update(
        position=Case(
            *(When(pk=pk, then=Value(index)) for index, pk in enumerate(ordered_ids)), output_field=IntegerField()
        )
    )
