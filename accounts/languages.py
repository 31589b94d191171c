"""The language a person reads the app in.

A browser remembers its choice in Django's language cookie (what `set_language` sets); an
anonymous visitor without one gets the first of their browser's languages (Accept-Language)
that the app speaks. A logged-in person's choice is kept in their profile too, so that it
follows them to every browser: at log-in it is copied into the session, and
`UserLanguageMiddleware` applies it to each of their requests, at no cost in queries.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import TypeGuard

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accounts.models import Profile

SESSION_KEY = "accounts.language"


def native_language_names() -> list[tuple[str, str]]:
    """Each language in its own name (English, 简体中文, 繁體中文, Русский): someone who cannot
    read the current language still finds theirs."""
    return [(code, translation.get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


def is_offered(code: object) -> TypeGuard[str]:
    return code in dict(settings.LANGUAGES)


def remember_language(request: HttpRequest, user, code: str) -> None:
    """Keeps `code` ("" for "as the browser says") as `user`'s language, for this session at once."""
    profile = Profile.of(user)
    if profile.language != code:
        profile.language = code
        profile.save(update_fields=["language"])
    request.session[SESSION_KEY] = code


def each_in_their_language(users: Iterable) -> Iterator:
    """Yields each of `users` with their own language active, so that what is written for
    them (an e-mail) is in it; those who chose none get the current language."""
    users = list(users)
    chosen = dict(
        Profile.objects.filter(user__in=users).exclude(language="").values_list("user_id", "language") if users else []
    )
    current = translation.get_language()
    for user in users:
        with translation.override(chosen.get(user.pk, current)):
            yield user


def set_language_cookie(response: HttpResponse, code: str) -> None:
    if code:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    else:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )


@receiver(user_logged_in, dispatch_uid="accounts.apply_profile_language")
def apply_profile_language(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """Brings the profile's language into the new session. A person without one who chose a
    language in this browser before logging in keeps that choice, now in their profile."""
    if request is None or not hasattr(request, "session"):
        return
    language = Profile.objects.filter(user=user).values_list("language", flat=True).first() or ""
    chosen_here = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if not language and is_offered(chosen_here):
        remember_language(request, user, chosen_here)
    else:
        request.session[SESSION_KEY] = language


class UserLanguageMiddleware:
    """After LocaleMiddleware, which chose from the cookie and Accept-Language: a logged-in
    person's own choice wins, and this browser's cookie learns it, so that the login page
    keeps their language after they log out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.session.get(SESSION_KEY)
        if not is_offered(language):
            return self.get_response(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            set_language_cookie(response, language)
        return response
