"""The language switch in a browser: the choice submits itself, the map reads in Russian, and
plotly.js's own toolbar speaks the page's language."""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import Profile
from tests.browser.conftest import login, screenshot
from tests.factories import JourneyMapFactory, LaneFactory, StageFactory, TouchpointFactory, UserFactory
from tests.journeymap.test_languages import compiled_catalogues  # noqa: F401

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


@pytest.fixture
def journey_map(db, settings, compiled_catalogues):  # noqa: F811
    """Olga's map, written in Russian, served with the catalogues as they stand."""
    settings.LOCALE_PATHS = [compiled_catalogues]
    journey_map = JourneyMapFactory(title="Покупка автомобиля", owner=UserFactory(username="olga"))
    stages = [
        StageFactory(map=journey_map, name=name, position=i) for i, name in enumerate(["Осведомлённость", "Покупка"])
    ]
    lanes = [
        LaneFactory(map=journey_map, position=i, channel__name=name, channel__slug=slug)
        for i, (name, slug) in enumerate([("Сайт", "sajt"), ("Салон", "salon")])
    ]
    TouchpointFactory(stage=stages[0], lane=lanes[0], title="Видит рекламу", emotion=1)
    TouchpointFactory(stage=stages[0], lane=lanes[1], title="Читает отзывы", emotion=-2)
    TouchpointFactory(stage=stages[1], lane=lanes[1], title="Платит в салоне", emotion=2)
    return journey_map


def test_choosing_a_language_in_the_header_switches_the_page_and_the_profile(
    page: Page, live_server, journey_map
) -> None:
    login(page, live_server, "olga", PASSWORD)
    page.goto(live_server.url + journey_map.get_absolute_url())

    with page.expect_navigation():
        page.select_option("#language-switch", "ru")

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("#language-switch")).to_have_value("ru")
    assert Profile.objects.get(user=journey_map.owner).language == "ru"
    # Both stages' averages are dots of the curve: their coordinates survived the decimal comma.
    expect(page.locator(".emotion-curve__dot")).to_have_count(2)
    screenshot(page, "map-ru")


def test_plotlys_toolbar_speaks_the_pages_language(page: Page, live_server, journey_map) -> None:
    Profile.objects.create(user=journey_map.owner, language="ru")
    login(page, live_server, "olga", PASSWORD)

    page.goto(live_server.url + reverse("maps:swimlane", args=[journey_map.pk]))
    expect(page.locator("[data-figures]")).to_have_attribute("data-state", "drawn", timeout=15_000)

    words = json.loads(page.locator("#figure-locale").get_attribute("data-locale") or "{}")["dictionary"]
    expect(page.locator(".modebar-btn[data-title]").first).to_have_attribute(
        "data-title", words["Download plot as a PNG"]
    )
