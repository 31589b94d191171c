"""The map read once for the presentation and the report: the grid, cut into stages.

Both pages show the same things in a different order (a slide per stage, a printed section
per stage), so both draw from one `MapReport`, read in the grid's fixed number of queries.
"""

from dataclasses import dataclass
from statistics import fmean

from django.utils.functional import Promise

from charts.analytics import KPIS
from charts.emotion import SVG_STAGE_WIDTH
from maps.models import JourneyMap, Lane, Stage
from maps.selectors import EmotionCurve, Grid, StageColumn, map_grid
from touchpoints.models import EMOTION_FACES, Emotion, Opportunity, PainPoint, Touchpoint


@dataclass(frozen=True)
class KpiReading:
    """A stage's KPI: the average over its touchpoints that measure it, against the stage's target."""

    label: Promise
    value: float | None
    target: float | None

    @property
    def met(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.value >= self.target


@dataclass(frozen=True)
class LaneTouchpoints:
    lane: Lane
    touchpoints: list[Touchpoint]


@dataclass
class StageReport:
    """One stage with what happens in it: a slide of the presentation, a section of the report."""

    number: int
    column: StageColumn
    lanes: list[LaneTouchpoints]
    kpis: list[KpiReading]
    emotion: float | None

    @property
    def stage(self) -> Stage:
        return self.column.stage

    @property
    def pain_points(self) -> list[PainPoint]:
        return self.column.pain_points

    @property
    def opportunities(self) -> list[Opportunity]:
        return self.column.opportunities

    @property
    def touchpoint_count(self) -> int:
        return sum(len(lane.touchpoints) for lane in self.lanes)

    @property
    def measured_kpis(self) -> list[KpiReading]:
        """The KPIs with a value or a target: the others have nothing to say."""
        return [kpi for kpi in self.kpis if kpi.value is not None or kpi.target is not None]

    @property
    def highlight_x(self) -> str:
        """Where the stage's column starts on the small emotion curve (SVG units, '.' decimal)."""
        return str((self.number - 1) * SVG_STAGE_WIDTH)

    @property
    def highlight_width(self) -> str:
        return str(SVG_STAGE_WIDTH)

    @property
    def emotion_face(self) -> str:
        return "" if self.emotion is None else EMOTION_FACES[round(self.emotion)]

    @property
    def emotion_label(self) -> str:
        return "" if self.emotion is None else str(Emotion(round(self.emotion)).label)

    @property
    def has_notes(self) -> bool:
        stage = self.stage
        return any((stage.description, stage.customer_goal, stage.drivers, stage.barriers, stage.influence))


@dataclass(frozen=True)
class PlannedAction:
    """A row of the action plan: an opportunity, with the stage it belongs to."""

    opportunity: Opportunity
    stage: Stage


@dataclass
class MapReport:
    map: JourneyMap
    grid: Grid
    stages: list[StageReport]

    @property
    def personas(self) -> list:
        return self.grid.personas

    @property
    def emotion_curve(self) -> EmotionCurve:
        return self.grid.emotion_curves[0]

    @property
    def action_plan(self) -> list[PlannedAction]:
        """Every opportunity, the best value for the effort first (impact x ease), then by impact."""
        actions = [
            PlannedAction(opportunity, stage.stage) for stage in self.stages for opportunity in stage.opportunities
        ]
        return sorted(
            actions,
            key=lambda action: (-action.opportunity.priority_score, -action.opportunity.impact, action.opportunity.pk),
        )

    @property
    def has_kpis(self) -> bool:
        return any(stage.measured_kpis for stage in self.stages)

    @property
    def slide_count(self) -> int:
        """The overview, a slide per stage, and the action plan."""
        return len(self.stages) + 2


def map_report(journey_map: JourneyMap) -> MapReport:
    grid = map_grid(journey_map)
    everyone = grid.emotion_curves[0].points
    stages = [
        StageReport(
            number=index,
            column=column,
            lanes=[
                LaneTouchpoints(row.lane, row.cells[index - 1].touchpoints)
                for row in grid.rows
                if row.cells[index - 1].touchpoints
            ],
            kpis=stage_kpis(column.stage, [tp for row in grid.rows for tp in row.cells[index - 1].touchpoints]),
            emotion=everyone[index - 1].value,
        )
        for index, column in enumerate(grid.columns, 1)
    ]
    return MapReport(map=journey_map, grid=grid, stages=stages)


def stage_kpis(stage: Stage, touchpoints: list[Touchpoint]) -> list[KpiReading]:
    readings = []
    for kpi in KPIS:
        values = [value for touchpoint in touchpoints if (value := getattr(touchpoint, kpi.metric)) is not None]
        readings.append(KpiReading(kpi.label, fmean(values) if values else None, getattr(stage, kpi.target)))
    return readings
