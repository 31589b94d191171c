"""Versions: a snapshot, the difference between two, restoring one, a new map from one."""

import pytest
from django.urls import reverse

from interchange.documents import map_document
from maps.item_services import touchpoint_move
from maps.models import Comment, JourneyMap, MapState, ReviewStatus
from maps.services import column_or_row_move, item_delete, item_update, stage_append
from review.comments import comment_create
from review.models import MapVersion
from review.versions import diff_with_now, document_of, map_diff, version_create, version_restore
from tests.factories import LaneFactory, OpportunityFactory, TouchpointFactory

pytestmark = pytest.mark.django_db


def summary(diff) -> dict:
    """The diff as plain data: per kind, (label, status, changed fields, moved)."""
    result = {"map": {(change.name, change.old, change.new) for change in diff.map_fields}}
    for section in diff.sections:
        result[section.kind] = {
            (item.label, item.status, tuple((f.name, f.old, f.new) for f in item.fields), item.moved)
            for item in section.changes
        }
    return result


def change_everything(board) -> None:
    cast = board.cast
    JourneyMap.objects.filter(pk=cast.map.pk).update(title="Car buyer 2")
    cast.map.refresh_from_db()
    stage = board.stages[0]
    stage.customer_goal = "Find a car"
    item_update(item=stage, expected_version=stage.version, fields=["customer_goal"])
    stage_append(journey_map=cast.map, name="Loyalty")
    LaneFactory(map=cast.map, position=2, channel__name="Phone")
    column_or_row_move(item=board.lanes[1], position=0)
    first, second, third = board.touchpoints
    first.title, first.emotion = "Sees a poster", 2
    item_update(item=first, expected_version=first.version, fields=["title", "emotion"])
    touchpoint_move(
        touchpoint=second, stage=board.stages[1], lane=board.lanes[1], position=0, expected_version=second.version
    )
    item_delete(journey_map=cast.map, item=third, user=cast.owner, label="third")
    TouchpointFactory(stage=board.stages[1], lane=board.lanes[0], position=0, title="Asks a friend")
    OpportunityFactory(stage=board.stages[0], title="Better ads")


def test_it_lists_exactly_what_changed_since_a_version(board):
    cast = board.cast
    version = version_create(journey_map=cast.map, user=cast.owner, note="before")
    change_everything(board)
    diff = summary(diff_with_now(version))
    assert diff["map"] == {("title", "Car buyer", "Car buyer 2")}
    assert diff["stages"] == {
        ("Awareness", "changed", (("customer goal", "—", "Find a car"),), None),
        ("Loyalty", "added", (), None),
    }
    assert diff["lanes"] == {
        ("Store", "changed", (), ("row 2", "row 1")),
        ("Web shop", "changed", (), ("row 1", "row 2")),
        ("Phone", "added", (), None),
    }
    assert diff["touchpoints"] == {
        ("Sees a poster", "changed", (("title", "Sees an ad", "Sees a poster"), ("emotion", "0", "2")), None),
        ("Reads reviews", "changed", (), ("Awareness · Web shop", "Purchase · Store")),
        ("Pays at the till", "removed", (), None),
        ("Asks a friend", "added", (), None),
    }
    # The pain point hung on the deleted touchpoint, so it went with it.
    assert diff["pain_points"] == {("Long queue", "removed", (), None)}
    assert diff["opportunities"] == {
        ("Self-checkout", "changed", (("addresses", "Long queue", "—"),), None),
        ("Better ads", "added", (), None),
    }


def test_it_finds_nothing_changed_between_a_version_and_the_same_map(board):
    version = version_create(journey_map=board.cast.map, user=board.cast.owner)
    assert diff_with_now(version).is_empty


def test_it_restores_a_version_exactly_and_keeps_what_was_there_as_a_new_version(board):
    cast = board.cast
    before = map_document(cast.map).to_json()
    version = version_create(journey_map=cast.map, user=cast.owner)
    change_everything(board)
    changed = map_document(cast.map).to_json()
    assert changed != before
    saved = version_restore(version=MapVersion.objects.get(pk=version.pk), user=cast.editor)
    cast.map.refresh_from_db()
    assert map_document(cast.map).to_json() == before
    assert diff_with_now(version).is_empty
    assert saved.number == 2 and not map_diff(document_of(version), document_of(saved)).is_empty
    # The restore can itself be undone.
    version_restore(version=saved, user=cast.editor)
    cast.map.refresh_from_db()
    assert map_document(cast.map).to_json() == changed


def test_it_keeps_comments_on_the_items_a_restore_brings_back(board):
    cast = board.cast
    on_touchpoint = comment_create(
        journey_map=cast.map, author=cast.reviewer, body="Ad copy?", item=board.touchpoints[0]
    )
    on_stage = comment_create(journey_map=cast.map, author=cast.reviewer, body="Goal?", item=board.stages[1])
    version = version_create(journey_map=cast.map, user=cast.owner)
    version_restore(version=version, user=cast.owner)
    on_touchpoint.refresh_from_db()
    on_stage.refresh_from_db()
    assert on_touchpoint.touchpoint.title == "Sees an ad"
    assert on_stage.stage.name == "Purchase"
    assert Comment.objects.count() == 2


def test_it_sends_an_approved_map_back_to_draft_when_a_version_is_restored(board):
    cast = board.cast
    version = version_create(journey_map=cast.map, user=cast.owner)
    JourneyMap.objects.filter(pk=cast.map.pk).update(review_status=ReviewStatus.APPROVED)
    cast.map.refresh_from_db()
    version_restore(version=version, user=cast.owner)
    cast.map.refresh_from_db()
    assert cast.map.review_status == ReviewStatus.DRAFT


def test_it_shows_the_difference_in_the_browser(board):
    cast = board.cast
    version = version_create(journey_map=cast.map, user=cast.owner)
    change_everything(board)
    client = cast.client_for("viewer")
    text = client.get(reverse("maps:version-compare", args=[cast.map.pk]), {"old": version.number}).text
    assert (
        "Sees an ad" in text
        and "Sees a poster" in text
        and "moved from Awareness · Web shop to Purchase · Store" in text
    )
    second = version_create(journey_map=cast.map, user=cast.owner)
    text = client.get(
        reverse("maps:version-compare", args=[cast.map.pk]), {"old": version.number, "new": second.number}
    ).text
    assert "What changed from version 1 to version 2" in text and "Asks a friend" in text


@pytest.mark.parametrize(
    "who,status", [("owner", 302), ("editor", 302), ("reviewer", 403), ("viewer", 403), ("outsider", 404)]
)
def test_it_lets_only_editors_and_owners_save_and_restore_versions(board, who, status):
    cast = board.cast
    version = version_create(journey_map=cast.map, user=cast.owner)
    client = cast.client_for(who)
    assert client.post(reverse("maps:version-new", args=[cast.map.pk]), {"note": "mine"}).status_code == status
    assert client.post(reverse("maps:version-restore", args=[cast.map.pk, version.number])).status_code == status


@pytest.mark.parametrize("who,status", [("owner", 200), ("reviewer", 200), ("viewer", 200), ("outsider", 404)])
def test_it_shows_versions_to_every_member_only(board, who, status):
    version_create(journey_map=board.cast.map, user=board.cast.owner, note="kick-off")
    assert board.cast.client_for(who).get(reverse("maps:versions", args=[board.cast.map.pk])).status_code == status


def test_it_starts_a_to_be_map_from_a_version(board):
    cast = board.cast
    version = version_create(journey_map=cast.map, user=cast.owner)
    url = reverse("maps:version-duplicate", args=[cast.map.pk, version.number])
    assert cast.client_for("reviewer").post(url, {"title": "To-be", "state": "to_be"}).status_code == 403
    response = cast.client_for("editor").post(url, {"title": "Car buyer to-be", "state": "to_be"})
    new = JourneyMap.objects.get(title="Car buyer to-be")
    assert response["Location"] == new.get_absolute_url()
    assert (new.owner, new.state) == (cast.editor, MapState.TO_BE)
    assert map_document(new).model_dump(exclude={"title", "state"}) == map_document(cast.map).model_dump(
        exclude={"title", "state"}
    )
