"""The map as pictures: the swimlane, the analytics page and the exports. Pages are light
HTML; their figures come as JSON from a sibling endpoint, so that a page redraws itself
when the map changes without reloading. Presenting a map is the reports app's."""

from collections.abc import Callable
from typing import cast

import plotly.graph_objects as go
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.gzip import gzip_page

from charts.analytics import journey_comparison, map_analytics
from charts.analytics_figures import coverage_heatmap, kpis_by_stage, pain_by_stage, priority_matrix
from charts.analytics_tables import analytics_tables
from charts.models import Picture, PictureStatus
from charts.pictures import picture_for, wait_for
from charts.plotting import figures_json
from charts.rendering import EXPORT_FORMATS, ImageFormat, swimlane_export
from charts.swimlane import swimlane_figure
from journeymap.lib.http import HtmxHttpRequest, int_or_none, not_modified_or
from maps.access import MapAccess, map_for_viewing
from maps.selectors import counterpart_curve, counterpart_of, map_grid

# How long a plain download waits for a worker to draw its picture: a drawing takes a few
# seconds, more when the worker has just started its browser or has a queue to get through.
PICTURE_WAIT = 45

# The picture cannot be made on this server until its browser is installed; the request was fine.
SERVICE_UNAVAILABLE = 503


@login_required
def swimlane(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return render(request, "charts/swimlane.html", _figure_page(request, access))


@login_required
@gzip_page
def swimlane_json(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    persona_id = int_or_none(request.GET.get("persona"))
    # The figure draws the other state's curve too: its revision is part of the tag.
    other = counterpart_of(access.map, request.user)

    def figures() -> dict[str, go.Figure]:
        grid = map_grid(access.map, persona_id=persona_id)
        grid.comparison = counterpart_curve(other, grid.stages) if other else None
        return {"swimlane": swimlane_figure(grid)}

    return _figures_response(
        request,
        access,
        figures,
        variant=f"swimlane-{persona_id or ''}-{other.pk if other else ''}.{other.revision if other else ''}",
    )


@login_required
def analytics(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    analytics = map_analytics(access.map)
    context = {
        "access": access,
        "map": access.map,
        "analytics": analytics,
        "tables": analytics_tables(analytics),
        "comparison": journey_comparison(access.map, request.user),
    }
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
    """The swimlane as a file. Pictures are drawn by a worker: HTMX gets "drawing…" at once and
    polls for the link; a plain link waits for the picture and answers the file."""
    access = map_for_viewing(request.user, map_id)
    if format not in EXPORT_FORMATS:
        raise Http404
    persona_id = int_or_none(request.GET.get("persona"))
    if format == "html":
        file = swimlane_export(map_grid(access.map, persona_id=persona_id), "html")
        return _attachment(file.content, file.content_type, file.filename)
    picture = picture_for(access.map, format=cast(ImageFormat, format), persona_id=persona_id)
    if request.htmx:
        return _picture_status(request, access, picture)
    return _picture_file(request, access, picture)


@login_required
def picture_status(request: HtmxHttpRequest, map_id: int, picture_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    picture = get_object_or_404(Picture.objects.defer("content"), pk=picture_id, map=access.map)
    return _picture_status(request, access, picture)


@login_required
def picture(request: HtmxHttpRequest, map_id: int, picture_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    picture = get_object_or_404(Picture.objects.defer("content"), pk=picture_id, map=access.map)
    return _picture_file(request, access, picture)


def _picture_status(request: HtmxHttpRequest, access: MapAccess, picture: Picture) -> HttpResponse:
    return render(request, "charts/_picture_status.html", {"map": access.map, "picture": picture})


def _picture_file(request: HtmxHttpRequest, access: MapAccess, picture: Picture) -> HttpResponse:
    """The file once it is drawn; otherwise a page that says why not, or that it is still on its way."""
    picture = wait_for(picture, seconds=PICTURE_WAIT)
    if picture.status == PictureStatus.DONE:
        file = Picture.objects.values("content", "content_type", "filename").get(pk=picture.pk)
        return _attachment(bytes(file["content"]), file["content_type"], file["filename"])
    context = {"access": access, "map": access.map, "picture": picture}
    response = render(request, "charts/picture.html", context, status=SERVICE_UNAVAILABLE)
    if picture.is_working:
        response["Retry-After"] = "5"
    return response


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    return HttpResponse(content, content_type=content_type, headers={"Content-Disposition": disposition})


def _figure_page(request: HtmxHttpRequest, access: MapAccess) -> dict:
    """What the swimlane page needs: the map, and where to fetch its figure."""
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
