"""An htmx request that fails answers a small notice for the page's notice region, never a
whole error page (or Django's debug page) swapped into the grid; plain requests get the
designed 403, 404 and 500 pages."""

import pytest
from django.test import Client
from django.urls import reverse

from maps.models import Stage
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def assert_notice(response, status: int, words: str) -> None:
    assert response.status_code == status
    assert response["HX-Retarget"] == "#toasts" and response["HX-Reswap"] == "beforeend"
    assert 'data-testid="notice-toast"' in response.text and words in response.text
    assert "<html" not in response.text and "Traceback" not in response.text


def test_a_missing_item_answers_a_not_found_notice(board):
    url = reverse("touchpoints:edit", args=[board.cast.map.pk, 999])
    assert_notice(board.cast.client_for("owner").get(url, headers=HTMX), 404, "no longer here")


def test_a_refusal_answers_its_reason_as_a_notice(board):
    url = reverse("maps:stage-new", args=[board.cast.map.pk])
    assert_notice(board.cast.client_for("viewer").post(url, {"name": "X"}, headers=HTMX), 403, "Only editors")


def test_a_server_error_answers_a_notice(board, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the database fell over")

    monkeypatch.setattr("maps.views.stage_append", broken)
    client = Client(raise_request_exception=False)
    client.force_login(board.cast.owner)
    response = client.post(reverse("maps:stage-new", args=[board.cast.map.pk]), {"name": "X"}, headers=HTMX)
    assert_notice(response, 500, "nothing was changed")
    assert not Stage.objects.filter(name="X").exists()


def test_form_errors_and_stale_saves_keep_their_own_answers(board):
    url = reverse("maps:stage-new", args=[board.cast.map.pk])
    response = board.cast.client_for("owner").post(url, {"name": ""}, headers=HTMX)
    assert response.status_code == 422 and "HX-Retarget" not in response and 'id="item-form"' in response.text


def test_plain_requests_get_the_designed_pages(board, settings, monkeypatch):
    settings.DEBUG = False
    client = board.cast.client_for("owner")
    assert "Not found" in client.get(reverse("touchpoints:edit", args=[board.cast.map.pk, 999])).text
    monkeypatch.setattr("maps.views.stage_append", lambda **kwargs: 1 / 0)
    client = Client(raise_request_exception=False)
    client.force_login(board.cast.owner)
    page = client.post(reverse("maps:stage-new", args=[board.cast.map.pk]), {"name": "X"})
    assert page.status_code == 500 and "Something went wrong" in page.text
