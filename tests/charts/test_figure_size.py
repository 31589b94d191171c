"""The swimlane of the benchmark map travels as a compact document: one trace per emotion,
each point's hover card in its parts, the shared words once per trace."""

import json

import pytest
from django.urls import reverse

from charts.plotting import figure_json
from charts.swimlane import swimlane_figure
from maps.selectors import map_grid

pytestmark = pytest.mark.django_db

SWIMLANE_BYTES = 300 * 1024


def test_the_swimlane_of_the_benchmark_map_stays_under_its_size(large):
    journey_map, _client = large
    document = figure_json(swimlane_figure(map_grid(journey_map)))
    assert len(document.encode()) <= SWIMLANE_BYTES
    figure = json.loads(document)
    touchpoints = [trace for trace in figure["data"] if trace.get("meta") == "touchpoints"]
    assert len(touchpoints) == 5 and sum(len(trace["x"]) for trace in touchpoints) == 1000
    assert all(len(str(x)) <= 6 for trace in figure["data"] for x in trace.get("x", []) if x is not None)


def test_the_page_fetches_the_same_compact_document(large):
    journey_map, client = large
    response = client.get(reverse("maps:swimlane-json", args=[journey_map.pk]))
    assert response.status_code == 200
    assert len(response.content) <= SWIMLANE_BYTES + 2 * 1024
