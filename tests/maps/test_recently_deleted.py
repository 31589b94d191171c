"""The map's "Recently deleted": every delete of the last hour with what it took along,
brought back by editors, read by reviewers and viewers, hidden from outsiders; and the undo
that answers a clear notice when there is nothing left to bring back."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from maps.models import DeletedItem, Lane
from maps.services import item_delete
from tests.conftest import EDITORS, HTMX, READ_ONLY
from touchpoints.models import PainPoint, Touchpoint

pytestmark = pytest.mark.django_db


def delete_store_lane(board) -> DeletedItem:
    """The Store lane goes, with its touchpoint and that touchpoint's pain point."""
    return item_delete(journey_map=board.cast.map, item=board.lanes[1], user=board.cast.editor, label="Lane “Store”")


def recently_deleted_url(board) -> str:
    return reverse("maps:recently-deleted", args=[board.cast.map.pk])


@pytest.mark.parametrize("who", EDITORS)
def test_owners_and_editors_see_each_delete_with_what_it_took_and_may_bring_it_back(board, who):
    deleted = delete_store_lane(board)
    page = board.cast.client_for(who).get(recently_deleted_url(board))
    assert page.status_code == 200
    assert "Lane “Store”</strong> — 1 touchpoint, 1 pain point" in page.text
    assert "deleted by editor" in page.text
    assert reverse("maps:undo", args=[board.cast.map.pk, deleted.pk]) in page.text


@pytest.mark.parametrize("who", READ_ONLY)
def test_reviewers_and_viewers_read_the_list_without_bringing_anything_back(board, who):
    deleted = delete_store_lane(board)
    client = board.cast.client_for(who)
    page = client.get(recently_deleted_url(board))
    assert page.status_code == 200 and "Lane “Store”" in page.text
    assert reverse("maps:undo", args=[board.cast.map.pk, deleted.pk]) not in page.text
    assert client.post(reverse("maps:undo", args=[board.cast.map.pk, deleted.pk])).status_code == 403
    assert not Lane.objects.filter(pk=board.lanes[1].pk).exists()


def test_an_outsider_does_not_learn_the_list_exists(board):
    delete_store_lane(board)
    assert board.cast.client_for("outsider").get(recently_deleted_url(board)).status_code == 404


def test_the_map_page_links_to_it(board):
    page = board.cast.client_for("viewer").get(board.cast.map.get_absolute_url())
    assert recently_deleted_url(board) in page.text


def test_it_leaves_out_deletes_older_than_the_undo_window(board):
    DeletedItem.objects.filter(pk=delete_store_lane(board).pk).update(deleted_at=timezone.now() - timedelta(hours=2))
    page = board.cast.client_for("owner").get(recently_deleted_url(board))
    assert "Lane “Store”" not in page.text and "Nothing deleted recently." in page.text


def test_an_editor_brings_back_a_lane_someone_else_deleted_without_javascript(board):
    lane_id, card_id = board.lanes[1].pk, board.touchpoints[2].pk
    deleted = delete_store_lane(board)
    client = board.cast.client_for("owner")
    response = client.post(reverse("maps:undo", args=[board.cast.map.pk, deleted.pk]))
    assert response.status_code == 302 and response.url.startswith(board.cast.map.get_absolute_url())
    assert Touchpoint.objects.get(pk=card_id).lane_id == lane_id
    assert PainPoint.objects.filter(pk=board.pain_point.pk).exists()
    page = client.get(response.url)
    assert "Lane “Store” is back." in page.text and "Pays at the till" in page.text


def test_bringing_back_a_lane_with_htmx_answers_the_grid_with_its_cards(board):
    deleted = delete_store_lane(board)
    response = board.cast.client_for("editor").post(
        reverse("maps:undo", args=[board.cast.map.pk, deleted.pk]), headers=HTMX
    )
    assert response.status_code == 200 and response["HX-Retarget"] == "#grid"
    assert "Pays at the till" in response.text and "is back" in response.text


def test_an_undo_used_twice_answers_a_notice_in_place(board):
    deleted = delete_store_lane(board)
    client, url = board.cast.client_for("editor"), reverse("maps:undo", args=[board.cast.map.pk, deleted.pk])
    client.post(url, headers=HTMX)
    again = client.post(url, headers=HTMX)
    assert again.status_code == 409 and again["HX-Retarget"] == "#toasts"
    assert "already undone" in again.text and "<html" not in again.text
    assert Lane.objects.filter(map=board.cast.map).count() == 2


def test_an_undo_used_twice_without_javascript_says_so_on_the_map(board):
    deleted = delete_store_lane(board)
    client, url = board.cast.client_for("editor"), reverse("maps:undo", args=[board.cast.map.pk, deleted.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200 and "already undone" in response.text


def test_an_undo_whose_stage_is_gone_keeps_its_record_until_the_stage_is_back(board):
    client, card_id = board.cast.client_for("owner"), board.touchpoints[2].pk
    card = item_delete(
        journey_map=board.cast.map, item=board.touchpoints[2], user=board.cast.owner, label="Touchpoint “Pays”"
    )
    stage = item_delete(journey_map=board.cast.map, item=board.stages[1], user=board.cast.owner, label="Stage")
    refused = client.post(reverse("maps:undo", args=[board.cast.map.pk, card.pk]), headers=HTMX)
    assert refused.status_code == 409 and "cannot come back" in refused.text
    client.post(reverse("maps:undo", args=[board.cast.map.pk, stage.pk]), headers=HTMX)
    client.post(reverse("maps:undo", args=[board.cast.map.pk, card.pk]), headers=HTMX)
    assert Touchpoint.objects.filter(pk=card_id).exists()


@override_settings(UNDO_KEEP_SECONDS=3600)
def test_the_purge_keeps_an_hour_of_deletes(board):
    kept, dropped = delete_store_lane(board), delete_store_lane_card(board)
    DeletedItem.objects.filter(pk=kept.pk).update(deleted_at=timezone.now() - timedelta(minutes=59))
    DeletedItem.objects.filter(pk=dropped.pk).update(deleted_at=timezone.now() - timedelta(minutes=61))
    call_command("purge", now=True, stdout=io.StringIO())
    assert list(DeletedItem.objects.values_list("pk", flat=True)) == [kept.pk]


@override_settings(UNDO_KEEP_SECONDS=600)
def test_the_undo_window_follows_its_setting(board):
    deleted = delete_store_lane(board)
    DeletedItem.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now() - timedelta(minutes=11))
    response = board.cast.client_for("owner").post(
        reverse("maps:undo", args=[board.cast.map.pk, deleted.pk]), headers=HTMX
    )
    assert response.status_code == 409
    call_command("purge", now=True, stdout=io.StringIO())
    assert not DeletedItem.objects.exists()


def delete_store_lane_card(board) -> DeletedItem:
    return item_delete(
        journey_map=board.cast.map, item=board.touchpoints[0], user=board.cast.owner, label="Touchpoint “Sees an ad”"
    )
