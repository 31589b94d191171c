from django.contrib import admin
from django.utils.html import format_html

from touchpoints.models import Channel, Opportunity, PainPoint, Touchpoint


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["icon", "name", "kind", "swatch", "order"]
    list_display_links = ["icon", "name"]
    list_editable = ["order"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description="colour")
    def swatch(self, channel: Channel) -> str:
        # The colour as an SVG fill: the Content-Security-Policy refuses style attributes.
        return format_html(
            '<svg class="admin-swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">'
            '<rect width="18" height="18" rx="4" fill="{}"/></svg> {}',
            channel.colour,
            channel.colour,
        )


@admin.register(Touchpoint)
class TouchpointAdmin(admin.ModelAdmin):
    list_display = ["title", "map", "stage", "lane", "emotion", "is_micro_conversion", "persona"]
    list_filter = ["emotion", "is_micro_conversion", "lane__channel"]
    search_fields = ["title", "description", "map__title"]
    list_select_related = ["map", "stage", "lane__channel", "persona"]
    raw_id_fields = ["map", "stage", "lane", "persona", "next_touchpoints"]
    readonly_fields = ["version"]


@admin.register(PainPoint)
class PainPointAdmin(admin.ModelAdmin):
    list_display = ["title", "map", "stage", "severity", "cause"]
    list_filter = ["severity", "cause"]
    search_fields = ["title", "description", "map__title"]
    list_select_related = ["map", "stage"]
    raw_id_fields = ["map", "stage", "touchpoint"]
    readonly_fields = ["version"]


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "map", "stage", "impact", "effort", "status", "action_owner", "due_date"]
    list_filter = ["status", "impact", "effort"]
    search_fields = ["title", "description", "action", "action_owner", "map__title"]
    list_select_related = ["map", "stage"]
    raw_id_fields = ["map", "stage", "touchpoint", "pain_points"]
    readonly_fields = ["version"]
