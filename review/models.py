"""Discussion around a map: mention notifications, its frozen versions, who has it open, share links."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maps.models import Comment, JourneyMap


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("Mention")
    MEMBERSHIP = "membership", _("Membership")
    REVIEW = "review", _("Review")


class Notification(models.Model):
    """Something the user should know about a map, read in the app (and by e-mail): someone
    mentioned them in a comment, changed their place on a map, or took a review step on a
    map they edit. `text` says what, in the words of the moment (a role, a review note)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="+", verbose_name=_("map"))
    kind = models.CharField(
        _("kind"), max_length=12, choices=NotificationKind.choices, default=NotificationKind.MENTION
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("comment"),
    )
    text = models.CharField(_("what"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("actor")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        db_table = "maps_notification"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.user} ← {self.actor}"


class MapVersion(models.Model):
    """A frozen snapshot of a whole map, in the interchange format."""

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="versions", verbose_name=_("map"))
    number = models.PositiveIntegerField(_("number"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    snapshot = models.JSONField(_("snapshot"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "maps_mapversion"
        ordering = ["map", "-number"]
        verbose_name = _("map version")
        verbose_name_plural = _("map versions")
        constraints = [models.UniqueConstraint(fields=["map", "number"], name="map_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.map} v{self.number}"


class ShareLink(models.Model):
    """A secret address that shows the map read-only to anyone who has it."""

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="share_links", verbose_name=_("map"))
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        db_table = "maps_sharelink"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self) -> str:
        return f"{self.map} ({self.created_at:%Y-%m-%d})"
