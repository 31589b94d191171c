"""The Content-Security-Policy in the browser: what it refuses is reported (and fails any
browser test), plotly.js draws without inline styles, and what htmx no longer evaluates
inline is done by the app's own scripts."""

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from maps.services import map_create
from tests.browser.conftest import login, report_csp_violations
from tests.factories import UserFactory

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def test_the_browser_reports_every_inline_style_and_script_the_policy_refuses(browser: Browser, live_server):
    context = browser.new_context()
    refused: list[str] = []
    report_csp_violations(context, refused)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.evaluate("""() => {
        document.body.setAttribute("style", "background: red");
        document.head.insertAdjacentHTML("beforeend", "<style>body { color: red }</style>");
        const script = document.createElement("script");
        script.textContent = "window.ran = true";
        document.body.append(script);
    }""")
    page.evaluate("0")
    ran = page.evaluate("window.ran === true")
    context.close()
    assert not ran
    assert [report.split(" refused")[0] for report in refused] == [
        "CSP: style-src-attr",
        "CSP: style-src-elem",
        "CSP: script-src-elem",
    ]


def test_the_vendored_plotly_stylesheets_are_what_plotly_writes():
    done = subprocess.run(
        [sys.executable, "scripts/plotly-css", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_a_comment_being_written_is_not_swapped_away_when_the_discussion_moves_on(page: Page, live_server):
    owner = UserFactory(username="erin")
    owner.set_password("journeymap")
    owner.save()
    journey_map = map_create(owner=owner, title="Bike rental")
    login(page, live_server, "erin")
    page.goto(f"{live_server.url}/maps/{journey_map.pk}/comments/")
    page.evaluate("window.panel = document.getElementById('comments-panel')")
    refreshes: list[str] = []
    page.on("request", lambda request: "/comments/" in request.url and refreshes.append(request.url))
    stale = "htmx.trigger(document.body, 'comments-stale')"

    page.locator("#comments-panel textarea[name=body]").fill("Half a thought")
    page.evaluate(stale)
    page.wait_for_timeout(500)
    assert refreshes == []
    assert page.evaluate("document.getElementById('comments-panel') === window.panel")

    # Out of the form, the next change refreshes the panel.
    page.evaluate("document.activeElement.blur()")
    page.evaluate(stale)
    # The new panel has an empty form (`wait_for_function` would need eval, which the policy refuses).
    expect(page.locator("#comments-panel textarea[name=body]")).to_have_value("")
    assert page.evaluate("document.getElementById('comments-panel') !== window.panel")
    assert len(refreshes) == 1
