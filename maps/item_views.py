from operator import attrgetter

from django.contrib.auth.decorators import login_required
from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from journeymap.lib.http import INVALID, STALE, HtmxHttpRequest
from journeymap.lib.versioning import StaleVersion
from maps.access import MapAccess, map_for_editing
from maps.answers import (
    cards_changed,
    cell_id,
    cells_changed,
    conflict_answer,
    delete_confirmation,
    deleted_answer,
    item_form,
    landed,
    shown_persona,
    summary_anchor,
    summary_cell_id,
    summary_changed,
    summary_item_changed,
)
from maps.conflicts import last_known
from maps.item_forms import OpportunityForm, PainPointForm, TouchpointForm, TouchpointMoveForm
from maps.item_services import opportunity_create, pain_point_create, touchpoint_append, touchpoint_move
from maps.models import Lane, Stage
from maps.pickers import LABELLED, form_input
from maps.selectors import as_card, open_comment_annotations, touchpoints_for_grid
from maps.services import TooManyItems, item_delete, item_update
from touchpoints.models import Opportunity, PainPoint, Touchpoint


@login_required
@require_http_methods(["GET", "POST"])
def touchpoint_new(request: HtmxHttpRequest, map_id: int, stage_id: int, lane_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    stage = get_object_or_404(Stage, map=access.map, pk=stage_id)
    lane = get_object_or_404(Lane.objects.select_related("channel"), map=access.map, pk=lane_id)
    form = TouchpointForm(**form_input(request), journey_map=access.map)
    if form.is_bound and form.is_valid():
        try:
            touchpoint = touchpoint_append(stage=stage, lane=lane, **form.cleaned_data)
        except TooManyItems as full:
            form.add_error(None, str(full))
        else:
            shown = shown_persona(request)
            hidden = shown is not None and touchpoint.persona_id not in (None, shown)
            notice = _("Added for %s: the persona filter hides it.") % touchpoint.persona if hidden else ""
            place = {"title": touchpoint.title, "stage": stage.name, "channel": lane.channel.display_name}
            return landed(
                cells_changed(request, access, [(stage, lane)], notice=notice),
                f"touchpoint-{touchpoint.pk}",
                cell_id(stage, lane),
                message=_("Touchpoint “%(title)s” added to %(stage)s / %(channel)s.") % place,
            )
    title = _("New touchpoint: %(stage)s · %(channel)s") % {"stage": stage.name, "channel": lane.channel.display_name}
    return item_form(request, access, form, title=title)


def item_to_edit[M: Model](request: HtmxHttpRequest, items: QuerySet[M], pk: int) -> M | None:
    """The item an edit form is for. A form posted for an item that is no longer there was
    opened before someone else deleted it: None, to answer that like any other stale write.
    Asked for the form of a missing item, there is nothing to show (404)."""
    item = items.filter(pk=pk).first()
    if item is None and request.method != "POST":
        raise Http404(_("No such item."))
    return item


@login_required
@require_http_methods(["GET", "POST"])
def touchpoint_edit(request: HtmxHttpRequest, map_id: int, touchpoint_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    touchpoint = item_to_edit(request, touchpoints_to_edit(access), touchpoint_id)
    if touchpoint is None:
        return touchpoint_deleted(request, access, touchpoint_id)
    form = TouchpointForm(**form_input(request), instance=touchpoint, journey_map=access.map)
    if form.is_bound and form.is_valid():
        try:
            item_update(
                item=touchpoint,
                expected_version=form.cleaned_data["version"],
                fields=form.model_field_names,
                links={name: form.cleaned_data[name] for name in form.changed_links},
            )
        except StaleVersion as stale:
            if stale.fresh is None:
                return touchpoint_deleted(request, access, touchpoint_id)
            return conflict_answer(
                request,
                access,
                form,
                stale.fresh,
                lambda data, instance: TouchpointForm(data, instance=instance, journey_map=access.map),
                title=_("Edit touchpoint"),
                **touchpoint_tools(access, stale.fresh),
            )
        return landed(
            cards_changed(
                request, access, [touchpoint.pk], cards=[as_card(touchpoint, form.cleaned_data["next_touchpoints"])]
            ),
            f"touchpoint-{touchpoint.pk}",
            message=_("Touchpoint “%s” saved.") % touchpoint.title,
        )
    return item_form(request, access, form, title=_("Edit touchpoint"), **touchpoint_tools(access, touchpoint))


def touchpoints_to_edit(access: MapAccess) -> QuerySet[Touchpoint]:
    """Touchpoints read with their persona and links, labelled: what their form shows and
    checks; and with what their card shows, so that the card answering the edit is drawn
    from the same read."""
    linked = Prefetch("next_touchpoints", queryset=Touchpoint.objects.select_related(*LABELLED))
    return touchpoints_for_grid(access.map).prefetch_related(linked)


def touchpoint_deleted(request: HtmxHttpRequest, access: MapAccess, touchpoint_id: int) -> HttpResponse:
    """A save of a touchpoint deleted meanwhile: offered again, in the cell it was in."""
    known = last_known(access.map, Touchpoint, touchpoint_id) or {}
    stage_id, lane_id = known.get("stage"), known.get("lane")
    cell_left = (
        stage_id is not None
        and lane_id is not None
        and Stage.objects.filter(map=access.map, pk=stage_id).exists()
        and Lane.objects.filter(map=access.map, pk=lane_id).exists()
    )
    url = reverse("touchpoints:new", args=[access.map.pk, stage_id, lane_id]) if cell_left else None
    typed = TouchpointForm(request.POST, journey_map=access.map)
    return deleted_answer(request, access, typed, title=_("Edit touchpoint"), recreate_url=url)


def touchpoint_tools(access: MapAccess, touchpoint: Touchpoint) -> dict:
    """The move and delete forms shown under a touchpoint's edit form."""
    initial = {
        "stage": touchpoint.stage_id,
        "lane": touchpoint.lane_id,
        "position": touchpoint.position + 1,
        "version": touchpoint.version,
    }
    return {
        "move_form": TouchpointMoveForm(journey_map=access.map, initial=initial),
        "move_url": reverse("touchpoints:move", args=[access.map.pk, touchpoint.pk]),
        "delete_url": reverse("touchpoints:delete", args=[access.map.pk, touchpoint.pk]),
    }


@login_required
@require_POST
def touchpoint_move_view(request: HtmxHttpRequest, map_id: int, touchpoint_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    touchpoint = get_object_or_404(
        Touchpoint.objects.select_related("stage", "lane__channel"), map=access.map, pk=touchpoint_id
    )
    source = (touchpoint.stage, touchpoint.lane)
    form = TouchpointMoveForm(request.POST, journey_map=access.map)
    if not form.is_valid():
        return cells_changed(
            request,
            access,
            [source],
            status=INVALID,
            notice=_("That move was not possible: pick a stage, a channel and a position."),
        )
    data = form.cleaned_data
    target = (data["stage"], data["lane"])
    try:
        touchpoint_move(
            touchpoint=touchpoint,
            stage=target[0],
            lane=target[1],
            position=data["position"] - 1,
            expected_version=data["version"],
        )
    except StaleVersion:
        return landed(
            cells_changed(
                request,
                access,
                [target, source],
                status=STALE,
                notice=_("Someone else moved or changed this card first: the grid now shows where it is."),
            ),
            f"touchpoint-{touchpoint.pk}",
        )
    place = {"title": touchpoint.title, "stage": target[0].name, "channel": target[1].channel.display_name}
    return landed(
        cells_changed(request, access, [target, source]),
        f"touchpoint-{touchpoint.pk}",
        message=_("Touchpoint “%(title)s” moved to %(stage)s / %(channel)s.") % place,
    )


@login_required
@require_POST
def touchpoint_delete(request: HtmxHttpRequest, map_id: int, touchpoint_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    touchpoint = get_object_or_404(
        Touchpoint.objects.select_related("stage", "lane__channel"), map=access.map, pk=touchpoint_id
    )
    label = _("Touchpoint “%s”") % touchpoint.title
    if asked := delete_confirmation(request, access, touchpoint, label=label):
        return asked
    cell = (touchpoint.stage, touchpoint.lane)
    following = touchpoint.following_in_cell()
    deleted = item_delete(journey_map=access.map, item=touchpoint, user=request.user, label=label)
    # Its toast says what was deleted and offers the undo; the focus stays in the cell.
    return landed(
        cells_changed(request, access, [cell], deleted=deleted),
        *([f"touchpoint-{following.pk}"] if following else []),
        cell_id(*cell),
    )


@login_required
@require_http_methods(["GET", "POST"])
def pain_point_new(request: HtmxHttpRequest, map_id: int, stage_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    stage = get_object_or_404(Stage, map=access.map, pk=stage_id)
    form = PainPointForm(request.POST or None, stage=stage, journey_map=access.map)
    if request.method == "POST" and form.is_valid():
        try:
            pain_point = pain_point_create(stage=stage, **form.cleaned_data)
        except TooManyItems as full:
            form.add_error(None, str(full))
        else:
            return landed(
                summary_changed(request, access, stage, touchpoint_ids=[pain_point.touchpoint_id]),
                summary_anchor(pain_point),
                message=_("Pain point “%(title)s” added to %(stage)s.")
                % {"title": pain_point.title, "stage": stage.name},
            )
    title = _("New pain point: %s") % stage.name
    return item_form(request, access, form, title=title)


@login_required
@require_http_methods(["GET", "POST"])
def pain_point_edit(request: HtmxHttpRequest, map_id: int, pain_point_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    pain_points = PainPoint.objects.select_related("stage", "touchpoint").filter(map=access.map)
    pain_point = item_to_edit(request, pain_points.annotate(**open_comment_annotations("pain_point")), pain_point_id)
    if pain_point is None:
        return summary_item_deleted(request, access, PainPoint, pain_point_id, title=_("Edit pain point"))
    return summary_item_edit(
        request,
        access,
        pain_point,
        PainPointForm,
        title=_("Edit pain point"),
        delete_url=reverse("touchpoints:pain-point-delete", args=[map_id, pain_point.pk]),
    )


@login_required
@require_POST
def pain_point_delete(request: HtmxHttpRequest, map_id: int, pain_point_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    pain_point = get_object_or_404(PainPoint.objects.select_related("stage"), map=access.map, pk=pain_point_id)
    return summary_item_delete(request, access, pain_point, label=_("Pain point “%s”") % pain_point.title)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_new(request: HtmxHttpRequest, map_id: int, stage_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    stage = get_object_or_404(Stage, map=access.map, pk=stage_id)
    form = OpportunityForm(request.POST or None, stage=stage, journey_map=access.map)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = opportunity_create(stage=stage, **form.cleaned_data)
        except TooManyItems as full:
            form.add_error(None, str(full))
        else:
            return landed(
                summary_changed(request, access, stage, touchpoint_ids=[opportunity.touchpoint_id]),
                summary_anchor(opportunity),
                message=_("Opportunity “%(title)s” added to %(stage)s.")
                % {"title": opportunity.title, "stage": stage.name},
            )
    title = _("New opportunity: %s") % stage.name
    return item_form(request, access, form, title=title)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: HtmxHttpRequest, map_id: int, opportunity_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    opportunities = Opportunity.objects.select_related("stage").filter(map=access.map)
    opportunity = item_to_edit(
        request, opportunities.annotate(**open_comment_annotations("opportunity")), opportunity_id
    )
    if opportunity is None:
        return summary_item_deleted(request, access, Opportunity, opportunity_id, title=_("Edit opportunity"))
    return summary_item_edit(
        request,
        access,
        opportunity,
        OpportunityForm,
        title=_("Edit opportunity"),
        delete_url=reverse("touchpoints:opportunity-delete", args=[map_id, opportunity.pk]),
    )


@login_required
@require_POST
def opportunity_delete(request: HtmxHttpRequest, map_id: int, opportunity_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    opportunity = get_object_or_404(Opportunity.objects.select_related("stage"), map=access.map, pk=opportunity_id)
    return summary_item_delete(request, access, opportunity, label=_("Opportunity “%s”") % opportunity.title)


def summary_item_delete(
    request: HtmxHttpRequest, access: MapAccess, item: PainPoint | Opportunity, *, label: str
) -> HttpResponse:
    """Delete a pain point or an opportunity (undoable) and answer the stage's summary rows."""
    if asked := delete_confirmation(request, access, item, label=label):
        return asked
    deleted = item_delete(journey_map=access.map, item=item, user=request.user, label=label)
    answer = summary_changed(request, access, item.stage, touchpoint_ids=[item.touchpoint_id], deleted=deleted)
    # Its toast says what was deleted; the focus stays in the stage's row, or on the stage.
    return landed(answer, summary_cell_id(item), f"stage-{item.stage_id}")


def summary_item_edit(
    request: HtmxHttpRequest,
    access: MapAccess,
    item: PainPoint | Opportunity,
    form_class,
    *,
    title: str,
    delete_url: str,
) -> HttpResponse:
    """Edit a pain point or an opportunity: both live in the stage's summary rows."""
    form = form_class(request.POST or None, instance=item, stage=item.stage, journey_map=access.map)
    previous_touchpoint = item.touchpoint_id
    if request.method == "POST" and form.is_valid():
        links = {name: form.cleaned_data[name] for name in form.changed_links}
        try:
            item_update(
                item=item, expected_version=form.cleaned_data["version"], fields=form.model_field_names, links=links
            )
        except StaleVersion as stale:
            if stale.fresh is None:
                return summary_item_deleted(request, access, type(item), item.pk, title=title)

            def build(data, instance):
                return form_class(data, instance=instance, stage=item.stage, journey_map=access.map)

            return conflict_answer(request, access, form, stale.fresh, build, title=title, delete_url=delete_url)
        if isinstance(item, Opportunity):  # drawn with the pain points it now addresses, as chosen
            item.addressed = sorted(form.cleaned_data["pain_points"], key=attrgetter("pk"))
        saved = _("Pain point “%s” saved.") if isinstance(item, PainPoint) else _("Opportunity “%s” saved.")
        return landed(
            summary_item_changed(request, access, item, touchpoint_ids=[previous_touchpoint, item.touchpoint_id]),
            summary_anchor(item),
            message=saved % item.title,
        )
    return item_form(request, access, form, title=title, delete_url=delete_url)


SUMMARY_ITEMS = {
    PainPoint: (PainPointForm, "touchpoints:pain-point-new"),
    Opportunity: (OpportunityForm, "touchpoints:opportunity-new"),
}


def summary_item_deleted(
    request: HtmxHttpRequest, access: MapAccess, model: type[PainPoint | Opportunity], pk: int, *, title: str
) -> HttpResponse:
    """A save of a pain point or an opportunity deleted meanwhile: offered again, in its stage."""
    form_class, new_url = SUMMARY_ITEMS[model]
    stage_id = (last_known(access.map, model, pk) or {}).get("stage")
    stage = Stage.objects.filter(map=access.map, pk=stage_id).first() if stage_id is not None else None
    typed = form_class(request.POST, stage=stage, journey_map=access.map)
    url = reverse(new_url, args=[access.map.pk, stage.pk]) if stage else None
    return deleted_answer(request, access, typed, title=title, recreate_url=url)
