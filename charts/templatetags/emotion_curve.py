"""The SVG emotion curve of the map page's emotion row, for templates.

The maps app cannot import charts, so its template loads this library instead. Every
number comes out as text with a '.' decimal: see `charts.emotion`.
"""

from django import template

from charts.emotion import SvgDot, svg_dots, svg_points, svg_view_box, svg_zero_y
from maps.selectors import EmotionCurve

register = template.Library()


@register.filter
def emotion_points(curve: EmotionCurve) -> str:
    """`{{ curve|emotion_points }}`: the `points` of the curve's polyline."""
    return svg_points(curve)


@register.filter
def emotion_dots(curve: EmotionCurve) -> list[SvgDot]:
    """`{% for dot in curve|emotion_dots %}`: `dot.cx`, `dot.cy` and `dot.value` of each stage
    that has touchpoints."""
    return svg_dots(curve)


@register.simple_tag
def emotion_view_box(stage_count: int) -> str:
    """`{% emotion_view_box stage_count %}`: the `viewBox` of a row of `stage_count` stages."""
    return svg_view_box(stage_count)


@register.simple_tag
def emotion_zero_y() -> str:
    """`{% emotion_zero_y %}`: the y of the neutral line."""
    return svg_zero_y()
