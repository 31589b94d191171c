from collections.abc import Iterable

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import BooleanField, Case, CharField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from journeymap.lib.text import fold
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


class JourneyMapQuerySet(models.QuerySet["JourneyMap"]):
    def visible_to(self, user) -> "JourneyMapQuerySet":
        """The maps the user may open: a map in the trash is out of everyone's reach but
        its trash page's (see `in_trash_of`)."""
        if not user.is_authenticated:
            return self.none()
        live = self.filter(deleted_at__isnull=True)
        if user.is_superuser:
            return live
        return live.filter(members__user=user)

    def in_trash_of(self, user) -> "JourneyMapQuerySet":
        """The deleted maps the user may bring back: their own (every one, for a superuser)."""
        if not user.is_authenticated:
            return self.none()
        deleted = self.filter(deleted_at__isnull=False)
        return deleted if user.is_superuser else deleted.filter(owner=user)

    # Both annotations are read for every request about a map (`maps.access.map_access`): as
    # SQL written once, they compile in a fraction of the time the ORM's subqueries take.

    def annotate_to_be(self) -> "JourneyMapQuerySet":
        """Adds `has_to_be`: whether a to-be map (not in the trash) points at each map."""
        maps = JourneyMap._meta.db_table
        to_be = f'SELECT 1 FROM "{maps}" AS "to_be" WHERE "to_be"."as_is_id" = "{maps}"."id" AND "to_be"."deleted_at" IS NULL'
        return self.annotate(has_to_be=RawSQL(f"EXISTS({to_be})", (), output_field=BooleanField()))

    def annotate_role(self, user) -> "JourneyMapQuerySet":
        """Adds `user_role`: the user's role on each map (None where not a member)."""
        members, maps = MapMember._meta.db_table, JourneyMap._meta.db_table
        role = f'SELECT "role" FROM "{members}" WHERE "map_id" = "{maps}"."id" AND "user_id" = %s LIMIT 1'
        return self.annotate(user_role=RawSQL(role, (user.pk,), output_field=CharField()))


class JourneyMap(Versioned):
    """One persona's (or several personas') path with a brand, across every channel."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    scope = models.CharField(
        _("scope"), max_length=300, blank=True, help_text=_("Which part of the relationship the map covers.")
    )
    personas = models.ManyToManyField("personas.Persona", related_name="maps", blank=True, verbose_name=_("personas"))
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
    # The to-be map of a journey points at the as-is map it improves on.
    as_is = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="to_be_maps",
        verbose_name=_("as-is map"),
        help_text=_("The as-is map this to-be map improves on."),
    )
    # The review: who submitted the map (they may not approve it themselves), and the note
    # of the last "changes requested" or "approved", shown on the map until the next submission.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_note = models.CharField(_("review note"), max_length=200, blank=True)
    review_note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # In the trash: hidden from everyone, brought back by its owner or purged after 30 days
    # (maps/lifecycle.py).
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    # The title and description folded (journeymap.lib.text.fold), what the map list searches:
    # SQLite's LIKE ignores the case of a–z only, and full-width letters are other letters to it.
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = JourneyMapQuerySet.as_manager()

    SEARCHED_FIELDS = ("title", "description")

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("journey map")
        verbose_name_plural = _("journey maps")

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def search_text_of(title: str, description: str) -> str:
        return fold(f"{title}\n{description}")

    def fields_with_search_text(self, fields: Iterable[str]) -> list[str]:
        """`fields`, and `search_text` brought up to date when they change what it is made of."""
        fields = list(fields)
        if set(fields) & set(self.SEARCHED_FIELDS):
            self.search_text = self.search_text_of(self.title, self.description)
            fields.append("search_text")
        return fields

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.search_text = self.search_text_of(self.title, self.description)
        else:
            kwargs["update_fields"] = self.fields_with_search_text(update_fields)
        super().save(*args, **kwargs)

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

    # What a card or summary item shows besides its columns, given by the reads that draw
    # the grid (maps.selectors): the open comment threads on it and the newest one's text.
    open_comment_count: int
    newest_comment: str | None

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
        return self.channel.display_name


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


class MapInvitation(models.Model):
    """An invitation to a map for an e-mail address without an account: the link in the
    mail carries a secret token, of which only a hash is kept. It works once, until it
    expires or is revoked, and gives the role it was made for."""

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(condition=~Q(role="owner"), name="invitation_not_for_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.map} ({self.get_role_display()})"


class JourneyTemplateQuerySet(models.QuerySet["JourneyTemplate"]):
    def in_language_order(self, language: str) -> "JourneyTemplateQuerySet":
        """The templates in `language` first, then the other languages' in the order of
        settings.LANGUAGES, each language's in its own order."""
        codes = [code for code, _name in settings.LANGUAGES]
        ranked = sorted(codes, key=lambda code: code != language)
        rank = Case(
            *(When(language=code, then=Value(number)) for number, code in enumerate(ranked)), default=len(ranked)
        )
        return self.alias(language_rank=rank).order_by("language_rank", "order", "name")


class JourneyTemplate(models.Model):
    """A ready set of stages and suggested lanes to start a map from."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    # Each language has its own templates, written in that language's words rather than
    # translated field by field, so a template is one row in one language.
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES, default="en")
    description = models.TextField(_("description"), blank=True)
    journey_type = models.CharField(
        _("journey type"), max_length=12, choices=JourneyType.choices, default=JourneyType.RATIONAL
    )
    suggested_channels = models.ManyToManyField(
        "touchpoints.Channel", blank=True, related_name="templates", verbose_name=_("suggested lanes")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    objects = JourneyTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("journey template")
        verbose_name_plural = _("journey templates")
        # Simplified and Traditional Chinese often write a name with the same characters.
        constraints = [
            models.UniqueConstraint(fields=["language", "name"], name="journey_template_language_name_unique")
        ]

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


# A thread that still asks for an answer: not a reply, not resolved, not deleted.
OPEN_THREAD = {"parent__isnull": True, "resolved_at__isnull": True, "deleted_at__isnull": True}


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


class ActivityVerb(models.TextChoices):
    ADDED = "added", _("added")
    CHANGED = "changed", _("changed")
    MOVED = "moved", _("moved")
    DELETED = "deleted", _("deleted")
    RESTORED = "restored", _("brought back")
    COMMENTED = "commented", _("commented on")
    STATUS = "status", _("changed the review status of")
    VERSION = "version", _("saved a version of")
    INVITED = "invited", _("invited")
    JOINED = "joined", _("joined")
    ARCHIVED = "archived", _("archived")


class Activity(models.Model):
    """One thing someone did to a map: the map's activity feed."""

    map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(_("what"), max_length=10, choices=ActivityVerb.choices)
    target = models.CharField(_("item"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    # The comment a "commented on" line quotes: deleting the comment takes the quote away.
    comment = models.ForeignKey(Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["map", "-created_at"], name="activity_feed")]

    def __str__(self) -> str:
        return f"{self.actor} {self.verb} {self.target}"
