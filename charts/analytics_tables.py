"""The analytics page's figures as tables, drawn from the same `MapAnalytics`: what a browser
without scripts shows in place of the Plotly charts. Pure functions, no queries."""

from dataclasses import dataclass

from django.utils.functional import Promise

from charts.analytics import KPIS, CellCoverage, MapAnalytics
from maps.models import Lane
from touchpoints.models import PainCause


@dataclass(frozen=True)
class CoverageRow:
    lane: Lane
    cells: list[CellCoverage]


@dataclass(frozen=True)
class PainRow:
    cause: Promise
    counts: list[int]


@dataclass(frozen=True)
class KpiCell:
    average: float | None
    target: float | None


@dataclass(frozen=True)
class KpiRow:
    label: Promise
    cells: list[KpiCell]


@dataclass(frozen=True)
class AnalyticsTables:
    coverage: list[CoverageRow]
    pain: list[PainRow]
    pain_totals: list[int]
    kpis: list[KpiRow]


def analytics_tables(analytics: MapAnalytics) -> AnalyticsTables:
    """Stages are the columns of every table, as they are the x axis of every figure. Causes
    and KPIs with nothing to show are left out, as the figures leave out their traces."""
    stages = analytics.stages
    pain = [
        PainRow(cause.label, counts)
        for cause in PainCause
        if any(counts := [analytics.pain_counts.get((stage.pk, cause.value), 0) for stage in stages])
    ]
    kpis = [
        KpiRow(
            kpi.label,
            [KpiCell(analytics.kpis.get(stage.pk, {}).get(kpi.metric), getattr(stage, kpi.target)) for stage in stages],
        )
        for kpi in KPIS
    ]
    return AnalyticsTables(
        coverage=[CoverageRow(lane, [analytics.cell(stage, lane) for stage in stages]) for lane in analytics.lanes],
        pain=pain,
        pain_totals=[sum(row.counts[index] for row in pain) for index in range(len(stages))],
        kpis=[row for row in kpis if any(cell.average is not None or cell.target is not None for cell in row.cells)],
    )
