"""Review that means something: a second pair of eyes approves, the team hears the verdict
with its note, and the note stays on the map until the next submission."""

import pytest
from django.core import mail
from django.urls import reverse

from maps.access import map_access
from maps.models import JourneyMap, ReviewStatus
from review.models import Notification, NotificationKind
from review.workflow import APPROVE, SUBMIT, OwnApproval, review_step
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def step(cast, who: str, name: str, note: str = ""):
    url = reverse(f"maps:review-{name}", args=[cast.map.pk])
    return cast.client_for(who).post(url, {"note": note} if note else {}, headers=HTMX)


def status(cast) -> str:
    return JourneyMap.objects.get(pk=cast.map.pk).review_status


def test_whoever_submitted_the_map_cannot_approve_it_and_is_told_why(cast):
    step(cast, "owner", "submit")
    response = step(cast, "owner", "approve")
    assert response.status_code == 422
    assert "You submitted this map for review, so you cannot approve it" in response.text
    assert status(cast) == ReviewStatus.IN_REVIEW
    # Without htmx, the same refusal comes back as a message on the map.
    plain = cast.client_for("owner").post(reverse("maps:review-approve", args=[cast.map.pk]), follow=True)
    assert "you cannot approve it" in plain.text and status(cast) == ReviewStatus.IN_REVIEW
    # Another reviewer approves.
    assert step(cast, "reviewer", "approve").status_code == 200
    assert status(cast) == ReviewStatus.APPROVED


def test_the_submitter_is_refused_in_the_service_too(cast):
    review_step(access=map_access(cast.owner, cast.map.pk), step=SUBMIT, user=cast.owner)
    with pytest.raises(OwnApproval):
        review_step(access=map_access(cast.owner, cast.map.pk), step=APPROVE, user=cast.owner)


def test_an_editor_submits_and_the_owner_approves(cast):
    step(cast, "editor", "submit")
    step(cast, "owner", "approve")
    assert status(cast) == ReviewStatus.APPROVED


def test_an_editor_approves_what_someone_else_submitted_but_not_their_own(cast):
    step(cast, "owner", "submit")
    bar = cast.client_for("editor").get(reverse("maps:review", args=[cast.map.pk]), headers=HTMX)
    assert reverse("maps:review-approve", args=[cast.map.pk]) in bar.text
    assert step(cast, "editor", "approve").status_code == 200
    assert status(cast) == ReviewStatus.APPROVED
    # The editor's own submission needs another pair of eyes.
    step(cast, "reviewer", "request-changes")
    step(cast, "editor", "submit")
    assert step(cast, "editor", "approve").status_code == 422
    assert status(cast) == ReviewStatus.IN_REVIEW


def test_owner_and_editors_hear_of_requested_changes_with_the_note(cast, django_capture_on_commit_callbacks):
    step(cast, "editor", "submit")
    with django_capture_on_commit_callbacks(execute=True):
        step(cast, "reviewer", "request-changes", note="Add the phone lane")
    told = Notification.objects.filter(kind=NotificationKind.REVIEW, text__contains="Add the phone lane")
    assert sorted(told.values_list("user__username", flat=True)) == sorted([cast.owner.username, "editor"])
    assert all("requested changes" in notification.text for notification in told)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([cast.owner.email, cast.editor.email])
    assert "Add the phone lane" in mail.outbox[0].body
    page = cast.client_for("owner").get(reverse("maps:notifications")).text
    assert "requested changes" in page and "Add the phone lane" in page


def test_reviewers_hear_of_a_submission_and_the_team_of_an_approval(cast):
    step(cast, "editor", "submit")
    assert list(Notification.objects.values_list("user__username", "text")) == [
        ("reviewer", "submitted the map for review")
    ]
    step(cast, "reviewer", "approve", note="Ship it")
    approved = Notification.objects.filter(text="approved the map: “Ship it”")
    assert sorted(approved.values_list("user__username", flat=True)) == sorted([cast.owner.username, "editor"])


def test_the_latest_review_note_shows_on_the_map_until_the_next_submission(cast):
    step(cast, "editor", "submit")
    step(cast, "reviewer", "request-changes", note="Add the phone lane")
    page = cast.client_for("viewer").get(cast.map.get_absolute_url()).text
    assert "Changes requested by reviewer" in page and "Add the phone lane" in page
    step(cast, "editor", "submit")
    page = cast.client_for("viewer").get(cast.map.get_absolute_url()).text
    assert "Add the phone lane" not in page
    step(cast, "reviewer", "approve", note="Good to go")
    bar = cast.client_for("editor").get(reverse("maps:review", args=[cast.map.pk]), headers=HTMX).text
    assert "Approved by reviewer" in bar and "Good to go" in bar
