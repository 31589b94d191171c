"""Comments: who may write them, threads, resolving, editing, mentions and notifications,
and the text escaped wherever it appears."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from maps.models import Comment
from review.comments import comment_create, thread_resolve
from review.models import Notification
from tests.conftest import HTMX, ROLES
from tests.factories import JourneyMapFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> see https://example.com/a?b=1&c=2\nsecond line'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def new_comment_url(board) -> str:
    return reverse("maps:comment-new", args=[board.cast.map.pk])


@pytest.mark.parametrize("who", ["owner", "editor", "reviewer"])
def test_it_lets_owners_editors_and_reviewers_comment_on_a_touchpoint(board, who):
    touchpoint = board.touchpoints[0]
    response = board.cast.client_for(who).post(
        new_comment_url(board), {"body": "Too many steps", "item": f"touchpoint:{touchpoint.pk}"}, headers=HTMX
    )
    assert response.status_code == 200
    comment = Comment.objects.get()
    assert (comment.touchpoint, comment.author) == (touchpoint, getattr(board.cast, who))
    assert "grid-stale" in response["HX-Trigger"]


def test_it_refuses_a_comment_from_a_viewer(board):
    response = board.cast.client_for("viewer").post(new_comment_url(board), {"body": "Hi"}, headers=HTMX)
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_it_hides_the_comments_from_an_outsider(board):
    client = board.cast.client_for("outsider")
    assert client.get(reverse("maps:comments", args=[board.cast.map.pk])).status_code == 404
    assert client.post(new_comment_url(board), {"body": "Hi"}).status_code == 404


@pytest.mark.parametrize("who", ROLES)
def test_it_shows_the_panel_to_every_member(board, who):
    comment_create(journey_map=board.cast.map, author=board.cast.reviewer, body="Check the queue")
    response = board.cast.client_for(who).get(reverse("maps:comments", args=[board.cast.map.pk]), headers=HTMX)
    assert response.status_code == 200
    assert "Check the queue" in response.text
    assert ('name="body"' in response.text) == (who != "viewer")


def test_it_refuses_a_comment_on_an_item_of_another_map(board):
    from tests.factories import TouchpointFactory

    stranger = TouchpointFactory()
    response = board.cast.client_for("reviewer").post(
        new_comment_url(board), {"body": "Hi", "item": f"touchpoint:{stranger.pk}"}
    )
    assert response.status_code == 404


def test_it_answers_an_empty_comment_with_the_form_and_its_errors(board):
    response = board.cast.client_for("reviewer").post(new_comment_url(board), {"body": ""}, headers=HTMX)
    assert response.status_code == 422
    assert "field--invalid" in response.text


def test_it_threads_a_reply_and_reopens_a_resolved_thread(board):
    thread = comment_create(journey_map=board.cast.map, author=board.cast.reviewer, body="Why?", item=board.pain_point)
    client = board.cast.client_for("editor")
    client.post(reverse("maps:comment-resolve", args=[board.cast.map.pk, thread.pk]), headers=HTMX)
    thread.refresh_from_db()
    assert thread.resolved_by == board.cast.editor
    client.post(new_comment_url(board), {"body": "Because", "parent": thread.pk}, headers=HTMX)
    reply = Comment.objects.get(parent=thread)
    thread.refresh_from_db()
    assert reply.pain_point == board.pain_point and thread.resolved_at is None


def resolved_thread(board) -> Comment:
    thread = comment_create(journey_map=board.cast.map, author=board.cast.reviewer, body="Why?", item=board.pain_point)
    thread_resolve(thread=thread, user=board.cast.owner, resolved=True)
    thread.refresh_from_db()
    assert (thread.resolved_at is not None, thread.resolved_by) == (True, board.cast.owner)
    return thread


def reopen_url(board, thread: Comment) -> str:
    return reverse("maps:comment-reopen", args=[board.cast.map.pk, thread.pk])


@pytest.mark.parametrize("who", ["owner", "editor", "reviewer"])
def test_it_lets_owners_editors_and_reviewers_reopen_a_resolved_thread(board, who):
    thread = resolved_thread(board)
    response = board.cast.client_for(who).post(reopen_url(board, thread), headers=HTMX)
    assert response.status_code == 200
    thread.refresh_from_db()
    assert (thread.resolved_at, thread.resolved_by, thread.version) == (None, None, 3)
    assert set(json.loads(response["HX-Trigger"])) == {"grid-stale", "discussion-changed"}
    # The panel again, with the thread among the open ones and offered to be resolved.
    assert 'id="comments-panel"' in response.text and "<html" not in response.text
    assert f'id="thread-{thread.pk}"' in response.text and "thread--resolved" not in response.text
    resolve = reverse("maps:comment-resolve", args=[board.cast.map.pk, thread.pk])
    assert f'hx-post="{resolve}"' in response.text and ">Reopen<" not in response.text


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404)])
def test_it_lets_neither_a_viewer_nor_an_outsider_reopen_a_thread(board, who, status):
    thread = resolved_thread(board)
    assert board.cast.client_for(who).post(reopen_url(board, thread), headers=HTMX).status_code == status
    thread.refresh_from_db()
    assert (thread.resolved_at is not None, thread.resolved_by) == (True, board.cast.owner)


def test_it_sends_an_anonymous_visitor_who_reopens_a_thread_to_log_in(board, client):
    thread = resolved_thread(board)
    response = client.post(reopen_url(board, thread), headers=HTMX)
    assert response.status_code == 302 and "/login/" in response.url
    thread.refresh_from_db()
    assert thread.resolved_at is not None


def test_it_sends_a_plain_reopen_back_to_the_same_view_of_the_threads(board):
    thread = resolved_thread(board)
    response = board.cast.client_for("editor").post(reopen_url(board, thread), {"show": "resolved"})
    assert response.status_code == 302
    assert response.url == reverse("maps:comments", args=[board.cast.map.pk]) + "?show=resolved&item="
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_it_reopens_only_threads_of_the_map(board):
    thread = resolved_thread(board)
    reply = comment_create(journey_map=board.cast.map, author=board.cast.editor, body="Because", parent=thread)
    thread_resolve(thread=thread, user=board.cast.owner, resolved=True)
    foreign = comment_create(journey_map=JourneyMapFactory(owner=board.cast.owner), author=board.cast.owner, body="Hm")
    thread_resolve(thread=foreign, user=board.cast.owner, resolved=True)
    client = board.cast.client_for("owner")
    assert client.post(reopen_url(board, reply), headers=HTMX).status_code == 404
    assert client.post(reopen_url(board, foreign), headers=HTMX).status_code == 404
    assert Comment.objects.filter(pk__in=[thread.pk, foreign.pk], resolved_at__isnull=False).count() == 2


def test_it_filters_the_panel_by_open_resolved_and_mine(board):
    cast = board.cast
    open_one = comment_create(journey_map=cast.map, author=cast.reviewer, body="Open one")
    resolved = comment_create(journey_map=cast.map, author=cast.editor, body="Resolved one")
    Comment.objects.filter(pk=resolved.pk).update(resolved_at=open_one.created_at)
    client = cast.client_for("reviewer")
    url = reverse("maps:comments", args=[cast.map.pk])
    shown = {show: client.get(url, {"show": show}, headers=HTMX).text for show in ("open", "resolved", "mine")}
    assert "Open one" in shown["open"] and "Resolved one" not in shown["open"]
    assert "Resolved one" in shown["resolved"] and "Open one" not in shown["resolved"]
    assert "Open one" in shown["mine"] and "Resolved one" not in shown["mine"]


def test_it_lists_threads_newest_first(board):
    for body in ("First", "Second", "Third"):
        comment_create(journey_map=board.cast.map, author=board.cast.reviewer, body=body)
    text = board.cast.client_for("owner").get(reverse("maps:comments", args=[board.cast.map.pk]), headers=HTMX).text
    assert text.index("Third") < text.index("Second") < text.index("First")


def test_it_lets_authors_edit_and_delete_only_their_own_comments(board):
    cast = board.cast
    comment = comment_create(journey_map=cast.map, author=cast.reviewer, body="Typo here")
    edit = reverse("maps:comment-edit", args=[cast.map.pk, comment.pk])
    delete = reverse("maps:comment-delete", args=[cast.map.pk, comment.pk])
    assert cast.client_for("editor").post(edit, {"body": "Mine now", "version": 1}).status_code == 404
    assert cast.client_for("owner").post(delete).status_code == 404
    reviewer = cast.client_for("reviewer")
    assert reviewer.post(edit, {"body": "No typo", "version": 1}, headers=HTMX).status_code == 200
    comment.refresh_from_db()
    assert (comment.body, comment.version, comment.edited_at is not None) == ("No typo", 2, True)
    stale = reviewer.post(edit, {"body": "Late", "version": 1}, headers=HTMX)
    assert stale.status_code == 409 and "No typo" in stale.text
    reviewer.post(delete, headers=HTMX)
    comment.refresh_from_db()
    assert comment.deleted_at is not None and comment.body == ""


def test_a_deleted_comment_leaves_the_activity_feed_saying_only_that_it_was_deleted(board):
    cast = board.cast
    touchpoint = board.touchpoints[0]
    reviewer = cast.client_for("reviewer")
    reviewer.post(new_comment_url(board), {"body": "Salary of Jo: 80k", "item": f"touchpoint:{touchpoint.pk}"})
    comment = Comment.objects.get()
    assert "Salary of Jo" in cast.client_for("viewer").get(reverse("maps:activity", args=[cast.map.pk])).text

    reviewer.post(reverse("maps:comment-delete", args=[cast.map.pk, comment.pk]))

    feed = cast.client_for("viewer").get(reverse("maps:activity", args=[cast.map.pk])).text
    assert "Salary of Jo" not in feed and "80k" not in feed
    assert "deleted a comment on Touchpoint “Sees an ad”" in feed
    assert "commented on Touchpoint “Sees an ad”" in feed


def test_an_edited_comment_is_quoted_in_the_activity_feed_as_it_now_reads(board):
    cast = board.cast
    comment = comment_create(journey_map=cast.map, author=cast.reviewer, body="Call Jo on 555-0100")
    edit = reverse("maps:comment-edit", args=[cast.map.pk, comment.pk])
    cast.client_for("reviewer").post(edit, {"body": "Call Jo", "version": 1})

    feed = cast.client_for("viewer").get(reverse("maps:activity", args=[cast.map.pk])).text
    assert "555-0100" not in feed
    assert "Call Jo" in feed


def test_it_notifies_a_mentioned_member_in_the_app_and_by_mail(board):
    cast = board.cast
    cast.editor.email = "editor@example.com"
    cast.editor.save()
    cast.client_for("reviewer").post(
        new_comment_url(board), {"body": "@editor please fix, and @outsider too"}, headers=HTMX
    )
    notification = Notification.objects.get()
    assert (notification.user, notification.actor) == (cast.editor, cast.reviewer)
    editor = cast.client_for("editor")
    count = editor.get(reverse("maps:notification-count"), headers=HTMX)
    assert 'class="unread-count"' in count.text and ">1<" in count.text
    assert "please fix" in editor.get(reverse("maps:notifications")).text


def test_it_sends_the_mention_mail_after_the_comment_is_saved(board, django_capture_on_commit_callbacks):
    cast = board.cast
    cast.editor.email = "editor@example.com"
    cast.editor.save()
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(journey_map=cast.map, author=cast.reviewer, body="@editor " + HOSTILE)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@example.com"] and "reviewer" in message.subject
    html = message.alternatives[0][0]
    assert "<script>" not in html and ESCAPED in html
    assert '<a href="https://example.com/a?b=1&amp;c=2"' in html and "<br>" in html


def test_it_marks_notifications_read(board):
    cast = board.cast
    comment_create(journey_map=cast.map, author=cast.reviewer, body="@editor look")
    client = cast.client_for("editor")
    response = client.post(reverse("maps:notifications-read"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("maps:notifications")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_it_escapes_comment_text_in_the_panel_the_grid_the_notifications_and_the_activity_feed(board):
    cast = board.cast
    comment_create(journey_map=cast.map, author=cast.reviewer, body="@editor " + HOSTILE, item=board.touchpoints[0])
    client = cast.client_for("editor")
    pages = {
        "panel": client.get(reverse("maps:comments", args=[cast.map.pk]), headers=HTMX).text,
        "grid": client.get(cast.map.get_absolute_url()).text,
        "notifications": client.get(reverse("maps:notifications")).text,
        "activity": client.get(reverse("maps:activity", args=[cast.map.pk])).text,
    }
    for name, text in pages.items():
        assert '<script>alert("x")' not in text, name
        assert ESCAPED in text or "&lt;script&gt;alert(&quot;x&quot;)" in text, name
    assert '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow">' in pages["panel"]
    assert "<br>second line" in pages["panel"]


def test_it_shows_a_badge_with_the_open_comment_count_on_each_commented_item(board):
    cast = board.cast
    for item in (board.touchpoints[0], board.touchpoints[0], board.stages[0], board.pain_point, board.opportunity):
        comment_create(journey_map=cast.map, author=cast.reviewer, body=f"About {item}", item=item)
    resolved = comment_create(journey_map=cast.map, author=cast.reviewer, body="done", item=board.touchpoints[1])
    Comment.objects.filter(pk=resolved.pk).update(resolved_at=resolved.created_at)
    text = cast.client_for("viewer").get(cast.map.get_absolute_url()).text
    assert text.count('data-testid="comment-badge"') == 4
    assert "💬 2</a>" in text
    assert f"item=touchpoint:{board.touchpoints[0].pk}" in text
    assert f'item=touchpoint:{board.touchpoints[1].pk}"' not in text
