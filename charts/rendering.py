"""Files of the swimlane that leave the app: PNG, SVG and PDF pictures drawn by kaleido in
Debian's Chromium, and a standalone HTML file that works offline.

Pictures are drawn by the workers (`charts.tasks`), never in an app server. Starting
Chromium takes seconds, so each worker process keeps one renderer warm: the first
picture starts the browser, later ones reuse it. Kaleido is asyncio code and the task
is not, so the browser lives on a thread of its own with its own event loop, and the
task hands it work through `asyncio.run_coroutine_threadsafe`.
"""

import asyncio
import atexit
import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

import plotly.graph_objects as go
import plotly.io as pio
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from kaleido import Kaleido
from kaleido.errors import ChromeNotFoundError

from charts.plotting import with_title
from charts.swimlane import swimlane_figure
from maps.selectors import Grid

ImageFormat = Literal["png", "svg", "pdf"]
ExportFormat = Literal["png", "svg", "pdf", "html"]
EXPORT_FORMATS = get_args(ExportFormat)
CONTENT_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
# Debian's Chromium unless BROWSER_PATH points elsewhere; kaleido never downloads one here.
BROWSER_PATH = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
# The same plotly.js the pages load, so that a picture looks like the page it came from.
PLOTLY_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "plotly" / "plotly.min.js"
TIMEOUT = 90
PNG_SCALE = 2  # sharp on a projector and in a deck
# A huge map is not blown up: past this, the picture costs seconds and megabytes, not sharpness.
PNG_MAX_PIXELS = 12_000_000


class Renderer:
    """One headless Chromium, started on first use and kept for the life of the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Kaleido | None = None

    def render(self, figure: go.Figure, *, format: ImageFormat, scale: float = 1) -> bytes:
        kaleido, loop = self._started()
        future = asyncio.run_coroutine_threadsafe(
            kaleido.calc_fig(figure, opts={"format": format, "scale": scale}), loop
        )
        try:
            return future.result(TIMEOUT)
        except Exception:
            future.cancel()
            # A browser that failed once is not trusted with the next picture: start afresh.
            self.stop()
            raise

    @property
    def is_running(self) -> bool:
        return self._kaleido is not None

    def _started(self) -> tuple[Kaleido, asyncio.AbstractEventLoop]:
        with self._lock:
            if self._kaleido is None or self._loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="kaleido", daemon=True).start()
                try:
                    self._kaleido = asyncio.run_coroutine_threadsafe(self._open(), loop).result(TIMEOUT)
                except Exception:
                    loop.call_soon_threadsafe(loop.stop)
                    raise
                self._loop = loop
            return self._kaleido, self._loop

    @staticmethod
    async def _open() -> Kaleido:
        # No MathJax: its default comes from a CDN, and no text of ours is LaTeX.
        kaleido = Kaleido(path=BROWSER_PATH, plotlyjs=PLOTLY_JS, mathjax=False, timeout=TIMEOUT)
        await kaleido.open()
        return kaleido

    def stop(self) -> None:
        with self._lock:
            kaleido, loop = self._kaleido, self._loop
            self._kaleido = self._loop = None
        if kaleido is None or loop is None:
            return
        # Closing a broken browser may fail too; it is being let go either way.
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(kaleido.close(), loop).result(TIMEOUT)
        loop.call_soon_threadsafe(loop.stop)


renderer = Renderer()
atexit.register(renderer.stop)


class RendererMissing(RuntimeError):
    """This server has no browser to draw pictures with (Chromium is not installed where
    BROWSER_PATH points). Not a fault of the request: answer it with `RENDERER_MISSING`."""


RENDERER_MISSING = _(
    "Pictures (PNG, SVG, PDF) cannot be made on this server: its Chromium browser is not installed. "
    "An administrator can install it with scripts/install-browser. The HTML export works meanwhile."
)


@contextlib.contextmanager
def renderer_required() -> Iterator[None]:
    """Turns kaleido's "no Chrome here" errors into `RendererMissing`."""
    try:
        yield
    except ChromeNotFoundError as error:
        raise RendererMissing(str(RENDERER_MISSING)) from error


def figure_image(figure: go.Figure, format: ImageFormat) -> bytes:
    scale = 1.0
    if format == "png":
        pixels = (figure.layout.width or 700) * (figure.layout.height or 500)
        scale = min(PNG_SCALE, (PNG_MAX_PIXELS / pixels) ** 0.5)
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
