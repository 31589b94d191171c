"""Comments on a map and on its items: threads, resolving, editing, @mentions and the
notifications they send.

A thread is a comment without a parent; replies hang on it. A thread is open until
someone resolves it. Deleting a comment keeps its place in the thread (the text goes,
the replies stay), so nobody else's words disappear with it.
"""

import re
from dataclasses import dataclass
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Model, Prefetch, Q, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.languages import each_in_their_language
from journeymap.lib.ids import parse_id
from journeymap.lib.mail import send_email
from journeymap.lib.versioning import save_versioned
from maps.activity import activity_quote_comment, activity_record, item_label
from maps.models import OPEN_THREAD, ActivityVerb, Comment, JourneyMap, Stage
from maps.services import record_discussion
from review.models import Notification, NotificationKind
from touchpoints.models import Opportunity, PainPoint, Touchpoint

# What a comment can be on, besides the map itself: the name of its field on Comment.
ITEM_KINDS: dict[str, type[Model]] = {
    "stage": Stage,
    "touchpoint": Touchpoint,
    "pain_point": PainPoint,
    "opportunity": Opportunity,
}
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+)")
OPEN = OPEN_THREAD
# How much of a comment the activity feed quotes.
FEED_QUOTE = 120


# Reads


@dataclass(frozen=True)
class ThreadFilter:
    show: str = "open"  # open, resolved, mine or all
    item: str = ""  # "touchpoint:12"; empty for every thread of the map

    SHOWS = ("open", "resolved", "mine", "all")

    @classmethod
    def from_query(cls, query) -> "ThreadFilter":
        show = query.get("show", "open")
        item = query.get("item", "")
        return cls(show if show in cls.SHOWS else "open", item if parse_item_ref(item) else "")


def parse_item_ref(ref: str) -> tuple[str, int] | None:
    kind, _sep, pk = (ref or "").partition(":")
    number = parse_id(pk)
    return (kind, number) if kind in ITEM_KINDS and number is not None else None


def comment_target(journey_map: JourneyMap, ref: str) -> Model | None:
    """The item of this map that `ref` ("touchpoint:12") names; None for the map itself, 404 for a stranger."""
    if not ref:
        return None
    parsed = parse_item_ref(ref)
    item = parsed and ITEM_KINDS[parsed[0]]._default_manager.filter(map=journey_map, pk=parsed[1]).first()
    if not item:
        raise Http404(_("No such item on this map."))
    return item


def item_ref(item: Model) -> str:
    kind = next(kind for kind, model in ITEM_KINDS.items() if isinstance(item, model))
    return f"{kind}:{item.pk}"


def map_threads(journey_map: JourneyMap, user, thread_filter: ThreadFilter) -> QuerySet[Comment]:
    """The map's threads, newest first, with their replies: three queries, whatever their number."""
    threads = Comment.objects.filter(map=journey_map, parent__isnull=True)
    if thread_filter.show == "open":
        threads = threads.filter(resolved_at__isnull=True)
    elif thread_filter.show == "resolved":
        threads = threads.filter(resolved_at__isnull=False)
    elif thread_filter.show == "mine":
        threads = threads.filter(Q(author=user) | Q(replies__author=user)).distinct()
    if parsed := parse_item_ref(thread_filter.item):
        threads = threads.filter(**{f"{parsed[0]}_id": parsed[1]})
    replies = Comment.objects.select_related("author").order_by("created_at", "pk")
    return (
        threads.select_related("author", "resolved_by", "stage", "touchpoint", "pain_point", "opportunity")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("-created_at", "-pk")
    )


def comment_item(comment: Comment) -> Model | None:
    return comment.stage or comment.touchpoint or comment.pain_point or comment.opportunity


def comment_for_author(journey_map: JourneyMap, user, comment_id: int) -> Comment:
    """One's own comment on this map; 404 for anybody else's."""
    comment = Comment.objects.filter(map=journey_map, pk=comment_id, author=user, deleted_at__isnull=True).first()
    if comment is None:
        raise Http404(_("No such comment of yours."))
    return comment


def thread_of(journey_map: JourneyMap, comment_id: int) -> Comment:
    thread = Comment.objects.filter(map=journey_map, pk=comment_id, parent__isnull=True).first()
    if thread is None:
        raise Http404(_("No such thread."))
    return thread


def mentioned_members(journey_map: JourneyMap, body: str, *, author) -> list:
    """The members of the map named as @username in `body` (never the author)."""
    names = {name.rstrip(".") for name in MENTION.findall(body)}
    if not names:
        return []
    return list(
        get_user_model()
        .objects.filter(map_memberships__map=journey_map, username__in=names)
        .exclude(pk=author.pk)
        .order_by("username")
    )


def visible_notifications(user) -> QuerySet[Notification]:
    """A user's notifications about maps they can still see: leaving a map ends them, but
    for the news about their own place on it (such as having been removed)."""
    return Notification.objects.filter(user=user).filter(
        Q(map__in=JourneyMap.objects.visible_to(user)) | Q(kind=NotificationKind.MEMBERSHIP)
    )


def unread_count(user) -> int:
    return visible_notifications(user).filter(read_at__isnull=True).count()


def notifications_for(user) -> QuerySet[Notification]:
    return visible_notifications(user).select_related("actor", "map", "comment").order_by("-created_at", "-pk")


# Writes


@transaction.atomic
def comment_create(
    *,
    journey_map: JourneyMap,
    author,
    body: str,
    item: Model | None = None,
    parent: Comment | None = None,
    site_url: str = "",
) -> Comment:
    """A new thread on the map or one of its items, or a reply to a thread."""
    if parent is not None:
        item = comment_item(parent)
        if parent.resolved_at:
            Comment.objects.filter(pk=parent.pk).update(resolved_at=None, resolved_by=None)
    on_item = {} if item is None else {item_ref(item).partition(":")[0]: item}
    comment = Comment.objects.create(map=journey_map, author=author, body=body, parent=parent, **on_item)
    record_discussion(journey_map.pk)
    activity_record(
        map_id=journey_map.pk,
        verb=ActivityVerb.COMMENTED,
        target=_comment_place(comment),
        detail=body[:FEED_QUOTE],
        comment=comment,
    )
    notify_mentions(comment, mentioned_members(journey_map, body, author=author), site_url=site_url)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, body: str, expected_version: int, site_url: str = "") -> Comment:
    """Change one's own comment, if nobody resolved or edited it meanwhile (`StaleVersion`)."""
    already = {user.pk for user in mentioned_members(comment.map, comment.body, author=comment.author)}
    comment.body, comment.edited_at = body, timezone.now()
    save_versioned(comment, expected_version=expected_version, fields=["body", "edited_at"])
    activity_quote_comment(comment, body[:FEED_QUOTE])
    record_discussion(comment.map_id)
    newly = [user for user in mentioned_members(comment.map, body, author=comment.author) if user.pk not in already]
    notify_mentions(comment, newly, site_url=site_url)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment) -> None:
    """The text goes, from the thread and from the activity feed; the place in the thread
    (and the replies) stay."""
    Comment.objects.filter(pk=comment.pk).update(body="", deleted_at=timezone.now(), version=F("version") + 1)
    Notification.objects.filter(comment=comment).delete()
    activity_quote_comment(comment, "")
    activity_record(
        map_id=comment.map_id,
        verb=ActivityVerb.DELETED,
        target=_("a comment on %(place)s") % {"place": _comment_place(comment)},
    )
    record_discussion(comment.map_id)


def _comment_place(comment: Comment) -> str:
    item = comment_item(comment)
    return item_label(item) if item is not None else _("the map")


@transaction.atomic
def thread_resolve(*, thread: Comment, user, resolved: bool) -> None:
    """Resolve a thread, or open it again."""
    Comment.objects.filter(pk=thread.pk).update(
        resolved_at=timezone.now() if resolved else None,
        resolved_by=user if resolved else None,
        version=F("version") + 1,
    )
    record_discussion(thread.map_id)


def notify_mentions(comment: Comment, users: list, *, site_url: str = "") -> None:
    """An in-app notification for each mentioned member, and an e-mail to those with an address,
    queued once the comment is saved."""
    if not users:
        return
    Notification.objects.bulk_create(
        Notification(user=user, map_id=comment.map_id, comment=comment, actor=comment.author) for user in users
    )
    for user in each_in_their_language(user for user in users if user.email):
        transaction.on_commit(partial(send_email.enqueue, **_mention_mail(comment, user, site_url)))


def _mention_mail(comment: Comment, user, site_url: str) -> dict[str, str]:
    """The mail to `user`, rendered now: the worker that sends it needs nothing but the text."""
    context = {
        "comment": comment,
        "map": comment.map,
        "author": comment.author,
        "user": user,
        "url": site_url + reverse("maps:detail", args=[comment.map_id]) + f"#comment-{comment.pk}",
    }
    subject = _("%(author)s mentioned you on “%(map)s”") % {"author": comment.author.username, "map": comment.map.title}
    return {
        "to": user.email,
        "subject": subject,
        "text": render_to_string("review/mention_email.txt", context),
        "html": render_to_string("review/mention_email.html", context),
    }


@transaction.atomic
def notifications_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
