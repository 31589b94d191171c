"""The figures of the analytics page, drawn from `MapAnalytics`: channel coverage, the
priority matrix of the opportunities, pain points by stage and KPIs by stage. Builders are
pure functions: analytics in, a `go.Figure` out, no queries."""

import math
from collections import defaultdict

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from plotly.subplots import make_subplots

from charts.analytics import KPIS, CellCoverage, MapAnalytics
from charts.hover_cards import HoverCards
from charts.labels import clipped, escaped, short_number
from charts.palette import ACCENT, ACCENT_SOFT, BORDER, DANGER, DANGER_SOFT, EMOTION_COLOURS, HOVER, MUTED, OK, TEXT
from charts.plotting import Marks, base_layout, empty_figure
from touchpoints.models import Opportunity, OpportunityStatus, PainCause, Quadrant

QUADRANT_COLOURS = {
    Quadrant.QUICK_WIN: OK,
    Quadrant.BIG_BET: ACCENT,
    Quadrant.FILL_IN: "#64748b",
    Quadrant.MONEY_PIT: DANGER,
}
CAUSE_COLOURS = {
    PainCause.PRODUCT: "#4f46e5",
    PainCause.SERVICE: "#db2777",
    PainCause.DELIVERY: "#0891b2",
    PainCause.PRICE: "#ca8a04",
    PainCause.INFORMATION: "#65a30d",
    PainCause.USABILITY: "#7c3aed",
    PainCause.OTHER: "#94a3b8",
}


def _stage_axis(analytics: MapAnalytics, width: int = 16) -> dict:
    return {
        "tickvals": list(range(len(analytics.stages))),
        "ticktext": [clipped(stage.name, width) for stage in analytics.stages],
        "range": [-0.5, len(analytics.stages) - 0.5],
        "showgrid": False,
        "zeroline": False,
        "ticks": "",
        "fixedrange": True,
    }


def _coverage_line(cell: CellCoverage) -> str:
    """What a cell of the heatmap holds, for its hover card."""
    if not cell.count or cell.average_emotion is None:
        return _("No touchpoint: a gap in the coverage")
    return ngettext(
        "%(count)s touchpoint, average emotion %(emotion)s",
        "%(count)s touchpoints, average emotion %(emotion)s",
        cell.count,
    ) % {"count": cell.count, "emotion": short_number(cell.average_emotion)}


def coverage_heatmap(analytics: MapAnalytics) -> go.Figure:
    """Stage x channel: how many touchpoints each cell has (empty cells are the coverage gaps),
    or their average emotion; a toggle switches between the two."""
    stages, lanes = analytics.stages, analytics.lanes
    if not stages or not lanes:
        return empty_figure(_("Add stages and lanes to the map to see its channel coverage."))
    cells = [[analytics.cell(stage, lane) for stage in stages] for lane in lanes]
    counts = [[cell.count for cell in row] for row in cells]
    emotions = [[cell.average_emotion for cell in row] for row in cells]
    hovertext = [
        [
            f"<b>{escaped(stage.name)}</b> · {escaped(lane.channel.display_name)}<br>{_coverage_line(cell)}"
            for stage, cell in zip(stages, row, strict=True)
        ]
        for lane, row in zip(lanes, cells, strict=True)
    ]
    most = max(max(row) for row in counts) or 1
    # Zero is its own colour (the gaps), then light to dark accent as the count grows.
    zero = 0.5 / most
    count_scale = [[0, DANGER_SOFT], [zero, DANGER_SOFT], [zero, ACCENT_SOFT], [1, ACCENT]]
    emotion_scale = [[(value + 2) / 4, colour] for value, colour in EMOTION_COLOURS.items()]
    common = {
        "type": "heatmap",
        "x": list(range(len(stages))),
        "y": list(range(len(lanes))),
        "hovertext": hovertext,
        "hovertemplate": HOVER,
        "xgap": 3,
        "ygap": 3,
    }
    colorbar = {"thickness": 12, "outlinewidth": 0, "len": 0.8}
    return go.Figure(
        data=[
            # Gaps say so by their colour; a "0" in every one of them would only be noise.
            {
                **common,
                "z": counts,
                "zmin": 0,
                "zmax": most,
                "colorscale": count_scale,
                "texttemplate": "%{text}",
                "text": [[str(count) if count else "" for count in row] for row in counts],
                "name": _("Touchpoints"),
                "colorbar": {**colorbar, "title": {"text": _("Touchpoints")}},
            },
            {
                **common,
                "z": emotions,
                "zmin": -2,
                "zmax": 2,
                "colorscale": emotion_scale,
                "texttemplate": "%{z:.1f}",
                "name": _("Average emotion"),
                "visible": False,
                "colorbar": {**colorbar, "title": {"text": _("Emotion")}},
            },
        ],
        layout=base_layout(
            height=150 + 40 * len(lanes),
            margin={"l": 170, "r": 24, "t": 56, "b": 70},
            plot_bgcolor="#f1f3f9",
            xaxis=_stage_axis(analytics),
            yaxis={
                "tickvals": list(range(len(lanes))),
                "ticktext": [clipped(f"{lane.channel.icon} {lane.channel.display_name}".strip(), 22) for lane in lanes],
                "autorange": "reversed",
                "showgrid": False,
                "zeroline": False,
                "ticks": "",
                "fixedrange": True,
            },
            updatemenus=[
                {
                    "type": "buttons",
                    "direction": "right",
                    "x": 0,
                    "xanchor": "left",
                    "y": 1.02,
                    "yanchor": "bottom",
                    "showactive": True,
                    "bgcolor": "#ffffff",
                    "bordercolor": BORDER,
                    "font": {"size": 12},
                    "buttons": [
                        {"label": _("Touchpoints"), "method": "restyle", "args": [{"visible": [True, False]}]},
                        {"label": _("Average emotion"), "method": "restyle", "args": [{"visible": [False, True]}]},
                    ],
                }
            ],
        ),
    )


def _spread(opportunities: list[Opportunity]) -> dict[int, tuple[float, float]]:
    """(effort, impact) for each opportunity, fanned out around its grid point so that the
    opportunities with the same scores do not hide each other."""
    by_score: dict[tuple[int, int], list[Opportunity]] = defaultdict(list)
    for opportunity in opportunities:
        by_score[opportunity.effort, opportunity.impact].append(opportunity)
    positions = {}
    for (effort, impact), group in by_score.items():
        for index, opportunity in enumerate(group):
            radius = 0 if len(group) == 1 else 0.34 * math.sqrt((index + 0.5) / len(group))
            angle = index * 2.39996  # the golden angle: an even spread for any count
            positions[opportunity.pk] = (effort + radius * math.cos(angle), impact + radius * math.sin(angle))
    return positions


# The scores run 1..5; the plot reaches past them so the quadrants' names sit clear of the points.
LOW, HIGH = 0.1, 5.9
# Done and dropped opportunities fade: what is left to do stands out.
CLOSED = {OpportunityStatus.DONE, OpportunityStatus.DROPPED}


def priority_matrix(analytics: MapAnalytics) -> go.Figure:
    """Impact against effort, in the four quadrants; each point links to its opportunity."""
    if not analytics.opportunities:
        return empty_figure(
            _("No opportunities yet. Add them under the stages of the grid to weigh impact against effort."), height=460
        )
    map_url = analytics.map.get_absolute_url()
    stage_names = {stage.pk: escaped(stage.name) for stage in analytics.stages}
    cards, stage_label = HoverCards(), _("Stage")
    positions = _spread(analytics.opportunities)
    by_quadrant: dict[Quadrant, Marks] = {quadrant: Marks() for quadrant in Quadrant}
    opacity: dict[Quadrant, list[float]] = defaultdict(list)
    for opportunity in analytics.opportunities:
        x, y = positions[opportunity.pk]
        card = f"{cards.opportunity(opportunity)}<br>{stage_label}: {stage_names[opportunity.stage_id]}"
        by_quadrant[opportunity.quadrant].add(x, y, hovertext=card, link=f"{map_url}#opportunity-{opportunity.pk}")
        opacity[opportunity.quadrant].append(0.45 if opportunity.status in CLOSED else 0.95)
    quadrants = [
        (Quadrant.QUICK_WIN, LOW, 2.5, 2.5, HIGH),
        (Quadrant.BIG_BET, 2.5, HIGH, 2.5, HIGH),
        (Quadrant.FILL_IN, LOW, 2.5, LOW, 2.5),
        (Quadrant.MONEY_PIT, 2.5, HIGH, LOW, 2.5),
    ]
    axis = {"range": [LOW, HIGH], "tickvals": [1, 2, 3, 4, 5], "showgrid": False, "zeroline": False, "fixedrange": True}
    return go.Figure(
        data=[
            by_quadrant[quadrant].trace(
                name=escaped(quadrant.label),
                meta="opportunities",
                mode="markers",
                marker={
                    "size": 13,
                    "color": QUADRANT_COLOURS[quadrant],
                    "opacity": opacity[quadrant],
                    "line": {"color": "#ffffff", "width": 1.5},
                },
            )
            for quadrant in Quadrant
        ],
        layout=base_layout(
            height=460,
            margin={"l": 64, "r": 24, "t": 24, "b": 90},
            xaxis={**axis, "title": {"text": _("Effort") + " →"}},
            yaxis={**axis, "title": {"text": _("Impact") + " →"}},
            legend={"orientation": "h", "x": 0, "y": -0.2},
            shapes=[
                {
                    "type": "rect",
                    "x0": x0,
                    "x1": x1,
                    "y0": y0,
                    "y1": y1,
                    "fillcolor": QUADRANT_COLOURS[quadrant],
                    "opacity": 0.06,
                    "line": {"width": 0},
                    "layer": "below",
                }
                for quadrant, x0, x1, y0, y1 in quadrants
            ],
            annotations=[
                {
                    "text": f"<b>{escaped(quadrant.label)}</b>",
                    "x": x1 - 0.05 if x0 > 1 else x0 + 0.05,
                    "y": y1 - 0.03 if y0 > 1 else y0 + 0.03,
                    "xanchor": "right" if x0 > 1 else "left",
                    "yanchor": "top" if y0 > 1 else "bottom",
                    "showarrow": False,
                    "font": {"size": 13, "color": QUADRANT_COLOURS[quadrant]},
                }
                for quadrant, x0, x1, y0, y1 in quadrants
            ],
        ),
    )


def pain_by_stage(analytics: MapAnalytics) -> go.Figure:
    """How many pain points each stage has, stacked by cause."""
    if not analytics.pain_counts:
        return empty_figure(
            _("No pain points yet. Add them under the stages of the grid to see where the journey hurts.")
        )
    x = list(range(len(analytics.stages)))
    most = max(
        sum(count for (stage_id, _cause), count in analytics.pain_counts.items() if stage_id == stage.pk)
        for stage in analytics.stages
    )
    data = []
    for cause in PainCause:
        counts = [analytics.pain_counts.get((stage.pk, cause.value), 0) for stage in analytics.stages]
        if not any(counts):
            continue
        data.append(
            {
                "type": "bar",
                "name": escaped(cause.label),
                "x": x,
                "y": counts,
                "marker": {"color": CAUSE_COLOURS[cause]},
                "hovertext": [
                    f"<b>{escaped(stage.name)}</b><br>{escaped(cause.label)}: {count}"
                    for stage, count in zip(analytics.stages, counts, strict=True)
                ],
                "hovertemplate": HOVER,
            }
        )
    return go.Figure(
        data=data,
        layout=base_layout(
            barmode="stack",
            height=380,
            margin={"l": 56, "r": 24, "t": 24, "b": 110},
            xaxis=_stage_axis(analytics),
            yaxis={
                "title": {"text": _("Pain points")},
                "gridcolor": "#eef0f5",
                "fixedrange": True,
                "rangemode": "tozero",
                "dtick": max(1, math.ceil(most / 6)),  # whole pain points only
            },
            legend={"orientation": "h", "x": 0, "y": -0.28},
        ),
    )


def kpis_by_stage(analytics: MapAnalytics) -> go.Figure:
    """CSAT, NPS, CRR and conversion of each stage: the average of its touchpoints where they
    were entered, against the stage's target."""
    stages = analytics.stages
    series = [
        (
            kpi,
            [analytics.kpis.get(stage.pk, {}).get(kpi.metric) for stage in stages],
            [getattr(stage, kpi.target) for stage in stages],
        )
        for kpi in KPIS
    ]
    if not any(value is not None for _kpi, averages, targets in series for value in averages + targets):
        return empty_figure(_("No KPIs yet. Enter CSAT, NPS, CRR or conversion on touchpoints, and targets on stages."))
    figure = make_subplots(
        rows=2, cols=2, subplot_titles=[str(kpi.label) for kpi in KPIS], vertical_spacing=0.26, horizontal_spacing=0.07
    )
    names = [escaped(stage.name) for stage in stages]
    x = list(range(len(stages)))
    target, missing = _("Target"), "—"
    for index, (kpi, averages, targets) in enumerate(series):
        row, col = index // 2 + 1, index % 2 + 1
        figure.add_trace(
            go.Bar(
                x=x,
                y=averages,
                name=_("Average of the touchpoints"),
                legendgroup="average",
                showlegend=index == 0,
                marker={"color": "#a5b4fc"},
                text=[short_number(value) if value is not None else "" for value in averages],
                textposition="outside",
                textfont={"size": 10, "color": MUTED},
                constraintext="none",
                cliponaxis=False,
                hovertext=[
                    f"<b>{name}</b><br>{kpi.label}: {short_number(value) if value is not None else missing}"
                    for name, value in zip(names, averages, strict=True)
                ],
                hovertemplate=HOVER,
            ),
            row=row,
            col=col,
        )
        figure.add_trace(
            go.Scatter(
                x=x,
                y=targets,
                name=_("Stage target"),
                legendgroup="target",
                showlegend=index == 0,
                mode="markers",
                marker={"symbol": "line-ew-open", "size": 26, "color": TEXT, "line": {"width": 3}},
                hovertext=[
                    f"<b>{name}</b><br>{target}: {short_number(value) if value is not None else missing}"
                    for name, value in zip(names, targets, strict=True)
                ],
                hovertemplate=HOVER,
            ),
            row=row,
            col=col,
        )
        figure.update_yaxes(range=[kpi.low, kpi.high * 1.1], gridcolor="#eef0f5", fixedrange=True, row=row, col=col)
        figure.update_xaxes(**_stage_axis(analytics, width=12), row=row, col=col)
    figure.update_layout(
        base_layout(
            height=680,
            margin={"l": 48, "r": 64, "t": 64, "b": 90},  # room on the right for the last stage's slanted name
            bargap=0.35,
            legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.06, "yanchor": "bottom"},
        )
    )
    figure.update_annotations(font={"size": 13, "color": TEXT})
    return figure
