"""Two people on one map: an editor's change appears for a colleague without a reload, and a
reviewer's comment reaches the editor as a badge in the grid and a notification."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from maps.models import MapMember, Role
from maps.services import map_create
from tests.browser.conftest import login, report_csp_violations, screenshot
from tests.factories import LaneFactory, StageFactory, TouchpointFactory, UserFactory

pytestmark = pytest.mark.browser


def make_user(username: str):
    user = UserFactory(username=username, email="")
    user.set_password("journeymap")
    user.save()
    return user


@pytest.fixture
def other(browser: Browser, page: Page, live_server) -> Iterator[Page]:
    """Another person, in a browser context of their own, closed before the database is emptied;
    its console errors fail the test too."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    report_csp_violations(context, page.console_errors, prefix="second page: ")
    other = context.new_page()
    other.on("pageerror", lambda error: page.console_errors.append(f"second page: {error.message}"))
    other.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(f"second page: {message.text}"),
    )
    yield other
    context.close()


def test_two_people_see_each_others_work_live(page, other, live_server):
    editor, reviewer = make_user("erin"), make_user("rita")
    journey_map = map_create(owner=editor, title="Bike rental")
    MapMember.objects.create(map=journey_map, user=reviewer, role=Role.REVIEWER)
    stage = StageFactory(map=journey_map, name="Awareness", position=0)
    lane = LaneFactory(map=journey_map, position=0, channel__name="Website")
    touchpoint = TouchpointFactory(stage=stage, lane=lane, position=0, title="Sees a city ad")
    url = f"{live_server.url}{journey_map.get_absolute_url()}"

    login(page, live_server, "erin")
    page.goto(url)
    login(other, live_server, "rita")
    other.goto(url)
    expect(other.get_by_text("Sees a city ad")).to_be_visible()
    # Each sees that the other has the map open.
    expect(page.get_by_test_id("presence")).to_contain_text("rita", timeout=10_000)
    expect(other.get_by_test_id("presence")).to_contain_text("erin", timeout=10_000)

    # The editor renames the card; the reviewer's page shows it without a reload.
    page.locator(f"#touchpoint-{touchpoint.pk}").get_by_role("link", name="Sees a city ad").click()
    page.locator("#dialog [name=title]").fill("Sees a poster at the station")
    page.locator("#dialog").get_by_role("button", name="Save").click()
    other.evaluate("window.__notReloaded = true")
    expect(other.get_by_text("Sees a poster at the station")).to_be_visible(timeout=10_000)
    assert other.evaluate("window.__notReloaded") is True

    # The reviewer comments on the card and mentions the editor.
    other.locator(f"#touchpoint-{touchpoint.pk} .comment-badge").click()
    panel = other.get_by_test_id("comments-panel")
    expect(panel).to_contain_text("Comments on “Sees a poster at the station”")
    panel.locator("textarea[name=body]").first.fill("@erin Which station?\nSee https://example.com/stations")
    panel.get_by_role("button", name="Comment on this item").click()
    expect(panel.locator(".comment__body")).to_contain_text("Which station?")
    expect(panel.get_by_role("link", name="https://example.com/stations")).to_be_visible()
    screenshot(other, "review-reviewer-comments")

    # The editor sees the badge on the card and the notification, still without a reload.
    page.evaluate("window.__notReloaded = true")
    badge = page.locator(f"#touchpoint-{touchpoint.pk}").get_by_test_id("comment-badge")
    expect(badge).to_have_text("💬 1", timeout=10_000)
    expect(page.get_by_test_id("notification-link")).to_contain_text("1", timeout=10_000)
    assert page.evaluate("window.__notReloaded") is True
    screenshot(page, "review-editor-sees-badge")
    badge.click()
    expect(page.get_by_test_id("comments-panel")).to_contain_text("Which station?")
    page.get_by_test_id("notification-link").click()
    expect(page.get_by_test_id("notifications")).to_contain_text("Which station?")
    screenshot(page, "review-editor-notifications")

    # The editor submits for review; the reviewer approves.
    page.goto(url)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_test_id("review-bar")).to_contain_text("In review")
    expect(other.get_by_test_id("review-bar")).to_contain_text("In review", timeout=10_000)
    other.get_by_role("button", name="Approve").click()
    expect(other.get_by_test_id("review-bar")).to_contain_text("Approved")
    screenshot(other, "review-approved")
