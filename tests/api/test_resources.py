"""What each resource of the API does: the same writes as the pages, through the same services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from customer_data.samples import sample_log_for
from interchange.spreadsheet_export import write_csv_frame
from maps.models import DeletedItem, JourneyMap, Stage
from tests.factories import JourneyMapFactory, PersonaFactory, StageFactory
from touchpoints.models import Opportunity, PainPoint, Touchpoint

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def editor(api_as):
    return api_as("editor")


def url(board, rest: str = "") -> str:
    return f"/api/v1/maps/{board.cast.map.pk}{rest}"


def test_the_map_list_searches_filters_and_pages(cast, api_as):
    for number in range(3):
        JourneyMapFactory(owner=cast.owner, title=f"Returns {number}")
    archived = JourneyMapFactory(owner=cast.owner, title="Old returns")
    archived.archived_at = archived.created_at
    archived.save()
    owner = api_as("owner")

    found = owner.get("/api/v1/maps", {"q": "returns", "page_size": 2}).json()
    second = owner.get("/api/v1/maps", {"q": "returns", "page_size": 2, "page": 2}).json()
    old = owner.get("/api/v1/maps", {"archived": "true"}).json()

    assert (found["count"], found["pages"], len(found["items"]), len(second["items"])) == (3, 2, 2, 1)
    assert [item["title"] for item in old["items"]] == ["Old returns"]
    assert api_as("viewer").get("/api/v1/maps", {"q": "returns"}).json()["count"] == 0


def test_settings_change_and_the_owner_archives(board, editor, api_as):
    changed = editor.patch(url(board), {"title": "Car buyers", "state": "to_be", "version": 1}, content_type=JSON)
    archived = api_as("owner").post(url(board, "/archive"), {"archived": True}, content_type=JSON)

    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert JourneyMap.objects.get(pk=board.cast.map.pk).state == "to_be"
    assert archived.json()["archived"] is True


def test_a_touchpoint_is_added_read_changed_moved_and_deleted(board, editor):
    persona = PersonaFactory(name="Anna")
    board.cast.map.personas.add(persona)
    stage, lane = board.stages[1], board.lanes[0]
    body = {
        "stage": stage.pk,
        "lane": lane.pk,
        "title": "Calls the shop",
        "persona": "Anna",
        "next": [board.touchpoints[2].pk],
    }

    created = editor.post(url(board, "/touchpoints"), body, content_type=JSON).json()
    changed = editor.patch(
        url(board, f"/touchpoints/{created['id']}"), {"emotion": -2, "next": [], "version": 1}, content_type=JSON
    )
    moved = editor.post(
        url(board, f"/touchpoints/{created['id']}/move"),
        {"stage": board.stages[0].pk, "lane": lane.pk, "position": 0, "version": 2},
        content_type=JSON,
    )
    in_cell = editor.get(url(board, "/touchpoints"), {"stage": board.stages[0].pk, "lane": lane.pk}).json()
    deleted = editor.delete(url(board, f"/touchpoints/{created['id']}"))

    assert (created["persona"], created["next"], created["position"]) == ("Anna", [board.touchpoints[2].pk], 0)
    assert (changed.json()["emotion"], changed.json()["next"]) == (-2, [])
    assert (moved.json()["stage"], moved.json()["position"], moved.json()["version"]) == (board.stages[0].pk, 0, 3)
    assert [item["title"] for item in in_cell] == ["Calls the shop", "Sees an ad", "Reads reviews"]
    assert deleted.status_code == 204 and not Touchpoint.objects.filter(pk=created["id"]).exists()
    assert DeletedItem.objects.filter(map=board.cast.map, label__contains="Calls the shop").exists()


def test_references_must_be_the_maps_own(board, editor):
    elsewhere = StageFactory(map=JourneyMapFactory())

    wrong_stage = editor.post(
        url(board, "/touchpoints"), {"stage": elsewhere.pk, "lane": board.lanes[0].pk, "title": "X"}, content_type=JSON
    )
    wrong_persona = editor.post(
        url(board, "/touchpoints"),
        {"stage": board.stages[0].pk, "lane": board.lanes[0].pk, "title": "X", "persona": "Nobody"},
        content_type=JSON,
    )
    wrong_touchpoint = editor.post(
        url(board, "/pain-points"),
        {"stage": board.stages[0].pk, "touchpoint": board.touchpoints[2].pk, "title": "X"},
        content_type=JSON,
    )

    assert wrong_stage.json()["errors"] == [{"loc": ["body", "stage"], "msg": "not on this map"}]
    assert wrong_persona.json()["errors"][0]["loc"] == ["body", "persona"]
    assert wrong_touchpoint.json()["errors"][0]["loc"] == ["body", "touchpoint"]
    assert not Touchpoint.objects.filter(title="X").exists() and not PainPoint.objects.filter(title="X").exists()


def test_unknown_fields_and_bad_values_are_named(board, editor):
    response = editor.post(url(board, "/stages"), {"name": "", "colour": "red"}, content_type=JSON)

    assert response.status_code == 422
    assert {tuple(error["loc"]) for error in response.json()["errors"]} == {("body", "name"), ("body", "colour")}


def test_stages_and_lanes_are_added_changed_and_moved(board, editor):
    stage = editor.post(url(board, "/stages"), {"name": "Loyalty", "target_nps": 40}, content_type=JSON).json()
    editor.post(url(board, f"/stages/{stage['id']}/move"), {"position": 0}, content_type=JSON)
    renamed = editor.patch(url(board, f"/stages/{stage['id']}"), {"name": "Advocacy", "version": 1}, content_type=JSON)
    lane = editor.post(url(board, "/lanes"), {"channel": "email"}, content_type=JSON)
    again = editor.post(url(board, "/lanes"), {"channel": "email"}, content_type=JSON)
    unknown = editor.post(url(board, "/lanes"), {"channel": "carrier-pigeon"}, content_type=JSON)

    assert [s.name for s in Stage.objects.filter(map=board.cast.map).order_by("position")] == [
        "Advocacy",
        "Awareness",
        "Purchase",
    ]
    assert renamed.json()["target_nps"] == 40
    assert lane.status_code == 201 and lane.json()["position"] == 2
    assert again.status_code == 422 and unknown.status_code == 422


def test_pain_points_and_opportunities_make_the_action_plan(board, editor):
    stage = board.stages[1]
    pain = editor.post(
        url(board, "/pain-points"), {"stage": stage.pk, "title": "No parking", "cause": "service"}, content_type=JSON
    ).json()
    idea = editor.post(
        url(board, "/opportunities"),
        {"stage": stage.pk, "title": "Valet", "pain_points": [pain["id"]], "impact": 5},
        content_type=JSON,
    ).json()
    done = editor.patch(
        url(board, f"/opportunities/{idea['id']}"),
        {"status": "done", "pain_points": [], "version": 1},
        content_type=JSON,
    )

    assert pain["severity"] == 2 and idea["pain_points"] == [pain["id"]]
    assert done.json()["status"] == "done" and done.json()["pain_points"] == []
    assert Opportunity.objects.get(pk=idea["id"]).pain_points.count() == 0


def test_comments_are_threaded_and_resolved(board, api_as):
    reviewer = api_as("reviewer")
    touchpoint = board.touchpoints[0]
    thread = reviewer.post(
        url(board, "/comments"), {"body": "Which ad?", "on": f"touchpoint:{touchpoint.pk}"}, content_type=JSON
    ).json()
    reviewer.post(url(board, "/comments"), {"body": "The spring one.", "parent": thread["id"]}, content_type=JSON)

    resolved = reviewer.post(url(board, f"/comments/{thread['id']}/resolve"), {}, content_type=JSON).json()
    open_threads = reviewer.get(url(board, "/comments")).json()
    resolved_threads = reviewer.get(url(board, "/comments"), {"show": "resolved"}).json()

    assert thread["on"] == f"touchpoint:{touchpoint.pk}"
    assert resolved["resolved"] is True and [reply["body"] for reply in resolved["replies"]] == ["The spring one."]
    assert open_threads == [] and [item["id"] for item in resolved_threads] == [thread["id"]]


def test_a_version_is_saved_and_compared_with_now(board, editor):
    saved = editor.post(url(board, "/versions"), {"note": "Before the workshop"}, content_type=JSON).json()
    editor.patch(
        url(board, f"/touchpoints/{board.touchpoints[0].pk}"),
        {"title": "Sees a poster", "version": 1},
        content_type=JSON,
    )

    diff = editor.get(url(board, f"/versions/{saved['number']}/diff")).json()
    listed = editor.get(url(board, "/versions")).json()

    assert listed[0] == {**saved, "note": "Before the workshop"}
    changes = next(section for section in diff["sections"] if section["kind"] == "touchpoints")["changes"]
    assert changes[0]["status"] == "changed"
    assert {"name": "title", "old": "Sees an ad", "new": "Sees a poster"}.items() <= changes[0]["fields"][
        0
    ].items() or any(field["new"] == "Sees a poster" for field in changes[0]["fields"])


@pytest.mark.parametrize(
    ("format", "content_type"),
    [("json", "application/json"), ("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats")],
)
def test_the_map_downloads_in_each_format(board, api_as, format, content_type):
    response = api_as("viewer").get(url(board, f"/export.{format}"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "attachment" in response["Content-Disposition"]


def test_an_interaction_log_is_analysed_and_its_results_read(board, editor, django_capture_on_commit_callbacks):
    log = write_csv_frame(sample_log_for(board.cast.map, customers=40))

    with django_capture_on_commit_callbacks(execute=True):
        uploaded = editor.post(url(board, "/interactions"), {"file": SimpleUploadedFile("log.csv", log)})
    job = editor.get(url(board, f"/interactions/{uploaded.json()['id']}")).json()

    assert uploaded.status_code == 202
    assert job["row_count"] > 0 and job["status"] in ("done", "needs_mapping")
    assert (job["results"] is not None) == (job["status"] == "done")


def test_an_interaction_log_that_cannot_be_read_is_refused_with_its_reason(board, editor):
    upload = SimpleUploadedFile("log.csv", b"just,some\nwords,here\n", content_type="text/csv")

    response = editor.post(url(board, "/interactions"), {"file": upload})

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "file"]
    assert editor.get(url(board, "/interactions")).json() == []
