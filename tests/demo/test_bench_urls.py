"""The least edit `bench` measures the app's edit against (demo/bench_urls.py): it does the
least a real edit must, so it must refuse what a real edit refuses."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maps.models import Activity, Role
from tests.factories import MapMemberFactory, TouchpointFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("demo.bench_urls")]


@pytest.fixture
def card():
    return TouchpointFactory(title="Before")


def least_edit(client, touchpoint, **fields):
    url = reverse("bench-least-edit", args=[touchpoint.map_id, touchpoint.pk])
    return client.post(url, {"title": "<b>After</b>", "version": touchpoint.version} | fields)


@pytest.mark.parametrize("role", [Role.OWNER, Role.EDITOR])
def test_an_editor_saves_the_card_moves_the_map_on_and_writes_the_feed(client, card, role):
    user = card.map.owner if role == Role.OWNER else MapMemberFactory(map=card.map, role=role).user
    client.force_login(user)
    revision = card.map.revision

    response = least_edit(client, card)

    assert response.status_code == 200
    assert b"&lt;b&gt;After&lt;/b&gt;" in response.content
    assert f'data-version="{card.version + 1}"'.encode() in response.content
    card.refresh_from_db()
    card.map.refresh_from_db()
    assert (card.title, card.map.revision) == ("<b>After</b>", revision + 1)
    assert Activity.objects.filter(map=card.map, actor=user, verb="changed").count() == 1


def test_a_stale_version_is_refused_and_nothing_is_written(client, card):
    client.force_login(card.map.owner)
    revision = card.map.revision

    response = least_edit(client, card, version=card.version - 1)

    assert response.status_code == 409
    card.refresh_from_db()
    card.map.refresh_from_db()
    assert (card.title, card.map.revision) == ("Before", revision)
    assert not Activity.objects.filter(map=card.map).exists()


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.VIEWER, None])
def test_reviewers_viewers_and_outsiders_are_refused(client, card, role):
    user = MapMemberFactory(map=card.map, role=role).user if role else UserFactory()
    client.force_login(user)

    assert least_edit(client, card).status_code == 403
    card.refresh_from_db()
    assert card.title == "Before"


def test_a_map_in_the_trash_is_refused(client, card):
    client.force_login(card.map.owner)
    card.map.deleted_at = timezone.now()
    card.map.save(update_fields=["deleted_at"])

    assert least_edit(client, card).status_code == 403
    card.refresh_from_db()
    assert card.title == "Before"


def test_someone_signed_out_is_sent_to_sign_in(client, card):
    response = least_edit(client, card)

    assert response.status_code == 302
    card.refresh_from_db()
    assert card.title == "Before"


def test_a_post_without_the_csrf_token_is_refused(card):
    client = Client(enforce_csrf_checks=True)
    client.force_login(card.map.owner)

    assert least_edit(client, card).status_code == 403


@pytest.mark.parametrize("fields", [{"title": ""}, {"version": "x"}, {"version": "9" * 30}])
def test_a_post_without_a_title_or_a_version_is_refused_and_nothing_is_written(client, card, fields):
    client.force_login(card.map.owner)

    assert least_edit(client, card, **fields).status_code == 400
    card.refresh_from_db()
    assert card.title == "Before"
