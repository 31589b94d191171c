"""Browser tests: Playwright's sync API driving Debian's Chromium against `live_server`.

A test takes `page` and `live_server` and is marked `@pytest.mark.browser`:

    from tests.browser.conftest import login, screenshot

    @pytest.mark.browser
    def test_it_shows_the_grid(page, live_server):
        login(page, live_server, "marketer")
        ...
        screenshot(page, "grid")

`live_server` brings `transactional_db`, so rows a test creates are committed
and the server thread sees them. Every test here starts with the rows the
migrations made, even after another transactional test has emptied the tables.
"""

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Page, sync_playwright

# Playwright's sync API keeps an asyncio loop running in this thread, and Django
# refuses ORM calls from a thread with a running loop. The ORM calls here are
# plain synchronous ones, so the check does not apply. The loop lives as long as
# the `browser` fixture, past the browser tests, so this holds for the session.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machines have no outside network: without these Chromium keeps
    # trying to reach Google's services and logs refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
DEMO_PASSWORD = "journeymap"


@pytest.fixture(autouse=True)
def _library(library) -> None:
    """Every browser test starts with the channel library and the templates."""


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time() -> Iterator[None]:
    """The live server answers each request in a thread of its own, and on SQLite those
    threads share the test database's one connection. Pages that poll (the live view of
    review/live.py) make requests overlap, which that connection cannot take: one at a time."""
    from django.core.handlers.wsgi import WSGIHandler

    lock = threading.Lock()
    original = WSGIHandler.__call__

    def serialized(self, environ, start_response):
        with lock:
            return original(self, environ, start_response)

    WSGIHandler.__call__ = serialized
    yield
    WSGIHandler.__call__ = original


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-browser (make test does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# Every document the test opens reports what its Content-Security-Policy refused, so a
# blocked script or style fails the test even where the page still looks right.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} on ${event.documentURI}`
    + (event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : "")
    + (event.sample ? `: ${event.sample}` : ""),
  );
}, true);
"""


def report_csp_violations(context: BrowserContext, errors: list[str], prefix: str = "") -> None:
    """Every page of `context` adds what its Content-Security-Policy refuses to `errors`."""
    context.expose_function("reportCspViolation", lambda report: errors.append(f"{prefix}CSP: {report}"))
    context.add_init_script(REPORT_CSP_VIOLATIONS)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context per test; any console error, page error or violation of the
    Content-Security-Policy fails the test."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    errors: list[str] = []
    report_csp_violations(context, errors)
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        # Chromium asks for /favicon.ico on its own; a page without one is not broken.
        # 409 (stale write) and 422 (invalid form) are answers the page swaps in, not failures,
        # but Chromium reports every 4xx response on the console.
        expected = any(f"status of {status}" in message.text for status in (409, 422))
        if message.type == "error" and not expected and not message.location.get("url", "").endswith("/favicon.ico"):
            where = message.location.get("url")
            errors.append(f"console: {message.text}" + (f" ({where})" if where else ""))

    def on_page_error(error: Error) -> None:
        errors.append(f"page error: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.console_errors = errors
    yield page
    # Reports still on their way from the page arrive while Playwright waits for an answer.
    with contextlib.suppress(Error):
        page.evaluate("0")
    context.close()
    if errors:
        pytest.fail("The browser reported errors:\n" + "\n".join(errors), pytrace=False)


def login(page: Page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the /login/ form, as a person would."""
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    assert urlparse(page.url).path != "/login/", f"could not log in as {username!r}"


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot to artifacts/screenshots/<name>.png and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
