"""Review and collaboration: comments, notifications, the review workflow, the activity
feed, versions, the live poll and share links. Thin views: access helper first, then a
form, a service or a selector, then a page or a fragment."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from charts.plotting import figures_json
from charts.swimlane import swimlane_figure
from journeymap.lib.events import DISCUSSION_CHANGED, GRID_STALE
from journeymap.lib.http import INVALID, STALE, HtmxHttpRequest, announce, int_or_none, page_or_fragment
from journeymap.lib.versioning import StaleVersion
from maps.access import (
    MapAccess,
    map_for_approving,
    map_for_commenting,
    map_for_editing,
    map_for_managing,
    map_for_reviewing,
    map_for_viewing,
)
from maps.activity import activity_feed
from maps.models import JourneyMap, MapState
from maps.selectors import map_grid
from review.comments import (
    ThreadFilter,
    comment_create,
    comment_delete,
    comment_edit,
    comment_for_author,
    comment_target,
    map_threads,
    notifications_for,
    notifications_mark_read,
    thread_of,
    thread_resolve,
    unread_count,
)
from review.forms import (
    CommentEditForm,
    CommentForm,
    CompareForm,
    DuplicateForm,
    ReviewNoteForm,
    ShareLinkForm,
    VersionForm,
)
from review.live import POLL_SECONDS, live_state, presence_seen
from review.models import ShareLink
from review.sharing import active_links, share_link_create, share_link_revoke, shared_map
from review.versions import (
    diff_with_now,
    document_of,
    map_diff,
    map_duplicate,
    map_from_version,
    version_create,
    version_of,
    version_restore,
)
from review.workflow import (
    APPROVE,
    REQUEST_CHANGES,
    SUBMIT,
    OwnApproval,
    StepNotAllowed,
    review_bar_context,
    review_step,
)

COMMENTS_PAGE = "review/comments.html"


# Comments


def panel_answer(
    request: HtmxHttpRequest, access: MapAccess, *, form=None, editing=None, status: int = 200
) -> HttpResponse:
    """The comment panel for the filter the request carries (GET or the posted form)."""
    thread_filter = ThreadFilter.from_query(request.POST if request.method == "POST" else request.GET)
    target = comment_target(access.map, thread_filter.item)
    context = {
        "map": access.map,
        "access": access,
        "threads": map_threads(access.map, request.user, thread_filter),
        "filter": thread_filter,
        "target": target,
        "form": form or CommentForm(initial={"item": thread_filter.item}),
        "editing": editing,
    }
    return page_or_fragment(request, COMMENTS_PAGE, "panel", context, status=status)


def after_comment(request: HtmxHttpRequest, access: MapAccess) -> HttpResponse:
    if not request.htmx:
        # Back to the same view of the threads; never the posted form itself (its CSRF token).
        threads = ThreadFilter.from_query(request.POST)
        query = urlencode({"show": threads.show, "item": threads.item})
        return redirect(reverse("maps:comments", args=[access.map.pk]) + "?" + query)
    return announce(panel_answer(request, access), GRID_STALE, DISCUSSION_CHANGED)


@login_required
@require_GET
def comment_panel(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return panel_answer(request, access)


@login_required
@require_POST
def comment_new(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_commenting(request.user, map_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return panel_answer(request, access, form=form, status=INVALID)
    parent = thread_of(access.map, form.cleaned_data["parent"]) if form.cleaned_data["parent"] else None
    comment_create(
        journey_map=access.map,
        author=request.user,
        body=form.cleaned_data["body"],
        item=None if parent else comment_target(access.map, form.cleaned_data["item"]),
        parent=parent,
        site_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return after_comment(request, access)


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit_view(request: HtmxHttpRequest, map_id: int, comment_id: int) -> HttpResponse:
    access = map_for_commenting(request.user, map_id)
    comment = comment_for_author(access.map, request.user, comment_id)
    form = CommentEditForm(request.POST or None, initial={"body": comment.body, "version": comment.version})
    if request.method == "POST" and form.is_valid():
        try:
            comment_edit(
                comment=comment,
                body=form.cleaned_data["body"],
                expected_version=form.cleaned_data["version"],
                site_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except StaleVersion as stale:
            fresh = (
                CommentEditForm(initial={"body": stale.fresh.body, "version": stale.fresh.version})
                if stale.fresh
                else None
            )
            return panel_answer(request, access, editing=(comment.pk, fresh, True), status=STALE)
        return after_comment(request, access)
    return panel_answer(request, access, editing=(comment.pk, form, False), status=INVALID if form.errors else 200)


@login_required
@require_POST
def comment_delete_view(request: HtmxHttpRequest, map_id: int, comment_id: int) -> HttpResponse:
    access = map_for_commenting(request.user, map_id)
    comment_delete(comment=comment_for_author(access.map, request.user, comment_id))
    return after_comment(request, access)


@login_required
@require_POST
def thread_resolve_view(request: HtmxHttpRequest, map_id: int, comment_id: int) -> HttpResponse:
    access = map_for_commenting(request.user, map_id)
    thread_resolve(thread=thread_of(access.map, comment_id), user=request.user, resolved=True)
    return after_comment(request, access)


@login_required
@require_POST
def thread_reopen_view(request: HtmxHttpRequest, map_id: int, comment_id: int) -> HttpResponse:
    access = map_for_commenting(request.user, map_id)
    thread_resolve(thread=thread_of(access.map, comment_id), user=request.user, resolved=False)
    return after_comment(request, access)


# Notifications: only ever the user's own.


@login_required
@require_GET
def notification_list(request: HtmxHttpRequest) -> HttpResponse:
    notifications = list(notifications_for(request.user)[:100])
    # News of having left a map stays readable, but the map no longer opens.
    open_map_ids = set(
        JourneyMap.objects.visible_to(request.user)
        .filter(pk__in={notification.map_id for notification in notifications})
        .values_list("pk", flat=True)
    )
    context = {
        "notifications": notifications,
        "unread_notifications": unread_count(request.user),
        "open_map_ids": open_map_ids,
    }
    return render(request, "review/notifications.html", context)


@login_required
@require_GET
def notification_count(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "review/_notification_link.html", {"unread_notifications": unread_count(request.user)})


@login_required
@require_POST
def notifications_read(request: HtmxHttpRequest) -> HttpResponse:
    notification_id = int_or_none(request.POST.get("notification"))  # none: all of them
    notifications_mark_read(
        user=request.user, notification_ids=[notification_id] if notification_id is not None else None
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("maps:notifications")
    return redirect(target)


# Review workflow


def review_bar(request: HtmxHttpRequest, access: MapAccess, *, status: int = 200, refusal: str = "") -> HttpResponse:
    return render(request, "review/_review_bar.html#bar", review_bar_context(access, refusal=refusal), status=status)


@login_required
@require_GET
def review_bar_view(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    return review_bar(request, access)


def take_step(request: HtmxHttpRequest, access: MapAccess, step: str) -> HttpResponse:
    form = ReviewNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        review_step(
            access=access, step=step, user=request.user, note=note, site_url=request.build_absolute_uri("/").rstrip("/")
        )
    except OwnApproval as refusal:
        if not request.htmx:
            messages.error(request, str(refusal))
            return redirect(access.map)
        return review_bar(request, access, status=INVALID, refusal=str(refusal))
    except StepNotAllowed:
        messages.warning(request, _("Someone else changed the review status first; here is where it stands."))
        status = STALE
    else:
        status = 200
    if not request.htmx:
        return redirect(access.map)
    # A step moves the discussion counter by one; the page already shows it.
    return announce(review_bar(request, access, status=status), *([DISCUSSION_CHANGED] if status == 200 else []))


@login_required
@require_POST
def review_submit(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    return take_step(request, access, SUBMIT)


@login_required
@require_POST
def review_request_changes(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_reviewing(request.user, map_id)
    return take_step(request, access, REQUEST_CHANGES)


@login_required
@require_POST
def review_approve(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_approving(request.user, map_id)
    return take_step(request, access, APPROVE)


@login_required
@require_GET
def activity_view(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    context = {"map": access.map, "access": access, "page": activity_feed(access.map, page=request.GET.get("page"))}
    return page_or_fragment(request, "review/activity.html", "feed", context)


# Versions


@login_required
@require_GET
def version_list(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    versions = access.map.versions.select_related("created_by").defer("snapshot").order_by("-number")
    context = {
        "map": access.map,
        "access": access,
        "versions": versions,
        "form": VersionForm(),
        "compare": CompareForm(),
    }
    return render(request, "review/versions.html", context)


@login_required
@require_POST
def version_new(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    form = VersionForm(request.POST)
    if form.is_valid():
        version = version_create(journey_map=access.map, user=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("Version %d saved.") % version.number)
    return redirect("maps:versions", map_id)


@login_required
@require_GET
def version_compare(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    form = CompareForm(request.GET)
    if not form.is_valid():
        return redirect("maps:versions", map_id)
    old = version_of(access.map, form.cleaned_data["old"])
    new = version_of(access.map, form.cleaned_data["new"]) if form.cleaned_data["new"] else None
    diff = map_diff(document_of(old), document_of(new)) if new else diff_with_now(old)
    return render(
        request, "review/compare.html", {"map": access.map, "access": access, "old": old, "new": new, "diff": diff}
    )


@login_required
@require_POST
def version_restore_view(request: HtmxHttpRequest, map_id: int, number: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    before = version_restore(version=version_of(access.map, number), user=request.user)
    messages.success(
        request,
        _("The map is back as it was in version %(restored)d. What it was just before is version %(saved)d.")
        % {"restored": number, "saved": before.number},
    )
    return redirect(access.map)


@login_required
@require_http_methods(["GET", "POST"])
def version_duplicate(request: HtmxHttpRequest, map_id: int, number: int) -> HttpResponse:
    access = map_for_editing(request.user, map_id)
    version = version_of(access.map, number)
    form = DuplicateForm(request.POST or None, initial={"title": _("%s (to-be)") % access.map.title})
    if request.method == "POST" and form.is_valid():
        journey_map = map_from_version(version=version, owner=request.user, **form.cleaned_data)
        return redirect(journey_map)
    title = _("New map from version %d") % number
    context = {
        "map": access.map,
        "access": access,
        "form": form,
        "title": title,
        "action": request.path,
        "copying": True,
    }
    return render(request, "item_form.html", context, status=INVALID if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def map_duplicate_view(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """A copy of the map for anyone who may read it; a to-be copy of an as-is map is its to-be."""
    access = map_for_viewing(request.user, map_id)
    source = access.map
    to_be = source.state == MapState.AS_IS and request.GET.get("to_be") == "1"
    initial = (
        {"title": _("%s (to-be)") % source.title, "state": MapState.TO_BE}
        if to_be
        else {"title": _("%s (copy)") % source.title, "state": source.state}
    )
    form = DuplicateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        copy = map_duplicate(journey_map=source, owner=request.user, **form.cleaned_data)
        messages.success(request, _("“%s” is yours to edit.") % copy.title)
        if request.htmx:
            # The form sits in a dialog: the whole page moves on to the new map.
            return HttpResponse(headers={"HX-Redirect": copy.get_absolute_url()})
        return redirect(copy)
    title = _("Create the to-be of “%s”") % source.title if to_be else _("Duplicate “%s”") % source.title
    context = {
        "map": source,
        "access": access,
        "form": form,
        "title": title,
        "action": reverse("maps:duplicate", args=[map_id]),
        "copying": True,
        "help": _(
            "The copy has the stages, lanes, touchpoints, pain points, opportunities and personas, and you as its owner. A to-be copy of an as-is map stays linked to it, to compare the two."
        ),
    }
    return page_or_fragment(request, "item_form.html", "form", context, status=INVALID if form.errors else 200)


# Working at the same time


@login_required
@require_GET
def changes(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_viewing(request.user, map_id)
    presence_seen(journey_map=access.map, user=request.user)
    state = live_state(access.map, request.user)
    events = state.events_since(request.GET.get("since", ""))
    if not events:
        return HttpResponse(status=204)
    response = render(
        request, "review/_live.html#live", {"map": access.map, "live": state, "poll_seconds": POLL_SECONDS}
    )
    return announce(response, *events)


# Share links


@login_required
@require_http_methods(["GET", "POST"])
def share_links(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_managing(request.user, map_id)
    form = ShareLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        share_link_create(journey_map=access.map, user=request.user, **form.cleaned_data)
        return redirect("maps:share", map_id)
    context = {"map": access.map, "access": access, "form": form, "links": active_links(access.map)}
    return render(request, "review/share.html", context, status=INVALID if form.errors else 200)


@login_required
@require_POST
def share_link_revoke_view(request: HtmxHttpRequest, map_id: int, link_id: int) -> HttpResponse:
    access = map_for_managing(request.user, map_id)
    share_link_revoke(link=get_object_or_404(ShareLink, map=access.map, pk=link_id))
    messages.success(request, _("The link no longer works."))
    return redirect("maps:share", map_id)


@require_GET
def shared(request: HtmxHttpRequest, token: str) -> HttpResponse:
    journey_map = shared_map(token)
    context = {
        "map": journey_map,
        "grid": map_grid(journey_map),
        "shared": True,
        "token": token,
        "figures_url": reverse("maps:shared-swimlane", args=[token]),
    }
    return render(request, "review/shared.html", context)


@require_GET
def shared_swimlane(request: HtmxHttpRequest, token: str) -> HttpResponse:
    journey_map = shared_map(token)
    response = HttpResponse(
        figures_json({"swimlane": swimlane_figure(map_grid(journey_map))}), content_type="application/json"
    )
    response["Cache-Control"] = "no-store"
    return response
