"""Personal API tokens: made, checked and revoked here, shown once.

The secret is `jm_` and 43 random URL-safe characters; the database keeps its SHA-256
(a secret this long needs no slow hash) and its first characters, so that a list of
tokens can be told apart without revealing any of them.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken

SECRET_PREFIX = "jm_"
SHOWN_PREFIX = len(SECRET_PREFIX) + 8
# Writing the last use on every request would turn each read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


class UnusableToken(Exception):
    """The secret names no token, or a revoked or expired one; the message says which."""


def hash_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token of `user`, and its secret: the only time the secret exists in the clear."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, token_hash=hash_of(secret), prefix=secret[:SHOWN_PREFIX], expires_at=expires_at
    )
    return token, secret


def token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def token_user(secret: str) -> ApiToken:
    """The token this secret opens, with its user; `UnusableToken` when it opens nothing."""
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_of(secret)).first()
    if token is None or not token.user.is_active:
        raise UnusableToken(_("Unknown API token."))
    if token.revoked_at is not None:
        raise UnusableToken(_("This API token was revoked."))
    if token.is_expired:
        raise UnusableToken(_("This API token has expired."))
    now = timezone.now()
    stale_mark = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
    ApiToken.objects.filter(stale_mark, pk=token.pk).update(last_used_at=now)
    return token


def tokens_of(user):
    return ApiToken.objects.filter(user=user)
