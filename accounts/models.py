"""Sessions that know whose they are, so that all of one person's sessions can be ended at once."""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(AbstractBaseSession):
    """Django's session row, plus the user it is logged in as (none for an anonymous visitor)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("user"),
    )

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions import SessionStore

        return SessionStore


class GridZoom(models.TextChoices):
    """How much of each card the map grid shows: more cards at a glance, or more of each."""

    COMPACT = "compact", _("Compact")
    NORMAL = "normal", _("Normal")
    DETAILED = "detailed", _("Detailed")


class Profile(models.Model):
    """What a person chose for themselves, kept with the account so that it follows them to
    every browser they log in on. Made the first time it is needed (`Profile.of`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    # Blank: the browser decides (its language cookie, then Accept-Language).
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    grid_zoom = models.CharField(_("grid zoom"), max_length=10, choices=GridZoom.choices, default=GridZoom.NORMAL)
    # The stages' goal, drivers, barriers, ways to influence and KPIs as rows under the stage names.
    grid_stage_rows = models.BooleanField(_("stage details as rows"), default=False)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def of(cls, user) -> "Profile":
        profile, _created = cls.objects.get_or_create(user=user)
        return profile
