from django.db import models
from django.utils.translation import gettext_lazy as _

AVATAR_COLOURS = ["#4f6bed", "#0e9f6e", "#d97706", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626"]


class PersonaQuerySet(models.QuerySet):
    def active(self) -> "PersonaQuerySet":
        return self.filter(archived=False)


class Persona(models.Model):
    """A concrete customer profile: as specific as a real person, so a team can ask
    "how would she react to this?"."""

    name = models.CharField(_("name"), max_length=120)
    photo = models.ImageField(_("photo"), upload_to="personas/", blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    occupation = models.CharField(_("occupation"), max_length=120, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    segment = models.CharField(_("segment"), max_length=120, blank=True)
    quote = models.CharField(_("quote"), max_length=300, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    needs = models.TextField(_("needs"), blank=True)
    frustrations = models.TextField(_("frustrations"), blank=True)
    motivations = models.TextField(_("motivations"), blank=True)
    hobbies = models.TextField(_("hobbies"), blank=True)
    preferred_channels = models.ManyToManyField(
        "touchpoints.Channel", verbose_name=_("preferred channels"), related_name="personas", blank=True
    )
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age__isnull=True) | models.Q(age__lte=120), name="persona_age_plausible"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in self.name.split()[:2]).upper() or "?"

    @property
    def avatar_colour(self) -> str:
        return AVATAR_COLOURS[(self.pk or 0) % len(AVATAR_COLOURS)]
