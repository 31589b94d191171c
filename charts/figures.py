"""Plotly figures of a journey map, built on the server from the selectors' output.

The swimlane draws the same `Grid` the HTML grid shows; the analytics charts draw
`MapAnalytics`. Builders are pure functions: data in, a `go.Figure` out, no queries.

Plotly renders a subset of HTML in text, hover cards, tick labels and annotations,
so every user-written string goes through `_text()`, `_clip()` or `_wrap()`, which
escape it, before it reaches a figure.

Each kind of mark is one trace holding lists (all very negative touchpoints, all
pain points, every connector...), so a map of a thousand touchpoints is still a
dozen traces and a small JSON document.
"""

import html
import math
import textwrap
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import plotly.graph_objects as go
import plotly.io as pio
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from plotly.subplots import make_subplots

from charts.analytics import KPIS, MapAnalytics
from maps.selectors import Grid
from touchpoints.models import (
    EMOTION_FACES,
    Emotion,
    Opportunity,
    OpportunityStatus,
    PainCause,
    PainPoint,
    Quadrant,
    Severity,
    Touchpoint,
)

# The palette of static/css/app.css, so that the pictures sit calmly in the pages.
ACCENT = "#4f46e5"
TEXT = "#1c2333"
MUTED = "#667085"
BORDER = "#e2e6ef"
BAND = "#f6f7fb"
DANGER = "#c2410c"
DANGER_SOFT = "#fff1e8"
OK = "#047857"
ACCENT_SOFT = "#eef0ff"
FONT = 'system-ui, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'
EMOTION_COLOURS = {-2: "#dc2626", -1: "#f97316", 0: "#94a3b8", 1: "#65a30d", 2: "#16a34a"}
CURVE_STYLES = [(ACCENT, "solid"), ("#db2777", "dash"), ("#0891b2", "dot"), ("#ca8a04", "dashdot")]
PAIN_COLOUR = DANGER
OPPORTUNITY_COLOUR = "#eab308"
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

# Swimlane geometry, in pixels: the figure is as big as the map, and its page scrolls.
STAGE_PX = 145  # at least: eight stages fit a laptop screen, with labels of LABEL_WIDTH letters
ROW_PX = 30  # one touchpoint stacked in a cell
CURVE_PX = 170
GAP_PX = 44
MARGIN = {"l": 180, "r": 24, "t": 64, "b": 96}
LABEL_WIDTH = 18  # beside a marker
LANE_LABEL_WIDTH = 22  # in the left margin
BAND_PADDING = 0.4  # rows of air in each lane, shared above and below its touchpoints
# Where marks sit in a stage column, as fractions of its width and of a row: a touchpoint's
# pain points and opportunities are badges in the gutter left of its marker, the label right.
MARK_X, BADGE_X, BADGE_Y = 0.16, 0.05, 0.22

HOVER = "%{hovertext}<extra></extra>"


def _text(value: object) -> str:
    return html.escape(str(value), quote=False)


def _letters(char: str) -> int:
    """How many Latin letters of width a character takes: CJK characters take two."""
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _clip(value: str, width: int) -> str:
    """`value` on one line, cut to about `width` Latin letters, escaped."""
    value = " ".join(value.split())
    used = 0
    for index, char in enumerate(value):
        used += _letters(char)
        if used > width:
            return _text(value[:index].rstrip() + "…")
    return _text(value)


def _wrap(value: str, width: int = 60, lines: int = 4) -> str:
    """`value` broken into at most `lines` hover-card lines, escaped."""
    if len(value) <= width and "\n" not in value:
        return _text(value)
    parts = [line for paragraph in value.splitlines() for line in textwrap.wrap(paragraph, width)]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] += " …"
    return "<br>".join(_text(part) for part in parts)


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": FONT, "size": 12, "color": TEXT},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {
            "bgcolor": "#ffffff",
            "bordercolor": BORDER,
            "font": {"family": FONT, "size": 12, "color": TEXT},
            "align": "left",
        },
        "legend": {"font": {"size": 12}, "bgcolor": "rgba(255,255,255,0)"},
        "colorway": [ACCENT, "#db2777", "#0891b2", "#ca8a04", "#65a30d", "#7c3aed"],
    }
)


def _layout(**layout) -> dict:
    return {"template": TEMPLATE, "hovermode": "closest", **layout}


def empty_figure(message: str, *, height: int = 320) -> go.Figure:
    """A figure that says what to do instead of drawing nothing."""
    return go.Figure(
        layout=_layout(
            height=height,
            xaxis={"visible": False},
            yaxis={"visible": False},
            margin={"l": 24, "r": 24, "t": 24, "b": 24},
            annotations=[_note(message)],
        )
    )


def _note(message: str, **position) -> dict:
    return {
        "text": _text(message),
        "xref": "paper",
        "yref": "paper",
        "x": 0.5,
        "y": 0.5,
        "showarrow": False,
        "font": {"size": 15, "color": MUTED},
        **position,
    }


def with_title(figure: go.Figure, title: str) -> go.Figure:
    """The figure with `title` on top, for a picture that leaves the app."""
    extra = 48
    figure.update_layout(
        title={
            "text": _text(title),
            "font": {"size": 20},
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"l": 24, "t": 18},
        },
        margin={"t": (figure.layout.margin.t or 0) + extra},
        height=(figure.layout.height or 500) + extra,
    )
    return figure


def figure_json(figure: go.Figure) -> str:
    return pio.to_json(figure, validate=False)


def figures_json(figures: dict[str, go.Figure]) -> str:
    """Several figures in one document, keyed by the id of the element that draws each."""
    return "{" + ",".join(f'"{key}":{figure_json(figure)}' for key, figure in figures.items()) + "}"


# The swimlane ---------------------------------------------------------------------------


@dataclass
class _Band:
    """One row of the swimlane: a lane, or the row of a stage's own pain points or opportunities."""

    label: str
    top: float
    height: float
    colour: str | None = None

    @property
    def centre(self) -> float:
        return self.top + self.height / 2

    def slot(self, index: int) -> float:
        """The y of the `index`-th item stacked in one of this band's cells."""
        return self.top + BAND_PADDING / 2 + index + 0.5


class _Marks:
    """The points of one trace, collected as lists."""

    def __init__(self) -> None:
        self.x: list[float] = []
        self.y: list[float] = []
        self.text: list[str] = []
        self.hovertext: list[str] = []
        self.customdata: list[str] = []

    def add(self, x: float, y: float, *, text: str = "", hovertext: str, link: str) -> None:
        self.x.append(x)
        self.y.append(y)
        self.text.append(text)
        self.hovertext.append(hovertext)
        self.customdata.append(link)

    def trace(self, **trace) -> dict:
        return {
            "type": "scatter",
            "x": self.x,
            "y": self.y,
            "text": self.text,
            "hovertext": self.hovertext,
            "customdata": self.customdata,
            "hovertemplate": HOVER,
            "textposition": "middle right",
            "cliponaxis": False,
            **trace,
        }


@dataclass
class _Layout:
    """The swimlane laid out: its bands from top to bottom, where each touchpoint sits, and
    the marks of each trace."""

    bands: list[_Band] = field(default_factory=list)
    positions: dict[int, tuple[float, float]] = field(default_factory=dict)
    by_emotion: dict[int, _Marks] = field(default_factory=lambda: {value: _Marks() for value in Emotion.values})
    pains: _Marks = field(default_factory=_Marks)
    opportunities: _Marks = field(default_factory=_Marks)

    @property
    def bottom(self) -> float:
        return self.bands[-1].top + self.bands[-1].height if self.bands else 0.0

    def add_band(self, label: str, depth: int, colour: str | None = None) -> _Band:
        band = _Band(label, self.bottom, max(depth, 1) + BAND_PADDING, colour)
        self.bands.append(band)
        return band


def swimlane_figure(grid: Grid) -> go.Figure:
    """The map as a picture: stages along x, one lane per channel along y, each touchpoint a
    marker coloured by emotion, arrows to the touchpoints that follow, pain points and
    opportunities beside what they concern, and the emotion curve along the stages below."""
    if not grid.columns:
        return empty_figure(_("No stages yet. Add the stages of the journey in the grid, then the channels as lanes."))
    if not grid.rows:
        return empty_figure(
            _("No lanes yet. Add a channel as a lane in the grid, then place touchpoints in its cells.")
        )
    layout = _lay_out(grid)
    stage_count = len(grid.columns)
    lanes_px = layout.bottom * ROW_PX
    plot_px = lanes_px + GAP_PX + CURVE_PX
    curve_share = CURVE_PX / plot_px
    centres = [index + 0.5 for index in range(stage_count)]
    stage_axis = {
        "range": [0, stage_count],
        "tickvals": centres,
        "ticktext": [f"<b>{n}</b> {_wrap(c.stage.name, 24, lines=2)}" for n, c in enumerate(grid.columns, 1)],
        "showgrid": False,
        "zeroline": False,
        "ticks": "",
        "fixedrange": True,
        "tickfont": {"size": 12},
    }
    empty = _("No touchpoints yet: add them in the grid and they appear here.")
    return go.Figure(
        data=[_connectors(grid, layout.positions), *_mark_traces(layout), *_emotion_curves(grid, centres)],
        layout=_layout(
            width=MARGIN["l"] + MARGIN["r"] + stage_count * STAGE_PX,
            height=round(MARGIN["t"] + MARGIN["b"] + plot_px),
            margin=MARGIN,
            showlegend=True,
            legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -36 / plot_px, "yanchor": "top"},
            xaxis={**stage_axis, "side": "top", "anchor": "y"},
            yaxis={
                "domain": [curve_share + GAP_PX / plot_px, 1],
                "range": [layout.bottom, 0],
                "tickvals": [band.centre for band in layout.bands],
                "ticktext": [band.label for band in layout.bands],
                "showgrid": False,
                "zeroline": False,
                "ticks": "",
                "ticklabelstandoff": 12,  # room for the lane's colour stripe
                "fixedrange": True,
                "tickfont": {"size": 12},
            },
            xaxis2={**stage_axis, "anchor": "y2", "matches": "x", "tickfont": {"size": 11, "color": MUTED}},
            yaxis2={
                "domain": [0, curve_share],
                "range": [-2.6, 2.6],
                "tickvals": list(EMOTION_FACES),
                "ticktext": [f"{face} {value:+d}" if value else f"{face} 0" for value, face in EMOTION_FACES.items()],
                "title": {"text": _("Emotion"), "font": {"size": 12, "color": MUTED}},
                "gridcolor": "#eef0f5",
                "zeroline": True,
                "zerolinecolor": "#cfd5e2",
                "fixedrange": True,
            },
            shapes=_shapes(layout, stage_count),
            annotations=[] if layout.positions else [_note(empty, y=1 - (lanes_px / plot_px) / 2)],
        ),
    )


def _lay_out(grid: Grid) -> _Layout:
    """One band per lane, as deep as its fullest cell, touchpoints stacked in their cells; then
    a band for the pain points and one for the opportunities that concern a whole stage."""
    map_url = grid.map.get_absolute_url()
    stage_index = {column.stage.pk: index for index, column in enumerate(grid.columns)}
    drawn = {touchpoint.pk for touchpoint in grid.touchpoints}
    # Pain points and opportunities sit beside their touchpoint when it is drawn (a persona
    # filter may hide it); the others in a band of their own, under their stage.
    pains_at, stage_pains = _split(((c.stage.pk, p) for c in grid.columns for p in c.pain_points), drawn)
    opportunities_at, stage_opportunities = _split(
        ((c.stage.pk, o) for c in grid.columns for o in c.opportunities), drawn
    )
    cards = _Cards()
    layout = _Layout()
    for row in grid.rows:
        channel = row.lane.channel
        label = _clip(f"{channel.icon} {channel.name}".strip(), LANE_LABEL_WIDTH)
        band = layout.add_band(label, max(len(cell.touchpoints) for cell in row.cells), channel.colour)
        for cell in row.cells:
            for index, touchpoint in enumerate(cell.touchpoints):
                x, y = stage_index[cell.stage.pk] + MARK_X, band.slot(index)
                layout.positions[touchpoint.pk] = (x, y)
                title = (
                    _clip(touchpoint.title, LABEL_WIDTH - 3) + " ◎"
                    if touchpoint.is_micro_conversion
                    else _clip(touchpoint.title, LABEL_WIDTH)
                )
                layout.by_emotion[touchpoint.emotion].add(
                    x,
                    y,
                    text=title,
                    hovertext=cards.touchpoint(touchpoint, cell.stage.name, channel.name),
                    link=f"{map_url}#touchpoint-{touchpoint.pk}",
                )
                badge_x = x - MARK_X + BADGE_X
                if items := pains_at.get(touchpoint.pk):
                    hovertext = cards.several(items, cards.pain_point)
                    layout.pains.add(
                        badge_x, y - BADGE_Y, hovertext=hovertext, link=f"{map_url}#pain-point-{items[0].pk}"
                    )
                if items := opportunities_at.get(touchpoint.pk):
                    hovertext = cards.several(items, cards.opportunity)
                    link = f"{map_url}#opportunity-{items[0].pk}"
                    layout.opportunities.add(badge_x, y + BADGE_Y, hovertext=hovertext, link=link)

    for label, by_stage, marks, card, anchor in (
        ("⚠ " + _("Pain points"), stage_pains, layout.pains, cards.pain_point, "pain-point"),
        ("💡 " + _("Opportunities"), stage_opportunities, layout.opportunities, cards.opportunity, "opportunity"),
    ):
        if not by_stage:
            continue
        band = layout.add_band(_text(label), max(map(len, by_stage.values())))
        for stage_id, items in by_stage.items():
            for index, item in enumerate(items):
                marks.add(
                    stage_index[stage_id] + MARK_X,
                    band.slot(index),
                    text=_clip(item.title, LABEL_WIDTH),
                    hovertext=card(item),
                    link=f"{map_url}#{anchor}-{item.pk}",
                )
    return layout


def _mark_traces(layout: _Layout) -> list[dict]:
    """The touchpoints, one trace per emotion (so the legend explains the colours), then the
    pain points and the opportunities."""
    return [
        *(
            layout.by_emotion[value].trace(
                name=f"{EMOTION_FACES[value]} {_text(label)}",
                meta="touchpoints",
                mode="markers+text",
                marker={"size": 13, "color": EMOTION_COLOURS[value], "line": {"color": "#ffffff", "width": 1.5}},
                textfont={"size": 11, "color": TEXT},
            )
            for value, label in Emotion.choices
        ),
        layout.pains.trace(
            name=_("Pain point"),
            meta="pain-points",
            mode="markers+text",
            marker={
                "symbol": "triangle-up",
                "size": 11,
                "color": PAIN_COLOUR,
                "line": {"color": "#ffffff", "width": 1},
            },
            textfont={"size": 11, "color": DANGER},
        ),
        layout.opportunities.trace(
            name=_("Opportunity"),
            meta="opportunities",
            mode="markers+text",
            marker={
                "symbol": "star",
                "size": 12,
                "color": OPPORTUNITY_COLOUR,
                "line": {"color": "#854d0e", "width": 1},
            },
            textfont={"size": 11, "color": "#854d0e"},
        ),
    ]


def _shapes(layout: _Layout, stage_count: int) -> list[dict]:
    """Every other stage shaded, a rule between bands, and each lane's channel colour."""
    shaded = [
        {"type": "rect", "xref": "x", "yref": f"{axis} domain", "x0": index, "x1": index + 1, "y0": 0, "y1": 1,
         "fillcolor": BAND, "line": {"width": 0}, "layer": "below"}
        for index in range(0, stage_count, 2)
        for axis in ("y", "y2")
    ]  # fmt: skip
    rules = [
        {"type": "line", "xref": "x domain", "yref": "y", "x0": 0, "x1": 1, "y0": band.top, "y1": band.top,
         "line": {"color": BORDER, "width": 1}, "layer": "below"}
        for band in layout.bands[1:]
    ]  # fmt: skip
    stripes = [
        {"type": "rect", "xref": "x domain", "xsizemode": "pixel", "xanchor": 0, "x0": -8, "x1": -4, "yref": "y",
         "y0": band.top + 0.15, "y1": band.top + band.height - 0.15, "fillcolor": band.colour, "line": {"width": 0}}
        for band in layout.bands
        if band.colour
    ]  # fmt: skip
    return shaded + rules + stripes


def _split(items: Iterable[tuple[int, PainPoint | Opportunity]], drawn: set[int]) -> tuple[dict, dict]:
    """Items by the touchpoint they sit beside, and the rest by their stage."""
    at_touchpoint: dict[int, list] = defaultdict(list)
    at_stage: dict[int, list] = defaultdict(list)
    for stage_id, item in items:
        if item.touchpoint_id in drawn:
            at_touchpoint[item.touchpoint_id].append(item)
        else:
            at_stage[stage_id].append(item)
    return at_touchpoint, at_stage


def _connectors(grid: Grid, positions: dict[int, tuple[float, float]]) -> dict:
    """Every touchpoint -> next touchpoint link as one trace of arrows: the omnichannel path."""
    x: list[float | None] = []
    y: list[float | None] = []
    sizes: list[int] = []
    for touchpoint in grid.touchpoints:
        for following in touchpoint.next_touchpoints.all():
            if following.pk in positions:
                (x0, y0), (x1, y1) = positions[touchpoint.pk], positions[following.pk]
                bend_x, bend_y = _bend(x0, y0, x1, y1)
                x += [x0, bend_x, x1, None]
                y += [y0, bend_y, y1, None]
                sizes += [0, 0, 9, 0]
    return {
        "type": "scatter",
        "name": _("Next step"),
        "meta": "connectors",
        "x": x,
        "y": y,
        "mode": "lines+markers",
        "line": {"color": "rgba(79, 70, 229, 0.35)", "width": 1.4, "shape": "spline", "smoothing": 1},
        "marker": {
            "symbol": "arrow",
            "angleref": "previous",
            "standoff": 7,
            "size": sizes,
            "color": "rgba(79, 70, 229, 0.6)",
        },
        "hoverinfo": "skip",
        "connectgaps": False,
    }


def _bend(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float]:
    """The middle point of a connector. A straight line along a row would strike through the
    labels there, and one down a column through the markers between its ends, so those two
    bow out: under the row, or left of the column."""
    x, y = (x0 + x1) / 2, (y0 + y1) / 2
    if abs(y1 - y0) < 0.5:
        return x, y + 0.5
    if abs(x1 - x0) < 0.01:
        return x - 0.07, y
    return x, y


def _emotion_curves(grid: Grid, centres: list[float]) -> list[dict]:
    traces = []
    for index, curve in enumerate(grid.emotion_curves):
        colour, dash = CURVE_STYLES[index % len(CURVE_STYLES)]
        name = _text(curve.persona.name) if curve.persona else _("All personas")
        values = [point.value for point in curve.points]
        first = index == 0
        traces.append(
            {
                "type": "scatter",
                "name": name,
                "meta": "emotion-curve",
                "xaxis": "x2",
                "yaxis": "y2",
                "x": centres,
                "y": values,
                "mode": "lines+markers+text" if first else "lines+markers",
                "text": [_number(value) if value is not None else "" for value in values] if first else None,
                "textposition": "top center",
                "textfont": {"size": 11, "color": colour},
                "line": {
                    "color": colour,
                    "dash": dash,
                    "width": 3 if first else 2,
                    "shape": "spline",
                    "smoothing": 0.6,
                },
                "marker": {"size": 7 if first else 5, "color": colour},
                "connectgaps": True,
                "hovertext": [
                    f"<b>{name}</b><br>{_text(point.stage.name)}: {_number(point.value)}"
                    if point.value is not None
                    else ""
                    for point in curve.points
                ],
                "hovertemplate": HOVER,
                "cliponaxis": False,
            }
        )
    return traces


class _Cards:
    """Hover cards. The words are translated once per figure, not once per card: on a map of
    a thousand touchpoints, translation lookups would otherwise cost more than the figure."""

    def __init__(self) -> None:
        self.emotions = {value: _text(label) for value, label in Emotion.choices}
        self.severities = {value: _text(label) for value, label in Severity.choices}
        self.causes = {value: _text(label) for value, label in PainCause.choices}
        self.statuses = {value: _text(label) for value, label in OpportunityStatus.choices}
        self.quadrants = {value: _text(label) for value, label in Quadrant.choices}
        self.customer_action = _("Customer action")
        self.expectation = _("Meets expectations: %(score)s/5")
        self.persona = _("Persona")
        self.every_persona = _("every persona")
        self.micro_conversion = "◎ " + _("Micro-conversion")
        self.scores = _("impact %(impact)s/5 · effort %(effort)s/5")
        self.more = _("and %(count)s more")
        self.metrics = (
            (_("CSAT"), "csat", "%"),
            (_("NPS"), "nps", ""),
            (_("CRR"), "crr", "%"),
            (_("Conversion"), "conversion_rate", "%"),
        )

    def touchpoint(self, touchpoint: Touchpoint, stage: str, channel: str) -> str:
        lines = [
            f"<b>{_text(touchpoint.title)}</b>",
            f"{_text(stage)} · {_text(channel)}",
            f"{EMOTION_FACES[touchpoint.emotion]} {self.emotions[touchpoint.emotion]}",
        ]
        if touchpoint.description:
            lines.append(_wrap(touchpoint.description))
        if touchpoint.customer_action:
            lines.append(f"<i>{self.customer_action}:</i> {_wrap(touchpoint.customer_action, lines=2)}")
        metrics = [
            f"{label} {_number(value)}{unit}"
            for label, field, unit in self.metrics
            if (value := getattr(touchpoint, field)) is not None
        ]
        if metrics:
            lines.append(" · ".join(metrics))
        if touchpoint.expectation:
            lines.append(self.expectation % {"score": touchpoint.expectation})
        persona = _text(touchpoint.persona.name) if touchpoint.persona else self.every_persona
        lines.append(f"{self.persona}: {persona}")
        if touchpoint.is_micro_conversion:
            lines.append(self.micro_conversion)
        return "<br>".join(lines)

    def pain_point(self, pain_point: PainPoint) -> str:
        lines = [
            f"<b>⚠ {_text(pain_point.title)}</b>",
            f"{self.severities[pain_point.severity]} · {self.causes[pain_point.cause]}",
        ]
        if pain_point.description:
            lines.append(_wrap(pain_point.description, lines=3))
        return "<br>".join(lines)

    def opportunity(self, opportunity: Opportunity) -> str:
        scores = self.scores % {"impact": opportunity.impact, "effort": opportunity.effort}
        plan = [self.statuses[opportunity.status]]
        if opportunity.action_owner:
            plan.append(_text(opportunity.action_owner))
        if opportunity.due_date:
            plan.append(f"{opportunity.due_date:%Y-%m-%d}")
        lines = [
            f"<b>💡 {_text(opportunity.title)}</b>",
            f"{self.quadrants[opportunity.quadrant]} · {scores}",
            " · ".join(plan),
        ]
        if opportunity.action:
            lines.append(_wrap(opportunity.action, lines=3))
        return "<br>".join(lines)

    def several(self, items: list, card, limit: int = 4) -> str:
        """The hover card of several pain points (or opportunities) on one touchpoint."""
        cards = [card(item) for item in items[:limit]]
        if len(items) > limit:
            cards.append(self.more % {"count": len(items) - limit})
        return "<br><br>".join(cards)


# Analytics ------------------------------------------------------------------------------


def _stage_axis(analytics: MapAnalytics, width: int = 16) -> dict:
    return {
        "tickvals": list(range(len(analytics.stages))),
        "ticktext": [_clip(stage.name, width) for stage in analytics.stages],
        "range": [-0.5, len(analytics.stages) - 0.5],
        "showgrid": False,
        "zeroline": False,
        "ticks": "",
        "fixedrange": True,
    }


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
            f"<b>{_text(stage.name)}</b> · {_text(lane.channel.name)}<br>"
            + (
                ngettext(
                    "%(count)s touchpoint, average emotion %(emotion)s",
                    "%(count)s touchpoints, average emotion %(emotion)s",
                    cell.count,
                )
                % {"count": cell.count, "emotion": _number(cell.average_emotion)}
                if cell.count
                else _("No touchpoint: a gap in the coverage")
            )
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
        layout=_layout(
            height=150 + 40 * len(lanes),
            margin={"l": 170, "r": 24, "t": 56, "b": 70},
            plot_bgcolor="#f1f3f9",
            xaxis=_stage_axis(analytics),
            yaxis={
                "tickvals": list(range(len(lanes))),
                "ticktext": [_clip(f"{lane.channel.icon} {lane.channel.name}".strip(), 22) for lane in lanes],
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
    stage_names = {stage.pk: _text(stage.name) for stage in analytics.stages}
    cards, stage_label = _Cards(), _("Stage")
    positions = _spread(analytics.opportunities)
    by_quadrant: dict[Quadrant, _Marks] = {quadrant: _Marks() for quadrant in Quadrant}
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
                name=_text(quadrant.label),
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
        layout=_layout(
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
                    "text": f"<b>{_text(quadrant.label)}</b>",
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
                "name": _text(cause.label),
                "x": x,
                "y": counts,
                "marker": {"color": CAUSE_COLOURS[cause]},
                "hovertext": [
                    f"<b>{_text(stage.name)}</b><br>{_text(cause.label)}: {count}"
                    for stage, count in zip(analytics.stages, counts, strict=True)
                ],
                "hovertemplate": HOVER,
            }
        )
    return go.Figure(
        data=data,
        layout=_layout(
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
    names = [_text(stage.name) for stage in stages]
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
                text=[_number(value) if value is not None else "" for value in averages],
                textposition="outside",
                textfont={"size": 10, "color": MUTED},
                constraintext="none",
                cliponaxis=False,
                hovertext=[
                    f"<b>{name}</b><br>{kpi.label}: {_number(value) if value is not None else missing}"
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
                    f"<b>{name}</b><br>{target}: {_number(value) if value is not None else missing}"
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
        _layout(
            height=680,
            margin={"l": 48, "r": 64, "t": 64, "b": 90},  # room on the right for the last stage's slanted name
            bargap=0.35,
            legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.06, "yanchor": "bottom"},
        )
    )
    figure.update_annotations(font={"size": 13, "color": TEXT})
    return figure
