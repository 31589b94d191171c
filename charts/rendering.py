"""Files of the swimlane that leave the app: PNG, SVG and PDF pictures drawn by plotly.js in
Debian's Chromium, and a standalone HTML file that works offline.

Pictures are drawn by the workers (`charts.tasks`), never in an app server. Starting Chromium
and loading plotly.js take seconds, so each worker process keeps one page warm: the first
picture starts the browser and loads plotly.js into a blank page, later ones only draw their
figure on that page, at the figure's own size, and have Chromium take a screenshot of it (PNG)
or print it (PDF). A page that failed, or whose browser went away, is closed, and the next
picture starts a fresh one. The browser is asyncio code (choreographer) and the task is not,
so it lives on a thread of its own with its own event loop, and the task hands it work through
`asyncio.run_coroutine_threadsafe`.
"""

import asyncio
import atexit
import base64
import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

import plotly.graph_objects as go
import plotly.io as pio
from choreographer import Browser, Tab
from choreographer.channels import ChannelClosedError, Pipe
from choreographer.errors import BrowserClosedError, ChromeNotFoundError
from choreographer.protocol import BrowserResponse
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from charts.plotting import figure_json, with_title
from charts.swimlane import swimlane_figure
from maps.selectors import Grid

logger = logging.getLogger(__name__)

ImageFormat = Literal["png", "svg", "pdf"]
ExportFormat = Literal["png", "svg", "pdf", "html"]
EXPORT_FORMATS = get_args(ExportFormat)
CONTENT_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
# Debian's Chromium unless BROWSER_PATH points elsewhere; nothing is ever downloaded here.
BROWSER_PATH = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
# The same plotly.js the pages load, so that a picture looks like the page it came from.
PLOTLY_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "plotly" / "plotly.min.js"
TIMEOUT = 90
PNG_SCALE = 2  # sharp on a projector and in a deck
# A huge map is not blown up: past this, the picture costs seconds and megabytes, not sharpness.
PNG_MAX_PIXELS = 12_000_000
# Nor is a map drawn smaller than its own size, where its 11 px labels are only just legible,
# unless it is so large that Chromium would need gigabytes to take the screenshot.
PNG_LARGEST_PIXELS = 48_000_000
# plotly.js's size for a figure that sets none.
DEFAULT_WIDTH, DEFAULT_HEIGHT = 700, 500
CSS_PIXELS_PER_INCH = 96

# Loaded once into the blank page, after plotly.js. `drawPicture` draws a figure on the page,
# at its size, `clearPicture` takes the last one away; `svgPicture` is plotly.js's own SVG export.
PAGE_SCRIPT = """
document.documentElement.style.cssText = "margin: 0; padding: 0; overflow: hidden";
document.body.style.cssText = "margin: 0; padding: 0";
const picture = document.body.appendChild(document.createElement("div"));
const sized = (figure, width, height) => {
  figure.layout = Object.assign(figure.layout || {}, {width, height});
  return figure;
};
globalThis.clearPicture = () => {
  Plotly.purge(picture);
  picture.replaceChildren();
};
globalThis.drawPicture = async (figure, width, height) => {
  sized(figure, width, height);
  clearPicture();
  picture.style.cssText = `width: ${width}px; height: ${height}px`;
  const config = Object.assign({}, figure.config, {staticPlot: true, displayModeBar: false});
  await Plotly.newPlot(picture, figure.data, figure.layout, config);
};
globalThis.svgPicture = (figure, width, height) =>
  Plotly.toImage(sized(figure, width, height), {format: "svg", width, height, imageDataOnly: true});
"""


class RenderingFailed(RuntimeError):
    """Chromium refused a command, or plotly.js could not draw the figure."""


class BrowserGone(RenderingFailed):
    """The browser, or the page drawing the picture, crashed or was closed: a fresh one may well succeed."""


class WholeMessagePipe(Pipe):
    """choreographer's pipe to the browser, reading each answer into one growing buffer.

    The stock pipe reads 10 kB at a time and appends every piece to an immutable `bytes`,
    copying all it has read so far: the 8 MB answer that carries a large PNG spent some 0.4 s
    in those copies alone."""

    READ_SIZE = 1 << 20

    def read_jsons(self, *, blocking: bool = True) -> tuple[Sequence[BrowserResponse], float]:
        if not self.is_ready():
            raise ChannelClosedError("The pipe to the browser is not open.")
        source = self._read_from_browser
        try:
            os.set_blocking(source, blocking)
            received = bytearray(os.read(source, self.READ_SIZE))
            if not received or received == b"{bye}\n":
                raise ChannelClosedError("The browser closed the pipe.")
            os.set_blocking(source, True)
            while received[-1] != 0:  # each message ends with a NUL byte
                chunk = os.read(source, self.READ_SIZE)
                if not chunk:
                    raise ChannelClosedError("The browser closed the pipe in the middle of a message.")
                received += chunk
        except BlockingIOError:  # nothing to read yet
            return [], time.perf_counter()
        except ChannelClosedError:
            self.close()
            raise
        except OSError as error:
            self.close()
            raise ChannelClosedError from error
        return [*parsed(received.decode().split("\0"))], time.perf_counter()


def parsed(messages: list[str]) -> Iterator[BrowserResponse]:
    """The browser's messages as objects; like choreographer, one that is not JSON is logged and left out."""
    for message in filter(None, messages):
        try:
            yield json.loads(message)
        except ValueError:
            logger.exception("A message from the browser is not JSON: %.200s", message)


class PicturePage:
    """A headless Chromium showing one blank page with plotly.js loaded, on which figure
    after figure is drawn and turned into a file."""

    def __init__(self, browser: Browser, tab: Tab) -> None:
        self.browser = browser
        self._tab = tab
        self._crashed = tab.subscribe_once("Inspector.targetCrashed")
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls) -> "PicturePage":
        browser = Browser(path=BROWSER_PATH, headless=True, channel_cls=WholeMessagePipe)
        await browser.open()
        try:
            tab = browser.get_tab()
            if tab is None:
                raise RenderingFailed("Chromium opened no page.")
            page = cls(browser, tab)
            await page._command("Inspector.enable")
            await page._blank()
            # No MathJax: no text of ours is LaTeX.
            await page._evaluate(PLOTLY_JS.read_text(encoding="utf-8") + PAGE_SCRIPT)
        except BaseException:
            await browser.close()
            raise
        return page

    async def _blank(self) -> None:
        """Leave the new-tab page Chromium opens with (its rules forbid plotly.js's markup) for a blank one."""
        await self._command("Page.enable")
        loaded = self._tab.subscribe_once("Page.loadEventFired")
        await self._command("Page.navigate", {"url": "about:blank"})
        await loaded

    @property
    def is_alive(self) -> bool:
        return self.browser.subprocess.poll() is None and not self._crashed.done()

    async def picture(self, figure: str, *, format: ImageFormat, width: int, height: int, scale: float) -> bytes:
        """The file of `figure` (its JSON) at `width` x `height` CSS pixels, PNGs `scale` times that."""
        async with self._lock:
            if format == "svg":
                return str(await self._evaluate(f"svgPicture({self._parsed(figure)}, {width}, {height})")).encode()
            await self._draw(figure, width, height, on_screen_at=scale if format == "png" else None)
            if format == "png":
                # Fast compression: a file a quarter larger, in half the time of the default.
                shot = await self._command("Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True})
                return base64.b64decode(shot["data"])
            return base64.b64decode((await self._command("Page.printToPDF", print_options(width, height)))["data"])

    async def _draw(self, figure: str, width: int, height: int, *, on_screen_at: float | None) -> None:
        """Draws `figure` on the page; with `on_screen_at`, on a screen its size at that scale.
        A printed page is laid out anew: a screen the size of the figure would only have Chromium
        paint pixels nobody looks at, on the cores the printing needs."""
        # The last picture goes first: resizing the screen would have Chromium paint it anew.
        await self._evaluate("clearPicture()")
        if on_screen_at is None:
            await self._command("Emulation.clearDeviceMetricsOverride")
        else:
            metrics = {"width": width, "height": height, "deviceScaleFactor": on_screen_at, "mobile": False}
            await self._command("Emulation.setDeviceMetricsOverride", metrics)
        await self._evaluate(f"drawPicture({self._parsed(figure)}, {width}, {height})")

    async def close(self) -> None:
        await self.browser.close()

    @staticmethod
    def _parsed(figure: str) -> str:
        """JavaScript that makes `figure` (JSON) an object: JSON.parse reads it faster than
        JavaScript would read it as a literal."""
        return f"JSON.parse({json.dumps(figure, ensure_ascii=False)})"

    async def _evaluate(self, expression: str) -> Any:
        result = await self._command(
            "Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise RenderingFailed(details.get("exception", {}).get("description") or details.get("text"))
        return result["result"].get("value")

    async def _command(self, command: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """The result of a DevTools command, or `BrowserGone` as soon as the page or browser dies."""
        answer = asyncio.ensure_future(self._tab.send_command(command, params=params))
        # A crashed page never answers; a closed browser cancels what it was asked.
        await asyncio.wait([answer, self._crashed], return_when=asyncio.FIRST_COMPLETED)
        if not answer.done() or answer.cancelled():
            answer.cancel()
            # Whatever the dead browser's command still ends with, it is not worth a warning.
            answer.add_done_callback(lambda unanswered: unanswered.cancelled() or unanswered.exception())
            raise BrowserGone(f"{command}: the page drawing the picture crashed or was closed.")
        try:
            response = answer.result()
        except (ChannelClosedError, BrowserClosedError) as gone:
            raise BrowserGone(f"{command}: the browser is closed.") from gone
        if "error" in response:
            raise RenderingFailed(f"{command}: {response['error'].get('message')}")
        return dict(response.get("result", {}))


class Renderer:
    """One picture page, started on first use and kept for the life of the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._page: PicturePage | None = None

    def render(self, figure: go.Figure, *, format: ImageFormat, scale: float = 1) -> bytes:
        width, height = figure_size(figure)
        document = figure_json(figure)
        try:
            return self._picture(document, format=format, width=width, height=height, scale=scale)
        except BrowserGone:
            # The browser died since the last picture, before anyone noticed: once more, in a fresh one.
            return self._picture(document, format=format, width=width, height=height, scale=scale)

    def _picture(self, document: str, *, format: ImageFormat, width: int, height: int, scale: float) -> bytes:
        page, loop = self._started()
        drawing = page.picture(document, format=format, width=width, height=height, scale=scale)
        future = asyncio.run_coroutine_threadsafe(drawing, loop)
        try:
            return future.result(TIMEOUT)
        except Exception:
            future.cancel()
            # A page that failed once is not trusted with the next picture: start afresh.
            self.stop()
            raise

    @property
    def is_running(self) -> bool:
        return self._page is not None

    def _started(self) -> tuple[PicturePage, asyncio.AbstractEventLoop]:
        page = self._page
        if page is not None and not page.is_alive:
            self.stop()  # the browser crashed or was killed since the last picture
        with self._lock:
            if self._page is None or self._loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="picture-page", daemon=True).start()
                try:
                    self._page = asyncio.run_coroutine_threadsafe(PicturePage.open(), loop).result(TIMEOUT)
                except BaseException:
                    loop.call_soon_threadsafe(loop.stop)
                    raise
                self._loop = loop
            return self._page, self._loop

    def stop(self) -> None:
        with self._lock:
            page, loop = self._page, self._loop
            self._page = self._loop = None
        if page is None or loop is None:
            return
        # Closing a broken browser may fail too; it is being let go either way.
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(page.close(), loop).result(TIMEOUT)
        loop.call_soon_threadsafe(loop.stop)


renderer = Renderer()
atexit.register(renderer.stop)


def print_options(width: int, height: int) -> dict[str, Any]:
    """Page.printToPDF's options for one page the size of the figure, without margins."""
    return {
        "paperWidth": width / CSS_PIXELS_PER_INCH,
        "paperHeight": height / CSS_PIXELS_PER_INCH,
        **dict.fromkeys(("marginTop", "marginBottom", "marginLeft", "marginRight"), 0),
        "printBackground": True,
        "pageRanges": "1",
        # A tree of tags over thousands of SVG shapes costs a third of the printing and tells a
        # screen reader nothing the picture's words do not.
        "generateTaggedPDF": False,
    }


def figure_size(figure: go.Figure) -> tuple[int, int]:
    """The figure's own size in CSS pixels, as plotly.js would draw it."""
    return round(figure.layout.width or DEFAULT_WIDTH), round(figure.layout.height or DEFAULT_HEIGHT)


class RendererMissing(RuntimeError):
    """This server has no browser to draw pictures with (Chromium is not installed where
    BROWSER_PATH points). Not a fault of the request: answer it with `RENDERER_MISSING`."""


RENDERER_MISSING = _(
    "Pictures (PNG, SVG, PDF) cannot be made on this server: its Chromium browser is not installed. "
    "An administrator can install it with scripts/install-browser. The HTML export works meanwhile."
)


@contextlib.contextmanager
def renderer_required() -> Iterator[None]:
    """Turns choreographer's "no Chrome here" errors into `RendererMissing`."""
    try:
        yield
    except ChromeNotFoundError as error:
        raise RendererMissing(str(RENDERER_MISSING)) from error


def png_scale(width: int, height: int) -> float:
    """How many device pixels a PNG has per CSS pixel of the figure: up to `PNG_SCALE`, at least 1.
    A fractional scale below 1 would also blur every line and letter, and Chromium draws it
    slower than the figure's own size."""
    pixels = width * height
    if pixels > PNG_LARGEST_PIXELS:
        return (PNG_LARGEST_PIXELS / pixels) ** 0.5
    return min(PNG_SCALE, max(1.0, (PNG_MAX_PIXELS / pixels) ** 0.5))


def figure_image(figure: go.Figure, format: ImageFormat) -> bytes:
    scale = png_scale(*figure_size(figure)) if format == "png" else 1.0
    with renderer_required():
        return renderer.render(figure, format=format, scale=scale)


def figure_html(figure: go.Figure, *, title: str) -> str:
    """A page that draws `figure` with plotly.js inlined: it opens offline, from a file."""
    div = pio.to_html(figure, include_plotlyjs=True, full_html=False, config={"displaylogo": False}, validate=False)
    return render_to_string("charts/swimlane_standalone.html", {"title": title, "figure": mark_safe(div)})


@dataclass(frozen=True)
class ExportFile:
    content: bytes | str
    content_type: str
    filename: str


def swimlane_export(grid: Grid, format: ExportFormat) -> ExportFile:
    """The swimlane of `grid`, titled with the map's name, as a file in `format`."""
    title = grid.map.title
    figure = with_title(swimlane_figure(grid), title)
    content = figure_html(figure, title=title) if format == "html" else figure_image(figure, format)
    filename = f"{slugify(title, allow_unicode=True) or 'journey-map'}-swimlane.{format}"
    return ExportFile(content, CONTENT_TYPES[format], filename)
