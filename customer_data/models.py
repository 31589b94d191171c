"""Customer interaction logs of a map, and the pain points their analysis suggests."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maps.models import JourneyMap, Stage
from touchpoints.models import PainCause, Severity


class ImportStatus(models.TextChoices):
    READING = "reading", _("Reading the file")
    NEEDS_MAPPING = "needs_mapping", _("Waiting for the channel and touchpoint mapping")
    ANALYSING = "analysing", _("Analysing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class InteractionImport(models.Model):
    """One uploaded interaction log of a map and what the analysis found in it.

    The analysis runs outside the request; `progress` and `message` tell the page how
    far it got, `results` holds the figures the page shows.
    """

    RUNNING = (ImportStatus.READING, ImportStatus.ANALYSING)

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="interaction_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    language = models.CharField(_("language"), max_length=15, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.READING)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    message = models.TextField(_("message"), blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    customer_count = models.PositiveIntegerField(_("customers"), default=0)
    values = models.JSONField(
        _("values found"), default=dict, blank=True, help_text=_("Channels, touchpoints and stages named in the file.")
    )
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)
    results = models.JSONField(_("results"), default=dict, blank=True)
    metrics_applied_at = models.DateTimeField(_("metrics written to the map"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "maps_interactionimport"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("interaction import")
        verbose_name_plural = _("interaction imports")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="interaction_import_progress_percent"),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING


class CandidateKind(models.TextChoices):
    LOW_SATISFACTION = "low_satisfaction", _("Low satisfaction")
    HIGH_DROP_OFF = "high_drop_off", _("High drop-off")
    LONG_WAIT = "long_wait", _("Long wait")
    BACK_AND_FORTH = "back_and_forth", _("Back and forth between channels")


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")


class PainPointCandidate(models.Model):
    """A pain point the data suggests; a person accepts it into the map or dismisses it."""

    interaction_import = models.ForeignKey(InteractionImport, on_delete=models.CASCADE, related_name="candidates")
    kind = models.CharField(_("kind"), max_length=20, choices=CandidateKind.choices)
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="+")
    touchpoint = models.ForeignKey(
        "touchpoints.Touchpoint", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices, default=Severity.MEDIUM)
    cause = models.CharField(_("cause"), max_length=20, choices=PainCause.choices, default=PainCause.OTHER)
    evidence = models.JSONField(_("evidence"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.OPEN)
    pain_point = models.ForeignKey(
        "touchpoints.PainPoint", on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "maps_painpointcandidate"
        ordering = ["interaction_import", "-severity", "pk"]
        verbose_name = _("pain-point candidate")
        verbose_name_plural = _("pain-point candidates")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.pk})"
