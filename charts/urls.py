"""The map as pictures: swimlane, analytics and exports."""

from django.urls import path

from charts import views

urlpatterns = [
    path("maps/<int:map_id>/swimlane/", views.swimlane, name="swimlane"),
    path("maps/<int:map_id>/swimlane.json", views.swimlane_json, name="swimlane-json"),
    path("maps/<int:map_id>/analytics/", views.analytics, name="analytics"),
    path("maps/<int:map_id>/analytics.json", views.analytics_json, name="analytics-json"),
    path("maps/<int:map_id>/export/swimlane.<str:format>", views.export, name="export"),
    path("maps/<int:map_id>/pictures/<int:picture_id>/", views.picture, name="picture"),
    path("maps/<int:map_id>/pictures/<int:picture_id>/status", views.picture_status, name="picture-status"),
]
