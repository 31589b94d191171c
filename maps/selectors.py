"""The reads that shape a map for a page: a fixed number of queries, whatever its size.

The grid is read once into plain data; the HTML grid, the swimlane figure and the
exports all draw from the same `Grid`.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from statistics import fmean
from threading import Lock

from django.db import connection
from django.db.models import Avg, ForeignObject, IntegerField, Model, Prefetch, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from journeymap.lib.collation import sorted_by_name
from journeymap.lib.queries import count_of
from journeymap.lib.text import fold
from maps.models import OPEN_THREAD, Comment, JourneyMap, Lane, MapState, Stage
from personas.models import Persona
from touchpoints.models import Opportunity, PainPoint, Touchpoint


@dataclass
class Cell:
    stage: Stage
    lane: Lane
    touchpoints: list[Touchpoint] = field(default_factory=list)


@dataclass
class Row:
    lane: Lane
    cells: list[Cell]


@dataclass
class EmotionPoint:
    """The average emotion of one stage, for everyone or for one persona."""

    stage: Stage
    value: float | None


@dataclass
class EmotionCurve:
    """Each stage's average emotion, in stage order, for everyone or one persona. Plain data:
    the charts app draws it, as the emotion row of the grid and under the swimlane."""

    persona: Persona | None
    points: list[EmotionPoint]
    # Names a curve that is neither everyone's nor a persona's: the other state of the journey.
    label: str = ""


@dataclass
class StageColumn:
    stage: Stage
    pain_points: list[PainPoint] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    touchpoint_count: int = 0


@dataclass
class Grid:
    map: JourneyMap
    columns: list[StageColumn]
    rows: list[Row]
    personas: list[Persona]
    persona: Persona | None
    emotion_curves: list[EmotionCurve]
    # The as-is curve on a to-be map (or the to-be curve on an as-is map), when there is one.
    comparison: EmotionCurve | None = None

    @property
    def stages(self) -> list[Stage]:
        return [column.stage for column in self.columns]

    @property
    def lanes(self) -> list[Lane]:
        return [row.lane for row in self.rows]

    @property
    def touchpoints(self) -> list[Touchpoint]:
        return [touchpoint for row in self.rows for cell in row.cells for touchpoint in cell.touchpoints]

    @property
    def is_empty(self) -> bool:
        return not self.columns and not self.rows


# The counts a card or summary item shows, for the few items a fragment refreshes, as
# correlated subqueries written in SQL (portable between SQLite and PostgreSQL). The ORM's
# own subqueries say the same but take some twenty times longer to compile than to run, and
# every edit's answer reads them. `outer` is the table of the items read, which Django
# names by itself in these queries (they join no second copy of it).


def related_count(model: type[Model], fk: str, where: str = "") -> RawSQL:
    """How many rows of `model` point at the outer row through their foreign key `fk`."""
    field = model._meta.get_field(fk)
    outer = field.related_model._meta.db_table  # type: ignore[union-attr]
    sql = f'SELECT COUNT(*) FROM "{model._meta.db_table}" WHERE "{field.column}" = "{outer}"."id"{where}'  # type: ignore[union-attr]
    return RawSQL(sql, (), output_field=IntegerField())


# `OPEN_THREAD` in SQL.
OPEN_THREAD_SQL = ' AND "parent_id" IS NULL AND "resolved_at" IS NULL AND "deleted_at" IS NULL'


def open_comment_annotations(fk: str) -> dict[str, RawSQL]:
    """Each item's number of open threads and the newest one's text."""
    field = Comment._meta.get_field(fk)
    outer, table = field.related_model._meta.db_table, Comment._meta.db_table  # type: ignore[union-attr]
    newest = (
        f'SELECT "body" FROM "{table}" WHERE "{field.column}" = "{outer}"."id"{OPEN_THREAD_SQL} '  # type: ignore[union-attr]
        'ORDER BY "created_at" DESC, "id" DESC LIMIT 1'
    )
    return {
        "open_comment_count": related_count(Comment, fk, OPEN_THREAD_SQL),
        "newest_comment": RawSQL(newest, (), output_field=TextField()),
    }


def next_ids() -> RawSQL:
    """The ids of the touchpoints a touchpoint leads to, space-separated, in id order (as
    `links_of` gives them to the whole grid)."""
    table = Touchpoint.next_touchpoints.through._meta.db_table
    outer = Touchpoint._meta.db_table
    links = f'FROM "{table}" WHERE "from_touchpoint_id" = "{outer}"."id"'
    if connection.vendor == "postgresql":
        sql = f"""SELECT string_agg(CAST("to_touchpoint_id" AS text), ' ' ORDER BY "to_touchpoint_id") {links}"""
    else:
        sql = f"""SELECT group_concat("to_touchpoint_id", ' ') FROM (SELECT "to_touchpoint_id" {links} ORDER BY 1)"""
    return RawSQL(sql, (), output_field=TextField())


def touchpoints_for_grid(journey_map: JourneyMap) -> QuerySet[Touchpoint]:
    """Cards with what they show, counted in the query: for fragments that refresh a few."""
    # The names are the attributes `Touchpoint` declares for what a card shows.
    counted = {
        "pain_point_count": related_count(PainPoint, "touchpoint"),
        "opportunity_count": related_count(Opportunity, "touchpoint"),
        "next_count": related_count(Touchpoint.next_touchpoints.through, "from_touchpoint"),
        "next_ids": next_ids(),
        **open_comment_annotations("touchpoint"),
    }
    return (
        Touchpoint.objects.filter(map=journey_map)
        .select_related("persona")
        .annotate(**counted)
        .order_by("position", "pk")
    )


def as_card(touchpoint: Touchpoint, following: Iterable[Touchpoint]) -> Touchpoint:
    """A touchpoint read by `touchpoints_for_grid`, after an edit set its links to `following`:
    ready to be drawn as its card again without reading it once more."""
    ids = sorted(other.pk for other in following)
    touchpoint.next_ids = " ".join(map(str, ids)) or None
    touchpoint.next_count = len(ids)
    return touchpoint


def addressed_pain_points() -> Prefetch:
    """The pain points an opportunity addresses, as a plain list `addressed`."""
    return Prefetch("pain_points", queryset=PainPoint.objects.only("id", "title").order_by("pk"), to_attr="addressed")


def pain_points_for_grid(journey_map: JourneyMap) -> QuerySet[PainPoint]:
    return journey_map.pain_points.select_related("touchpoint").order_by("-severity", "pk")


def opportunities_for_grid(journey_map: JourneyMap) -> QuerySet[Opportunity]:
    return journey_map.opportunities.prefetch_related(addressed_pain_points()).order_by("-impact", "effort", "pk")


def with_persona(touchpoints: QuerySet[Touchpoint], persona: Persona | int | None) -> QuerySet[Touchpoint]:
    """One persona's touchpoints and those meant for every persona."""
    if persona is None:
        return touchpoints
    return touchpoints.filter(Q(persona__isnull=True) | Q(persona=persona))


@dataclass
class OpenThreads:
    """The map's open comment threads per item: how many, and the newest one's text."""

    counts: Counter[tuple[str, int]] = field(default_factory=Counter)
    newest: dict[tuple[str, int], str] = field(default_factory=dict)

    ITEMS = ("stage", "touchpoint", "pain_point", "opportunity")

    @classmethod
    def of(cls, journey_map: JourneyMap) -> "OpenThreads":
        threads = cls()
        rows = Comment.objects.filter(map=journey_map, **OPEN_THREAD).order_by("created_at", "pk")
        for *ids, body in rows.values_list(*(f"{kind}_id" for kind in cls.ITEMS), "body"):
            for kind, pk in zip(cls.ITEMS, ids, strict=True):
                if pk is not None:
                    threads.counts[kind, pk] += 1
                    threads.newest[kind, pk] = body
        return threads

    def mark(self, items: Sequence[Stage | Touchpoint | PainPoint | Opportunity], kind: str) -> None:
        """Give each item `open_comment_count` and `newest_comment`, as the fragments' annotations do."""
        for item in items:
            item.open_comment_count = self.counts[kind, item.pk]
            item.newest_comment = self.newest.get((kind, item.pk))


def links_of(through: type[Model], source: str, target: str, *, map: JourneyMap) -> dict[int, list[int]]:
    """The ids each item of the map links to through the many-to-many table `through`
    (columns `source` and `target`), in one query, each list in id order."""
    links: dict[int, list[int]] = defaultdict(list)
    rows = through._default_manager.filter(**{f"{source}__map": map}).order_by(f"{source}_id", f"{target}_id")
    for from_id, to_id in rows.values_list(f"{source}_id", f"{target}_id"):
        links[from_id].append(to_id)
    return links


def attach(items: Sequence[Model], field: ForeignObject, known: dict[int, Model]) -> None:
    """Give each of `items` the object its foreign key `field` points to, from those already
    read (`known`, by id); the few others (outside a persona's journey, say) in one query."""
    missing = {pk for item in items if (pk := getattr(item, field.attname)) is not None and pk not in known}
    if missing:
        known = known | {other.pk: other for other in field.related_model._default_manager.filter(pk__in=missing)}
    for item in items:
        pk = getattr(item, field.attname)
        field.set_cached_value(item, known[pk] if pk is not None else None)


# What no view of the whole grid shows (page, swimlane, exports, report), and parsing a
# thousand timestamps is a good part of reading a large map.
UNSHOWN = ("created_at", "updated_at")


def map_grid(journey_map: JourneyMap, *, persona_id: int | None = None) -> Grid:
    """The whole map as a grid of stages x lanes; `persona_id` keeps one persona's journey.

    What each card shows (its counts, links and open threads) is counted here from rows read
    once for the whole map, not by subqueries per card: a large map's grid reads in a few
    milliseconds. Each touchpoint gets `following` (the ids it leads to) for the swimlane's
    connectors and the exports."""
    stages = list(journey_map.stages.order_by("position"))
    lanes = list(journey_map.lanes.select_related("channel").order_by("position"))
    personas = list(journey_map.personas.order_by("name"))
    persona = next((p for p in personas if p.pk == persona_id), None)
    touchpoints = list(
        with_persona(Touchpoint.objects.filter(map=journey_map), persona).defer(*UNSHOWN).order_by("position", "pk")
    )
    pain_points = list(journey_map.pain_points.defer(*UNSHOWN).order_by("-severity", "pk"))
    opportunities = list(journey_map.opportunities.defer(*UNSHOWN).order_by("-impact", "effort", "pk"))
    # Each related object is the one instance already read, not a copy per row (select_related).
    attach(touchpoints, Touchpoint.persona.field, {persona.pk: persona for persona in personas})
    attach(pain_points, PainPoint.touchpoint.field, {touchpoint.pk: touchpoint for touchpoint in touchpoints})
    pain_points_by_id = {pain_point.pk: pain_point for pain_point in pain_points}
    addressing = links_of(Opportunity.pain_points.through, "opportunity", "painpoint", map=journey_map)
    for opportunity in opportunities:
        opportunity.addressed = [pain_points_by_id[pk] for pk in addressing.get(opportunity.pk, [])]

    threads = OpenThreads.of(journey_map)
    for items, kind in ((stages, "stage"), (touchpoints, "touchpoint"), (pain_points, "pain_point")):
        threads.mark(items, kind)
    threads.mark(opportunities, "opportunity")
    links = links_of(Touchpoint.next_touchpoints.through, "from_touchpoint", "to_touchpoint", map=journey_map)
    pains_at = Counter(pain_point.touchpoint_id for pain_point in pain_points)
    opportunities_at = Counter(opportunity.touchpoint_id for opportunity in opportunities)
    by_cell: dict[tuple[int, int], list[Touchpoint]] = defaultdict(list)
    for touchpoint in touchpoints:
        following = links.get(touchpoint.pk, [])
        touchpoint.following = following
        touchpoint.next_count = len(following)
        touchpoint.next_ids = " ".join(map(str, following)) or None
        touchpoint.pain_point_count = pains_at[touchpoint.pk]
        touchpoint.opportunity_count = opportunities_at[touchpoint.pk]
        by_cell[touchpoint.stage_id, touchpoint.lane_id].append(touchpoint)

    columns = {stage.pk: StageColumn(stage) for stage in stages}
    for pain_point in pain_points:
        columns[pain_point.stage_id].pain_points.append(pain_point)
    for opportunity in opportunities:
        columns[opportunity.stage_id].opportunities.append(opportunity)
    for touchpoint in touchpoints:
        columns[touchpoint.stage_id].touchpoint_count += 1

    rows = [Row(lane, [Cell(stage, lane, by_cell.get((stage.pk, lane.pk), [])) for stage in stages]) for lane in lanes]
    return Grid(
        map=journey_map,
        columns=list(columns.values()),
        rows=rows,
        personas=personas,
        persona=persona,
        emotion_curves=emotion_curves(stages, touchpoints, personas if persona is None else [persona]),
    )


# The grids last read, per process: (map, persona shown) -> (the map's state then, the grid).
GRIDS: dict[tuple[int, int | None], tuple[tuple, Grid]] = {}
GRIDS_KEPT = 16
GRIDS_KEEPING = Lock()


def remembered_grid(journey_map: JourneyMap, *, persona_id: int | None = None) -> Grid:
    """`map_grid`, read again only when the map has moved on since it was last read here.

    Every write to what a grid shows moves the map's `revision` (the services' `lock_map`; the
    admin's saves; a persona or channel of the library saved, see maps/apps.py) or its
    `discussion_revision` (comments, the review): the live poll already relies on it to tell
    every open page. Those two and `updated_at`, read with the map anyway, say whether the
    grid read last is still the map's: a team opening the same map reads it once per process,
    and a reload after an edit reads it once. The grid is shared by the requests that reuse
    it, so nothing may change it after the read (the curve compared against it travels
    apart, see `maps.answers.grid_context`). The last `GRIDS_KEPT` grids are kept."""
    state = (journey_map.revision, journey_map.discussion_revision, journey_map.updated_at)
    key = (journey_map.pk, persona_id)
    kept = GRIDS.get(key)
    if kept is not None and kept[0] == state:
        return kept[1]
    grid = map_grid(journey_map, persona_id=persona_id)
    with GRIDS_KEEPING:  # the threads of a process share the store
        GRIDS.pop(key, None)
        while len(GRIDS) >= GRIDS_KEPT:
            del GRIDS[next(iter(GRIDS))]
        GRIDS[key] = (state, grid)
    return grid


def grid_cells(journey_map: JourneyMap, keys: list[tuple[Stage, Lane]], *, persona_id: int | None = None) -> list[Cell]:
    """A few cells, as the grid shows them (for one persona, when the page shows one), in one
    query: for fragments that answer an edit."""
    cells = {(stage.pk, lane.pk): Cell(stage, lane) for stage, lane in keys}
    in_cells = Q()
    for stage, lane in keys:
        in_cells |= Q(stage=stage, lane=lane)
    for touchpoint in with_persona(touchpoints_for_grid(journey_map), persona_id).filter(in_cells):
        cells[touchpoint.stage_id, touchpoint.lane_id].touchpoints.append(touchpoint)
    return list(cells.values())


def stage_column(journey_map: JourneyMap, stage: Stage) -> StageColumn:
    """One stage's pain points and opportunities, as the grid's summary rows show them."""
    return StageColumn(
        stage,
        pain_points=list(
            pain_points_for_grid(journey_map).filter(stage=stage).annotate(**open_comment_annotations("pain_point"))
        ),
        opportunities=list(
            opportunities_for_grid(journey_map).filter(stage=stage).annotate(**open_comment_annotations("opportunity"))
        ),
    )


def map_emotions(journey_map: JourneyMap, *, persona_id: int | None = None) -> list[EmotionCurve]:
    """Just the emotion curves: what the emotion row needs to refresh after an edit."""
    stages = list(journey_map.stages.order_by("position"))
    personas = list(journey_map.personas.order_by("name"))
    persona = next((p for p in personas if p.pk == persona_id), None)
    touchpoints = list(
        with_persona(Touchpoint.objects.filter(map=journey_map), persona).only("stage_id", "persona_id", "emotion")
    )
    return emotion_curves(stages, touchpoints, personas if persona is None else [persona])


def emotion_curves(stages: list[Stage], touchpoints: list[Touchpoint], personas: list[Persona]) -> list[EmotionCurve]:
    """One curve for everyone, plus one per persona when the map has several personas."""

    def curve(persona: Persona | None, keep) -> EmotionCurve:
        by_stage: dict[int, list[int]] = defaultdict(list)
        for touchpoint in touchpoints:
            if keep(touchpoint):
                by_stage[touchpoint.stage_id].append(touchpoint.emotion)
        return EmotionCurve(
            persona,
            [EmotionPoint(stage, fmean(by_stage[stage.pk]) if by_stage[stage.pk] else None) for stage in stages],
        )

    curves = [curve(None, lambda touchpoint: True)]
    if len(personas) > 1:
        curves += [
            curve(persona, lambda touchpoint, persona=persona: touchpoint.persona_id in (None, persona.pk))
            for persona in personas
        ]
    return curves


MAP_LIST_ORDER: dict[str, list[str | Lower]] = {
    "-updated": ["-updated_at", "pk"],
    "title": [Lower("title"), "pk"],
    "-created": ["-created_at", "-pk"],
    "status": ["review_status", "-updated_at", "pk"],
}


def counterparts(journey_map: JourneyMap, user) -> list[JourneyMap]:
    """The other states of the same journey, as far as `user` may see them: a to-be map's
    as-is map, and an as-is map's to-be maps, newest first. No query for a map that has
    none (`JourneyMapQuerySet.annotate_to_be` tells, in the query that read the map)."""
    if not journey_map.as_is_id and not getattr(journey_map, "has_to_be", True):
        return []
    linked = Q(as_is=journey_map) | Q(pk=journey_map.as_is_id) if journey_map.as_is_id else Q(as_is=journey_map)
    return list(
        JourneyMap.objects.visible_to(user)
        .filter(linked)
        .only("pk", "title", "state", "revision", "as_is_id")
        .order_by("-updated_at", "-pk")
    )


def counterpart_of(journey_map: JourneyMap, user) -> JourneyMap | None:
    """The state to compare the map with: a to-be map's as-is map; an as-is map's newest to-be map."""
    others = counterparts(journey_map, user)
    as_is = next((other for other in others if other.pk == journey_map.as_is_id), None)
    return as_is or next(iter(others), None)


def aligned_curve(other: JourneyMap, stages: list[Stage], *, label: str) -> EmotionCurve:
    """Everyone's emotion on `other`, at the stages of this map: a stage is matched by its
    name, else by its place when the stage at that place is not named after another one."""
    other_stages = list(other.stages.order_by("position").only("pk", "name", "position"))
    averages = dict(
        Touchpoint.objects.filter(map=other)
        .order_by()
        .values("stage_id")
        .annotate(value=Avg("emotion"))
        .values_list("stage_id", "value")
    )
    by_name = {stage.name.casefold(): stage for stage in other_stages}
    names_here = {stage.name.casefold() for stage in stages}

    def match(index: int, stage: Stage) -> Stage | None:
        if stage.name.casefold() in by_name:
            return by_name[stage.name.casefold()]
        if index < len(other_stages) and other_stages[index].name.casefold() not in names_here:
            return other_stages[index]
        return None

    points = []
    for index, stage in enumerate(stages):
        matched = match(index, stage)
        points.append(EmotionPoint(stage, averages.get(matched.pk) if matched else None))
    return EmotionCurve(None, points, label=label)


def counterpart_curve(other: JourneyMap, stages: list[Stage]) -> EmotionCurve:
    label = _("As-is: %s") % other.title if other.state == MapState.AS_IS else _("To-be: %s") % other.title
    return aligned_curve(other, stages, label=label)


def maps_for_list(
    user,
    *,
    search: str = "",
    show: str = "all",
    status: str = "",
    persona: Persona | None = None,
    sort: str = "-updated",
) -> QuerySet[JourneyMap]:
    """The maps a user may see, with what the list page shows, in a fixed number of queries.
    `show` is all (archived maps aside), mine (owned), shared (someone else's) or archived."""
    maps = (
        JourneyMap.objects.visible_to(user)
        .annotate_role(user)
        .select_related("owner")
        .prefetch_related(Prefetch("personas", queryset=Persona.objects.only("id", "name")))
        .annotate(
            stage_count=count_of(Stage, "map"),
            touchpoint_count=count_of(Touchpoint, "map"),
            pain_point_count=count_of(PainPoint, "map"),
            opportunity_count=count_of(Opportunity, "map"),
        )
    )
    maps = maps.filter(archived_at__isnull=show != "archived")
    if show == "mine":
        maps = maps.filter(owner=user)
    elif show == "shared":
        maps = maps.exclude(owner=user)
    if status:
        maps = maps.filter(review_status=status)
    if persona is not None:
        maps = maps.filter(personas=persona)
    if search:
        maps = maps.filter(Q(search_text__contains=fold(search)) | Q(personas__name__icontains=search))
    if search or persona is not None:
        maps = maps.distinct()
    return maps.order_by(*MAP_LIST_ORDER.get(sort, MAP_LIST_ORDER["-updated"]))


def maps_in_reading_order(user, **filters) -> list[JourneyMap]:
    """The map list as its page shows it: sorted by title, the titles follow the reader's
    language (Chinese by pinyin or strokes), which no database's ORDER BY does everywhere."""
    maps = maps_for_list(user, **filters)
    return sorted_by_name(maps, attrgetter("title")) if filters.get("sort") == "title" else list(maps)


def grid_touchpoints(journey_map: JourneyMap, ids: Sequence[int | None]) -> list[Touchpoint]:
    """Touchpoint cards as the grid shows them, for fragments that refresh a card or two."""
    return list(touchpoints_for_grid(journey_map).filter(pk__in=[pk for pk in ids if pk]))
