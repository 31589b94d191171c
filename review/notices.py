"""Notices: what a person should learn about a map without a comment to point at (they were
added to it, their role changed, the map was handed to them, a reviewer asked for changes
or approved). Each is a notification in the app and, for people with an address, an
e-mail queued once the change is saved."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.languages import each_in_their_language
from journeymap.lib.mail import send_email
from maps.models import JourneyMap
from review.models import Notification

# Backends that take a message but deliver it to nobody: with them, whoever sends an
# invitation is shown its link to pass on themselves.
UNDELIVERED_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def mail_is_delivered() -> bool:
    mailers = getattr(settings, "MAILERS", None) or {}
    backend = mailers.get("default", {}).get("BACKEND") or getattr(settings, "EMAIL_BACKEND", "")
    return backend not in UNDELIVERED_BACKENDS


def display_name(user) -> str:
    return user.get_full_name() or user.username


def notify(*, users: list, journey_map: JourneyMap, kind: str, actor, text: str, site_url: str = "") -> None:
    """Tell each of `users` (never the actor) what `actor` did on the map, in `text`."""
    users = [user for user in users if user.pk != actor.pk]
    if not users:
        return
    Notification.objects.bulk_create(
        Notification(user=user, map=journey_map, kind=kind, actor=actor, text=text[:300]) for user in users
    )
    url = site_url + reverse("maps:detail", args=[journey_map.pk])
    for user in each_in_their_language(user for user in users if user.email):
        subject = _("%(who)s on “%(map)s”") % {"who": display_name(actor), "map": journey_map.title}
        context = {"user": user, "actor": actor, "map": journey_map, "text": text, "url": url}
        body = render_to_string("review/notice_email.txt", context)
        transaction.on_commit(partial(send_email.enqueue, to=user.email, subject=subject, text=body))
