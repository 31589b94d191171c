from io import StringIO

import pytest
from django.core.management import call_command

from demo.management.commands import bench
from demo.throughput import Throughput

pytestmark = pytest.mark.django_db


def test_it_reports_every_measure_beside_its_goal_and_floor(monkeypatch):
    monkeypatch.setattr(
        bench, "SIZES", {"stages": 2, "lanes": 2, "touchpoints": 6, "pain_points": 2, "opportunities": 2}
    )
    monkeypatch.setattr(
        bench, "DOUBLE", {"stages": 2, "lanes": 4, "touchpoints": 12, "pain_points": 4, "opportunities": 4}
    )
    # gunicorn cannot see the test's database: tests/demo/test_throughput.py runs that measure.
    measured = Throughput(edits_per_second=30, bare_posts_per_second=300, clients=8, seconds=4)
    monkeypatch.setattr(bench, "edit_throughput", lambda journey_map: measured)
    output = StringIO()
    call_command("bench", runs=1, interaction_rows=300, no_pictures=True, stdout=output)
    text = output.getvalue()
    assert "Map of 2 stages, 2 lanes, 6 touchpoints" in text
    for measure in [
        "bare view (floor of the pages)",
        "grid page",
        "grid page, 2x map",
        "grid page, first load after an edit",
        "touchpoint edit form, size",
        "touchpoint edit form, time",
        "one-card edit (1 links, a persona), queries",
        "live-update poll, idle",
        "one-card edit throughput, gunicorn 2 workers",
        "swimlane figure JSON",
        "pandas.read_csv (floor)",
        "interaction log, CSV",
        "interaction log, Excel",
    ]:
        assert measure in text, measure
    poll = next(line for line in text.splitlines() if "live-update poll" in line)
    assert "204, 0 writes" in poll
    throughput = next(line for line in text.splitlines() if "one-card edit throughput" in line)
    assert "0.1x" in throughput and "10% of a bare POST" in throughput
    assert text.count("x  goal") >= 5  # a ratio to the floor measured in the same run
