"""PDF reports of a map printed outside the request, by a worker."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from charts.models import PictureStatus
from maps.models import JourneyMap


class PrintedReport(models.Model):
    """The full report of a map as a PDF. A download asks for one and a worker prints it; it is
    kept for a day, so that asking again for the same revision of the map answers at once."""

    WORKING = (PictureStatus.QUEUED, PictureStatus.DRAWING)

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="+")
    revision = models.PositiveIntegerField(_("revision of the map"))
    language = models.CharField(_("language"), max_length=15, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=10, choices=PictureStatus.choices, default=PictureStatus.QUEUED)
    content = models.BinaryField(_("content"), blank=True, default=b"")
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["map", "revision"], name="report_of_map_revision")]
        verbose_name = _("printed report")
        verbose_name_plural = _("printed reports")

    def __str__(self) -> str:
        return self.filename or f"report of map {self.map_id}"

    @property
    def is_working(self) -> bool:
        return self.status in self.WORKING
