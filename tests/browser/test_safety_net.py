"""The editor's safety net in a browser: an undo toast that waits while it is read, deletes
brought back from "Recently deleted" after a reload, and a refused save that keeps the typed
text and shows why, in view."""

import pytest
from playwright.sync_api import Page, expect

from maps.item_services import touchpoint_append
from maps.models import Lane, MapMember, Role
from maps.services import lane_append, map_create, stage_append
from tests.browser.conftest import login, screenshot
from tests.factories import UserFactory
from touchpoints.models import Channel, Touchpoint

pytestmark = pytest.mark.browser


def make_user(username: str):
    user = UserFactory(username=username)
    user.set_password("journeymap")
    user.save()
    return user


def email_journey(owner):
    """A map with one stage and two lanes; the Email lane holds two cards."""
    journey_map = map_create(owner=owner, title="Newsletter journey")
    stage = stage_append(journey_map=journey_map, name="Awareness")
    email = lane_append(journey_map=journey_map, channel=Channel.objects.get(slug="email"))
    lane_append(journey_map=journey_map, channel=Channel.objects.get(slug="website"))
    for title in ("Welcome email", "Weekly digest"):
        touchpoint_append(stage=stage, lane=email, title=title)
    return journey_map


def test_the_undo_toast_waits_while_it_is_hovered_and_works_once(page: Page, live_server, request):
    journey_map = email_journey(make_user("olga"))
    login(page, live_server, "olga")
    page.goto(f"{live_server.url}{journey_map.get_absolute_url()}")
    page.get_by_role("link", name="Weekly digest").click()
    page.locator("#dialog").get_by_role("button", name="Delete").click()
    toast = page.locator(".toast--undo")
    expect(toast).to_be_visible()
    toast.hover()
    page.wait_for_timeout(13_000)  # past the toast's own 12 seconds
    expect(toast).to_be_visible()
    screenshot(page, request.node.name)
    page.mouse.move(10, 10)
    page.wait_for_timeout(2_000)  # it stays at least 10 seconds after the pointer left
    expect(toast).to_be_visible()
    page.evaluate("window.samePage = true")
    toast.get_by_role("button", name="Undo").click()
    expect(page.get_by_test_id("grid").get_by_text("Weekly digest")).to_be_visible()
    expect(page.locator(".toast--undo")).to_have_count(0)
    assert page.evaluate("window.samePage === true"), "the undo reloaded the page"
    assert Touchpoint.objects.filter(title="Weekly digest").exists()


def test_opening_a_card_someone_else_deleted_shows_a_notice_not_an_error_page(page: Page, live_server, request):
    journey_map = email_journey(make_user("olga"))
    login(page, live_server, "olga")
    page.goto(f"{live_server.url}{journey_map.get_absolute_url()}")
    Touchpoint.objects.filter(title="Weekly digest").delete()
    page.get_by_role("link", name="Weekly digest").click()
    expect(page.get_by_test_id("notice-toast")).to_contain_text("no longer here")
    expect(page.locator("#dialog")).to_be_hidden()
    expect(page.get_by_test_id("grid")).to_contain_text("Welcome email")
    screenshot(page, request.node.name)
    # Chromium logs every 404 answer on the console; this one is the answer the test asked for.
    page.console_errors[:] = [error for error in page.console_errors if "status of 404" not in error]


def test_a_lane_deleted_with_its_cards_comes_back_from_recently_deleted_after_a_reload(
    page: Page, live_server, request
):
    journey_map = email_journey(make_user("maria"))
    login(page, live_server, "maria")
    page.goto(f"{live_server.url}{journey_map.get_absolute_url()}")
    grid = page.get_by_test_id("grid")
    page.get_by_label("Remove the Email lane").click()
    question = page.locator("#dialog").get_by_test_id("delete-confirmation")
    expect(question).to_contain_text("Delete Lane “Email” and its 2 touchpoints?")
    screenshot(page, f"{request.node.name}-question")
    question.get_by_role("button", name="Delete").click()
    expect(grid.get_by_text("Welcome email")).to_have_count(0)
    expect(page.locator("#dialog")).to_be_hidden()

    page.reload()
    page.get_by_test_id("recently-deleted-link").click()
    panel = page.locator("#dialog").get_by_test_id("recently-deleted")
    expect(panel).to_contain_text("Lane “Email” — 2 touchpoints")
    expect(panel).to_contain_text("deleted by maria")
    screenshot(page, f"{request.node.name}-panel")
    panel.get_by_role("button", name="Bring back").click()
    expect(grid.get_by_text("Welcome email")).to_be_visible()
    expect(grid.get_by_text("Weekly digest")).to_be_visible()
    expect(page.locator("#toasts")).to_contain_text("Lane “Email” is back.")
    screenshot(page, request.node.name)
    assert Lane.objects.filter(map=journey_map).count() == 2


def test_a_stale_save_keeps_the_typed_text_and_shows_why_in_view(page: Page, browser, live_server, request):
    owner, editor = make_user("olga"), make_user("erik")
    journey_map = email_journey(owner)
    MapMember.objects.create(map=journey_map, user=editor, role=Role.EDITOR)
    other = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    for who, tab in (("olga", page), ("erik", other)):
        login(tab, live_server, who)
        tab.goto(f"{live_server.url}{journey_map.get_absolute_url()}")
        tab.get_by_role("link", name="Welcome email").click()
        expect(tab.locator("#dialog")).to_be_visible()

    page.locator("#dialog [name=title]").fill("Welcome email with a discount")
    page.locator("#dialog").get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("grid").get_by_text("Welcome email with a discount")).to_be_visible()

    other.locator("#dialog [name=title]").fill("Welcome email, shorter")
    other.locator("#dialog [name=customer_action]").fill("Opens it on the phone")
    other.locator("#dialog").get_by_role("button", name="Save").click()
    notice = other.locator("#dialog [data-conflict]")
    expect(notice).to_contain_text("Someone else saved this")
    expect(notice).to_be_in_viewport()
    expect(other.locator("#dialog [name=title]")).to_have_value("Welcome email, shorter")
    expect(other.locator("#dialog [name=customer_action]")).to_have_value("Opens it on the phone")
    expect(other.locator("#dialog .conflict__theirs").first).to_have_text("Welcome email with a discount")
    screenshot(other, request.node.name)

    other.locator("#dialog").get_by_role("button", name="Apply my changes again").click()
    expect(other.get_by_test_id("grid").get_by_text("Welcome email, shorter")).to_be_visible()
    other.context.close()
    saved = Touchpoint.objects.get(title="Welcome email, shorter")
    assert saved.customer_action == "Opens it on the phone"
