"""Read-only share links: a random token that shows a map's grid and swimlane to anyone
who has the address, until it expires or its owner revokes it."""

import secrets
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from maps.models import JourneyMap
from review.models import ShareLink


def share_link_create(*, journey_map: JourneyMap, user, expires_in_days: int | None = None) -> ShareLink:
    expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    return ShareLink.objects.create(
        map=journey_map, token=secrets.token_urlsafe(32), created_by=user, expires_at=expires_at
    )


def share_link_revoke(*, link: ShareLink) -> None:
    ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def active_links(journey_map: JourneyMap) -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(map=journey_map, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    )


def shared_map(token: str) -> JourneyMap:
    """The map a live share link shows; 404 for a revoked, expired or made-up token."""
    link = (
        ShareLink.objects.filter(token=token, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .select_related("map")
        .first()
    )
    if link is None:
        raise Http404(_("This link does not work (any more)."))
    return link.map
