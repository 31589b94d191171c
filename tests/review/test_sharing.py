"""Read-only share links: the grid and the swimlane for anyone with the link, nothing else."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from review.comments import comment_create
from review.models import ShareLink
from review.sharing import share_link_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who,status", [("owner", 302), ("editor", 403), ("reviewer", 403), ("viewer", 403), ("outsider", 404)]
)
def test_it_lets_only_the_owner_create_a_share_link(cast, who, status):
    response = cast.client_for(who).post(reverse("maps:share", args=[cast.map.pk]), {"expires_in_days": ""})
    assert response.status_code == status
    assert ShareLink.objects.exists() == (who == "owner")


def test_it_shows_the_grid_and_swimlane_without_comments_members_or_edit_controls(board):
    cast = board.cast
    comment_create(journey_map=cast.map, author=cast.reviewer, body="Secret remark", item=board.touchpoints[0])
    link = share_link_create(journey_map=cast.map, user=cast.owner)
    assert len(link.token) >= 40
    anonymous = Client()
    response = anonymous.get(reverse("maps:shared", args=[link.token]))
    assert response.status_code == 200
    text = response.text
    assert "Sees an ad" in text and "Long queue" in text and 'data-testid="swimlane"' in text
    for hidden in (
        "Secret remark",
        "comment-badge",
        "reviewer",
        cast.owner.username,
        "editor",
        "/edit/",
        "hx-post",
        "Submit for review",
    ):
        assert hidden not in text, hidden
    figures = anonymous.get(reverse("maps:shared-swimlane", args=[link.token]))
    assert figures.status_code == 200 and "Sees an ad" in figures.text


def test_it_shows_nothing_after_the_link_is_revoked(cast):
    link = share_link_create(journey_map=cast.map, user=cast.owner)
    cast.client_for("owner").post(reverse("maps:share-revoke", args=[cast.map.pk, link.pk]))
    anonymous = Client()
    assert anonymous.get(reverse("maps:shared", args=[link.token])).status_code == 404
    assert anonymous.get(reverse("maps:shared-swimlane", args=[link.token])).status_code == 404


def test_it_shows_nothing_after_the_link_expires(cast):
    link = share_link_create(journey_map=cast.map, user=cast.owner, expires_in_days=1)
    assert Client().get(reverse("maps:shared", args=[link.token])).status_code == 200
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get(reverse("maps:shared", args=[link.token])).status_code == 404


def test_it_shows_nothing_for_a_made_up_token(cast):
    assert Client().get(reverse("maps:shared", args=["not-a-token"])).status_code == 404


def test_it_keeps_a_share_link_visitor_out_of_everything_else(cast):
    share_link_create(journey_map=cast.map, user=cast.owner)
    anonymous = Client()
    for name in ("maps:detail", "maps:comments", "maps:activity", "maps:versions", "maps:changes"):
        response = anonymous.get(reverse(name, args=[cast.map.pk]))
        assert response.status_code == 302 and "/login/" in response["Location"], name
