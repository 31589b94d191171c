"""Customer metrics in bulk: CSAT, NPS, CRR and conversion of touchpoints, and the targets
of stages, from the tools a CX team keeps them in. All rows are written or none: a row
that names nothing on the map, or a figure its item does not have, refuses the whole set.

The figures land in the fields the grid, the swimlane and the analytics read, so every
page shows them at once.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journeymap.lib.ids import parse_id
from maps.activity import activity_record
from maps.models import ActivityVerb, JourneyMap, Stage
from maps.services import lock_map
from touchpoints.models import Touchpoint

TOUCHPOINT_METRICS = ("csat", "nps", "crr", "conversion_rate")
STAGE_TARGETS = ("target_csat", "target_nps", "target_crr", "target_conversion")
ADDRESSES = ("touchpoint", "key", "stage", "stage_index")
# The keys a map's document gives its touchpoints: t1, t2, ... in grid order.
DOCUMENT_KEY = re.compile(r"^t([1-9][0-9]*)$")


@dataclass(frozen=True)
class RowError:
    index: int  # in the list of rows, from 0
    field: str
    message: str


class MetricsRefused(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(f"row {error.index + 1}, {error.field}: {error.message}" for error in errors))
        self.errors = errors


@transaction.atomic
def metrics_apply(*, journey_map: JourneyMap, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Set the figures each row gives (a figure absent from a row stays as it is; None clears
    it). Returns how many touchpoints and stages changed; `MetricsRefused` names every bad row."""
    lock_map(journey_map.pk)
    # Grid order, the order the document's keys count in.
    touchpoints = list(
        Touchpoint.objects.filter(map=journey_map).order_by("stage__position", "lane__position", "position")
    )
    stages = list(Stage.objects.filter(map=journey_map).order_by("position"))
    finder = _Finder(touchpoints, stages)
    errors: list[RowError] = []
    changed: dict[type, dict[int, Any]] = {Touchpoint: {}, Stage: {}}
    for index, row in enumerate(rows):
        item, problem = finder.item(row)
        if item is None:
            errors.append(RowError(index, problem[0], problem[1]))
            continue
        allowed, other = (
            (TOUCHPOINT_METRICS, STAGE_TARGETS) if isinstance(item, Touchpoint) else (STAGE_TARGETS, TOUCHPOINT_METRICS)
        )
        wrong = [name for name in other if name in row]
        if wrong:
            kind = _("a touchpoint") if isinstance(item, Touchpoint) else _("a stage")
            errors += [RowError(index, name, _("%s has no such figure.") % kind) for name in wrong]
            continue
        for name in allowed:
            if name in row:
                setattr(item, name, row[name])
        changed[type(item)][item.pk] = item
    if errors:
        raise MetricsRefused(errors)
    for model, fields in ((Touchpoint, TOUCHPOINT_METRICS), (Stage, STAGE_TARGETS)):
        items = list(changed[model].values())
        if items:
            model._default_manager.bulk_update(items, [*fields, *(["updated_at"] if model is Touchpoint else [])])
            # Someone editing one of these items is told it changed, as after any other edit.
            model._default_manager.filter(pk__in=changed[model]).update(version=F("version") + 1)
    counts = len(changed[Touchpoint]), len(changed[Stage])
    activity_record(
        map_id=journey_map.pk,
        verb=ActivityVerb.CHANGED,
        target=ngettext("the figures of %d item", "the figures of %d items", sum(counts)) % sum(counts),
    )
    return counts


class _Finder:
    def __init__(self, touchpoints: list[Touchpoint], stages: list[Stage]):
        self.touchpoints, self.stages = touchpoints, stages
        self.touchpoint_ids = {touchpoint.pk: touchpoint for touchpoint in touchpoints}
        self.stage_ids = {stage.pk: stage for stage in stages}

    def item(self, row: dict[str, Any]) -> tuple[Touchpoint | Stage | None, tuple[str, str]]:
        """The row's touchpoint or stage; or None and (field, why)."""
        named = [name for name in ADDRESSES if row.get(name) is not None]
        if len(named) != 1:
            return None, (
                "touchpoint",
                _("name one touchpoint (touchpoint or key) or one stage (stage or stage_index)."),
            )
        name = named[0]
        value = row[name]
        found: Touchpoint | Stage | None
        if name == "touchpoint":
            found = self.touchpoint_ids.get(value)
        elif name == "stage":
            found = self.stage_ids.get(value)
        elif name == "stage_index":
            found = self.stages[value] if value < len(self.stages) else None
        else:
            found = self._by_key(str(value))
        return found, (name, _("the map has no such item."))

    def _by_key(self, key: str) -> Touchpoint | None:
        if match := DOCUMENT_KEY.match(key):
            place = int(match.group(1))
            return self.touchpoints[place - 1] if place <= len(self.touchpoints) else None
        pk = parse_id(key)  # the document read with ?ids=true: the touchpoint's id
        return self.touchpoint_ids.get(pk) if pk is not None else None
