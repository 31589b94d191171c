"""The swimlane: the map as a picture, drawn from the same `Grid` the HTML grid shows.

Stages run along x and one lane per channel along y; each touchpoint is a marker coloured
by emotion, with arrows to the touchpoints that follow, its pain points and opportunities
beside it, and the emotion curve along the stages below. The builder is a pure function:
a `Grid` in, a `go.Figure` out, no queries.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from charts.emotion import emotion_traces
from charts.hover_cards import HoverCards
from charts.labels import clipped, escaped, wrapped
from charts.palette import BAND, BORDER, DANGER, EMOTION_COLOURS, MUTED, TEXT
from charts.plotting import Marks, base_layout, empty_figure, note, rounded
from maps.selectors import Grid
from touchpoints.models import EMOTION_FACES, Emotion, Opportunity, PainPoint

PAIN_COLOUR = DANGER
OPPORTUNITY_COLOUR = "#eab308"

# Geometry, in pixels: the figure is as big as the map, and its page scrolls.
STAGE_PX = 145  # at least: eight stages fit a laptop screen, with labels of LABEL_WIDTH letters
ROW_PX = 30  # one touchpoint stacked in a cell
CURVE_PX = 170
GAP_PX = 44
MARGIN = {"l": 180, "r": 24, "t": 64, "b": 96}
LABEL_WIDTH = 18  # beside a marker
STAGE_LABEL_WIDTH = 18  # a stage's name over its column, beside its number: wrapped, never cut
TICK_LINE_PX = 16  # one line of a stage's name
LEGEND_GAP_PX = 36  # from the bottom of the curve to the legend, with a stage name of two lines
LANE_LABEL_WIDTH = 22  # in the left margin
BAND_PADDING = 0.4  # rows of air in each lane, shared above and below its touchpoints
# Where marks sit in a stage column, as fractions of its width and of a row: a touchpoint's
# pain points and opportunities are badges in the gutter left of its marker, the label right.
MARK_X, BADGE_X, BADGE_Y = 0.16, 0.05, 0.22


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


@dataclass
class _Layout:
    """The swimlane laid out: its bands from top to bottom, where each touchpoint sits, and
    the marks of each trace."""

    bands: list[_Band] = field(default_factory=list)
    positions: dict[int, tuple[float, float]] = field(default_factory=dict)
    by_emotion: dict[int, Marks] = field(default_factory=lambda: {value: Marks() for value in Emotion.values})
    pains: Marks = field(default_factory=Marks)
    opportunities: Marks = field(default_factory=Marks)

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
    stage_names = [wrapped(column.stage.name, STAGE_LABEL_WIDTH, lines=None) for column in grid.columns]
    stage_axis = {
        "range": [0, stage_count],
        "tickvals": centres,
        "ticktext": [f"<b>{number}</b> {name}" for number, name in enumerate(stage_names, 1)],
        "tickangle": 0,  # wrapped to the column's width instead of turned over the title and legend
        "showgrid": False,
        "zeroline": False,
        "ticks": "",
        "fixedrange": True,
        "tickfont": {"size": 12},
    }
    # Room above the lanes and below the curve for the longest name, two lines needing none more.
    extra_lines_px = TICK_LINE_PX * max(0, max(name.count("<br>") + 1 for name in stage_names) - 2)
    margin = {**MARGIN, "t": MARGIN["t"] + extra_lines_px, "b": MARGIN["b"] + extra_lines_px}
    empty = _("No touchpoints yet: add them in the grid and they appear here.")
    return go.Figure(
        data=[
            _connectors(grid, layout.positions),
            *_mark_traces(layout),
            *emotion_traces(grid.emotion_curves, centres),
            *(emotion_traces([grid.comparison], centres, compared=True) if grid.comparison else []),
        ],
        layout=base_layout(
            width=margin["l"] + margin["r"] + stage_count * STAGE_PX,
            height=round(margin["t"] + margin["b"] + plot_px),
            margin=margin,
            showlegend=True,
            legend={
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": -(LEGEND_GAP_PX + extra_lines_px) / plot_px,
                "yanchor": "top",
            },
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
            meta={"links": grid.map.get_absolute_url()},
            annotations=[] if layout.positions else [note(empty, y=1 - (lanes_px / plot_px) / 2)],
        ),
    )


def _lay_out(grid: Grid) -> _Layout:
    """One band per lane, as deep as its fullest cell, touchpoints stacked in their cells; then
    a band for the pain points and one for the opportunities that concern a whole stage."""
    # Points link to their item by its anchor alone; the figure names their page once (`meta`).
    stage_index = {column.stage.pk: index for index, column in enumerate(grid.columns)}
    drawn = {touchpoint.pk for touchpoint in grid.touchpoints}
    # Pain points and opportunities sit beside their touchpoint when it is drawn (a persona
    # filter may hide it); the others in a band of their own, under their stage.
    pains_at, stage_pains = _split(((c.stage.pk, p) for c in grid.columns for p in c.pain_points), drawn)
    opportunities_at, stage_opportunities = _split(
        ((c.stage.pk, o) for c in grid.columns for o in c.opportunities), drawn
    )
    cards = HoverCards()
    layout = _Layout()
    for row in grid.rows:
        channel = row.lane.channel
        label = clipped(f"{channel.icon} {channel.display_name}".strip(), LANE_LABEL_WIDTH)
        band = layout.add_band(label, max(len(cell.touchpoints) for cell in row.cells), channel.colour)
        for cell in row.cells:
            for index, touchpoint in enumerate(cell.touchpoints):
                x, y = stage_index[cell.stage.pk] + MARK_X, band.slot(index)
                layout.positions[touchpoint.pk] = (x, y)
                title = (
                    clipped(touchpoint.title, LABEL_WIDTH - 3) + " ◎"
                    if touchpoint.is_micro_conversion
                    else clipped(touchpoint.title, LABEL_WIDTH)
                )
                layout.by_emotion[touchpoint.emotion].add(
                    x,
                    y,
                    text=title,
                    parts=cards.touchpoint_parts(touchpoint, cell.stage.name, channel.display_name),
                    link=f"#touchpoint-{touchpoint.pk}",
                )
                badge_x = x - MARK_X + BADGE_X
                if items := pains_at.get(touchpoint.pk):
                    hovertext = cards.several(items, cards.pain_point)
                    layout.pains.add(badge_x, y - BADGE_Y, hovertext=hovertext, link=f"#pain-point-{items[0].pk}")
                if items := opportunities_at.get(touchpoint.pk):
                    hovertext = cards.several(items, cards.opportunity)
                    link = f"#opportunity-{items[0].pk}"
                    layout.opportunities.add(badge_x, y + BADGE_Y, hovertext=hovertext, link=link)

    for label, by_stage, marks, card, anchor in (
        ("⚠ " + _("Pain points"), stage_pains, layout.pains, cards.pain_point, "pain-point"),
        ("💡 " + _("Opportunities"), stage_opportunities, layout.opportunities, cards.opportunity, "opportunity"),
    ):
        if not by_stage:
            continue
        band = layout.add_band(escaped(label), max(map(len, by_stage.values())))
        for stage_id, items in by_stage.items():
            for index, item in enumerate(items):
                marks.add(
                    stage_index[stage_id] + MARK_X,
                    band.slot(index),
                    text=clipped(item.title, LABEL_WIDTH),
                    hovertext=card(item),
                    link=f"#{anchor}-{item.pk}",
                )
    return layout


def _mark_traces(layout: _Layout) -> list[dict]:
    """The touchpoints, one trace per emotion (so the legend explains the colours), then the
    pain points and the opportunities."""
    cards = HoverCards()
    return [
        *(
            layout.by_emotion[value].trace(
                name=f"{EMOTION_FACES[value]} {escaped(label)}",
                meta="touchpoints",
                hovertemplate=cards.touchpoint_template(value),
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
        for following in touchpoint.following:
            if following in positions:
                (x0, y0), (x1, y1) = positions[touchpoint.pk], positions[following]
                bend = _bend(x0, y0, x1, y1)
                # A straight connector needs no middle point: its spline is the same line.
                middle = [bend] if bend != ((x0 + x1) / 2, (y0 + y1) / 2) else []
                points = [(x0, y0), *middle, (x1, y1)]
                x += [rounded(point[0]) for point in points] + [None]
                y += [rounded(point[1]) for point in points] + [None]
                sizes += [0] * (len(points) - 1) + [9, 0]
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
