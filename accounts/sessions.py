"""The session engine (`SESSION_ENGINE = "accounts.sessions"`): Django's cached_db sessions,
whose rows also record the user.

Sessions live in the database and are read through the cache (Redis when configured), so
ending one, at logout or from "log out everywhere", deletes the row and the cached copy:
a copied cookie dies with it, on every app server. Signed cookies could not be revoked.
"""

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import caches
from django.utils import timezone

if TYPE_CHECKING:
    from accounts.models import UserSession


class SessionStore(CachedDBStore):
    # Not Django's prefix: these cached sessions are rows of another table.
    cache_key_prefix = "accounts.sessions."

    @classmethod
    def get_model_class(cls):
        from accounts.models import UserSession

        return UserSession

    def create_model_instance(self, data: dict[str, Any]):
        instance = cast("UserSession", super().create_model_instance(data))
        instance.user_id = _user_id(data)
        return instance


def _user_id(data: dict[str, Any]) -> int | None:
    try:
        return int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None


def active_session_count(user) -> int:
    from accounts.models import UserSession

    return UserSession.objects.filter(user=user, expire_date__gt=timezone.now()).count()


def end_other_sessions(user, current: SessionBase) -> int:
    """End every session of `user` but `current`, and give `current` a new key: a copy of
    its cookie, taken before, stops working too. Returns how many sessions were ended."""
    from accounts.models import UserSession

    others = UserSession.objects.filter(user=user).exclude(session_key=current.session_key)
    keys = list(others.values_list("session_key", flat=True))
    # The rows first: a request that still finds a session in the cache cannot save it back
    # (its row is gone), and finds nothing once the cached copies go too.
    UserSession.objects.filter(session_key__in=keys).delete()
    caches[settings.SESSION_CACHE_ALIAS].delete_many([SessionStore.cache_key_prefix + key for key in keys])
    current.cycle_key()
    return len(keys)
