"""The answers every grid endpoint shares: one way to answer a form, a stale write,
an edited item and a change to the grid's shape; and the fragments that answer edits of
touchpoints, pain points and opportunities: only the cells and summary rows that
changed, never the whole grid."""

from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.contrib import messages
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_htmx.http import trigger_client_event

from journeymap.lib.events import DIALOG_CLOSE, EDIT_LANDED, MAP_CHANGED
from journeymap.lib.htmx_errors import notice_toast
from journeymap.lib.http import INVALID, STALE, HtmxHttpRequest, announce, int_or_none, page_or_fragment
from journeymap.lib.versioning import Versioned
from maps.access import MapAccess
from maps.conflicts import changes, on_top_of, stored_values, whole_version
from maps.models import DeletedItem, JourneyMap, Lane, Stage
from maps.selectors import (
    counterpart_curve,
    counterpart_of,
    grid_cells,
    grid_touchpoints,
    map_grid,
    remembered_grid,
    stage_column,
)
from maps.trash import contents_phrase, takes_items_along, what_goes_with
from touchpoints.models import Opportunity, PainPoint, Touchpoint

MAP_PAGE = "maps/map_detail.html"
FORM_PAGE = "item_form.html"


def shown_persona(request: HtmxHttpRequest) -> int | None:
    """The persona the page shows: from the query string, or, for a write sent from the
    map page by htmx, from the address of that page."""
    if "persona" in request.GET or not request.htmx.current_url:
        return int_or_none(request.GET.get("persona"))
    return int_or_none(parse_qs(urlsplit(request.htmx.current_url).query).get("persona", [""])[0])


def grid_context(
    request: HtmxHttpRequest, access: MapAccess, *, other: JourneyMap | None = None, written: bool = False
) -> dict:
    """The grid, with the curve of the journey's other state (`other`, or the one
    `counterpart_of` finds for this user) over its emotion row: `comparison`, apart from the
    grid other readers share. The grid is read again only if the map moved on since it was
    last read (`remembered_grid`), or if this request has `written` to it: `access.map` was
    read before the write, so its revision does not tell."""
    persona_id = shown_persona(request)
    grid = (
        map_grid(access.map, persona_id=persona_id) if written else remembered_grid(access.map, persona_id=persona_id)
    )
    other = other or counterpart_of(access.map, request.user)
    comparison = counterpart_curve(other, grid.stages) if other else None
    return {"access": access, "map": access.map, "grid": grid, "comparison": comparison}


def map_url(access: MapAccess, anchor: str = "", *, deleted: DeletedItem | None = None) -> str:
    """Back to the map page; after a delete it offers the undo there too."""
    query = f"?undo={deleted.pk}" if deleted else ""
    return access.map.get_absolute_url() + query + (f"#{anchor}" if anchor else "")


def swap_into(response: HttpResponse, target: str, *, changed: bool = True) -> HttpResponse:
    """Send a fragment to replace `target`, whatever element asked (a form in the dialog,
    a dropped card), close the dialog, and, when the map did change, say so: the regions
    that depend on it refresh, and the live poll knows this page has seen the change."""
    response["HX-Retarget"] = target
    response["HX-Reswap"] = "outerHTML"
    return announce(response, MAP_CHANGED, DIALOG_CLOSE) if changed else announce(response, DIALOG_CLOSE)


def landed(response: HttpResponse, *focus: str, message: str = "") -> HttpResponse:
    """Where the keyboard's focus goes once the answer is in place: the first of the element
    ids `focus` that the page shows (a persona filter may hide a card, so a cell follows as
    a fallback); and what the live region reads out. Sent after the swap has settled, when
    those elements are there."""
    return trigger_client_event(response, EDIT_LANDED, {"focus": list(focus), "message": message}, after="settle")


def grid_changed(
    request: HtmxHttpRequest, access: MapAccess, *, deleted: DeletedItem | None = None, changed: bool = True
) -> HttpResponse:
    """After a change to the grid's shape (a column or a row): the grid again, or the map page."""
    if not request.htmx:
        return redirect(map_url(access, deleted=deleted))
    context = grid_context(request, access, written=True) | {"deleted": deleted}
    return swap_into(render(request, f"{MAP_PAGE}#grid-changed", context), "#grid", changed=changed)


def notice_answer(request: HtmxHttpRequest, access: MapAccess, message: str, *, status: int = STALE) -> HttpResponse:
    """Nothing changed, and why: a toast in place for htmx, a message on the map otherwise."""
    if not request.htmx:
        messages.warning(request, message)
        return redirect(map_url(access))
    return notice_toast(request, message, status=status, level="warning")


def delete_confirmation(request: HtmxHttpRequest, access: MapAccess, item: Model, *, label: str) -> HttpResponse | None:
    """Ask first before a delete takes other items along ("Delete Lane “Email” and its 3
    touchpoints?"): the question in the dialog for htmx, a page of its own otherwise. None
    when the delete may go ahead: it was confirmed, or the item goes alone."""
    along = Counter() if request.POST.get("confirmed") else what_goes_with(item)
    if not takes_items_along(along):
        return None
    context = {
        "map": access.map,
        "access": access,
        "question": _("Delete %(what)s and its %(along)s?") % {"what": label, "along": contents_phrase(along)},
        "action": request.path,
    }
    response = page_or_fragment(request, "maps/delete_confirm.html", "confirm", context)
    if request.htmx:
        response["HX-Retarget"] = "#dialog-body"
        response["HX-Reswap"] = "innerHTML"
    return response


def after_edit(request: HtmxHttpRequest, access: MapAccess, response: HttpResponse, *, target: str) -> HttpResponse:
    """After an edit of one item: its fragment goes where it belongs; a plain post goes back to the map."""
    if not request.htmx:
        return redirect(map_url(access, target.lstrip("#")))
    return swap_into(response, target)


def item_form(
    request: HtmxHttpRequest, access: MapAccess, form, *, title: str, status: int | None = None, **extra
) -> HttpResponse:
    """The form of one item: in the dialog for htmx, as a page of its own otherwise.
    A form with errors answers 422, the one way invalid input is answered everywhere."""
    status = status or (INVALID if form.errors else 200)
    context = {"map": access.map, "access": access, "form": form, "title": title, "action": request.path} | extra
    return page_or_fragment(request, FORM_PAGE, "form", context, status=status)


def conflict_answer(
    request: HtmxHttpRequest,
    access: MapAccess,
    typed,
    fresh: Versioned,
    build: Callable[[Any, Any], Any],
    *,
    title: str,
    **extra,
) -> HttpResponse:
    """Someone else saved first, and nothing was overwritten. The typed values (the valid form
    `typed`) stay in the form, now based on their version, so one click applies them again;
    above it, what differs field by field and their whole version. `build(data, instance)`
    makes the item's form."""
    form = build(on_top_of(fresh, request.POST), fresh)
    stale = _(
        "Someone else saved this while you were editing, and nothing was overwritten. "
        "Your changes are still in the form: apply them again on top of their version, or keep theirs."
    )
    theirs = stored_values(form)
    conflict = {"changes": changes(typed, theirs), "theirs": whole_version(typed, theirs), "edit_url": request.path}
    return item_form(request, access, form, title=title, status=STALE, stale=stale, conflict=conflict, **extra)


def deleted_answer(
    request: HtmxHttpRequest, access: MapAccess, typed, *, title: str, recreate_url: str | None
) -> HttpResponse:
    """Someone else deleted the item while it was being edited: say so, and offer the typed
    values (the unsaved form `typed`) to create it again where it was, if that is still there."""
    if recreate_url is None:
        stale = _(
            "Someone else deleted this while you were editing, and what it belonged to is gone too, "
            "so it cannot be created again. Your text is below, to copy."
        )
        return item_form(request, access, typed, title=title, status=STALE, stale=stale, no_save=True)
    stale = _("Someone else deleted this while you were editing. Your text is still here: create it again with it.")
    return item_form(request, access, typed, title=title, status=STALE, stale=stale, action=recreate_url, recreate=True)


def cells_changed(
    request: HtmxHttpRequest,
    access: MapAccess,
    cell_keys: list[tuple[Stage, Lane]],
    *,
    status: int = 200,
    notice: str = "",
    deleted: DeletedItem | None = None,
) -> HttpResponse:
    """The first cell in place of the one that asked, the others out of band."""
    if not request.htmx:
        if notice:
            messages.warning(request, notice)
        return redirect(map_url(access, cell_id(*cell_keys[0]), deleted=deleted))
    keys = list({cell_id(stage, lane): (stage, lane) for stage, lane in cell_keys}.values())
    context = {
        "map": access.map,
        "access": access,
        "cells": grid_cells(access.map, keys, persona_id=shown_persona(request)),
        "notice": notice,
        "deleted": deleted,
    }
    response = render(request, f"{MAP_PAGE}#cells-changed", context, status=status)
    return swap_into(response, "#" + cell_id(*keys[0]), changed=status == 200)


def cards_changed(
    request: HtmxHttpRequest, access: MapAccess, touchpoint_ids: list[int], *, cards: list[Touchpoint] | None = None
) -> HttpResponse:
    """Cards whose content changed in place (their cells keep their order): read again, or
    `cards` as the caller already has them (see `as_card`)."""
    cards = cards if cards is not None else grid_touchpoints(access.map, touchpoint_ids)
    if not request.htmx:
        return redirect(map_url(access, f"touchpoint-{touchpoint_ids[0]}"))
    context = {"map": access.map, "access": access, "cards": cards}
    return swap_into(render(request, f"{MAP_PAGE}#cards-changed", context), f"#touchpoint-{touchpoint_ids[0]}")


def summary_item_changed(
    request: HtmxHttpRequest, access: MapAccess, item: PainPoint | Opportunity, *, touchpoint_ids: list[int | None]
) -> HttpResponse:
    """An edited pain point or opportunity in place, plus the cards whose counts it changes."""
    anchor = summary_anchor(item)
    if not request.htmx:
        return redirect(map_url(access, anchor))
    context = {"map": access.map, "access": access, "cards": grid_touchpoints(access.map, touchpoint_ids)}
    context["pain_point" if isinstance(item, PainPoint) else "opportunity"] = item
    return swap_into(render(request, f"{MAP_PAGE}#item-changed", context), f"#{anchor}")


def summary_anchor(item: PainPoint | Opportunity) -> str:
    return f"pain-point-{item.pk}" if isinstance(item, PainPoint) else f"opportunity-{item.pk}"


def summary_cell_id(item: PainPoint | Opportunity) -> str:
    """The stage's cell in the pain points' or the opportunities' row."""
    return f"pain-{item.stage_id}" if isinstance(item, PainPoint) else f"opportunities-{item.stage_id}"


def cell_id(stage: Stage, lane: Lane) -> str:
    return f"cell-{stage.pk}-{lane.pk}"


def summary_changed(
    request: HtmxHttpRequest,
    access: MapAccess,
    stage: Stage,
    *,
    touchpoint_ids: list[int | None],
    deleted: DeletedItem | None = None,
) -> HttpResponse:
    """A stage's pain points and opportunities, plus the cards whose counts they change."""
    if not request.htmx:
        return redirect(map_url(access, f"pain-{stage.pk}", deleted=deleted))
    context = {
        "map": access.map,
        "access": access,
        "column": stage_column(access.map, stage),
        "cards": grid_touchpoints(access.map, touchpoint_ids),
        "deleted": deleted,
    }
    return swap_into(render(request, f"{MAP_PAGE}#summary-changed", context), f"#pain-{stage.pk}")
