"""Everything on a map, read-only, for whoever may see the map: a touchpoint with its pain
points and opportunities, a pain point, an opportunity, a persona of the map. In the
dialog for htmx, as a page of its own otherwise."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from journeymap.lib.collation import sorted_by_name
from journeymap.lib.http import HtmxHttpRequest, page_or_fragment
from maps.access import map_for_viewing
from personas.models import Persona
from touchpoints.models import Opportunity, PainPoint, Touchpoint

ITEM_PAGE = "maps/item_view.html"


@login_required
@require_GET
def touchpoint_view(request: HtmxHttpRequest, map_id: int, touchpoint_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    touchpoint = get_object_or_404(
        Touchpoint.objects.select_related("stage", "lane__channel", "persona"), map=access.map, pk=touchpoint_id
    )
    context = {
        "map": access.map,
        "access": access,
        "touchpoint": touchpoint,
        "next_touchpoints": sorted_by_name(touchpoint.next_touchpoints.all()),
        "previous_touchpoints": sorted_by_name(touchpoint.previous_touchpoints.all()),
        "pain_points": touchpoint.pain_points.order_by("-severity", "pk"),
        "opportunities": touchpoint.opportunities.prefetch_related("pain_points").order_by("-impact", "effort", "pk"),
        "title": touchpoint.title,
    }
    return page_or_fragment(request, ITEM_PAGE, "touchpoint", context)


@login_required
@require_GET
def pain_point_view(request: HtmxHttpRequest, map_id: int, pain_point_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    pain_point = get_object_or_404(
        PainPoint.objects.select_related("stage", "touchpoint"), map=access.map, pk=pain_point_id
    )
    context = {
        "map": access.map,
        "access": access,
        "pain_point": pain_point,
        "opportunities": pain_point.opportunities.order_by("-impact", "effort", "pk"),
        "title": pain_point.title,
    }
    return page_or_fragment(request, ITEM_PAGE, "pain-point", context)


@login_required
@require_GET
def opportunity_view(request: HtmxHttpRequest, map_id: int, opportunity_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    opportunity = get_object_or_404(
        Opportunity.objects.select_related("stage", "touchpoint"), map=access.map, pk=opportunity_id
    )
    context = {
        "map": access.map,
        "access": access,
        "opportunity": opportunity,
        "pain_points": opportunity.pain_points.order_by("-severity", "pk"),
        "title": opportunity.title,
    }
    return page_or_fragment(request, ITEM_PAGE, "opportunity", context)


@login_required
@require_GET
def persona_panel(request: HtmxHttpRequest, map_id: int, persona_id: int) -> HttpResponse:
    """A persona of the map (or of one of its touchpoints) in full: who the map is about."""
    access = map_for_viewing(request.user, map_id)
    persona = (
        Persona.objects.filter(Q(maps=access.map) | Q(touchpoints__map=access.map), pk=persona_id)
        .prefetch_related("preferred_channels")
        .distinct()
        .first()
    )
    if persona is None:
        raise Http404(_("No such persona on this map."))
    context = {
        "map": access.map,
        "access": access,
        "persona": persona,
        "touchpoint_count": Touchpoint.objects.filter(map=access.map, persona=persona).count(),
        "title": persona.name,
    }
    return page_or_fragment(request, "personas/persona_panel.html", "panel", context)
