from django.contrib import admin

from review.models import MapVersion


@admin.register(MapVersion)
class MapVersionAdmin(admin.ModelAdmin):
    list_display = ["map", "number", "note", "created_by", "created_at"]
    list_select_related = ["map", "created_by"]
    raw_id_fields = ["map", "created_by"]
