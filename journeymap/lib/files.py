"""Uploaded files read within limits: CSV and Excel files as tables of text, JSON as data.

Every upload is read here, whatever it is for: a spreadsheet of map items, an interaction
log, a map in JSON. A small file must not be able to make the server unpack, copy or keep
gigabytes, so each limit is checked at the earliest point it can be:

- before reading: the size in bytes; for an Excel file, its zip directory (number of
  parts, the size each unpacks to, in total and compared with its packed size);
- while reading, stopping at the first one passed: rows, columns, cells, the length of a
  cell and of all the text; for Excel, the number and size of its shared strings; for
  JSON, how deep lists and objects nest and how long a number is.

Excel files are read by journeymap/lib/workbooks.py, within the limits set here.
`FileProblem` says what is wrong in words a spreadsheet user knows.
"""

import csv
import difflib
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from journeymap.lib.problems import json_reason

MAX_FILE_BYTES = 50 * 2**20
MAX_ROWS = 500_000
MAX_COLUMNS = 200
MAX_HEADER_CHARS = 255
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_CELLS = 10_000_000
MAX_TEXT_CHARS = 64 * 2**20  # all cells together, a shared string counted each time it is used
# Excel files are zip archives of XML.
MAX_PARTS = 1_000
MAX_UNPACKED_BYTES = 300 * 2**20  # in total; far above 500,000 plain rows
MAX_COMPRESSION_RATIO = 100  # real sheets pack 5 to 20 times smaller
RATIO_CHECKED_FROM = 2**20  # tiny parts may pack better without harm
MAX_SHARED_STRINGS = 1_000_000
# JSON
MAX_JSON_DEPTH = 32
MAX_NUMBER_CHARS = 50  # a 64-bit integer has 19 digits

XLSX_MAGIC, OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SEPARATORS = ",;\t|"
HEADER_WINDOW = MAX_COLUMNS * (MAX_HEADER_CHARS + 3)  # the header row, quoted, can be no longer


class FileProblem(Exception):
    """The file cannot be read; the message says why, in words a spreadsheet user knows, and
    `details` point at the cells."""

    def __init__(self, message: str, details: Iterable[str] = ()):
        super().__init__(message)
        self.message = message
        self.details = list(details)

    @property
    def text(self) -> str:
        return " ".join([self.message, *self.details])


def counted(number: int) -> str:
    return f"{number:,}"


def too_many_rows(max_rows: int) -> FileProblem:
    return FileProblem(
        _("The file has more than %(rows)s rows; split it into smaller files.") % {"rows": counted(max_rows)}
    )


def too_many_columns(found: int | None = None) -> FileProblem:
    if found is None:
        return FileProblem(
            _("The file has more than %(most)d columns; keep those to import, %(most)d at most.")
            % {"most": MAX_COLUMNS}
        )
    return FileProblem(
        _("The file has %(found)s columns; at most %(most)d can be read.")
        % {"found": counted(found), "most": MAX_COLUMNS}
    )


def cell_too_long() -> FileProblem:
    return FileProblem(
        _("A cell holds more than %(chars)s characters, more than a spreadsheet cell can.")
        % {"chars": counted(MAX_CELL_CHARS)}
    )


def too_much_text() -> FileProblem:
    return FileProblem(
        _("The cells hold more than %(chars)d million characters of text; split the file.")
        % {"chars": MAX_TEXT_CHARS // 10**6}
    )


def damaged_workbook() -> FileProblem:
    return FileProblem(_("The Excel file is damaged and cannot be read."))


# Tables: CSV and Excel


def read_tables(content: bytes, *, max_rows: int = MAX_ROWS, first_sheet_only: bool = False) -> dict[str, pd.DataFrame]:
    """Every table of a CSV or Excel file, all cells as text ("" when empty), by sheet name
    ("" for CSV); each table's columns are its first row. Raises `FileProblem` for anything else."""
    if not content or content.isspace():
        raise FileProblem(_("The file is empty."))
    if len(content) > MAX_FILE_BYTES:
        raise FileProblem(_("The file is larger than %(size)d MB.") % {"size": MAX_FILE_BYTES // 2**20})
    if content.startswith(OLE_MAGIC):
        raise FileProblem(_("Old Excel files (.xls) cannot be read: save the file as .xlsx or as CSV UTF-8."))
    if content.startswith(XLSX_MAGIC):
        # Imported here: the workbook reader uses this module's limits and problems.
        from journeymap.lib.workbooks import read_workbook

        return read_workbook(content, max_rows=max_rows, first_sheet_only=first_sheet_only)
    return {"": _read_csv(content, max_rows)}


def column_names(cells: list[str]) -> list[str]:
    """The header row as column names: trimmed, "Unnamed: 3" for an empty one, and a repeated
    name numbered ("title.1") so that every column can be told apart."""
    names: list[str] = []
    taken: set[str] = set()
    for index, cell in enumerate(cells):
        name = cell.strip() or f"Unnamed: {index}"
        if len(name) > MAX_HEADER_CHARS:
            raise FileProblem(
                _("The name of column %(column)d is longer than %(chars)d characters; is the first row the header?")
                % {"column": index + 1, "chars": MAX_HEADER_CHARS}
            )
        unique, number = name, 0
        while unique in taken:
            number += 1
            unique = f"{name}.{number}"
        names.append(unique)
        taken.add(unique)
    return names


def _read_csv(content: bytes, max_rows: int) -> pd.DataFrame:
    text, encoding = _decode(content)
    end = text.find("\n")
    first_line = text if end == -1 else text[:end]
    # The header tells the separator: Excel writes ";" where "," is the decimal mark.
    separator = max(SEPARATORS, key=first_line.count)
    header = _csv_header(text[: HEADER_WINDOW + 2], separator)
    del text
    try:
        # Read the header as a row: pandas then refuses a row longer than the header instead of
        # silently taking its first cells for an index.
        table = pd.read_csv(
            io.BytesIO(content),
            encoding=encoding,
            sep=separator,
            header=None,
            dtype=str,
            keep_default_na=False,
            nrows=max_rows + 2,
        )
    except pd.errors.EmptyDataError:
        raise FileProblem(_("The file has no header row.")) from None
    except pd.errors.ParserError as error:
        line = re.search(r"line (\d+)", str(error))
        raise FileProblem(
            _("Row %(row)s has more cells than the header row has columns.") % {"row": line.group(1)}
            if line
            else _("The file is not a readable CSV table.")
        ) from None
    if len(table) > max_rows + 1:
        raise too_many_rows(max_rows)
    if table.shape[1] > len(header):  # the header row had a line break in a quoted name
        raise (
            too_many_columns(table.shape[1])
            if table.shape[1] > MAX_COLUMNS
            else FileProblem(_("The file has no header row."))
        )
    table = table.fillna("")
    for column in table.columns:
        # Over the column's plain array: iterating the Series itself costs a call per cell.
        if max(map(len, table[column].to_numpy()), default=0) > MAX_CELL_CHARS:
            raise cell_too_long()
    names = column_names([str(value) for value in table.iloc[0]])
    return table.iloc[1:].set_axis(names, axis="columns").reset_index(drop=True)


def _csv_header(start: str, separator: str) -> list[str]:
    """The header row, read from the start of the text alone: its columns are counted before
    pandas makes a column of each."""
    try:
        header = next(csv.reader(io.StringIO(start), delimiter=separator), [])
    except csv.Error:
        header = []
    if len(header) > MAX_COLUMNS:  # counted in the window alone: there may be more
        raise too_many_columns()
    if not header or sum(map(len, header)) + len(header) > HEADER_WINDOW:
        raise FileProblem(_("The file has no header row that can be read."))
    return header


def _decode(content: bytes) -> tuple[str, str]:
    """The text of a text file and its encoding: UTF-8, or UTF-16 with its byte order mark as
    Excel writes "Unicode text". The whole file is decoded, so that no reader meets a bad byte later."""
    if content.startswith(UTF16_BOMS):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise FileProblem(_("The file says it is UTF-16 text, but it is not.")) from None
    if b"\x00" in content[:4096]:
        raise FileProblem(_("This is not a CSV or Excel file."))
    try:
        return content.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        raise FileProblem(
            _("The file is not UTF-8 text. In your spreadsheet program, save it as “CSV UTF-8” and upload it again.")
        ) from None


# JSON


def _json_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise FileProblem(_("A number is longer than %(chars)d characters.") % {"chars": MAX_NUMBER_CHARS})
    return int(text)


def _json_float(text: str) -> float:
    number = float(text) if len(text) <= MAX_NUMBER_CHARS else math.inf
    if not math.isfinite(number):  # 1e999: no database stores it
        raise FileProblem(_("A number is longer than %(chars)d characters or too large.") % {"chars": MAX_NUMBER_CHARS})
    return number


def _not_a_number(text: str) -> Any:
    raise FileProblem(_("The file is not valid JSON: %(word)s is not a number JSON knows.") % {"word": text})


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_OPENING, _CLOSING = np.frombuffer(b"[{", dtype=np.uint8), np.frombuffer(b"]}", dtype=np.uint8)


def json_depth(text: str) -> int:
    """How deep lists and objects nest in JSON text, counted without parsing it (strings may
    hold brackets, so they are left out first). Counted a megabyte at a time, in numpy."""
    skeleton = np.frombuffer(_JSON_STRING.sub("", text).encode(), dtype=np.uint8)
    depth = deepest = 0
    for start in range(0, len(skeleton), 2**20):
        block = skeleton[start : start + 2**20]
        steps = np.isin(block, _OPENING).astype(np.int32) - np.isin(block, _CLOSING).astype(np.int32)
        levels = np.cumsum(steps) + depth
        if len(levels):
            deepest, depth = max(deepest, int(levels.max())), int(levels[-1])
    return deepest


def load_json(text: str) -> Any:
    """JSON text as data, refused (`FileProblem`) when it nests deeper than `MAX_JSON_DEPTH`
    or has a number longer than `MAX_NUMBER_CHARS`: the first would exhaust the parser's
    stack, the second its time (Python reads a number of 100,000 digits in quadratic time,
    or refuses it). Text that is not JSON raises `json.JSONDecodeError`, as `json.loads` does."""
    if json_depth(text) > MAX_JSON_DEPTH:
        raise FileProblem(
            _("Lists and objects nest more than %(depth)d levels deep; a journey map needs far fewer.")
            % {"depth": MAX_JSON_DEPTH}
        )
    try:
        return json.loads(text, parse_int=_json_int, parse_float=_json_float, parse_constant=_not_a_number)
    except RecursionError:  # the depth was counted first; this is the last line of defence
        raise FileProblem(_("The file is not valid JSON.")) from None


def read_json(content: bytes, *, max_bytes: int) -> Any:
    """The data of an uploaded JSON file: UTF-8 text, at most `max_bytes` long, within `load_json`'s limits."""
    if len(content) > max_bytes:
        raise FileProblem(_("The file is larger than %(size)d MB.") % {"size": max_bytes // 2**20})
    try:
        return load_json(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FileProblem(_("The file is not UTF-8 text, so it is not a Journeymap JSON export.")) from None
    except json.JSONDecodeError as error:
        raise FileProblem(
            _("The file is not valid JSON (line %(line)d, column %(column)d: %(reason)s).")
            % {"line": error.lineno, "column": error.colno, "reason": json_reason(error.msg)}
        ) from None


# Headers


def normalise_header(value: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", value.casefold()).strip("_")


def suggest[T](
    value: str,
    options: Mapping[T, Iterable[str]],
    *,
    cutoff: float = 0.6,
    partial: bool = True,
    normalise: Callable[[str], str] = normalise_header,
) -> T | None:
    """The option one of whose spellings is closest to `value`, compared as `normalise` spells
    them: an equal spelling, else (with `partial`) the only option containing it or contained
    in it, else the closest by difflib's ratio; None when nothing is close. A value or spelling
    that normalises to nothing is close to nothing."""
    by_spelling = {
        normalised: option
        for option, spellings in options.items()
        for spelling in spellings
        if (normalised := normalise(spelling))
    }
    key = normalise(value)
    if not key:
        return None
    if key in by_spelling:
        return by_spelling[key]
    containing = {option for spelling, option in by_spelling.items() if key in spelling or spelling in key}
    if partial and len(containing) == 1:
        return containing.pop()
    close = difflib.get_close_matches(key, list(by_spelling), n=1, cutoff=cutoff)
    return by_spelling[close[0]] if close else None
