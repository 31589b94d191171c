"""Customer interaction logs: read them, match them to the map, analyse them with pandas.

A log has one row per interaction: who, when, through which channel, at which
touchpoint or stage, and optionally how satisfied they were, their NPS answer, whether
it converted and for how much. Reading turns the file into typed columns; matching
turns the file's own names for channels, touchpoints and stages into the map's; the
analysis computes, per touchpoint, stage and channel, what the page shows, with whole
column operations (no Python loop over rows), so 100,000 rows take about a second.

The analysis of an upload runs in a thread started after the upload is committed
(`start_job`): the page polls the `InteractionImport` row for progress and the person
can keep working. Figures and candidates are stored on the row and its
`PainPointCandidate`s; nothing in the map changes until someone accepts a candidate
or writes the metrics to the touchpoints.
"""

import html
import logging
import math
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from charts.figures import TEMPLATE, empty_figure
from customer_data.models import CandidateKind, CandidateStatus, ImportStatus, InteractionImport, PainPointCandidate
from interchange.spreadsheets import MAX_ROWS, FileProblem, normalise_header, read_tables, suggest
from maps.models import JourneyMap
from maps.services import lock_map
from touchpoints.models import PainCause, PainPoint, Touchpoint

logger = logging.getLogger("journeymap.interactions")

MAX_LOG_ROWS = MAX_ROWS  # about 500 MB of memory at the peak of an analysis
MAX_DISTINCT_VALUES = 500  # per column: more channels or touchpoints than this means a wrong column
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

# What makes a candidate: enough people, and a figure past these lines.
MIN_SAMPLE = 30
LOW_SATISFACTION = 3.0  # average of 1..5
DROP_OFF_MARGIN = 15.0  # percentage points above the stage's own drop-off
LONG_WAIT_RATIO = 3.0  # times the median wait of the whole log
BOUNCE_SHARE = 40.0  # percent of the customers who made the hand-off
BOUNCE_RATIO = 2.0  # times the share of a typical hand-off: some going back and forth is normal
PATH_STEPS, SANKEY_STEPS, TOP_PATHS = 6, 5, 10


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
    table = read_tables(content, max_rows=MAX_LOG_ROWS, first_sheet_only=True)[""]
    columns = log_columns(list(table.columns))
    frame = table[list(columns.values())].set_axis(list(columns), axis="columns")
    frame = frame[(frame != "").any(axis=1)]
    if frame.empty:
        raise FileProblem(_("The file has a header row but no interactions."))
    problems: list[str] = []
    typed = {
        "customer": _required_text(frame["customer"], "customer", problems),
        "at": _timestamps(frame["timestamp"], problems),
        "channel": _required_text(frame["channel"], "channel", problems),
    }
    for name in ("touchpoint", "stage"):
        if name in frame:
            typed[name] = frame[name].str.strip()
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
    return Log(pd.DataFrame(typed, index=frame.index), set(columns) - {"customer", "timestamp", "channel"})


def log_columns(headers: list[str]) -> dict[str, str]:
    """Our column -> the file's header, found by the usual names of each column."""
    by_key = {normalise_header(header): header for header in headers}
    found = {}
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
    values = values.str.strip()
    problems += _where(values == "", values, column, _("filled in"))
    return values


def _timestamps(values: pd.Series, problems: list[str]) -> pd.Series:
    values = values.str.strip()
    best = None
    for date_format in DATE_FORMATS:
        parsed = pd.to_datetime(values, format=date_format, errors="coerce", utc=True)
        if parsed.notna().all():
            return parsed
        if best is None or parsed.notna().sum() > best.notna().sum():
            best = parsed
    problems += _where(best.isna(), values, "timestamp", _("a date and time such as 2025-03-01 14:30"))
    return best


def _numbers(
    values: pd.Series, column: str, low: float, high: float, problems: list[str], expected: str, *, whole: bool = False
) -> pd.Series:
    values = values.str.strip()
    numbers = pd.to_numeric(values.str.replace(",", ".", regex=False), errors="coerce")
    bad = (values != "") & (
        numbers.isna() | (numbers < low) | (numbers > high) | ((numbers % 1 != 0) if whole else False)
    )
    problems += _where(bad, values, column, expected)
    return numbers.astype(float)


def _flags(values: pd.Series, problems: list[str]) -> pd.Series:
    words = values.str.strip().str.casefold()
    flags = words.map({**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)})
    problems += _where(flags.isna(), values, "converted", _("yes or no"))
    return flags.eq(True)


# Matching the file's names to the map


def found_values(log: Log) -> dict[str, list[tuple[str, int]]]:
    """The distinct channels, touchpoints and stages the log names, most frequent first."""
    values = {}
    for column in MATCHED:
        if column in log.frame:
            counts = log.frame[column][log.frame[column] != ""].value_counts()
            if len(counts) > MAX_DISTINCT_VALUES:
                raise FileProblem(
                    _("The column “%(column)s” has more than %(count)d different values; is it the right column?")
                    % {"column": column, "count": MAX_DISTINCT_VALUES}
                )
            values[column] = [(str(value), int(count)) for value, count in counts.items()]
    return values


def choices_for(column: str, context: MapContext) -> dict[int, tuple[str, ...]]:
    """What a value of `column` can be matched to: id -> the spellings that match it."""
    if column == "channel":
        return context.lane_keys
    if column == "stage":
        return {pk: (name,) for pk, (name, _position) in context.stages.items()}
    return {pk: (title,) for pk, (title, _stage, _lane) in context.touchpoints.items()}


def exact_match(value: str, choices: dict[int, tuple[str, ...]]) -> int | None:
    """The one item spelled like `value` (ignoring case and punctuation), if exactly one is."""
    key = normalise_header(value)
    matches = {
        pk for pk, spellings in choices.items() if any(normalise_header(spelling) == key for spelling in spellings)
    }
    return matches.pop() if len(matches) == 1 else None


def suggest_mapping(
    values: dict[str, list[tuple[str, int]]], context: MapContext
) -> tuple[dict[str, dict[str, int | None]], bool]:
    """The likely item for every value, and whether a person must confirm some of them
    (a value with no exact match, or a name shared by several items)."""
    mapping: dict[str, dict[str, int | None]] = {}
    unsure = False
    for column, counted in values.items():
        choices = choices_for(column, context)
        mapping[column] = {}
        for value, _count in counted:
            exact = exact_match(value, choices)
            unsure = unsure or exact is None
            mapping[column][value] = exact if exact is not None else suggest(value, choices)
    return mapping, unsure


# The analysis


def analyse(log: Log, mapping: dict[str, dict[str, int | None]], context: MapContext) -> dict[str, Any]:
    """Every figure of the results page, as JSON-ready data."""
    frame = _prepared(log, mapping, context)
    used = frame[frame["lane"] >= 0]
    used = used.sort_values(["customer_code", "at"], kind="stable").reset_index(drop=True)
    _add_flow(used, context)
    runs = _channel_runs(used)
    overall_wait = used["wait"].median()
    results = {
        "summary": _summary(log, used, runs, overall_wait),
        "touchpoints": _by(
            used,
            "touchpoint",
            context,
            lambda pk: {
                "title": context.touchpoints[pk][0],
                "stage": context.stage_name(context.touchpoints[pk][1]),
                "stage_id": context.touchpoints[pk][1],
                "lane": context.lanes.get(context.touchpoints[pk][2], ""),
            },
        ),
        "stages": _by(
            used, "stage", context, lambda pk: {"name": context.stage_name(pk), "position": context.stages[pk][1]}
        ),
        "channels": _by(used, "lane", context, lambda pk: {"name": context.lanes[pk], "colour": context.colours[pk]}),
        "transitions": _transitions(runs, context),
        "sankey": _sankey(runs, context),
        "paths": _paths(runs, context),
        "optional": sorted(log.optional),
    }
    results["bounces"], results["summary"]["typical_bounce_share"] = _bounces(runs, context)
    results["stages"].sort(key=lambda row: row["position"])
    results["touchpoints"].sort(key=lambda row: (context.stages[row["stage_id"]][1], -row["volume"]))
    return results


def _codes(values: pd.Series, mapping: dict[str, int | None]) -> pd.Series:
    known = {value: pk for value, pk in mapping.items() if pk is not None}
    return values.map(known).fillna(-1).astype("int64")


def _prepared(log: Log, mapping: dict[str, dict[str, int | None]], context: MapContext) -> pd.DataFrame:
    source = log.frame
    frame = pd.DataFrame(
        {
            "customer_code": pd.factorize(source["customer"])[0],
            "at": source["at"],
            "lane": _codes(source["channel"], mapping.get("channel", {})),
        }
    )
    frame["touchpoint"] = _codes(source["touchpoint"], mapping.get("touchpoint", {})) if "touchpoint" in source else -1
    touchpoint_stage = pd.Series(
        {pk: stage for pk, (_title, stage, _lane) in context.touchpoints.items()}, dtype="int64"
    )
    stage = frame["touchpoint"].map(touchpoint_stage).fillna(-1).astype("int64")
    if "stage" in source:
        named = _codes(source["stage"], mapping.get("stage", {}))
        stage = stage.where(stage >= 0, named)
    frame["stage"] = stage
    positions = pd.Series({pk: position for pk, (_name, position) in context.stages.items()}, dtype="int64")
    frame["stage_position"] = frame["stage"].map(positions).fillna(-1).astype("int64")
    for column in ("satisfaction", "nps", "revenue"):
        frame[column] = source[column] if column in source else np.nan
    frame["converted"] = source["converted"] if "converted" in source else False
    return frame


def _add_flow(frame: pd.DataFrame, context: MapContext) -> None:
    """Per row: the wait until the customer's next interaction, and whether the customer went on
    to a later stage than this row's."""
    same_customer_next = frame["customer_code"].eq(frame["customer_code"].shift(-1))
    wait = (frame["at"].shift(-1) - frame["at"]).dt.total_seconds()
    frame["wait"] = wait.where(same_customer_next)
    furthest = frame.groupby("customer_code")["stage_position"].transform("max")
    last_position = max((position for _name, position in context.stages.values()), default=-1)
    has_later_stage = (frame["stage_position"] >= 0) & (frame["stage_position"] < last_position)
    frame["went_on"] = (furthest > frame["stage_position"]).astype(float).where(has_later_stage)


def _by(frame: pd.DataFrame, key: str, context: MapContext, describe) -> list[dict[str, Any]]:
    """Volume, customers, satisfaction, NPS, drop-off, wait and conversions per value of `key`."""
    rows = frame[frame[key] >= 0]
    if rows.empty:
        return []
    # Floats with NaN for "no answer", so that the means count only the answers.
    satisfied = (rows["satisfaction"] >= 4).astype(float).where(rows["satisfaction"].notna())
    promoter = (rows["nps"] >= 9).astype(float).where(rows["nps"].notna())
    detractor = (rows["nps"] <= 6).astype(float).where(rows["nps"].notna())
    grouped = rows.assign(satisfied=satisfied, promoter=promoter, detractor=detractor).groupby(key)
    table = grouped.agg(
        volume=("customer_code", "size"),
        customers=("customer_code", "nunique"),
        avg_satisfaction=("satisfaction", "mean"),
        satisfaction_answers=("satisfaction", "count"),
        csat=("satisfied", "mean"),
        nps_answers=("nps", "count"),
        promoters=("promoter", "mean"),
        detractors=("detractor", "mean"),
        median_wait=("wait", "median"),
        waits=("wait", "count"),
        conversions=("converted", "sum"),
        revenue=("revenue", "sum"),
    )
    # Going on is a property of the customer, not of each of their rows: count each customer once.
    table["went_on"] = rows.drop_duplicates([key, "customer_code"]).groupby(key)["went_on"].mean()
    table["csat"] *= 100
    table["nps"] = (table["promoters"] - table["detractors"]) * 100
    table["drop_off"] = (1 - table["went_on"]) * 100
    table["conversion_rate"] = table["conversions"] / table["volume"] * 100
    table["median_wait_hours"] = table["median_wait"] / 3600
    columns = [
        *("volume", "customers", "avg_satisfaction", "satisfaction_answers", "csat", "nps", "nps_answers"),
        *("drop_off", "median_wait_hours", "waits", "conversions", "conversion_rate", "revenue"),
    ]
    known = [pk for pk in table.index if pk in _known(key, context)]
    return [{"id": int(pk), **describe(int(pk)), **_clean(table.loc[pk, columns].to_dict())} for pk in known]


def _known(key: str, context: MapContext) -> dict:
    return {"touchpoint": context.touchpoints, "stage": context.stages, "lane": context.lanes}[key]


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready numbers: no NaN, whole numbers as int, the rest to two decimals."""
    cleaned = {}
    for name, value in values.items():
        value = float(value)
        if math.isnan(value):
            cleaned[name] = None
        elif value.is_integer() and name in (
            "volume",
            "customers",
            "satisfaction_answers",
            "nps_answers",
            "waits",
            "conversions",
        ):
            cleaned[name] = int(value)
        else:
            cleaned[name] = round(value, 2)
    return cleaned


def _channel_runs(frame: pd.DataFrame) -> pd.DataFrame:
    """Each customer's path through the channels: consecutive interactions in one channel
    become one step. `step` counts from 0, `next_lane` is -1 at the end of a path."""
    starts = frame["customer_code"].ne(frame["customer_code"].shift()) | frame["lane"].ne(frame["lane"].shift())
    runs = frame.loc[starts, ["customer_code", "lane", "stage"]].reset_index(drop=True)
    runs["step"] = runs.groupby("customer_code").cumcount()
    same_next = runs["customer_code"].eq(runs["customer_code"].shift(-1))
    runs["next_lane"] = runs["lane"].shift(-1).where(same_next, -1).astype("int64")
    same_before = runs["customer_code"].eq(runs["customer_code"].shift(2))
    runs["before_lane"] = runs["lane"].shift(1).where(same_before, -1).astype("int64")
    runs["bounce"] = same_before & runs["lane"].eq(runs["lane"].shift(2))
    return runs


def _summary(log: Log, used: pd.DataFrame, runs: pd.DataFrame, overall_wait: float) -> dict[str, Any]:
    steps = runs.groupby("customer_code").size()
    return {
        "rows": len(log.frame),
        "rows_used": len(used),
        "rows_ignored": len(log.frame) - len(used),
        "rows_without_stage": int((used["stage"] < 0).sum()),
        "customers": int(used["customer_code"].nunique()),
        "first": used["at"].min().isoformat() if len(used) else None,
        "last": used["at"].max().isoformat() if len(used) else None,
        "median_wait_hours": None if pd.isna(overall_wait) else round(float(overall_wait) / 3600, 2),
        "average_switches": round(float((steps - 1).mean()), 2) if len(steps) else 0,
        "multichannel_share": round(float((steps > 1).mean() * 100), 1) if len(steps) else 0,
    }


def _transitions(runs: pd.DataFrame, context: MapContext) -> dict[str, Any]:
    """The channel-to-channel hand-offs: matrix[i][j] customers' steps from lane i to lane j."""
    lanes = list(context.lanes)
    moves = runs[runs["next_lane"] >= 0]
    counts = pd.crosstab(moves["lane"], moves["next_lane"]).reindex(index=lanes, columns=lanes, fill_value=0)
    labels = [context.lanes[pk] for pk in lanes]
    return {
        "labels": labels,
        "rows": [{"label": label, "counts": counts} for label, counts in zip(labels, counts.to_numpy().tolist())],
    }


def _sankey(runs: pd.DataFrame, context: MapContext) -> dict[str, Any]:
    """The flow of the first steps of every path: nodes are (step, channel), links count customers."""
    moves = runs[(runs["next_lane"] >= 0) & (runs["step"] < SANKEY_STEPS - 1)]
    links = moves.groupby(["step", "lane", "next_lane"]).size().reset_index(name="customers")
    nodes = (
        pd.concat(
            [
                links[["step", "lane"]],
                links[["step", "next_lane"]].set_axis(["step", "lane"], axis="columns").assign(step=links["step"] + 1),
            ]
        )
        .drop_duplicates()
        .sort_values(["step", "lane"])
        .reset_index(drop=True)
    )
    index = {(int(step), int(lane)): number for number, (step, lane) in enumerate(nodes.itertuples(index=False))}
    return {
        "nodes": [
            {"step": int(step) + 1, "lane": int(lane), "label": context.lanes[int(lane)]}
            for step, lane in nodes.itertuples(index=False)
        ],
        "source": [index[int(s), int(a)] for s, a in zip(links["step"], links["lane"])],
        "target": [index[int(s) + 1, int(b)] for s, b in zip(links["step"], links["next_lane"])],
        "value": [int(value) for value in links["customers"]],
    }


def _paths(runs: pd.DataFrame, context: MapContext) -> list[dict[str, Any]]:
    """The most common channel paths (their first steps), with how many customers took each."""
    if runs.empty:
        return []
    length = runs.groupby("customer_code").size()
    wide = (
        runs[runs["step"] < PATH_STEPS]
        .pivot(index="customer_code", columns="step", values="lane")
        .fillna(-1)
        .astype("int64")
    )
    wide["more"] = length.reindex(wide.index) > PATH_STEPS
    counts = wide.value_counts().head(TOP_PATHS)
    customers = len(wide)
    return [
        {
            "channels": [context.lanes[lane] for lane in key[:-1] if lane >= 0],
            "more": bool(key[-1]),
            "customers": int(count),
            "share": round(count / customers * 100, 1),
        }
        for key, count in counts.items()
    ]


def _bounces(runs: pd.DataFrame, context: MapContext) -> tuple[list[dict[str, Any]], float]:
    """Customers who went from channel A to B and back to A, per (A, B), against everyone who
    went from A to B, with the stage where it happened most; and the typical share of such
    customers over every hand-off made by enough customers (most hand-offs have none)."""
    moves = runs[runs["next_lane"] >= 0].drop_duplicates(["customer_code", "lane", "next_lane"])
    handoffs = moves.groupby(["lane", "next_lane"]).size().rename_axis(["from_lane", "to_lane"])
    bounces = runs[runs["bounce"]].rename(columns={"lane": "from_lane", "before_lane": "to_lane"})
    # The B step is the row before the return; its stage is where the customer was sent back.
    bounces = bounces.assign(stage=runs["stage"].shift(1)[bounces.index].fillna(-1).astype("int64"))
    customers = (
        bounces.drop_duplicates(["customer_code", "from_lane", "to_lane"]).groupby(["from_lane", "to_lane"]).size()
    )
    shares = (customers.reindex(handoffs.index, fill_value=0) / handoffs * 100)[handoffs >= MIN_SAMPLE]
    typical = float(shares.median()) if len(shares) else 0.0
    where = (
        bounces[bounces["stage"] >= 0]
        .groupby(["from_lane", "to_lane", "stage"])
        .size()
        .reset_index(name="n")
        .sort_values(["n", "stage"], ascending=[False, True])
        .drop_duplicates(["from_lane", "to_lane"])
        .set_index(["from_lane", "to_lane"])["stage"]
    )
    rows = []
    for (from_lane, to_lane), count in customers.sort_values(ascending=False, kind="stable").items():
        made = int(handoffs.get((from_lane, to_lane), 0))
        stage = int(where.get((from_lane, to_lane), -1))
        rows.append(
            {
                "from_lane": int(from_lane),
                "to_lane": int(to_lane),
                "from": context.lanes[int(from_lane)],
                "to": context.lanes[int(to_lane)],
                "customers": int(count),
                "handoffs": made,
                "share": round(count / made * 100, 1) if made else None,
                "stage_id": stage if stage >= 0 else None,
                "stage": context.stage_name(stage) if stage >= 0 else None,
            }
        )
    return rows, round(typical, 1)


# Candidates: the pain points the data supports


def find_candidates(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Candidate pain points with their evidence; each names a stage, and a touchpoint where one is to blame."""
    candidates = []
    stage_drop = {row["id"]: row["drop_off"] for row in results["stages"]}
    overall_wait = results["summary"]["median_wait_hours"]
    for row in results["touchpoints"]:
        subject = {
            "stage_id": row["stage_id"],
            "touchpoint_id": row["id"],
            "touchpoint": row["title"],
            "stage": row["stage"],
            "channel": row["lane"],
        }
        if row["satisfaction_answers"] >= MIN_SAMPLE and row["avg_satisfaction"] < LOW_SATISFACTION:
            candidates.append(
                _candidate(
                    CandidateKind.LOW_SATISFACTION,
                    subject,
                    _severity(LOW_SATISFACTION - row["avg_satisfaction"], (0.5, 1.0, 1.5)),
                    PainCause.OTHER,
                    metric="avg_satisfaction",
                    value=row["avg_satisfaction"],
                    threshold=LOW_SATISFACTION,
                    sample_size=row["satisfaction_answers"],
                    csat=row["csat"],
                )
            )
        stage_share = stage_drop.get(row["stage_id"])
        if (
            row["drop_off"] is not None
            and stage_share is not None
            and row["customers"] >= MIN_SAMPLE
            and row["drop_off"] >= stage_share + DROP_OFF_MARGIN
        ):
            candidates.append(
                _candidate(
                    CandidateKind.HIGH_DROP_OFF,
                    subject,
                    _severity(row["drop_off"] - stage_share, (15, 25, 40)),
                    PainCause.OTHER,
                    metric="drop_off",
                    value=row["drop_off"],
                    threshold=round(stage_share + DROP_OFF_MARGIN, 2),
                    stage_drop_off=stage_share,
                    sample_size=row["customers"],
                )
            )
        if (
            overall_wait
            and row["median_wait_hours"] is not None
            and row["waits"] >= MIN_SAMPLE
            and row["median_wait_hours"] >= LONG_WAIT_RATIO * overall_wait
        ):
            ratio = row["median_wait_hours"] / overall_wait
            candidates.append(
                _candidate(
                    # A long silence after a touchpoint is most often the company being slow to answer.
                    CandidateKind.LONG_WAIT,
                    subject,
                    _severity(ratio, (LONG_WAIT_RATIO, 5, 10)),
                    PainCause.SERVICE,
                    metric="median_wait_hours",
                    value=row["median_wait_hours"],
                    threshold=round(LONG_WAIT_RATIO * overall_wait, 2),
                    overall_median_wait_hours=overall_wait,
                    ratio=round(ratio, 2),
                    sample_size=row["waits"],
                )
            )
    typical = results["summary"]["typical_bounce_share"]
    for row in results["bounces"]:
        share = row["share"] or 0
        if (
            row["stage_id"] is not None
            and row["customers"] >= MIN_SAMPLE
            and share >= max(BOUNCE_SHARE, BOUNCE_RATIO * typical)
        ):
            subject = {
                "stage_id": row["stage_id"],
                "touchpoint_id": None,
                "stage": row["stage"],
                "from": row["from"],
                "to": row["to"],
            }
            candidates.append(
                _candidate(
                    # Customers who come back to where they started did not get what they went for.
                    CandidateKind.BACK_AND_FORTH,
                    subject,
                    _severity(share, (BOUNCE_SHARE, 60, 80)),
                    PainCause.INFORMATION,
                    metric="back_and_forth_share",
                    value=share,
                    threshold=round(max(BOUNCE_SHARE, BOUNCE_RATIO * typical), 2),
                    typical_share=round(typical, 2),
                    customers=row["customers"],
                    sample_size=row["handoffs"],
                )
            )
    return candidates


def _severity(excess: float, steps: tuple[float, float, float]) -> int:
    """Medium past the first step, high past the second, critical past the third."""
    return 2 + sum(int(excess >= step) for step in steps[1:])


def _candidate(kind: str, subject: dict, severity: int, cause: str, **figures) -> dict[str, Any]:
    return {
        "kind": kind,
        "stage_id": subject["stage_id"],
        "touchpoint_id": subject["touchpoint_id"],
        "severity": severity,
        "cause": cause,
        "evidence": {"kind": kind, **{k: v for k, v in subject.items() if not k.endswith("_id")}, **figures},
    }


CANDIDATE_TEXTS = {
    CandidateKind.LOW_SATISFACTION: (
        gettext_noop("Low satisfaction at “%(touchpoint)s”"),
        gettext_noop(
            "Average satisfaction %(value)s of 5 from %(sample_size)s answers (CSAT %(csat)s%%), below %(threshold)s."
        ),
    ),
    CandidateKind.HIGH_DROP_OFF: (
        gettext_noop("Customers stop after “%(touchpoint)s”"),
        gettext_noop(
            "%(value)s%% of the %(sample_size)s customers who reached it went no further in the journey; "
            "the stage loses %(stage_drop_off)s%%."
        ),
    ),
    CandidateKind.LONG_WAIT: (
        gettext_noop("Long wait after “%(touchpoint)s”"),
        gettext_noop(
            "The next interaction comes a median %(value)s hours later, %(ratio)s times the %(overall_median_wait_hours)s "
            "hours of the whole journey (%(sample_size)s waits)."
        ),
    ),
    CandidateKind.BACK_AND_FORTH: (
        gettext_noop("Back and forth between %(from)s and %(to)s"),
        gettext_noop(
            "%(customers)s customers (%(value)s%% of the %(sample_size)s who went from %(from)s to %(to)s) came back "
            "to %(from)s, mostly at the stage “%(stage)s”."
        ),
    ),
}


def candidate_text(candidate: PainPointCandidate) -> tuple[str, str]:
    """The title and description of a candidate, in the current language."""
    title, description = CANDIDATE_TEXTS[candidate.kind]
    values = {key: _number(value) for key, value in candidate.evidence.items()}
    return _(title) % values, _(description) % values


def _number(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.1f}".removesuffix(".0")
    return value


# The job: reading and analysing outside the request


def start_job(import_id: int) -> None:
    """Run the import's next step in a thread, once the transaction that queued it is committed
    (the thread reads the row through its own connection)."""
    transaction.on_commit(
        lambda: threading.Thread(
            target=_in_thread, args=(import_id,), name=f"interactions-{import_id}", daemon=True
        ).start()
    )


def _in_thread(import_id: int) -> None:
    try:
        run_job(import_id)
    finally:
        # The thread's own database connection; Django closes a request's at its end, not a thread's.
        connection.close()


def run_job(import_id: int) -> None:
    """Read, match and analyse one import, as far as it can go without a person."""
    try:
        job = InteractionImport.objects.select_related("map").get(pk=import_id)
        with translation.override(job.language):
            _run(job)
    except FileProblem as problem:
        _finish(import_id, ImportStatus.FAILED, problem.text)
    except Exception:
        logger.exception("Interaction import %s failed", import_id)
        with translation.override(
            InteractionImport.objects.filter(pk=import_id).values_list("language", flat=True).first()
        ):
            _finish(
                import_id, ImportStatus.FAILED, _("The file could not be analysed because of an error on the server.")
            )


def _run(job: InteractionImport) -> None:
    _progress(job, 5, _("Reading the file"))
    log = read_log(bytes(job.content))
    context = MapContext.of(job.map)
    if job.status == ImportStatus.READING:
        _progress(job, 35, _("Matching channels and touchpoints"))
        job.values = found_values(log)
        job.mapping, unsure = suggest_mapping(job.values, context)
        job.row_count, job.customer_count = len(log.frame), log.customers
        if unsure:
            job.status, job.progress, job.message = ImportStatus.NEEDS_MAPPING, 40, ""
            job.save(
                update_fields=[
                    "values",
                    "mapping",
                    "row_count",
                    "customer_count",
                    "status",
                    "progress",
                    "message",
                    "updated_at",
                ]
            )
            return
        job.save(update_fields=["values", "mapping", "row_count", "customer_count", "updated_at"])
    _progress(job, 60, _("Analysing the interactions"))
    results = analyse(log, job.mapping, context)
    _progress(job, 90, _("Looking for pain points"))
    save_results(job, results)


@transaction.atomic
def save_results(job: InteractionImport, results: dict[str, Any]) -> None:
    """The analysis stored on the import, and its candidates in place of the earlier open ones;
    a candidate someone already accepted or dismissed does not come back."""
    job.candidates.filter(status=CandidateStatus.OPEN).delete()
    decided = {
        _subject(candidate.kind, candidate.stage_id, candidate.touchpoint_id, candidate.evidence)
        for candidate in job.candidates.all()
    }
    PainPointCandidate.objects.bulk_create(
        PainPointCandidate(interaction_import=job, **candidate)
        for candidate in find_candidates(results)
        if _subject(candidate["kind"], candidate["stage_id"], candidate["touchpoint_id"], candidate["evidence"])
        not in decided
    )
    job.results, job.status, job.progress, job.message = results, ImportStatus.DONE, 100, ""
    job.finished_at = timezone.now()
    job.save(update_fields=["results", "status", "progress", "message", "finished_at", "updated_at"])


def _subject(kind: str, stage_id: int, touchpoint_id: int | None, evidence: dict) -> tuple:
    """What a candidate is about, whatever its figures."""
    return kind, stage_id, touchpoint_id, evidence.get("from"), evidence.get("to")


def _progress(job: InteractionImport, percent: int, message: str) -> None:
    job.progress, job.message = percent, message
    InteractionImport.objects.filter(pk=job.pk).update(progress=percent, message=message, updated_at=timezone.now())


def _finish(import_id: int, status: str, message: str) -> None:
    InteractionImport.objects.filter(pk=import_id).update(
        status=status, message=message, progress=100, finished_at=timezone.now(), updated_at=timezone.now()
    )


# Writes that follow a person's decision


def interaction_import_create(*, journey_map: JourneyMap, user, file_name: str, content: bytes) -> InteractionImport:
    """A new import of `content`, read and analysed in the background."""
    job = InteractionImport.objects.create(
        map=journey_map,
        uploaded_by=user,
        file_name=file_name[:255],
        content=content,
        language=translation.get_language(),
    )
    start_job(job.pk)
    return job


def mapping_confirm(*, job: InteractionImport, mapping: dict[str, dict[str, int | None]]) -> None:
    """Analyse again with the mapping a person confirmed."""
    job.mapping, job.status, job.progress, job.message = mapping, ImportStatus.ANALYSING, 0, ""
    job.language = translation.get_language()
    job.save(update_fields=["mapping", "status", "progress", "message", "language", "updated_at"])
    start_job(job.pk)


def import_log(*, journey_map: JourneyMap, file_name: str, content: bytes, user=None) -> InteractionImport:
    """Read, match and analyse a log at once, for scripts and the command line: every name is
    matched to its likeliest item, names with no likely item are left out. Raises
    `FileProblem` before anything is stored."""
    log = read_log(content)
    context = MapContext.of(journey_map)
    values = found_values(log)
    mapping, _unsure = suggest_mapping(values, context)
    results = analyse(log, mapping, context)
    job = InteractionImport.objects.create(
        map=journey_map,
        uploaded_by=user,
        file_name=file_name[:255],
        content=content,
        language=translation.get_language(),
        status=ImportStatus.ANALYSING,
        values=values,
        mapping=mapping,
        row_count=len(log.frame),
        customer_count=log.customers,
    )
    save_results(job, results)
    return job


class AlreadyDecided(Exception):
    """Someone accepted or dismissed the candidate first."""


@transaction.atomic
def candidate_accept(*, candidate: PainPointCandidate, user) -> PainPoint:
    """The candidate becomes a pain point of the map; its evidence goes with it."""
    job = candidate.interaction_import
    lock_map(job.map_id)
    if not PainPointCandidate.objects.filter(pk=candidate.pk, status=CandidateStatus.OPEN).update(
        status=CandidateStatus.ACCEPTED, decided_by=user, decided_at=timezone.now()
    ):
        raise AlreadyDecided
    title, description = candidate_text(candidate)
    source = {
        "interaction_import": job.pk,
        "file": job.file_name,
        "candidate": candidate.pk,
        "analysed_at": job.finished_at.isoformat() if job.finished_at else None,
    }
    pain_point = PainPoint.objects.create(
        map_id=job.map_id,
        stage_id=candidate.stage_id,
        touchpoint_id=candidate.touchpoint_id,
        title=title[:160],
        description=description,
        severity=candidate.severity,
        cause=candidate.cause,
        evidence={**candidate.evidence, "source": source},
    )
    PainPointCandidate.objects.filter(pk=candidate.pk).update(pain_point=pain_point)
    return pain_point


def candidate_dismiss(*, candidate: PainPointCandidate, user) -> None:
    if not PainPointCandidate.objects.filter(pk=candidate.pk, status=CandidateStatus.OPEN).update(
        status=CandidateStatus.DISMISSED, decided_by=user, decided_at=timezone.now()
    ):
        raise AlreadyDecided


@transaction.atomic
def touchpoint_metrics_apply(*, job: InteractionImport) -> int:
    """CSAT, NPS and conversion rate from the analysis written to the map's touchpoints; returns
    how many touchpoints changed. Figures the log has no answers for are left as they are."""
    lock_map(job.map_id)
    rows = {row["id"]: row for row in job.results.get("touchpoints", [])}
    touchpoints = list(Touchpoint.objects.filter(map_id=job.map_id, pk__in=rows))
    has_conversions = "converted" in job.results.get("optional", [])
    for touchpoint in touchpoints:
        row = rows[touchpoint.pk]
        if row["satisfaction_answers"]:
            touchpoint.csat = row["csat"]
        if row["nps_answers"]:
            touchpoint.nps = round(row["nps"])
        if has_conversions:
            touchpoint.conversion_rate = row["conversion_rate"]
    if touchpoints:
        Touchpoint.objects.bulk_update(touchpoints, ["csat", "nps", "conversion_rate", "updated_at"])
        Touchpoint.objects.filter(pk__in=[touchpoint.pk for touchpoint in touchpoints]).update(version=F("version") + 1)
    InteractionImport.objects.filter(pk=job.pk).update(metrics_applied_at=timezone.now())
    return len(touchpoints)


STUCK_AFTER = timedelta(minutes=10)


def seems_stuck(job: InteractionImport) -> bool:
    """A job that has not moved for a long time: its process was probably stopped."""
    return job.is_running and timezone.now() - job.updated_at > STUCK_AFTER


# What the results page shows


@dataclass(frozen=True)
class CandidateView:
    candidate: PainPointCandidate
    title: str
    description: str


def candidate_views(candidates) -> list[CandidateView]:
    return [CandidateView(candidate, *candidate_text(candidate)) for candidate in candidates]


def sankey_figure(results: dict[str, Any]) -> go.Figure:
    """The omnichannel flow: how customers move between channels over their first steps."""
    sankey = results.get("sankey") or {}
    if not sankey.get("value"):
        return empty_figure(_("No customer used more than one channel."))
    step = _("Step %(number)s")
    nodes = sankey["nodes"]
    return go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                # Plotly reads a little HTML in labels: channel names are escaped.
                "label": [html.escape(node["label"], quote=False) for node in nodes],
                "customdata": [step % {"number": node["step"]} for node in nodes],
                "hovertemplate": "%{label}<br>%{customdata}<br>%{value} " + _("customers") + "<extra></extra>",
                "pad": 14,
                "thickness": 14,
                "color": [_lane_colour(results, node["lane"]) for node in nodes],
            },
            link={
                "source": sankey["source"],
                "target": sankey["target"],
                "value": sankey["value"],
                "color": "rgba(79, 70, 229, 0.18)",
                "hovertemplate": "%{source.label} → %{target.label}<br>%{value} " + _("customers") + "<extra></extra>",
            },
        ),
        layout={"template": TEMPLATE, "height": 460, "margin": {"l": 16, "r": 16, "t": 16, "b": 16}},
    )


def _lane_colour(results: dict[str, Any], lane: int) -> str:
    return next((row.get("colour") or "#64748b" for row in results.get("channels", []) if row["id"] == lane), "#64748b")
