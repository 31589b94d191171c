"""The grid editor as a marketer uses it: build a map, move cards, edit, undo, and meet
a colleague's newer version without losing anything."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import Page, expect

from maps.models import MapMember, Role
from maps.services import map_create
from tests.browser.conftest import login, screenshot
from tests.factories import UserFactory
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.browser


def make_user(username: str):
    user = UserFactory(username=username)
    user.set_password("journeymap")
    user.save()
    return user


def save_dialog(page: Page) -> None:
    page.locator("#dialog").get_by_role("button", name="Save").click()


def add_via_dialog(page: Page, link, **fields) -> None:
    link.click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    for name, value in fields.items():
        field = dialog.locator(f"[name={name}]")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    save_dialog(page)
    expect(dialog).to_be_hidden()


def test_a_marketer_builds_a_map_from_scratch_and_rearranges_it(page, live_server, request):
    # She may add a channel to the library on the spot (maps/access.py).
    make_user("maria").user_permissions.add(Permission.objects.get(codename="add_channel"))
    login(page, live_server, "maria")
    page.goto(f"{live_server.url}/maps/new/")
    page.fill("input[name=title]", "Weekend bike rental")
    page.get_by_role("button", name="Create map").click()
    expect(page.get_by_text("This map is empty")).to_be_visible()

    add_via_dialog(page, page.get_by_role("link", name="Add the first stage"), name="Awareness")
    add_via_dialog(page, page.get_by_role("link", name="＋ Stage"), name="Booking")
    add_via_dialog(page, page.get_by_role("link", name="＋ Lane"), channel="Website")
    add_via_dialog(page, page.get_by_role("link", name="＋ Lane"), new_channel="Rental kiosk")
    grid = page.get_by_test_id("grid")
    expect(grid.get_by_text("Rental kiosk")).to_be_visible()

    add_via_dialog(page, page.get_by_label("Add a touchpoint to Awareness on Website"), title="Sees a city ad")
    add_via_dialog(page, page.get_by_label("Add a touchpoint to Awareness on Website"), title="Reads reviews")
    expect(page.locator("#touchpoint-" + str(Touchpoint.objects.get(title="Reads reviews").pk))).to_be_visible()

    # Invalid input: the form comes back with the error in place.
    page.get_by_label("Add a touchpoint to Booking on Rental kiosk").click()
    save_dialog(page)
    expect(page.locator("#dialog").get_by_text("This field is required.")).to_be_visible()
    page.locator("#dialog").get_by_role("link", name="Cancel").click()

    # Drag a card to another cell; after a reload it is still there.
    card = Touchpoint.objects.get(title="Sees a city ad")
    target = page.locator(
        f"#cell-{Touchpoint.objects.get(title='Reads reviews').stage_id + 1}-{card.lane_id + 1} .cell-cards"
    )
    page.locator(f"#touchpoint-{card.pk}").drag_to(target)
    expect(target.get_by_text("Sees a city ad")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.reload()
    expect(page.locator(f"#cell-{card.stage_id + 1}-{card.lane_id + 1}").get_by_text("Sees a city ad")).to_be_visible()
    card.refresh_from_db()
    assert (card.stage.name, card.lane.channel.name, card.position) == ("Booking", "Rental kiosk", 0)
    assert Touchpoint.objects.get(title="Reads reviews").position == 0

    # Edit in place: the card changes, the emotion curve follows.
    page.get_by_role("link", name="Reads reviews").click()
    page.locator("#dialog [name=title]").fill("Reads rider reviews")
    page.locator("#dialog").get_by_label("Very positive").check()
    save_dialog(page)
    expect(grid.get_by_text("Reads rider reviews")).to_be_visible()
    expect(page.locator("#emotion-row .emotion-values")).to_contain_text("2.0")

    # Delete, then undo.
    page.get_by_role("link", name="Reads rider reviews").click()
    page.locator("#dialog").get_by_role("button", name="Delete").click()
    expect(grid.get_by_text("Reads rider reviews")).to_have_count(0)
    page.locator(".toast--undo").get_by_role("button", name="Undo").click()
    expect(grid.get_by_text("Reads rider reviews")).to_be_visible()
    screenshot(page, request.node.name)


def test_a_stale_edit_shows_the_colleagues_version_and_overwrites_nothing(page, browser, live_server, request):
    owner, editor = make_user("olga"), make_user("erik")
    journey_map = map_create(owner=owner, title="Shared map")
    MapMember.objects.create(map=journey_map, user=editor, role=Role.EDITOR)
    from maps.item_services import touchpoint_append
    from maps.services import lane_append, stage_append
    from touchpoints.models import Channel

    stage = stage_append(journey_map=journey_map, name="Awareness")
    lane = lane_append(journey_map=journey_map, channel=Channel.objects.get(slug="email"))
    touchpoint = touchpoint_append(stage=stage, lane=lane, title="Welcome email")

    other = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    for who, tab in (("olga", page), ("erik", other)):
        login(tab, live_server, who)
        tab.goto(f"{live_server.url}{journey_map.get_absolute_url()}")
        tab.get_by_role("link", name="Welcome email").click()
        expect(tab.locator("#dialog")).to_be_visible()

    page.locator("#dialog [name=title]").fill("Welcome email with a discount")
    save_dialog(page)
    expect(page.get_by_test_id("grid").get_by_text("Welcome email with a discount")).to_be_visible()

    other.locator("#dialog [name=title]").fill("Welcome email, shorter")
    save_dialog(other)
    expect(other.locator("#dialog .notice--stale")).to_contain_text("Someone else saved this")
    expect(other.locator("#dialog .conflict__theirs")).to_have_text("Welcome email with a discount")
    expect(other.locator("#dialog [name=title]")).to_have_value("Welcome email, shorter")
    screenshot(other, request.node.name)
    other.context.close()
    touchpoint.refresh_from_db()
    assert touchpoint.title == "Welcome email with a discount"


def test_the_grid_works_without_javascript(browser, live_server, request):
    make_user("nadia")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    login(page, live_server, "nadia")
    page.goto(f"{live_server.url}/maps/new/")
    page.fill("input[name=title]", "Paper catalogue")
    page.get_by_role("button", name="Create map").click()

    page.get_by_role("link", name="Add the first stage").click()
    page.fill("input[name=name]", "Browse")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="＋ Stage").click()
    page.fill("input[name=name]", "Order")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="＋ Lane").click()
    page.select_option("select[name=channel]", label="Catalog & mail")
    page.get_by_role("button", name="Save").click()

    page.get_by_label("Add a touchpoint to Browse on Catalog & mail").click()
    page.fill("input[name=title]", "Leafs through the catalogue")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("grid").get_by_text("Leafs through the catalogue")).to_be_visible()

    # The keyboard's "Move to…" form is the drag and drop of a page without scripts.
    page.get_by_role("link", name="Leafs through the catalogue").click()
    page.select_option("select[name=stage]", label="Order")
    page.get_by_role("button", name="Move").click()
    order_cell = page.locator("td.grid__cell").nth(1)
    expect(order_cell.get_by_text("Leafs through the catalogue")).to_be_visible()
    assert Touchpoint.objects.get().stage.name == "Order"

    page.get_by_role("link", name="Leafs through the catalogue").click()
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_test_id("grid").get_by_text("Leafs through the catalogue")).to_have_count(0)
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_test_id("grid").get_by_text("Leafs through the catalogue")).to_be_visible()
    screenshot(page, request.node.name)
    context.close()


def test_an_own_edit_does_not_make_the_live_poll_fetch_the_grid_again(page, live_server):
    owner = make_user("petra")
    journey_map = map_create(owner=owner, title="Quiet map")
    from maps.item_services import touchpoint_append
    from maps.services import lane_append, stage_append
    from touchpoints.models import Channel

    stage = stage_append(journey_map=journey_map, name="Awareness")
    lane = lane_append(journey_map=journey_map, channel=Channel.objects.get(slug="sms"))
    touchpoint_append(stage=stage, lane=lane, title="Reminder text")
    login(page, live_server, "petra")
    page.goto(f"{live_server.url}{journey_map.get_absolute_url()}")
    grid_fetches = []
    page.on("request", lambda req: grid_fetches.append(req.url) if req.url.endswith("/grid/") else None)

    page.get_by_role("link", name="Reminder text").click()
    page.locator("#dialog [name=title]").fill("Reminder text with a link")
    save_dialog(page)
    expect(page.get_by_test_id("grid").get_by_text("Reminder text with a link")).to_be_visible()
    page.wait_for_timeout(4000)  # more than one poll
    assert grid_fetches == []
