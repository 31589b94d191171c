"""What the results page of an interaction import shows beside the figures stored with it:
the candidates in words, and the customers' flow between channels."""

import html
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from charts.plotting import TEMPLATE, empty_figure
from customer_data.analysis import candidate_text
from customer_data.models import PainPointCandidate


@dataclass(frozen=True)
class CandidateView:
    candidate: PainPointCandidate
    title: str
    description: str


def candidate_views(candidates) -> list[CandidateView]:
    return [CandidateView(candidate, *candidate_text(candidate)) for candidate in candidates]


def sankey_figure(results: dict[str, Any]) -> go.Figure:
    """The omnichannel flow: how customers move between channels over their first steps."""
    sankey = results.get("sankey") or {}
    if not sankey.get("value"):
        return empty_figure(_("No customer used more than one channel."))
    step = _("Step %(number)s")
    nodes = sankey["nodes"]
    return go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                # Plotly reads a little HTML in labels: channel names are escaped.
                "label": [html.escape(node["label"], quote=False) for node in nodes],
                "customdata": [step % {"number": node["step"]} for node in nodes],
                "hovertemplate": "%{label}<br>%{customdata}<br>%{value} " + _("customers") + "<extra></extra>",
                "pad": 14,
                "thickness": 14,
                "color": [_lane_colour(results, node["lane"]) for node in nodes],
            },
            link={
                "source": sankey["source"],
                "target": sankey["target"],
                "value": sankey["value"],
                "color": "rgba(79, 70, 229, 0.18)",
                "hovertemplate": "%{source.label} → %{target.label}<br>%{value} " + _("customers") + "<extra></extra>",
            },
        ),
        layout={"template": TEMPLATE, "height": 460, "margin": {"l": 16, "r": 16, "t": 16, "b": 16}},
    )


def _lane_colour(results: dict[str, Any], lane: int) -> str:
    return next((row.get("colour") or "#64748b" for row in results.get("channels", []) if row["id"] == lane), "#64748b")
