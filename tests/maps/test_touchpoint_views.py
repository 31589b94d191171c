import pytest
from django.urls import reverse

from maps.models import DeletedItem
from tests.conftest import HTMX
from tests.factories import PainPointFactory, TouchpointFactory
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


def positions(stage, lane) -> list[str]:
    return list(Touchpoint.objects.filter(stage=stage, lane=lane).order_by("position").values_list("title", flat=True))


def test_it_adds_a_touchpoint_at_the_end_of_its_cell_and_answers_the_cell(board):
    stage, lane = board.stages[0], board.lanes[0]
    url = reverse("touchpoints:new", args=[board.cast.map.pk, stage.pk, lane.pk])
    response = board.cast.client_for("editor").post(url, {"title": "Opens the newsletter", "emotion": 1}, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#cell-{stage.pk}-{lane.pk}"
    assert "map-changed" in response["HX-Trigger"]
    assert "Opens the newsletter" in response.text and "<html" not in response.text
    assert positions(stage, lane) == ["Sees an ad", "Reads reviews", "Opens the newsletter"]


def test_it_redirects_a_plain_post_back_to_the_cell(board):
    stage, lane = board.stages[1], board.lanes[0]
    url = reverse("touchpoints:new", args=[board.cast.map.pk, stage.pk, lane.pk])
    response = board.cast.client_for("owner").post(url, {"title": "Calls the store", "emotion": -1})
    assert response.status_code == 302
    assert response.url == f"{board.cast.map.get_absolute_url()}#cell-{stage.pk}-{lane.pk}"
    assert positions(stage, lane) == ["Calls the store"]


def test_it_shows_a_page_of_its_own_without_javascript(board):
    stage, lane = board.stages[0], board.lanes[0]
    response = board.cast.client_for("owner").get(
        reverse("touchpoints:new", args=[board.cast.map.pk, stage.pk, lane.pk])
    )
    assert "<html" in response.text and 'name="title"' in response.text


def test_it_answers_invalid_input_with_the_form_and_its_errors(board):
    stage, lane = board.stages[0], board.lanes[0]
    url = reverse("touchpoints:new", args=[board.cast.map.pk, stage.pk, lane.pk])
    response = board.cast.client_for("owner").post(url, {"title": "", "emotion": 7, "csat": 140}, headers=HTMX)
    assert response.status_code == 422
    assert "This field is required." in response.text
    assert "Select a valid choice. 7 is not one of the available choices." in response.text
    assert "Ensure this value is less than or equal to 100." in response.text
    assert Touchpoint.objects.count() == 3


def test_it_edits_every_field_and_the_links_to_next_touchpoints(board):
    touchpoint, other = board.touchpoints[0], board.touchpoints[2]
    url = reverse("touchpoints:edit", args=[board.cast.map.pk, touchpoint.pk])
    data = {
        "title": "Sees a TV ad",
        "description": "Prime time",
        "customer_action": "Watches",
        "emotion": 2,
        "expectation": 4,
        "is_micro_conversion": "on",
        "csat": 80,
        "nps": 40,
        "crr": 55,
        "conversion_rate": 3.5,
        "next_touchpoints": [other.pk],
        "version": touchpoint.version,
    }
    response = board.cast.client_for("editor").post(url, data, headers=HTMX)
    assert response.status_code == 200 and "Sees a TV ad" in response.text
    touchpoint.refresh_from_db()
    assert (touchpoint.title, touchpoint.emotion, touchpoint.expectation, touchpoint.csat, touchpoint.version) == (
        "Sees a TV ad",
        2,
        4,
        80,
        2,
    )
    assert touchpoint.is_micro_conversion and list(touchpoint.next_touchpoints.all()) == [other]


def test_it_refuses_a_stale_edit_keeping_the_typed_text_on_top_of_the_fresh_item(board):
    touchpoint = board.touchpoints[0]
    Touchpoint.objects.filter(pk=touchpoint.pk).update(title="Changed by a colleague", version=2)
    url = reverse("touchpoints:edit", args=[board.cast.map.pk, touchpoint.pk])
    response = board.cast.client_for("owner").post(url, {"title": "Mine", "emotion": 0, "version": 1}, headers=HTMX)
    assert response.status_code == 409
    assert "Someone else saved this" in response.text and "Changed by a colleague" in response.text
    assert 'value="Mine"' in response.text and 'name="version" value="2"' in response.text
    touchpoint.refresh_from_db()
    assert touchpoint.title == "Changed by a colleague"


DELETED_MEANWHILE = "Someone else deleted this while you were editing"


def test_it_tells_when_the_item_was_deleted_meanwhile(board):
    touchpoint = board.touchpoints[0]
    client = board.cast.client_for("owner")
    url = reverse("touchpoints:edit", args=[board.cast.map.pk, touchpoint.pk])
    assert client.get(url, headers=HTMX).status_code == 200  # the dialog opens
    Touchpoint.objects.filter(pk=touchpoint.pk).delete()
    response = client.post(url, {"title": "My words", "emotion": 0, "version": 1}, headers=HTMX)
    assert response.status_code == 409 and DELETED_MEANWHILE in response.text and 'value="My words"' in response.text
    assert not Touchpoint.objects.filter(pk=touchpoint.pk).exists()


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("pain-point", {"title": "Slow", "severity": 3, "cause": "service", "version": 1}),
        ("opportunity", {"title": "Faster", "impact": 4, "effort": 2, "status": "planned", "version": 1}),
    ],
)
def test_it_tells_when_a_pain_point_or_an_opportunity_was_deleted_meanwhile(board, kind, data):
    item = board.pain_point if kind == "pain-point" else board.opportunity
    client = board.cast.client_for("editor")
    url = reverse(f"touchpoints:{kind}-edit", args=[board.cast.map.pk, item.pk])
    assert client.get(url, headers=HTMX).status_code == 200  # the dialog opens
    type(item).objects.filter(pk=item.pk).delete()
    response = client.post(url, data, headers=HTMX)
    assert (
        response.status_code == 409
        and DELETED_MEANWHILE in response.text
        and f'value="{data["title"]}"' in response.text
    )
    assert not type(item).objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("kind", ["edit", "pain-point-edit", "opportunity-edit"])
def test_it_answers_not_found_when_asked_for_the_form_of_a_missing_item(board, kind):
    url = reverse(f"touchpoints:{kind}", args=[board.cast.map.pk, 999])
    assert board.cast.client_for("owner").get(url, headers=HTMX).status_code == 404


@pytest.mark.parametrize("kind", ["edit", "pain-point-edit", "opportunity-edit"])
def test_it_answers_a_save_of_a_missing_item_with_not_found_to_an_outsider_and_forbidden_to_a_viewer(board, kind):
    url = reverse(f"touchpoints:{kind}", args=[board.cast.map.pk, 999])
    assert board.cast.client_for("outsider").post(url, {"title": "x", "version": 1}, headers=HTMX).status_code == 404
    assert board.cast.client_for("viewer").post(url, {"title": "x", "version": 1}, headers=HTMX).status_code == 403


def test_it_moves_a_card_to_another_cell_keeping_both_cells_in_sequence(board):
    moving = board.touchpoints[0]
    stage, lane = board.stages[1], board.lanes[1]
    url = reverse("touchpoints:move", args=[board.cast.map.pk, moving.pk])
    response = board.cast.client_for("editor").post(
        url, {"stage": stage.pk, "lane": lane.pk, "position": 1, "version": moving.version}, headers=HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#cell-{stage.pk}-{lane.pk}"
    assert f'id="cell-{board.stages[0].pk}-{board.lanes[0].pk}" data-stage' in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert positions(stage, lane) == ["Sees an ad", "Pays at the till"]
    assert list(
        Touchpoint.objects.filter(stage=board.stages[0], lane=board.lanes[0]).values_list("title", "position")
    ) == [("Reads reviews", 0)]


def test_it_reorders_within_a_cell(board):
    moving = board.touchpoints[1]
    url = reverse("touchpoints:move", args=[board.cast.map.pk, moving.pk])
    board.cast.client_for("owner").post(
        url, {"stage": moving.stage_id, "lane": moving.lane_id, "position": 1, "version": 1}, headers=HTMX
    )
    assert positions(board.stages[0], board.lanes[0]) == ["Reads reviews", "Sees an ad"]


def test_it_refuses_a_stale_move_and_answers_the_cells_as_they_are(board):
    moving = board.touchpoints[0]
    Touchpoint.objects.filter(pk=moving.pk).update(version=5)
    url = reverse("touchpoints:move", args=[board.cast.map.pk, moving.pk])
    response = board.cast.client_for("owner").post(
        url, {"stage": board.stages[1].pk, "lane": board.lanes[1].pk, "position": 1, "version": 1}, headers=HTMX
    )
    assert response.status_code == 409
    assert "Someone else moved or changed this card first" in response.text
    assert positions(board.stages[0], board.lanes[0]) == ["Sees an ad", "Reads reviews"]


def test_it_moves_by_keyboard_form_without_javascript(board):
    moving = board.touchpoints[2]
    url = reverse("touchpoints:move", args=[board.cast.map.pk, moving.pk])
    response = board.cast.client_for("owner").post(
        url, {"stage": board.stages[0].pk, "lane": board.lanes[0].pk, "position": 2, "version": 1}
    )
    assert response.status_code == 302
    assert positions(board.stages[0], board.lanes[0]) == ["Sees an ad", "Pays at the till", "Reads reviews"]


def test_it_refuses_to_move_into_a_cell_of_another_map(board):
    foreign = TouchpointFactory()
    url = reverse("touchpoints:move", args=[board.cast.map.pk, board.touchpoints[0].pk])
    response = board.cast.client_for("owner").post(
        url, {"stage": foreign.stage_id, "lane": foreign.lane_id, "position": 1, "version": 1}, headers=HTMX
    )
    assert response.status_code == 422
    assert positions(board.stages[0], board.lanes[0]) == ["Sees an ad", "Reads reviews"]


def test_it_deletes_with_undo_and_restores_everything_where_it_was(board):
    deleted_card, linked_from, client = board.touchpoints[0], board.touchpoints[2], board.cast.client_for("owner")
    linked_from.next_touchpoints.add(deleted_card)
    deleted_card.next_touchpoints.add(linked_from)
    PainPointFactory(stage=deleted_card.stage, touchpoint=deleted_card, title="Ad is too loud")
    url = reverse("touchpoints:delete", args=[board.cast.map.pk, deleted_card.pk])
    response = client.post(url, {"confirmed": "1"}, headers=HTMX)
    assert "Undo" in response.text and "Sees an ad" in response.text
    assert positions(board.stages[0], board.lanes[0]) == ["Reads reviews"]
    deleted = DeletedItem.objects.get()

    response = client.post(reverse("maps:undo", args=[board.cast.map.pk, deleted.pk]), headers=HTMX)
    assert response.status_code == 200 and "is back" in response.text
    assert positions(board.stages[0], board.lanes[0]) == ["Sees an ad", "Reads reviews"]
    restored = Touchpoint.objects.get(pk=deleted_card.pk)
    assert list(restored.next_touchpoints.all()) == [linked_from]
    assert list(restored.previous_touchpoints.all()) == [linked_from]
    assert restored.pain_points.get().title == "Ad is too loud"
    assert not DeletedItem.objects.exists()


def test_any_editor_may_undo_a_delete_of_the_map(board):
    client = board.cast.client_for("owner")
    client.post(reverse("touchpoints:delete", args=[board.cast.map.pk, board.touchpoints[0].pk]))
    deleted = DeletedItem.objects.get()
    response = board.cast.client_for("editor").post(reverse("maps:undo", args=[board.cast.map.pk, deleted.pk]))
    assert response.status_code == 302
    assert Touchpoint.objects.filter(pk=board.touchpoints[0].pk).exists()


def test_it_offers_undo_after_a_plain_delete_too(board):
    client = board.cast.client_for("owner")
    response = client.post(reverse("touchpoints:delete", args=[board.cast.map.pk, board.touchpoints[0].pk]))
    deleted = DeletedItem.objects.get()
    assert f"?undo={deleted.pk}" in response.url
    page = client.get(response.url)
    assert reverse("maps:undo", args=[board.cast.map.pk, deleted.pk]) in page.text


def test_it_escapes_user_text_in_forms_cards_and_toasts(board):
    evil = "<img src=x onerror=alert(1)>"
    touchpoint = board.touchpoints[0]
    Touchpoint.objects.filter(pk=touchpoint.pk).update(title=evil, description=evil)
    client = board.cast.client_for("owner")
    form = client.get(reverse("touchpoints:edit", args=[board.cast.map.pk, touchpoint.pk]), headers=HTMX).text
    cell = client.post(reverse("touchpoints:delete", args=[board.cast.map.pk, touchpoint.pk]), headers=HTMX).text
    for text in (form, cell):
        assert evil not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in form and "&lt;img src=x onerror=alert(1)&gt;" in cell


def test_a_cell_answered_to_a_filtered_page_keeps_the_persona_filter(board):
    from tests.factories import PersonaFactory

    anna, boris = PersonaFactory(name="Anna"), PersonaFactory(name="Boris")
    board.cast.map.personas.add(anna, boris)
    stage, lane = board.stages[0], board.lanes[0]
    url = reverse("touchpoints:new", args=[board.cast.map.pk, stage.pk, lane.pk])
    page = f"http://testserver{board.cast.map.get_absolute_url()}?persona={anna.pk}"
    response = board.cast.client_for("owner").post(
        url, {"title": "Boris calls", "emotion": 0, "persona": boris.pk}, headers={**HTMX, "HX-Current-URL": page}
    )
    assert "Sees an ad" in response.text and "Boris calls" not in response.text
    assert "Added for Boris: the persona filter hides it." in response.text
    assert Touchpoint.objects.filter(title="Boris calls").exists()


def test_undoing_a_pain_point_delete_brings_back_the_opportunities_link(board):
    client, pain_point = board.cast.client_for("editor"), board.pain_point
    response = client.post(
        reverse("touchpoints:pain-point-delete", args=[board.cast.map.pk, pain_point.pk]), headers=HTMX
    )
    assert "Long queue" in response.text and "Undo" in response.text
    assert not board.opportunity.pain_points.exists()
    client.post(reverse("maps:undo", args=[board.cast.map.pk, DeletedItem.objects.get().pk]), headers=HTMX)
    assert list(board.opportunity.pain_points.all()) == [pain_point]
