from django.contrib import admin

from maps.models import Comment, JourneyMap, JourneyTemplate, Lane, MapMember, Stage, TemplateStage


class StageInline(admin.StackedInline):
    model = Stage
    extra = 0
    ordering = ["position"]
    fields = [
        ("position", "name"),
        "description",
        "customer_goal",
        ("drivers", "barriers", "influence"),
        ("target_csat", "target_nps", "target_crr", "target_conversion"),
    ]


class LaneInline(admin.TabularInline):
    model = Lane
    extra = 0
    ordering = ["position"]


class MemberInline(admin.TabularInline):
    model = MapMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(JourneyMap)
class JourneyMapAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "state", "journey_type", "review_status", "updated_at"]
    list_filter = ["state", "journey_type", "review_status"]
    search_fields = ["title", "description", "owner__username"]
    list_select_related = ["owner"]
    filter_horizontal = ["personas"]
    raw_id_fields = ["owner"]
    readonly_fields = ["version", "revision", "created_at", "updated_at"]
    inlines = [MemberInline, StageInline, LaneInline]


@admin.register(MapMember)
class MapMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "map", "role", "added_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "map__title"]
    list_select_related = ["user", "map"]
    raw_id_fields = ["user", "map"]


class TemplateStageInline(admin.TabularInline):
    model = TemplateStage
    extra = 0
    ordering = ["position"]


@admin.register(JourneyTemplate)
class JourneyTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "language", "journey_type", "order"]
    list_editable = ["order"]
    list_filter = ["language", "journey_type"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["suggested_channels"]
    inlines = [TemplateStageInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "map", "author", "created_at", "resolved_at"]
    list_select_related = ["map", "author"]
    raw_id_fields = ["map", "author", "parent", "stage", "touchpoint", "pain_point", "opportunity", "resolved_by"]
