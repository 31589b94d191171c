"""Excel workbooks read from their XML, within the limits of journeymap/lib/files.py.

The zip directory is checked before anything is unpacked. Each part is then read with
expat a megabyte at a time, never more than the directory announced (Python's zipfile
stops there), and every limit is checked as the cells come: a workbook that passes one
is refused at that cell, not after. A cell that uses a shared string holds that very
string, not a copy of it, and no XML entity is ever expanded (a DOCTYPE is refused).

Cells come out as the text a person sees, as pandas and calamine gave them before:
numbers without a needless ".0", dates as "2025-06-30 14:30:00", True and False.
"""

import io
import marshal
import math
import posixpath
import re
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from xml.parsers import expat

import pandas as pd
from django.utils.translation import gettext as _

from journeymap.lib import files
from journeymap.lib.files import FileProblem


def read_workbook(content: bytes, *, max_rows: int, first_sheet_only: bool) -> dict[str, pd.DataFrame]:
    """Every sheet of cells of an .xlsx file as a table of text, by name (\"\" for the first only)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise FileProblem(_("This is not a CSV or Excel file.")) from None
    _check_archive(members)
    try:
        book = _Workbook(archive, max_rows)
        if first_sheet_only and not book.date_styles:
            columns = _calamine_columns(content, *book.sheets[0], max_rows=max_rows)
            if columns is not None:
                return {"": _table_of_columns(columns)}
        sheets = book.sheets[:1] if first_sheet_only else book.sheets
        tables = {name: _table(book.rows(path)) for name, path in sheets}
    except FileProblem:
        raise
    except RuntimeError:  # zipfile's word for a password
        raise FileProblem(_("The Excel file is protected by a password; save a copy without one.")) from None
    except (zipfile.BadZipFile, expat.ExpatError, KeyError, ValueError, EOFError, NotImplementedError, zlib.error):
        raise files.damaged_workbook() from None
    return {"": next(iter(tables.values()))} if first_sheet_only else tables


# The first sheet read by calamine, in a process of its own

CALAMINE_MEMORY_BYTES = 3 * 2**30  # the reading process's address space: the interpreter, the file, the cells
CALAMINE_CPU_SECONDS = 60
# Where `python -m journeymap.lib.sheet_reader` is found.
PROJECT_DIR = Path(__file__).resolve().parents[2]


def _calamine_columns(content: bytes, sheet_name: str, part: str, *, max_rows: int) -> list[list[str]] | None:
    """The sheet's cells as text, column by column, from A1 to the last cell with something in
    it, as `_Workbook.rows` finds them, read by calamine (Rust, about
    seven times faster); None when the streaming reader must read it instead.

    Calamine trusts the file: it allocates every cell between the two farthest ones, copies a
    shared string into each cell that uses it and reserves as many strings as the file
    announces. So it runs in a process of its own whose memory and processor time the kernel
    caps: a file built to exhaust them ends that process, not the worker. Before calamine
    reads, that process counts the tags of the sheet (an upper bound on its cells, empty ones
    included) and refuses any declaration; after, it checks every limit of
    journeymap/lib/files.py on the cells. The zip directory and the shared strings have
    been checked by then (`_check_archive`, `_Workbook`). Whatever is over a limit, or
    uncertain (a date, a time, a failure of any kind), is left to the streaming reader, which
    then says exactly what is wrong, as it always has: so this is only ever a faster way to
    the same table, for plain sheets of text and numbers without date formats."""
    arguments = [
        *(str(CALAMINE_MEMORY_BYTES), str(CALAMINE_CPU_SECONDS), sheet_name, part),
        *map(str, (max_rows, files.MAX_COLUMNS, files.MAX_CELLS, files.MAX_CELL_CHARS, files.MAX_TEXT_CHARS)),
    ]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "journeymap.lib.sheet_reader", *arguments],
            input=content,
            capture_output=True,
            timeout=CALAMINE_CPU_SECONDS * 2,
            cwd=PROJECT_DIR,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode:
        return None
    # Written by the process above from lists of text alone, never by the file.
    columns: list[list[str]] = marshal.loads(done.stdout)
    return columns


def _check_archive(members: list[zipfile.ZipInfo]) -> None:
    """The zip directory, checked before anything is unpacked: a few kilobytes can unpack to
    gigabytes. Python's zipfile never unpacks more of a part than the directory announces."""
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise FileProblem(_("This is a zip archive, not an Excel workbook."))
    if len(members) > files.MAX_PARTS:
        raise FileProblem(
            _("The workbook has %(parts)s parts, more than a spreadsheet needs (%(most)s).")
            % {"parts": files.counted(len(members)), "most": files.counted(files.MAX_PARTS)}
        )
    unpacked = _("The workbook unpacks to more than %(size)d MB; it is too large or not a real spreadsheet.") % {
        "size": files.MAX_UNPACKED_BYTES // 2**20
    }
    if sum(member.file_size for member in members) > files.MAX_UNPACKED_BYTES:
        raise FileProblem(unpacked)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > files.RATIO_CHECKED_FROM and ratio > files.MAX_COMPRESSION_RATIO:
            raise FileProblem(
                _(
                    "A part of the workbook unpacks %(ratio)d times larger than it is packed; it is not a real spreadsheet."
                )
                % {"ratio": ratio}
            )


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class _LocalNames(dict[str, str]):
    """The document's tags -> their names without a prefix ("x:c" -> "c"), worked out once each."""

    def __missing__(self, tag: str) -> str:
        name = self[tag] = _local(tag)
        return name


def _refuse_doctype(*args: Any) -> None:
    raise FileProblem(_("The Excel file declares XML entities of its own, which no spreadsheet does."))


def _xml_parser() -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 2**16
    parser.StartDoctypeDeclHandler = _refuse_doctype
    return parser


def _feed(
    archive: zipfile.ZipFile, path: str, parser: expat.XMLParserType, check: Callable[[], None] | None = None
) -> None:
    """One part of the archive to `parser`, a megabyte at a time, calling `check` after each."""
    with archive.open(path) as stream:
        while chunk := stream.read(2**20):
            parser.Parse(chunk, False)
            if check is not None:
                check()
        parser.Parse(b"", True)


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """The relationships of a part: id -> (type, path of the target in the archive)."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    found: dict[str, tuple[str, str]] = {}
    if rels_path not in archive.NameToInfo:
        return found

    def start(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "Relationship" and "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[attrs["Id"]] = (attrs.get("Type", "").rpartition("/")[2], path)

    parser = _xml_parser()
    parser.StartElementHandler = start
    _feed(archive, rels_path, parser)
    return found


# Built-in number formats that show dates and times.
DATE_FORMATS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59), *range(71, 82)}
_NOT_DATE_PARTS = re.compile(r'"[^"]*"|\\.|\[(?!h\]|m\]|s\]|hh\]|mm\]|ss\])[^\]]*\]', re.IGNORECASE)


def _is_date_format(code: str) -> bool:
    return any(letter in "dmyhs" for letter in _NOT_DATE_PARTS.sub("", code.split(";")[0]).lower())


class _Workbook:
    """What every sheet needs: the sheets' names and parts, the shared strings, which cell
    styles are dates, and the limits the sheets share."""

    def __init__(self, archive: zipfile.ZipFile, max_rows: int):
        self.archive, self.max_rows = archive, max_rows
        self.cells = self.chars = 0
        relations = _relationships(archive, "xl/workbook.xml")
        by_type: dict[str, str] = {kind: path for kind, path in relations.values()}
        self.date1904 = False
        listed: list[tuple[str, str]] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            tag = _local(tag)
            if tag == "workbookPr":
                self.date1904 = attrs.get("date1904", "") in ("1", "true")
            elif tag == "sheet":
                relation = next((value for key, value in attrs.items() if _local(key) == "id"), "")
                kind, path = relations.get(relation, ("", ""))
                if kind == "worksheet" and path in archive.NameToInfo:
                    listed.append((attrs.get("name", path), path))

        parser = _xml_parser()
        parser.StartElementHandler = start
        _feed(archive, "xl/workbook.xml", parser)
        if not listed:
            raise FileProblem(_("The workbook has no sheet of cells."))
        self.sheets = listed
        self.shared = self._shared_strings(by_type.get("sharedStrings"))
        self.date_styles = self._date_styles(by_type.get("styles"))

    def _shared_strings(self, path: str | None) -> list[str]:
        strings: list[str] = []
        if not path or path not in self.archive.NameToInfo:
            return strings
        texts: list[str] = []
        total = 0
        phonetic = False
        names = _LocalNames()

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal texts, phonetic
            tag = names[tag]
            if tag == "si":
                texts = []
            elif tag == "t" and not phonetic:
                parser.CharacterDataHandler = texts.append
            elif tag == "rPh":
                phonetic = True

        def end(tag: str) -> None:
            nonlocal total, phonetic
            tag = names[tag]
            if tag == "si":
                text = "".join(texts)
                if len(text) > files.MAX_CELL_CHARS:
                    raise files.cell_too_long()
                total += len(text)
                if total > files.MAX_TEXT_CHARS:
                    raise files.too_much_text()
                strings.append(text)
                if len(strings) > files.MAX_SHARED_STRINGS:
                    raise FileProblem(
                        _("The workbook has more than %(count)s different texts; split it into smaller files.")
                        % {"count": files.counted(files.MAX_SHARED_STRINGS)}
                    )
            elif tag == "t":
                parser.CharacterDataHandler = None
            elif tag == "rPh":
                phonetic = False

        def check() -> None:
            if sum(map(len, texts)) > files.MAX_CELL_CHARS:
                raise files.cell_too_long()

        parser = _xml_parser()
        parser.StartElementHandler, parser.EndElementHandler = start, end
        _feed(self.archive, path, parser, check)
        return strings

    def _date_styles(self, path: str | None) -> set[str]:
        """The cell styles (as the `s` attribute writes them) whose number format shows a date."""
        if not path or path not in self.archive.NameToInfo:
            return set()
        date_codes = set(DATE_FORMATS)
        styles: list[int] = []
        in_cell_styles = False

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal in_cell_styles
            tag = _local(tag)
            if tag == "numFmt" and _is_date_format(attrs.get("formatCode", "")):
                date_codes.add(int(attrs.get("numFmtId", "-1")))
            elif tag == "cellXfs":
                in_cell_styles = True
            elif tag == "xf" and in_cell_styles:
                styles.append(int(attrs.get("numFmtId", "0")))

        def end(tag: str) -> None:
            nonlocal in_cell_styles
            if _local(tag) == "cellXfs":
                in_cell_styles = False

        parser = _xml_parser()
        parser.StartElementHandler, parser.EndElementHandler = start, end
        _feed(self.archive, path, parser)
        return {str(index) for index, code in enumerate(styles) if code in date_codes}

    def rows(self, path: str) -> list[list[str]]:
        """The sheet's cells as text, row by row from A1, empty rows and cells as they are.
        The handlers run for every element of the sheet: they are written for speed."""
        rows: list[list[str]] = []
        shared, date_styles, date1904 = self.shared, self.date_styles, self.date1904
        last_row = self.max_rows + 1  # the header and max_rows rows
        max_cells, max_columns, max_chars, max_text = (
            files.MAX_CELLS,
            files.MAX_COLUMNS,
            files.MAX_CELL_CHARS,
            files.MAX_TEXT_CHARS,
        )
        cells, chars = self.cells, self.chars
        columns: dict[str, int] = {}
        row_number = 0
        column = next_column = 0
        cell_type: str | None = None
        cell_style: str | None = None
        texts: list[str] = []
        phonetic = False
        names = _LocalNames()

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal cells, row_number, column, next_column, cell_type, cell_style, texts, phonetic
            name = names[tag]
            if name == "c":
                cells += 1
                if cells > max_cells:
                    raise FileProblem(
                        _("The workbook has more than %(cells)s cells; split it into smaller files.")
                        % {"cells": files.counted(max_cells)}
                    )
                ref = attrs.get("r")
                if ref is None:
                    column = next_column
                elif (known := columns.get(ref.rstrip(DIGITS))) is not None:
                    column = known
                else:
                    column = _column_of(ref, columns)
                cell_type, cell_style, texts = attrs.get("t"), attrs.get("s"), []
            elif name == "v" or (name == "t" and not phonetic):
                parser.CharacterDataHandler = texts.append
            elif name == "row":
                number = attrs.get("r")
                row_number = _row_of(number) if number is not None else row_number + 1
                next_column = 0
            elif name == "rPh":
                phonetic = True

        def end(tag: str) -> None:
            nonlocal chars, next_column, phonetic
            name = names[tag]
            if name == "c":
                next_column = column + 1
                if not texts:
                    return
                text = "".join(texts)
                if cell_type == "s":
                    index = int(text)  # a ValueError is a damaged file
                    if not 0 <= index < len(shared):
                        raise files.damaged_workbook()
                    value = shared[index]
                elif cell_type == "inlineStr" or cell_type == "str":
                    value = text
                else:
                    value = _cell_text(cell_type, cell_style, text, date_styles, date1904)
                if not value:
                    return
                if row_number > last_row:
                    raise files.too_many_rows(self.max_rows)
                if column >= max_columns:
                    raise files.too_many_columns()
                if len(value) > max_chars:
                    raise files.cell_too_long()
                chars += len(value)
                if chars > max_text:
                    raise files.too_much_text()
                while len(rows) < row_number:
                    rows.append([])
                row = rows[row_number - 1]
                if column == len(row):
                    row.append(value)
                elif column > len(row):
                    row.extend([""] * (column - len(row)))
                    row.append(value)
                else:
                    row[column] = value
            elif name == "v" or name == "t":
                parser.CharacterDataHandler = None
            elif name == "rPh":
                phonetic = False

        def check() -> None:
            if sum(map(len, texts)) > max_chars:
                raise files.cell_too_long()

        parser = _xml_parser()
        parser.StartElementHandler, parser.EndElementHandler = start, end
        _feed(self.archive, path, parser, check)
        self.cells, self.chars = cells, chars
        return rows


DIGITS = "0123456789"


def _column_of(ref: str, known: dict[str, int]) -> int:
    """The column (0 for A) of a cell reference such as "AB12"."""
    letters = ref.rstrip(DIGITS)
    column = known.get(letters)
    if column is None:
        if not 0 < len(letters) <= 3 or not letters.isascii() or not letters.isalpha():
            raise files.damaged_workbook()
        column = 0
        for letter in letters.upper():
            column = column * 26 + ord(letter) - 64
        column = known[letters] = column - 1
    return column


def _row_of(number: str) -> int:
    if not 0 < len(number) <= 7 or not number.isascii() or not number.isdigit() or int(number) == 0:
        raise files.damaged_workbook()  # Excel's sheets end at row 1,048,576
    return int(number)


def _cell_text(cell_type: str | None, style: str | None, text: str, date_styles: set[str], date1904: bool) -> str:
    """A cell's value, other than text, as a person sees it: numbers without a needless ".0",
    dates as "2025-06-30 14:30:00", True and False, and nothing for an error such as #N/A."""
    if cell_type == "d":
        return text
    if cell_type == "b":
        return "True" if text.strip() == "1" else "False"
    if cell_type == "e":
        return ""
    number = float(text)  # a ValueError is a damaged file
    if style in date_styles and math.isfinite(number) and 0 <= number < 2_958_466:  # up to the year 9999
        return _excel_date(number, date1904)
    if number.is_integer():
        return str(int(number))
    return str(number)


def _excel_date(serial: float, date1904: bool) -> str:
    if 0 <= serial < 1:  # a time of day
        return str((datetime(2000, 1, 1) + timedelta(milliseconds=round(serial * 86_400_000))).time())
    # Excel counts a 29 February 1900 that never was: days before it are one day off.
    start = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 31) if serial < 60 else datetime(1899, 12, 30)
    return str(start + timedelta(milliseconds=round(serial * 86_400_000)))


def _table(rows: list[list[str]]) -> pd.DataFrame:
    """The rows of a sheet as a table whose columns are its first row."""
    if not rows:
        return pd.DataFrame()
    width = max(map(len, rows))
    header = rows[0] + [""] * (width - len(rows[0]))
    data = [row if len(row) == width else row + [""] * (width - len(row)) for row in rows[1:]]
    return pd.DataFrame(data, columns=files.column_names(header), dtype=str)


def _table_of_columns(columns: list[list[str]]) -> pd.DataFrame:
    """The same table as `_table`, from the sheet's columns (each as long as the sheet)."""
    if not columns:
        return pd.DataFrame()
    names = files.column_names([column[0] for column in columns])
    return pd.DataFrame(dict(zip(names, (column[1:] for column in columns))), dtype=str)
