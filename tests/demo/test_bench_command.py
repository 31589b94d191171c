from io import StringIO

import pytest
from django.core.management import call_command

from demo.management.commands import bench

pytestmark = pytest.mark.django_db


def test_it_reports_every_measure_beside_its_goal_and_floor(monkeypatch):
    monkeypatch.setattr(
        bench, "SIZES", {"stages": 2, "lanes": 2, "touchpoints": 6, "pain_points": 2, "opportunities": 2}
    )
    output = StringIO()
    call_command("bench", runs=1, interaction_rows=300, no_pictures=True, stdout=output)
    text = output.getvalue()
    assert "Map of 2 stages, 2 lanes, 6 touchpoints" in text
    for measure in [
        "bare view (floor of the pages)",
        "grid page",
        "touchpoint edit form, size",
        "touchpoint edit form, time",
        "one-card edit (1 links, a persona), queries",
        "live-update poll, idle",
        "swimlane figure JSON",
        "pandas.read_csv (floor)",
        "interaction log, CSV",
        "interaction log, Excel",
    ]:
        assert measure in text, measure
    poll = next(line for line in text.splitlines() if "live-update poll" in line)
    assert "204, 0 writes" in poll
    assert text.count("x  goal") >= 5  # a ratio to the floor measured in the same run
