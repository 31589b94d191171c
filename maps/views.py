from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journeymap.lib.http import INVALID, HtmxHttpRequest, int_or_none
from journeymap.lib.versioning import StaleVersion
from maps.access import MapAccess, library_rights, map_for_editing, map_for_viewing
from maps.answers import (
    MAP_PAGE,
    after_edit,
    cells_changed,
    grid_changed,
    grid_context,
    item_form,
    stale_answer,
    summary_changed,
)
from maps.forms import LaneAddForm, MapCreateForm, MapListForm, PositionForm, StageAddForm, StageForm
from maps.models import DeletedItem, Lane, Stage
from maps.selectors import counterpart_curve, counterpart_of, counterparts, map_emotions, maps_for_list
from maps.services import (
    column_or_row_move,
    item_delete,
    item_restore,
    item_update,
    lane_add,
    map_create,
    stage_append,
)
from maps.trash import CannotRestore
from touchpoints.models import Opportunity, PainPoint, Touchpoint


@login_required
def map_list(request: HtmxHttpRequest) -> HttpResponse:
    form = MapListForm(request.GET, user=request.user)
    filters = form.filters()
    context = {
        "maps": maps_for_list(request.user, **filters),
        "search": form,
        "query": filters["search"],
        "filters": filters,
        "filtered": any(filters[name] for name in ("search", "status", "persona")) or filters["show"] != "all",
    }
    template = "maps/map_list.html#map-rows" if request.htmx.target == "map-rows" else "maps/map_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def map_new(request: HtmxHttpRequest) -> HttpResponse:
    form = MapCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        journey_map = map_create(owner=request.user, **form.cleaned_data)
        return redirect(journey_map)
    return render(request, "maps/map_new.html", {"form": form}, status=INVALID if form.errors else 200)


@login_required
def map_detail(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    # The other states of the same journey, as far as this user may see them.
    others = counterparts(access.map, request.user)
    as_is = next((other for other in others if other.pk == access.map.as_is_id), None)
    to_be_maps = [other for other in others if other.as_is_id == access.map.pk]
    context = grid_context(request, access, other=as_is or next(iter(to_be_maps), None))
    context.update(as_is=as_is, to_be_maps=to_be_maps)
    if undo_id := int_or_none(request.GET.get("undo")):
        context["deleted"] = DeletedItem.objects.filter(pk=undo_id, map=access.map, deleted_by=request.user).first()
    return render(request, MAP_PAGE, context)


@login_required
@require_GET
def grid_fragment(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return render(request, f"{MAP_PAGE}#grid", grid_context(request, access))


@login_required
@require_GET
def emotion_row(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    curves = map_emotions(access.map, persona_id=int_or_none(request.GET.get("persona")))
    stages = [point.stage for point in curves[0].points]
    context = {
        "map": access.map,
        "access": access,
        "emotion_curves": curves,
        "comparison": counterpart_curve(other, stages) if (other := counterpart_of(access.map, request.user)) else None,
        "stage_count": len(curves[0].points),
        "persona_id": int_or_none(request.GET.get("persona")),
    }
    return render(request, f"{MAP_PAGE}#emotion-row", context)


@login_required
@require_http_methods(["GET", "POST"])
def stage_new(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    form = StageAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        stage_append(journey_map=access.map, **form.cleaned_data)
        return grid_changed(request, access)
    return item_form(request, access, form, title=_("New stage"))


@login_required
@require_http_methods(["GET", "POST"])
def stage_edit(request: HtmxHttpRequest, map_id: int, stage_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    stage = get_object_or_404(Stage, map=access.map, pk=stage_id)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        try:
            item_update(item=stage, expected_version=form.cleaned_data["version"], fields=form.model_field_names)
        except StaleVersion as stale:
            return stale_answer(request, access, stale.fresh and StageForm(instance=stale.fresh), title=_("Edit stage"))
        response = render(request, f"{MAP_PAGE}#stage-header", {"map": access.map, "access": access, "stage": stage})
        return after_edit(request, access, response, target=f"#stage-{stage.pk}")
    return item_form(
        request, access, form, title=_("Edit stage"), delete_url=reverse("maps:stage-delete", args=[map_id, stage.pk])
    )


@login_required
@require_POST
def stage_move(request: HtmxHttpRequest, map_id: int, stage_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    return move_column_or_row(request, access, get_object_or_404(Stage, map=access.map, pk=stage_id))


@login_required
@require_POST
def stage_delete(request: HtmxHttpRequest, map_id: int, stage_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    stage = get_object_or_404(Stage, map=access.map, pk=stage_id)
    deleted = item_delete(journey_map=access.map, item=stage, user=request.user, label=_("Stage “%s”") % stage.name)
    return grid_changed(request, access, deleted=deleted)


@login_required
@require_http_methods(["GET", "POST"])
def lane_new(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    rights = library_rights(request.user)
    form = LaneAddForm(request.POST or None, journey_map=access.map, may_add_channels=rights.may_add_channels)
    if request.method == "POST" and form.is_valid():
        lane_add(journey_map=access.map, **form.cleaned_data)
        return grid_changed(request, access)
    return item_form(request, access, form, title=_("New lane"))


@login_required
@require_POST
def lane_move(request: HtmxHttpRequest, map_id: int, lane_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    return move_column_or_row(request, access, get_object_or_404(Lane, map=access.map, pk=lane_id))


@login_required
@require_POST
def lane_delete(request: HtmxHttpRequest, map_id: int, lane_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    lane = get_object_or_404(Lane.objects.select_related("channel"), map=access.map, pk=lane_id)
    deleted = item_delete(
        journey_map=access.map, item=lane, user=request.user, label=_("Lane “%s”") % lane.channel.name
    )
    return grid_changed(request, access, deleted=deleted)


@login_required
@require_POST
def undo_delete(request: HtmxHttpRequest, map_id: int, deleted_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    deleted = get_object_or_404(DeletedItem, map=access.map, pk=deleted_id, deleted_by=request.user)
    try:
        item = item_restore(deleted=deleted)
    except CannotRestore:
        deleted.delete()
        messages.error(request, _("%s cannot come back: what it belonged to was deleted too.") % deleted.label)
        return grid_changed(request, access, changed=False)
    messages.success(request, _("%s is back.") % deleted.label)
    if isinstance(item, Touchpoint):
        return cells_changed(request, access, [(item.stage, item.lane)])
    if isinstance(item, PainPoint | Opportunity):
        return summary_changed(request, access, item.stage, touchpoint_ids=[item.touchpoint_id])
    return grid_changed(request, access)


def move_column_or_row(request: HtmxHttpRequest, access: MapAccess, item: Stage | Lane) -> HttpResponse:
    form = PositionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Give the new position as a number from 1."), status=INVALID)
    column_or_row_move(item=item, position=form.cleaned_data["position"] - 1)
    return grid_changed(request, access)
