"""Versions of a map: snapshots in the interchange format, the difference between two of
them, restoring one, and starting a new map from one.

A snapshot is the map's `MapDoc` with the items' database ids as keys, so that two
snapshots can tell an edited item from a removed one and a new one. Stages have no key
in the format; they are matched by name, then by place. Items that a restore recreated
(new ids) are matched by title.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interchange.documents import map_document, map_import, map_replace
from interchange.schema import MapDoc
from journeymap.lib.chinese import ChineseScript
from maps.activity import activity_record
from maps.models import ActivityVerb, Comment, JourneyMap, MapState, Stage
from maps.services import lock_map
from review.conversion import document_in_script
from review.models import MapVersion
from touchpoints.models import Opportunity, PainPoint, Touchpoint


def snapshot_of(journey_map: JourneyMap) -> dict:
    return map_document(journey_map, database_keys=True).model_dump(mode="json")


def document_of(version: MapVersion) -> MapDoc:
    return MapDoc.model_validate(version.snapshot)


@transaction.atomic
def version_create(*, journey_map: JourneyMap, user, note: str = "") -> MapVersion:
    """Freeze the map as it is now, numbered after the map's last version."""
    JourneyMap.objects.select_for_update().filter(pk=journey_map.pk).first()  # one numbering at a time
    number = (MapVersion.objects.filter(map=journey_map).aggregate(last=Max("number"))["last"] or 0) + 1
    version = MapVersion.objects.create(
        map=journey_map, number=number, note=note[:300], snapshot=snapshot_of(journey_map), created_by=user
    )
    activity_record(map_id=journey_map.pk, verb=ActivityVerb.VERSION, target=_("version %d") % number, detail=note)
    return version


def version_of(journey_map: JourneyMap, number: int) -> MapVersion:
    version = MapVersion.objects.filter(map=journey_map, number=number).select_related("created_by").first()
    if version is None:
        raise Http404(_("No such version."))
    return version


@transaction.atomic
def version_restore(*, version: MapVersion, user) -> MapVersion:
    """Put the map back as it was in `version`. What it was just before is saved as a new
    version first, so a restore can itself be undone. Comments on items that the version
    has too follow their item; comments on items it lacks move to the map as a whole."""
    journey_map = version.map
    lock_map(journey_map.pk)  # an approved map goes back to draft, like after any edit
    before = version_create(journey_map=journey_map, user=user, note=_("Before restoring version %d") % version.number)
    document = document_of(version)
    kept = _detach_comments(journey_map)
    revision = JourneyMap.objects.values_list("revision", flat=True).get(pk=journey_map.pk)
    map_replace(journey_map=journey_map, document=document, expected_revision=revision)
    _reattach_comments(journey_map, kept, document, map_document(journey_map, database_keys=True))
    activity_record(map_id=journey_map.pk, verb=ActivityVerb.RESTORED, target=_("version %d") % version.number)
    return before


@transaction.atomic
def map_from_version(
    *, version: MapVersion, owner, title: str, state: str, script: str = ChineseScript.KEEP
) -> JourneyMap:
    """A new map, owned by `owner`, with everything `version` holds (e.g. a to-be map from an
    as-is one), its Chinese text in `script`."""
    document = document_in_script(document_of(version).model_copy(update={"title": title, "state": state}), script)
    return _linked_to_as_is(map_import(owner=owner, document=document), version.map)


@transaction.atomic
def map_duplicate(
    *, journey_map: JourneyMap, owner, title: str, state: str, script: str = ChineseScript.KEEP
) -> JourneyMap:
    """A copy of the map as it is now, owned by `owner`, with its stages, lanes, items and
    personas (not its members, comments or versions), its Chinese text in `script`."""
    document = document_in_script(map_document(journey_map).model_copy(update={"title": title, "state": state}), script)
    copy = _linked_to_as_is(map_import(owner=owner, document=document), journey_map)
    activity_record(
        map_id=copy.pk, verb=ActivityVerb.ADDED, target=_("the map"), detail=_("a copy of “%s”") % journey_map.title
    )
    return copy


def _linked_to_as_is(copy: JourneyMap, source: JourneyMap) -> JourneyMap:
    """A to-be map made from an as-is map keeps a link to it, for comparing the two."""
    if copy.state == MapState.TO_BE and source.state == MapState.AS_IS:
        copy.as_is = source
        JourneyMap.objects.filter(pk=copy.pk).update(as_is=source)
    return copy


# Comments through a restore: the items are recreated, so their comments are held on the
# map while it happens and put back on the item with the same key afterwards.

ITEM_FIELDS = ("stage", "touchpoint", "pain_point", "opportunity")


def _detach_comments(journey_map: JourneyMap) -> dict[int, tuple[str, str]]:
    stage_names = dict(journey_map.stages.values_list("pk", "name"))
    kept: dict[int, tuple[str, str]] = {}
    for comment in (
        Comment.objects.filter(map=journey_map)
        .exclude(stage=None, touchpoint=None, pain_point=None, opportunity=None)
        .values("pk", *(f"{name}_id" for name in ITEM_FIELDS))
    ):
        kind = next(name for name in ITEM_FIELDS if comment[f"{name}_id"])
        key = stage_names[comment["stage_id"]] if kind == "stage" else str(comment[f"{kind}_id"])
        kept[comment["pk"]] = (kind, key)
    Comment.objects.filter(pk__in=kept).update(**{name: None for name in ITEM_FIELDS})
    return kept


def _reattach_comments(
    journey_map: JourneyMap, kept: dict[int, tuple[str, str]], restored: MapDoc, now: MapDoc
) -> None:
    new_ids = {
        "touchpoint": {old.key: int(new.key) for old, new in zip(restored.touchpoints, now.touchpoints)},
        "pain_point": {old.key: int(new.key) for old, new in zip(restored.pain_points, now.pain_points)},
        "opportunity": {old.key: int(new.key) for old, new in zip(restored.opportunities, now.opportunities)},
    }
    stages = {name: pk for pk, name in journey_map.stages.order_by("-position").values_list("pk", "name")}
    for comment_id, (kind, key) in kept.items():
        target = stages.get(key) if kind == "stage" else new_ids[kind].get(key)
        if target is not None:
            Comment.objects.filter(pk=comment_id).update(**{f"{kind}_id": target})


# The difference between two versions


@dataclass
class FieldChange:
    name: str
    old: str
    new: str


@dataclass
class ItemChange:
    label: str
    status: str  # added, removed, changed
    fields: list[FieldChange] = field(default_factory=list)
    moved: tuple[str, str] | None = None  # (from, to)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


STATUS_LABELS = {"added": gettext_lazy("added"), "removed": gettext_lazy("removed"), "changed": gettext_lazy("changed")}


@dataclass
class Section:
    kind: str
    title: str
    changes: list[ItemChange]


@dataclass
class MapDiff:
    map_fields: list[FieldChange]
    sections: list[Section]

    @property
    def is_empty(self) -> bool:
        return not self.map_fields and not any(section.changes for section in self.sections)

    def of(self, kind: str) -> list[ItemChange]:
        return next(section.changes for section in self.sections if section.kind == kind)


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _verbose(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _match(old: list, new: list, *firsts) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the same item: by each of `firsts` (functions giving
    an identity) in turn, each item paired once."""
    pairs: list[tuple[int, int]] = []
    free_old, free_new = set(range(len(old))), set(range(len(new)))
    for identity in firsts:
        waiting: dict = {}
        for j in sorted(free_new):
            waiting.setdefault(identity(new[j], j), []).append(j)
        for i in sorted(free_old):
            candidates = waiting.get(identity(old[i], i))
            if candidates:
                j = candidates.pop(0)
                pairs.append((i, j))
                free_old.discard(i)
                free_new.discard(j)
    return sorted(pairs)


def _fields(model, old: dict, new: dict, names: list[str], labels: dict[str, str] | None = None) -> list[FieldChange]:
    labels = labels or {}
    return [
        FieldChange(labels.get(name) or _verbose(model, name), _shown(old.get(name)), _shown(new.get(name)))
        for name in names
        if old.get(name) != new.get(name)
    ]


def _rank(pairs: list[tuple[int, int]]) -> tuple[dict[int, int], dict[int, int]]:
    """Where each matched item stands among the matched ones, before and after."""
    before = {i: rank for rank, (i, _j) in enumerate(sorted(pairs))}
    after = {j: rank for rank, (_i, j) in enumerate(sorted(pairs, key=lambda pair: pair[1]))}
    return before, after


def map_diff(old: MapDoc, new: MapDoc) -> MapDiff:
    """What changed from `old` to `new`: map fields, and per kind the items added, removed,
    changed (which fields, old -> new) and moved."""
    map_names = ["title", "description", "scope", "journey_type", "state", "personas"]
    map_fields = [
        FieldChange(
            _verbose(JourneyMap, name) if name != "personas" else _("personas"),
            _shown(getattr(old, name)),
            _shown(getattr(new, name)),
        )
        for name in map_names
        if getattr(old, name) != getattr(new, name)
    ]

    # Stages: by name, then by place.
    stage_pairs = _match(old.stages, new.stages, lambda stage, _i: stage.name, lambda _stage, index: index)
    stage_of_old = dict(stage_pairs)
    before, after = _rank(stage_pairs)
    stage_changes = []
    for i, j in stage_pairs:
        a, b = old.stages[i].model_dump(), new.stages[j].model_dump()
        change = ItemChange(b["name"], "changed", _fields(Stage, a, b, list(a)))
        if before[i] != after[j]:
            change.moved = (_("place %d") % (i + 1), _("place %d") % (j + 1))
        if change.fields or change.moved:
            stage_changes.append(change)
    stage_changes += _added_removed(old.stages, new.stages, stage_pairs, lambda stage: stage.name)

    # Lanes: by channel.
    lane_pairs = _match(old.lanes, new.lanes, lambda lane, _i: lane.channel)
    channel_names = {channel.slug: channel.name for channel in (*old.channels, *new.channels)}
    before, after = _rank(lane_pairs)
    lane_changes = [
        ItemChange(
            channel_names.get(new.lanes[j].channel, new.lanes[j].channel),
            "changed",
            moved=(_("row %d") % (i + 1), _("row %d") % (j + 1)),
        )
        for i, j in lane_pairs
        if before[i] != after[j]
    ]
    lane_changes += _added_removed(
        old.lanes, new.lanes, lane_pairs, lambda lane: channel_names.get(lane.channel, lane.channel)
    )

    def place(document: MapDoc, item) -> str:
        where = document.stages[item.stage].name
        if hasattr(item, "lane"):
            where += " · " + channel_names.get(document.lanes[item.lane].channel, document.lanes[item.lane].channel)
        return where

    def same_place(a, b) -> bool:
        same_stage = stage_of_old.get(a.stage) == b.stage
        return same_stage and (not hasattr(a, "lane") or old.lanes[a.lane].channel == new.lanes[b.lane].channel)

    def by_key(items_old, items_new):
        return _match(items_old, items_new, lambda item, _i: item.key, lambda item, _i: item.title)

    titles = {
        "touchpoints": ({t.key: t.title for t in old.touchpoints}, {t.key: t.title for t in new.touchpoints}),
        "pain_points": ({p.key: p.title for p in old.pain_points}, {p.key: p.title for p in new.pain_points}),
    }

    def resolved(item, side: int, refs: dict[str, str]) -> dict:
        """An item's fields, with references to other items given by their titles."""
        data = item.model_dump(exclude={"key", "stage", "lane"})
        for name, kind in refs.items():
            value = data.get(name)
            lookup = titles[kind][side]
            data[name] = (
                sorted((lookup.get(key, key) for key in value), key=str)
                if isinstance(value, list)
                else lookup.get(value, value)
            )
        return data

    def items(kind: str, model, refs: dict[str, str], labels: dict[str, str]) -> list[ItemChange]:
        items_old, items_new = getattr(old, kind), getattr(new, kind)
        pairs = by_key(items_old, items_new)
        changes = []
        for i, j in pairs:
            a, b = items_old[i], items_new[j]
            change = ItemChange(
                b.title,
                "changed",
                _fields(model, resolved(a, 0, refs), resolved(b, 1, refs), list(resolved(b, 1, refs)), labels),
            )
            if not same_place(a, b):
                change.moved = (place(old, a), place(new, b))
            if change.fields or change.moved:
                changes.append(change)
        return changes + _added_removed(items_old, items_new, pairs, lambda item: item.title)

    sections = [
        Section("stages", _("Stages"), stage_changes),
        Section("lanes", _("Lanes"), lane_changes),
        Section(
            "touchpoints",
            _("Touchpoints"),
            items("touchpoints", Touchpoint, {"next": "touchpoints"}, {"next": _("leads to")}),
        ),
        Section("pain_points", _("Pain points"), items("pain_points", PainPoint, {"touchpoint": "touchpoints"}, {})),
        Section(
            "opportunities",
            _("Opportunities"),
            items(
                "opportunities",
                Opportunity,
                {"touchpoint": "touchpoints", "pain_points": "pain_points"},
                {"pain_points": _("addresses")},
            ),
        ),
    ]
    return MapDiff(map_fields, sections)


def _added_removed(old: list, new: list, pairs: list[tuple[int, int]], label) -> list[ItemChange]:
    matched_old, matched_new = {i for i, _j in pairs}, {j for _i, j in pairs}
    return [ItemChange(label(item), "removed") for i, item in enumerate(old) if i not in matched_old] + [
        ItemChange(label(item), "added") for j, item in enumerate(new) if j not in matched_new
    ]


def diff_with_now(version: MapVersion) -> MapDiff:
    return map_diff(document_of(version), map_document(version.map, database_keys=True))
