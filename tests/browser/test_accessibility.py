"""The main pages as axe-core judges them against WCAG 2.1 AA: contrast, names, roles, labels.

axe runs inside each page after it has drawn (figures included). The page's
Content-Security-Policy refuses inline scripts, and Playwright's `add_script_tag` writes the
script's text inline: the policy would refuse it. axe goes in through `page.evaluate`
instead, which the DevTools protocol runs outside the policy, so the policy stays in force
for everything else the page does and any violation still fails the test."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

from maps.models import JourneyMap
from tests.browser.conftest import login, screenshot
from tests.main_pages import DEMO_MAP, filled_demo_map, main_pages

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe counts "the accessible name contains the visible label" (2.5.3) as experimental and leaves it
# out of a run by tags: it is asked for by name.
RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        rules: {"label-content-name-mismatch": {enabled: true}},
        resultTypes: ["violations"],
    });
    return results.violations.map((rule) => ({
        id: rule.id,
        impact: rule.impact,
        targets: rule.nodes.map((node) => node.target.join(" ") + " — " + node.failureSummary.split("\\n").slice(1, 2).join("")),
    }));
}"""


# What axe leaves undecided: a control drawn with a glyph (←, ✕, ＋) is no text to it, so the
# grid's idle controls are measured here. Each gives its colour, the opacity it is drawn with
# (its own and its ancestors') and the colours behind it (both ends of a gradient).
GLYPH_CONTROLS = ".stage-tools .icon-button:not(:disabled), .lane-tools .icon-button, .cell-add, .drag-handle"
MEASURE_CONTROLS = """(selector) => [...document.querySelectorAll(selector)].map((element) => {
    let opacity = 1;
    for (let node = element; node instanceof Element; node = node.parentElement) {
        opacity *= Number(getComputedStyle(node).opacity);
    }
    let behind = [];
    for (let node = element; node instanceof Element && !behind.length; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.backgroundImage.includes("gradient")) behind = style.backgroundImage.match(/rgba?\\([^)]*\\)/g);
        else if (!/rgba\\(.*, 0\\)$|transparent/.test(style.backgroundColor)) behind = [style.backgroundColor];
    }
    const name = element.getAttribute("aria-label") || element.getAttribute("title") || element.className;
    return {name, opacity, colour: getComputedStyle(element).color, behind};
})"""


def luminance(colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", colour)[:3])
    linear = [part / 12.92 if part <= 0.03928 else ((part + 0.055) / 1.055) ** 2.4 for part in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def violations(page: Page) -> list[str]:
    """What axe finds on the page as it is now: one line per rule, with the elements."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/install-checkers (make test does).")
    page.evaluate(AXE.read_text())
    found = page.evaluate(RUN_AXE, WCAG_21_AA)
    return [f"{rule['id']} ({rule['impact']}): " + "; ".join(rule["targets"]) for rule in found]


def settled(page: Page) -> None:
    """Wait for what draws after the load: Plotly figures and htmx's first requests."""
    page.wait_for_load_state("networkidle")
    figures = page.locator("[data-figures]")
    for index in range(figures.count()):
        figures.nth(index).and_(page.locator("[data-state=drawn]")).wait_for(timeout=15_000)


def test_the_main_pages_have_no_accessibility_violations(page, live_server, tmp_path):
    journey_map = filled_demo_map(tmp_path)
    found: dict[str, list[str]] = {}

    for main_page in main_pages(journey_map):
        if main_page.logged_in and "/login/" in page.url:
            login(page, live_server, journey_map.owner.username)
        page.goto(f"{live_server.url}{main_page.address}")
        settled(page)
        found[main_page.name] = violations(page)
        screenshot(page, f"accessibility_{main_page.name}")

    lines = [f"{name}: {line}" for name, rules in found.items() for line in rules]
    assert not lines, f"{len(lines)} rules violated:\n" + "\n".join(lines)


def test_the_grid_controls_stand_out_before_they_are_pointed_at(page, live_server):
    call_command("load_demo", stdout=StringIO())
    journey_map = JourneyMap.objects.get(title=DEMO_MAP)
    login(page, live_server, journey_map.owner.username)
    page.goto(f"{live_server.url}{journey_map.get_absolute_url()}")
    page.mouse.move(0, 0)

    controls = page.evaluate(MEASURE_CONTROLS, GLYPH_CONTROLS)

    assert len(controls) > 50
    faint = [
        f"{control['name']}: opacity {control['opacity']}, {control['colour']} on {colour}"
        for control in controls
        for colour in control["behind"]
        if control["opacity"] < 1 or contrast(control["colour"], colour) < 3
    ]
    assert not faint, "\n".join(faint)


def test_the_check_finds_low_contrast_and_names_that_hide_the_label(page):
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<p style="color: #cbd5e1">Faint</p><button aria-label="Remove the lane">Delete</button>'
        "</main></body></html>"
    )

    found = violations(page)

    assert [line.split(" ")[0] for line in found] == ["color-contrast", "label-content-name-mismatch"], found
