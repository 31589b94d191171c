"""Working on one map at the same time: what changed since the page was drawn, and who
else has the map open.

The page polls `maps:changes` every few seconds with the state it last saw
(`<revision>.<discussion revision>.<ids of the people present>`). The answer is 204 when
nothing changed; otherwise it carries the new state and `HX-Trigger` events that make
the regions refresh themselves. The same poll marks the user present, in the cache. Nothing
lives in a process's memory, so any number of app processes can answer (with Redis as
the cache when there are several).
"""

import time
from dataclasses import dataclass

from django.core.cache import cache

from journeymap.lib.events import COMMENTS_STALE, GRID_STALE, NOTIFICATIONS_STALE, PRESENCE_CHANGED, REVIEW_STALE
from maps.models import JourneyMap

POLL_SECONDS = 3
# Someone counts as present for a few polls after their last one, so a slow poll does
# not make them blink out.
PRESENT_FOR = POLL_SECONDS * 4
# A poll refreshes its own mark only when it is this old: most polls write nothing.
REFRESH_AFTER = POLL_SECONDS * 2


def roster_key(map_id: int) -> str:
    """Who has had the map open lately: user id -> name."""
    return f"presence:{map_id}"


def seen_key(map_id: int, user_id: int) -> str:
    """When the user last polled the map; the entry expires when they leave."""
    return f"presence:{map_id}:{user_id}"


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
    """The user has the map open now. Presence lives in the cache (shared by every app
    server when Redis is configured): no database write, and no cache write on most polls."""
    now = time.time()
    seen = cache.get(seen_key(journey_map.pk, user.pk))
    if seen is not None and now - seen < REFRESH_AFTER:
        return
    cache.set(seen_key(journey_map.pk, user.pk), now, timeout=PRESENT_FOR)
    roster = cache.get(roster_key(journey_map.pk)) or {}
    if user.pk not in roster:
        # Two people joining at the same moment may drop one of them from the roster;
        # their next refresh puts them back.
        name = user.get_full_name() or user.get_username()
        cache.set(roster_key(journey_map.pk), roster | {user.pk: name}, timeout=None)


def live_state(journey_map: JourneyMap, user) -> LiveState:
    """The map's revisions (already read with the map) and who else is there: two cache reads."""
    roster: dict[int, str] = cache.get(roster_key(journey_map.pk)) or {}
    others = [pk for pk in sorted(roster) if pk != user.pk]
    seen = cache.get_many([seen_key(journey_map.pk, pk) for pk in others])
    present = tuple((pk, roster[pk]) for pk in others if seen_key(journey_map.pk, pk) in seen)
    return LiveState(journey_map.revision, journey_map.discussion_revision, present)
