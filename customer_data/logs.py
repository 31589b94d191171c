"""Customer interaction logs read from a file, and the file's names matched to the map.

A log has one row per interaction: who, when, through which channel, at which
touchpoint or stage, and optionally how satisfied they were, their NPS answer, whether
it converted and for how much. Reading turns the file into typed columns; matching
turns the file's own names for channels, touchpoints and stages into the map's.
`MapContext` is the map as plain data, so that reading, matching and the analysis
(customer_data/analysis.py) can run without the database.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from journeymap.lib.files import MAX_ROWS, FileProblem, normalise_header, read_tables, suggest
from journeymap.lib.text import name_key
from maps.models import JourneyMap
from touchpoints.models import Touchpoint

MAX_LOG_ROWS = MAX_ROWS  # about 500 MB of memory at the peak of an analysis
MAX_DISTINCT_VALUES = 500  # per column: more channels or touchpoints than this means a wrong column
MAX_VALUE_CHARS = 200  # a channel's, touchpoint's or stage's name; each is shown on the matching page
LOG_COLUMNS: dict[str, tuple[str, ...]] = {
    "customer": ("customer_id", "customer", "client_id", "client", "user_id", "visitor_id", "contact_id"),
    "timestamp": ("timestamp", "time", "datetime", "date_time", "date", "event_time", "created_at", "occurred_at"),
    "channel": ("channel", "channel_name", "medium", "source"),
    "touchpoint": ("touchpoint", "touch_point", "touchpoint_title", "interaction", "event"),
    "stage": ("stage", "journey_stage", "phase"),
    "satisfaction": ("satisfaction", "csat", "rating", "satisfaction_score", "csat_score"),
    "nps": ("nps", "nps_score", "nps_answer", "likelihood_to_recommend"),
    "converted": ("converted", "conversion", "is_conversion", "micro_conversion"),
    "revenue": ("revenue", "amount", "order_value", "value"),
}
REQUIRED_COLUMNS = ("customer", "timestamp", "channel")
MATCHED = ("channel", "touchpoint", "stage")  # the columns whose values are matched to the map
DATE_FORMATS = (
    "ISO8601",
    *("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S"),
    *("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y"),
)
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "y", "x"), ("0", "false", "no", "n", "")


# The map, as plain data the analysis can use without the database


@dataclass(frozen=True)
class MapContext:
    lanes: dict[int, str]  # lane id -> channel name, top to bottom
    lane_keys: dict[int, tuple[str, ...]]  # lane id -> spellings that match it (name, slug)
    colours: dict[int, str]  # lane id -> channel colour
    stages: dict[int, tuple[str, int]]  # stage id -> (name, position)
    touchpoints: dict[int, tuple[str, int, int]]  # touchpoint id -> (title, stage id, lane id)

    @classmethod
    def of(cls, journey_map: JourneyMap) -> "MapContext":
        lanes = list(journey_map.lanes.select_related("channel").order_by("position"))
        stages = journey_map.stages.order_by("position").values_list("pk", "name", "position")
        touchpoints = Touchpoint.objects.filter(map=journey_map).order_by(
            "stage__position", "lane__position", "position"
        )
        return cls(
            lanes={lane.pk: lane.channel.name for lane in lanes},
            lane_keys={lane.pk: (lane.channel.name, lane.channel.slug) for lane in lanes},
            colours={lane.pk: lane.channel.colour for lane in lanes},
            stages={pk: (name, position) for pk, name, position in stages},
            touchpoints={
                pk: (title, stage, lane)
                for pk, title, stage, lane in touchpoints.values_list("pk", "title", "stage_id", "lane_id")
            },
        )

    @classmethod
    def from_json(cls, raw: dict[str, dict[str, Any]]) -> "MapContext":
        """The context again from `dataclasses.asdict` written as JSON (whose keys are text)."""
        types = {"lanes": str, "lane_keys": tuple, "colours": str, "stages": tuple, "touchpoints": tuple}
        return cls(
            **{name: {int(pk): convert(value) for pk, value in raw[name].items()} for name, convert in types.items()}
        )

    def stage_name(self, stage_id: int) -> str:
        return self.stages[stage_id][0]

    def touchpoint_label(self, touchpoint_id: int) -> str:
        title, stage, lane = self.touchpoints[touchpoint_id]
        return f"{title} ({self.stage_name(stage)} · {self.lanes.get(lane, '?')})"


# Reading


@dataclass
class Log:
    """The typed columns of an interaction log; `optional` names the optional columns it has."""

    frame: pd.DataFrame
    optional: set[str]

    @property
    def customers(self) -> int:
        return int(self.frame["customer"].nunique())


def read_log(content: bytes) -> Log:
    """The log in a file, or `FileProblem` saying what is wrong with it."""
    return typed_log(log_table(content))


def log_table(content: bytes) -> pd.DataFrame:
    """The columns of a log file that the analysis reads, as text, named as in `LOG_COLUMNS`
    (customer, timestamp, channel...); rows with nothing in them are left out.

    Every column but the timestamp is categorical, its categories in the order the values first
    appear: a log repeats a few thousand customers and a few dozen channels, touchpoints and
    scores in its rows, so each column is hashed once here and all later text work (trimming,
    parsing, matching, counting) is done on its distinct values alone."""
    table = read_tables(content, max_rows=MAX_LOG_ROWS, first_sheet_only=True)[""]
    columns = log_columns(list(table.columns))
    frame = pd.DataFrame(
        {
            column: table[header] if column == "timestamp" else _categories(table[header])
            for column, header in columns.items()
        }
    )
    frame = frame[_filled_rows(frame)]
    if frame.empty:
        raise FileProblem(_("The file has a header row but no interactions."))
    for column in ("customer", *MATCHED):  # names we wrote inert, as in our own sample logs
        if column in frame:
            frame[column] = per_distinct(frame[column], _restored)
    return frame


def _categories(values: pd.Series) -> pd.Series:
    """Text as a categorical column whose categories come in the order of first appearance, as
    `pd.factorize` finds them, so that counting and numbering them keeps the file's order."""
    codes, distinct = pd.factorize(values)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(distinct)), index=values.index)


def _filled_rows(frame: pd.DataFrame) -> "np.ndarray[Any, np.dtype[np.bool_]]":
    """Whether each row has something in at least one column; compared on category codes."""
    filled = np.zeros(len(frame), dtype=bool)
    for _name, values in frame.items():
        if isinstance(values.dtype, pd.CategoricalDtype):
            categories = values.cat.categories
            if "" not in categories:
                return np.ones(len(frame), dtype=bool)
            filled |= values.cat.codes.to_numpy() != categories.get_loc("")
        else:
            filled |= (values != "").to_numpy()
    return filled


def per_distinct(values: pd.Series, transform: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`transform` of `values`, worked out once per distinct value. A log names a few dozen
    channels, touchpoints and scores in a hundred thousand rows: the text work (trimming,
    parsing) is done on those few, and the rows take their results by position. Text stays
    categorical (see `log_table`); numbers and flags come out as plain columns."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        distinct = pd.Series(values.cat.categories)
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        distinct = pd.Series(uniques, dtype=values.dtype)
    done = transform(distinct)
    if isinstance(values.dtype, pd.CategoricalDtype) and isinstance(done.dtype, pd.StringDtype):
        # Two categories may become one ("Email " and "Email"): numbered again, in the same order.
        done_codes, done_distinct = pd.factorize(done)
        categorical = pd.Categorical.from_codes(done_codes[codes], dtype=pd.CategoricalDtype(done_distinct))
        return pd.Series(categorical, index=values.index, name=values.name)
    return pd.Series(done.to_numpy()[codes], index=values.index, name=values.name)


QUOTED_FORMULA = r"'+[=+\-@\t\r]"  # as interchange.spreadsheet_export.neutralise writes them


def _restored(values: pd.Series) -> pd.Series:
    """Names our own exports made inert (interchange.spreadsheet_export.neutralise) as they
    were: one leading apostrophe off. The rule is repeated here rather than imported, so that
    a worker reading a log does not load the export module (openpyxl, the map schema) for it;
    a test holds the two to the same answers."""
    quoted = values.str.match(QUOTED_FORMULA)
    return values.where(~quoted, values.str.slice(1)) if quoted.any() else values


def typed_log(frame: pd.DataFrame) -> Log:
    """The log's columns as the analysis needs them: text trimmed, times, numbers and flags;
    `FileProblem` names the first cells that are none of these."""
    problems: list[str] = []
    typed = {
        "customer": _required_text(frame["customer"], "customer", problems),
        "at": _timestamps(frame["timestamp"], problems),
        "channel": _required_text(frame["channel"], "channel", problems),
    }
    for name in ("touchpoint", "stage"):
        if name in frame:
            typed[name] = per_distinct(frame[name], lambda values: values.str.strip())
    if "satisfaction" in frame:
        typed["satisfaction"] = _numbers(
            frame["satisfaction"], "satisfaction", 1, 5, problems, _("a score from 1 to 5")
        )
    if "nps" in frame:
        typed["nps"] = _numbers(frame["nps"], "nps", 0, 10, problems, _("an answer from 0 to 10"), whole=True)
    if "converted" in frame:
        typed["converted"] = _flags(frame["converted"], problems)
    if "revenue" in frame:
        typed["revenue"] = _numbers(
            frame["revenue"], "revenue", -math.inf, math.inf, problems, _("a number such as 49.90")
        )
    if problems:
        raise FileProblem(_("Some cells cannot be read; nothing was imported."), details=problems[:10])
    return Log(pd.DataFrame(typed, index=frame.index), set(frame.columns) - {"customer", "timestamp", "channel"})


def log_columns(headers: list[str]) -> dict[str, str]:
    """Our column -> the file's header, found by the usual names of each column."""
    by_key = {normalise_header(header): header for header in headers}
    found: dict[str, str] = {}
    for column, names in LOG_COLUMNS.items():
        header = next((by_key[name] for name in names if name in by_key), None)
        if header is not None and header not in found.values():
            found[column] = header
    missing = [column for column in REQUIRED_COLUMNS if column not in found]
    if "touchpoint" not in found and "stage" not in found:
        missing.append("touchpoint / stage")
    if missing:
        raise FileProblem(
            _("The file has no column for: %(missing)s. Its columns are: %(found)s.")
            % {"missing": ", ".join(missing), "found": ", ".join(headers) or _("none")},
            details=[
                _("Accepted names for “%(column)s”: %(names)s")
                % {"column": column, "names": ", ".join(LOG_COLUMNS[column])}
                for column in LOG_COLUMNS
                if column in missing
            ],
        )
    return found


def _where(mask: pd.Series, values: pd.Series, column: str, expected: str) -> list[str]:
    """Messages for the first few rows where `mask` holds; rows counted as a spreadsheet does."""
    rows = values[mask].head(3)
    return [
        _("Row %(row)d, column “%(column)s”: “%(value)s” is not %(expected)s.")
        % {"row": index + 2, "column": column, "value": str(value)[:40], "expected": expected}
        for index, value in rows.items()
    ]


def _required_text(values: pd.Series, column: str, problems: list[str]) -> pd.Series:
    values = per_distinct(values, lambda distinct: distinct.str.strip())
    problems += _where(values == "", values, column, _("filled in"))
    return values


def _timestamps(values: pd.Series, problems: list[str]) -> pd.Series:
    values = values.str.strip()
    best: pd.Series | None = None
    for date_format in DATE_FORMATS:
        parsed = pd.to_datetime(values, format=date_format, errors="coerce", utc=True)
        if parsed.notna().all():
            return parsed
        if best is None or parsed.notna().sum() > best.notna().sum():
            best = parsed
    assert best is not None  # DATE_FORMATS is never empty
    problems += _where(best.isna(), values, "timestamp", _("a date and time such as 2025-03-01 14:30"))
    return best


def _numbers(
    values: pd.Series, column: str, low: float, high: float, problems: list[str], expected: str, *, whole: bool = False
) -> pd.Series:
    values = per_distinct(values, lambda distinct: distinct.str.strip())
    numbers = per_distinct(values, lambda distinct: pd.to_numeric(distinct.str.replace(",", "."), errors="coerce"))
    bad = (values != "") & (
        numbers.isna() | (numbers < low) | (numbers > high) | ((numbers % 1 != 0) if whole else False)
    )
    problems += _where(bad, values, column, expected)
    return numbers.astype(float)


def _flags(values: pd.Series, problems: list[str]) -> pd.Series:
    meaning = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
    flags = per_distinct(values, lambda distinct: distinct.str.strip().str.casefold().map(meaning))
    problems += _where(flags.isna(), values, "converted", _("yes or no"))
    return flags.eq(True)


# Matching the file's names to the map


def found_values(log: Log) -> dict[str, list[tuple[str, int]]]:
    """The distinct channels, touchpoints and stages the log names, most frequent first."""
    values = {}
    for column in MATCHED:
        if column in log.frame:
            counts = _value_counts(log.frame[column])
            if len(counts) > MAX_DISTINCT_VALUES:
                raise FileProblem(
                    _("The column “%(column)s” has more than %(count)d different values; is it the right column?")
                    % {"column": column, "count": MAX_DISTINCT_VALUES}
                )
            if any(len(str(value)) > MAX_VALUE_CHARS for value in counts.index):
                raise FileProblem(
                    _("The column “%(column)s” has a value longer than %(chars)d characters; is it the right column?")
                    % {"column": column, "chars": MAX_VALUE_CHARS}
                )
            values[column] = [(str(value), int(count)) for value, count in counts.items()]
    return values


def _value_counts(values: pd.Series) -> pd.Series:
    """How often each filled-in value occurs, most frequent first, as `value_counts` counts the
    text itself (so that values tied come in the same order): a categorical column is made
    text again for it, once."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = pd.Series(values.cat.categories.take(values.cat.codes.to_numpy()), index=values.index)
    return values[values != ""].value_counts()


def choices_for(column: str, context: MapContext) -> dict[int, tuple[str, ...]]:
    """What a value of `column` can be matched to: id -> the spellings that match it."""
    if column == "channel":
        return context.lane_keys
    if column == "stage":
        return {pk: (name,) for pk, (name, _position) in context.stages.items()}
    return {pk: (title,) for pk, (title, _stage, _lane) in context.touchpoints.items()}


class Match(StrEnum):
    """How a name in the log relates to the map's items."""

    EXACT = "exact"  # spelled as exactly one item, once folded (journeymap.lib.text.name_key)
    SUGGESTED = "suggested"  # no item spelled so; the closest one is a guess for a person to confirm
    AMBIGUOUS = "ambiguous"  # several items are spelled so: nothing is chosen
    UNMATCHED = "unmatched"  # no item is close, or the name has no letters or digits at all


class Matcher:
    """Names of one column matched to the items they mean, compared folded: full-width and
    half-width forms, case, spaces and punctuation aside, letters and digits of every script."""

    def __init__(self, choices: dict[int, tuple[str, ...]]):
        self.choices = choices
        self.by_key: dict[str, set[int]] = {}
        for pk, spellings in choices.items():
            for spelling in spellings:
                if key := name_key(spelling):
                    self.by_key.setdefault(key, set()).add(pk)

    def match(self, value: str) -> tuple[int | None, Match]:
        """The item `value` means, and how sure that is; never a guess for a name that folds
        to nothing or is spelled like several items."""
        key = name_key(value)
        if not key:
            return None, Match.UNMATCHED
        same = self.by_key.get(key, set())
        if len(same) == 1:
            return next(iter(same)), Match.EXACT
        if same:
            return None, Match.AMBIGUOUS
        guess = suggest(key, self.choices, normalise=name_key)
        return guess, Match.UNMATCHED if guess is None else Match.SUGGESTED


def match_values(
    values: dict[str, list[tuple[str, int]]], context: MapContext
) -> dict[str, dict[str, tuple[int | None, Match]]]:
    """Per column, every distinct value of the log with the item it means and how sure that is.
    Names are matched once each (a column has at most `MAX_DISTINCT_VALUES`); the analysis
    then maps whole columns through the result."""
    matched = {}
    for column, counted in values.items():
        matcher = Matcher(choices_for(column, context))
        matched[column] = {value: matcher.match(value) for value, _count in counted}
    return matched


def suggest_mapping(
    values: dict[str, list[tuple[str, int]]], context: MapContext
) -> tuple[dict[str, dict[str, int | None]], bool]:
    """The likely item for every value, and whether a person must confirm some of them
    (a value with no exact match, or a name shared by several items)."""
    matched = match_values(values, context)
    mapping = {column: {value: pk for value, (pk, _how) in found.items()} for column, found in matched.items()}
    unsure = any(how != Match.EXACT for found in matched.values() for _pk, how in found.values())
    return mapping, unsure
