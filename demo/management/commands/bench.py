import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from charts.plotting import figure_json, with_title
from charts.rendering import RendererMissing, figure_image
from charts.swimlane import swimlane_figure
from customer_data.samples import bench_interactions
from demo.loading import load_demo
from demo.synthetic import seed_large_map
from demo.throughput import edit_throughput
from journeymap.lib.queries import real_queries
from journeymap.lib.startup import settle
from maps.models import JourneyMap
from maps.selectors import map_grid
from personas.models import Persona
from review.live import live_state

INTERACTION_MAP = "Omnichannel retail: from abandoned cart to repeat purchase"
SIZES = {"stages": 20, "lanes": 12, "touchpoints": 1000, "pain_points": 200, "opportunities": 200}
# Twice the map: twice the lanes, so twice the cells, and twice every item.
DOUBLE = {"stages": 20, "lanes": 24, "touchpoints": 2000, "pain_points": 400, "opportunities": 400}
HTMX = {"HX-Request": "true"}
WRITES = ("INSERT", "UPDATE", "DELETE")


@dataclass
class Row:
    """One measure beside its goal and its floor (the same path doing nothing), in one unit."""

    name: str
    goal: str
    value: float
    unit: str
    floor: float | None = None
    note: str = ""

    def line(self) -> str:
        ratio = f"{self.value / self.floor:>6.1f}x" if self.floor else f"{'':>7}"
        floor = f"{self.floor:>9.2f} {self.unit:<3}" if self.floor is not None else f"{'':>13}"
        return f"  {self.name:<44} {self.value:>9.2f} {self.unit:<3} floor {floor} {ratio}  goal {self.goal:<14} {self.note}"


class Command(BaseCommand):
    help = (
        "Measure, on the benchmark map, the grid page, a touchpoint's edit form, a one-card edit, "
        "the live-update poll, the swimlane figure, its PNG and PDF pictures and the interaction-log "
        "analysis, each beside its floor measured in the same run (a bare view through the same "
        "middleware and test client, a trivial figure through the same renderer, pandas.read_csv in "
        "a fresh process). Writes maps into the current database: `make bench` runs it on a "
        "throwaway SQLite file."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--runs", type=int, default=7, help="Timed runs per measure; the median is shown.")
        parser.add_argument("--interaction-rows", type=int, default=100_000, help="Rows of the sample interaction log.")
        parser.add_argument("--no-pictures", action="store_true", help="Leave out the PNG and PDF pictures.")

    def handle(self, *args, runs: int, interaction_rows: int, no_pictures: bool, **options) -> None:
        settle()  # as an app server's process is, once loaded (journeymap/wsgi.py)
        user, _ = get_user_model().objects.get_or_create(username="bench")
        journey_map = seed_large_map(**SIZES, seed=1, owner=user)
        self.stdout.write(f"Map of {', '.join(f'{count} {name}' for name, count in SIZES.items())}")
        with override_settings(ROOT_URLCONF="demo.bench_urls"):
            client = Client()
            client.force_login(user)
            bare = measure(lambda: client.get(reverse("bench-bare"), headers=HTMX), runs)
            self.show(Row("bare view (floor of the pages)", "", bare.ms, "ms", note=f"{bare.queries} queries"))
            for row in page_rows(client, journey_map, runs, bare):
                self.show(row)
            self.show(double_map_row(client, journey_map, runs))
        throughput = edit_throughput(journey_map)
        self.show(
            Row(
                "one-card edit throughput, gunicorn 2 workers",
                "≥ 40% of floor",
                throughput.edits_per_second,
                "r/s",
                throughput.bare_posts_per_second,
                throughput.note,
            )
        )
        self.show(
            Row(
                "  the least edit, by hand, same server",
                "(least possible)",
                throughput.least_edits_per_second,
                "r/s",
                throughput.bare_posts_per_second,
                throughput.least_note,
            )
        )
        for row in figure_rows(journey_map, runs):
            self.show(row)
        if not no_pictures:
            for row in picture_rows(journey_map, max(runs // 2, 3)):
                self.show(row)
        load_demo()
        demo_map = JourneyMap.objects.get(title=INTERACTION_MAP)
        self.stdout.write(f"Interaction log of {interaction_rows} rows for “{demo_map}”, each in a fresh process:")
        for row in log_rows(demo_map, interaction_rows):
            self.show(row)

    def show(self, row: Row) -> None:
        self.stdout.write(row.line())


@dataclass
class Measured:
    ms: float
    queries: int
    kib: float
    writes: int
    status: int


def measure(request: Callable, runs: int) -> Measured:
    """Median server time of `runs` requests (after one warm-up), with the last one's queries,
    writes, size and status."""
    response = request()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as context:
            response = request()
        timings.append(time.perf_counter() - started)
    queries = real_queries(context.captured_queries)
    writes = sum(query.lstrip().upper().startswith(WRITES) for query in queries)
    return Measured(
        statistics.median(timings) * 1000, len(queries), len(response.content) / 1024, writes, response.status_code
    )


def page_rows(client: Client, journey_map: JourneyMap, runs: int, bare: Measured) -> list[Row]:
    grid = measure(lambda: client.get(journey_map.get_absolute_url()), runs)
    linked = journey_map.touchpoints.filter(next_touchpoints__isnull=False).order_by("pk").first()
    if linked is None:  # a map too small to have drawn any link
        linked, following = journey_map.touchpoints.order_by("pk")[:2]
        linked.next_touchpoints.add(following)
    persona = Persona.objects.create(name="Bench persona")
    journey_map.personas.add(persona)
    linked.persona = persona
    linked.save(update_fields=["persona"])
    linked.refresh_from_db(fields=["version"])
    links = list(linked.next_touchpoints.values_list("pk", flat=True))
    url = reverse("touchpoints:edit", args=[journey_map.pk, linked.pk])
    form = measure(lambda: client.get(url, headers=HTMX), runs)

    def edit():
        # Each edit carries the version the last one left (no read of it counted with the edit).
        data = {"title": f"Edited at {time.perf_counter()}", "emotion": 1, "version": linked.version}
        response = client.post(url, data | {"persona": persona.pk, "next_touchpoints": links}, headers=HTMX)
        assert response.status_code == 200, response.status_code
        linked.version += 1
        return response

    edited = measure(edit, runs)
    after_edit = first_load_after(edit, lambda: client.get(journey_map.get_absolute_url()), runs)
    journey_map.refresh_from_db()
    since = live_state(journey_map, journey_map.owner).token
    poll = measure(
        lambda: client.get(reverse("maps:changes", args=[journey_map.pk]), {"since": since}, headers=HTMX), runs
    )
    return [
        Row(
            "grid page",
            "≤ 100 ms, 150x",
            grid.ms,
            "ms",
            bare.ms,
            f"{grid.queries} queries, {grid.kib:.0f} KiB",
        ),
        Row(
            "grid page, first load after an edit",
            "(measured)",
            after_edit,
            "ms",
            bare.ms,
            "the map read again, only the edited card drawn again",
        ),
        Row("touchpoint edit form, size", "≤ 15 KiB", form.kib, "KiB"),
        Row("touchpoint edit form, time", "≤ 30 ms", form.ms, "ms", bare.ms, f"{form.queries} queries"),
        Row(
            f"one-card edit ({len(links)} links, a persona), queries",
            "≤ 8",
            edited.queries,
            "",
            note=f"{edited.ms:.1f} ms; queries counted include the activity line",
        ),
        Row("live-update poll, idle", "204, no write", poll.ms, "ms", bare.ms, f"{poll.status}, {poll.writes} writes"),
    ]


def first_load_after(change: Callable, load: Callable, runs: int) -> float:
    """Median milliseconds of `load` right after each `change` (which is not timed)."""
    timings = []
    for _ in range(runs):
        change()
        started = time.perf_counter()
        load()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def double_map_row(client: Client, large: JourneyMap, runs: int) -> Row:
    """The grid page of a map twice as large, beside the large map's, measured one after the other."""
    double = seed_large_map(**DOUBLE, seed=2, owner=large.owner)
    page = measure(lambda: client.get(large.get_absolute_url()), runs)
    doubled = measure(lambda: client.get(double.get_absolute_url()), runs)
    note = f"{doubled.queries} queries, {doubled.kib:.0f} KiB; floor: the large map's grid page just before"
    return Row("grid page, 2x map", "≤ 2.0x floor", doubled.ms, "ms", page.ms, note)


def figure_rows(journey_map: JourneyMap, runs: int) -> list[Row]:
    grid = map_grid(journey_map)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        payload = figure_json(swimlane_figure(grid))
        timings.append(time.perf_counter() - started)
    size = len(payload.encode()) / 1024
    return [
        Row("swimlane figure JSON", "≤ 300 KiB", size, "KiB"),
        Row("swimlane figure, build + JSON", "(measured)", statistics.median(timings) * 1000, "ms"),
    ]


def picture_rows(journey_map: JourneyMap, runs: int) -> list[Row]:
    """PNG and PDF of the swimlane through the worker's warm renderer, beside a trivial figure
    through the same renderer; the first picture starts the browser and is not counted."""
    figure = with_title(swimlane_figure(map_grid(journey_map)), journey_map.title)
    trivial = go.Figure(go.Scatter(x=[0, 1], y=[0, 1]), layout={"width": 400, "height": 300})
    rows = []
    try:
        for format in ("png", "pdf"):
            floor = timed(lambda: figure_image(trivial, format), runs)  # noqa: B023
            files: list[bytes] = []
            seconds = timed(lambda: files.append(figure_image(figure, format)), runs)  # noqa: B023
            size = f"{len(files[-1]) / 2**20:.1f} MiB"
            if format == "png":  # the width and height of a PNG open its header, after the signature
                size += f", {int.from_bytes(files[-1][16:20])} x {int.from_bytes(files[-1][20:24])} px"
            rows.append(Row(f"{format.upper()} picture, warm", "≤ 1.0 s", seconds, "s", floor, size))
    except RendererMissing as missing:
        rows.append(Row("PNG / PDF pictures", "≤ 1.0 s", 0, "s", note=f"not measured: {missing}"))
    return rows


def timed(work: Callable, runs: int) -> float:
    work()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def log_rows(journey_map: JourneyMap, rows: int) -> list[Row]:
    floor, *analyses, calamine = bench_interactions(journey_map, rows=rows)
    csv = analyses[0]

    def note(row: dict) -> str:
        work = row["seconds"]
        return f"work alone {work:.2f} s ({work / floor['seconds']:.1f}x), peak {row['peak_mb']:.0f} MB"

    # The CSV analysis with its read swapped for calamine's bare parse: no Excel analysis can
    # take less, however it reads the sheet.
    least_excel = csv["process_seconds"] - floor["seconds"] + calamine["seconds"]
    return [
        Row("pandas.read_csv (floor)", "", floor["process_seconds"], "s", note=note(floor)),
        *(
            Row(
                row["name"].split(":")[0],
                "≤ 3x floor",
                row["process_seconds"],
                "s",
                floor["process_seconds"],
                note(row),
            )
            for row in analyses
        ),
        Row(
            "  Excel sheet parsed by calamine alone",
            "(least possible)",
            calamine["process_seconds"],
            "s",
            floor["process_seconds"],
            f"{note(calamine)}; the CSV analysis reading this instead: {least_excel:.2f} s, "
            f"{least_excel / floor['process_seconds']:.1f}x the floor",
        ),
    ]
