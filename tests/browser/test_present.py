"""Presenting a map with the keyboard, a stage at a time."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, screenshot
from tests.reports.journeys import STAGES, demo_like_journey

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


def test_the_arrow_keys_move_between_stages_and_keep_the_focus(page, live_server, cast, request):
    journey = demo_like_journey(cast)
    page.set_viewport_size({"width": 1280, "height": 720})
    login(page, live_server, "viewer", PASSWORD)
    page.goto(f"{live_server.url}/maps/{journey.map.pk}/present/")
    deck = page.get_by_test_id("deck")
    expect(page.get_by_role("heading", name=journey.map.title, level=2)).to_be_visible()
    expect(page.get_by_role("button", name="Full screen")).to_be_visible()
    deck.focus()

    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name=STAGES[0], level=2)).to_be_visible()
    expect(page.get_by_role("heading", name=journey.map.title, level=2)).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "deck", "the focus stays on the deck"
    expect(page.locator("[data-slide-status]")).to_have_text(f"2 of 5: {STAGES[0]}")
    assert page.url.endswith("?stage=1")

    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name=STAGES[1], level=2)).to_be_visible()
    expect(page.get_by_text(journey.touchpoints[2].title)).to_be_visible()
    page.keyboard.press("n")
    expect(page.get_by_test_id("notes").filter(has_text="Цель этапа 2")).to_be_visible()
    screenshot(page, f"{request.node.name}-1280x720")

    page.set_viewport_size({"width": 1920, "height": 1080})
    screenshot(page, f"{request.node.name}-1920x1080")

    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("heading", name=STAGES[0], level=2)).to_be_visible()
    page.keyboard.press("End")
    expect(page.get_by_role("heading", name="Action plan", level=2)).to_be_visible()
    expect(page.get_by_role("link", name="Next →")).to_be_hidden()
    screenshot(page, f"{request.node.name}-plan")
    page.keyboard.press("Home")
    expect(page.get_by_role("heading", name=journey.map.title, level=2)).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "deck"


def test_the_previous_and_next_links_work_without_javascript(browser, live_server, cast):
    journey = demo_like_journey(cast)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 720})
    page = context.new_page()
    login(page, live_server, "viewer", PASSWORD)
    page.goto(f"{live_server.url}/maps/{journey.map.pk}/present/")
    page.get_by_role("link", name="Next →").click()
    expect(page.get_by_role("heading", name=STAGES[0], level=2)).to_be_visible()
    assert page.url.endswith("?stage=1")
    page.get_by_role("button", name="Presenter notes").click()
    expect(page.get_by_test_id("notes").filter(has_text="Цель этапа 1")).to_be_visible()
    page.get_by_role("link", name="Next →").click()
    expect(page.get_by_role("heading", name=STAGES[1], level=2)).to_be_visible()
    assert page.url.endswith("?stage=2&notes=1")
    context.close()


def test_the_report_page_draws_the_swimlane_and_offers_the_pdf(page, live_server, cast, monkeypatch, request):
    # A stand-in for the printing, so that the test shows the page's part (tests/reports/ prints real ones).
    monkeypatch.setattr("reports.printing.report_pdf", lambda report: b"%PDF-1.4 stand-in")
    journey = demo_like_journey(cast)
    login(page, live_server, "viewer", PASSWORD)
    page.goto(f"{live_server.url}/maps/{journey.map.pk}/present/")
    page.get_by_role("link", name="Report", exact=True).click()
    expect(page.get_by_role("heading", name=journey.map.title, level=1)).to_be_visible()
    expect(page.get_by_test_id("swimlane").locator(".main-svg").first).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("report-stage")).to_have_count(len(STAGES))
    screenshot(page, request.node.name)
    page.get_by_role("link", name="Download the PDF").click()
    expect(page.get_by_test_id("report-ready")).to_have_text("Save покупатель-автомобиля-汽车买家-report.pdf")
