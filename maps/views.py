from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import GridViewForm
from accounts.grid_view import current_grid_view
from journeymap.lib.http import INVALID, HtmxHttpRequest, int_or_none
from journeymap.lib.versioning import StaleVersion
from maps.access import MapAccess, library_rights, map_for_editing, map_for_viewing
from maps.answers import (
    MAP_PAGE,
    after_edit,
    conflict_answer,
    delete_confirmation,
    deleted_answer,
    grid_changed,
    grid_context,
    item_form,
)
from maps.forms import LaneAddForm, MapCreateForm, MapListForm, PositionForm, StageAddForm, StageForm
from maps.item_views import item_to_edit
from maps.models import DeletedItem, Lane, Stage
from maps.selectors import counterpart_curve, counterpart_of, counterparts, map_emotions, maps_in_reading_order
from maps.services import (
    column_or_row_move,
    item_delete,
    item_update,
    lane_add,
    map_create,
    stage_append,
)


@login_required
def map_list(request: HtmxHttpRequest) -> HttpResponse:
    form = MapListForm(request.GET, user=request.user)
    filters = form.filters()
    context = {
        "maps": maps_in_reading_order(request.user, **filters),
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
    context["grid_view"] = GridViewForm(instance=current_grid_view(request), initial={"next": request.get_full_path()})
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
    stage = item_to_edit(request, Stage.objects.filter(map=access.map), stage_id)
    if stage is None:
        return stage_deleted(request, access)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        try:
            item_update(item=stage, expected_version=form.cleaned_data["version"], fields=form.model_field_names)
        except StaleVersion as stale:
            if stale.fresh is None:
                return stage_deleted(request, access)
            return conflict_answer(request, access, form, stale.fresh, stage_form, title=_("Edit stage"))
        response = render(request, f"{MAP_PAGE}#stage-header", {"map": access.map, "access": access, "stage": stage})
        return after_edit(request, access, response, target=f"#stage-{stage.pk}")
    return item_form(
        request, access, form, title=_("Edit stage"), delete_url=reverse("maps:stage-delete", args=[map_id, stage.pk])
    )


def stage_form(data, instance: Stage) -> StageForm:
    return StageForm(data, instance=instance)


def stage_deleted(request: HtmxHttpRequest, access: MapAccess) -> HttpResponse:
    """A save of a stage deleted meanwhile: its name and goal offered as a new stage."""
    typed = StageAddForm(request.POST)
    url = reverse("maps:stage-new", args=[access.map.pk])
    return deleted_answer(request, access, typed, title=_("Edit stage"), recreate_url=url)


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
    label = _("Stage “%s”") % stage.name
    if asked := delete_confirmation(request, access, stage, label=label):
        return asked
    deleted = item_delete(journey_map=access.map, item=stage, user=request.user, label=label)
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
    label = _("Lane “%s”") % lane.channel.display_name
    if asked := delete_confirmation(request, access, lane, label=label):
        return asked
    deleted = item_delete(journey_map=access.map, item=lane, user=request.user, label=label)
    return grid_changed(request, access, deleted=deleted)


def move_column_or_row(request: HtmxHttpRequest, access: MapAccess, item: Stage | Lane) -> HttpResponse:
    form = PositionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Give the new position as a number from 1."), status=INVALID)
    column_or_row_move(item=item, position=form.cleaned_data["position"] - 1)
    return grid_changed(request, access)
