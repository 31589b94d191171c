"""Comments, notifications, the review workflow, activity, versions, live updates and share links."""

from django.urls import path

from review import member_views, views

urlpatterns = [
    path("maps/<int:map_id>/comments/", views.comment_panel, name="comments"),
    path("maps/<int:map_id>/comments/new/", views.comment_new, name="comment-new"),
    path("maps/<int:map_id>/comments/<int:comment_id>/edit/", views.comment_edit_view, name="comment-edit"),
    path("maps/<int:map_id>/comments/<int:comment_id>/delete/", views.comment_delete_view, name="comment-delete"),
    path("maps/<int:map_id>/comments/<int:comment_id>/resolve/", views.thread_resolve_view, name="comment-resolve"),
    path("maps/<int:map_id>/comments/<int:comment_id>/reopen/", views.thread_reopen_view, name="comment-reopen"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/count/", views.notification_count, name="notification-count"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("maps/<int:map_id>/review/", views.review_bar_view, name="review"),
    path("maps/<int:map_id>/review/submit/", views.review_submit, name="review-submit"),
    path("maps/<int:map_id>/review/request-changes/", views.review_request_changes, name="review-request-changes"),
    path("maps/<int:map_id>/review/approve/", views.review_approve, name="review-approve"),
    path("maps/<int:map_id>/activity/", views.activity_view, name="activity"),
    path("maps/<int:map_id>/versions/", views.version_list, name="versions"),
    path("maps/<int:map_id>/versions/new/", views.version_new, name="version-new"),
    path("maps/<int:map_id>/versions/compare/", views.version_compare, name="version-compare"),
    path("maps/<int:map_id>/versions/<int:number>/restore/", views.version_restore_view, name="version-restore"),
    path("maps/<int:map_id>/versions/<int:number>/duplicate/", views.version_duplicate, name="version-duplicate"),
    path("maps/<int:map_id>/duplicate/", views.map_duplicate_view, name="duplicate"),
    path("maps/<int:map_id>/changes/", views.changes, name="changes"),
    path("maps/<int:map_id>/share/", views.share_links, name="share"),
    path("maps/<int:map_id>/share/<int:link_id>/revoke/", views.share_link_revoke_view, name="share-revoke"),
    path("maps/<int:map_id>/members/", member_views.members, name="members"),
    path("maps/<int:map_id>/members/<int:member_id>/role/", member_views.member_role, name="member-role"),
    path("maps/<int:map_id>/members/<int:member_id>/remove/", member_views.member_remove_view, name="member-remove"),
    path("maps/<int:map_id>/members/transfer/", member_views.owner_transfer, name="owner-transfer"),
    path(
        "maps/<int:map_id>/invitations/<int:invitation_id>/revoke/",
        member_views.invitation_revoke_view,
        name="invitation-revoke",
    ),
    path("invitations/<str:token>/", member_views.invitation, name="invitation"),
    path("invitations/<str:token>/sign-up/", member_views.invitation_signup, name="invitation-signup"),
    path("s/<str:token>/", views.shared, name="shared"),
    path("s/<str:token>/swimlane.json", views.shared_swimlane, name="shared-swimlane"),
]
