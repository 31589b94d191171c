"""The activity feed of a map: who added, changed, moved or deleted what, who commented,
who changed the review status.

The services record what they do with `activity_record`. They do not take the user as an
argument, so the request's user travels in a context variable that `ActorMiddleware`
sets for the length of each request (`acting_as` does the same outside a request).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.paginator import Page, Paginator
from django.db.models import Model
from django.utils.text import capfirst

from maps.models import Activity, Comment, JourneyMap

FEED_PAGE_SIZE = 30

_actor: ContextVar = ContextVar("journeymap_actor", default=None)


class ActorMiddleware:
    """Makes the request's user the actor of every activity recorded while it runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _actor.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)


@contextmanager
def acting_as(user) -> Iterator[None]:
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor():
    actor = _actor.get()
    return actor if actor is not None and actor.is_authenticated else None


def item_label(item: Model) -> str:
    """“Touchpoint “Pays at the till””: what the feed calls an item."""
    return f"{capfirst(item._meta.verbose_name)} “{item}”"


def activity_record(
    *,
    map_id: int,
    verb: str,
    item: Model | None = None,
    target: str = "",
    detail: str = "",
    comment: Comment | None = None,
) -> Activity:
    """One line of the map's feed, by the current actor. A line about a comment names it,
    so that the comment's text can leave the feed with the comment."""
    return Activity.objects.create(
        map_id=map_id,
        actor=current_actor(),
        verb=verb,
        target=(item_label(item) if item is not None else target)[:300],
        detail=detail[:300],
        comment=comment,
    )


def activity_quote_comment(comment: Comment, text: str) -> None:
    """What the feed quotes of `comment` from now on: its new text after an edit, nothing
    once it is deleted (the line that someone commented stays)."""
    Activity.objects.filter(comment=comment).update(detail=text[:300])


def activity_feed(journey_map: JourneyMap, *, page: int | str | None = 1) -> Page:
    activities = Activity.objects.filter(map=journey_map).select_related("actor").order_by("-created_at", "-pk")
    return Paginator(activities, FEED_PAGE_SIZE).get_page(page)
