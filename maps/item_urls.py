from django.urls import path

from maps import item_views as views
from maps import picker_views, read_views, rename_views

urlpatterns = [
    path("maps/<int:map_id>/cells/<int:stage_id>/<int:lane_id>/touchpoints/new/", views.touchpoint_new, name="new"),
    path("maps/<int:map_id>/touchpoints/search/", picker_views.touchpoint_search, name="search"),
    path("maps/<int:map_id>/touchpoints/<int:touchpoint_id>/", read_views.touchpoint_view, name="view"),
    path("maps/<int:map_id>/touchpoints/<int:touchpoint_id>/edit/", views.touchpoint_edit, name="edit"),
    path("maps/<int:map_id>/pain-points/<int:pain_point_id>/", read_views.pain_point_view, name="pain-point-view"),
    path("maps/<int:map_id>/opportunities/<int:opportunity_id>/", read_views.opportunity_view, name="opportunity-view"),
    path("maps/<int:map_id>/touchpoints/<int:touchpoint_id>/rename/", rename_views.touchpoint_rename, name="rename"),
    path("maps/<int:map_id>/touchpoints/<int:touchpoint_id>/move/", views.touchpoint_move_view, name="move"),
    path("maps/<int:map_id>/touchpoints/<int:touchpoint_id>/delete/", views.touchpoint_delete, name="delete"),
    path("maps/<int:map_id>/stages/<int:stage_id>/pain-points/new/", views.pain_point_new, name="pain-point-new"),
    path("maps/<int:map_id>/pain-points/<int:pain_point_id>/edit/", views.pain_point_edit, name="pain-point-edit"),
    path(
        "maps/<int:map_id>/pain-points/<int:pain_point_id>/delete/", views.pain_point_delete, name="pain-point-delete"
    ),
    path("maps/<int:map_id>/stages/<int:stage_id>/opportunities/new/", views.opportunity_new, name="opportunity-new"),
    path("maps/<int:map_id>/opportunities/<int:opportunity_id>/edit/", views.opportunity_edit, name="opportunity-edit"),
    path(
        "maps/<int:map_id>/opportunities/<int:opportunity_id>/delete/",
        views.opportunity_delete,
        name="opportunity-delete",
    ),
]
