"""One cap on the items of a map, whatever way they come: the grid, a JSON import or
replacement, a spreadsheet import, an accepted pain-point candidate. Each says so clearly
and writes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interchange import schema
from interchange.documents import map_document
from interchange.models import StagedUpload
from interchange.spreadsheet_import import items_import
from interchange.spreadsheet_rows import MAX_SPREADSHEET_ROWS, guess_mapping, headers_of, parse_rows, sources_of
from journeymap.lib.files import read_tables
from maps import services
from maps.models import JourneyMap
from tests.conftest import HTMX
from tests.interchange.test_data_views import filled  # noqa: F401  (a map with an analysed log)
from touchpoints.models import Opportunity, PainPoint, Touchpoint

pytestmark = pytest.mark.django_db

FULL = "A map holds at most 5 touchpoints, pain points and opportunities"


@pytest.fixture
def full(board, monkeypatch):
    """The board's map holds 5 items (3 touchpoints, a pain point, an opportunity): the cap, here."""
    monkeypatch.setattr(services, "MAX_MAP_ITEMS", 5)
    return board


def items(journey_map: JourneyMap) -> int:
    return sum(model.objects.filter(map=journey_map).count() for model in (Touchpoint, PainPoint, Opportunity))


def test_the_cap_is_twenty_thousand_items_and_the_interchange_format_keeps_to_it():
    assert services.MAX_MAP_ITEMS == schema.MAX_ITEMS == 20_000


def test_the_grid_adds_nothing_to_a_full_map_and_says_why(full):
    journey_map, stage, lane = full.cast.map, full.stages[0], full.lanes[0]
    client = full.cast.client_for("editor")
    posts = [
        (reverse("touchpoints:new", args=[journey_map.pk, stage.pk, lane.pk]), {"title": "One more", "emotion": 0}),
        (
            reverse("touchpoints:pain-point-new", args=[journey_map.pk, stage.pk]),
            {"title": "One more", "severity": 2, "cause": "other"},
        ),
        (
            reverse("touchpoints:opportunity-new", args=[journey_map.pk, stage.pk]),
            {"title": "One more", "impact": 3, "effort": 3, "status": "idea"},
        ),
    ]
    for url, data in posts:
        response = client.post(url, data, headers=HTMX)
        assert response.status_code == 422 and FULL in response.text, url
    assert items(journey_map) == 5
    assert JourneyMap.objects.get(pk=journey_map.pk).revision == journey_map.revision


def test_the_grid_adds_while_there_is_room(board, monkeypatch):
    monkeypatch.setattr(services, "MAX_MAP_ITEMS", 6)
    stage, lane = board.stages[0], board.lanes[0]
    url = reverse("touchpoints:new", args=[board.cast.map.pk, stage.pk, lane.pk])
    assert (
        board.cast.client_for("editor").post(url, {"title": "The sixth", "emotion": 0}, headers=HTMX).status_code == 200
    )
    assert (
        board.cast.client_for("editor").post(url, {"title": "A seventh", "emotion": 0}, headers=HTMX).status_code == 422
    )


def test_a_json_map_with_more_items_than_a_map_holds_is_refused_at_upload(full):
    document = map_document(full.cast.map)
    one_more = document.touchpoints[0].model_copy(update={"key": "t9"})
    six = document.model_copy(update={"touchpoints": [*document.touchpoints, one_more]})
    client = full.cast.client_for("owner")
    for url in (reverse("maps:import-json"), reverse("maps:replace-json", args=[full.cast.map.pk])):
        response = client.post(url, {"file": SimpleUploadedFile("m.json", six.to_json().encode())})
        assert (
            response.status_code == 422
            and "A map holds at most 5" in response.text
            and "the file has 6" in response.text
        )
    assert not StagedUpload.objects.exists() and JourneyMap.objects.count() == 1 and items(full.cast.map) == 5


def test_a_spreadsheet_that_would_overfill_the_map_is_explained_in_the_preview_and_not_imported(full):
    client = full.cast.client_for("owner")
    text = "kind,stage,title\npain_point,Awareness,One too many\n"
    review = client.post(
        reverse("maps:import-spreadsheet", args=[full.cast.map.pk]),
        {"file": SimpleUploadedFile("p.csv", text.encode())},
    ).url
    page = client.get(review)
    assert "this one has 5, so 1 more does not fit" in page.text
    response = client.post(
        review,
        {
            "kind": "",
            "col_kind": "kind",
            "col_stage": "stage",
            "col_title": "title",
            "revision": full.cast.map.revision,
        },
    )
    assert response.status_code == 422 and items(full.cast.map) == 5


def test_the_import_itself_checks_the_cap_under_the_map_lock(full):
    """Two previews made side by side may each fit; the second write must not."""
    sources = sources_of(read_tables(b"kind,stage,title\npain_point,Awareness,One too many\n"))
    rows, _errors = parse_rows(sources, guess_mapping(headers_of(sources)))
    with pytest.raises(services.TooManyItems, match="so 1 more does not fit"):
        items_import(journey_map=full.cast.map, rows=rows, expected_revision=full.cast.map.revision)
    assert items(full.cast.map) == 5


def test_a_spreadsheet_with_more_rows_than_a_map_holds_is_refused_at_upload(cast):
    text = "kind,stage,title\n" + "pain_point,S1,P\n" * (MAX_SPREADSHEET_ROWS + 1)
    response = cast.client_for("owner").post(
        reverse("maps:import-spreadsheet", args=[cast.map.pk]), {"file": SimpleUploadedFile("p.csv", text.encode())}
    )
    assert response.status_code == 422 and "more than 20,301 rows" in response.text
    assert not StagedUpload.objects.exists()


def test_accepting_a_candidate_into_a_full_map_is_refused_and_the_candidate_stays_open(filled, monkeypatch):  # noqa: F811
    monkeypatch.setattr(services, "MAX_MAP_ITEMS", items(filled.map))
    url = reverse("maps:candidate-accept", args=[filled.map.pk, filled.candidate.pk])
    response = filled.client_for("editor").post(url, headers=HTMX)
    assert response.status_code == 422 and "so 1 more does not fit" in response.text
    filled.candidate.refresh_from_db()
    assert filled.candidate.status == "open" and not PainPoint.objects.filter(map=filled.map).exists()
