"""Who calls the API: a personal token (`Authorization: Bearer …`), or the browser's own
session for same-origin calls, which must then carry the CSRF token to write. Either way
the caller acts as a user, with exactly the rights the pages give that user.

Each token (each session user) may make `API_RATE_LIMIT` requests a minute; the count
lives in the shared cache, so every app server counts together.
"""

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.throttling import BaseThrottle
from ninja.utils import check_csrf

from api.tokens import UnusableToken, token_user

WINDOW = 60  # seconds: the rate limit is per minute


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            api_token = token_user(token)
        except UnusableToken as problem:
            # A wrong token is never passed over to the session: the caller meant the token.
            raise AuthenticationError(message=str(problem)) from None
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


class BrowserSession(APIKeyCookie):
    """The logged-in browser; writes need the CSRF token, as a form post would."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, "The CSRF token is missing or wrong: send it in the X-CSRFToken header.")
        return request.user


class PerCaller(BaseThrottle):
    """`API_RATE_LIMIT` requests a minute per token (per user for a session), counted in a
    fixed window: one atomic increment per request."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "api_token", None)
        caller = f"token:{token.pk}" if token is not None else f"user:{request.user.pk}"
        now = time.time()
        window = int(now // WINDOW)
        self.retry_after = (window + 1) * WINDOW - now
        key = f"api-rate:{caller}:{window}"
        cache.add(key, 0, timeout=WINDOW * 2)
        try:
            count = cache.incr(key)
        except ValueError:  # the entry went between add and incr: count again from here
            cache.set(key, 1, timeout=WINDOW * 2)
            count = 1
        return count <= settings.API_RATE_LIMIT

    def wait(self) -> float | None:
        return self.retry_after
