"""The live poll: 204 while nothing changed, events when something did, who else is here."""

import json
import time

import pytest
from django.urls import reverse

from maps.services import item_update
from review.comments import comment_create
from review.live import live_state
from tests.conftest import HTMX, ROLES

pytestmark = pytest.mark.django_db


def poll(client, journey_map, since: str):
    return client.get(reverse("maps:changes", args=[journey_map.pk]), {"since": since}, headers=HTMX)


def token(cast, user) -> str:
    cast.map.refresh_from_db()
    return live_state(cast.map, user).token


@pytest.mark.parametrize("who", ROLES)
def test_it_answers_no_content_while_nothing_changed(cast, who):
    client = cast.client_for(who)
    assert poll(client, cast.map, token(cast, getattr(cast, who))).status_code == 204


def test_it_hides_the_poll_from_an_outsider(cast):
    assert poll(cast.client_for("outsider"), cast.map, "1.0.").status_code == 404


def test_it_tells_the_page_to_refresh_the_grid_after_someone_else_edits(board):
    cast = board.cast
    since = token(cast, cast.viewer)
    stage = board.stages[0]
    item_update(item=stage, expected_version=stage.version, fields=["name"])
    response = poll(cast.client_for("viewer"), cast.map, since)
    assert response.status_code == 200
    assert set(json.loads(response["HX-Trigger"])) == {"grid-stale"}
    assert f'name="since" value="{token(cast, cast.viewer)}"' in response.text


def test_it_tells_the_page_about_new_comments(board):
    cast = board.cast
    since = token(cast, cast.editor)
    comment_create(journey_map=cast.map, author=cast.reviewer, body="Hm")
    response = poll(cast.client_for("editor"), cast.map, since)
    assert {"grid-stale", "comments-stale", "notifications-stale"} <= set(json.loads(response["HX-Trigger"]))


def test_it_shows_who_else_has_the_map_open(cast):
    editor, reviewer = cast.client_for("editor"), cast.client_for("reviewer")
    since = token(cast, cast.editor)
    poll(reviewer, cast.map, token(cast, cast.reviewer))
    response = poll(editor, cast.map, since)
    assert response.status_code == 200 and "presence-changed" in response["HX-Trigger"]
    assert "reviewer" in response.text and ">editor<" not in response.text


def test_it_polls_in_a_few_queries_and_writes_nothing_whatever_the_size_of_the_map(max_queries, large):
    journey_map, client = large
    since = f"{journey_map.revision}.{journey_map.discussion_revision}."  # nothing new, nobody else here
    for info in ("first poll", "idle poll"):
        # the session, the user, the map with the user's role; presence is in the cache
        with max_queries(3, info=info) as context:
            assert poll(client, journey_map, since).status_code == 204
        writes = ("INSERT", "UPDATE", "DELETE")
        assert not [query["sql"] for query in context.captured_queries if query["sql"].startswith(writes)]


def test_someone_who_stops_polling_leaves_after_a_few_polls(cast, monkeypatch):
    from review import live

    clock = [time.time()]
    monkeypatch.setattr(time, "time", lambda: clock[0])  # the cache's timeouts follow this clock too
    poll(cast.client_for("reviewer"), cast.map, "")
    assert [name for _pk, name in live_state(cast.map, cast.editor).present] == ["reviewer"]
    clock[0] += live.PRESENT_FOR + 1
    assert live_state(cast.map, cast.editor).present == ()


def test_most_polls_leave_the_cache_alone(cast, monkeypatch):
    from review import live

    client = cast.client_for("reviewer")
    poll(client, cast.map, "")
    writes = []
    monkeypatch.setattr(live.cache, "set", lambda *args, **kwargs: writes.append(args))
    poll(client, cast.map, "")
    assert writes == []


def test_with_the_cache_in_the_database_only_a_presence_mark_writes_and_idle_polls_write_nothing(
    max_queries, large, settings
):
    """Without Redis the cache is a table of the database: the first poll marks the user
    present there (and nothing else), the polls that follow within `REFRESH_AFTER` write nothing."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": settings.CACHE_TABLE}
    }
    cache.clear()
    journey_map, client = large
    since = f"{journey_map.revision}.{journey_map.discussion_revision}."
    writes = ("INSERT", "UPDATE", "DELETE")
    # the first poll also puts the session back in the emptied cache
    with max_queries(20, info="first poll") as context:
        assert poll(client, journey_map, since).status_code == 204
    first = [query["sql"] for query in context.captured_queries if query["sql"].startswith(writes)]
    assert first and all(settings.CACHE_TABLE in sql for sql in first)
    for info in ("second poll", "third poll"):
        with max_queries(8, info=info) as context:
            assert poll(client, journey_map, since).status_code == 204
        assert not [query["sql"] for query in context.captured_queries if query["sql"].startswith(writes)]
