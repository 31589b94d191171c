"""The grid editor with the keyboard alone: the skip link, one tab stop for the grid and the
arrow keys in it, the focus after each save, move and delete, the live region that says what
happened, Ctrl+Z for the last delete; and the comment badge, which opens its own item's
threads however often it is clicked."""

import pytest
from playwright.sync_api import Page, expect

from maps.item_services import touchpoint_append
from maps.models import Comment
from maps.services import lane_append, map_create, stage_append
from tests.browser.conftest import login, screenshot
from tests.factories import UserFactory
from touchpoints.models import Channel, Touchpoint

pytestmark = pytest.mark.browser

FOCUSED_CARD = "document.activeElement.closest('.card-tp')?.id ?? ''"
FOCUSED_CELL_ADD = "document.activeElement.matches('.cell-add') ? document.activeElement.closest('td').id : ''"


@pytest.fixture
def journey(live_server):
    """Two stages, two lanes; "Sees an ad" and "Reads reviews" in Awareness / Email."""
    owner = UserFactory(username="kira")
    owner.set_password("journeymap")
    owner.save()
    journey_map = map_create(owner=owner, title="Keyboard map")
    awareness = stage_append(journey_map=journey_map, name="Awareness")
    purchase = stage_append(journey_map=journey_map, name="Purchase")
    email = lane_append(journey_map=journey_map, channel=Channel.objects.get(slug="email"))
    sms = lane_append(journey_map=journey_map, channel=Channel.objects.get(slug="sms"))
    cards = [touchpoint_append(stage=awareness, lane=email, title=title) for title in ("Sees an ad", "Reads reviews")]
    return {"map": journey_map, "stages": (awareness, purchase), "lanes": (email, sms), "cards": cards, "owner": owner}


def open_map(page: Page, live_server, journey) -> None:
    login(page, live_server, "kira")
    page.goto(f"{live_server.url}{journey['map'].get_absolute_url()}")


def tab_to(page: Page, selector: str, *, limit: int = 80) -> int:
    """Press Tab until the focus is on `selector`; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return presses
    raise AssertionError(f"{selector} not reached in {limit} Tabs")


def announced(page: Page):
    return expect(page.locator("#announcer"))


def test_the_skip_link_comes_first_and_lands_on_the_grid(page, live_server, journey, request):
    open_map(page, live_server, journey)
    page.keyboard.press("Tab")
    skip = page.locator("[data-skip-to-grid]")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to grid")
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the skip link shows while it has the focus"
    screenshot(page, request.node.name)
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED_CARD) == f"touchpoint-{journey['cards'][0].pk}"


def test_the_grid_is_one_tab_stop_and_the_arrows_move_inside_it(page, live_server, journey):
    first, second = journey["cards"]
    (awareness, purchase), (email, sms) = journey["stages"], journey["lanes"]
    open_map(page, live_server, journey)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED_CARD) == f"touchpoint-{first.pk}"
    # The only tab stops in the cells are the current card's title and its own controls.
    tab_stops_elsewhere = page.evaluate(
        """[...document.querySelectorAll('td.grid__cell[data-lane] :is(a[href], button)')]
             .filter(e => e.tabIndex >= 0 && !e.closest('#' + document.activeElement.closest('.card-tp').id))
             .length"""
    )
    assert tab_stops_elsewhere == 0

    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED_CARD) == f"touchpoint-{second.pk}"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED_CELL_ADD) == f"cell-{awareness.pk}-{email.pk}"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED_CELL_ADD) == f"cell-{awareness.pk}-{sms.pk}"
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED_CELL_ADD) == f"cell-{purchase.pk}-{sms.pk}"
    page.keyboard.press("Home")  # the lane's header comes first in its row
    assert page.evaluate("document.activeElement.closest('th')?.parentElement.id") == f"lane-{sms.pk}"
    page.keyboard.press("End")
    assert page.evaluate(FOCUSED_CELL_ADD) == f"cell-{purchase.pk}-{sms.pk}"
    # The stage headers and the lane headers are in the same grid, above and left of the cells.
    page.keyboard.press("Control+Home")
    expect(page.locator(f"#stage-{awareness.pk} .stage-name")).to_be_focused()
    page.keyboard.press("ArrowUp")  # the edge of the grid: the focus stays
    expect(page.locator(f"#stage-{awareness.pk} .stage-name")).to_be_focused()
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED_CARD) == f"touchpoint-{first.pk}"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("document.activeElement.closest('tr').id") == f"lane-{email.pk}"
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED_CARD) == f"touchpoint-{first.pk}"

    # Leaving and coming back with Tab lands where the arrows left off.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_CARD) == f"touchpoint-{second.pk}"


def test_the_keyboard_alone_adds_edits_moves_and_deletes_a_touchpoint(page, live_server, journey, request):
    first, second = journey["cards"]
    (awareness, purchase), (email, sms) = journey["stages"], journey["lanes"]
    open_map(page, live_server, journey)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    # Add: "+" of Purchase / SMS, Enter, type, Enter.
    page.keyboard.press("Control+End")
    assert page.evaluate(FOCUSED_CELL_ADD) == f"cell-{purchase.pk}-{sms.pk}"
    page.keyboard.press("Enter")
    expect(page.locator("#dialog [name=title]")).to_be_focused()
    page.keyboard.type("Gets a reminder")
    page.keyboard.press("Enter")
    expect(page.locator("#dialog")).to_be_hidden()
    added = Touchpoint.objects.get(title="Gets a reminder")
    expect(page.locator(f"#touchpoint-{added.pk} .card-tp__title")).to_be_focused()
    announced(page).to_have_text("Touchpoint “Gets a reminder” added to Purchase / SMS.")

    # Edit: Enter opens the card's form; after the save the card has the focus again.
    page.keyboard.press("Control+Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    title = page.locator("#dialog [name=title]")
    expect(title).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("Sees a poster")
    page.keyboard.press("Enter")
    expect(page.locator(f"#touchpoint-{first.pk} .card-tp__title")).to_have_text("Sees a poster")
    expect(page.locator(f"#touchpoint-{first.pk} .card-tp__title")).to_be_focused()
    announced(page).to_have_text("Touchpoint “Sees a poster” saved.")

    # Move: the "Move to…" form, reached with Tab; the moved card keeps the focus.
    page.keyboard.press("Enter")
    expect(title).to_be_focused()
    tab_to(page, "#dialog .move-form [name=stage]")
    page.keyboard.press("ArrowDown")  # Purchase
    tab_to(page, "#dialog .move-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(f"#cell-{purchase.pk}-{email.pk} #touchpoint-{first.pk}")).to_be_visible()
    expect(page.locator(f"#touchpoint-{first.pk} .card-tp__title")).to_be_focused()
    announced(page).to_have_text("Touchpoint “Sees a poster” moved to Purchase / Email.")
    first.refresh_from_db()
    assert first.stage_id == purchase.pk

    # Delete the card that is now alone in Awareness / Email: the focus goes to the cell's "+";
    # Ctrl+Z brings the card back, and the focus with it.
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(FOCUSED_CARD) == f"touchpoint-{second.pk}"
    page.keyboard.press("Enter")
    expect(title).to_be_focused()
    tab_to(page, "#dialog .delete-form button")
    page.keyboard.press("Enter")
    expect(page.locator(f"#touchpoint-{second.pk}")).to_have_count(0)
    # The focus moves once the swap has settled, a moment after the card is gone.
    expect(page.locator(f"#cell-{awareness.pk}-{email.pk} .cell-add")).to_be_focused()
    expect(page.locator(".toast--undo")).to_contain_text("Touchpoint “Reads reviews” was deleted.")
    screenshot(page, request.node.name + "-deleted")
    page.keyboard.press("Control+z")
    expect(page.locator(f"#touchpoint-{second.pk} .card-tp__title")).to_be_focused()
    assert Touchpoint.objects.filter(pk=second.pk).exists()


def test_a_delete_hands_the_focus_to_the_next_card_of_the_cell(page, live_server, journey):
    first, second = journey["cards"]
    open_map(page, live_server, journey)
    page.locator(f"#touchpoint-{first.pk} .card-tp__title").click()
    page.locator("#dialog").get_by_role("button", name="Delete").click()
    expect(page.locator(f"#touchpoint-{first.pk}")).to_have_count(0)
    # The focus moves once the swap has settled, a moment after the card is gone.
    expect(page.locator(f"#touchpoint-{second.pk} .card-tp__title")).to_be_focused()


def test_closing_the_dialog_gives_the_focus_back_to_what_opened_it(page, live_server, journey):
    first = journey["cards"][0]
    open_map(page, live_server, journey)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    expect(page.locator("#dialog [name=title]")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#dialog")).to_be_hidden()
    expect(page.locator(f"#touchpoint-{first.pk} .card-tp__title")).to_be_focused()


def test_question_mark_opens_the_keyboard_help(page, live_server, journey, request):
    open_map(page, live_server, journey)
    help_ = page.get_by_test_id("keyboard-help")
    expect(help_.locator("dl")).to_be_hidden()
    page.keyboard.press("?")
    expect(help_.locator("dl")).to_be_visible()
    expect(help_).to_contain_text("Ctrl")
    screenshot(page, request.node.name)
    page.keyboard.press("?")
    expect(help_.locator("dl")).to_be_hidden()


def test_the_focus_ring_is_a_solid_three_pixel_outline(page, live_server, journey):
    open_map(page, live_server, journey)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; })()"
    )
    # The accent, #4f46e5: 6.3:1 against white.
    assert outline == ["solid", "3px", "rgb(79, 70, 229)"]


def test_a_comment_badge_opens_its_own_items_threads_every_time(page, live_server, journey, request):
    first, second = journey["cards"]
    owner = journey["owner"]
    Comment.objects.create(map=journey["map"], author=owner, body="About the whole map")
    for card in (first, second):
        Comment.objects.create(map=journey["map"], author=owner, touchpoint=card, body=f"About {card.title}")
    open_map(page, live_server, journey)
    dock = page.get_by_test_id("comments-dock")
    heading = page.locator("#comments-panel h2")
    for click in range(50):
        card = (first, second)[click % 2]
        page.locator(f"#touchpoint-{card.pk}").get_by_test_id("comment-badge").click()
        expect(heading).to_have_text(f"Comments on “{card.title}”")
        expect(page.locator("#comments-panel .comment__body")).to_have_text([f"About {card.title}"])
        dock.locator(":scope > summary").click()
        expect(page.locator("#comments-dock[open]")).to_have_count(0)
    screenshot(page, request.node.name)
