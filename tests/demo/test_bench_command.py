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
    measured = Throughput(
        edits_per_second=30, bare_posts_per_second=300, least_edits_per_second=150, clients=8, seconds=4
    )
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
        "the least edit, by hand, same server",
        "swimlane figure JSON",
        "pandas.read_csv (floor)",
        "interaction log, CSV",
        "interaction log, Excel",
        "Excel sheet parsed by calamine alone",
    ]:
        assert measure in text, measure
    poll = next(line for line in text.splitlines() if "live-update poll" in line)
    assert "204, 0 writes" in poll
    throughput = next(line for line in text.splitlines() if "one-card edit throughput" in line)
    assert "0.1x" in throughput and "10% of a bare POST" in throughput
    least = next(line for line in text.splitlines() if "the least edit" in line)
    assert "50% of a bare POST, 5.0x the app's edit" in least
    calamine = next(line for line in text.splitlines() if "parsed by calamine alone" in line)
    assert "the CSV analysis reading this instead" in calamine
    assert text.count("x  goal") >= 5  # a ratio to the floor measured in the same run
