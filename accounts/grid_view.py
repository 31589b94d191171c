"""How a person likes to read the map grid (zoom, stage details as rows), kept with their
account and copied into each session they log in to, so that the map page reads it with
the session it loads anyway: no query of its own."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from accounts.models import GridZoom, Profile

SESSION_KEY = "grid_view"


def remember_grid_view(request: HttpRequest, profile: Profile) -> None:
    request.session[SESSION_KEY] = {"zoom": profile.grid_zoom, "stage_rows": profile.grid_stage_rows}


def current_grid_view(request: HttpRequest) -> Profile:
    """The reader's choice as an unsaved profile (defaults until they choose)."""
    kept = request.session.get(SESSION_KEY) or {}
    zoom = str(kept["zoom"]) if kept.get("zoom") in GridZoom.values else GridZoom.NORMAL.value
    return Profile(grid_zoom=zoom, grid_stage_rows=bool(kept.get("stage_rows")))


@receiver(user_logged_in, dispatch_uid="accounts.apply_profile_grid_view")
def apply_profile_grid_view(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        remember_grid_view(request, profile)
