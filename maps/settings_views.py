"""A map's settings page, and its life: archive, delete to the trash, bring back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journeymap.lib.http import INVALID, STALE, HtmxHttpRequest
from journeymap.lib.versioning import StaleVersion
from maps.access import library_rights, map_for_editing, map_for_managing, map_in_trash_for
from maps.forms import MapSettingsForm, PersonaCreateForm
from maps.lifecycle import (
    TRASH_KEEPS,
    map_archive,
    map_settings_update,
    map_trash,
    map_untrash,
    persona_create_for_map,
    purge_date,
)
from maps.models import JourneyMap

SETTINGS_PAGE = "maps/map_settings.html"


@login_required
@require_http_methods(["GET", "POST"])
def map_settings(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    form = MapSettingsForm(request.POST or None, instance=access.map, user=request.user)
    stale = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            map_settings_update(
                journey_map=access.map,
                expected_version=form.cleaned_data["version"],
                fields=form.model_field_names,
                personas=form.cleaned_data["personas"] if "personas" in form.changed_data else None,
            )
        except StaleVersion as error:
            stale = _(
                "Someone else changed these settings while you were editing. These are theirs; your changes were not saved."
            )
            form = MapSettingsForm(instance=error.fresh, user=request.user)
            status = STALE
        else:
            messages.success(request, _("Settings saved."))
            return redirect("maps:settings", map_id)
    elif form.errors:
        status = INVALID
    context = {
        "map": access.map,
        "access": access,
        "form": form,
        "stale": stale,
        "trash_days": TRASH_KEEPS.days,
        "may_add_personas": library_rights(request.user).may_add_personas,
    }
    return render(request, SETTINGS_PAGE, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def persona_new(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """Only for someone allowed to add to the persona library (maps/access.py)."""
    access = map_for_editing(request.user, map_id)
    if not library_rights(request.user).may_add_personas:
        raise PermissionDenied(_("Adding a persona to the library takes the right to do so: ask an administrator."))
    form = PersonaCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "preferred_channels"}
        persona = persona_create_for_map(
            journey_map=access.map, form_data=data, preferred_channels=form.cleaned_data["preferred_channels"]
        )
        messages.success(request, _("%s is in the library, and on this map.") % persona.name)
        return redirect("maps:settings", map_id)
    context = {
        "map": access.map,
        "access": access,
        "form": form,
        "title": _("New persona"),
        "action": request.path,
        "copying": True,
        "help": _(
            "The persona joins the shared library, for every map. Photo, bio and the rest of the profile are added in the admin."
        ),
    }
    return render(request, "item_form.html", context, status=INVALID if form.errors else 200)


@login_required
@require_POST
def map_archive_view(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_managing(request.user, map_id)
    archived = request.POST.get("archived", "1") != "0"
    map_archive(journey_map=access.map, archived=archived)
    if archived:
        messages.success(request, _("“%s” is archived: find it under “Archived” in the map list.") % access.map.title)
        return redirect("maps:list")
    messages.success(request, _("“%s” is back in the map list.") % access.map.title)
    return redirect(access.map)


@login_required
@require_http_methods(["GET", "POST"])
def map_delete(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """Asks first (a page of its own, so it works without JavaScript), then moves the map to the trash."""
    access = map_for_managing(request.user, map_id)
    if request.method == "POST":
        map_trash(journey_map=access.map, user=request.user)
        messages.success(
            request,
            _("“%(title)s” is in the trash. You can bring it back from there for %(days)d days.")
            % {"title": access.map.title, "days": TRASH_KEEPS.days},
        )
        return redirect("maps:list")
    return render(request, "maps/map_delete.html", {"map": access.map, "access": access, "days": TRASH_KEEPS.days})


@login_required
@require_GET
def trash(request: HtmxHttpRequest) -> HttpResponse:
    maps = list(JourneyMap.objects.in_trash_of(request.user).select_related("deleted_by").order_by("-deleted_at"))
    for journey_map in maps:
        journey_map.purge_at = purge_date(journey_map)  # type: ignore[attr-defined]
    return render(request, "maps/trash.html", {"maps": maps, "trash_keeps": TRASH_KEEPS})


@login_required
@require_POST
def trash_restore(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    journey_map = map_in_trash_for(request.user, map_id)
    map_untrash(journey_map=journey_map)
    messages.success(request, _("“%s” is back.") % journey_map.title)
    return redirect(journey_map)
