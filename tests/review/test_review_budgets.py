"""The review pages and fragments stay within a fixed number of queries on the large map."""

import pytest
from django.urls import reverse

from maps.activity import acting_as
from maps.models import MapMember, Role
from review.comments import comment_create
from review.sharing import share_link_create
from review.versions import version_create
from tests.conftest import HTMX
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(benchmark_map, db, client):
    """The benchmark map under review: 40 threads with a reply each, and a version."""
    journey_map = benchmark_map
    journey_map.refresh_from_db()
    owner, reviewer = journey_map.owner, UserFactory(username="cx")
    MapMember.objects.create(map=journey_map, user=reviewer, role=Role.REVIEWER)
    items = [*journey_map.touchpoints.all()[:30], *journey_map.stages.all()[:5], *journey_map.pain_points.all()[:5]]
    with acting_as(reviewer):
        for item in items:
            thread = comment_create(journey_map=journey_map, author=reviewer, body=f"@{owner.username} look", item=item)
            comment_create(journey_map=journey_map, author=owner, body="ok", parent=thread)
    version_create(journey_map=journey_map, user=owner)
    client.force_login(owner)
    client.get("/")
    return journey_map, client


def test_the_grid_page_with_comment_badges_stays_within_budget(large, max_queries):
    journey_map, client = large
    with max_queries(15):
        response = client.get(journey_map.get_absolute_url())
    assert response.text.count('data-testid="comment-badge"') == 40


@pytest.mark.parametrize(
    "name,query",
    [
        ("maps:comments", {}),
        ("maps:comments", {"show": "mine"}),
        ("maps:activity", {}),
        ("maps:review", {}),
        ("maps:versions", {}),
    ],
)
def test_every_review_fragment_stays_within_budget(large, max_queries, name, query):
    journey_map, client = large
    with max_queries(8, info=name):
        response = client.get(reverse(name, args=[journey_map.pk]), query, headers=HTMX)
    assert response.status_code == 200


def test_a_comment_stays_within_budget(large, max_queries):
    journey_map, client = large
    touchpoint = journey_map.touchpoints.first()
    with max_queries(14, info="comment"):
        response = client.post(
            reverse("maps:comment-new", args=[journey_map.pk]),
            {"body": "@cx see", "item": f"touchpoint:{touchpoint.pk}"},
            headers=HTMX,
        )
    assert response.status_code == 200


def test_the_notifications_page_stays_within_budget(large, max_queries):
    _, client = large
    with max_queries(4):
        client.get(reverse("maps:notifications"))


def test_the_shared_page_reads_the_map_like_the_grid_page(large, max_queries, client):
    journey_map, _ = large
    link = share_link_create(journey_map=journey_map, user=journey_map.owner)
    client.logout()
    with max_queries(12):
        client.get(reverse("maps:shared", args=[link.token]))
