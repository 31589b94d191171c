"""The emotion curve, wherever it is drawn: the Plotly traces under the swimlane, and the
SVG of the map page's emotion row. Both draw the `EmotionCurve`s the selectors read.

Numbers written into SVG attributes are formatted here, with a '.' decimal, and reach
the template as text: the template's own output of a number follows the active
language, and a Russian "112,5" is not a coordinate.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from charts.labels import escaped, short_number
from charts.palette import ACCENT, HOVER
from maps.selectors import EmotionCurve

# One line style per curve: everyone first, then each persona.
CURVE_STYLES = [(ACCENT, "solid"), ("#db2777", "dash"), ("#0891b2", "dot"), ("#ca8a04", "dashdot")]
COMPARED_STYLE = ("#64748b", "longdash")


def emotion_traces(curves: list[EmotionCurve], centres: list[float], *, compared: bool = False) -> list[dict]:
    """The curves as Plotly traces on the swimlane's second axes, a point at each stage's
    centre; the first (everyone's) is the boldest and shows its values. `compared` curves
    (the other state of the journey) are grey and dashed, under the map's own."""
    traces = []
    for index, curve in enumerate(curves):
        colour, dash = COMPARED_STYLE if compared else CURVE_STYLES[index % len(CURVE_STYLES)]
        name = (
            escaped(curve.label) if curve.label else escaped(curve.persona.name) if curve.persona else _("All personas")
        )
        values = [point.value for point in curve.points]
        first = index == 0 and not compared
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
                "text": [short_number(value) if value is not None else "" for value in values] if first else None,
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
                    f"<b>{name}</b><br>{escaped(point.stage.name)}: {short_number(point.value)}"
                    if point.value is not None
                    else ""
                    for point in curve.points
                ],
                "hovertemplate": HOVER,
                "cliponaxis": False,
            }
        )
    return traces


# The emotion row of the map page, in SVG user units: the SVG spans the stage columns and
# stretches with them (preserveAspectRatio="none").
SVG_STAGE_WIDTH = 225  # one stage column of the grid is 15rem = 225px wide
SVG_HEIGHT = 60
SVG_PADDING = 5  # keeps the dots at +2 and -2 whole inside the row


@dataclass(frozen=True)
class SvgDot:
    """One stage's average on the curve: its centre as SVG attribute text, and its value."""

    cx: str
    cy: str
    value: float


def svg_x(index: int) -> float:
    """The centre of the `index`-th stage column."""
    return index * SVG_STAGE_WIDTH + SVG_STAGE_WIDTH / 2


def svg_y(value: float) -> float:
    """+2 at the top of the row, -2 at the bottom."""
    return round((2 - value) / 4 * (SVG_HEIGHT - 2 * SVG_PADDING) + SVG_PADDING, 1)


def svg_coordinates(curve: EmotionCurve) -> list[tuple[float, float, float]]:
    """(x, y, value) at each stage that has touchpoints; the others are skipped."""
    return [
        (svg_x(index), svg_y(point.value), point.value)
        for index, point in enumerate(curve.points)
        if point.value is not None
    ]


def svg_dots(curve: EmotionCurve) -> list[SvgDot]:
    # str() of a float always has a '.' decimal, whatever the active language.
    return [SvgDot(str(x), str(y), value) for x, y, value in svg_coordinates(curve)]


def svg_points(curve: EmotionCurve) -> str:
    """The `points` of the curve's polyline."""
    return " ".join(f"{x:g},{y:g}" for x, y, _value in svg_coordinates(curve))


def svg_view_box(stage_count: int) -> str:
    return f"0 0 {stage_count * SVG_STAGE_WIDTH} {SVG_HEIGHT}"


def svg_zero_y() -> str:
    """Where the line of a neutral emotion runs."""
    return f"{svg_y(0):g}"
