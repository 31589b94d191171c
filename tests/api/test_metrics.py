"""Customer metrics in bulk: all rows or none, each bad row named, the values on every page at once."""

import pytest
from django.urls import reverse

from charts.analytics import map_analytics
from maps.models import JourneyMap, Stage
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


def put_metrics(client, journey_map, rows):
    return client.put(f"/api/v1/maps/{journey_map.pk}/metrics", {"rows": rows}, content_type="application/json")


def test_good_rows_set_touchpoint_figures_and_stage_targets_by_id_key_and_index(board, api_as):
    first, second, third = board.touchpoints
    rows = [
        {"touchpoint": first.pk, "csat": 91.5, "nps": 40, "crr": 12, "conversion_rate": 3.5},
        {"key": "t2", "nps": -20},
        {"key": str(third.pk), "conversion_rate": 7},
        {"stage_index": 1, "target_csat": 85, "target_nps": 30},
        {"stage": board.stages[0].pk, "target_conversion": 5},
    ]

    response = put_metrics(api_as("editor"), board.cast.map, rows)

    assert response.status_code == 200, response.content
    assert response.json() == {"touchpoints": 3, "stages": 2}
    first.refresh_from_db()
    assert (first.csat, first.nps, first.crr, first.conversion_rate) == (91.5, 40, 12, 3.5)
    assert Touchpoint.objects.get(pk=second.pk).nps == -20
    assert Touchpoint.objects.get(pk=third.pk).conversion_rate == 7
    purchase = Stage.objects.get(pk=board.stages[1].pk)
    assert (purchase.target_csat, purchase.target_nps) == (85, 30)
    assert Stage.objects.get(pk=board.stages[0].pk).target_conversion == 5


def test_a_figure_left_out_stays_and_null_clears_it(board, api_as):
    touchpoint = board.touchpoints[0]
    Touchpoint.objects.filter(pk=touchpoint.pk).update(csat=50, nps=10)

    put_metrics(api_as("owner"), board.cast.map, [{"touchpoint": touchpoint.pk, "nps": None}])

    touchpoint.refresh_from_db()
    assert (touchpoint.csat, touchpoint.nps) == (50, None)


def test_one_row_naming_nothing_on_the_map_changes_nothing_and_is_named(board, api_as):
    revision = board.cast.map.revision
    rows = [{"touchpoint": board.touchpoints[0].pk, "csat": 90}, {"key": "t99", "csat": 10}]

    response = put_metrics(api_as("editor"), board.cast.map, rows)

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == [{"loc": ["body", "rows", 1, "key"], "msg": "row 2: the map has no such item."}]
    assert Touchpoint.objects.get(pk=board.touchpoints[0].pk).csat is None
    assert JourneyMap.objects.get(pk=board.cast.map.pk).revision == revision


def test_a_figure_out_of_range_refuses_every_row_and_names_row_and_field(board, api_as):
    rows = [
        {"touchpoint": board.touchpoints[0].pk, "csat": 90},
        {},
        {"touchpoint": board.touchpoints[1].pk, "csat": 150},
    ]

    response = put_metrics(api_as("editor"), board.cast.map, rows)

    assert response.status_code == 422
    assert {"loc": ["body", "rows", 2, "csat"], "msg": "Input should be less than or equal to 100"} in response.json()[
        "errors"
    ]
    assert Touchpoint.objects.get(pk=board.touchpoints[0].pk).csat is None


def test_a_row_gives_the_figures_its_item_has(board, api_as):
    rows = [{"touchpoint": board.touchpoints[0].pk, "target_csat": 90}, {"stage": board.stages[0].pk, "csat": 3}]

    response = put_metrics(api_as("editor"), board.cast.map, rows)

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["errors"]] == [
        ["body", "rows", 0, "target_csat"],
        ["body", "rows", 1, "csat"],
    ]


def test_a_row_names_exactly_one_item(board, api_as):
    rows = [{"touchpoint": board.touchpoints[0].pk, "stage": board.stages[0].pk, "csat": 3}]

    response = put_metrics(api_as("editor"), board.cast.map, rows)

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "rows", 0, "touchpoint"]


def test_the_figures_show_on_the_grid_and_in_the_analytics_at_once(board, api_as):
    touchpoint = board.touchpoints[2]
    put_metrics(api_as("editor"), board.cast.map, [{"touchpoint": touchpoint.pk, "csat": 87}])

    grid = board.cast.client_for("viewer").get(reverse("maps:detail", args=[board.cast.map.pk]))
    analytics = board.cast.client_for("viewer").get(reverse("maps:analytics", args=[board.cast.map.pk]))

    assert "CSAT 87%" in grid.content.decode()
    assert analytics.status_code == 200
    assert map_analytics(board.cast.map).kpis[touchpoint.stage_id]["csat"] == 87


def test_an_edit_form_opened_before_the_figures_came_is_stale(board, api_as):
    touchpoint = board.touchpoints[0]
    put_metrics(api_as("editor"), board.cast.map, [{"touchpoint": touchpoint.pk, "csat": 60}])

    assert Touchpoint.objects.get(pk=touchpoint.pk).version == touchpoint.version + 1
