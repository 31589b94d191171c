"""Files between their upload and their confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maps.models import JourneyMap


class UploadKind(models.TextChoices):
    MAP_JSON = "map_json", _("Journey map (JSON)")
    SPREADSHEET = "spreadsheet", _("Spreadsheet of items")


class StagedUpload(models.Model):
    """An uploaded file kept between its preview and its confirmation, as it was read.

    The file is read once, within the limits of journeymap/lib/files.py, when it is
    uploaded; `data` keeps what was read (the tables of a spreadsheet, the document of a
    JSON map), so that showing the preview again never reads the file again. It lives in
    the database rather than on disk so that any app server can show the preview and
    apply the confirmation.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    map = models.ForeignKey(
        JourneyMap, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("map")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UploadKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    data = models.JSONField(_("what the file holds"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "maps_stagedupload"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("staged upload")
        verbose_name_plural = _("staged uploads")

    def __str__(self) -> str:
        return self.file_name
