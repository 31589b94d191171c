"""The search behind the touchpoint pickers of the edit forms (maps/pickers.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from journeymap.lib.http import HtmxHttpRequest
from journeymap.lib.ids import parse_id
from maps.access import map_for_viewing
from maps.pickers import chosen_touchpoints, picker_choices, query_name


@login_required
@require_GET
def touchpoint_search(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """A picker's options: the touchpoints it has chosen, still chosen, then the matches."""
    access = map_for_viewing(request.user, map_id)
    picker = request.GET.get("picker", "")
    chosen = chosen_touchpoints(access.map, request.GET.getlist(picker)) if picker else []
    options = picker_choices(
        access.map,
        chosen,
        request.GET.get(query_name(picker), ""),
        exclude=parse_id(request.GET.get("exclude", "")),
        stage_id=parse_id(request.GET.get("stage", "")),
    )
    context = {"options": options, "chosen": {touchpoint.pk for touchpoint in chosen}}
    return render(request, "maps/_picker_options.html", context)
