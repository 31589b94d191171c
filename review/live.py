"""Working on one map at the same time: what changed since the page was drawn, and who
else has the map open.

The page polls `maps:changes` every few seconds with the state it last saw
(`<revision>.<discussion revision>.<ids of the people present>`). The answer is 204 when
nothing changed; otherwise it carries the new state and `HX-Trigger` events that make
the regions refresh themselves. The same poll refreshes the user's presence row. Nothing
lives in a process's memory, so any number of app processes can answer.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from journeymap.lib.events import COMMENTS_STALE, GRID_STALE, NOTIFICATIONS_STALE, PRESENCE_CHANGED, REVIEW_STALE
from maps.models import JourneyMap
from review.models import MapPresence

POLL_SECONDS = 3
PRESENT_FOR = timedelta(seconds=POLL_SECONDS * 4)


@dataclass(frozen=True)
class LiveState:
    revision: int
    discussion: int
    present: tuple[tuple[int, str], ...]  # (user id, name) of the others who have the map open

    @property
    def token(self) -> str:
        return f"{self.revision}.{self.discussion}.{'-'.join(str(pk) for pk, _name in self.present)}"

    def events_since(self, token: str) -> list[str]:
        """The events the page needs to catch up from the state `token` describes."""
        revision, discussion, present = (token.split(".") + ["", "", ""])[:3]
        events = []
        if revision != str(self.revision):
            events.append(GRID_STALE)
        if discussion != str(self.discussion):
            events += [GRID_STALE, COMMENTS_STALE, REVIEW_STALE, NOTIFICATIONS_STALE]
        if present != self.token.split(".")[2]:
            events.append(PRESENCE_CHANGED)
        return list(dict.fromkeys(events))


def presence_seen(*, journey_map: JourneyMap, user) -> None:
    """The user has the map open now: one UPDATE, an INSERT the first time."""
    now = timezone.now()
    if MapPresence.objects.filter(map=journey_map, user=user).update(last_seen=now):
        return
    try:
        with transaction.atomic():
            MapPresence.objects.create(map=journey_map, user=user, last_seen=now)
    except IntegrityError:  # two tabs raced to the first poll
        pass


def live_state(journey_map: JourneyMap, user) -> LiveState:
    """The map's revisions (already read with the map) and who else is there, in one query."""
    others = (
        MapPresence.objects.filter(map=journey_map, last_seen__gte=timezone.now() - PRESENT_FOR)
        .exclude(user=user)
        .order_by("user_id")
        .values_list("user_id", "user__first_name", "user__last_name", "user__username")
    )
    present = tuple((pk, f"{first} {last}".strip() or username) for pk, first, last, username in others)
    return LiveState(journey_map.revision, journey_map.discussion_revision, present)
