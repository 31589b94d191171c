"""A server without Chromium answers a picture export with a message, not a server error."""

import plotly.graph_objects as go
import pytest
from choreographer.errors import ChromeNotFoundError
from django.urls import reverse

from charts import rendering
from charts.rendering import RendererMissing, figure_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_chromium(monkeypatch):
    def render(*args, **kwargs):
        raise ChromeNotFoundError("No browser found at path='/usr/bin/chromium'.")

    monkeypatch.setattr(rendering.renderer, "render", render)


def test_a_missing_chromium_is_told_apart_from_other_rendering_faults(no_chromium):
    with pytest.raises(RendererMissing, match="scripts/install-browser"):
        figure_image(go.Figure(), "png")


@pytest.mark.parametrize("format", ["png", "svg", "pdf"])
def test_a_picture_export_without_chromium_answers_503_with_what_to_install(cast, no_chromium, format):
    response = cast.client_for("viewer").get(reverse("maps:export", args=[cast.map.pk, format]))
    assert response.status_code == 503
    assert "its Chromium browser is not installed" in response.text
    assert reverse("maps:export", args=[cast.map.pk, "html"]) in response.text


def test_the_html_export_needs_no_chromium(cast, no_chromium):
    response = cast.client_for("viewer").get(reverse("maps:export", args=[cast.map.pk, "html"]))
    assert response.status_code == 200
