"""Channel and lane names in the reader's language."""

import pytest
from django.utils import translation

from charts.analytics import map_analytics
from charts.analytics_figures import coverage_heatmap
from charts.swimlane import swimlane_figure
from maps.forms import LaneAddForm
from maps.selectors import map_grid
from tests.factories import ChannelFactory, JourneyMapFactory, LaneFactory, StageFactory, TouchpointFactory
from touchpoints.models import Channel

pytestmark = pytest.mark.django_db

TRANSLATED = ["ru", "zh-hans", "zh-hant"]


def test_every_library_channel_has_a_name_in_every_other_language():
    library = Channel.objects.all()
    assert len(library) == 23
    for channel in library:
        assert all(channel.names.get(language) for language in TRANSLATED), channel.slug


@pytest.mark.parametrize(
    "language, name",
    [("en", "Physical store"), ("ru", "Физический магазин"), ("zh-hans", "门店"), ("zh-hant", "門市")],
)
def test_a_library_channel_is_named_in_the_active_language(language, name):
    store = Channel.objects.get(slug="physical-store")
    with translation.override(language):
        assert store.display_name == name == str(store)


def test_a_channel_without_a_name_in_the_active_language_keeps_its_own():
    channel = ChannelFactory(name="Pop-up kiosk", names={"ru": "Временный киоск"})
    with translation.override("zh-hans"):
        assert channel.display_name == "Pop-up kiosk"


def test_a_lane_is_named_after_its_channel_in_the_active_language():
    lane = LaneFactory(channel=Channel.objects.get(slug="word-of-mouth"))
    with translation.override("ru"):
        assert str(lane) == "Сарафанное радио"


@pytest.fixture
def small_map():
    journey_map = JourneyMapFactory()
    stage = StageFactory(map=journey_map, position=0)
    lane = LaneFactory(map=journey_map, position=0, channel=Channel.objects.get(slug="website"))
    TouchpointFactory(stage=stage, lane=lane, position=0, title="Reads the page")
    return journey_map


def test_the_swimlane_labels_its_lanes_in_the_active_language(small_map):
    with translation.override("zh-hant"):
        figure = swimlane_figure(map_grid(small_map))
    assert any("網站" in label for label in figure.layout.yaxis.ticktext)


def test_the_coverage_heatmap_labels_its_lanes_in_the_active_language(small_map):
    with translation.override("ru"):
        figure = coverage_heatmap(map_analytics(small_map))
    assert any("Веб-сайт" in label for label in figure.layout.yaxis.ticktext)


@pytest.mark.parametrize("name", ["website", "Веб-сайт", "网站", "網站"])
def test_a_channel_is_found_by_its_name_in_any_language(name):
    assert list(Channel.objects.named(name).values_list("slug", flat=True)) == ["website"]


def test_a_new_lane_may_not_repeat_a_library_channel_under_its_name_in_another_language(cast):
    form = LaneAddForm(
        {"new_channel": "Сарафанное радио", "new_channel_kind": "human"}, journey_map=cast.map, may_add_channels=True
    )
    assert not form.is_valid()
    assert "new_channel" in form.errors
