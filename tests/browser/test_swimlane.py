"""The swimlane and the analytics as a CX lead sees them: the demo map drawn as a picture,
redrawn when the map changes, and the opportunities one click away."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from maps.item_services import touchpoint_append
from maps.models import JourneyMap
from maps.selectors import map_grid
from tests.browser.conftest import login, screenshot
from tests.factories import TouchpointFactory
from touchpoints.models import Quadrant

pytestmark = pytest.mark.browser

DEMO_MAP = "Car buyer: from TV ad to recommendation"
EVIL = "<img src=x onerror=alert(1)>"

# Plotly binds each trace's data to its SVG group; the `meta` of a trace says what it draws.
COUNT_POINTS = """([id, meta]) => [...document.querySelectorAll(`#${id} .scatterlayer .trace`)]
    .filter((group) => group.__data__ && group.__data__[0].trace.meta === meta)
    .reduce((count, group) => count + group.querySelectorAll("path.point").length, 0)"""


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())
    return JourneyMap.objects.get(title=DEMO_MAP)


def drawn(page: Page) -> None:
    expect(page.locator("[data-figures]")).to_have_attribute("data-state", "drawn", timeout=15_000)


def points(page: Page, meta: str, figure: str = "swimlane") -> int:
    return page.evaluate(COUNT_POINTS, [figure, meta])


def test_a_cx_lead_sees_the_demo_map_as_a_swimlane(page, live_server, demo, request):
    login(page, live_server, "cxlead")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.get_by_role("link", name="Swimlane", exact=True).click()

    drawn(page)
    assert points(page, "touchpoints") == demo.touchpoints.count()
    curves = map_grid(demo).emotion_curves
    assert points(page, "emotion-curve") == sum(point.value is not None for curve in curves for point in curve.points)
    swimlane = page.get_by_test_id("swimlane")
    for text in ("Information search", "Recommendation", "Dealership", "Emotion", "Pain point", "Opportunity"):
        expect(swimlane.get_by_text(text).first).to_be_visible()
    screenshot(page, request.node.name)


def test_the_swimlane_redraws_when_the_map_changes(page, live_server, demo, request):
    login(page, live_server, "marketer")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}swimlane/")
    drawn(page)
    before = points(page, "touchpoints")
    stage, lane = demo.stages.first(), demo.lanes.first()

    # An edit on this page announces itself with the event the grid's answers carry...
    touchpoint_append(stage=stage, lane=lane, title="Sees a billboard")
    page.evaluate("document.body.dispatchEvent(new CustomEvent('map-changed'))")
    page.wait_for_function(f"() => ({COUNT_POINTS})(['swimlane', 'touchpoints']) === {before + 1}", timeout=5_000)

    # ...and one made elsewhere (another tab, a colleague) shows up on the next poll.
    touchpoint_append(stage=stage, lane=lane, title="Hears a radio ad")
    page.wait_for_function(f"() => ({COUNT_POINTS})(['swimlane', 'touchpoints']) === {before + 2}", timeout=15_000)
    expect(page.get_by_test_id("swimlane").get_by_text("Hears a radio ad")).to_be_visible()
    screenshot(page, request.node.name)


def test_user_text_in_the_swimlane_stays_text(page, live_server, demo):
    TouchpointFactory(stage=demo.stages.first(), lane=demo.lanes.first(), title=EVIL, position=50)
    page.on("dialog", lambda dialog: pytest.fail(f"a script ran: {dialog.message}"))
    login(page, live_server, "marketer")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}swimlane/")
    drawn(page)
    swimlane = page.get_by_test_id("swimlane")
    expect(swimlane.get_by_text("<img src=x", exact=False)).to_be_visible()
    assert swimlane.locator("img").count() == 0


def test_the_analytics_show_where_to_act_and_link_to_the_opportunity(page, live_server, demo, request):
    login(page, live_server, "cxlead")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.get_by_role("link", name="Analytics", exact=True).click()
    drawn(page)
    for figure in ("coverage", "priorities", "pain", "kpis"):
        expect(page.get_by_test_id(figure).locator(".main-svg").first).to_be_visible(timeout=15_000)
    assert points(page, "opportunities", figure="priorities") == demo.opportunities.count()
    screenshot(page, request.node.name)

    page.get_by_test_id("coverage").locator(".updatemenu-button").get_by_text("Average emotion").click()
    expect(page.get_by_test_id("coverage").locator(".colorbar").get_by_text("Emotion")).to_be_visible()

    quick_win = next(
        opportunity for opportunity in demo.opportunities.all() if opportunity.quadrant == Quadrant.QUICK_WIN
    )
    index, at = page.evaluate(
        """(pk) => {
            const traces = document.getElementById("priorities").data;
            for (const [index, trace] of traces.entries()) {
                const at = trace.customdata.findIndex((link) => link.endsWith(`#opportunity-${pk}`));
                if (at >= 0) return [index, at];
            }
        }""",
        quick_win.pk,
    )
    point = page.locator("#priorities .scatterlayer .trace").nth(index).locator("path.point").nth(at)
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"**{demo.get_absolute_url()}#opportunity-{quick_win.pk}")
    expect(page.locator(f"#opportunity-{quick_win.pk}")).to_be_visible()
