"""Pictures of the swimlane drawn by plotly.js in Debian's Chromium (scripts/install-browser)."""

import asyncio
import io
import json
import os
import shutil
import subprocess
import threading

import plotly.graph_objects as go
import pytest
from django.urls import reverse
from PIL import Image

from charts.palette import EMOTION_COLOURS
from charts.plotting import with_title
from charts.rendering import (
    PNG_LARGEST_PIXELS,
    PNG_MAX_PIXELS,
    BrowserGone,
    WholeMessagePipe,
    figure_image,
    png_scale,
    renderer,
    swimlane_export,
)
from charts.swimlane import swimlane_figure
from maps.selectors import map_grid
from tests.factories import LaneFactory, PainPointFactory, StageFactory, TouchpointFactory

pytestmark = pytest.mark.django_db

CHINESE = "汽车买家"
RUSSIAN = "Покупатель автомобиля"


@pytest.fixture
def journey(cast):
    cast.map.title = f"{CHINESE} · {RUSSIAN}"
    cast.map.save()
    search = StageFactory(map=cast.map, name="信息搜索", position=0)
    purchase = StageFactory(map=cast.map, name="Покупка", position=1)
    website = LaneFactory(map=cast.map, position=0, channel__name="Сайт")
    store = LaneFactory(map=cast.map, position=1, channel__name="经销商")
    look = TouchpointFactory(stage=search, lane=website, title="Смотрит обзоры", emotion=1, position=0)
    drive = TouchpointFactory(stage=purchase, lane=store, title="试驾", emotion=2, position=0)
    look.next_touchpoints.add(drive)
    PainPointFactory(stage=purchase, touchpoint=drive, title="排队太久")
    return cast


def export(journey, format: str):
    return swimlane_export(map_grid(journey.map), format)


def on_page(work):
    """Runs `work` on the loop of the warm page, as the renderer itself does."""
    return asyncio.run_coroutine_threadsafe(work, renderer._loop).result(30)


def test_it_draws_a_png_at_twice_the_size_of_the_figure_for_sharp_slides(journey):
    file = export(journey, "png")
    assert file.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert file.content_type == "image/png"
    with Image.open(io.BytesIO(file.content)) as image:
        assert image.format == "PNG"
        width, height = image.size
    figure = with_title(swimlane_figure(map_grid(journey.map)), journey.map.title)
    assert (width, height) == (2 * figure.layout.width, 2 * figure.layout.height)
    assert file.filename == "汽车买家-покупатель-автомобиля-swimlane.png"


def test_it_draws_an_svg_that_keeps_chinese_and_russian_as_text(journey):
    file = export(journey, "svg")
    text = file.content.decode()
    assert text.startswith("<svg") and text.rstrip().endswith("</svg>")
    for words in (CHINESE, RUSSIAN, "信息搜索", "Покупка", "Смотрит обзоры", "试驾"):
        assert words in text


def test_it_draws_a_pdf_with_the_fonts_embedded(journey):
    file = export(journey, "pdf")
    assert file.content.startswith(b"%PDF-") and file.content.rstrip().endswith(b"%%EOF")
    assert file.content_type == "application/pdf"
    assert len(file.content) > 20_000
    # Chromium embeds the Noto fonts it drew the text with, CJK included.
    assert b"NotoSansCJK" in file.content


def test_it_keeps_one_page_warm_for_every_picture(journey):
    export(journey, "svg")
    page = renderer._page
    assert renderer.is_running
    export(journey, "png")
    export(journey, "pdf")
    assert renderer._page is page


def test_it_starts_a_fresh_browser_after_one_failed(journey, monkeypatch):
    export(journey, "svg")
    broken = renderer._page

    async def fail(*args, **kwargs):
        raise RuntimeError("plotly.js could not draw this")

    monkeypatch.setattr(broken, "picture", fail)
    with pytest.raises(RuntimeError):
        export(journey, "png")
    assert not renderer.is_running
    assert export(journey, "png").content.startswith(b"\x89PNG")
    assert renderer._page is not broken


@pytest.mark.parametrize("crash", ["Browser.crash", "Page.crash"])
def test_the_picture_after_a_crash_is_drawn_by_a_fresh_browser(journey, crash):
    export(journey, "png")
    crashed = renderer._page
    with pytest.raises(BrowserGone):
        on_page(crashed._command(crash))
    assert export(journey, "pdf").content.startswith(b"%PDF-")
    assert renderer._page is not crashed and renderer._page.is_alive


def test_a_browser_that_dies_unnoticed_between_pictures_is_replaced_within_the_same_export(journey, monkeypatch):
    export(journey, "png")
    dying = renderer._page
    monkeypatch.setattr(type(dying), "is_alive", property(lambda page: True))  # as if it died just now
    on_page(dying.browser.close())
    assert export(journey, "png").content.startswith(b"\x89PNG")
    assert renderer._page is not dying


@pytest.mark.parametrize(("format", "magic"), [("png", b"\x89PNG"), ("svg", b"<svg"), ("pdf", b"%PDF-")])
def test_it_downloads_each_picture_for_every_member(journey, format, magic):
    response = journey.client_for("viewer").get(reverse("maps:export", args=[journey.map.pk, format]))
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_png_is_twice_the_figure_up_to_a_size_and_never_smaller_than_the_figure():
    assert png_scale(600, 400) == 2
    assert png_scale(3000, 3000) * 3000 == pytest.approx(PNG_MAX_PIXELS**0.5)  # between 1 and 2
    assert png_scale(4000, 3000) == 1
    # The benchmark map: shrunk, its 11 px labels would blur.
    assert png_scale(3104, 4070) == 1
    # Past the largest picture Chromium is asked for, it is drawn smaller after all.
    assert 10_000 * 8_000 * png_scale(10_000, 8_000) ** 2 == pytest.approx(PNG_LARGEST_PIXELS)


def test_it_asks_the_renderer_for_the_scale_of_the_figures_size(monkeypatch):
    scales = []

    def render(figure, *, format, scale):
        scales.append(scale)
        return b""

    monkeypatch.setattr(renderer, "render", render)
    figure_image(go.Figure(layout={"width": 600, "height": 400}), "png")
    figure_image(go.Figure(), "png")  # plotly.js's 700 x 500
    figure_image(go.Figure(layout={"width": 600, "height": 400}), "pdf")
    assert scales == [2, 2, 1]


def test_a_large_png_arrives_whole_at_the_figures_own_size():
    # Smoothed colours differ from pixel to pixel: a file of megabytes, read from the pipe in pieces.
    noise = [[(row * 7919 + column * 104729) % 101 for column in range(60)] for row in range(60)]
    figure = go.Figure(go.Heatmap(z=noise, zsmooth="best"), layout={"width": 3000, "height": 4200})
    content = figure_image(figure, "png")
    with Image.open(io.BytesIO(content)) as image:
        image.load()  # a truncated file fails here
        assert image.size == (3000, 4200)
    assert len(content) > 2 << 20


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils are missing: run scripts/install-browser")
def test_a_pdf_is_one_page_the_size_of_the_figure_with_its_words_as_text(journey, tmp_path):
    figure = with_title(swimlane_figure(map_grid(journey.map)), journey.map.title)
    path = tmp_path / "swimlane.pdf"
    path.write_bytes(export(journey, "pdf").content)
    info = dict(
        line.split(":", 1)
        for line in subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout.splitlines()
    )
    assert info["Pages"].strip() == "1"
    # PDF points are 3/4 of a CSS pixel.
    width, height = (float(number) for number in info["Page size"].split("pts")[0].split(" x "))
    assert (width, height) == (
        pytest.approx(figure.layout.width * 0.75, abs=1),
        pytest.approx(figure.layout.height * 0.75, abs=1),
    )
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    for words in (CHINESE, RUSSIAN, "信息搜索", "Покупка", "Смотрит обзоры", "试驾"):
        assert words in text


def test_a_png_shows_the_touchpoints_in_their_emotions_colours(journey):
    with Image.open(io.BytesIO(export(journey, "png").content)) as image:
        colours = {colour for _count, colour in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    for emotion in (1, 2):
        assert rgb(EMOTION_COLOURS[emotion]) in colours
    assert rgb(EMOTION_COLOURS[-2]) not in colours


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[index : index + 2], 16) for index in (1, 3, 5))


def test_the_pipe_from_the_browser_reads_answers_of_many_reads_and_several_in_one():
    pipe = WholeMessagePipe()
    pipe.open()
    large = {"id": 1, "result": {"data": "A" * (3 * WholeMessagePipe.READ_SIZE + 7)}}
    sent = json.dumps(large).encode() + b"\0" + b'{"id": 2, "result": {}}\0'

    def browser_writes():
        for start in range(0, len(sent), 65_536):
            os.write(pipe.from_external_to_choreo, sent[start : start + 65_536])

    writer = threading.Thread(target=browser_writes)
    writer.start()
    received: list = []
    while len(received) < 2:
        received += pipe.read_jsons(blocking=True)[0]
    writer.join()
    pipe.close()
    assert received == [large, {"id": 2, "result": {}}]
