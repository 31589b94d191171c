from io import StringIO

import pytest
from django.core.management import call_command

from demo.management.commands import bench

pytestmark = pytest.mark.django_db


def test_it_reports_every_figure_for_both_map_sizes(monkeypatch):
    monkeypatch.setattr(
        bench, "SIZES", {"stages": 2, "lanes": 2, "touchpoints": 6, "pain_points": 2, "opportunities": 2}
    )
    output = StringIO()
    call_command("bench", runs=1, interaction_rows=300, stdout=output)
    text = output.getvalue()
    assert "Map of 2 stages, 2 lanes, 6 touchpoints" in text and "Map of 4 stages, 4 lanes, 12 touchpoints" in text
    for figure in [
        "grid page",
        "one-card edit (htmx)",
        "swimlane figure",
        "pandas.read_csv (floor)",
        "interaction log",
    ]:
        assert text.count(figure) >= 1, figure
    assert "queries" in text and "KiB" in text and "peak" in text
