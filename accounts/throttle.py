"""Throttled log-ins: after `LOGIN_FAILURE_LIMIT` failed log-ins in a row on one account, or
`LOGIN_ADDRESS_FAILURE_LIMIT` from one address (whatever the accounts tried), log-ins are
refused for `LOGIN_LOCKOUT`, the right password included.

The counts live in the cache, which every app server shares (Redis, or the database cache),
and are kept for one lock-out period after the first failure. A success forgets the
account's count, not the address's: one account that works must not buy more guesses at
the others. `LoginThrottleBackend` stands first among the authentication backends, so the
admin's login is throttled too, and a locked log-in is refused before any password is
checked.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

logger = logging.getLogger("journeymap")


@dataclass(frozen=True)
class Counter:
    """The failures of one account or one address."""

    name: str  # for the log: "account" or "address"
    key: str
    limit: int

    @property
    def lock_key(self) -> str:
        return f"{self.key}:locked"


def client_address(request: HttpRequest | None) -> str | None:
    """The address a request came from. Behind `PROXY_COUNT` proxies it is the entry they
    added to X-Forwarded-For, counted from the right: what comes before it, the client wrote."""
    if request is None:
        return None
    if settings.PROXY_COUNT:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR") or None


def _counters(username: str | None, address: str | None) -> list[Counter]:
    counters = []
    if username:
        # Hashed: any text can be typed as a user name, and a cache key must stay short and plain.
        digest = hashlib.sha256(username.casefold().encode()).hexdigest()
        counters.append(Counter("account", f"login-failures:account:{digest}", settings.LOGIN_FAILURE_LIMIT))
    if address:
        counters.append(Counter("address", f"login-failures:address:{address}", settings.LOGIN_ADDRESS_FAILURE_LIMIT))
    return counters


def locked_until(username: str | None, address: str | None) -> datetime | None:
    """When log-ins with this user name or from this address are allowed again; None if they are now."""
    locks = cache.get_many([counter.lock_key for counter in _counters(username, address)])
    now = timezone.now()
    return max((until for until in locks.values() if until > now), default=None)


def record_failure(username: str | None, address: str | None) -> None:
    lockout = settings.LOGIN_LOCKOUT
    for counter in _counters(username, address):
        cache.add(counter.key, 0, timeout=lockout.total_seconds())
        try:
            failures = cache.incr(counter.key)
        except ValueError:  # the count expired between the two calls
            cache.set(counter.key, failures := 1, timeout=lockout.total_seconds())
        if failures >= counter.limit:
            until = timezone.now() + lockout
            cache.set(counter.lock_key, until, timeout=lockout.total_seconds())
            cache.delete(counter.key)
            logger.warning(
                "Log-ins locked until %s after %d failures from one %s%s",
                until.isoformat(timespec="seconds"),
                failures,
                counter.name,
                f" ({address})" if counter.name == "address" else "",
            )


def forget_account_failures(username: str) -> None:
    cache.delete_many([counter.key for counter in _counters(username, None)])


class LoginThrottleBackend:
    """Authenticates nobody: refuses a locked account or address, so that the backends after
    it never check the password. No `get_user`, so that no session is ever tied to it
    (Django's force_login takes the first backend that has one)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if locked_until(username, client_address(request)) is not None:
            raise PermissionDenied
        return None


@receiver(user_login_failed, dispatch_uid="accounts.count_login_failure")
def count_login_failure(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    username, address = credentials.get("username"), client_address(request)
    # Refusals during a lock-out are not counted: the lock ends when it said it would.
    if locked_until(username, address) is None:
        record_failure(username, address)


@receiver(user_logged_in, dispatch_uid="accounts.forget_login_failures")
def forget_login_failures(sender, request: HttpRequest | None, user, **kwargs) -> None:
    forget_account_failures(user.get_username())
