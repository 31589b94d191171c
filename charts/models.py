"""Pictures of a map drawn outside the request, by a worker."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maps.models import JourneyMap


class PictureStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    DRAWING = "drawing", _("Drawing")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Picture(models.Model):
    """A PNG, SVG or PDF of a map's swimlane. A download asks for one and a worker draws it;
    it is kept for a day, so that asking again for the same revision of the map answers at once."""

    WORKING = (PictureStatus.QUEUED, PictureStatus.DRAWING)

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="+", verbose_name=_("map"))
    revision = models.PositiveIntegerField(_("revision of the map"))
    persona_id = models.PositiveBigIntegerField(_("persona"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=4)
    language = models.CharField(_("language"), max_length=15, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=10, choices=PictureStatus.choices, default=PictureStatus.QUEUED)
    content = models.BinaryField(_("content"), blank=True, default=b"")
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["map", "revision", "format"], name="picture_of_map_revision")]
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")

    def __str__(self) -> str:
        return self.filename or f"{self.format} of map {self.map_id}"

    @property
    def is_working(self) -> bool:
        return self.status in self.WORKING
