import csv
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from interchange.documents import StaleMap, map_document, map_import
from interchange.spreadsheet_export import map_tables, neutralise, restore, template_tables, write_csv, write_xlsx
from interchange.spreadsheet_import import items_import, plan_items
from interchange.spreadsheet_rows import guess_mapping, headers_of, parse_rows, sources_of
from journeymap.lib import files
from journeymap.lib.files import FileProblem, read_tables
from maps.models import JourneyMap
from tests.factories import LaneFactory, PersonaFactory, StageFactory, TouchpointFactory, UserFactory
from touchpoints.models import Opportunity, PainPoint, Touchpoint

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


# Formula neutralisation


@pytest.mark.parametrize("value", FORMULAS)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", [-2, -2.5, 0, 3, None, "plain", "a=b", ""])
def test_numbers_and_harmless_text_stay_as_they_are(value):
    assert neutralise(value) == value


@given(st.text())
def test_the_apostrophe_comes_off_again_exactly(value):
    escaped = neutralise(value)
    assert escaped[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert restore(escaped) == value


@pytest.fixture
def map_with_formulas():
    stage = StageFactory(name="=cmd|' /C calc'!A0", position=0)
    lane = LaneFactory(map=stage.map, channel__name="@channel", position=0)
    TouchpointFactory(stage=stage, lane=lane, title=FORMULAS[0], description="-lowercase", emotion=-2, csat=12.5)
    return stage.map


def test_the_csv_export_neutralises_formulas_and_keeps_numbers(map_with_formulas):
    content = write_csv(map_tables(map_with_formulas))
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    touchpoint = next(row for row in rows if row["kind"] == "touchpoint")
    assert touchpoint["title"] == "'" + FORMULAS[0]
    assert touchpoint["description"] == "'-lowercase"
    assert touchpoint["stage"] == "'=cmd|' /C calc'!A0"
    assert touchpoint["lane"] == "'@channel"
    assert touchpoint["emotion"] == "-2" and touchpoint["csat"] == "12.5"
    for row in rows:
        for value in row.values():
            assert not value or value[0] not in "=+-@\t\r" or value.lstrip("-").replace(".", "").isdigit()


def test_the_excel_export_neutralises_formulas_and_keeps_numbers(map_with_formulas):
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx(map_tables(map_with_formulas))))
    assert book.sheetnames == ["map", "stages", "lanes", "touchpoints", "pain_points", "opportunities"]
    sheet = book["touchpoints"]
    header = [cell.value for cell in sheet[1]]
    row = {name: cell for name, cell in zip(header, sheet[2])}
    assert row["title"].value == "'" + FORMULAS[0] and row["title"].data_type == "s"
    assert row["emotion"].value == -2 and row["emotion"].data_type == "n"
    assert row["csat"].value == 12.5
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    formulas = [cell for sheet in book for line in sheet.iter_rows() for cell in line if cell.data_type == "f"]
    assert formulas == []


# Round trips


def test_every_demo_map_survives_a_spreadsheet_round_trip():
    call_command("load_demo", stdout=io.StringIO())
    owner = UserFactory()
    for journey_map in JourneyMap.objects.all():
        original = map_document(journey_map)
        for write in (write_csv, write_xlsx):
            sources = sources_of(read_tables(write(map_tables(journey_map))))
            mapping = guess_mapping(headers_of(sources))
            rows, errors = parse_rows(sources, mapping)
            assert errors == []
            assert not plan_items(journey_map, rows, errors).has_writes, "the file matches the map it came from"
            empty = map_import(
                owner=owner,
                document=original.model_copy(update={"touchpoints": [], "pain_points": [], "opportunities": []}),
            )
            items_import(journey_map=empty, rows=rows, expected_revision=JourneyMap.objects.get(pk=empty.pk).revision)
            assert map_document(empty).to_json() == original.to_json(), (journey_map.title, write.__name__)


# Reading files


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV or Excel file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Old Excel files"),
        ("stage,title\nAwareness,Café\n".encode("latin-1"), "not UTF-8"),
        (b"PK\x03\x04 not really a zip", "not a CSV or Excel file"),
        (b"a,b\n1,2,3,4\n", "Row 2 has more cells"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(content, message):
    with pytest.raises(FileProblem, match=message):
        read_tables(content)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(FileProblem, match="zip archive, not an Excel workbook"):
        read_tables(buffer.getvalue())


def test_a_zip_bomb_is_refused_before_any_reader_opens_it(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(40):
                sheet.write(b"\x00" * 2**20)
    assert len(buffer.getvalue()) < 200_000
    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", 32 * 2**20)

    def never(*args, **kwargs):
        raise AssertionError("no reader may see the file")

    monkeypatch.setattr(pd, "read_excel", never)
    with pytest.raises(FileProblem, match="unpacks to more than 32 MB"):
        read_tables(buffer.getvalue())


def test_too_many_rows_are_refused():
    with pytest.raises(FileProblem, match="more than 3 rows"):
        read_tables(b"a\n1\n2\n3\n4\n", max_rows=3)
    with pytest.raises(FileProblem, match="more than 3 rows"):
        read_tables(xlsx({"s": [["a"], [1], [2], [3], [4]]}), max_rows=3)


def test_it_reads_utf16_and_semicolons_as_excel_writes_them():
    tables = read_tables("stage;title\nAwareness;Café\n".encode("utf-16"))
    assert tables[""].to_dict("records") == [{"stage": "Awareness", "title": "Café"}]


def test_it_reads_every_cell_as_text():
    tables = read_tables(xlsx({"touchpoints": [["id", "emotion", "title"], [7, -2, None]]}))
    assert tables["touchpoints"].to_dict("records") == [{"id": "7", "emotion": "-2", "title": ""}]


# Importing rows


@pytest.fixture
def grid(cast):
    awareness = StageFactory(map=cast.map, name="Awareness", position=0)
    StageFactory(map=cast.map, name="Purchase", position=1)
    website = LaneFactory(map=cast.map, position=0, channel__name="Website", channel__slug="website-x")
    LaneFactory(map=cast.map, position=1, channel__name="Dealership", channel__slug="dealer-x")
    TouchpointFactory(stage=awareness, lane=website, title="Reads reviews", position=0, csat=80)
    PersonaFactory(name="Andrei")
    cast.map.refresh_from_db()
    return cast.map


def plan_csv(journey_map, text: str, *, mapping: dict | None = None, kind: str | None = None):
    sources = sources_of(read_tables(text.encode()))
    rows, errors = parse_rows(sources, mapping or guess_mapping(headers_of(sources)), default_kind=kind)
    return rows, plan_items(journey_map, rows, errors)


def item_counts(journey_map) -> tuple[int, int, int]:
    return tuple(model.objects.filter(map=journey_map).count() for model in (Touchpoint, PainPoint, Opportunity))


def test_it_creates_and_updates_items_and_their_links(grid):
    existing = Touchpoint.objects.get(map=grid)
    rows, plan = plan_csv(
        grid,
        "\n".join(
            [
                "kind,id,stage,lane,touchpoint,title,emotion,next,severity,pain_points,impact",
                f"touchpoint,{existing.pk},Awareness,Website,,Reads owner reviews,1,n1,,,",
                "touchpoint,n1,2,dealership,,Test drive,2,,,,",
                "pain_point,p1,Purchase,,n1,Long wait,,,high,,",
                "opportunity,,Purchase,,n1,Book a slot,,,,p1,5",
                "stage,,Awareness,,,,,,,,",
            ]
        ),
    )
    assert plan.errors == []
    assert [(change.kind, change.action) for change in plan.changes] == [
        ("touchpoint", "update"),
        ("touchpoint", "create"),
        ("pain_point", "create"),
        ("opportunity", "create"),
    ]
    assert plan.changes[0].fields == ["title", "emotion", "next"]
    items_import(journey_map=grid, rows=rows, expected_revision=plan.revision)
    existing.refresh_from_db()
    drive = Touchpoint.objects.get(map=grid, title="Test drive")
    assert existing.title == "Reads owner reviews" and existing.csat == 80, "a column the file lacks is left alone"
    assert list(existing.next_touchpoints.all()) == [drive]
    assert (drive.stage.name, drive.lane.channel.name, drive.emotion) == ("Purchase", "Dealership", 2)
    pain_point = PainPoint.objects.get(map=grid)
    assert (pain_point.touchpoint, pain_point.severity) == (drive, 3)
    opportunity = Opportunity.objects.get(map=grid)
    assert list(opportunity.pain_points.all()) == [pain_point] and opportunity.impact == 5


def test_a_touchpoint_moved_by_a_spreadsheet_leaves_both_cells_in_sequence(grid):
    leaving = Touchpoint.objects.get(map=grid)
    staying = TouchpointFactory(stage=leaving.stage, lane=leaving.lane, position=1, title="Watches a video")
    rows, plan = plan_csv(grid, f"kind,id,stage,lane,title\ntouchpoint,{leaving.pk},Purchase,Dealership,Reads reviews")
    items_import(journey_map=grid, rows=rows, expected_revision=plan.revision)
    staying.refresh_from_db()
    leaving.refresh_from_db()
    assert (staying.position, leaving.stage.name, leaving.position) == (0, "Purchase", 0)


def test_it_reads_headers_of_its_own_through_a_column_mapping(grid):
    text = "Phase;Channel used;What happens;Feeling\nAwareness;Website;Sees an ad;-1\n"
    mapping = {"stage": "Phase", "lane": "Channel used", "title": "What happens", "emotion": "Feeling"}
    rows, plan = plan_csv(grid, text, mapping=mapping, kind="touchpoint")
    assert plan.errors == [] and [change.action for change in plan.changes] == ["create"]
    assert rows[0].data.emotion == -1


def test_a_file_without_a_kind_column_needs_to_be_told_its_kind(grid):
    _rows, plan = plan_csv(grid, "stage,lane,title\nAwareness,Website,Sees an ad\n")
    assert [str(error) for error in plan.errors] == [
        "row 1, column “kind”: there is no kind column: say what the rows are."
    ]


@pytest.mark.parametrize(
    "row, column, message",
    [
        ("touchpoint,,Awareness,Website,Sees an ad,5,,", "emotion", "“5”: Input should be less than or equal to 2"),
        ("touchpoint,,Nowhere,Website,Sees an ad,0,,", "stage", "“Nowhere”: the map has no such stage."),
        ("touchpoint,,Awareness,Fax,Sees an ad,0,,", "lane", "“Fax”: the map has no lane for this channel."),
        (
            "touchpoint,,Awareness,Website,Sees an ad,0,Nobody,",
            "persona",
            "“Nobody”: there is no persona of this name.",
        ),
        ("touchpoint,,Awareness,Website,,0,,", "title", "Input should be a valid string"),
        (
            "touchpoint,,Awareness,Website,Sees an ad,0,,t9",
            "next",
            "“t9”: neither the map nor the file has an item with this id.",
        ),
        ("nonsense,,Awareness,Website,Sees an ad,0,,", "kind", "must be touchpoint, pain_point or opportunity."),
    ],
)
def test_a_bad_row_says_where_and_why_and_nothing_is_written(grid, row, column, message):
    before = item_counts(grid)
    text = "kind,id,stage,lane,title,emotion,persona,next\ntouchpoint,,Purchase,Dealership,A good row,1,Andrei,\n" + row
    rows, plan = plan_csv(grid, text)
    assert [(error.row, error.column) for error in plan.errors] == [(3, column)]
    assert message in plan.errors[0].message
    assert plan.changes == [] and not plan.has_writes
    assert item_counts(grid) == before


def test_an_evidence_cell_must_hold_a_json_object(grid):
    _rows, plan = plan_csv(grid, "kind,stage,title,evidence\npain_point,Awareness,Slow,{oops\n")
    assert str(plan.errors[0]) == "row 2, column “evidence”: “{oops”: not valid JSON"


def test_an_id_used_twice_is_refused(grid):
    _rows, plan = plan_csv(grid, "kind,id,stage,title\npain_point,a,Awareness,One\npain_point,a,Awareness,Two\n")
    assert [(error.row, error.column) for error in plan.errors] == [(3, "id")]


def test_the_import_refuses_a_map_that_changed_since_the_preview(grid):
    rows, plan = plan_csv(grid, "kind,stage,lane,title\ntouchpoint,Awareness,Website,Sees an ad\n")
    before = item_counts(grid)
    with pytest.raises(StaleMap):
        items_import(journey_map=grid, rows=rows, expected_revision=plan.revision - 1)
    assert item_counts(grid) == before


def test_the_template_imports_as_it_is(grid):
    for write in (write_csv, write_xlsx):
        sources = sources_of(read_tables(write(template_tables(grid))))
        rows, errors = parse_rows(sources, guess_mapping(headers_of(sources)))
        plan = plan_items(grid, rows, errors)
        assert plan.errors == [] and [change.kind for change in plan.creates] == [
            "touchpoint",
            "pain_point",
            "opportunity",
        ]
