"""The reads behind a map's analytics page: aggregates done by the database, in a fixed
number of queries whatever the size of the map."""

from dataclasses import dataclass

from django.db.models import Avg, Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from maps.models import JourneyMap, Lane, Stage
from touchpoints.models import Opportunity, PainPoint, Touchpoint


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
