"""Customer interaction logs of a map and what their analysis finds."""

from django.urls import path

from customer_data import views

urlpatterns = [
    path("maps/<int:map_id>/interactions/", views.interaction_list, name="interactions"),
    path("maps/<int:map_id>/interactions/upload/", views.interaction_upload, name="interaction-upload"),
    path("maps/<int:map_id>/interactions/sample.csv", views.interaction_sample, name="interaction-sample"),
    path("maps/<int:map_id>/interactions/<int:import_id>/", views.interaction_detail, name="interaction-detail"),
    path(
        "maps/<int:map_id>/interactions/<int:import_id>/figures.json",
        views.interaction_figures,
        name="interaction-figures",
    ),
    path(
        "maps/<int:map_id>/interactions/<int:import_id>/mapping/",
        views.interaction_mapping,
        name="interaction-mapping",
    ),
    path(
        "maps/<int:map_id>/interactions/<int:import_id>/apply-metrics/",
        views.interaction_apply,
        name="interaction-apply",
    ),
    path("maps/<int:map_id>/candidates/<int:candidate_id>/accept/", views.candidate_accept, name="candidate-accept"),
    path("maps/<int:map_id>/candidates/<int:candidate_id>/dismiss/", views.candidate_dismiss, name="candidate-dismiss"),
]
