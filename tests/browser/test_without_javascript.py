"""With scripts turned off, a team still reviews, discusses and looks at its map: the review
bar's plain forms, the comments page and the swimlane's picture."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from maps.models import ReviewStatus
from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"  # tests/factories.py


@pytest.fixture
def without_scripts(browser: Browser) -> Iterator[callable]:
    """A browser of its own, scripts off, for each member who takes part."""
    contexts = []

    def open_as(live_server, username: str) -> Page:
        context = browser.new_context(
            java_script_enabled=False, viewport={"width": 1440, "height": 900}, locale="en-US"
        )
        contexts.append(context)
        page = context.new_page()
        login(page, live_server, username, PASSWORD)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_a_team_reviews_and_comments_without_javascript(board, live_server, without_scripts, request):
    journey_map = board.cast.map
    map_url = f"{live_server.url}{journey_map.get_absolute_url()}"
    editor = without_scripts(live_server, "editor")
    reviewer = without_scripts(live_server, "reviewer")

    editor.goto(map_url)
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.get_by_test_id("review-bar")).to_contain_text("In review")

    reviewer.goto(map_url)
    screenshot(reviewer, f"{request.node.name}-in-review")
    reviewer.get_by_label("Note", exact=True).fill("Add the phone lane")
    reviewer.get_by_role("button", name="Request changes").click()
    expect(reviewer.get_by_test_id("review-note")).to_contain_text("Add the phone lane")

    editor.reload()
    expect(editor.get_by_test_id("review-note")).to_contain_text("Add the phone lane")
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.get_by_test_id("review-bar")).to_contain_text("In review")

    reviewer.reload()
    reviewer.get_by_label("Approval note").fill("Ready for the workshop")
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.get_by_test_id("review-note")).to_contain_text("Ready for the workshop")
    journey_map.refresh_from_db()
    assert journey_map.review_status == ReviewStatus.APPROVED
    screenshot(reviewer, f"{request.node.name}-approved")

    # A comment on a touchpoint: its badge leads to the comments page, opened on that item.
    touchpoint = board.touchpoints[0]
    reviewer.locator(f"#touchpoint-{touchpoint.pk}").get_by_role("link", name="Comment").click()
    reviewer.get_by_label("Comment").fill("Which ad, on which site?")
    reviewer.get_by_role("button", name="Comment on this item").click()
    thread = reviewer.locator(".thread").filter(has_text="Which ad, on which site?")
    expect(thread).to_contain_text("On Sees an ad")

    # A comment on the map, from the dock's link on the map page.
    reviewer.goto(map_url)
    reviewer.get_by_test_id("comments-dock").locator("summary").click()
    reviewer.get_by_test_id("comments-page-link").click()
    reviewer.get_by_label("Comment").fill("The purchase stage needs a phone lane too.")
    reviewer.get_by_role("button", name="Comment on the map").click()
    expect(reviewer.locator(".thread").filter(has_text="needs a phone lane")).to_contain_text("On the map")
    expect(reviewer.locator(".thread")).to_have_count(2)

    # The editor replies and resolves the item's thread, on the same page.
    editor.goto(map_url)
    editor.get_by_test_id("comments-dock").locator("summary").click()
    editor.get_by_test_id("comments-page-link").click()
    item_thread = editor.locator(".thread").filter(has_text="Which ad, on which site?")
    item_thread.locator("summary", has_text="Reply").click()
    item_thread.get_by_label("Reply").fill("The search ad on the car portal.")
    item_thread.get_by_role("button", name="Reply").click()
    expect(editor.locator(".thread").filter(has_text="Which ad, on which site?")).to_contain_text("car portal")
    editor.locator(".thread").filter(has_text="Which ad, on which site?").get_by_role("button", name="Resolve").click()
    expect(editor.locator(".thread")).to_have_count(1)
    screenshot(editor, f"{request.node.name}-comments")


def test_the_swimlane_and_the_analytics_show_without_javascript(board, live_server, without_scripts, request):
    viewer = without_scripts(live_server, "viewer")
    viewer.goto(f"{live_server.url}{board.cast.map.get_absolute_url()}")
    viewer.get_by_role("link", name="Swimlane", exact=True).click()
    picture = viewer.get_by_test_id("swimlane-picture")
    expect(picture).to_be_visible(timeout=60_000)
    expect(viewer.get_by_text("Drawing the swimlane…")).to_be_hidden()
    viewer.wait_for_load_state("load")
    assert picture.evaluate("image => image.complete && image.naturalWidth") > 0
    screenshot(viewer, f"{request.node.name}-swimlane")

    # The analytics' charts give way to tables of the same numbers.
    viewer.get_by_role("link", name="Analytics", exact=True).click()
    expect(viewer.get_by_test_id("coverage-table")).to_contain_text("Web shop")
    expect(viewer.get_by_test_id("pain-table")).to_contain_text("All causes")
    expect(viewer.get_by_test_id("coverage")).to_be_hidden()
    screenshot(viewer, f"{request.node.name}-analytics")
