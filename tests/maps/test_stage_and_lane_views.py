import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from maps.models import DeletedItem, Lane, Stage
from tests.conftest import HTMX
from touchpoints.models import Channel, Touchpoint

pytestmark = pytest.mark.django_db


def stage_names(journey_map) -> list[str]:
    return list(journey_map.stages.order_by("position").values_list("name", flat=True))


def lane_names(journey_map) -> list[str]:
    return list(journey_map.lanes.order_by("position").values_list("channel__name", flat=True))


def test_it_adds_a_stage_at_the_end_and_answers_the_grid(board):
    url = reverse("maps:stage-new", args=[board.cast.map.pk])
    response = board.cast.client_for("editor").post(
        url, {"name": "Loyalty", "customer_goal": "Come back"}, headers=HTMX
    )
    assert response.status_code == 200 and response["HX-Retarget"] == "#grid"
    assert 'data-testid="grid"' in response.text and "Loyalty" in response.text
    assert stage_names(board.cast.map) == ["Awareness", "Purchase", "Loyalty"]


def test_it_refuses_a_stage_without_a_name(board):
    response = board.cast.client_for("owner").post(
        reverse("maps:stage-new", args=[board.cast.map.pk]), {"name": ""}, headers=HTMX
    )
    assert response.status_code == 422 and "This field is required." in response.text


def test_it_edits_a_stage_and_answers_only_its_header(board):
    stage = board.stages[0]
    url = reverse("maps:stage-edit", args=[board.cast.map.pk, stage.pk])
    data = {
        "name": "Need",
        "drivers": "Broken washer",
        "barriers": "Price",
        "influence": "Ads",
        "target_nps": 30,
        "version": 1,
    }
    response = board.cast.client_for("owner").post(url, data, headers=HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == f"#stage-{stage.pk}"
    assert response.text.strip().startswith("<th") and "Broken washer" in response.text and "NPS 30" in response.text
    stage.refresh_from_db()
    assert (stage.name, stage.version, stage.target_nps) == ("Need", 2, 30)


def test_it_refuses_a_stale_stage_edit(board):
    stage = board.stages[0]
    Stage.objects.filter(pk=stage.pk).update(name="Theirs", version=3)
    url = reverse("maps:stage-edit", args=[board.cast.map.pk, stage.pk])
    response = board.cast.client_for("owner").post(url, {"name": "Mine", "version": 1}, headers=HTMX)
    assert response.status_code == 409 and 'value="Mine"' in response.text and "Theirs" in response.text
    assert Stage.objects.get(pk=stage.pk).name == "Theirs"


def test_it_refuses_kpi_targets_out_of_range(board):
    url = reverse("maps:stage-edit", args=[board.cast.map.pk, board.stages[0].pk])
    response = board.cast.client_for("owner").post(url, {"name": "x", "target_csat": 120, "version": 1}, headers=HTMX)
    assert response.status_code == 422


@pytest.mark.parametrize(
    "position, order", [(1, ["Purchase", "Awareness"]), (2, ["Purchase", "Awareness"]), (99, ["Purchase", "Awareness"])]
)
def test_it_moves_a_stage(board, position, order):
    url = reverse("maps:stage-move", args=[board.cast.map.pk, board.stages[1 if position == 1 else 0].pk])
    board.cast.client_for("owner").post(url, {"position": position}, headers=HTMX)
    assert stage_names(board.cast.map) == order


def test_it_deletes_a_stage_with_its_touchpoints_and_undoes_it(board):
    client = board.cast.client_for("owner")
    url = reverse("maps:stage-delete", args=[board.cast.map.pk, board.stages[0].pk])
    response = client.post(url, {"confirmed": "1"}, headers=HTMX)
    assert "Undo" in response.text
    assert stage_names(board.cast.map) == ["Purchase"] and Touchpoint.objects.count() == 1
    assert Stage.objects.get(name="Purchase").position == 0
    client.post(reverse("maps:undo", args=[board.cast.map.pk, DeletedItem.objects.get().pk]), headers=HTMX)
    assert stage_names(board.cast.map) == ["Awareness", "Purchase"]
    assert Touchpoint.objects.count() == 3


def test_it_adds_a_lane_from_the_library_or_a_new_channel(board):
    board.cast.owner.user_permissions.add(Permission.objects.get(codename="add_channel"))
    client, url = board.cast.client_for("owner"), reverse("maps:lane-new", args=[board.cast.map.pk])
    form = client.get(url, headers=HTMX).text
    assert "Web shop" not in form  # channels already on the map are not offered again
    client.post(url, {"channel": Channel.objects.get(slug="email").pk, "new_channel_kind": "online"}, headers=HTMX)
    client.post(url, {"new_channel": "Pop-up store", "new_channel_kind": "offline"}, headers=HTMX)
    assert lane_names(board.cast.map) == ["Web shop", "Store", "Email", "Pop-up store"]
    assert Channel.objects.get(name="Pop-up store").kind == "offline"


@pytest.mark.parametrize(
    "data, error",
    [
        ({"new_channel_kind": "online"}, "Pick a channel from the library or name a new one"),
        ({"new_channel": "Email", "new_channel_kind": "online"}, "A channel with this name exists"),
    ],
)
def test_it_explains_what_is_wrong_with_a_new_lane(board, data, error):
    board.cast.owner.user_permissions.add(Permission.objects.get(codename="add_channel"))
    response = board.cast.client_for("owner").post(
        reverse("maps:lane-new", args=[board.cast.map.pk]), data, headers=HTMX
    )
    assert response.status_code == 422 and error in response.text
    assert Lane.objects.filter(map=board.cast.map).count() == 2


def test_it_moves_and_removes_lanes(board):
    client = board.cast.client_for("owner")
    client.post(reverse("maps:lane-move", args=[board.cast.map.pk, board.lanes[1].pk]), {"position": 1}, headers=HTMX)
    assert lane_names(board.cast.map) == ["Store", "Web shop"]
    client.post(reverse("maps:lane-delete", args=[board.cast.map.pk, board.lanes[1].pk]), {"confirmed": "1"})
    assert lane_names(board.cast.map) == ["Web shop"]
    assert Lane.objects.get(map=board.cast.map).position == 0


def test_it_answers_a_bad_position_clearly(board):
    url = reverse("maps:lane-move", args=[board.cast.map.pk, board.lanes[0].pk])
    assert board.cast.client_for("owner").post(url, {"position": "left"}, headers=HTMX).status_code == 422


def test_it_cannot_undo_a_touchpoint_whose_stage_is_gone(board):
    client = board.cast.client_for("owner")
    client.post(reverse("touchpoints:delete", args=[board.cast.map.pk, board.touchpoints[2].pk]), {"confirmed": "1"})
    touchpoint_trash = DeletedItem.objects.get()
    client.post(reverse("maps:stage-delete", args=[board.cast.map.pk, board.stages[1].pk]), {"confirmed": "1"})
    response = client.post(reverse("maps:undo", args=[board.cast.map.pk, touchpoint_trash.pk]), headers=HTMX)
    assert "cannot come back" in response.text
    assert not Touchpoint.objects.filter(pk=board.touchpoints[2].pk).exists()


def test_it_refreshes_the_emotion_row_alone(board):
    Touchpoint.objects.filter(pk=board.touchpoints[0].pk).update(emotion=2)
    response = board.cast.client_for("viewer").get(reverse("maps:emotion-row", args=[board.cast.map.pk]), headers=HTMX)
    assert response.text.strip().startswith('<tr class="emotion-row"')
    assert "1.0" in response.text  # (2 + 0) / 2 at Awareness


def test_it_keeps_the_grid_fragment_from_outsiders(board):
    assert board.cast.client_for("outsider").get(reverse("maps:grid", args=[board.cast.map.pk])).status_code == 404
    assert (
        board.cast.client_for("outsider").get(reverse("maps:emotion-row", args=[board.cast.map.pk])).status_code == 404
    )


def test_only_someone_with_the_library_right_adds_a_channel_on_the_spot(board):
    client, url = board.cast.client_for("editor"), reverse("maps:lane-new", args=[board.cast.map.pk])
    assert 'name="new_channel"' not in client.get(url, headers=HTMX).text
    response = client.post(url, {"new_channel": "Pop-up store", "new_channel_kind": "offline"}, headers=HTMX)
    assert response.status_code == 422 and "This field is required" in response.text
    assert not Channel.objects.filter(name="Pop-up store").exists()
    board.cast.editor.user_permissions.add(Permission.objects.get(codename="add_channel"))
    assert 'name="new_channel"' in client.get(url, headers=HTMX).text
