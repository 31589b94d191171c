"""Moving models to the apps of their capability keeps every row of an existing database."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("maps", "0007_review_collaboration")]


def migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_rows_of_the_moved_models_survive_the_move():
    old = migrate(BEFORE)
    user = old.get_model("auth", "User").objects.create(username="owner")
    journey_map = old.get_model("maps", "JourneyMap").objects.create(title="Before the move", owner=user)
    comment = old.get_model("maps", "Comment").objects.create(map=journey_map, author=user, body="Look")
    old.get_model("maps", "Notification").objects.create(user=user, map=journey_map, comment=comment, actor=user)
    old.get_model("maps", "MapVersion").objects.create(map=journey_map, number=1, snapshot={"title": "v1"})
    old.get_model("maps", "ShareLink").objects.create(map=journey_map, token="secret", created_by=user)
    old.get_model("maps", "StagedUpload").objects.create(
        user=user, map=journey_map, kind="map_json", file_name="map.json", content=b"{}"
    )
    log = old.get_model("maps", "InteractionImport").objects.create(map=journey_map, file_name="log.csv", content=b"")

    new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert new.get_model("review", "Notification").objects.get().comment.body == "Look"
    assert new.get_model("review", "MapVersion").objects.get().snapshot == {"title": "v1"}
    assert new.get_model("review", "ShareLink").objects.get().token == "secret"
    assert new.get_model("interchange", "StagedUpload").objects.get().file_name == "map.json"
    assert new.get_model("customer_data", "InteractionImport").objects.get().pk == log.pk
    assert new.get_model("maps", "JourneyMap").objects.get().title == "Before the move"


@pytest.mark.django_db(transaction=True)
def test_the_text_of_comments_deleted_before_the_upgrade_leaves_the_activity_feed():
    old = migrate([("maps", "0008_models_move_to_their_apps")])
    user = old.get_model("auth", "User").objects.create(username="author")
    journey_map = old.get_model("maps", "JourneyMap").objects.create(title="Feed", owner=user)
    Comment, Activity = old.get_model("maps", "Comment"), old.get_model("maps", "Activity")
    kept = Comment.objects.create(map=journey_map, author=user, body="Keep me")
    Activity.objects.create(map=journey_map, actor=user, verb="commented", target="the map", detail="Keep me")
    gone = Comment.objects.create(map=journey_map, author=user, body="Salary of Jo")
    Activity.objects.create(map=journey_map, actor=user, verb="commented", target="the map", detail="Salary of Jo")
    Comment.objects.filter(pk=gone.pk).update(body="", deleted_at=gone.created_at)

    new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    feed = new.get_model("maps", "Activity").objects.order_by("pk")
    assert [(line.comment_id, line.detail) for line in feed] == [(kept.pk, "Keep me"), (gone.pk, "")]


@pytest.mark.django_db(transaction=True)
def test_maps_made_before_the_search_text_are_found_by_the_search_after_the_upgrade():
    old = migrate([("maps", "0011_journeytemplate_language")])
    user = old.get_model("auth", "User").objects.create(username="searcher")
    old.get_model("maps", "JourneyMap").objects.create(title="Карта ПУТИ", description="ＡＢＣ：会员", owner=user)

    new = migrate([("maps", "0012_journeymap_search_text")])

    assert new.get_model("maps", "JourneyMap").objects.get().search_text == "карта пути abc 会员"
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
