"""A realistic interaction log for any map, and the benchmark that reads and analyses one.

The sample lets a team try the Customer data page at once (`make_sample_interactions`,
or the page's download link); the benchmark measures the analysis on it.
"""

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings

from customer_data.analysis import analyse, find_candidates
from customer_data.logs import MapContext, found_values, read_log, suggest_mapping
from maps.models import JourneyMap
from touchpoints.models import Touchpoint


def sample_log(
    context: MapContext,
    *,
    customers: int,
    seed: int = 7,
    start: pd.Timestamp | None = None,
    emotions: dict[int, int] | None = None,
    conversions: set[int] | None = None,
) -> pd.DataFrame:
    """A plausible interaction log over the map's stages and channels.

    Customers move stage by stage; at each stage they use one to four touchpoints, mostly in
    their favourite channel. Touchpoints the map marks as unpleasant (`emotions`) get lower
    scores, more customers leaving and longer waits, so the analysis finds what the map
    already suspects; the worst of them sends a third of its customers to a human channel
    and back. One channel is written the way another system might call it, so that the
    matching step has something to ask about.
    """
    rng = np.random.default_rng(seed)
    emotions, conversions = emotions or {}, conversions or set()
    start = start if start is not None else pd.Timestamp("2025-01-06", tz="UTC")
    stage_ids = [pk for pk, _ in sorted(context.stages.items(), key=lambda item: item[1][1])]
    lanes = list(context.lanes)
    if not stage_ids or not lanes:
        raise ValueError("The map needs stages and lanes for a sample log.")
    by_stage = {stage: [pk for pk, (_t, s, _l) in context.touchpoints.items() if s == stage] for stage in stage_ids}
    worst = min(context.touchpoints, key=lambda pk: (emotions.get(pk, 0), pk), default=None)
    human = _human_lane(context, exclude=context.touchpoints[worst][2] if worst else None)

    favourite = rng.integers(0, len(lanes), customers)
    clock = start.value + rng.integers(0, 60 * 86400, customers) * 10**9  # first contact within sixty days
    active = np.arange(customers)
    parts = []
    for stage in stage_ids:
        if len(active) == 0:
            break
        events, clock, active = _stage_events(
            rng, context, stage, by_stage[stage], active, favourite, clock, lanes, emotions, conversions, worst, human
        )
        parts.append(events)
    log = pd.concat(parts, ignore_index=True).sort_values(["timestamp", "customer"], kind="stable")
    labels = _channel_labels(context)
    return pd.DataFrame(
        {
            "customer_id": "C" + log["customer"].astype(str).str.zfill(6),
            "timestamp": pd.to_datetime(log["timestamp"], utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "channel": log["lane"].map(labels),
            "touchpoint": log["touchpoint"]
            .map({pk: title for pk, (title, _s, _l) in context.touchpoints.items()})
            .fillna(""),
            "stage": log["stage"].map({pk: name for pk, (name, _p) in context.stages.items()}),
            "satisfaction": log["satisfaction"].astype("Int64"),
            "nps": log["nps"].astype("Int64"),
            "converted": np.where(log["converted"], "yes", "no"),
            "revenue": log["revenue"].round(2),
        }
    ).reset_index(drop=True)


HUMAN_CHANNELS = ("phone", "customer-service", "chat-messaging", "chatbot", "physical-store", "dealership")


def _human_lane(context: MapContext, *, exclude: int | None) -> int:
    """Where a customer turns when a touchpoint fails them: a person, if the map has one."""
    others = [pk for pk in context.lanes if pk != exclude] or list(context.lanes)
    return next((pk for pk in others if context.lane_keys[pk][1] in HUMAN_CHANNELS), others[0])


def _channel_labels(context: MapContext) -> dict[int, str]:
    """Channel names as the log writes them: one multi-word channel loses its last word."""
    labels = dict(context.lanes)
    for pk, name in context.lanes.items():
        short = name.rsplit(" ", 1)[0].rstrip(" &-") if " " in name else ""
        if short:
            labels[pk] = short
            break
    return labels


def _stage_events(
    rng, context, stage, touchpoints, active, favourite, clock, lanes, emotions, conversions, worst, human
):
    """One stage of the sample: the events of the customers still `active`, their clocks after
    the stage and who goes on to the next stage."""
    visits = np.minimum(1 + rng.poisson(0.8, len(active)), 4)
    customer = np.repeat(active, visits)
    if touchpoints:
        choices = np.array(touchpoints)
        choice_lanes = np.array([context.touchpoints[pk][2] for pk in touchpoints])
        weights = 1 + 5 * (choice_lanes[None, :] == np.array(lanes)[:, None])  # favourite channel first
        cumulative = np.cumsum(weights, axis=1) / weights.sum(axis=1, keepdims=True)
        picked = (rng.random(len(customer))[:, None] > cumulative[favourite[customer]]).sum(axis=1)
        touchpoint, lane = choices[picked], choice_lanes[picked]
    else:
        touchpoint, lane = np.full(len(customer), -1), np.array(lanes)[favourite[customer]]
    emotion = np.array([emotions.get(pk, 0) for pk in touchpoint]) if len(touchpoint) else np.zeros(0)
    hours = 6 * np.where(emotion <= -2, 10, np.where(emotion == -1, 1.5, 1))
    wait_after = rng.exponential(hours * 3600).astype("int64")
    before = pd.Series(wait_after).groupby(customer).cumsum().to_numpy() - wait_after
    at = clock[customer] + before * 10**9
    events = pd.DataFrame(
        {
            "customer": customer,
            "timestamp": at,
            "lane": lane,
            "touchpoint": touchpoint,
            "stage": stage,
            "emotion": emotion,
        }
    )

    if worst is not None:
        sent = events[(events["touchpoint"] == worst) & (rng.random(len(events)) < 0.35)]
        elsewhere = [pk for pk in touchpoints if context.touchpoints[pk][2] == human]
        away = sent.assign(
            lane=human,
            touchpoint=elsewhere[0] if elsewhere else -1,
            emotion=0,
            timestamp=sent["timestamp"] + 3600 * 10**9,
        )
        back = sent.assign(timestamp=sent["timestamp"] + 2 * 3600 * 10**9)
        events = pd.concat([events, away, back], ignore_index=True)

    emotion = events["emotion"].to_numpy()
    size = len(events)
    score = np.clip(np.rint(3.9 + 0.5 * emotion + rng.normal(0, 0.8, size)), 1, 5)
    events["satisfaction"] = np.where(rng.random(size) < 0.4, score, np.nan)
    answer = np.clip(np.rint(7.5 + emotion + rng.normal(0, 1.8, size)), 0, 10)
    events["nps"] = np.where(rng.random(size) < 0.12, answer, np.nan)
    converting = events["touchpoint"].isin(conversions).to_numpy()
    events["converted"] = rng.random(size) < np.where(converting, 0.55, 0.03)
    events["revenue"] = np.where(events["converted"] & converting, rng.lognormal(4.2, 0.5, size), np.nan)

    per_customer = events.groupby("customer").agg(
        last=("timestamp", "max"), mood=("emotion", "mean"), worst=("emotion", "min")
    )
    per_customer = per_customer.reindex(active)
    chance = 0.8 + 0.05 * per_customer["mood"].to_numpy() - 0.3 * (per_customer["worst"].to_numpy() <= -2)
    goes_on = rng.random(len(active)) < chance
    clock = clock.copy()
    clock[active] = per_customer["last"].to_numpy() + rng.exponential(24 * 3600, len(active)).astype("int64") * 10**9
    return events, clock, active[goes_on]


def sample_log_for(journey_map: JourneyMap, *, customers: int, seed: int = 7) -> pd.DataFrame:
    """A sample log for `journey_map`: its unpleasant touchpoints and micro-conversions shape the data."""
    touchpoints = Touchpoint.objects.filter(map=journey_map).values_list("pk", "emotion", "is_micro_conversion")
    return sample_log(
        MapContext.of(journey_map),
        customers=customers,
        seed=seed,
        emotions={pk: emotion for pk, emotion, _micro in touchpoints},
        conversions={pk for pk, _emotion, micro in touchpoints if micro},
    )


# Benchmark


def bench_interactions(journey_map: JourneyMap, *, rows: int = 100_000, seed: int = 7) -> list[dict[str, Any]]:
    """Seconds and peak memory of reading and analysing a sample log of `rows` rows for
    `journey_map`, as CSV and as Excel, beside plain `pandas.read_csv` of the CSV (the floor)
    and calamine's bare parse of the Excel sheet (the least an Excel analysis must spend on
    reading). Each is measured in a fresh Python process, so the peaks are those of a worker
    doing only that."""
    from interchange.spreadsheet_export import write_xlsx_frame  # only here: the measured process imports this module

    context = MapContext.of(journey_map)
    frame = sample_log_for(journey_map, customers=max(rows // 4, 1), seed=seed).head(rows)
    with tempfile.TemporaryDirectory() as folder:
        csv_path, xlsx_path, context_path = (Path(folder) / name for name in ("log.csv", "log.xlsx", "context.json"))
        frame.to_csv(csv_path, index=False)
        xlsx_path.write_bytes(write_xlsx_frame(frame))
        context_path.write_text(json.dumps(dataclasses.asdict(context)))
        analysis = (
            "import django; django.setup(); from customer_data.samples import bench_run",
            "bench_run(PATH, CONTEXT)",
        )
        measured = [
            (
                "pandas.read_csv (floor)",
                csv_path,
                _bench_process("import pandas", "pandas.read_csv(PATH)", csv_path, context_path),
            ),
            (
                "interaction log, CSV: read + match + analyse + candidates",
                csv_path,
                _bench_process(*analysis, csv_path, context_path),
            ),
            (
                "interaction log, Excel: read + match + analyse + candidates",
                xlsx_path,
                _bench_process(*analysis, xlsx_path, context_path),
            ),
            (
                "Excel sheet read by calamine alone: the least any reading of it costs",
                xlsx_path,
                _bench_process(
                    "from python_calamine import CalamineWorkbook",
                    "CalamineWorkbook.from_path(PATH).get_sheet_by_index(0).to_python()",
                    xlsx_path,
                    context_path,
                ),
            ),
        ]
        return [
            {"name": name, "rows": len(frame), "bytes": path.stat().st_size, **figures}
            for name, path, figures in measured
        ]


def _bench_process(setup: str, work: str, log_path: Path, context_path: Path) -> dict[str, float]:
    """Run `setup`, then time `work`, in a new Python process; its peak resident memory counts both."""
    script = "\n".join(
        [
            "import json, time",
            f"PATH, CONTEXT = {str(log_path)!r}, {str(context_path)!r}",
            setup,
            "started = time.perf_counter()",
            work,
            "seconds = time.perf_counter() - started",
            # As `peak_memory_mb`, which the floor's process (pandas alone) cannot import.
            "peak = int(next(line for line in open('/proc/self/status') if line.startswith('VmHWM')).split()[1]) / 1024",
            "print(json.dumps({'seconds': round(seconds, 3), 'peak_mb': round(peak, 1)}))",
        ]
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "journeymap.settings"),
    }
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=settings.BASE_DIR, env=environment
    )
    # The whole process too, start and imports included: what a worker's job costs end to end.
    whole = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"The benchmark process failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1]) | {"process_seconds": round(whole, 3)}


def peak_memory_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: Linux carries that over from the
    parent process across exec, so a process started by a large one reports the parent's peak."""
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM")).split()[1]) / 1024


def bench_run(log_path: str, context_path: str) -> None:
    """The work `bench_interactions` measures: what the background job does, without the database."""
    context = MapContext.from_json(json.loads(Path(context_path).read_text()))
    log = read_log(Path(log_path).read_bytes())
    mapping, _unsure = suggest_mapping(found_values(log), context)
    find_candidates(analyse(log, mapping, context))
