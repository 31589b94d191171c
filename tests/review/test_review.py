"""The review workflow, the activity feed, and what each role may do there."""

import pytest
from django.urls import reverse

from maps.activity import acting_as
from maps.models import Activity, ActivityVerb, JourneyMap, ReviewStatus
from maps.services import item_update, stage_append
from review.models import MapVersion
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def step(cast, who: str, name: str):
    return cast.client_for(who).post(reverse(f"maps:review-{name}", args=[cast.map.pk]), headers=HTMX)


def status(cast) -> str:
    cast.map.refresh_from_db()
    return cast.map.review_status


def test_it_takes_a_map_from_draft_through_review_to_approved(cast):
    assert step(cast, "editor", "submit").status_code == 200
    assert status(cast) == ReviewStatus.IN_REVIEW
    step(cast, "reviewer", "request-changes")
    assert status(cast) == ReviewStatus.CHANGES_REQUESTED
    step(cast, "editor", "submit")
    response = step(cast, "reviewer", "approve")
    assert status(cast) == ReviewStatus.APPROVED
    assert "Approved" in response.text and "reviewer" in response.text
    steps = list(
        Activity.objects.filter(verb=ActivityVerb.STATUS).order_by("pk").values_list("actor__username", "target")
    )
    assert steps == [
        ("editor", "In review"),
        ("reviewer", "Changes requested"),
        ("editor", "In review"),
        ("reviewer", "Approved"),
    ]


def test_it_freezes_a_version_at_every_status_change(cast):
    step(cast, "editor", "submit")
    step(cast, "reviewer", "approve")
    assert list(MapVersion.objects.order_by("number").values_list("number", "note")) == [
        (1, "In review"),
        (2, "Approved"),
    ]


@pytest.mark.parametrize("who", ["reviewer", "viewer"])
def test_it_lets_only_editors_and_owners_submit(cast, who):
    assert step(cast, who, "submit").status_code == 403
    assert status(cast) == ReviewStatus.DRAFT


@pytest.mark.parametrize("who", ["editor", "viewer"])
def test_it_lets_only_reviewers_and_owners_request_changes(cast, who):
    step(cast, "owner", "submit")
    assert step(cast, who, "request-changes").status_code == 403
    assert status(cast) == ReviewStatus.IN_REVIEW


def test_it_refuses_a_viewer_the_approval(cast):
    step(cast, "owner", "submit")
    assert step(cast, "viewer", "approve").status_code == 403
    assert status(cast) == ReviewStatus.IN_REVIEW


def test_it_hides_the_review_from_an_outsider(cast):
    assert step(cast, "outsider", "submit").status_code == 404
    assert cast.client_for("outsider").get(reverse("maps:activity", args=[cast.map.pk])).status_code == 404
    assert cast.client_for("outsider").get(reverse("maps:review", args=[cast.map.pk])).status_code == 404


def test_it_refuses_a_step_the_status_does_not_allow(cast):
    response = step(cast, "reviewer", "approve")
    assert response.status_code == 409
    assert status(cast) == ReviewStatus.DRAFT


def test_it_sends_an_approved_map_back_to_draft_at_the_next_edit(board):
    cast = board.cast
    step(cast, "editor", "submit")
    step(cast, "reviewer", "approve")
    discussion = JourneyMap.objects.get(pk=cast.map.pk).discussion_revision
    stage = board.stages[0]
    response = cast.client_for("editor").post(
        reverse("maps:stage-edit", args=[cast.map.pk, stage.pk]),
        {"name": "Seeing", "version": stage.version},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert status(cast) == ReviewStatus.DRAFT
    # The review bars of everyone watching follow the discussion counter.
    assert JourneyMap.objects.get(pk=cast.map.pk).discussion_revision == discussion + 1
    last = Activity.objects.filter(verb=ActivityVerb.STATUS).latest("pk")
    assert (last.actor, last.detail) == (cast.editor, "Draft")


def test_it_keeps_an_approved_map_approved_when_someone_comments(board):
    cast = board.cast
    step(cast, "editor", "submit")
    step(cast, "reviewer", "approve")
    cast.client_for("reviewer").post(reverse("maps:comment-new", args=[cast.map.pk]), {"body": "Nice"}, headers=HTMX)
    assert status(cast) == ReviewStatus.APPROVED


def test_it_records_who_added_changed_moved_and_deleted_what(board):
    cast = board.cast
    client = cast.client_for("editor")
    touchpoint = board.touchpoints[0]
    client.post(
        reverse("touchpoints:new", args=[cast.map.pk, board.stages[1].pk, board.lanes[0].pk]),
        {"title": "Calls", "emotion": 0},
        headers=HTMX,
    )
    client.post(
        reverse("touchpoints:edit", args=[cast.map.pk, touchpoint.pk]),
        {"title": "Sees a poster", "emotion": 1, "version": 1},
        headers=HTMX,
    )
    client.post(
        reverse("touchpoints:move", args=[cast.map.pk, touchpoint.pk]),
        {"stage": board.stages[1].pk, "lane": board.lanes[1].pk, "position": 1, "version": 2},
        headers=HTMX,
    )
    client.post(reverse("touchpoints:pain-point-delete", args=[cast.map.pk, board.pain_point.pk]), headers=HTMX)
    rows = list(Activity.objects.order_by("pk").values_list("actor__username", "verb", "target"))
    assert rows == [
        ("editor", "added", "Touchpoint “Calls”"),
        ("editor", "changed", "Touchpoint “Sees a poster”"),
        ("editor", "moved", "Touchpoint “Sees a poster”"),
        ("editor", "deleted", "Pain point “Long queue”"),
    ]
    feed = cast.client_for("viewer").get(reverse("maps:activity", args=[cast.map.pk])).text
    assert "moved Touchpoint “Sees a poster”" in feed


def test_it_pages_the_activity_feed(cast):
    with acting_as(cast.editor):
        for number in range(35):
            stage_append(journey_map=cast.map, name=f"Stage {number}")
    client = cast.client_for("viewer")
    first = client.get(reverse("maps:activity", args=[cast.map.pk])).text
    second = client.get(reverse("maps:activity", args=[cast.map.pk]), {"page": 2}).text
    assert "Stage “Stage 34”" in first and "Stage “Stage 0”" not in first
    assert "Stage “Stage 0”" in second and "Page 2 of 2" in second


def test_it_records_no_actor_for_a_write_outside_a_request(board):
    item_update(item=board.stages[0], expected_version=1, fields=["name"])
    assert Activity.objects.get().actor is None


@pytest.mark.parametrize(
    "who,steps", [("owner", ["Submit for review"]), ("editor", ["Submit for review"]), ("reviewer", []), ("viewer", [])]
)
def test_it_offers_each_role_the_steps_it_may_take(cast, who, steps):
    text = cast.client_for(who).get(reverse("maps:review", args=[cast.map.pk]), headers=HTMX).text
    for label in ("Submit for review", "Approve", "Request changes"):
        assert (label in text) == (label in steps)


def test_a_reviewer_says_what_should_change_in_a_note(cast):
    step(cast, "editor", "submit")
    bar = cast.client_for("reviewer").get(reverse("maps:review", args=[cast.map.pk])).text
    assert 'name="note"' in bar
    cast.client_for("reviewer").post(
        reverse("maps:review-request-changes", args=[cast.map.pk]), {"note": "Add the <b>phone</b> lane"}, headers=HTMX
    )
    assert "Add the <b>phone</b> lane" in MapVersion.objects.filter(map=cast.map).latest("number").note
    versions = cast.client_for("viewer").get(reverse("maps:versions", args=[cast.map.pk])).text
    assert "Add the &lt;b&gt;phone&lt;/b&gt; lane" in versions and "<b>phone</b>" not in versions
