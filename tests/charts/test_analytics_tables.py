"""The analytics page without scripts: its figures as tables, from the same numbers."""

import pytest
from django.urls import reverse

from charts.analytics import map_analytics
from charts.analytics_tables import analytics_tables
from tests.factories import LaneFactory, PainPointFactory, StageFactory, TouchpointFactory
from touchpoints.models import PainCause

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(cast):
    awareness = StageFactory(map=cast.map, name="Awareness", position=0, target_csat=80)
    purchase = StageFactory(map=cast.map, name="Purchase", position=1)
    website = LaneFactory(map=cast.map, position=0, channel__name="Website")
    store = LaneFactory(map=cast.map, position=1, channel__name="Dealership")
    TouchpointFactory(stage=awareness, lane=website, position=0, emotion=1, csat=70)
    TouchpointFactory(stage=awareness, lane=website, position=1, emotion=-1)
    TouchpointFactory(stage=purchase, lane=store, position=0, emotion=2)
    PainPointFactory(stage=purchase, cause=PainCause.PRICE)
    PainPointFactory(stage=purchase, cause=PainCause.PRICE)
    PainPointFactory(stage=awareness, cause=PainCause.INFORMATION)
    return cast


def test_the_coverage_table_counts_each_cell_with_its_average_emotion(measured):
    tables = analytics_tables(map_analytics(measured.map))
    website, store = tables.coverage
    assert [(cell.count, cell.average_emotion) for cell in website.cells] == [(2, 0.0), (0, None)]
    assert [(cell.count, cell.average_emotion) for cell in store.cells] == [(0, None), (1, 2.0)]


def test_the_pain_table_has_a_row_per_cause_found_and_the_totals_per_stage(measured):
    tables = analytics_tables(map_analytics(measured.map))
    assert [(str(row.cause), row.counts) for row in tables.pain] == [("Price", [0, 2]), ("Information", [1, 0])]
    assert tables.pain_totals == [1, 2]


def test_the_kpi_table_keeps_only_the_kpis_with_a_value_or_a_target(measured):
    tables = analytics_tables(map_analytics(measured.map))
    [csat] = tables.kpis
    assert str(csat.label) == "CSAT, %"
    assert [(cell.average, cell.target) for cell in csat.cells] == [(70.0, 80), (None, None)]


def test_the_analytics_page_carries_the_tables_for_a_browser_without_scripts(measured):
    html = measured.client_for("viewer").get(reverse("maps:analytics", args=[measured.map.pk])).text
    for table in ("coverage-table", "pain-table", "kpi-table"):
        start = html.index(f'data-testid="{table}"')
        assert html.rfind("<noscript>", 0, start) > html.rfind("</noscript>", 0, start)
    assert 'id="coverage" class="figure needs-script"' in html
