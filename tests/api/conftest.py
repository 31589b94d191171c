"""Callers of the API: each member of the cast with a personal token, and the tokens a
server must refuse."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from api.tokens import token_create, token_revoke
from tests.factories import UserFactory


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def api_as(cast) -> Callable[[str], Client]:
    """A client calling as one of the cast (owner, editor, reviewer, viewer, outsider) with a
    fresh token; "anonymous" sends no credentials, "revoked" and "expired" send tokens that
    no longer work."""

    def client(who: str) -> Client:
        if who == "anonymous":
            return Client()
        if who in ("revoked", "expired"):
            user = UserFactory()
            token, secret = token_create(user=user, name=who)
            if who == "revoked":
                token_revoke(token=token)
            else:
                token.expires_at = timezone.now() - timedelta(minutes=1)
                token.save(update_fields=["expires_at"])
            return bearer(secret)
        return bearer(token_create(user=getattr(cast, who), name="tests")[1])

    return client
