"""Fragments that answer edits of touchpoints, pain points and opportunities: only the
cells and summary rows that changed, never the whole grid."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from journeymap.lib.http import HtmxHttpRequest, announce
from maps.access import MapAccess
from maps.editing import MAP_PAGE, map_url
from maps.models import DeletedItem, Lane, Stage
from maps.selectors import grid_cell, grid_touchpoints, stage_column


def cells_changed(
    request: HtmxHttpRequest,
    access: MapAccess,
    cell_keys: list[tuple[int, int]],
    *,
    status: int = 200,
    notice: str = "",
    deleted: DeletedItem | None = None,
) -> HttpResponse:
    """The first cell in place of the one that asked, the others out of band."""
    if not request.htmx:
        if notice:
            messages.warning(request, notice)
        return redirect(map_url(access, "cell-%d-%d" % cell_keys[0], deleted=deleted))
    keys = list(dict.fromkeys(cell_keys))
    stages = Stage.objects.in_bulk({stage_id for stage_id, _ in keys})
    lanes = Lane.objects.select_related("channel").in_bulk({lane_id for _, lane_id in keys})
    cells = [grid_cell(access.map, stages[stage_id], lanes[lane_id]) for stage_id, lane_id in keys]
    context = {"map": access.map, "access": access, "cells": cells, "notice": notice, "deleted": deleted}
    response = render(request, f"{MAP_PAGE}#cells-changed", context, status=status)
    response["HX-Retarget"] = "#cell-%d-%d" % keys[0]
    response["HX-Reswap"] = "outerHTML"
    return announce(response, "map-changed", "dialog-close")


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
        "column": stage_column(stage),
        "cards": grid_touchpoints(access.map, touchpoint_ids),
        "deleted": deleted,
    }
    response = render(request, f"{MAP_PAGE}#summary-changed", context)
    response["HX-Retarget"] = f"#pain-{stage.pk}"
    response["HX-Reswap"] = "outerHTML"
    return announce(response, "map-changed", "dialog-close")
