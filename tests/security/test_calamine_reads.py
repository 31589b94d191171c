"""The first sheet of a log read by calamine in a capped process: the same table as the
streaming reader gives, and the streaming reader's answer whenever calamine's is not certain."""

import datetime

import pytest

from journeymap.lib import files, workbooks
from journeymap.lib.files import FileProblem, read_tables
from tests.security import hostile
from tests.security.hostile import MAIN, SHEET, packed, workbook, xlsx


@pytest.fixture
def calamine_calls(monkeypatch) -> list[bool]:
    """Whether each read went through calamine (True) or was left to the streaming reader."""
    calls: list[bool] = []
    original = workbooks._calamine_columns

    def spy(*args, **kwargs):
        columns = original(*args, **kwargs)
        calls.append(columns is not None)
        return columns

    monkeypatch.setattr(workbooks, "_calamine_columns", spy)
    return calls


def streamed(content: bytes) -> dict:
    """The first sheet as the streaming reader gives it (it reads every sheet when asked for all)."""
    return next(iter(read_tables(content).values())).to_dict("split")


def test_a_plain_sheet_reads_the_same_through_calamine(calamine_calls):
    content = xlsx(
        [
            ["customer_id", "channel", "score", "ratio", "flag", "", None],
            ["C1", "  Email ", 4, 0.1, True, None, None],
            [None, None, None, None, None, None, None],
            ["C2", "'=cmd", 1e20, -0.0001, False, "", None],
            ["C3", "Café ☕ <b>&amp;", 4.0, 1.5, None, None, "late"],
            [None],
        ]
    )
    table = read_tables(content, first_sheet_only=True)[""]
    assert calamine_calls == [True]
    assert table.to_dict("split") == streamed(content)


def test_dates_are_left_to_the_streaming_reader(calamine_calls):
    content = xlsx([["customer_id", "timestamp"], ["C1", datetime.datetime(2025, 6, 30, 14, 30)]])
    table = read_tables(content, first_sheet_only=True)[""]
    assert calamine_calls == []  # a date format in the workbook: calamine is not asked
    assert table["timestamp"].tolist() == ["2025-06-30 14:30:00"]


def test_a_cell_far_away_gets_the_streaming_readers_answer(calamine_calls):
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="9"><c r="C9"><v>1</v></c></row>'
    content = workbook(
        packed(f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode(), name=SHEET)
    )
    with pytest.raises(FileProblem, match="more than 5 rows"):
        read_tables(content, max_rows=5, first_sheet_only=True)
    assert calamine_calls == [False]


def test_a_shared_string_bomb_is_refused_before_calamine(calamine_calls):
    with pytest.raises(FileProblem):
        read_tables(hostile.shared_string_bomb(), first_sheet_only=True)
    assert calamine_calls in ([], [False])


def test_over_the_text_limit_calamine_gives_way(monkeypatch, calamine_calls):
    monkeypatch.setattr(files, "MAX_TEXT_CHARS", 10)
    with pytest.raises(FileProblem, match="million characters"):
        read_tables(xlsx([["title"], ["a long title"]]), first_sheet_only=True)
    assert calamine_calls == [False]


def test_a_declaration_in_the_sheet_is_left_to_the_streaming_reader(calamine_calls):
    head = f'<!DOCTYPE x [<!ENTITY a "b">]><worksheet xmlns="{MAIN}"><sheetData></sheetData></worksheet>'
    with pytest.raises(FileProblem, match="entities"):
        read_tables(workbook(packed(head.encode(), name=SHEET)), first_sheet_only=True)
    assert calamine_calls == [False]
