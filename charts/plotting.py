"""What every figure of the app shares: the palette, the Plotly template, the figure that
stands in for an empty chart, the title added on export, and the JSON sent to the page.

Each kind of mark is one trace holding lists (all very negative touchpoints, all pain
points, every connector...), so a map of a thousand touchpoints is still a dozen traces
and a small JSON document; `Marks` collects the points of such a trace.
"""

import json

import plotly.graph_objects as go
from _plotly_utils.utils import PlotlyJSONEncoder
from django.utils.translation import get_language

from charts.labels import escaped, wrapped
from charts.palette import ACCENT, BORDER, FONT, HOVER, MUTED, TEXT

# The exported title: 20 px letters, of which about this many pixels wide a Latin one is at most.
TITLE_LETTER_PX = 11
TITLE_LINE_PX = 26
MIN_TITLE_LETTERS = 20

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


def base_layout(**layout) -> dict:
    return {"template": TEMPLATE, "hovermode": "closest", **layout}


def note(message: str, **position) -> dict:
    """An annotation in the middle of the plot, or at `position`."""
    return {
        "text": escaped(message),
        "xref": "paper",
        "yref": "paper",
        "x": 0.5,
        "y": 0.5,
        "showarrow": False,
        "font": {"size": 15, "color": MUTED},
        **position,
    }


def empty_figure(message: str, *, height: int = 320) -> go.Figure:
    """A figure that says what to do instead of drawing nothing."""
    return go.Figure(
        layout=base_layout(
            height=height,
            xaxis={"visible": False},
            yaxis={"visible": False},
            margin={"l": 24, "r": 24, "t": 24, "b": 24},
            annotations=[note(message)],
        )
    )


def with_title(figure: go.Figure, title: str) -> go.Figure:
    """The figure with `title` on top, wrapped to the figure's width, drawn in `picture_font`,
    for a picture that leaves the app."""
    width = figure.layout.width or 700
    text = wrapped(title, max(MIN_TITLE_LETTERS, (width - 48) // TITLE_LETTER_PX), lines=None)
    extra = 48 + TITLE_LINE_PX * text.count("<br>")
    figure.update_layout(
        font={"family": picture_font()},
        title={
            "text": text,
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


def picture_font(language: str | None = None) -> str:
    """The fonts of a picture drawn on the server, which has the Noto fonts (scripts/install-browser):
    Traditional glyph shapes first for readers of Traditional Chinese, and colour emoji before
    the system fonts, some of whose black-and-white faces would win otherwise."""
    chinese = ["Noto Sans CJK TC", "Noto Sans CJK SC"]
    if (language or get_language()) != "zh-hant":
        chinese.reverse()
    return ", ".join(f'"{name}"' for name in ["Noto Sans", *chinese, "Noto Color Emoji"]) + ", sans-serif"


def figure_json(figure: go.Figure) -> str:
    """The figure as compact JSON, letters as they are (UTF-8). Figures travel only as
    `application/json` answers, never inside a page, so Plotly's escapes for embedding in
    HTML (every `<br>` of a hover card would take fourteen bytes instead of four) buy nothing."""
    return json.dumps(figure.to_plotly_json(), cls=PlotlyJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def figures_json(figures: dict[str, go.Figure]) -> str:
    """Several figures in one document, keyed by the id of the element that draws each."""
    return "{" + ",".join(f'"{key}":{figure_json(figure)}' for key, figure in figures.items()) + "}"


def rounded(coordinate: float) -> float:
    """A coordinate to a thousandth of a stage or a row: finer than a pixel, and `0.66`
    where the sum of the layout's fractions would write `0.6599999999999999`."""
    return round(coordinate, 3)


class Marks:
    """The points of one trace, collected as lists; each point links to what it draws.
    A point's hover card is either whole (`hovertext`), or in `parts` that the trace's
    `hovertemplate` puts together with what all its points share (`%{customdata[1]}`...,
    `customdata[0]` being the link): the shared words then travel once, not once a point."""

    def __init__(self) -> None:
        self.x: list[float] = []
        self.y: list[float] = []
        self.text: list[str] = []
        self.hovertext: list[str] = []
        self.customdata: list = []

    def add(
        self, x: float, y: float, *, text: str = "", hovertext: str = "", parts: tuple[str, ...] = (), link: str
    ) -> None:
        self.x.append(rounded(x))
        self.y.append(rounded(y))
        self.text.append(text)
        if parts:
            self.customdata.append([link, *parts])
        else:
            self.hovertext.append(hovertext)
            self.customdata.append(link)

    def trace(self, **trace) -> dict:
        hover = {"hovertext": self.hovertext, "hovertemplate": HOVER} if self.hovertext else {}
        return {
            "type": "scatter",
            "x": self.x,
            "y": self.y,
            "text": self.text,
            "customdata": self.customdata,
            **hover,
            "textposition": "middle right",
            "cliponaxis": False,
            **trace,
        }
