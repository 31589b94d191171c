"""The limits of journeymap/lib/files.py, each checked where it must be: before a reader
unpacks anything, or while it reads, at the first cell past a limit."""

import datetime
import io
import json
import resource

import openpyxl
import pandas as pd
import pytest

from journeymap.lib import files
from journeymap.lib.files import FileProblem, json_depth, load_json, read_json, read_tables
from tests.security import hostile
from tests.security.hostile import MAIN, SHEET, STRINGS, header_sheet, packed, stored, workbook


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sheet(rows: str) -> bytes:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode()


# Excel files read as pandas and calamine read them before


def test_a_workbook_reads_as_it_did_with_pandas_and_calamine():
    book = openpyxl.Workbook()
    cells = book.active
    cells.append(["id", "stage", "title", "when", "flag", "score", "ratio", "time"])
    cells.append(
        [7, "Awareness", "Café ☕ <b>&amp;", datetime.datetime(2025, 6, 30), True, -2, 0.1, datetime.time(14, 30)]
    )
    cells.append([None, None, "  spaced  ", datetime.datetime(2025, 6, 30, 14, 30, 5), False, 4.0, 1e20, None])
    cells.append([])
    cells.append(["x", "=SUM(1,2)", "'=cmd", datetime.date(1900, 1, 1), None, 1.5, -0.0001, None])
    other = book.create_sheet("pain_points")
    other.append(["a", "a", "", "b"])
    other.append([1, 2, 3, 4, 5])
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    before = pd.read_excel(
        io.BytesIO(content), sheet_name=None, dtype=str, keep_default_na=False, na_values=[], engine="calamine"
    )
    now = read_tables(content)
    assert list(now) == list(before)
    for name, table in now.items():
        assert table.to_dict("split") == before[name].to_dict("split"), name


def test_a_shared_string_used_by_many_cells_is_one_string_not_copies(monkeypatch):
    monkeypatch.setattr(files, "MAX_COMPRESSION_RATIO", 10**6)
    text = "A" * 30_000
    strings = packed(f'<sst xmlns="{MAIN}"><si><t>{text}</t></si></sst>'.encode(), name=STRINGS)
    rows = '<row><c t="inlineStr"><is><t>title</t></is></c></row>' + '<row><c t="s"><v>0</v></c></row>' * 1000
    column = read_tables(workbook(packed(sheet(rows), name=SHEET), strings))["Sheet1"]["title"]
    assert len(column) == 1000 and all(value is column.iloc[0] for value in column)


def test_tags_with_a_namespace_prefix_read_like_any_others():
    rows = '<x:row><x:c t="inlineStr"><x:is><x:t>kind</x:t></x:is></x:c></x:row><x:row><x:c><x:v>4</x:v></x:c></x:row>'
    content = f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>{rows}</x:sheetData></x:worksheet>'.encode()
    assert read_tables(workbook(packed(content, name=SHEET)))["Sheet1"].to_dict("records") == [{"kind": "4"}]


# Limits checked while reading


def test_the_shared_string_bomb_stops_at_the_first_overlong_cell_even_past_the_zip_checks(monkeypatch):
    monkeypatch.setattr(files, "MAX_COMPRESSION_RATIO", 10**6)
    before = peak_mb()
    with pytest.raises(FileProblem, match="more than 32,767 characters"):
        read_tables(hostile.shared_string_bomb())
    assert peak_mb() - before < 100


def test_text_used_over_and_over_stops_at_the_limit_on_all_text(monkeypatch):
    monkeypatch.setattr(files, "MAX_COMPRESSION_RATIO", 10**6)
    monkeypatch.setattr(files, "MAX_TEXT_CHARS", 10_000_000)
    strings = packed(f'<sst xmlns="{MAIN}"><si><t>{"A" * 30_000}</t></si></sst>'.encode(), name=STRINGS)
    rows = '<row><c t="s"><v>0</v></c></row>' * 1000  # 30 million characters from 30 thousand
    with pytest.raises(FileProblem, match="more than 10 million characters"):
        read_tables(workbook(packed(sheet(rows), name=SHEET), strings))


@pytest.mark.parametrize(
    "cell, message",
    [
        ('<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>', "more than 500,000 rows"),
        ('<row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>', "more than 200 columns"),
        ('<row r="99999999999"><c><v>1</v></c></row>', "damaged"),
        ('<row><c t="s"><v>7</v></c></row>', "damaged"),
    ],
)
def test_a_cell_far_away_or_out_of_place_is_refused_where_it_is_read(cell, message):
    with pytest.raises(FileProblem, match=message):
        read_tables(workbook(stored(SHEET, sheet(cell))))


def test_the_cells_of_a_workbook_are_counted_as_they_are_read(monkeypatch):
    monkeypatch.setattr(files, "MAX_CELLS", 100)
    with pytest.raises(FileProblem, match="more than 100 cells"):
        read_tables(workbook(stored(SHEET, sheet("<row>" + "<c/>" * 101 + "</row>"))))


def test_a_password_protected_workbook_is_named_as_such():
    part = packed(header_sheet(), name=SHEET)
    content = bytearray(workbook(part))
    # Set the "encrypted" flag of the sheet in its local header and in the zip directory.
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := content.find(signature, start)) != -1:
            if SHEET.encode() in content[start : start + 200]:
                content[start + flags_at] |= 1
            start += 4
    with pytest.raises(FileProblem, match="protected by a password"):
        read_tables(bytes(content))


# CSV


def test_a_csv_header_is_counted_before_pandas_makes_a_column_of_each():
    with pytest.raises(FileProblem, match="more than 200 columns"):
        read_tables(hostile.wide_csv())
    with pytest.raises(FileProblem, match="no header row that can be read"):
        read_tables(b'"' + b"a," * 100_000 + b'"\n1\n')


def test_a_csv_cell_longer_than_a_spreadsheet_cell_is_refused():
    with pytest.raises(FileProblem, match="more than 32,767 characters"):
        read_tables(b"title\n" + b"x" * 40_000 + b"\n")


def test_repeated_or_empty_column_names_are_told_apart():
    assert list(read_tables(b"a,a,,b\n1,2,3,4\n")[""].columns) == ["a", "a.1", "Unnamed: 2", "b"]


# JSON


def test_json_depth_is_counted_outside_strings():
    assert json_depth('{"a": [[1]], "b": "[[[[[[["}') == 3
    assert json_depth("[" * 100 + "]" * 100) == 100


@pytest.mark.parametrize(
    "text, message",
    [
        ("[" * 33 + "]" * 33, "nest more than 32 levels"),
        ('{"n": ' + "9" * 51 + "}", "longer than 50 characters"),
        ('{"n": 1e999}', "too large"),
        ('{"n": NaN}', "NaN is not a number JSON knows"),
    ],
)
def test_json_is_refused_past_its_limits_before_or_while_it_is_parsed(text, message):
    with pytest.raises(FileProblem, match=message):
        load_json(text)


def test_json_within_the_limits_reads_as_json_does():
    text = json.dumps({"a": [[[1, 2.5, "[{"]]], "b": -(2**63), "c": None})
    assert load_json(text) == json.loads(text)
    with pytest.raises(FileProblem, match="larger than 1 MB"):
        read_json(b" " * (2**20 + 1), max_bytes=2**20)
