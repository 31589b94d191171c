"""A map as spreadsheets: its items as tables, written as CSV or Excel, and the template.

Export flattens the interchange document (interchange/documents.py) into one table per
item kind: an Excel workbook with a sheet per kind, or one CSV table with a `kind`
column. Items carry their database id in the `id` column, so that a file edited and
brought back updates the items it came from (interchange/spreadsheet_rows.py reads it).

Any text a spreadsheet program could take for a formula is written with a leading
apostrophe, and `restore` takes the apostrophe off again on import.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import openpyxl
import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from interchange.documents import map_document
from interchange.schema import MapDoc
from maps.models import JourneyMap
from touchpoints.models import OpportunityStatus, PainCause, Severity

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
    sheets: dict[str, tuple[list[str], Iterable[Iterable[Any]]]] = {
        SHEETS[kind]: (COLUMNS[kind], [[row.get(column) for column in COLUMNS[kind]] for row in rows])
        for kind, rows in tables.items()
    }
    if help_rows:
        sheets[_("help")] = ([_("column"), _("meaning")], help_rows)
    return workbook(sheets)


def write_csv_frame(frame: pd.DataFrame) -> bytes:
    """A long table (an interaction log) as CSV, its text made inert like every file we write."""
    inert = frame.copy()
    for column in inert.columns:
        if not pd.api.types.is_numeric_dtype(inert[column]):
            inert[column] = inert[column].map(neutralise, na_action="ignore")
    return inert.to_csv(index=False).encode()


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


def workbook(sheets: Mapping[str, tuple[list[str], Iterable[Iterable[Any]]]]) -> bytes:
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
