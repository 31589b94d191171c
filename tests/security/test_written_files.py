"""Every CSV and Excel file the app writes has its text made inert: a spreadsheet program
opening it runs no formula that a map's names could smuggle in, sample logs included."""

import csv
import io

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from customer_data.models import InteractionImport
from interchange.spreadsheet_export import write_csv_frame, write_xlsx_frame
from journeymap.lib.files import read_tables
from tests.factories import LaneFactory, StageFactory, TouchpointFactory

pytestmark = pytest.mark.django_db

FORMULAS = {
    "touchpoint": "=cmd|' /C calc'!A0",
    "channel": '+HYPERLINK("http://example.com/steal")',
    "stage": "@SUM(1+1)*cmd",
    "other touchpoint": "-2+3+cmd|' /C calc'!A0",
}


@pytest.fixture
def risky(cast):
    """A map whose names are formulas, as someone who wants to attack its readers would name them."""
    stage = StageFactory(map=cast.map, name=FORMULAS["stage"], position=0)
    lane = LaneFactory(map=cast.map, position=0, channel__name=FORMULAS["channel"], channel__slug="evil-x")
    TouchpointFactory(stage=stage, lane=lane, title=FORMULAS["touchpoint"], position=0, emotion=-2)
    TouchpointFactory(stage=stage, lane=lane, title=FORMULAS["other touchpoint"], position=1)
    cast.map.refresh_from_db()
    return cast


def cells(content: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content)))


def assert_inert(rows: list[list[str]]) -> None:
    live = [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert live == []


def test_the_sample_log_download_writes_formula_names_inert(risky):
    response = risky.client_for("viewer").get(reverse("maps:interaction-sample", args=[risky.map.pk]))
    rows = cells(response.content.decode())
    assert rows[0][:3] == ["customer_id", "timestamp", "channel"]
    assert_inert(rows)
    written = {cell for row in rows[1:] for cell in row}
    assert {"'" + FORMULAS["touchpoint"], "'" + FORMULAS["channel"], "'" + FORMULAS["stage"]} <= written
    assert any(cell.isdigit() for row in rows[1:] for cell in row[5:7]), "scores stay numbers"


def test_a_sample_log_brought_back_names_the_map_as_it_is(risky):
    sample = risky.client_for("viewer").get(reverse("maps:interaction-sample", args=[risky.map.pk])).content
    response = risky.client_for("owner").post(
        reverse("maps:interaction-upload", args=[risky.map.pk]), {"file": SimpleUploadedFile("sample.csv", sample)}
    )
    assert response.status_code == 302
    table = read_tables(bytes(InteractionImport.objects.get().content))[""]
    assert set(table["touchpoint"]) <= {FORMULAS["touchpoint"], FORMULAS["other touchpoint"]}
    assert set(table["channel"]) == {FORMULAS["channel"]}


def test_the_sample_log_command_writes_formula_names_inert(risky, tmp_path):
    out = io.StringIO()
    call_command("make_sample_interactions", "--map", str(risky.map.pk), "--customers", "50", stdout=out)
    assert_inert(cells(out.getvalue()))
    path = tmp_path / "sample.csv"
    call_command("make_sample_interactions", "--map", str(risky.map.pk), "--customers", "50", "--out", str(path))
    assert_inert(cells(path.read_text()))


def test_long_tables_are_written_inert_in_csv_and_excel_alike():
    frame = pd.DataFrame({"name": ["=1+1", "plain", None], "score": [-3, 4, 5]})
    assert cells(write_csv_frame(frame).decode()) == [["name", "score"], ["'=1+1", "-3"], ["plain", "4"], ["", "5"]]
    table = read_tables(write_xlsx_frame(frame), first_sheet_only=True)[""]
    assert table.to_dict("list") == {"name": ["'=1+1", "plain", ""], "score": ["-3", "4", "5"]}
