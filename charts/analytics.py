"""The reads behind a map's analytics page: aggregates done by the database, in a fixed
number of queries whatever the size of the map."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from journeymap.lib.collation import sorted_by_name
from maps.models import JourneyMap, Lane, MapState, Stage
from maps.selectors import aligned_curve, counterpart_of
from touchpoints.models import Opportunity, OpportunityStatus, PainPoint, Touchpoint


@dataclass(frozen=True)
class Kpi:
    """A journey KPI: a touchpoint metric, the stage target it is read against, its scale."""

    metric: str
    target: str
    label: Promise
    low: int
    high: int


KPIS = (
    Kpi("csat", "target_csat", _("CSAT, %"), 0, 100),
    Kpi("nps", "target_nps", _("NPS"), -100, 100),
    Kpi("crr", "target_crr", _("CRR, %"), 0, 100),
    Kpi("conversion_rate", "target_conversion", _("Conversion, %"), 0, 100),
)


@dataclass(frozen=True)
class CellCoverage:
    """The touchpoints of one cell (stage x lane), counted, with their average emotion."""

    count: int
    average_emotion: float | None


@dataclass
class MapAnalytics:
    map: JourneyMap
    stages: list[Stage]
    lanes: list[Lane]
    coverage: dict[tuple[int, int], CellCoverage]
    pain_counts: dict[tuple[int, str], int]
    opportunities: list[Opportunity]
    kpis: dict[int, dict[str, float | None]]

    def cell(self, stage: Stage, lane: Lane) -> CellCoverage:
        return self.coverage.get((stage.pk, lane.pk), CellCoverage(0, None))

    @property
    def cell_count(self) -> int:
        return len(self.stages) * len(self.lanes)

    @property
    def gap_count(self) -> int:
        """Cells without a single touchpoint: where the omnichannel coverage has holes."""
        return self.cell_count - len(self.coverage)

    @property
    def opportunities_by_priority(self) -> list[Opportunity]:
        return sorted(self.opportunities, key=lambda opportunity: (-opportunity.priority_score, opportunity.pk))


def map_analytics(journey_map: JourneyMap) -> MapAnalytics:
    touchpoints = Touchpoint.objects.filter(map=journey_map).order_by()
    coverage = {
        (row["stage_id"], row["lane_id"]): CellCoverage(row["count"], row["emotion"])
        for row in touchpoints.values("stage_id", "lane_id").annotate(count=Count("pk"), emotion=Avg("emotion"))
    }
    pain_counts = {
        (row["stage_id"], row["cause"]): row["count"]
        for row in PainPoint.objects.filter(map=journey_map)
        .order_by()
        .values("stage_id", "cause")
        .annotate(count=Count("pk"))
    }
    kpis = {
        row["stage_id"]: {kpi.metric: row[kpi.metric] for kpi in KPIS}  # type: ignore[literal-required]
        for row in touchpoints.values("stage_id").annotate(**{kpi.metric: Avg(kpi.metric) for kpi in KPIS})
    }
    opportunities = list(
        journey_map.opportunities.only(
            "id", "map_id", "stage_id", "title", "action", "impact", "effort", "status", "action_owner", "due_date"
        ).order_by("-impact", "effort", "pk")
    )
    return MapAnalytics(
        map=journey_map,
        stages=list(journey_map.stages.order_by("position")),
        lanes=list(journey_map.lanes.select_related("channel").order_by("position")),
        coverage=coverage,
        pain_counts=pain_counts,
        opportunities=opportunities,
        kpis=kpis,
    )


@dataclass(frozen=True)
class StageComparison:
    """One stage of the to-be map, with the as-is emotion at the matching stage."""

    name: str
    as_is: float | None
    to_be: float | None

    @property
    def change(self) -> float | None:
        return None if self.as_is is None or self.to_be is None else self.to_be - self.as_is


@dataclass
class JourneyComparison:
    """The as-is and the to-be of one journey, side by side."""

    as_is: JourneyMap
    to_be: JourneyMap
    stages: list[StageComparison]
    pain_points: dict[str, int]
    resolved: list[str]
    added: list[str]
    opportunities: dict[str, tuple[int, int]]  # state: (done, all)

    @property
    def resolved_count(self) -> int:
        return len(self.resolved)


def journey_comparison(journey_map: JourneyMap, user) -> JourneyComparison | None:
    """The map beside the other state of its journey, if there is one the user may see. A
    pain point of the as-is map counts as resolved when the to-be map no longer has one of
    that title."""
    other = counterpart_of(journey_map, user)
    if other is None:
        return None
    as_is, to_be = (other, journey_map) if other.state == MapState.AS_IS else (journey_map, other)
    stages = list(to_be.stages.order_by("position"))
    own = {
        stage_id: value
        for stage_id, value in Touchpoint.objects.filter(map=to_be)
        .order_by()
        .values("stage_id")
        .annotate(value=Avg("emotion"))
        .values_list("stage_id", "value")
    }
    before = aligned_curve(as_is, stages, label="")
    titles = {
        state: sorted_by_name(PainPoint.objects.filter(map=state_map).values_list("title", flat=True))
        for state, state_map in (("as_is", as_is), ("to_be", to_be))
    }
    remaining = {title.casefold() for title in titles["to_be"]}
    known = {title.casefold() for title in titles["as_is"]}
    opportunities = {}
    for state, state_map in (("as_is", as_is), ("to_be", to_be)):
        counts = Opportunity.objects.filter(map=state_map).aggregate(
            done=Count("pk", filter=Q(status=OpportunityStatus.DONE)), all=Count("pk")
        )
        opportunities[state] = (counts["done"], counts["all"])
    return JourneyComparison(
        as_is=as_is,
        to_be=to_be,
        stages=[
            StageComparison(stage.name, point.value, own.get(stage.pk))
            for stage, point in zip(stages, before.points, strict=True)
        ],
        pain_points={state: len(found) for state, found in titles.items()},
        resolved=[title for title in titles["as_is"] if title.casefold() not in remaining],
        added=[title for title in titles["to_be"] if title.casefold() not in known],
        opportunities=opportunities,
    )
