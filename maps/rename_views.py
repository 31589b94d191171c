"""Renaming in place on the grid: a touchpoint's title or a stage's name turns into an
input, and Enter saves just that field, version-checked like the whole edit form."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from journeymap.lib.http import INVALID, STALE, HtmxHttpRequest
from journeymap.lib.versioning import StaleVersion
from maps.access import MapAccess, map_for_editing
from maps.answers import MAP_PAGE, after_edit, cards_changed, notice_answer, swap_into
from maps.item_forms import StageRenameForm, TouchpointRenameForm
from maps.models import Stage
from maps.selectors import grid_touchpoints
from maps.services import item_update
from touchpoints.models import Touchpoint

RENAMED_MEANWHILE = _(
    "Someone else changed this while you were renaming it, so it was not renamed: here it is as they left it."
)


@login_required
@require_POST
def touchpoint_rename(request: HtmxHttpRequest, map_id: int, touchpoint_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    touchpoint = get_object_or_404(Touchpoint, map=access.map, pk=touchpoint_id)
    form = TouchpointRenameForm(request.POST, instance=touchpoint)
    if not form.is_valid():
        return notice_answer(request, access, form_errors(form), status=INVALID)
    try:
        item_update(item=touchpoint, expected_version=form.cleaned_data["version"], fields=["title"])
    except StaleVersion:
        context = {"map": access.map, "access": access, "cards": grid_touchpoints(access.map, [touchpoint_id])}
        return renamed_meanwhile(request, access, f"{MAP_PAGE}#cards-changed", context, f"#touchpoint-{touchpoint_id}")
    return cards_changed(request, access, [touchpoint.pk])


@login_required
@require_POST
def stage_rename(request: HtmxHttpRequest, map_id: int, stage_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    stage = get_object_or_404(Stage, map=access.map, pk=stage_id)
    form = StageRenameForm(request.POST, instance=stage)
    if not form.is_valid():
        return notice_answer(request, access, form_errors(form), status=INVALID)
    try:
        item_update(item=stage, expected_version=form.cleaned_data["version"], fields=["name"])
    except StaleVersion:
        stage.refresh_from_db()
        context = {"map": access.map, "access": access, "stage": stage}
        return renamed_meanwhile(request, access, f"{MAP_PAGE}#stage-header", context, f"#stage-{stage.pk}")
    response = render(request, f"{MAP_PAGE}#stage-header", {"map": access.map, "access": access, "stage": stage})
    return after_edit(request, access, response, target=f"#stage-{stage.pk}")


def form_errors(form) -> str:
    return " ".join(str(error) for field_errors in form.errors.values() for error in field_errors)


def renamed_meanwhile(
    request: HtmxHttpRequest, access: MapAccess, fragment: str, context: dict, target: str
) -> HttpResponse:
    """Someone else changed the item first: nothing is overwritten. The item comes back as
    they left it (409), with a notice that says so."""
    message = str(RENAMED_MEANWHILE)
    if not request.htmx:
        return notice_answer(request, access, message)
    response = render(request, fragment, context, status=STALE)
    response.write(render_to_string("maps/_toasts_oob.html", {"notice": message}, request=request))
    return swap_into(response, target, changed=False)
