from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from personas.models import Persona


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin):
    list_display = ["avatar", "name", "age", "occupation", "segment", "channels", "map_count", "archived"]
    list_display_links = ["avatar", "name"]
    list_filter = ["archived", "segment", "preferred_channels"]
    search_fields = ["name", "occupation", "location", "segment", "quote", "goals", "needs", "frustrations"]
    filter_horizontal = ["preferred_channels"]
    readonly_fields = ["avatar_preview", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", ("photo", "avatar_preview"), "quote", "archived"]}),
        (_("Who they are"), {"fields": [("age", "occupation"), ("location", "segment"), "bio", "hobbies"]}),
        (_("What drives them"), {"fields": ["goals", "needs", "motivations", "frustrations"]}),
        (_("Channels"), {"fields": ["preferred_channels"]}),
        (_("History"), {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]
    actions = ["archive", "unarchive"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Persona]:
        return (
            super()
            .get_queryset(request)
            .annotate(map_total=Count("maps", distinct=True))
            .prefetch_related("preferred_channels")
        )

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description=_("photo"))
    def avatar(self, persona: Persona) -> str:
        if persona.photo:
            return format_html('<img class="admin-avatar" src="{}" alt="" width="36" height="36">', persona.photo.url)
        # The persona's colour as an SVG fill: the Content-Security-Policy refuses style attributes.
        return format_html(
            '<svg class="admin-avatar" width="36" height="36" viewBox="0 0 36 36" aria-hidden="true">'
            '<circle cx="18" cy="18" r="18" fill="{}"/>'
            '<text x="18" y="18" text-anchor="middle" dominant-baseline="central" fill="#fff" font-weight="700">{}</text>'
            "</svg>",
            persona.avatar_colour,
            persona.initials,
        )

    @admin.display(description=_("preview"))
    def avatar_preview(self, persona: Persona) -> str:
        return self.avatar(persona)

    @admin.display(description=_("preferred channels"))
    def channels(self, persona: Persona) -> str:
        return format_html_join(", ", "{} {}", ((c.icon, c.name) for c in persona.preferred_channels.all()))

    @admin.display(description=_("maps"), ordering="map_total")
    def map_count(self, persona: Persona) -> int:
        return getattr(persona, "map_total", 0)

    @admin.action(description=_("Archive the selected personas"))
    def archive(self, request: HttpRequest, queryset: QuerySet[Persona]) -> None:
        queryset.update(archived=True)

    @admin.action(description=_("Bring the selected personas back"))
    def unarchive(self, request: HttpRequest, queryset: QuerySet[Persona]) -> None:
        queryset.update(archived=False)
