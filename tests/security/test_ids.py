"""Ids from requests outside what a database key holds: a 4xx, never a 500.

SQLite refuses an integer past 2^63-1 with OverflowError, PostgreSQL with an error of its own,
and str.isdigit() takes "²" for a digit that int() then refuses."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journeymap.lib.ids import MAX_ID, parse_id
from maps.models import JourneyMap
from tests.conftest import HTMX
from tests.factories import PersonaFactory
from touchpoints.models import Opportunity, Touchpoint

pytestmark = pytest.mark.django_db

TOO_BIG = str(2**64)
NOT_IDS = [TOO_BIG, str(MAX_ID + 1), "-1", "²", "١٢", "9" * 5000, "1e3", " 1"]


def test_an_id_is_ascii_digits_within_the_range_of_a_key():
    assert [parse_id(value) for value in ("0", "42", str(MAX_ID), 7)] == [0, 42, MAX_ID, 7]
    assert [parse_id(value) for value in [*NOT_IDS, "", None, True, -1, 2**63]] == [None] * (len(NOT_IDS) + 5)


@pytest.mark.parametrize("value", NOT_IDS)
def test_marking_a_notification_read_refuses_what_is_not_an_id(cast, value):
    response = cast.client_for("owner").post(reverse("maps:notifications-read"), {"notification": value})
    assert response.status_code == 400


def test_marking_every_notification_read_still_needs_no_id(cast):
    response = cast.client_for("owner").post(reverse("maps:notifications-read"))
    assert response.status_code == 302


@pytest.mark.parametrize("field", ["template", "personas"])
def test_a_new_map_refuses_a_template_or_persona_id_past_the_range(cast, field):
    PersonaFactory()
    data = {"title": "Mine", "journey_type": "rational", "state": "as_is", field: TOO_BIG}
    response = cast.client_for("owner").post(reverse("maps:new"), data)
    assert response.status_code == 422
    assert JourneyMap.objects.count() == 1


@pytest.mark.parametrize("field", ["next_touchpoints", "persona"])
@pytest.mark.parametrize("value", [TOO_BIG, "-1", "²"])
def test_a_touchpoint_edit_refuses_ids_past_the_range(board, field, value):
    touchpoint = board.touchpoints[0]
    url = reverse("touchpoints:edit", args=[board.cast.map.pk, touchpoint.pk])
    data = {"title": "Changed", "emotion": 0, "version": touchpoint.version, field: [value]}
    response = board.cast.client_for("owner").post(url, data, headers=HTMX)
    assert response.status_code == 422
    assert Touchpoint.objects.get(pk=touchpoint.pk).title == "Sees an ad"


def test_an_opportunity_edit_refuses_pain_point_ids_past_the_range(board):
    opportunity = board.opportunity
    url = reverse("touchpoints:opportunity-edit", args=[board.cast.map.pk, opportunity.pk])
    data = {"title": "Changed", "impact": 3, "effort": 3, "status": "idea", "version": 1, "pain_points": [TOO_BIG]}
    response = board.cast.client_for("owner").post(url, data, headers=HTMX)
    assert response.status_code == 422
    assert Opportunity.objects.get(pk=opportunity.pk).title == "Self-checkout"


@pytest.mark.parametrize("value", NOT_IDS)
def test_the_map_page_refuses_a_persona_filter_that_is_not_an_id(board, value):
    client = board.cast.client_for("viewer")
    url = reverse("maps:detail", args=[board.cast.map.pk])
    assert client.get(url, {"persona": value}).status_code == 400
    assert client.get(url, {"persona": ""}).status_code == 200


def test_a_write_from_a_page_whose_address_has_a_bad_persona_is_refused(board):
    stage, lane = board.stages[0], board.lanes[0]
    url = reverse("touchpoints:new", args=[board.cast.map.pk, stage.pk, lane.pk])
    page = f"http://testserver{board.cast.map.get_absolute_url()}?persona={TOO_BIG}"
    response = board.cast.client_for("owner").post(
        url, {"title": "New", "emotion": 0}, headers={**HTMX, "HX-Current-URL": page}
    )
    assert response.status_code == 400


def test_a_spreadsheet_naming_stages_and_items_by_numbers_past_the_range_is_explained(board):
    numbers = "9" * 5000
    text = f"kind,id,stage,lane,title,next\ntouchpoint,{TOO_BIG},{TOO_BIG},Web shop,A,{numbers}\n"
    client = board.cast.client_for("owner")
    response = client.post(
        reverse("maps:import-spreadsheet", args=[board.cast.map.pk]),
        {"file": SimpleUploadedFile("items.csv", text.encode())},
    )
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200 and "the map has no such stage" in page.text
