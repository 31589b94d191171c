"""What the rows of a spreadsheet do to a map, shown before and then written.

`plan_items` finds what each parsed row names (stages, lanes, personas, items of the map
or of the file) and says whether it creates an item, changes some of its fields, or
leaves it as it is; nothing is written. `items_import` writes the plan, all or nothing,
unless the map changed since the preview.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from interchange.documents import claim_revision
from interchange.spreadsheet_export import KINDS
from interchange.spreadsheet_rows import ParsedRow, RowError
from journeymap.lib.ids import parse_id
from maps.models import JourneyMap, Lane, Stage
from maps.positions import close_gaps
from maps.services import check_item_room, item_room_problem
from personas.models import Persona
from touchpoints.models import Opportunity, PainPoint, Touchpoint

FIELDS = {
    "touchpoint": [
        *("stage", "lane", "title", "description", "customer_action", "emotion", "expectation"),
        *("is_micro_conversion", "persona", "csat", "nps", "crr", "conversion_rate"),
    ],
    "pain_point": ["stage", "touchpoint", "title", "description", "severity", "cause", "evidence"],
    "opportunity": [
        *("stage", "touchpoint", "title", "description", "action", "impact", "effort"),
        *("action_owner", "status", "due_date"),
    ],
}
# Any: the kind decides which model, and with it which fields (a touchpoint has a position).
MODELS: dict[str, Any] = {"touchpoint": Touchpoint, "pain_point": PainPoint, "opportunity": Opportunity}
RELATIONS = ("stage", "lane", "persona", "touchpoint")
LINKS = {"touchpoint": ("next", "touchpoint"), "opportunity": ("pain_points", "pain_point")}  # column, target kind


@dataclass
class Change:
    """What one row does: create an item, update some of its fields, or nothing."""

    parsed: ParsedRow
    action: str  # "create", "update" or "unchanged"
    values: dict[str, Any]  # field -> value; `touchpoint` is still a reference ("db:12", "new:x")
    links: list[str]  # references, when the row has the links column
    existing: Any = None
    fields: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.parsed.kind

    @property
    def title(self) -> str:
        return self.parsed.data.title


@dataclass
class ItemsPlan:
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    revision: int = 0
    lookup: "_Lookup | None" = field(default=None, repr=False)
    adding: int = 0  # new items the rows bring, counted before any error empties `changes`

    def of(self, action: str) -> list[Change]:
        return [change for change in self.changes if change.action == action]

    @property
    def creates(self) -> list[Change]:
        return self.of("create")

    @property
    def updates(self) -> list[Change]:
        return self.of("update")

    @property
    def unchanged(self) -> list[Change]:
        return self.of("unchanged")

    @property
    def has_writes(self) -> bool:
        return not self.errors and any(change.action != "unchanged" for change in self.changes)


class _Lookup:
    """Finds what the rows name (stages, lanes, personas, items) in the map and in the file."""

    def __init__(self, journey_map: JourneyMap, rows: list[ParsedRow]):
        self.stages = list(journey_map.stages.order_by("position"))
        self.stage_names = Counter(stage.name.casefold() for stage in self.stages)
        self.lanes: dict[str, Lane] = {}
        for lane in journey_map.lanes.select_related("channel"):
            self.lanes[lane.channel.name.casefold()] = self.lanes[lane.channel.slug.casefold()] = lane
        names = {row.data.persona for row in rows if row.kind == "touchpoint" and row.data.persona}
        # The oldest persona of a name wins, as in a JSON import.
        self.personas = {persona.name: persona for persona in Persona.objects.filter(name__in=names).order_by("-pk")}
        self.items = {
            "touchpoint": self._items(Touchpoint.objects.prefetch_related("next_touchpoints"), journey_map),
            "pain_point": self._items(PainPoint.objects.all(), journey_map),
            "opportunity": self._items(Opportunity.objects.prefetch_related("pain_points"), journey_map),
        }
        self.new_ids = {
            kind: {
                row.data.id for row in rows if row.kind == kind and row.data.id and self.item(kind, row.data.id) is None
            }
            for kind in KINDS
        }

    @staticmethod
    def _items(queryset, journey_map: JourneyMap) -> dict[int, Any]:
        return {item.pk: item for item in queryset.filter(map=journey_map)}

    def item(self, kind: str, ref: str):
        number = parse_id(ref)
        return self.items[kind].get(number) if number is not None else None

    def stage(self, value: str) -> Stage:
        number = parse_id(value)
        if number is not None and 1 <= number <= len(self.stages):
            return self.stages[number - 1]
        if self.stage_names[value.casefold()] > 1:
            raise ValueError(_("two stages have this name: use the stage's number."))
        for stage in self.stages:
            if stage.name.casefold() == value.casefold():
                return stage
        raise ValueError(_("the map has no such stage."))

    def lane(self, value: str) -> Lane:
        if (lane := self.lanes.get(value.casefold())) is None:
            raise ValueError(_("the map has no lane for this channel."))
        return lane

    def persona(self, value: str | None) -> Persona | None:
        if value and value not in self.personas:
            raise ValueError(_("there is no persona of this name."))
        return self.personas[value] if value else None

    def ref(self, kind: str, value: str | None) -> str | None:
        if not value:
            return None
        if self.item(kind, value) is not None:
            return f"db:{value}"
        if value in self.new_ids[kind]:
            return f"new:{value}"
        raise ValueError(_("neither the map nor the file has an item with this id."))


def plan_items(journey_map: JourneyMap, rows: list[ParsedRow], errors: Iterable[RowError] = ()) -> ItemsPlan:
    """What importing the rows would create and change; nothing is written."""
    lookup = _Lookup(journey_map, rows)
    plan = ItemsPlan(errors=list(errors), revision=journey_map.revision, lookup=lookup)
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if row.data.id and (row.kind, row.data.id) in seen:
            plan.errors.append(
                RowError(row.sheet, row.row, "id", _("“%(id)s” is used by an earlier row.") % {"id": row.data.id})
            )
        seen.add((row.kind, row.data.id))
        change = _change(row, lookup, plan.errors)
        if change is not None:
            plan.changes.append(change)
    plan.adding = len(plan.creates)
    present = sum(len(items) for items in lookup.items.values())
    if problem := item_room_problem(present, plan.adding):
        plan.errors.append(RowError("", 0, "", problem))
    if plan.errors:
        plan.changes = []
    return plan


def _change(row: ParsedRow, lookup: _Lookup, errors: list[RowError]) -> Change | None:
    data, found_errors = row.data, len(errors)

    def resolve(column: str, value: Any, find) -> Any:
        try:
            return find(value)
        except ValueError as error:
            errors.append(RowError(row.sheet, row.row, column, f"“{value}”: {error}"))

    values = {name: getattr(data, name) for name in FIELDS[row.kind] if name not in RELATIONS}
    values["stage"] = resolve("stage", data.stage, lookup.stage)
    if row.kind == "touchpoint":
        values["lane"] = resolve("lane", data.lane, lookup.lane)
        values["persona"] = resolve("persona", data.persona, lookup.persona)
    else:
        values["touchpoint"] = resolve("touchpoint", data.touchpoint, lambda ref: lookup.ref("touchpoint", ref))
    links = []
    if row.kind in LINKS:
        column, target = LINKS[row.kind]
        links = [resolve(column, ref, lambda ref: lookup.ref(target, ref)) for ref in getattr(data, column)]
    if len(errors) > found_errors:
        return None
    existing = lookup.item(row.kind, data.id)
    if existing is None:
        return Change(row, "create", values, links)
    fields = [name for name in FIELDS[row.kind] if name in row.columns and not _same(existing, name, values[name])]
    if row.kind in LINKS and LINKS[row.kind][0] in row.columns and not _same_links(existing, row.kind, links):
        fields.append(LINKS[row.kind][0])
    return Change(row, "update" if fields else "unchanged", values, links, existing, fields)


def _same(item, name: str, value: Any) -> bool:
    if name not in RELATIONS:
        return getattr(item, name) == value
    current = getattr(item, f"{name}_id")
    if isinstance(value, str):  # a reference to a touchpoint: "db:<id>" or "new:<id in the file>"
        return value == f"db:{current}"
    return current == (value.pk if value is not None else None)


def _same_links(item, kind: str, links: list[str]) -> bool:
    current = item.next_touchpoints.all() if kind == "touchpoint" else item.pain_points.all()
    return all(ref.startswith("db:") for ref in links) and {related.pk for related in current} == {
        int(ref[3:]) for ref in links
    }


@transaction.atomic
def items_import(*, journey_map: JourneyMap, rows: list[ParsedRow], expected_revision: int) -> ItemsPlan:
    """Create and update the rows' items, all or nothing. Raises `StaleMap` if the map changed
    since the preview was made at `expected_revision`, `TooManyItems` if the new items do not fit."""
    claim_revision(journey_map.pk, expected_revision)
    plan = plan_items(journey_map, rows)
    check_item_room(journey_map.pk, plan.adding)  # under the map's lock: certain
    if not plan.has_writes:
        return plan
    new: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    positions = _next_positions(journey_map)

    def item_of(kind: str, ref: str | None) -> Any:
        if ref is None:
            return None
        assert plan.lookup is not None  # a plan is always made with its lookup
        return plan.lookup.item(kind, ref[3:]) if ref.startswith("db:") else new[kind][ref[4:]]

    for kind in KINDS:  # touchpoints first: pain points and opportunities refer to them
        creates = [change for change in plan.of("create") if change.kind == kind]
        items = []
        for change in creates:
            values = {
                **change.values,
                **({"touchpoint": item_of("touchpoint", change.values["touchpoint"])} if kind != "touchpoint" else {}),
            }
            item = MODELS[kind](map=journey_map, **values)
            if kind == "touchpoint":
                item.position = _take(positions, item)
            items.append(item)
        for change, item in zip(creates, MODELS[kind].objects.bulk_create(items)):
            change.existing = item
            if change.parsed.data.id:
                new[kind][change.parsed.data.id] = item
        _update(kind, [change for change in plan.of("update") if change.kind == kind], item_of, positions)
    for kind, (column, target) in LINKS.items():
        _set_links(kind, column, target, plan, item_of)
    return plan


def _update(kind: str, changes: list[Change], item_of, positions: dict[tuple[int, int], int]) -> None:
    if not changes:
        return
    fields: set[str] = set()
    left: set[tuple[int, int]] = set()  # cells a touchpoint moved out of
    for change in changes:
        item = change.existing
        if kind == "touchpoint" and {"stage", "lane"} & set(change.fields):
            left.add((item.stage_id, item.lane_id))
        for name in change.fields:
            if name in FIELDS[kind]:
                value = change.values[name]
                setattr(item, name, item_of("touchpoint", value) if name == "touchpoint" else value)
                fields.add(name)
        if kind == "touchpoint" and {"stage", "lane"} & set(change.fields):
            item.position = _take(positions, item)
            fields.add("position")
    if fields:
        MODELS[kind].objects.bulk_update([change.existing for change in changes], sorted(fields | {"updated_at"}))
    MODELS[kind].objects.filter(pk__in=[change.existing.pk for change in changes]).update(version=F("version") + 1)
    for stage_id, lane_id in left:
        close_gaps(Touchpoint, stage_id=stage_id, lane_id=lane_id)


def _set_links(kind: str, column: str, target: str, plan: ItemsPlan, item_of) -> None:
    changes = [
        change
        for change in plan.changes
        if change.kind == kind
        and column in change.parsed.columns
        and (change.action == "create" or column in change.fields)
    ]
    if not changes:
        return
    manager = getattr(MODELS[kind], "next_touchpoints" if kind == "touchpoint" else "pain_points")
    Through = manager.through
    source_field, target_field = (
        ("from_touchpoint", "to_touchpoint") if kind == "touchpoint" else ("opportunity", "painpoint")
    )
    Through.objects.filter(**{f"{source_field}__in": [change.existing for change in changes]}).delete()
    Through.objects.bulk_create(
        Through(**{source_field: change.existing, target_field: item_of(target, ref)})
        for change in changes
        for ref in dict.fromkeys(change.links)
    )


def _next_positions(journey_map: JourneyMap) -> dict[tuple[int, int], int]:
    rows = Touchpoint.objects.filter(map=journey_map).values("stage_id", "lane_id").annotate(last=Max("position"))
    return defaultdict(int, {(row["stage_id"], row["lane_id"]): row["last"] + 1 for row in rows})


def _take(positions: dict[tuple[int, int], int], touchpoint: Touchpoint) -> int:
    cell = (touchpoint.stage_id, touchpoint.lane_id)
    position = positions[cell]
    positions[cell] += 1
    return position
