"""The report as a PDF: the report page, rendered to a file and printed by Debian's Chromium.

Printing runs in the workers (`reports.tasks`), never in an app server: it takes a browser
start and a few seconds. The page is the one people read at /maps/<id>/report/, except that
the swimlane is a picture (drawn by the workers' warm renderer, charts/rendering.py) instead
of the interactive figure, and the stylesheet is read from disk: the printed file is opened
from a folder.
"""

import base64
import subprocess
import tempfile
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.text import slugify

from charts.plotting import picture_font
from charts.rendering import BROWSER_PATH, RENDERER_MISSING, RendererMissing, figure_image
from charts.swimlane import swimlane_figure
from reports.selectors import MapReport

TIMEOUT = 120
STYLESHEET = "css/report.css"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    # The servers may have no outside network: Chromium is kept from trying Google's services.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


class PrintFailed(RuntimeError):
    """Chromium ran but left no PDF: worth another try."""


def report_filename(report: MapReport) -> str:
    return f"{slugify(report.map.title, allow_unicode=True) or 'journey-map'}-report.pdf"


def swimlane_picture(report: MapReport) -> str:
    """The swimlane as an SVG `data:` address: as an image, its text cannot run as markup."""
    figure = swimlane_figure(report.grid)
    figure.update_layout(font={"family": picture_font()})
    svg = figure_image(figure, "svg")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def printable_html(report: MapReport) -> str:
    stylesheet = finders.find(STYLESHEET)
    context = {
        "report": report,
        "map": report.map,
        "printing": True,
        "stylesheet_url": Path(str(stylesheet)).as_uri(),
        "swimlane_picture": swimlane_picture(report) if report.stages and report.grid.rows else "",
    }
    return render_to_string("reports/report_document.html", context)


def report_pdf(report: MapReport) -> bytes:
    """The report printed to PDF, a page per stage after the cover and the swimlane."""
    if not Path(BROWSER_PATH).exists():
        raise RendererMissing(str(RENDERER_MISSING))
    html = printable_html(report)
    with tempfile.TemporaryDirectory(prefix="journeymap-report-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        pdf = Path(folder) / "report.pdf"
        command = [
            BROWSER_PATH,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        finished = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        if not pdf.exists() or pdf.stat().st_size == 0:
            raise PrintFailed(finished.stderr.decode(errors="replace")[-2000:])
        return pdf.read_bytes()
