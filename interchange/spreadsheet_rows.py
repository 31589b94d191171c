"""Touchpoints, pain points and opportunities read from the rows of an uploaded spreadsheet.

Which header holds which of our columns is guessed (`guess_mapping`) and confirmed by a
person; each row is then validated on its own (`parse_rows`), so that every problem of
the file is reported at once, by sheet, row and column as a spreadsheet program numbers
them. Nothing here reads the map: interchange/spreadsheet_import.py finds what the rows
name and writes them.
"""

import datetime
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import pandas as pd
import pydantic
from django.utils.translation import gettext as _
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from interchange.schema import MAX_LANES, MAX_STAGES, Emotion, Nps, Percent, Score, text
from interchange.spreadsheet_export import IMPORT_COLUMNS, KINDS, SHEETS, restore
from journeymap.lib.files import FileProblem, load_json, normalise_header, suggest
from journeymap.lib.problems import pydantic_reason
from maps.services import MAX_MAP_ITEMS
from touchpoints.models import OpportunityStatus, PainCause, Severity


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
            value = load_json(value) if value.strip() else {}
        except json.JSONDecodeError:
            raise ValueError(_("not valid JSON")) from None
        except FileProblem as problem:  # too deep, or a number too long
            raise ValueError(problem.message) from None
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


# The columns a file must have to hold rows of each kind.
REQUIRED = {
    "touchpoint": ["stage", "lane", "title"],
    "pain_point": ["stage", "title"],
    "opportunity": ["stage", "title"],
}
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
# A spreadsheet brings at most a map's worth of items, and our own CSV export a row for the map
# and for each of its stages and lanes besides.
MAX_SPREADSHEET_ROWS = MAX_MAP_ITEMS + 1 + MAX_STAGES + MAX_LANES


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int  # as a spreadsheet program numbers it: the header is row 1; 0 for the whole file
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:  # about the whole file
            return self.message
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
    data: Any  # the row model of its kind: TouchpointRow, PainPointRow or OpportunityRow
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


def staged_tables(sources: list[Source]) -> dict[str, Any]:
    """The tables the import reads, as JSON data to keep until the import is confirmed."""
    return {
        "tables": [
            {"sheet": source.sheet, "columns": list(source.table.columns), "rows": source.table.to_numpy().tolist()}
            for source in sources
        ]
    }


def sources_of_staged(data: dict[str, Any]) -> list[Source]:
    return sources_of(
        {table["sheet"]: pd.DataFrame(table["rows"], columns=table["columns"], dtype=str) for table in data["tables"]}
    )


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


def _row_message(item: Mapping[str, Any], values: dict[str, str]) -> str:
    column = str(item["loc"][0]) if item["loc"] else ""
    found = values.get(column, "")
    reason = pydantic_reason(item)
    return _("“%(value)s”: %(reason)s") % {"value": found[:60], "reason": reason} if found else reason
