"""The map as pictures: the swimlane, the presentation view, the analytics page and the
exports. Pages are light HTML; their figures come as JSON from a sibling endpoint, so
that a page redraws itself when the map changes without reloading."""

from collections.abc import Callable
from typing import cast

import plotly.graph_objects as go
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.gzip import gzip_page

from charts.analytics import map_analytics
from charts.analytics_figures import coverage_heatmap, kpis_by_stage, pain_by_stage, priority_matrix
from charts.plotting import figures_json
from charts.rendering import EXPORT_FORMATS, ExportFormat, swimlane_export
from charts.swimlane import swimlane_figure
from journeymap.lib.http import HtmxHttpRequest, int_or_none, not_modified_or
from maps.access import MapAccess, map_for_viewing
from maps.selectors import map_grid


@login_required
def swimlane(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return render(request, "charts/swimlane.html", _figure_page(request, access))


@login_required
def present(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return render(request, "charts/present.html", _figure_page(request, access))


@login_required
@gzip_page
def swimlane_json(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    persona_id = int_or_none(request.GET.get("persona"))
    return _figures_response(
        request,
        access,
        lambda: {"swimlane": swimlane_figure(map_grid(access.map, persona_id=persona_id))},
        variant=f"swimlane-{persona_id or ''}",
    )


@login_required
def analytics(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    context = {"access": access, "map": access.map, "analytics": map_analytics(access.map)}
    return render(request, "charts/analytics.html", context)


@login_required
@gzip_page
def analytics_json(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)

    def figures() -> dict[str, go.Figure]:
        data = map_analytics(access.map)
        return {
            "coverage": coverage_heatmap(data),
            "priorities": priority_matrix(data),
            "pain": pain_by_stage(data),
            "kpis": kpis_by_stage(data),
        }

    return _figures_response(request, access, figures, variant="analytics")


@login_required
def export(request: HtmxHttpRequest, map_id: int, format: str) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    if format not in EXPORT_FORMATS:
        raise Http404
    grid = map_grid(access.map, persona_id=int_or_none(request.GET.get("persona")))
    file = swimlane_export(grid, cast(ExportFormat, format))
    disposition = content_disposition_header(as_attachment=True, filename=file.filename)
    return HttpResponse(file.content, content_type=file.content_type, headers={"Content-Disposition": disposition})


def _figure_page(request: HtmxHttpRequest, access: MapAccess) -> dict:
    """What the swimlane and presentation pages need: the map, and where to fetch its figure."""
    figures_url = reverse("maps:swimlane-json", args=[access.map.pk])
    if persona := int_or_none(request.GET.get("persona")):
        figures_url += f"?persona={persona}"
    return {"access": access, "map": access.map, "figures_url": figures_url}


def _figures_response(
    request: HtmxHttpRequest, access: MapAccess, build: Callable[[], dict[str, go.Figure]], *, variant: str
) -> HttpResponse:
    """The figures as JSON, tagged with the map's revision: a page that polls and already has
    the current figures gets a 304 without the map being read again."""
    etag = f'"{access.map.pk}-{access.map.revision}-{variant}-{get_language()}"'
    # No copy in the browser's cache either: edits made outside the app's services do not move the revision.
    return not_modified_or(request, etag, lambda: HttpResponse(figures_json(build()), content_type="application/json"))
