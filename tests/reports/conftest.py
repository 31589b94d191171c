"""The demo-like map of tests/reports/journeys.py, as a fixture."""

import pytest

from tests.reports.journeys import Journey, demo_like_journey


@pytest.fixture
def journey(cast) -> Journey:
    return demo_like_journey(cast)
