"""Files between their upload and their confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maps.models import JourneyMap


class UploadKind(models.TextChoices):
    MAP_JSON = "map_json", _("Journey map (JSON)")
    SPREADSHEET = "spreadsheet", _("Spreadsheet of items")


class StagedUpload(models.Model):
    """An uploaded file kept between its preview and its confirmation.

    The bytes live in the database rather than on disk so that any app server can
    show the preview and apply the confirmation.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=UploadKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "maps_stagedupload"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("staged upload")
        verbose_name_plural = _("staged uploads")

    def __str__(self) -> str:
        return self.file_name
