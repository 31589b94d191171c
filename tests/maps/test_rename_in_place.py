"""Renaming a touchpoint's title or a stage's name in place on the grid: only editors, version-checked."""

import pytest
from django.urls import reverse

from tests.conftest import HTMX
from tests.factories import StageFactory, TouchpointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def touchpoint(cast):
    return TouchpointFactory(stage__map=cast.map, title="Reads reviews")


def rename(client, touchpoint, title: str, *, version: int | None = None, **headers):
    url = reverse("touchpoints:rename", args=[touchpoint.map_id, touchpoint.pk])
    return client.post(url, {"title": title, "version": version or touchpoint.version}, headers=headers)


@pytest.mark.parametrize("who", ["owner", "editor"])
def test_an_editor_renames_a_touchpoint_and_gets_its_card_back(cast, touchpoint, who):
    response = rename(cast.client_for(who), touchpoint, "Reads the reviews", **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#touchpoint-{touchpoint.pk}"
    assert "map-changed" in response["HX-Trigger"]
    assert ">Reads the reviews</a>" in response.text
    touchpoint.refresh_from_db()
    assert (touchpoint.title, touchpoint.version) == ("Reads the reviews", 2)


@pytest.mark.parametrize("who, status", [("reviewer", 403), ("viewer", 403), ("outsider", 404)])
def test_nobody_else_may_rename(cast, touchpoint, who, status):
    assert rename(cast.client_for(who), touchpoint, "Hacked").status_code == status
    touchpoint.refresh_from_db()
    assert touchpoint.title == "Reads reviews"


def test_a_rename_based_on_an_older_version_says_so_and_changes_nothing(cast, touchpoint):
    rename(cast.client_for("owner"), touchpoint, "Their title")
    response = rename(cast.client_for("editor"), touchpoint, "My title", version=1, **HTMX)
    assert response.status_code == 409
    assert ">Their title</a>" in response.text
    assert "was not renamed" in response.text
    assert "map-changed" not in response.get("HX-Trigger", "")
    touchpoint.refresh_from_db()
    assert (touchpoint.title, touchpoint.version) == ("Their title", 2)


def test_a_plain_post_goes_back_to_the_card_on_the_map(cast, touchpoint):
    response = rename(cast.client_for("editor"), touchpoint, "Compares prices")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#touchpoint-{touchpoint.pk}")


def test_a_stale_plain_post_is_told_on_the_map(cast, touchpoint):
    rename(cast.client_for("owner"), touchpoint, "Their title")
    editor = cast.client_for("editor")
    response = rename(editor, touchpoint, "My title", version=1)
    assert response.status_code == 302
    assert "was not renamed" in editor.get(response["Location"]).text


def test_the_new_title_is_escaped(cast, touchpoint):
    response = rename(cast.client_for("editor"), touchpoint, "<script>alert(1)</script>", **HTMX)
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_an_empty_title_is_refused(cast, touchpoint):
    response = rename(cast.client_for("editor"), touchpoint, "  ", **HTMX)
    assert response.status_code == 422
    touchpoint.refresh_from_db()
    assert touchpoint.title == "Reads reviews"


def rename_stage(client, stage, name: str, *, version: int | None = None, **headers):
    url = reverse("maps:stage-rename", args=[stage.map_id, stage.pk])
    return client.post(url, {"name": name, "version": version or stage.version}, headers=headers)


@pytest.mark.parametrize(
    "who, status", [("owner", 200), ("editor", 200), ("reviewer", 403), ("viewer", 403), ("outsider", 404)]
)
def test_only_editors_rename_a_stage_in_place(cast, who, status):
    stage = StageFactory(map=cast.map, name="Awareness")
    response = rename_stage(cast.client_for(who), stage, "Discovery", **HTMX)
    assert response.status_code == status
    stage.refresh_from_db()
    assert stage.name == ("Discovery" if status == 200 else "Awareness")
    if status == 200:
        assert response["HX-Retarget"] == f"#stage-{stage.pk}" and "Discovery" in response.text


def test_a_stale_stage_rename_answers_the_stage_as_it_is(cast):
    stage = StageFactory(map=cast.map, name="Awareness")
    rename_stage(cast.client_for("owner"), stage, "Discovery")
    response = rename_stage(cast.client_for("editor"), stage, "Attention", version=1, **HTMX)
    assert response.status_code == 409
    assert "Discovery" in response.text and "was not renamed" in response.text
    stage.refresh_from_db()
    assert stage.name == "Discovery"
