"""Reading the grid in a browser: zoom levels, connectors between linked touchpoints,
renaming a title in place, and a phone-sized window."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from maps.models import JourneyMap
from tests.browser.conftest import SCREENSHOTS, login, screenshot
from tests.factories import JourneyMapFactory, LaneFactory, StageFactory
from touchpoints.models import Touchpoint

DEMO_MAP = "Car buyer: from TV ad to recommendation"

# With the grid scrolled up under the top bar: the cards whose whole box is in view.
VISIBLE_CARDS = """() => {
  const scroller = document.querySelector("[data-grid-scroll]");
  window.scrollTo(0, scroller.getBoundingClientRect().top + window.scrollY - 60);
  const frame = scroller.getBoundingClientRect();
  const bottom = Math.min(frame.bottom, window.innerHeight);
  return [...document.querySelectorAll("#grid .card-tp")].filter((card) => {
    const box = card.getBoundingClientRect();
    return box.width > 0 && box.left >= frame.left && box.right <= frame.right
      && box.top >= frame.top && box.bottom <= bottom;
  }).length;
}"""


@pytest.fixture
def demo(db) -> JourneyMap:
    call_command("load_demo", stdout=StringIO())
    return JourneyMap.objects.get(title=DEMO_MAP)


def choose_zoom(page: Page, label: str) -> None:
    with page.expect_response(lambda response: response.url.endswith("/account/grid-view/")):
        page.get_by_role("radio", name=label).check()


@pytest.mark.browser
def test_zoom_levels_change_how_much_of_the_map_is_in_view(page: Page, live_server, demo):
    login(page, live_server, "marketer")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    seen = {}
    for zoom, label in (("compact", "Compact"), ("normal", "Normal"), ("detailed", "Detailed")):
        choose_zoom(page, label)
        expect(page.locator("[data-grid-view]")).to_have_class(f"grid-view grid-view--{zoom}")
        seen[zoom] = page.evaluate(VISIBLE_CARDS)
        page.locator("[data-grid-scroll]").screenshot(path=str(SCREENSHOTS / f"grid-{zoom}.png"))
        screenshot(page, f"grid-{zoom}-page")
    print("cards in view at 1440x900:", seen, "of", demo.touchpoints.count())
    assert seen["compact"] > seen["normal"] > seen["detailed"] >= 1, seen
    # Kept with the account: the next visit opens at the last zoom chosen.
    page.reload()
    expect(page.locator("[data-grid-view]")).to_have_class("grid-view grid-view--detailed")


@pytest.mark.browser
def test_fit_scales_the_whole_grid_to_the_window(page: Page, live_server, demo):
    login(page, live_server, "marketer")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.get_by_role("button", name="Fit").click()
    overflow = page.evaluate("""() => { const s = document.querySelector("[data-grid-scroll]");
        return s.scrollWidth - s.clientWidth; }""")
    assert overflow <= 2


@pytest.mark.browser
def test_stage_details_show_as_rows_of_the_grid(page: Page, live_server, demo):
    login(page, live_server, "marketer")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    rows = page.get_by_test_id("stage-rows")
    expect(rows).to_be_hidden()
    with page.expect_response(lambda response: response.url.endswith("/account/grid-view/")):
        page.get_by_label("Show stage details as rows").check()
    expect(rows).to_be_visible()
    expect(rows.get_by_role("rowheader", name="Customer goal")).to_be_visible()
    page.locator("[data-grid-scroll]").screenshot(path=str(SCREENSHOTS / "grid-stage-rows.png"))


@pytest.mark.browser
def test_connectors_are_drawn_for_linked_touchpoints(page: Page, live_server, demo):
    links = Touchpoint.next_touchpoints.through.objects.filter(from_touchpoint__map=demo).count()
    assert links, "the demo map links its touchpoints"
    login(page, live_server, "marketer")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    expect(page.locator("svg.connectors path.connector")).to_have_count(links)
    # They never take a click meant for a card.
    assert page.evaluate("getComputedStyle(document.querySelector('svg.connectors')).pointerEvents") == "none"
    # A swap of the grid draws them again.
    choose_zoom(page, "Compact")
    expect(page.locator("svg.connectors path.connector")).to_have_count(links)


@pytest.mark.browser
def test_a_title_is_renamed_in_place_with_enter(page: Page, live_server, demo):
    touchpoint = demo.touchpoints.order_by("stage__position", "lane__position", "position").first()
    login(page, live_server, "marketer")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    card = page.locator(f"#touchpoint-{touchpoint.pk}")
    card.hover()
    card.locator("[data-rename]").click()
    field = card.get_by_role("textbox")
    expect(field).to_be_focused()
    field.fill("Sees the TV ad twice")
    with page.expect_response(lambda response: response.url.endswith("/rename/")):
        field.press("Enter")
    expect(page.locator(f"#touchpoint-{touchpoint.pk} .card-tp__title")).to_have_text("Sees the TV ad twice")
    touchpoint.refresh_from_db()
    assert touchpoint.title == "Sees the TV ad twice"
    # Escape leaves the title as it was, without asking the server.
    page.locator(f"#touchpoint-{touchpoint.pk} .card-tp__title").focus()
    page.keyboard.press("F2")
    page.keyboard.type("Something else")
    page.keyboard.press("Escape")
    expect(page.locator(f"#touchpoint-{touchpoint.pk} .card-tp__title")).to_have_text("Sees the TV ad twice")


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(390, 844), (768, 1024), (1024, 768)])
def test_a_phone_or_tablet_shows_the_map_without_sideways_overflow(page: Page, live_server, demo, width, height):
    page.set_viewport_size({"width": width, "height": height})
    login(page, live_server, "marketer")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    expect(page.get_by_test_id("grid")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The grid scrolls inside its own box instead.
    assert page.evaluate(
        "(() => { const s = document.querySelector('[data-grid-scroll]'); return s.scrollWidth > s.clientWidth; })()"
    )
    screenshot(page, f"grid-{width}px")


@pytest.mark.browser
def test_the_comments_button_does_not_cover_the_grid(page: Page, live_server, demo):
    login(page, live_server, "marketer")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    button = page.get_by_test_id("comments-dock").locator("summary").bounding_box()
    grid = page.locator("[data-grid-scroll]").bounding_box()
    assert button and grid
    assert button["y"] + button["height"] <= grid["y"] or button["y"] >= grid["y"] + grid["height"]


@pytest.mark.browser
def test_the_emotion_is_picked_by_its_face(page: Page, live_server, demo):
    touchpoint = demo.touchpoints.exclude(emotion=2).order_by("pk").first()
    login(page, live_server, "marketer")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.locator(f"#touchpoint-{touchpoint.pk} .card-tp__title").click()
    dialog = page.locator("#dialog")
    faces = dialog.get_by_role("radio")
    expect(faces).to_have_count(5)
    dialog.get_by_role("radio", name="Very positive").check()
    screenshot(page, "emotion-picker")
    with page.expect_response(lambda response: response.url.endswith("/edit/")):
        dialog.get_by_role("button", name="Save").click()
    expect(page.locator(f"#touchpoint-{touchpoint.pk} .card-tp__emotion")).to_have_text("😄")
    touchpoint.refresh_from_db()
    assert touchpoint.emotion == 2


@pytest.mark.browser
def test_the_first_steps_hint_leaves_with_the_first_touchpoint(page: Page, live_server, demo):
    empty = JourneyMapFactory(title="Fresh map", owner=demo.owner)
    stage = StageFactory(map=empty, name="Awareness", position=0)
    LaneFactory(map=empty, channel=demo.lanes.first().channel, position=0)
    login(page, live_server, "marketer")
    page.goto(f"{live_server.url}{empty.get_absolute_url()}")
    hint = page.locator("[data-onboarding-hint]")
    expect(hint).to_be_visible()
    page.get_by_role("link", name=f"Add a touchpoint to {stage.name}").click()
    page.locator("#dialog input[name=title]").fill("Sees a poster")
    page.locator("#dialog").get_by_role("button", name="Save").click()
    expect(page.locator("#grid .card-tp")).to_have_count(1)
    expect(hint).to_have_count(0)


@pytest.mark.browser
def test_a_stage_is_renamed_in_place_with_f2_and_enter(page: Page, live_server, demo):
    stage = demo.stages.order_by("position").first()
    login(page, live_server, "marketer")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.locator(f"#stage-{stage.pk} .stage-name").focus()
    page.keyboard.press("F2")
    field = page.locator(f"#stage-{stage.pk}").get_by_role("textbox")
    expect(field).to_be_focused()
    field.fill("First look")
    with page.expect_response(lambda response: response.url.endswith("/rename/")):
        field.press("Enter")
    expect(page.locator(f"#stage-{stage.pk} .stage-name")).to_have_text("First look")
    stage.refresh_from_db()
    assert stage.name == "First look"
