"""Bringing deletes back: the undo of a toast, and the map's "Recently deleted" list, where
every delete of the last `UNDO_KEEP_SECONDS` waits with what it took along."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from journeymap.lib.http import HtmxHttpRequest, page_or_fragment
from maps.access import map_for_editing, map_for_viewing
from maps.answers import cells_changed, grid_changed, landed, notice_answer, summary_anchor, summary_changed
from maps.services import item_restore
from maps.trash import CannotRestore, contents_of, restorable, undo_window
from touchpoints.models import Opportunity, PainPoint, Touchpoint


@login_required
@require_GET
def recently_deleted(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    entries = [(deleted, contents_of(deleted)) for deleted in restorable(access.map)]
    keep_minutes = int(undo_window().total_seconds() // 60)
    context = {"map": access.map, "access": access, "entries": entries, "keep_minutes": keep_minutes}
    return page_or_fragment(request, "maps/recently_deleted.html", "panel", context)


@login_required
@require_POST
def undo_delete(request: HtmxHttpRequest, map_id: int, deleted_id: int) -> HttpResponse:
    """Any editor brings back any delete of the map, from its toast or from "Recently deleted"."""
    access = map_for_editing(request.user, map_id)
    deleted = restorable(access.map).filter(pk=deleted_id).first()
    if deleted is None:
        return notice_answer(
            request, access, _("That delete was already undone, or is too old to undo: nothing changed.")
        )
    try:
        item = item_restore(deleted=deleted)
    except CannotRestore:
        # The record stays: once what it belonged to is back, it can come back too.
        message = _("%s cannot come back while what it belonged to is deleted: bring that back first.")
        return notice_answer(request, access, message % deleted.label)
    messages.success(request, _("%s is back.") % deleted.label)
    # Its toast says it is back; the focus goes to it.
    if isinstance(item, Touchpoint):
        return landed(cells_changed(request, access, [(item.stage, item.lane)]), f"touchpoint-{item.pk}")
    if isinstance(item, PainPoint | Opportunity):
        answer = summary_changed(request, access, item.stage, touchpoint_ids=[item.touchpoint_id])
        return landed(answer, summary_anchor(item))
    return grid_changed(request, access)
