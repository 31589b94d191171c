"""A picture of the swimlane: asked for with a click, drawn by a worker, offered on the page."""

import pytest
from playwright.sync_api import expect

from charts import rendering
from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.browser


def test_a_click_on_png_shows_the_picture_being_drawn_then_offers_it(page, live_server, cast, monkeypatch, request):
    # A stand-in for Chromium, so that the test shows the page's part (tests/charts/ draw real ones).
    monkeypatch.setattr(rendering.renderer, "render", lambda figure, *, format, scale: b"\x89PNG stand-in")
    login(page, live_server, "viewer", "correct horse battery")
    page.goto(f"{live_server.url}/maps/{cast.map.pk}/swimlane/")
    page.get_by_role("link", name="PNG", exact=True).click()
    ready = page.get_by_test_id("picture-ready")
    expect(ready).to_have_text("Save car-buyer-swimlane.png")
    assert page.url.endswith("/swimlane/"), "the page stays"
    with page.expect_download() as download:
        ready.click()
    assert download.value.suggested_filename == "car-buyer-swimlane.png"
    screenshot(page, request.node.name)
