"""Pictures of the swimlane drawn by kaleido in Debian's Chromium (scripts/install-browser)."""

import io

import plotly.graph_objects as go
import pytest
from django.urls import reverse
from PIL import Image

from charts.plotting import with_title
from charts.rendering import PNG_MAX_PIXELS, figure_image, renderer, swimlane_export
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


def test_it_keeps_one_browser_warm_for_every_picture(journey):
    export(journey, "svg")
    browser = renderer._kaleido
    assert renderer.is_running
    export(journey, "png")
    export(journey, "pdf")
    assert renderer._kaleido is browser


def test_it_starts_a_fresh_browser_after_one_failed(journey, monkeypatch):
    export(journey, "svg")
    broken = renderer._kaleido

    async def fail(*args, **kwargs):
        raise RuntimeError("the browser went away")

    monkeypatch.setattr(broken, "calc_fig", fail)
    with pytest.raises(RuntimeError):
        export(journey, "png")
    assert not renderer.is_running
    assert export(journey, "png").content.startswith(b"\x89PNG")
    assert renderer._kaleido is not broken


@pytest.mark.parametrize(("format", "magic"), [("png", b"\x89PNG"), ("svg", b"<svg"), ("pdf", b"%PDF-")])
def test_it_downloads_each_picture_for_every_member(journey, format, magic):
    response = journey.client_for("viewer").get(reverse("maps:export", args=[journey.map.pk, format]))
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert response["Content-Disposition"].startswith("attachment;")


def test_it_draws_a_huge_map_at_a_scale_that_keeps_the_file_reasonable(monkeypatch):
    scales = []

    def render(figure, *, format, scale):
        scales.append(scale)
        return b""

    monkeypatch.setattr(renderer, "render", render)
    figure_image(go.Figure(layout={"width": 600, "height": 400}), "png")
    figure_image(go.Figure(layout={"width": 4000, "height": 3000}), "png")
    figure_image(go.Figure(layout={"width": 4000, "height": 3000}), "pdf")
    assert scales[0] == 2
    assert 4000 * 3000 * scales[1] ** 2 == pytest.approx(PNG_MAX_PIXELS)
    assert scales[2] == 1
