import statistics
import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from charts.plotting import figure_json
from charts.swimlane import swimlane_figure
from customer_data.samples import bench_interactions
from demo.loading import load_demo
from demo.synthetic import seed_large_map
from journeymap.lib.queries import real_queries
from maps.models import JourneyMap
from maps.selectors import map_grid

INTERACTION_MAP = "Omnichannel retail: from abandoned cart to repeat purchase"
SIZES = {"stages": 20, "lanes": 12, "touchpoints": 1000, "pain_points": 200, "opportunities": 200}
HTMX = {"HX-Request": "true"}


class Command(BaseCommand):
    help = (
        "Measure the grid page, a one-card edit, the swimlane figure and the interaction-log analysis "
        "on the benchmark map and on one twice as large. Writes maps into the current database: "
        "`make bench` runs it on a throwaway SQLite file."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--runs", type=int, default=7, help="Timed runs per figure; the median is shown.")
        parser.add_argument("--interaction-rows", type=int, default=100_000, help="Rows of the sample interaction log.")

    def handle(self, *args, runs: int, interaction_rows: int, **options) -> None:
        user, _ = get_user_model().objects.get_or_create(username="bench")
        client = Client()
        client.force_login(user)
        for scale in (1, 2):
            sizes = {name: count * scale for name, count in SIZES.items()}
            journey_map = seed_large_map(**sizes, seed=scale, owner=user)
            self.stdout.write(f"\nMap of {', '.join(f'{count} {name}' for name, count in sizes.items())}")
            self.report_grid(client, journey_map, runs)
            self.report_edit(client, journey_map, runs)
            self.report_figure(journey_map, runs)
        load_demo()
        demo_map = JourneyMap.objects.get(title=INTERACTION_MAP)
        self.stdout.write(f"\nInteraction log of {interaction_rows} rows for “{demo_map}” (each in a fresh process)")
        for row in bench_interactions(demo_map, rows=interaction_rows):
            self.stdout.write(f"  {row['name']:<55} {row['seconds']:>7.2f} s  peak {row['peak_mb']:>6.0f} MB")

    def report_grid(self, client: Client, journey_map: JourneyMap, runs: int) -> None:
        url = journey_map.get_absolute_url()
        seconds, queries, size = measure(lambda: client.get(url), runs)
        self.line("grid page", seconds, queries, size)

    def report_edit(self, client: Client, journey_map: JourneyMap, runs: int) -> None:
        touchpoint = journey_map.touchpoints.order_by("pk")[0]
        url = reverse("touchpoints:edit", args=[journey_map.pk, touchpoint.pk])

        def edit():
            touchpoint.refresh_from_db(fields=["version"])
            data = {"title": f"Edited at {time.perf_counter()}", "emotion": 1, "version": touchpoint.version}
            response = client.post(url, data, headers=HTMX)
            assert response.status_code == 200, response.status_code
            return response

        seconds, queries, size = measure(edit, runs)
        self.line("one-card edit (htmx)", seconds, queries, size)

    def report_figure(self, journey_map: JourneyMap, runs: int) -> None:
        grid = map_grid(journey_map)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            payload = figure_json(swimlane_figure(grid))
            timings.append(time.perf_counter() - started)
        self.stdout.write(
            f"  {'swimlane figure (build + JSON)':<32} {statistics.median(timings) * 1000:>8.1f} ms"
            f"  {'':>11}  {len(payload) / 1024:>8.1f} KiB JSON"
        )

    def line(self, name: str, seconds: float, queries: int, size: int) -> None:
        self.stdout.write(f"  {name:<32} {seconds * 1000:>8.1f} ms  {queries:>3} queries  {size / 1024:>8.1f} KiB")


def measure(request: Callable, runs: int) -> tuple[float, int, int]:
    """Median server time of `runs` requests (after one warm-up), its queries and response size."""
    response = request()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as context:
            response = request()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), len(real_queries(context.captured_queries)), len(response.content)
