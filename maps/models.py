from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from journeymap.lib.versioning import Versioned
from touchpoints.models import percent_field


class JourneyType(models.TextChoices):
    RATIONAL = "rational", _("Rational")
    EMOTIONAL = "emotional", _("Emotional")
    COMBINED = "combined", _("Combined")


class MapState(models.TextChoices):
    AS_IS = "as_is", _("As-is")
    TO_BE = "to_be", _("To-be")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    REVIEWER = "reviewer", _("Reviewer")
    VIEWER = "viewer", _("Viewer")


class JourneyMapQuerySet(models.QuerySet):
    def visible_to(self, user) -> "JourneyMapQuerySet":
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(members__user=user)

    def annotate_role(self, user) -> "JourneyMapQuerySet":
        """Adds `user_role`: the user's role on each map (None where not a member)."""
        role = MapMember.objects.filter(map=OuterRef("pk"), user=user).values("role")[:1]
        return self.annotate(user_role=Subquery(role))


class JourneyMap(Versioned):
    """One persona's (or several personas') path with a brand, across every channel."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    scope = models.CharField(
        _("scope"), max_length=300, blank=True, help_text=_("Which part of the relationship the map covers.")
    )
    personas = models.ManyToManyField(
        "personas.Persona", related_name="maps", blank=True, verbose_name=_("personas")
    )
    journey_type = models.CharField(
        _("journey type"), max_length=12, choices=JourneyType.choices, default=JourneyType.RATIONAL
    )
    state = models.CharField(_("state"), max_length=8, choices=MapState.choices, default=MapState.AS_IS)
    review_status = models.CharField(
        _("review status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_maps", verbose_name=_("owner")
    )
    template = models.ForeignKey(
        "maps.JourneyTemplate", on_delete=models.SET_NULL, null=True, blank=True, related_name="maps"
    )
    revision = models.PositiveIntegerField(
        _("revision"), default=1, editable=False, help_text=_("Grows with every change anywhere in the map.")
    )
    discussion_revision = models.PositiveIntegerField(
        _("discussion revision"), default=0, editable=False, help_text=_("Grows with every comment and review step.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    objects = JourneyMapQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("journey map")
        verbose_name_plural = _("journey maps")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("maps:detail", args=[self.pk])


class Stage(Versioned):
    """A column of the map, with the drivers / barriers / influence table of the stage."""

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    customer_goal = models.TextField(_("customer goal"), blank=True)
    drivers = models.TextField(
        _("drivers"), blank=True, help_text=_("Questions, thoughts and emotions that move the customer on.")
    )
    barriers = models.TextField(_("barriers"), blank=True, help_text=_("What holds the customer back."))
    influence = models.TextField(
        _("ways to influence"), blank=True, help_text=_("Tools that meet the need and remove the barriers.")
    )
    target_csat = percent_field(_("CSAT target, %"))
    target_nps = models.SmallIntegerField(
        _("NPS target"), null=True, blank=True, validators=[MinValueValidator(-100), MaxValueValidator(100)]
    )
    target_crr = percent_field(_("CRR target, %"))
    target_conversion = percent_field(_("conversion target, %"))

    class Meta:
        ordering = ["map", "position"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["map", "position"], name="stage_position_unique_in_map"),
            models.CheckConstraint(
                condition=Q(target_nps__isnull=True) | Q(target_nps__gte=-100, target_nps__lte=100),
                name="stage_target_nps_range",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 100}),
                    name=f"stage_{field}_percent",
                )
                for field in ("target_csat", "target_crr", "target_conversion")
            ],
        ]

    def __str__(self) -> str:
        return self.name


class Lane(models.Model):
    """A row of the map: one channel, placed on one map at one position."""

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="lanes")
    channel = models.ForeignKey("touchpoints.Channel", on_delete=models.PROTECT, related_name="lanes")
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        ordering = ["map", "position"]
        verbose_name = _("lane")
        verbose_name_plural = _("lanes")
        constraints = [
            models.UniqueConstraint(fields=["map", "position"], name="lane_position_unique_in_map"),
            models.UniqueConstraint(fields=["map", "channel"], name="lane_channel_once_per_map"),
        ]

    def __str__(self) -> str:
        return self.channel.name


class MapMember(models.Model):
    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="map_memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["map", "role", "user__username"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [models.UniqueConstraint(fields=["map", "user"], name="member_once_per_map")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class JourneyTemplate(models.Model):
    """A ready set of stages and suggested lanes to start a map from."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    journey_type = models.CharField(
        _("journey type"), max_length=12, choices=JourneyType.choices, default=JourneyType.RATIONAL
    )
    suggested_channels = models.ManyToManyField(
        "touchpoints.Channel", blank=True, related_name="templates", verbose_name=_("suggested lanes")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("journey template")
        verbose_name_plural = _("journey templates")

    def __str__(self) -> str:
        return self.name


class TemplateStage(models.Model):
    template = models.ForeignKey(JourneyTemplate, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=120)
    customer_goal = models.TextField(_("customer goal"), blank=True)
    drivers = models.TextField(_("drivers"), blank=True)
    barriers = models.TextField(_("barriers"), blank=True)
    influence = models.TextField(_("ways to influence"), blank=True)

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("template stage")
        verbose_name_plural = _("template stages")
        constraints = [models.UniqueConstraint(fields=["template", "position"], name="template_stage_position_unique")]

    def __str__(self) -> str:
        return self.name


class Comment(Versioned):
    """A reviewer's remark on the map or on one of its items; threaded and resolvable."""

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    touchpoint = models.ForeignKey(
        "touchpoints.Touchpoint", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    pain_point = models.ForeignKey(
        "touchpoints.PainPoint", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    opportunity = models.ForeignKey(
        "touchpoints.Opportunity", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    body = models.TextField(_("comment"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Issue 5: an edited comment says so; a deleted one keeps its place in the thread.
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(stage__isnull=True, touchpoint__isnull=True, pain_point__isnull=True, opportunity__isnull=True)
                    | Q(stage__isnull=False, touchpoint__isnull=True, pain_point__isnull=True, opportunity__isnull=True)
                    | Q(stage__isnull=True, touchpoint__isnull=False, pain_point__isnull=True, opportunity__isnull=True)
                    | Q(stage__isnull=True, touchpoint__isnull=True, pain_point__isnull=False, opportunity__isnull=True)
                    | Q(stage__isnull=True, touchpoint__isnull=True, pain_point__isnull=True, opportunity__isnull=False)
                ),
                name="comment_on_at_most_one_item",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class MapVersion(models.Model):
    """A frozen snapshot of a whole map, in the interchange format."""

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    snapshot = models.JSONField(_("snapshot"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["map", "-number"]
        verbose_name = _("map version")
        verbose_name_plural = _("map versions")
        constraints = [models.UniqueConstraint(fields=["map", "number"], name="map_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.map} v{self.number}"


class DeletedItem(models.Model):
    """What a delete removed, kept for a while so that the delete can be undone."""

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="deleted_items")
    label = models.CharField(_("what"), max_length=300)
    payload = models.JSONField()
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    deleted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deleted_at", "-pk"]
        verbose_name = _("deleted item")
        verbose_name_plural = _("deleted items")

    def __str__(self) -> str:
        return self.label


# ---------------------------------------------------------------------------
# Customer data: uploads between preview and confirmation, interaction imports
# and the pain-point candidates they suggest (issue 6). The logic lives in
# maps/interchange.py, maps/spreadsheets.py and maps/interactions.py.
# ---------------------------------------------------------------------------


from touchpoints.models import PainCause, Severity  # noqa: E402  (imported here to keep this section in one place)


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
        ordering = ["-created_at", "-pk"]
        verbose_name = _("staged upload")
        verbose_name_plural = _("staged uploads")

    def __str__(self) -> str:
        return self.file_name


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
        ordering = ["interaction_import", "-severity", "pk"]
        verbose_name = _("pain-point candidate")
        verbose_name_plural = _("pain-point candidates")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.pk})"


# ---------------------------------------------------------------------------
# Review and collaboration (issue 5): notifications, the activity feed, who has
# the map open, and read-only share links. The logic lives in maps/review.py,
# maps/activity.py, maps/live.py and maps/sharing.py.
# ---------------------------------------------------------------------------


class Notification(models.Model):
    """Someone mentioned the user in a comment; read in the app (and by e-mail)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.user} ← {self.actor}"


class ActivityVerb(models.TextChoices):
    ADDED = "added", _("added")
    CHANGED = "changed", _("changed")
    MOVED = "moved", _("moved")
    DELETED = "deleted", _("deleted")
    RESTORED = "restored", _("brought back")
    COMMENTED = "commented", _("commented on")
    STATUS = "status", _("changed the review status of")
    VERSION = "version", _("saved a version of")


class Activity(models.Model):
    """One thing someone did to a map: the map's activity feed."""

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(_("what"), max_length=10, choices=ActivityVerb.choices)
    target = models.CharField(_("item"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["map", "-created_at"], name="activity_feed")]

    def __str__(self) -> str:
        return f"{self.actor} {self.verb} {self.target}"


class MapPresence(models.Model):
    """When a user last had the map open: refreshed by the page's change poll."""

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = _("presence")
        verbose_name_plural = _("presences")
        constraints = [models.UniqueConstraint(fields=["map", "user"], name="presence_once_per_map")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.map_id}"


class ShareLink(models.Model):
    """A secret address that shows the map read-only to anyone who has it."""

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self) -> str:
        return f"{self.map} ({self.created_at:%Y-%m-%d})"
