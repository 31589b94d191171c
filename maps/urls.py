"""The editor: the map list, a map's grid, its stages and lanes. Named in the `maps` namespace (see journeymap/urls.py)."""

from django.urls import path

from maps import read_views, rename_views, settings_views, undo_views, views

urlpatterns = [
    path("", views.map_list, name="list"),
    path("maps/new/", views.map_new, name="new"),
    path("maps/<int:map_id>/", views.map_detail, name="detail"),
    path("maps/<int:map_id>/grid/", views.grid_fragment, name="grid"),
    path("maps/<int:map_id>/emotion/", views.emotion_row, name="emotion-row"),
    path("maps/<int:map_id>/stages/new/", views.stage_new, name="stage-new"),
    path("maps/<int:map_id>/stages/<int:stage_id>/edit/", views.stage_edit, name="stage-edit"),
    path("maps/<int:map_id>/stages/<int:stage_id>/move/", views.stage_move, name="stage-move"),
    path("maps/<int:map_id>/stages/<int:stage_id>/rename/", rename_views.stage_rename, name="stage-rename"),
    path("maps/<int:map_id>/stages/<int:stage_id>/delete/", views.stage_delete, name="stage-delete"),
    path("maps/<int:map_id>/lanes/new/", views.lane_new, name="lane-new"),
    path("maps/<int:map_id>/lanes/<int:lane_id>/move/", views.lane_move, name="lane-move"),
    path("maps/<int:map_id>/lanes/<int:lane_id>/delete/", views.lane_delete, name="lane-delete"),
    path("maps/<int:map_id>/undo/<int:deleted_id>/", undo_views.undo_delete, name="undo"),
    path("maps/<int:map_id>/recently-deleted/", undo_views.recently_deleted, name="recently-deleted"),
    path("maps/<int:map_id>/personas/<int:persona_id>/", read_views.persona_panel, name="persona"),
    path("maps/<int:map_id>/personas/new/", settings_views.persona_new, name="persona-new"),
    path("maps/<int:map_id>/settings/", settings_views.map_settings, name="settings"),
    path("maps/<int:map_id>/archive/", settings_views.map_archive_view, name="archive"),
    path("maps/<int:map_id>/delete/", settings_views.map_delete, name="delete"),
    path("trash/", settings_views.trash, name="trash"),
    path("trash/<int:map_id>/restore/", settings_views.trash_restore, name="trash-restore"),
]
