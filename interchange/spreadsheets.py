"""A map as spreadsheets, and touchpoints, pain points and opportunities from them.

Export flattens the interchange document (maps/interchange.py) into one table per item
kind: an Excel workbook with a sheet per kind, or one CSV table with a `kind` column.
Items carry their database id in the `id` column, so that a file edited and brought
back updates the items it came from; rows without a known id create new items, and
the other columns refer to them by whatever the `id` column says.

Any text a spreadsheet program could take for a formula is written with a leading
apostrophe, and the apostrophe is taken off again on import.

`read_tables` is the one way uploaded CSV and Excel files are read, here and by the
interaction analysis: size, type, encoding, row count and zip bombs are checked
before a reader unpacks or parses the file.
"""

import csv
import datetime
import difflib
import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any

import openpyxl
import pandas as pd
import pydantic
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from interchange.documents import claim_revision, map_document
from interchange.schema import Emotion, MapDoc, Nps, Percent, Score, text
from maps.models import JourneyMap, Lane, Stage
from maps.positions import close_gaps
from personas.models import Persona
from touchpoints.models import (
    Opportunity,
    OpportunityStatus,
    PainCause,
    PainPoint,
    Severity,
    Touchpoint,
)

# Reading uploaded files

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


def normalise_header(value: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", value.casefold()).strip("_")


def suggest[T](value: str, options: dict[T, Iterable[str]], *, cutoff: float = 0.6, partial: bool = True) -> T | None:
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


# Formula neutralisation

_FORMULA_LIKE = re.compile(r"^'*[=+\-@\t\r]")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert with a leading apostrophe.

    Text already starting with apostrophes before such a character gets one more, so that
    `restore` can always take exactly one off. Numbers stay numbers."""
    if isinstance(value, str) and _FORMULA_LIKE.match(value):
        return "'" + value
    return value


def restore(value: str) -> str:
    if value.startswith("'") and _FORMULA_LIKE.match(value[1:]):
        return value[1:]
    return value


# The tables: columns of each kind

KINDS = ("touchpoint", "pain_point", "opportunity")
SHEETS = {
    "map": "map",
    "stage": "stages",
    "lane": "lanes",
    "touchpoint": "touchpoints",
    "pain_point": "pain_points",
    "opportunity": "opportunities",
}
COLUMNS = {
    "map": ["title", "description", "scope", "journey_type", "state", "template", "personas"],
    "stage": [
        *("stage", "description", "customer_goal", "drivers", "barriers", "influence"),
        *("target_csat", "target_nps", "target_crr", "target_conversion"),
    ],
    "lane": ["lane", "channel", "channel_kind"],
    "touchpoint": [
        *("id", "stage", "lane", "title", "description", "customer_action", "emotion", "expectation"),
        *("is_micro_conversion", "persona", "csat", "nps", "crr", "conversion_rate", "next"),
    ],
    "pain_point": ["id", "stage", "touchpoint", "title", "description", "severity", "cause", "evidence"],
    "opportunity": [
        *("id", "stage", "touchpoint", "title", "description", "action", "pain_points"),
        *("impact", "effort", "action_owner", "status", "due_date"),
    ],
}
REQUIRED = {
    "touchpoint": ["stage", "lane", "title"],
    "pain_point": ["stage", "title"],
    "opportunity": ["stage", "title"],
}
# The tidy table leads with what a person reads first: what, where, which item.
LEADING = ["kind", "id", "stage", "lane", "touchpoint", "title", "description"]
CSV_COLUMNS = list(dict.fromkeys([*LEADING, *(column for columns in COLUMNS.values() for column in columns)]))
IMPORT_COLUMNS = ["kind", *dict.fromkeys(column for kind in KINDS for column in COLUMNS[kind])]
SEVERITY_NAMES = {severity.value: severity.name.lower() for severity in Severity}
WIDE_COLUMNS = {
    "title",
    "description",
    "customer_action",
    "action",
    "customer_goal",
    "drivers",
    "barriers",
    "influence",
    "evidence",
    "stage",
    "lane",
}

COLUMN_HELP = {
    "kind": gettext_lazy("touchpoint, pain_point or opportunity"),
    "id": gettext_lazy("the item's id to update it; empty, or any label of your own, to add a new item"),
    "stage": gettext_lazy("the stage's name or number (1 is the first stage)"),
    "lane": gettext_lazy("the channel's name"),
    "touchpoint": gettext_lazy("the id of a touchpoint of the map or of this file"),
    "emotion": gettext_lazy("-2 (very negative) to 2 (very positive)"),
    "expectation": gettext_lazy("1 (far below expectations) to 5 (far above)"),
    "is_micro_conversion": gettext_lazy("yes or no"),
    "persona": gettext_lazy("a persona's name; empty for every persona"),
    "csat": gettext_lazy("percent, 0 to 100"),
    "nps": gettext_lazy("-100 to 100"),
    "crr": gettext_lazy("percent, 0 to 100"),
    "conversion_rate": gettext_lazy("percent, 0 to 100"),
    "next": gettext_lazy("ids of the touchpoints this one leads to, separated by commas"),
    "severity": gettext_lazy("low, medium, high or critical"),
    "cause": gettext_lazy("one of: %(values)s"),
    "evidence": gettext_lazy('figures as JSON, e.g. {"csat": 54, "sample_size": 812}'),
    "pain_points": gettext_lazy("ids of the pain points it addresses, separated by commas"),
    "impact": gettext_lazy("1 to 5"),
    "effort": gettext_lazy("1 to 5"),
    "status": gettext_lazy("one of: %(values)s"),
    "due_date": gettext_lazy("a date such as 2025-06-30"),
}
CHOICE_VALUES = {"cause": PainCause.values, "status": OpportunityStatus.values}


def map_tables(journey_map: JourneyMap) -> dict[str, list[dict[str, Any]]]:
    """The map's rows by kind, with the values a person reads in a spreadsheet."""
    document = map_document(journey_map, database_keys=True)
    return document_tables(document)


def document_tables(document: MapDoc) -> dict[str, list[dict[str, Any]]]:
    stage_names = [stage.name for stage in document.stages]
    channels = {channel.slug: channel for channel in document.channels}
    lane_names = [channels[lane.channel].name if lane.channel in channels else lane.channel for lane in document.lanes]

    def yes_no(value: bool) -> str:
        return "yes" if value else "no"

    return {
        "map": [
            {
                **document.model_dump(include={"title", "description", "scope", "journey_type", "state", "template"}),
                "personas": ", ".join(document.personas),
            }
        ],
        "stage": [{"stage": stage.name, **stage.model_dump(exclude={"name"})} for stage in document.stages],
        "lane": [
            {
                "lane": name,
                "channel": lane.channel,
                "channel_kind": channels[lane.channel].kind if lane.channel in channels else "",
            }
            for lane, name in zip(document.lanes, lane_names)
        ],
        "touchpoint": [
            {
                **item.model_dump(exclude={"key", "stage", "lane", "next", "is_micro_conversion"}),
                "id": item.key,
                "stage": stage_names[item.stage],
                "lane": lane_names[item.lane],
                "is_micro_conversion": yes_no(item.is_micro_conversion),
                "next": ", ".join(item.next),
            }
            for item in document.touchpoints
        ],
        "pain_point": [
            {
                **item.model_dump(exclude={"key", "stage", "severity", "evidence"}),
                "id": item.key,
                "stage": stage_names[item.stage],
                "severity": SEVERITY_NAMES[item.severity],
                "evidence": json.dumps(item.evidence, sort_keys=True, ensure_ascii=False) if item.evidence else "",
            }
            for item in document.pain_points
        ],
        "opportunity": [
            {
                **item.model_dump(exclude={"key", "stage", "pain_points"}),
                "id": item.key,
                "stage": stage_names[item.stage],
                "pain_points": ", ".join(item.pain_points),
            }
            for item in document.opportunities
        ],
    }


def write_csv(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """One tidy table: a row per item, its kind in the first column."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for kind, rows in tables.items():
        for row in rows:
            values = (kind if column == "kind" else row.get(column) for column in CSV_COLUMNS)
            writer.writerow(["" if value is None else neutralise(value) for value in values])
    # The byte order mark makes Excel read the file as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(tables: dict[str, list[dict[str, Any]]], *, help_rows: list[list[str]] | None = None) -> bytes:
    """A workbook with one sheet per kind."""
    sheets = {
        SHEETS[kind]: (COLUMNS[kind], [[row.get(column) for column in COLUMNS[kind]] for row in rows])
        for kind, rows in tables.items()
    }
    if help_rows:
        sheets[_("help")] = ([_("column"), _("meaning")], help_rows)
    return workbook(sheets)


def write_xlsx_frame(frame: pd.DataFrame, *, sheet: str = "interactions") -> bytes:
    """A long table (an interaction log) as a workbook, streamed row by row: styling every
    cell of 100,000 rows would take the better part of a minute."""
    book = openpyxl.Workbook(write_only=True)
    table = book.create_sheet(sheet)
    table.append(list(frame.columns))
    for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
        table.append([neutralise(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook(sheets: dict[str, tuple[list[str], Iterable[Iterable[Any]]]]) -> bytes:
    """An Excel file of `sheets` (name -> columns and rows), headers bold and frozen, text made inert."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (columns, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(columns)
        for row in rows:
            sheet.append([neutralise(value) for value in row])
        _style(sheet, columns)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _style(sheet, columns: list[str]) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF0FF")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = (
            40 if column in WIDE_COLUMNS else max(12, len(column) + 2)
        )
        if column in WIDE_COLUMNS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        elif column == "due_date":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "yyyy-mm-dd"


def template_tables(journey_map: JourneyMap) -> dict[str, list[dict[str, Any]]]:
    """Headers and one example row of each kind, using the map's first stage and lane."""
    stage = journey_map.stages.order_by("position").first()
    lane = journey_map.lanes.select_related("channel").order_by("position").first()
    stage_name = stage.name if stage else _("Awareness")
    lane_name = lane.channel.name if lane else _("Website")
    return {
        "touchpoint": [
            {
                "id": "new-1",
                "stage": stage_name,
                "lane": lane_name,
                "title": _("Reads the delivery terms"),
                "emotion": -1,
                "expectation": 2,
                "is_micro_conversion": "no",
                "csat": 62,
            }
        ],
        "pain_point": [
            {
                "id": "new-2",
                "stage": stage_name,
                "touchpoint": "new-1",
                "title": _("Delivery cost shown too late"),
                "severity": "high",
                "cause": PainCause.PRICE.value,
            }
        ],
        "opportunity": [
            {
                "stage": stage_name,
                "touchpoint": "new-1",
                "title": _("Show the delivery cost on the product page"),
                "pain_points": "new-2",
                "impact": 4,
                "effort": 2,
                "status": OpportunityStatus.IDEA.value,
            }
        ],
    }


def _column_help(column: str) -> str:
    text = str(COLUMN_HELP.get(column, ""))
    return text % {"values": ", ".join(CHOICE_VALUES[column])} if column in CHOICE_VALUES else text


def template_help(journey_map: JourneyMap) -> list[list[str]]:
    stages = ", ".join(journey_map.stages.order_by("position").values_list("name", flat=True))
    lanes = ", ".join(journey_map.lanes.order_by("position").values_list("channel__name", flat=True))
    rows = [[column, _column_help(column)] for column in IMPORT_COLUMNS]
    rows += [[_("stages of this map"), stages], [_("lanes of this map"), lanes]]
    return rows


# Import: parsing rows


def _split(value: Any) -> Any:
    return [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else value


def _choice(choices) -> BeforeValidator:
    """Accept a choice by its stored value, its name or its English label, in any case."""
    known = {}
    for choice in choices:
        for spelling in (str(choice.value), choice.name, str(choice.label)):
            known[spelling.casefold()] = choice.value

    def parse(value: Any) -> Any:
        return known.get(str(value).strip().casefold(), value)

    return BeforeValidator(parse)


def _evidence(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except json.JSONDecodeError:
            raise ValueError(_("not valid JSON")) from None
        if not isinstance(value, dict):
            raise ValueError(_('must be a JSON object such as {"sample_size": 120}'))
    return value


def _date(value: Any) -> Any:
    # Excel dates arrive as "2025-06-30 00:00:00".
    return value[:10] if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2} 00:00:00$", value) else value


def _one_of(choices) -> object:
    return Annotated[str, _choice(choices), Field(pattern="^(" + "|".join(choices.values) + ")$")]


Refs = Annotated[list[str], BeforeValidator(_split)]
Ref = text(40) | None


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: text(40) = ""
    stage: text(120, required=True)
    title: text(160, required=True)
    description: text() = ""


class TouchpointRow(Row):
    lane: text(80, required=True)
    customer_action: text() = ""
    emotion: Emotion = 0
    expectation: Score | None = None
    is_micro_conversion: bool = False
    persona: text(120) | None = None
    csat: Percent = None
    nps: Nps = None
    crr: Percent = None
    conversion_rate: Percent = None
    next: Refs = []


class PainPointRow(Row):
    touchpoint: Ref = None
    severity: Annotated[int, _choice(Severity), Field(ge=1, le=4)] = Severity.MEDIUM.value
    cause: _one_of(PainCause) = PainCause.OTHER.value
    evidence: Annotated[dict[str, pydantic.JsonValue], BeforeValidator(_evidence)] = {}


class OpportunityRow(Row):
    touchpoint: Ref = None
    action: text() = ""
    pain_points: Refs = []
    impact: Score = 3
    effort: Score = 3
    action_owner: text(120) = ""
    status: _one_of(OpportunityStatus) = OpportunityStatus.IDEA.value
    due_date: Annotated[datetime.date | None, BeforeValidator(_date)] = None


ROW_MODELS: dict[str, type[Row]] = {
    "touchpoint": TouchpointRow,
    "pain_point": PainPointRow,
    "opportunity": OpportunityRow,
}
KIND_ALIASES = {
    spelling: kind
    for kind in KINDS
    for spelling in (kind, SHEETS[kind], kind.replace("_", " "), SHEETS[kind].replace("_", " "))
}
OTHER_KINDS = {"map", "stage", "lane"}  # rows of our own CSV export that an import leaves alone


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int  # as a spreadsheet program numbers it: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        where = (
            _("sheet “%(sheet)s”, row %(row)d") % {"sheet": self.sheet, "row": self.row}
            if self.sheet
            else _("row %(row)d") % {"row": self.row}
        )
        return f"{where}, {_('column')} “{self.column}”: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class ParsedRow:
    kind: str
    sheet: str
    row: int
    data: Row
    columns: set[str]  # the columns the file has: only these change an existing item


@dataclass
class Source:
    """One table of the upload: a CSV file or one sheet of a workbook."""

    sheet: str
    table: pd.DataFrame
    kind: str | None  # None: the rows say their kind in a `kind` column, or the form does


def sources_of(tables: dict[str, pd.DataFrame]) -> list[Source]:
    """Sheets named after a kind hold that kind (the sheets of our own export); otherwise the first
    table is read."""
    named = [
        Source(name, table, KIND_ALIASES[name.casefold()])
        for name, table in tables.items()
        if name.casefold() in KIND_ALIASES
    ]
    if named:
        return named
    name, table = next(iter(tables.items()))
    return [Source(name, table, None)]


def headers_of(sources: list[Source]) -> list[str]:
    return list(dict.fromkeys(str(column) for source in sources for column in source.table.columns))


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Our column -> the file's header: equal names first, then close ones among the rest."""
    by_key = {normalise_header(header): header for header in headers}
    mapping = {column: by_key[column] for column in IMPORT_COLUMNS if column in by_key}
    for column in IMPORT_COLUMNS:
        free = {header: (header,) for header in headers if header not in mapping.values()}
        if column not in mapping and (header := suggest(column, free, cutoff=0.8, partial=False)) is not None:
            mapping[column] = header
    return mapping


def parse_rows(
    sources: list[Source], mapping: dict[str, str], *, default_kind: str | None = None
) -> tuple[list[ParsedRow], list[RowError]]:
    """Every row validated on its own; `mapping` says which header holds which of our columns."""
    inverse = {header: column for column, header in mapping.items()}
    rows: list[ParsedRow] = []
    errors: list[RowError] = []
    for source in sources:
        present = {inverse[header] for header in source.table.columns if header in inverse}
        fixed_kind = source.kind or (None if "kind" in present else default_kind)
        if fixed_kind is None and "kind" not in present:
            errors.append(RowError(source.sheet, 1, "kind", _("there is no kind column: say what the rows are.")))
            continue
        reported: set[str] = set()
        table = source.table.rename(columns=inverse)[sorted(present)]
        for number, record in enumerate(table.to_dict("records"), start=2):
            values = {column: restore(str(value)).strip() for column, value in record.items()}
            written_kind = values.pop("kind", "")
            if not any(values.values()) or written_kind.casefold() in OTHER_KINDS:
                continue
            kind = fixed_kind or KIND_ALIASES.get(written_kind.casefold())
            if kind is None:
                errors.append(
                    RowError(source.sheet, number, "kind", _("must be touchpoint, pain_point or opportunity."))
                )
                continue
            if missing := [column for column in REQUIRED[kind] if column not in present]:
                if kind not in reported:
                    errors.append(RowError(source.sheet, 1, missing[0], _("the column is missing.")))
                    reported.add(kind)
                continue
            rows_or_error = _parse_row(kind, source.sheet, number, values)
            if isinstance(rows_or_error, ParsedRow):
                rows.append(rows_or_error)
            else:
                errors += rows_or_error
    return rows, errors


def _parse_row(kind: str, sheet: str, number: int, values: dict[str, str]) -> "ParsedRow | list[RowError]":
    model = ROW_MODELS[kind]
    # A blank cell means the field's default (empty, or none); a missing column leaves the item's value alone.
    data = {
        column: value if value != "" else model.model_fields[column].default
        for column, value in values.items()
        if column in model.model_fields
    }
    try:
        return ParsedRow(kind, sheet, number, model.model_validate(data), set(data))
    except pydantic.ValidationError as error:
        return [
            RowError(sheet, number, str(item["loc"][0]) if item["loc"] else "", _row_message(item, values))
            for item in error.errors()
        ]


def _row_message(item: dict, values: dict[str, str]) -> str:
    column = str(item["loc"][0]) if item["loc"] else ""
    found = values.get(column, "")
    reason = str(item["ctx"]["error"]) if item["type"] == "value_error" else item["msg"]
    return _("“%(value)s”: %(reason)s") % {"value": found[:60], "reason": reason} if found else reason


# Import: what the rows will do to the map


FIELDS = {
    "touchpoint": [
        *("stage", "lane", "title", "description", "customer_action", "emotion", "expectation"),
        *("is_micro_conversion", "persona", "csat", "nps", "crr", "conversion_rate"),
    ],
    "pain_point": ["stage", "touchpoint", "title", "description", "severity", "cause", "evidence"],
    "opportunity": [
        *("stage", "touchpoint", "title", "description", "action", "impact", "effort"),
        *("action_owner", "status", "due_date"),
    ],
}
MODELS = {"touchpoint": Touchpoint, "pain_point": PainPoint, "opportunity": Opportunity}
RELATIONS = ("stage", "lane", "persona", "touchpoint")
LINKS = {"touchpoint": ("next", "touchpoint"), "opportunity": ("pain_points", "pain_point")}  # column, target kind


@dataclass
class Change:
    """What one row does: create an item, update some of its fields, or nothing."""

    parsed: ParsedRow
    action: str  # "create", "update" or "unchanged"
    values: dict[str, Any]  # field -> value; `touchpoint` is still a reference ("db:12", "new:x")
    links: list[str]  # references, when the row has the links column
    existing: Any = None
    fields: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.parsed.kind

    @property
    def title(self) -> str:
        return self.parsed.data.title


@dataclass
class ItemsPlan:
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    revision: int = 0
    lookup: "_Lookup | None" = field(default=None, repr=False)

    def of(self, action: str) -> list[Change]:
        return [change for change in self.changes if change.action == action]

    @property
    def creates(self) -> list[Change]:
        return self.of("create")

    @property
    def updates(self) -> list[Change]:
        return self.of("update")

    @property
    def unchanged(self) -> list[Change]:
        return self.of("unchanged")

    @property
    def has_writes(self) -> bool:
        return not self.errors and any(change.action != "unchanged" for change in self.changes)


class _Lookup:
    """Finds what the rows name (stages, lanes, personas, items) in the map and in the file."""

    def __init__(self, journey_map: JourneyMap, rows: list[ParsedRow]):
        self.stages = list(journey_map.stages.order_by("position"))
        self.stage_names = Counter(stage.name.casefold() for stage in self.stages)
        self.lanes: dict[str, Lane] = {}
        for lane in journey_map.lanes.select_related("channel"):
            self.lanes[lane.channel.name.casefold()] = self.lanes[lane.channel.slug.casefold()] = lane
        names = {row.data.persona for row in rows if row.kind == "touchpoint" and row.data.persona}
        # The oldest persona of a name wins, as in a JSON import.
        self.personas = {persona.name: persona for persona in Persona.objects.filter(name__in=names).order_by("-pk")}
        self.items = {
            "touchpoint": self._items(Touchpoint.objects.prefetch_related("next_touchpoints"), journey_map),
            "pain_point": self._items(PainPoint.objects.all(), journey_map),
            "opportunity": self._items(Opportunity.objects.prefetch_related("pain_points"), journey_map),
        }
        self.new_ids = {
            kind: {
                row.data.id for row in rows if row.kind == kind and row.data.id and self.item(kind, row.data.id) is None
            }
            for kind in KINDS
        }

    @staticmethod
    def _items(queryset, journey_map: JourneyMap) -> dict[int, Any]:
        return {item.pk: item for item in queryset.filter(map=journey_map)}

    def item(self, kind: str, ref: str):
        return self.items[kind].get(int(ref)) if ref.isdigit() else None

    def stage(self, value: str) -> Stage:
        if value.isdigit() and 1 <= int(value) <= len(self.stages):
            return self.stages[int(value) - 1]
        if self.stage_names[value.casefold()] > 1:
            raise ValueError(_("two stages have this name: use the stage's number."))
        for stage in self.stages:
            if stage.name.casefold() == value.casefold():
                return stage
        raise ValueError(_("the map has no such stage."))

    def lane(self, value: str) -> Lane:
        if (lane := self.lanes.get(value.casefold())) is None:
            raise ValueError(_("the map has no lane for this channel."))
        return lane

    def persona(self, value: str | None) -> Persona | None:
        if value and value not in self.personas:
            raise ValueError(_("there is no persona of this name."))
        return self.personas[value] if value else None

    def ref(self, kind: str, value: str | None) -> str | None:
        if not value:
            return None
        if self.item(kind, value) is not None:
            return f"db:{value}"
        if value in self.new_ids[kind]:
            return f"new:{value}"
        raise ValueError(_("neither the map nor the file has an item with this id."))


def plan_items(journey_map: JourneyMap, rows: list[ParsedRow], errors: list[RowError] = ()) -> ItemsPlan:
    """What importing the rows would create and change; nothing is written."""
    lookup = _Lookup(journey_map, rows)
    plan = ItemsPlan(errors=list(errors), revision=journey_map.revision, lookup=lookup)
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if row.data.id and (row.kind, row.data.id) in seen:
            plan.errors.append(
                RowError(row.sheet, row.row, "id", _("“%(id)s” is used by an earlier row.") % {"id": row.data.id})
            )
        seen.add((row.kind, row.data.id))
        change = _change(row, lookup, plan.errors)
        if change is not None:
            plan.changes.append(change)
    if plan.errors:
        plan.changes = []
    return plan


def _change(row: ParsedRow, lookup: _Lookup, errors: list[RowError]) -> Change | None:
    data, found_errors = row.data, len(errors)

    def resolve(column: str, value: Any, find) -> Any:
        try:
            return find(value)
        except ValueError as error:
            errors.append(RowError(row.sheet, row.row, column, f"“{value}”: {error}"))

    values = {name: getattr(data, name) for name in FIELDS[row.kind] if name not in RELATIONS}
    values["stage"] = resolve("stage", data.stage, lookup.stage)
    if row.kind == "touchpoint":
        values["lane"] = resolve("lane", data.lane, lookup.lane)
        values["persona"] = resolve("persona", data.persona, lookup.persona)
    else:
        values["touchpoint"] = resolve("touchpoint", data.touchpoint, lambda ref: lookup.ref("touchpoint", ref))
    links = []
    if row.kind in LINKS:
        column, target = LINKS[row.kind]
        links = [resolve(column, ref, lambda ref: lookup.ref(target, ref)) for ref in getattr(data, column)]
    if len(errors) > found_errors:
        return None
    existing = lookup.item(row.kind, data.id)
    if existing is None:
        return Change(row, "create", values, links)
    fields = [name for name in FIELDS[row.kind] if name in row.columns and not _same(existing, name, values[name])]
    if row.kind in LINKS and LINKS[row.kind][0] in row.columns and not _same_links(existing, row.kind, links):
        fields.append(LINKS[row.kind][0])
    return Change(row, "update" if fields else "unchanged", values, links, existing, fields)


def _same(item, name: str, value: Any) -> bool:
    if name not in RELATIONS:
        return getattr(item, name) == value
    current = getattr(item, f"{name}_id")
    if isinstance(value, str):  # a reference to a touchpoint: "db:<id>" or "new:<id in the file>"
        return value == f"db:{current}"
    return current == (value.pk if value is not None else None)


def _same_links(item, kind: str, links: list[str]) -> bool:
    current = item.next_touchpoints.all() if kind == "touchpoint" else item.pain_points.all()
    return all(ref.startswith("db:") for ref in links) and {related.pk for related in current} == {
        int(ref[3:]) for ref in links
    }


@transaction.atomic
def items_import(*, journey_map: JourneyMap, rows: list[ParsedRow], expected_revision: int) -> ItemsPlan:
    """Create and update the rows' items, all or nothing. Raises `StaleMap` if the map changed
    since the preview was made at `expected_revision`."""
    claim_revision(journey_map.pk, expected_revision)
    plan = plan_items(journey_map, rows)
    if not plan.has_writes:
        return plan
    new: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    positions = _next_positions(journey_map)

    def item_of(kind: str, ref: str | None) -> Any:
        if ref is None:
            return None
        return plan.lookup.item(kind, ref[3:]) if ref.startswith("db:") else new[kind][ref[4:]]

    for kind in KINDS:  # touchpoints first: pain points and opportunities refer to them
        creates = [change for change in plan.of("create") if change.kind == kind]
        items = []
        for change in creates:
            values = {
                **change.values,
                **({"touchpoint": item_of("touchpoint", change.values["touchpoint"])} if kind != "touchpoint" else {}),
            }
            item = MODELS[kind](map=journey_map, **values)
            if kind == "touchpoint":
                item.position = _take(positions, item)
            items.append(item)
        for change, item in zip(creates, MODELS[kind].objects.bulk_create(items)):
            change.existing = item
            if change.parsed.data.id:
                new[kind][change.parsed.data.id] = item
        _update(kind, [change for change in plan.of("update") if change.kind == kind], item_of, positions)
    for kind, (column, target) in LINKS.items():
        _set_links(kind, column, target, plan, item_of)
    return plan


def _update(kind: str, changes: list[Change], item_of, positions: dict[tuple[int, int], int]) -> None:
    if not changes:
        return
    fields: set[str] = set()
    left: set[tuple[int, int]] = set()  # cells a touchpoint moved out of
    for change in changes:
        item = change.existing
        if kind == "touchpoint" and {"stage", "lane"} & set(change.fields):
            left.add((item.stage_id, item.lane_id))
        for name in change.fields:
            if name in FIELDS[kind]:
                value = change.values[name]
                setattr(item, name, item_of("touchpoint", value) if name == "touchpoint" else value)
                fields.add(name)
        if kind == "touchpoint" and {"stage", "lane"} & set(change.fields):
            item.position = _take(positions, item)
            fields.add("position")
    if fields:
        MODELS[kind].objects.bulk_update([change.existing for change in changes], sorted(fields | {"updated_at"}))
    MODELS[kind].objects.filter(pk__in=[change.existing.pk for change in changes]).update(version=F("version") + 1)
    for stage_id, lane_id in left:
        close_gaps(Touchpoint, stage_id=stage_id, lane_id=lane_id)


def _set_links(kind: str, column: str, target: str, plan: ItemsPlan, item_of) -> None:
    changes = [
        change
        for change in plan.changes
        if change.kind == kind
        and column in change.parsed.columns
        and (change.action == "create" or column in change.fields)
    ]
    if not changes:
        return
    manager = getattr(MODELS[kind], "next_touchpoints" if kind == "touchpoint" else "pain_points")
    Through = manager.through
    source_field, target_field = (
        ("from_touchpoint", "to_touchpoint") if kind == "touchpoint" else ("opportunity", "painpoint")
    )
    Through.objects.filter(**{f"{source_field}__in": [change.existing for change in changes]}).delete()
    Through.objects.bulk_create(
        Through(**{source_field: change.existing, target_field: item_of(target, ref)})
        for change in changes
        for ref in dict.fromkeys(change.links)
    )


def _next_positions(journey_map: JourneyMap) -> dict[tuple[int, int], int]:
    rows = Touchpoint.objects.filter(map=journey_map).values("stage_id", "lane_id").annotate(last=Max("position"))
    return defaultdict(int, {(row["stage_id"], row["lane_id"]): row["last"] + 1 for row in rows})


def _take(positions: dict[tuple[int, int], int], touchpoint: Touchpoint) -> int:
    cell = (touchpoint.stage_id, touchpoint.lane_id)
    position = positions[cell]
    positions[cell] += 1
    return position
