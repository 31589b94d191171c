"""Fragments that answer edits of touchpoints, pain points and opportunities: only the
cells and summary rows that changed, never the whole grid."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from journeymap.lib.http import HtmxHttpRequest
from maps.access import MapAccess
from maps.editing import MAP_PAGE, map_url, shown_persona, swap_into
from maps.models import DeletedItem, Lane, Stage
from touchpoints.models import Opportunity, PainPoint
from maps.selectors import grid_cells, grid_touchpoints, stage_column


def cells_changed(
    request: HtmxHttpRequest,
    access: MapAccess,
    cell_keys: list[tuple[Stage, Lane]],
    *,
    status: int = 200,
    notice: str = "",
    deleted: DeletedItem | None = None,
) -> HttpResponse:
    """The first cell in place of the one that asked, the others out of band."""
    if not request.htmx:
        if notice:
            messages.warning(request, notice)
        return redirect(map_url(access, cell_id(*cell_keys[0]), deleted=deleted))
    keys = list({cell_id(stage, lane): (stage, lane) for stage, lane in cell_keys}.values())
    context = {"map": access.map, "access": access, "cells": grid_cells(access.map, keys, persona_id=shown_persona(request)), "notice": notice, "deleted": deleted}
    response = render(request, f"{MAP_PAGE}#cells-changed", context, status=status)
    return swap_into(response, "#" + cell_id(*keys[0]), changed=status == 200)


def cards_changed(request: HtmxHttpRequest, access: MapAccess, touchpoint_ids: list[int]) -> HttpResponse:
    """Cards whose content changed in place (their cells keep their order)."""
    cards = grid_touchpoints(access.map, touchpoint_ids)
    if not request.htmx:
        return redirect(map_url(access, f"touchpoint-{touchpoint_ids[0]}"))
    context = {"map": access.map, "access": access, "cards": cards}
    return swap_into(render(request, f"{MAP_PAGE}#cards-changed", context), f"#touchpoint-{touchpoint_ids[0]}")


def summary_item_changed(
    request: HtmxHttpRequest, access: MapAccess, item: PainPoint | Opportunity, *, touchpoint_ids: list[int | None]
) -> HttpResponse:
    """An edited pain point or opportunity in place, plus the cards whose counts it changes."""
    anchor = f"pain-point-{item.pk}" if isinstance(item, PainPoint) else f"opportunity-{item.pk}"
    if not request.htmx:
        return redirect(map_url(access, anchor))
    context = {"map": access.map, "access": access, "cards": grid_touchpoints(access.map, touchpoint_ids)}
    context["pain_point" if isinstance(item, PainPoint) else "opportunity"] = item
    return swap_into(render(request, f"{MAP_PAGE}#item-changed", context), f"#{anchor}")


def cell_id(stage: Stage, lane: Lane) -> str:
    return f"cell-{stage.pk}-{lane.pk}"


def summary_changed(
    request: HtmxHttpRequest,
    access: MapAccess,
    stage: Stage,
    *,
    touchpoint_ids: list[int | None],
    deleted: DeletedItem | None = None,
) -> HttpResponse:
    """A stage's pain points and opportunities, plus the cards whose counts they change."""
    if not request.htmx:
        return redirect(map_url(access, f"pain-{stage.pk}", deleted=deleted))
    context = {
        "map": access.map,
        "access": access,
        "column": stage_column(access.map, stage),
        "cards": grid_touchpoints(access.map, touchpoint_ids),
        "deleted": deleted,
    }
    return swap_into(render(request, f"{MAP_PAGE}#summary-changed", context), f"#pain-{stage.pk}")
