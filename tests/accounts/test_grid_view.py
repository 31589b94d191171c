"""The grid view (zoom, stage details as rows) is each reader's own, kept with their account."""

import re

import pytest
from django.urls import reverse

from accounts.models import Profile
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def choose(client, *, zoom: str, stage_rows: bool = False, next_url: str = "", **headers):
    data = {"grid_zoom": zoom, "next": next_url} | ({"grid_stage_rows": "on"} if stage_rows else {})
    return client.post(reverse("grid-view"), data, headers=headers)


def test_a_new_reader_sees_the_normal_zoom_without_stage_rows(cast):
    text = cast.client_for("viewer").get(cast.map.get_absolute_url()).text
    assert 'class="grid-view grid-view--normal"' in text
    assert not Profile.objects.filter(user=cast.viewer).exists()


def test_a_plain_post_keeps_the_choice_and_goes_back_to_the_map(cast):
    client = cast.client_for("editor")
    response = choose(client, zoom="compact", stage_rows=True, next_url=cast.map.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == cast.map.get_absolute_url()
    profile = Profile.objects.get(user=cast.editor)
    assert (profile.grid_zoom, profile.grid_stage_rows) == ("compact", True)
    text = client.get(cast.map.get_absolute_url()).text
    assert 'class="grid-view grid-view--compact grid-view--stage-rows"' in text
    assert re.search(r'<input type="radio" name="grid_zoom" value="compact"[^>]* checked>', text)


def test_the_choice_is_each_reader_s_own(cast):
    choose(cast.client_for("owner"), zoom="detailed")
    assert "grid-view--detailed" in cast.client_for("owner").get(cast.map.get_absolute_url()).text
    assert "grid-view--normal" in cast.client_for("reviewer").get(cast.map.get_absolute_url()).text


def test_the_choice_follows_the_reader_to_a_new_login(cast):
    choose(cast.client_for("viewer"), zoom="compact", stage_rows=True)
    text = cast.client_for("viewer").get(cast.map.get_absolute_url()).text
    assert "grid-view--compact grid-view--stage-rows" in text


def test_a_script_s_post_answers_no_content(cast):
    response = choose(cast.client_for("reviewer"), zoom="detailed", **HTMX)
    assert response.status_code == 204
    assert Profile.objects.get(user=cast.reviewer).grid_zoom == "detailed"


def test_an_unknown_zoom_is_refused_and_nothing_is_kept(cast):
    assert choose(cast.client_for("owner"), zoom="huge", **HTMX).status_code == 422
    assert choose(cast.client_for("owner"), zoom="huge").status_code == 302
    assert not Profile.objects.filter(user=cast.owner).exclude(grid_zoom="normal").exists()


def test_it_goes_back_only_to_a_page_of_this_site(cast):
    response = choose(cast.client_for("owner"), zoom="compact", next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_it_asks_to_log_in_first(client):
    response = client.post(reverse("grid-view"), {"grid_zoom": "compact"})
    assert response.status_code == 302 and "/login/" in response["Location"]
