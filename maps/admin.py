from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from maps.models import Comment, JourneyMap, JourneyTemplate, Lane, MapMember, Stage, TemplateStage
from maps.services import record_change, record_discussion, record_outside_change
from touchpoints.models import Opportunity, PainPoint, Touchpoint


class RecordsMapChanges(admin.ModelAdmin):
    """What the admin changes in a map moves the map on as the editor's own changes do
    (`record_change`, or `record_discussion` for comments): open pages refresh, and no grid
    read before the change is reused (`maps.selectors.remembered_grid`)."""

    def record(self, map_id: int) -> None:
        record_change(map_id)

    def map_id_of(self, item: Model) -> int:
        return item.map_id  # type: ignore[attr-defined]

    def save_related(self, request: HttpRequest, form: ModelForm, formsets, change: bool) -> None:
        # After the item itself, its many-to-many links and its inlines.
        super().save_related(request, form, formsets, change)
        self.record(self.map_id_of(form.instance))

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        map_id = self.map_id_of(obj)
        super().delete_model(request, obj)
        self.record(map_id)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        map_ids = {self.map_id_of(item) for item in queryset}
        super().delete_queryset(request, queryset)
        for map_id in sorted(map_ids):
            self.record(map_id)


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
class JourneyMapAdmin(RecordsMapChanges):
    list_display = ["title", "owner", "state", "journey_type", "review_status", "updated_at"]
    list_filter = ["state", "journey_type", "review_status"]
    search_fields = ["title", "description", "owner__username"]
    list_select_related = ["owner"]
    filter_horizontal = ["personas"]
    raw_id_fields = ["owner"]
    readonly_fields = ["version", "revision", "created_at", "updated_at"]
    inlines = [MemberInline, StageInline, LaneInline]

    def map_id_of(self, item: Model) -> int:
        return item.pk

    def record(self, map_id: int) -> None:
        # The map's own fields (its review status among them) are the administrator's to set:
        # the map moves on without going back to draft.
        record_outside_change([map_id])


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
class CommentAdmin(RecordsMapChanges):
    list_display = ["__str__", "map", "author", "created_at", "resolved_at"]
    list_select_related = ["map", "author"]
    raw_id_fields = ["map", "author", "parent", "stage", "touchpoint", "pain_point", "opportunity", "resolved_by"]

    def record(self, map_id: int) -> None:
        record_discussion(map_id)


@admin.register(Touchpoint)
class TouchpointAdmin(RecordsMapChanges):
    list_display = ["title", "map", "stage", "lane", "emotion", "is_micro_conversion", "persona"]
    list_filter = ["emotion", "is_micro_conversion", "lane__channel"]
    search_fields = ["title", "description", "map__title"]
    list_select_related = ["map", "stage", "lane__channel", "persona"]
    raw_id_fields = ["map", "stage", "lane", "persona", "next_touchpoints"]
    readonly_fields = ["version"]


@admin.register(PainPoint)
class PainPointAdmin(RecordsMapChanges):
    list_display = ["title", "map", "stage", "severity", "cause"]
    list_filter = ["severity", "cause"]
    search_fields = ["title", "description", "map__title"]
    list_select_related = ["map", "stage"]
    raw_id_fields = ["map", "stage", "touchpoint"]
    readonly_fields = ["version"]


@admin.register(Opportunity)
class OpportunityAdmin(RecordsMapChanges):
    list_display = ["title", "map", "stage", "impact", "effort", "status", "action_owner", "due_date"]
    list_filter = ["status", "impact", "effort"]
    search_fields = ["title", "description", "action", "action_owner", "map__title"]
    list_select_related = ["map", "stage"]
    raw_id_fields = ["map", "stage", "touchpoint", "pain_points"]
    readonly_fields = ["version"]
