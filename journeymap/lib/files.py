"""Uploaded CSV and Excel files read as tables of text, and their headers matched to names.

`read_tables` is the one way uploaded files are read, by the spreadsheet import of map
items and by the interaction logs alike: size, type, encoding, row count and zip bombs
are checked before a reader unpacks or parses the file.
"""

import difflib
import io
import re
import zipfile
from collections.abc import Iterable, Mapping

import pandas as pd
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 50 * 2**20
MAX_UNPACKED_BYTES = 300 * 2**20  # an Excel file's XML, unpacked; far above 500,000 plain rows
MAX_ROWS = 500_000
XLSX_MAGIC, OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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


def read_tables(
    content: bytes, *, max_rows: int = MAX_ROWS, first_sheet_only: bool = False, header_only: bool = False
) -> dict[str, pd.DataFrame]:
    """Every table of a CSV or Excel file, all cells as text ("" when empty), by sheet
    name ("" for CSV); with `header_only`, the tables have their columns and no rows.
    Raises `FileProblem` for anything else."""
    if not content.strip():
        raise FileProblem(_("The file is empty."))
    if len(content) > MAX_FILE_BYTES:
        raise FileProblem(_("The file is larger than %(size)d MB.") % {"size": MAX_FILE_BYTES // 2**20})
    if content.startswith(OLE_MAGIC):
        raise FileProblem(_("Old Excel files (.xls) cannot be read: save the file as .xlsx or as CSV UTF-8."))
    rows = -1 if header_only else max_rows  # the readers read one row more than this: one too many means too many
    tables = (
        _read_xlsx(content, rows, first_sheet_only)
        if content.startswith(XLSX_MAGIC)
        else {"": _read_csv(content, rows)}
    )
    for table in tables.values():
        if len(table) > max_rows:
            raise FileProblem(
                _("The file has more than %(rows)s rows; split it into smaller files.") % {"rows": f"{max_rows:,}"}
            )
        table.columns = [str(column).strip() for column in table.columns]
    return tables


def _read_csv(content: bytes, max_rows: int) -> pd.DataFrame:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    # The header tells the separator: Excel writes ";" where "," is the decimal mark.
    separator = max(",;\t|", key=first_line.count)
    try:
        # Read the header as a row: pandas then refuses a row longer than the header instead of
        # silently taking its first cells for an index.
        table = pd.read_csv(
            io.StringIO(text), sep=separator, header=None, dtype=str, keep_default_na=False, nrows=max_rows + 2
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
    header = [str(value) for value in table.iloc[0]]
    return table.iloc[1:].set_axis(header, axis="columns").reset_index(drop=True).fillna("")


def _decode(content: bytes) -> str:
    if content.startswith(UTF16_BOMS):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in content[:4096]:
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileProblem(
                _(
                    "The file is not UTF-8 text. In your spreadsheet program, save it as “CSV UTF-8” and upload it again."
                )
            ) from None
    raise FileProblem(_("This is not a CSV or Excel file."))


def _read_xlsx(content: bytes, max_rows: int, first_sheet_only: bool) -> dict[str, pd.DataFrame]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise FileProblem(_("This is not a CSV or Excel file.")) from None
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise FileProblem(_("This is a zip archive, not an Excel workbook."))
    # Checked before the reader unpacks anything: a few kilobytes can unpack to gigabytes.
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise FileProblem(
            _("The workbook unpacks to more than %(size)d MB; it is too large or not a real spreadsheet.")
            % {"size": MAX_UNPACKED_BYTES // 2**20}
        )
    try:
        tables = pd.read_excel(
            io.BytesIO(content),
            sheet_name=0 if first_sheet_only else None,
            dtype=str,
            keep_default_na=False,
            na_values=[],
            nrows=max_rows + 1,
            # calamine (Rust) reads a 100,000-row sheet in about two seconds, openpyxl in over twenty.
            engine="calamine",
        )
    except Exception:  # a damaged workbook fails in many ways inside the reader
        raise FileProblem(_("The Excel file is damaged and cannot be read.")) from None
    return {"": tables} if first_sheet_only else tables


# Headers


def normalise_header(value: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", value.casefold()).strip("_")


def suggest[T](
    value: str, options: Mapping[T, Iterable[str]], *, cutoff: float = 0.6, partial: bool = True
) -> T | None:
    """The option one of whose spellings is closest to `value`, ignoring case and punctuation:
    an equal spelling, else (with `partial`) the only option containing it or contained in
    it, else the closest by difflib's ratio; None when nothing is close."""
    by_spelling = {
        normalise_header(spelling): option for option, spellings in options.items() for spelling in spellings
    }
    key = normalise_header(value)
    if key in by_spelling:
        return by_spelling[key]
    containing = {
        option for spelling, option in by_spelling.items() if key and spelling and (key in spelling or spelling in key)
    }
    if partial and len(containing) == 1:
        return containing.pop()
    close = difflib.get_close_matches(key, list(by_spelling), n=1, cutoff=cutoff)
    return by_spelling[close[0]] if close else None
