import csv
import io
import json
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from customer_data import analysis, services
from customer_data.models import CandidateStatus, ImportStatus, InteractionImport, PainPointCandidate
from demo.synthetic import seed_large_map
from interchange.documents import map_document
from interchange.forms import MapJsonUploadForm, SpreadsheetUploadForm
from interchange.models import StagedUpload, UploadKind
from maps.models import JourneyMap
from tests.conftest import ROLES
from tests.customer_data.test_interactions import LOG
from tests.factories import LaneFactory, PainPointFactory, StageFactory, TouchpointFactory, UserFactory
from touchpoints.models import PainPoint, Touchpoint

pytestmark = pytest.mark.django_db

XSS = "<script>alert('x')</script>"


@pytest.fixture
def filled(cast, monkeypatch):
    """The cast's map with three stages, three channels, four touchpoints and an analysed log."""
    monkeypatch.setattr(analysis, "MIN_SAMPLE", 1)
    stages = [StageFactory(map=cast.map, name=f"S{n}", position=n - 1) for n in (1, 2, 3)]
    lanes = {
        name: LaneFactory(map=cast.map, position=position, channel__name=name, channel__slug=f"{name.lower()}-x")
        for position, name in enumerate(["Web", "Phone", "Store"])
    }
    for title, stage, lane in [("A", 0, "Web"), ("B", 1, "Web"), ("C", 1, "Phone"), ("D", 2, "Store")]:
        TouchpointFactory(stage=stages[stage], lane=lanes[lane], title=title, position=0)
    job = InteractionImport.objects.create(
        map=cast.map, file_name="log.csv", content=LOG.encode(), uploaded_by=cast.owner
    )
    services.run_job(job.pk)
    cast.job = InteractionImport.objects.get(pk=job.pk)
    cast.candidate = cast.job.candidates.first()
    cast.map.refresh_from_db()
    return cast


def upload(name: str, content: bytes | str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)


def confirmation(page) -> dict:
    """What the preview's confirm form posts: the column mapping it was made with, and the revision."""
    form = page.context["form"]
    return {**{name: form[name].value() or "" for name in form.fields}, "revision": page.context["plan"].revision}


def staged(cast, who: str, kind: str, content: bytes) -> StagedUpload:
    """An upload as its form keeps it: what was read from the file."""
    form = SpreadsheetUploadForm() if kind == UploadKind.SPREADSHEET else MapJsonUploadForm()
    return StagedUpload.objects.create(
        user=getattr(cast, who), map=cast.map, kind=kind, file_name="f", data=form.read(content)
    )


# Who may do what


def read_requests(cast) -> list[tuple[str, str, dict]]:
    m, job = cast.map.pk, cast.job.pk
    return [
        ("get", reverse("maps:export-json", args=[m]), {}),
        ("get", reverse("maps:export-csv", args=[m]), {}),
        ("get", reverse("maps:export-xlsx", args=[m]), {}),
        ("get", reverse("maps:interactions", args=[m]), {}),
        ("get", reverse("maps:interaction-sample", args=[m]), {}),
        ("get", reverse("maps:interaction-detail", args=[m, job]), {}),
        ("get", reverse("maps:interaction-figures", args=[m, job]), {}),
    ]


def edit_requests(cast, who: str) -> list[tuple[str, str, dict]]:
    m, job, candidate = cast.map.pk, cast.job.pk, cast.candidate.pk
    spreadsheet = staged(cast, who, UploadKind.SPREADSHEET, b"kind,stage,title\npain_point,S1,New\n")
    document = staged(cast, who, UploadKind.MAP_JSON, map_document(cast.map).to_json().encode())
    return [
        ("get", reverse("maps:import", args=[m]), {}),
        ("get", reverse("maps:spreadsheet-template", args=[m, "xlsx"]), {}),
        (
            "post",
            reverse("maps:import-spreadsheet", args=[m]),
            {"file": upload("a.csv", "kind,stage,title\npain_point,S1,New\n")},
        ),
        ("get", reverse("maps:import-spreadsheet-review", args=[m, spreadsheet.pk]), {}),
        (
            "post",
            reverse("maps:import-spreadsheet-review", args=[m, spreadsheet.pk]),
            {"kind": "", "col_kind": "kind", "col_stage": "stage", "col_title": "title", "revision": cast.map.revision},
        ),
        ("post", reverse("maps:replace-json", args=[m]), {"file": upload("m.json", map_document(cast.map).to_json())}),
        ("get", reverse("maps:replace-json-review", args=[m, document.pk]), {}),
        ("post", reverse("maps:interaction-upload", args=[m]), {"file": upload("log.csv", LOG)}),
        ("post", reverse("maps:interaction-apply", args=[m, job]), {}),
        ("post", reverse("maps:candidate-accept", args=[m, candidate]), {}),
        ("post", reverse("maps:candidate-dismiss", args=[m, candidate]), {}),
        ("post", reverse("maps:interaction-mapping", args=[m, job]), {}),  # last: it queues the analysis again
    ]


@pytest.mark.parametrize("who", ROLES)
def test_every_member_may_read_and_export(filled, who):
    client = filled.client_for(who)
    for method, url, data in read_requests(filled):
        assert getattr(client, method)(url, data).status_code == 200, url


@pytest.mark.parametrize("who", ["owner", "editor"])
def test_owners_and_editors_may_import_and_decide(filled, who):
    client = filled.client_for(who)
    for method, url, data in edit_requests(filled, who):
        assert getattr(client, method)(url, data).status_code in (200, 302), url


@pytest.mark.parametrize("who", ["reviewer", "viewer"])
def test_reviewers_and_viewers_may_not_import_or_decide(filled, who):
    client = filled.client_for(who)
    for method, url, data in edit_requests(filled, who):
        assert getattr(client, method)(url, data).status_code == 403, url
    assert PainPoint.objects.filter(map=filled.map).count() == 0
    assert PainPointCandidate.objects.filter(status=CandidateStatus.OPEN).count() == filled.job.candidates.count()


def test_an_outsider_sees_none_of_it(filled):
    client = filled.client_for("outsider")
    for method, url, data in read_requests(filled) + edit_requests(filled, "outsider"):
        assert getattr(client, method)(url, data).status_code == 404, url


def test_a_visitor_is_sent_to_log_in(filled, client):
    for method, url, data in read_requests(filled):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and response.url.startswith("/login/"), url


def test_an_upload_belongs_to_whoever_uploaded_it(filled):
    theirs = staged(filled, "editor", UploadKind.SPREADSHEET, b"kind,stage,title\npain_point,S1,New\n")
    url = reverse("maps:import-spreadsheet-review", args=[filled.map.pk, theirs.pk])
    assert filled.client_for("owner").get(url).status_code == 404
    document = StagedUpload.objects.create(
        user=filled.editor,
        kind=UploadKind.MAP_JSON,
        file_name="m",
        data=map_document(filled.map).model_dump(mode="json"),
    )
    assert filled.client_for("editor").get(reverse("maps:import-json-review", args=[document.pk])).status_code == 200
    assert filled.client_for("owner").get(reverse("maps:import-json-review", args=[document.pk])).status_code == 404


def test_the_map_page_links_to_the_data_and_to_import_only_for_editors(filled):
    for who, may_import in [("owner", True), ("editor", True), ("reviewer", False), ("viewer", False)]:
        text = filled.client_for(who).get(filled.map.get_absolute_url()).text
        assert reverse("maps:export-json", args=[filled.map.pk]) in text
        assert reverse("maps:interactions", args=[filled.map.pk]) in text
        assert (reverse("maps:import", args=[filled.map.pk]) in text) is may_import, who


# Exports


@pytest.mark.parametrize("name", ["maps:export-json", "maps:export-csv", "maps:export-xlsx"])
def test_an_export_reads_the_map_in_a_fixed_number_of_queries(cast, name, django_assert_max_num_queries):
    large = seed_large_map(
        stages=10, lanes=8, touchpoints=300, pain_points=60, opportunities=60, seed=3, owner=cast.owner
    )
    client = cast.client_for("owner")
    # Session, user, map and role, then the grid's reads (stages, lanes, personas, touchpoints and
    # their links, pain points, opportunities and theirs) and the template: none per item.
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name, args=[large.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and "synthetic-map" in response["Content-Disposition"]


def test_the_json_export_is_the_interchange_document(filled):
    response = filled.client_for("viewer").get(reverse("maps:export-json", args=[filled.map.pk]))
    assert response["Content-Type"] == "application/json"
    assert response.content.decode() == map_document(filled.map).to_json()


@pytest.fixture
def risky(filled):
    touchpoint = Touchpoint.objects.get(map=filled.map, title="A")
    touchpoint.title, touchpoint.emotion = "=1+2", -2
    touchpoint.save()
    PainPointFactory(map=filled.map, stage=touchpoint.stage, title=XSS)
    return filled


def test_the_spreadsheet_exports_neutralise_formulas_but_keep_numbers(risky):
    client = risky.client_for("viewer")
    content = client.get(reverse("maps:export-csv", args=[risky.map.pk])).content.decode("utf-8-sig")
    row = next(row for row in csv.DictReader(io.StringIO(content)) if row["title"].endswith("=1+2"))
    assert (row["title"], row["emotion"]) == ("'=1+2", "-2")
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("maps:export-xlsx", args=[risky.map.pk])).content))
    cells = {cell.value: cell for line in book["touchpoints"].iter_rows() for cell in line}
    assert "'=1+2" in cells and cells["'=1+2"].data_type == "s"
    assert cells[-2].data_type == "n"


# Importing spreadsheets


def test_a_spreadsheet_with_headers_of_its_own_is_matched_previewed_and_imported(filled):
    client = filled.client_for("editor")
    text = "Phase,Channel used,What happens\nS1,Web,Sees an ad\nS2,Phone,Calls the shop\n"
    response = client.post(reverse("maps:import-spreadsheet", args=[filled.map.pk]), {"file": upload("tp.csv", text)})
    review = response.url
    page = client.get(review)
    assert "there is no kind column" in page.text
    mapping = {"kind": "touchpoint", "col_stage": "Phase", "col_lane": "Channel used", "col_title": "What happens"}
    page = client.get(review, mapping)
    assert page.status_code == 200 and "2 new items" in page.text and "Sees an ad" in page.text
    assert Touchpoint.objects.filter(map=filled.map).count() == 4, "a preview writes nothing"
    response = client.post(review, confirmation(page))
    assert response.status_code == 302 and response.url == filled.map.get_absolute_url()
    assert set(Touchpoint.objects.filter(map=filled.map).values_list("title", flat=True)) >= {
        "Sees an ad",
        "Calls the shop",
    }
    assert not StagedUpload.objects.exists()


def test_a_spreadsheet_with_a_bad_row_is_explained_at_once_and_nothing_is_kept(filled):
    client = filled.client_for("owner")
    text = "kind,stage,lane,title,emotion\ntouchpoint,S1,Web,Fine,1\ntouchpoint,S1,Web,Too happy,9\n"
    response = client.post(reverse("maps:import-spreadsheet", args=[filled.map.pk]), {"file": upload("tp.csv", text)})
    assert response.status_code == 422
    assert "row 3, column “emotion”: “9”: Input should be less than or equal to 2" in response.text
    assert not StagedUpload.objects.exists() and Touchpoint.objects.filter(map=filled.map).count() == 4


def test_a_bad_row_found_after_matching_the_columns_is_explained_in_the_preview(filled):
    client = filled.client_for("owner")
    text = "Phase,Channel,Title,Mood\nS1,Web,Fine,1\nS1,Web,Too happy,9\n"
    review = client.post(reverse("maps:import-spreadsheet", args=[filled.map.pk]), {"file": upload("tp.csv", text)}).url
    mapping = {"kind": "touchpoint", "col_stage": "Phase", "col_lane": "Channel", "col_title": "Title"}
    page = client.get(review, {**mapping, "col_emotion": "Mood"})
    assert "row 3, column “emotion”: “9”: Input should be less than or equal to 2" in page.text
    client.post(review, {**confirmation(page), "revision": filled.map.revision})
    assert Touchpoint.objects.filter(map=filled.map).count() == 4


def test_a_spreadsheet_import_refuses_a_map_that_changed_meanwhile(filled):
    client = filled.client_for("owner")
    review = client.post(
        reverse("maps:import-spreadsheet", args=[filled.map.pk]),
        {"file": upload("tp.csv", "kind,stage,lane,title\ntouchpoint,S1,Web,New\n")},
    ).url
    data = confirmation(client.get(review))
    JourneyMap.objects.filter(pk=filled.map.pk).update(revision=data["revision"] + 1)
    response = client.post(review, data)
    assert response.status_code == 409 and "The map changed since this preview" in response.text
    assert not Touchpoint.objects.filter(title="New").exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "This is not a CSV or Excel file."),
        ("latin.csv", "stage,title\nS1,Café\n".encode("latin-1"), "not UTF-8"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "Old Excel files"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_at_once(filled, name, content, message):
    response = filled.client_for("owner").post(
        reverse("maps:import-spreadsheet", args=[filled.map.pk]), {"file": upload(name, content)}
    )
    assert response.status_code == 422 and message in response.text
    assert not StagedUpload.objects.exists()


def test_the_review_escapes_what_the_file_says(filled):
    client = filled.client_for("owner")
    text = f"kind,stage,lane,title\ntouchpoint,S1,Web,{XSS}\n"
    review = client.post(reverse("maps:import-spreadsheet", args=[filled.map.pk]), {"file": upload("x.csv", text)}).url
    page = client.get(review).text
    assert XSS not in page and "&lt;script&gt;" in page


def test_the_templates_download_for_editors(filled):
    client = filled.client_for("editor")
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("maps:spreadsheet-template", args=[filled.map.pk, "xlsx"])).content)
    )
    assert book.sheetnames == ["touchpoints", "pain_points", "opportunities", "help"]
    response = client.get(reverse("maps:spreadsheet-template", args=[filled.map.pk, "csv"]))
    assert response.content.decode("utf-8-sig").startswith("kind,id,stage,lane,touchpoint,title,description,")


# Importing JSON


def test_a_json_file_becomes_a_new_map_of_whoever_imports_it(filled):
    client = filled.client_for("viewer")
    content = map_document(filled.map).to_json()
    response = client.post(reverse("maps:import-json"), {"file": upload("m.json", content)})
    review = client.get(response.url)
    assert review.status_code == 200 and "Import m.json as a new map?" in review.text and "Touchpoints" in review.text
    response = client.post(response.url)
    copy = JourneyMap.objects.exclude(pk=filled.map.pk).get()
    assert response.url == copy.get_absolute_url()
    assert copy.owner == filled.viewer and map_document(copy).to_json() == content


def test_a_broken_json_file_is_refused_at_once(filled):
    response = filled.client_for("owner").post(
        reverse("maps:import-json"), {"file": upload("m.json", b'{"schema_version": 1}')}
    )
    assert response.status_code == 422 and "title: Field required" in response.text
    assert not StagedUpload.objects.exists() and JourneyMap.objects.count() == 1


def test_replacing_a_map_shows_what_goes_and_refuses_a_stale_confirmation(filled):
    client = filled.client_for("owner")
    document = map_document(filled.map).model_copy(update={"title": "Renamed", "pain_points": [], "opportunities": []})
    review = client.post(
        reverse("maps:replace-json", args=[filled.map.pk]), {"file": upload("m.json", document.to_json())}
    ).url
    page = client.get(review)
    assert "Replace this map with m.json?" in page.text
    response = client.post(review, {"revision": filled.map.revision - 1})
    assert response.status_code == 409 and JourneyMap.objects.get(pk=filled.map.pk).title == "Car buyer"
    response = client.post(review, {"revision": response.context["confirm"].initial["revision"]})
    assert response.status_code == 302 and JourneyMap.objects.get(pk=filled.map.pk).title == "Renamed"


# Customer data


def test_an_interaction_log_is_analysed_after_the_upload_is_saved(filled, django_capture_on_commit_callbacks):
    client = filled.client_for("editor")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("maps:interaction-upload", args=[filled.map.pk]), {"file": upload("new.csv", LOG)}
        )
    job = InteractionImport.objects.get(file_name="new.csv")
    assert response.url == reverse("maps:interaction-detail", args=[filled.map.pk, job.pk])
    assert job.status == ImportStatus.READING and len(callbacks) == 1
    page = client.get(response.url)
    assert 'hx-trigger="every 1s"' in page.text and "Reading the file" in page.text


@pytest.mark.parametrize(
    "content, message",
    [
        (b"who,when\nc1,today\n", "The file has no column for: customer, timestamp, channel"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "This is not a CSV or Excel file."),
        ("customer_id,timestamp,channel,stage\nc1,2025-01-01,Café,S1\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_a_log_that_cannot_be_read_is_refused_at_once(filled, content, message):
    response = filled.client_for("owner").post(
        reverse("maps:interaction-upload", args=[filled.map.pk]), {"file": upload("log.csv", content)}
    )
    assert response.status_code == 422 and message in response.text
    assert InteractionImport.objects.count() == 1, "only the fixture's"


def test_the_progress_poll_reloads_the_page_once_the_job_is_done(filled):
    client = filled.client_for("viewer")
    url = reverse("maps:interaction-detail", args=[filled.map.pk, filled.job.pk])
    InteractionImport.objects.filter(pk=filled.job.pk).update(status=ImportStatus.ANALYSING, progress=60)
    fragment = client.get(url, headers={"HX-Request": "true", "HX-Target": "import-status"})
    assert fragment.text.strip().startswith('<div id="import-status"') and 'value="60"' in fragment.text
    InteractionImport.objects.filter(pk=filled.job.pk).update(status=ImportStatus.DONE)
    done = client.get(url, headers={"HX-Request": "true", "HX-Target": "import-status"})
    assert done["HX-Refresh"] == "true"


def test_an_analysis_that_stopped_half_way_says_so(filled):
    long_ago = timezone.now() - timedelta(hours=1)
    InteractionImport.objects.filter(pk=filled.job.pk).update(status=ImportStatus.ANALYSING, updated_at=long_ago)
    url = reverse("maps:interaction-detail", args=[filled.map.pk, filled.job.pk])
    client = filled.client_for("viewer")
    assert client.get(url, headers={"HX-Request": "true", "HX-Target": "import-status"})["HX-Refresh"] == "true"
    assert "This analysis has not moved for ten minutes: no worker seems to be running" in client.get(url).text


def test_the_results_page_shows_figures_candidates_and_escapes_names(filled):
    Touchpoint.objects.filter(map=filled.map, title="C").update(title=XSS)
    filled.job.results["touchpoints"][2]["title"] = XSS
    filled.job.save()
    page = filled.client_for("viewer").get(reverse("maps:interaction-detail", args=[filled.map.pk, filled.job.pk])).text
    assert 'data-testid="sankey"' in page and 'data-testid="candidates"' in page and "Low satisfaction at" in page
    assert XSS not in page and "&lt;script&gt;" in page
    assert "Add to the map" not in page, "viewers read, they do not decide"


def test_the_results_page_reads_a_fixed_number_of_queries(filled, django_assert_max_num_queries):
    # Whatever the size of the log: the figures are stored on the import. The page itself (the
    # user, the top bar's notifications) takes a few; the import, the map's lanes, stages and
    # touchpoints for the matching form, and the candidates take the rest.
    client = filled.client_for("owner")
    client.get("/")  # a first request settles the session, so the budget counts the page alone
    with django_assert_max_num_queries(10):
        client.get(reverse("maps:interaction-detail", args=[filled.map.pk, filled.job.pk]))


def test_the_sankey_comes_as_json_and_escapes_channel_names(filled):
    filled.job.results["sankey"]["nodes"][0]["label"] = "<b>Web</b>"
    filled.job.save()
    client = filled.client_for("viewer")
    url = reverse("maps:interaction-figures", args=[filled.map.pk, filled.job.pk])
    response = client.get(url)
    figure = json.loads(response.content)["sankey"]
    assert figure["data"][0]["type"] == "sankey" and figure["data"][0]["node"]["label"][0] == "&lt;b&gt;Web&lt;/b&gt;"
    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_a_person_confirms_the_matching_and_the_log_is_analysed_again(filled, django_capture_on_commit_callbacks):
    client = filled.client_for("owner")
    page = client.get(reverse("maps:interaction-detail", args=[filled.map.pk, filled.job.pk]))
    form = page.context["mapping_form"]
    data = {name: form[name].initial for name in form.fields}
    phone = next(name for name in form.fields if form.fields[name].label == "Phone")
    data[phone] = ""
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("maps:interaction-mapping", args=[filled.map.pk, filled.job.pk]), data)
    job = InteractionImport.objects.get(pk=filled.job.pk)
    assert job.status == ImportStatus.ANALYSING and job.mapping["channel"]["Phone"] is None and len(callbacks) == 1
    services.run_job(job.pk)
    assert InteractionImport.objects.get(pk=job.pk).results["summary"]["rows_ignored"] == 2


def test_accepting_a_candidate_answers_its_row_and_shows_it_on_the_map(filled):
    client = filled.client_for("editor")
    candidate = filled.job.candidates.get(kind="low_satisfaction")
    response = client.post(
        reverse("maps:candidate-accept", args=[filled.map.pk, candidate.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "On the map" in response.text and "map-changed" in response["HX-Trigger"]
    assert response.text.strip().startswith('<li class="candidate candidate--accepted')
    grid = client.get(filled.map.get_absolute_url()).text
    assert "Low satisfaction at “C”" in grid


def test_dismissing_without_javascript_goes_back_to_the_results(filled):
    client = filled.client_for("owner")
    response = client.post(reverse("maps:candidate-dismiss", args=[filled.map.pk, filled.candidate.pk]))
    assert response.url.endswith(f"#candidate-{filled.candidate.pk}")
    assert PainPointCandidate.objects.get(pk=filled.candidate.pk).status == CandidateStatus.DISMISSED


def test_the_figures_can_be_written_to_the_touchpoints(filled):
    response = filled.client_for("owner").post(reverse("maps:interaction-apply", args=[filled.map.pk, filled.job.pk]))
    assert response.status_code == 302
    assert Touchpoint.objects.get(map=filled.map, title="C").csat == 0
    assert "CSAT 0%" in filled.client_for("viewer").get(filled.map.get_absolute_url()).text


def test_the_sample_log_downloads_for_a_map_with_stages_and_lanes(filled, cast):
    response = filled.client_for("viewer").get(reverse("maps:interaction-sample", args=[filled.map.pk]))
    assert response.content.startswith(b"customer_id,timestamp,channel")
    empty = UserFactory()
    other = JourneyMap.objects.create(title="Empty", owner=empty)
    other.members.create(user=empty, role="owner")
    client = cast.client_for("owner")
    client.force_login(empty)
    assert client.get(reverse("maps:interaction-sample", args=[other.pk])).status_code == 302
