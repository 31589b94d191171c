"""An upload is read once, when it arrives: previews show what was kept, and the analysis of
a log reads the columns kept, never the uploaded file again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from customer_data.logs import read_log
from customer_data.models import InteractionImport
from interchange import documents
from interchange.documents import map_document
from interchange.models import StagedUpload
from journeymap.lib import files, workbooks
from tests.customer_data.test_interactions import LOG
from tests.factories import LaneFactory, StageFactory, TouchpointFactory
from tests.security.hostile import xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid(cast):
    stage = StageFactory(map=cast.map, name="S1", position=0)
    web = LaneFactory(map=cast.map, position=0, channel__name="Web", channel__slug="web-x")
    LaneFactory(map=cast.map, position=1, channel__name="Phone", channel__slug="phone-x")
    LaneFactory(map=cast.map, position=2, channel__name="Store", channel__slug="store-x")
    for position, title in enumerate("ABCD"):
        TouchpointFactory(stage=stage, lane=web, title=title, position=position)
    cast.map.refresh_from_db()
    return cast


def forbid_reading(monkeypatch) -> None:
    """Any reading of an uploaded file from here on fails the test."""

    def never(*args, **kwargs):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(files, "_read_csv", never)
    monkeypatch.setattr(workbooks, "read_workbook", never)
    monkeypatch.setattr(documents, "read_json", never)


def test_a_spreadsheet_preview_shows_what_was_read_at_upload_without_reading_the_file_again(grid, monkeypatch):
    client = grid.client_for("owner")
    content = xlsx([["kind", "stage", "lane", "title"], ["touchpoint", "S1", "Web", "Reads the terms"]])
    response = client.post(
        reverse("maps:import-spreadsheet", args=[grid.map.pk]), {"file": SimpleUploadedFile("t.xlsx", content)}
    )
    upload = StagedUpload.objects.get()
    assert upload.data["tables"][0]["rows"] == [["touchpoint", "S1", "Web", "Reads the terms"]]
    forbid_reading(monkeypatch)
    for _ in range(2):
        page = client.get(response.url)
        assert page.status_code == 200 and "Reads the terms" in page.text and "1 new item" in page.text


def test_a_json_preview_shows_the_document_read_at_upload_without_reading_the_file_again(grid, monkeypatch):
    client = grid.client_for("owner")
    content = map_document(grid.map).model_copy(update={"title": "From the file"}).to_json().encode()
    response = client.post(reverse("maps:import-json"), {"file": SimpleUploadedFile("m.json", content)})
    assert StagedUpload.objects.get().data["title"] == "From the file"
    forbid_reading(monkeypatch)
    for _ in range(2):
        page = client.get(response.url)
        assert page.status_code == 200 and "From the file" in page.text


def test_a_log_is_checked_whole_at_upload_and_kept_as_the_columns_the_analysis_reads(grid):
    client = grid.client_for("editor")
    rows = [line.split(",") for line in LOG.strip().splitlines()]
    content = xlsx([[*rows[0], "notes"], *([*row, "free text"] for row in rows[1:])])
    response = client.post(
        reverse("maps:interaction-upload", args=[grid.map.pk]), {"file": SimpleUploadedFile("log.xlsx", content)}
    )
    assert response.status_code == 302
    job = InteractionImport.objects.get()
    kept = bytes(job.content).decode()
    assert kept.splitlines()[0] == "customer,timestamp,channel,touchpoint,satisfaction,nps,converted,revenue"
    assert "notes" not in kept and "free text" not in kept
    assert read_log(bytes(job.content)).frame.equals(read_log(LOG.encode()).frame)


@pytest.mark.parametrize(
    "log, message",
    [
        (LOG.replace("2025-01-03 12:00", "yesterday"), "Row 5, column “timestamp”: “yesterday”"),
        (LOG.replace(",5,10,", ",great,10,"), "“great” is not a score from 1 to 5"),
        (LOG.replace("Store", "S" * 300), "has a value longer than 200 characters"),
        ("customer_id,timestamp,channel,touchpoint\n", "a header row but no interactions"),
    ],
)
def test_a_log_the_analysis_would_refuse_is_refused_at_upload_and_nothing_is_kept(grid, log, message):
    response = grid.client_for("editor").post(
        reverse("maps:interaction-upload", args=[grid.map.pk]), {"file": SimpleUploadedFile("log.csv", log.encode())}
    )
    assert response.status_code == 422 and message in response.text
    assert not InteractionImport.objects.exists()


def test_an_upload_staged_before_uploads_were_kept_as_read_asks_for_the_file_again(grid):
    upload = StagedUpload.objects.create(user=grid.owner, map=grid.map, kind="spreadsheet", file_name="old.csv")
    page = grid.client_for("owner").get(reverse("maps:import-spreadsheet-review", args=[grid.map.pk, upload.pk]))
    assert page.status_code == 404
