from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from journeymap.lib.loading import QuickLoad
from journeymap.lib.versioning import Versioned

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ChannelKind(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")
    HUMAN = "human", _("Human-assisted")


class ChannelQuerySet(models.QuerySet["Channel"]):
    def named(self, name: str) -> "ChannelQuerySet":
        """The channels called `name` in any language, "Веб-сайт" as well as "website" (case is
        ignored where the database can: SQLite folds a-z only)."""
        in_any_language = models.Q(name__iexact=name)
        for code, _language in settings.LANGUAGES:
            in_any_language |= models.Q(**{f"names__{code}__iexact": name})
        return self.filter(in_any_language)

    def create_named(self, name: str, *, kind: str) -> "Channel":
        """A new library channel whose slug is derived from its name (and kept unique)."""
        base = slugify(name, allow_unicode=True)[:70] or "channel"
        slug, number = base, 1
        while self.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return self.create(name=name, slug=slug, kind=kind, order=1000)


class Channel(models.Model):
    """A way the customer meets the brand; a shared library that every map draws lanes from."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ChannelKind.choices, default=ChannelKind.ONLINE)
    icon = models.CharField(_("icon"), max_length=8, blank=True, help_text=_("An emoji shown next to the name."))
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#64748b",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a hex colour such as #1f6feb."))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # The name in the app's other languages, {"ru": "Веб-сайт", "zh-hans": "网站"}: it comes
    # with the channel's own row, so a page that shows lanes needs no query more for it.
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.CheckConstraint(condition=models.Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="channel_colour_hex"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language; the library name where it has none."""
        return self.name_in(get_language() or "")

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.name


class Emotion(models.IntegerChoices):
    VERY_NEGATIVE = -2, _("Very negative")
    NEGATIVE = -1, _("Negative")
    NEUTRAL = 0, _("Neutral")
    POSITIVE = 1, _("Positive")
    VERY_POSITIVE = 2, _("Very positive")


EMOTION_FACES = {-2: "😣", -1: "🙁", 0: "😐", 1: "🙂", 2: "😄"}


def percent_field(label: "StrOrPromise") -> models.FloatField:
    return models.FloatField(label, null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)])


class Touchpoint(QuickLoad, Versioned):
    """One interaction in one cell (stage x lane) of a map."""

    map = models.ForeignKey("maps.JourneyMap", on_delete=models.CASCADE, related_name="touchpoints")
    stage = models.ForeignKey("maps.Stage", on_delete=models.CASCADE, related_name="touchpoints")
    lane = models.ForeignKey("maps.Lane", on_delete=models.CASCADE, related_name="touchpoints")
    position = models.PositiveIntegerField(_("position in cell"), default=0)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    customer_action = models.TextField(_("customer action"), blank=True)
    emotion = models.SmallIntegerField(_("emotion"), choices=Emotion.choices, default=Emotion.NEUTRAL)
    expectation = models.PositiveSmallIntegerField(
        _("meets expectations"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = far below what the customer expected, 5 = far above."),
    )
    is_micro_conversion = models.BooleanField(_("micro-conversion"), default=False)
    persona = models.ForeignKey(
        "personas.Persona",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="touchpoints",
        verbose_name=_("persona"),
        help_text=_("Empty means every persona of the map."),
    )
    csat = percent_field(_("CSAT, %"))
    nps = models.SmallIntegerField(
        _("NPS"), null=True, blank=True, validators=[MinValueValidator(-100), MaxValueValidator(100)]
    )
    crr = percent_field(_("CRR, %"))
    conversion_rate = percent_field(_("conversion, %"))
    next_touchpoints = models.ManyToManyField(
        "self", symmetrical=False, related_name="previous_touchpoints", blank=True, verbose_name=_("next touchpoints")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What a card or summary item shows besides its columns, given by the reads that draw
    # the grid (maps.selectors): the open comment threads on it and the newest one's text.
    open_comment_count: int
    newest_comment: str | None
    # Its pain points, opportunities and next touchpoints: how many, and the latter's ids
    # (space-separated for the page, a list for the swimlane and the exports).
    pain_point_count: int
    opportunity_count: int
    next_count: int
    next_ids: str | None
    following: list[int]

    class Meta:
        ordering = ["stage__position", "lane__position", "position"]
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        constraints = [
            models.UniqueConstraint(fields=["stage", "lane", "position"], name="touchpoint_position_unique_in_cell"),
            models.CheckConstraint(
                condition=models.Q(emotion__gte=-2, emotion__lte=2), name="touchpoint_emotion_range"
            ),
            models.CheckConstraint(
                condition=models.Q(expectation__isnull=True) | models.Q(expectation__gte=1, expectation__lte=5),
                name="touchpoint_expectation_range",
            ),
            models.CheckConstraint(
                condition=models.Q(nps__isnull=True) | models.Q(nps__gte=-100, nps__lte=100),
                name="touchpoint_nps_range",
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{field}__isnull": True})
                    | models.Q(**{f"{field}__gte": 0, f"{field}__lte": 100}),
                    name=f"touchpoint_{field}_percent",
                )
                for field in ("csat", "crr", "conversion_rate")
            ],
        ]
        indexes = [models.Index(fields=["map", "stage", "lane", "position"])]

    def __str__(self) -> str:
        return self.title

    @property
    def emotion_face(self) -> str:
        return EMOTION_FACES[self.emotion]

    def following_in_cell(self) -> "Touchpoint | None":
        """The card under this one in its cell, where the focus goes when this one is deleted."""
        later = Touchpoint.objects.filter(stage_id=self.stage_id, lane_id=self.lane_id, position__gt=self.position)
        return later.order_by("position").first()


class Severity(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")
    CRITICAL = 4, _("Critical")


class PainCause(models.TextChoices):
    PRODUCT = "product", _("Product")
    SERVICE = "service", _("Customer service")
    DELIVERY = "delivery", _("Delivery time")
    PRICE = "price", _("Price")
    INFORMATION = "information", _("Information")
    USABILITY = "usability", _("Usability")
    OTHER = "other", _("Other")


class PainPoint(QuickLoad, Versioned):
    """A friction, obstacle or frustration at a stage, or at one touchpoint of it."""

    map = models.ForeignKey("maps.JourneyMap", on_delete=models.CASCADE, related_name="pain_points")
    stage = models.ForeignKey("maps.Stage", on_delete=models.CASCADE, related_name="pain_points")
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.CASCADE, null=True, blank=True, related_name="pain_points"
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices, default=Severity.MEDIUM)
    cause = models.CharField(_("cause"), max_length=20, choices=PainCause.choices, default=PainCause.OTHER)
    evidence = models.JSONField(
        _("evidence"), default=dict, blank=True, help_text=_("Figures from customer data that support this pain point.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What a card or summary item shows besides its columns, given by the reads that draw
    # the grid (maps.selectors): the open comment threads on it and the newest one's text.
    open_comment_count: int
    newest_comment: str | None

    class Meta:
        ordering = ["stage__position", "-severity", "pk"]
        verbose_name = _("pain point")
        verbose_name_plural = _("pain points")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(severity__gte=1, severity__lte=4), name="painpoint_severity_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OpportunityStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Quadrant(models.TextChoices):
    QUICK_WIN = "quick_win", _("Quick win")
    BIG_BET = "big_bet", _("Big bet")
    FILL_IN = "fill_in", _("Fill-in")
    MONEY_PIT = "money_pit", _("Money pit")


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Opportunity(QuickLoad, Versioned):
    """An improvement idea and the action that follows it: one row of the action plan."""

    map = models.ForeignKey("maps.JourneyMap", on_delete=models.CASCADE, related_name="opportunities")
    stage = models.ForeignKey("maps.Stage", on_delete=models.CASCADE, related_name="opportunities")
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.CASCADE, null=True, blank=True, related_name="opportunities"
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    action = models.TextField(_("action"), blank=True, help_text=_("What will be done about it."))
    pain_points = models.ManyToManyField(
        PainPoint, blank=True, related_name="opportunities", verbose_name=_("pain points it addresses")
    )
    impact = models.PositiveSmallIntegerField(_("impact"), default=3, validators=SCORE_VALIDATORS)
    effort = models.PositiveSmallIntegerField(_("effort"), default=3, validators=SCORE_VALIDATORS)
    action_owner = models.CharField(_("owner"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OpportunityStatus.choices, default=OpportunityStatus.IDEA
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What a card or summary item shows besides its columns, given by the reads that draw
    # the grid (maps.selectors): the open comment threads on it and the newest one's text.
    open_comment_count: int
    newest_comment: str | None
    # The pain points it addresses, read with the grid.
    addressed: list["PainPoint"]

    class Meta:
        ordering = ["stage__position", "-impact", "effort", "pk"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            models.CheckConstraint(condition=models.Q(impact__gte=1, impact__lte=5), name="opportunity_impact_range"),
            models.CheckConstraint(condition=models.Q(effort__gte=1, effort__lte=5), name="opportunity_effort_range"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def priority_score(self) -> int:
        """1..25: high impact for little effort first."""
        return self.impact * (6 - self.effort)

    @property
    def quadrant(self) -> Quadrant:
        high_impact, high_effort = self.impact >= 3, self.effort >= 3
        if high_impact:
            return Quadrant.BIG_BET if high_effort else Quadrant.QUICK_WIN
        return Quadrant.MONEY_PIT if high_effort else Quadrant.FILL_IN
