from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from journeymap.lib.http import HtmxHttpRequest, int_or_none
from maps.access import map_for_viewing
from maps.forms import MapCreateForm, MapSearchForm
from maps.selectors import map_grid, maps_for_list
from maps.services import map_create


@login_required
def map_list(request: HtmxHttpRequest) -> HttpResponse:
    search = MapSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    context = {"maps": maps_for_list(request.user, search=query), "search": search, "query": query}
    template = "maps/map_list.html#map-rows" if request.htmx.target == "map-rows" else "maps/map_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def map_new(request: HtmxHttpRequest) -> HttpResponse:
    form = MapCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        journey_map = map_create(owner=request.user, **form.cleaned_data)
        return redirect(journey_map)
    return render(request, "maps/map_new.html", {"form": form})


@login_required
def map_detail(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    persona_id = int_or_none(request.GET.get("persona"))
    grid = map_grid(access.map, persona_id=persona_id)
    return render(request, "maps/map_detail.html", {"access": access, "map": access.map, "grid": grid})

