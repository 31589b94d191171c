"""An interaction log analysed with pandas, and the pain points its figures support.

`analyse` computes, per touchpoint, stage and channel, what the results page shows, with
whole column operations (no Python loop over rows), so 100,000 rows take about a second.
`find_candidates` turns those figures into candidate pain points, each with the
evidence for it; `candidate_text` says what a candidate is about in the current language.
"""

import math
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from customer_data.logs import Log, MapContext, per_distinct
from customer_data.models import CandidateKind, PainPointCandidate
from touchpoints.models import PainCause

# What makes a candidate: enough people, and a figure past these lines.
MIN_SAMPLE = 30
LOW_SATISFACTION = 3.0  # average of 1..5
DROP_OFF_MARGIN = 15.0  # percentage points above the stage's own drop-off
LONG_WAIT_RATIO = 3.0  # times the median wait of the whole log
BOUNCE_SHARE = 40.0  # percent of the customers who made the hand-off
BOUNCE_RATIO = 2.0  # times the share of a typical hand-off: some going back and forth is normal
PATH_STEPS, SANKEY_STEPS, TOP_PATHS = 6, 5, 10


# The analysis


def analyse(log: Log, mapping: dict[str, dict[str, int | None]], context: MapContext) -> dict[str, Any]:
    """Every figure of the results page, as JSON-ready data."""
    frame = _prepared(log, mapping, context)
    used = frame[frame["lane"] >= 0]
    used = used.sort_values(["customer_code", "at"], kind="stable").reset_index(drop=True)
    _add_flow(used, context)
    runs = _channel_runs(used)
    overall_wait = used["wait"].median()
    results: dict[str, Any] = {
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
    """The id each row's name was matched to (-1 for none), looked up once per distinct name."""
    known = {value: pk for value, pk in mapping.items() if pk is not None}
    return per_distinct(values, lambda names: names.map(known).fillna(-1).astype("int64"))


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
    # One reduction per column, called directly: named aggregation costs more than the sums.
    table = pd.DataFrame(
        {
            "volume": grouped.size(),
            "customers": grouped["customer_code"].nunique(),
            "avg_satisfaction": grouped["satisfaction"].mean(),
            "satisfaction_answers": grouped["satisfaction"].count(),
            "csat": grouped["satisfied"].mean(),
            "nps_answers": grouped["nps"].count(),
            "promoters": grouped["promoter"].mean(),
            "detractors": grouped["detractor"].mean(),
            "median_wait": grouped["wait"].median(),
            "waits": grouped["wait"].count(),
            "conversions": grouped["converted"].sum(),
            "revenue": grouped["revenue"].sum(),
        }
    )
    # Going on is a property of the customer, not of each of their rows: count each customer once.
    table["went_on"] = rows[_first_of_each_customer(rows, key)].groupby(key)["went_on"].mean()
    table["csat"] *= 100
    table["nps"] = (table["promoters"] - table["detractors"]) * 100
    table["drop_off"] = (1 - table["went_on"]) * 100
    table["conversion_rate"] = table["conversions"] / table["volume"] * 100
    table["median_wait_hours"] = table["median_wait"] / 3600
    columns = [
        *("volume", "customers", "avg_satisfaction", "satisfaction_answers", "csat", "nps", "nps_answers"),
        *("drop_off", "median_wait_hours", "waits", "conversions", "conversion_rate", "revenue"),
    ]
    known = _known(key, context)
    figures = table.loc[[pk for pk in table.index if pk in known], columns].to_dict("index")
    return [{"id": int(pk), **describe(int(pk)), **_clean(values)} for pk, values in figures.items()]


def _first_of_each_customer(rows: pd.DataFrame, key: str) -> "np.ndarray[Any, np.dtype[np.bool_]]":
    """Whether each row is its customer's first at its value of `key`, as `drop_duplicates` on the
    two columns finds it, hashed as one number per row."""
    customers = rows["customer_code"].to_numpy()
    width = int(customers.max()) + 1 if len(customers) else 1
    pair = rows[key].to_numpy() * width + customers
    return ~pd.Series(pair).duplicated().to_numpy()


def _known(key: str, context: MapContext) -> dict[int, Any]:
    known: dict[str, dict[int, Any]] = {
        "touchpoint": context.touchpoints,
        "stage": context.stages,
        "lane": context.lanes,
    }
    return known[key]


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready numbers: no NaN, whole numbers as int, the rest to two decimals."""
    cleaned: dict[str, float | int | None] = {}
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
    title, description = CANDIDATE_TEXTS[CandidateKind(candidate.kind)]
    values = {key: _number(value) for key, value in candidate.evidence.items()}
    return _(title) % values, _(description) % values


def _number(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.1f}".removesuffix(".0")
    return value
