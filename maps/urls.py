from django.urls import path

from maps import chart_views, data_views, review_views, views

app_name = "maps"
urlpatterns = [
    path("", views.map_list, name="list"),
    path("maps/new/", views.map_new, name="new"),
    path("maps/<int:map_id>/", views.map_detail, name="detail"),
    path("maps/<int:map_id>/grid/", views.grid_fragment, name="grid"),
    path("maps/<int:map_id>/emotion/", views.emotion_row, name="emotion-row"),
    path("maps/<int:map_id>/stages/new/", views.stage_new, name="stage-new"),
    path("maps/<int:map_id>/stages/<int:stage_id>/edit/", views.stage_edit, name="stage-edit"),
    path("maps/<int:map_id>/stages/<int:stage_id>/move/", views.stage_move, name="stage-move"),
    path("maps/<int:map_id>/stages/<int:stage_id>/delete/", views.stage_delete, name="stage-delete"),
    path("maps/<int:map_id>/lanes/new/", views.lane_new, name="lane-new"),
    path("maps/<int:map_id>/lanes/<int:lane_id>/move/", views.lane_move, name="lane-move"),
    path("maps/<int:map_id>/lanes/<int:lane_id>/delete/", views.lane_delete, name="lane-delete"),
    path("maps/<int:map_id>/undo/<int:deleted_id>/", views.undo_delete, name="undo"),
    # The map as pictures: swimlane, presentation, analytics and exports.
    path("maps/<int:map_id>/swimlane/", chart_views.swimlane, name="swimlane"),
    path("maps/<int:map_id>/swimlane.json", chart_views.swimlane_json, name="swimlane-json"),
    path("maps/<int:map_id>/present/", chart_views.present, name="present"),
    path("maps/<int:map_id>/analytics/", chart_views.analytics, name="analytics"),
    path("maps/<int:map_id>/analytics.json", chart_views.analytics_json, name="analytics-json"),
    path("maps/<int:map_id>/export/swimlane.<str:format>", chart_views.export, name="export"),
    # The map's data in and out: exports, imports and customer interaction logs.
    path("maps/<int:map_id>/export.json", data_views.export_json, name="export-json"),
    path("maps/<int:map_id>/export.csv", data_views.export_csv, name="export-csv"),
    path("maps/<int:map_id>/export.xlsx", data_views.export_xlsx, name="export-xlsx"),
    path("maps/<int:map_id>/import/", data_views.import_page, name="import"),
    path("maps/<int:map_id>/import/template.<str:format>", data_views.spreadsheet_template, name="spreadsheet-template"),
    path("maps/<int:map_id>/import/spreadsheet/", data_views.import_spreadsheet, name="import-spreadsheet"),
    path(
        "maps/<int:map_id>/import/spreadsheet/<int:upload_id>/",
        data_views.import_spreadsheet_review,
        name="import-spreadsheet-review",
    ),
    path("maps/<int:map_id>/import/json/", data_views.replace_json, name="replace-json"),
    path("maps/<int:map_id>/import/json/<int:upload_id>/", data_views.replace_json_review, name="replace-json-review"),
    path("maps/import/json/", data_views.import_json, name="import-json"),
    path("maps/import/json/<int:upload_id>/", data_views.import_json_review, name="import-json-review"),
    path("schema/journey-map.schema.json", data_views.schema, name="schema"),
    path("maps/<int:map_id>/interactions/", data_views.interaction_list, name="interactions"),
    path("maps/<int:map_id>/interactions/upload/", data_views.interaction_upload, name="interaction-upload"),
    path("maps/<int:map_id>/interactions/sample.csv", data_views.interaction_sample, name="interaction-sample"),
    path("maps/<int:map_id>/interactions/<int:import_id>/", data_views.interaction_detail, name="interaction-detail"),
    path(
        "maps/<int:map_id>/interactions/<int:import_id>/figures.json",
        data_views.interaction_figures,
        name="interaction-figures",
    ),
    path(
        "maps/<int:map_id>/interactions/<int:import_id>/mapping/",
        data_views.interaction_mapping,
        name="interaction-mapping",
    ),
    path(
        "maps/<int:map_id>/interactions/<int:import_id>/apply-metrics/",
        data_views.interaction_apply,
        name="interaction-apply",
    ),
    path("maps/<int:map_id>/candidates/<int:candidate_id>/accept/", data_views.candidate_accept, name="candidate-accept"),
    path("maps/<int:map_id>/candidates/<int:candidate_id>/dismiss/", data_views.candidate_dismiss, name="candidate-dismiss"),
]

# ---------------------------------------------------------------------------
# Review and collaboration (issue 5): comments, notifications, the review workflow,
# the activity feed, versions, the live poll and share links (maps/review_views.py).
# ---------------------------------------------------------------------------

urlpatterns += [
    path("maps/<int:map_id>/comments/", review_views.comment_panel, name="comments"),
    path("maps/<int:map_id>/comments/new/", review_views.comment_new, name="comment-new"),
    path("maps/<int:map_id>/comments/<int:comment_id>/edit/", review_views.comment_edit_view, name="comment-edit"),
    path("maps/<int:map_id>/comments/<int:comment_id>/delete/", review_views.comment_delete_view, name="comment-delete"),
    path("maps/<int:map_id>/comments/<int:comment_id>/resolve/", review_views.thread_resolve_view, name="comment-resolve"),
    path("maps/<int:map_id>/comments/<int:comment_id>/reopen/", review_views.thread_reopen_view, name="comment-reopen"),
    path("notifications/", review_views.notification_list, name="notifications"),
    path("notifications/count/", review_views.notification_count, name="notification-count"),
    path("notifications/read/", review_views.notifications_read, name="notifications-read"),
    path("maps/<int:map_id>/review/", review_views.review_bar_view, name="review"),
    path("maps/<int:map_id>/review/submit/", review_views.review_submit, name="review-submit"),
    path("maps/<int:map_id>/review/request-changes/", review_views.review_request_changes, name="review-request-changes"),
    path("maps/<int:map_id>/review/approve/", review_views.review_approve, name="review-approve"),
    path("maps/<int:map_id>/activity/", review_views.activity_view, name="activity"),
    path("maps/<int:map_id>/versions/", review_views.version_list, name="versions"),
    path("maps/<int:map_id>/versions/new/", review_views.version_new, name="version-new"),
    path("maps/<int:map_id>/versions/compare/", review_views.version_compare, name="version-compare"),
    path("maps/<int:map_id>/versions/<int:number>/restore/", review_views.version_restore_view, name="version-restore"),
    path("maps/<int:map_id>/versions/<int:number>/duplicate/", review_views.version_duplicate, name="version-duplicate"),
    path("maps/<int:map_id>/changes/", review_views.changes, name="changes"),
    path("maps/<int:map_id>/share/", review_views.share_links, name="share"),
    path("maps/<int:map_id>/share/<int:link_id>/revoke/", review_views.share_link_revoke_view, name="share-revoke"),
    path("s/<str:token>/", review_views.shared, name="shared"),
    path("s/<str:token>/swimlane.json", review_views.shared_swimlane, name="shared-swimlane"),
]
