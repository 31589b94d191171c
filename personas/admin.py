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

    @admin.display(description=_("photo"))
    def avatar(self, persona: Persona) -> str:
        if persona.photo:
            return format_html(
                '<img src="{}" alt="" width="36" height="36" style="border-radius:50%;object-fit:cover">',
                persona.photo.url,
            )
        return format_html(
            '<span style="display:inline-grid;place-items:center;width:36px;height:36px;border-radius:50%;'
            'background:{};color:#fff;font-weight:700">{}</span>',
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
