"""The grid's cards, cells and summary items in a template: `{% grid_card touchpoint %}`,
`{% grid_cell cell %}`, `{% pain_item pain_point %}`, `{% opportunity_item opportunity %}`,
`{% pain_cell column %}`, `{% opportunity_cell column %}` and `{% comment_badge item "stage" %}`,
drawn by `maps.grid_pieces.GridPieces` (see there why in Python). The pieces are prepared
once per template render, from the context's `map`, `access` and `shared`."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from maps.grid_pieces import GridPieces
from maps.models import Stage
from maps.selectors import Cell, Row, StageColumn
from touchpoints.models import Opportunity, PainPoint, Touchpoint

register = template.Library()

PREPARED = "maps.grid_pieces"


def pieces(context: template.Context) -> GridPieces:
    """The render's pieces, prepared at its first use. Kept at the bottom level of the render
    context: every partial (a stage header, a summary cell) pushes a level of its own."""
    levels: list[dict] = context.render_context.dicts
    prepared = levels[0].get(PREPARED)
    if not isinstance(prepared, GridPieces):
        prepared = GridPieces(
            context.get("access"),
            context["map"].pk,
            shared=bool(context.get("shared")),
            csrf_token=str(context.get("csrf_token") or ""),
        )
        levels[0][PREPARED] = prepared
    return prepared


@register.simple_tag(takes_context=True)
def grid_card(context: template.Context, touchpoint: Touchpoint, oob: bool = False) -> SafeString:
    return pieces(context).card(touchpoint, oob=oob)


@register.simple_tag(takes_context=True)
def grid_cell(context: template.Context, cell: Cell, oob: bool = False) -> SafeString:
    return pieces(context).cell(cell, oob=oob)


@register.simple_tag(takes_context=True)
def grid_lane(context: template.Context, row: Row, index: int, count: int) -> SafeString:
    return pieces(context).lane_row(row, index=index, count=count)


@register.simple_tag(takes_context=True)
def grid_stage_header(context: template.Context, stage: Stage) -> SafeString:
    prepared = pieces(context)
    return prepared.stage_header(stage, prepared.stage_details(stage))


@register.simple_tag(takes_context=True)
def pain_item(context: template.Context, pain_point: PainPoint) -> SafeString:
    return pieces(context).pain_point(pain_point)


@register.simple_tag(takes_context=True)
def opportunity_item(context: template.Context, opportunity: Opportunity) -> SafeString:
    return pieces(context).opportunity(opportunity)


@register.simple_tag(takes_context=True)
def pain_cell(context: template.Context, column: StageColumn, oob: bool = False) -> SafeString:
    return pieces(context).pain_cell(column, oob=oob)


@register.simple_tag(takes_context=True)
def opportunity_cell(context: template.Context, column: StageColumn, oob: bool = False) -> SafeString:
    return pieces(context).opportunity_cell(column, oob=oob)


@register.simple_tag(takes_context=True)
def comment_badge(context: template.Context, item, kind: str) -> SafeString:
    return mark_safe(pieces(context).comment_badge(item, kind))
