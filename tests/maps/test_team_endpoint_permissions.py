"""Every endpoint of members, invitations, settings, the map's life, duplicates and the
read-only views, asked by everyone: anonymous visitors are sent to log in, outsiders do
not learn the map exists (404), members without the right are refused (403)."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from maps.lifecycle import map_trash
from maps.models import JourneyMap, MapInvitation, MapMember
from review.members import member_invite
from tests.factories import PersonaFactory

pytestmark = pytest.mark.django_db

EVERYONE = {"owner", "editor", "reviewer", "viewer"}
EDITORS = {"owner", "editor"}
OWNER = {"owner"}
WHO = ["anonymous", "outsider", "viewer", "reviewer", "editor", "owner"]


def nothing(board) -> dict:
    return {}


def version(board) -> int:
    return JourneyMap.objects.get(pk=board.cast.map.pk).version


def settings_data(board) -> dict:
    return {"title": "Renamed", "journey_type": "rational", "state": "as_is", "version": version(board)}


def member_id(board, who: str) -> int:
    return MapMember.objects.get(map=board.cast.map, user=getattr(board.cast, who)).pk


def invitation_id(board) -> int:
    if not MapInvitation.objects.exists():
        member_invite(journey_map=board.cast.map, by=board.cast.owner, identifier="new@example.org", role="viewer")
    return MapInvitation.objects.get().pk


def persona_id(board) -> int:
    persona = PersonaFactory()
    board.cast.map.personas.add(persona)
    return persona.pk


# (name, method, url, data, the roles that may)
ENDPOINTS: list[tuple[str, str, Callable, Callable, set[str]]] = [
    ("members", "GET", lambda b: reverse("maps:members", args=[b.cast.map.pk]), nothing, EVERYONE),
    (
        "invite",
        "POST",
        lambda b: reverse("maps:members", args=[b.cast.map.pk]),
        lambda b: {"user": "new@example.org", "role": "reviewer"},
        OWNER,
    ),
    (
        "member-role",
        "POST",
        lambda b: reverse("maps:member-role", args=[b.cast.map.pk, member_id(b, "viewer")]),
        lambda b: {"role": "reviewer"},
        OWNER,
    ),
    (
        "member-remove",
        "POST",
        lambda b: reverse("maps:member-remove", args=[b.cast.map.pk, member_id(b, "reviewer")]),
        nothing,
        OWNER,
    ),
    (
        "owner-transfer",
        "POST",
        lambda b: reverse("maps:owner-transfer", args=[b.cast.map.pk]),
        lambda b: {"member": member_id(b, "editor")},
        OWNER,
    ),
    (
        "invitation-revoke",
        "POST",
        lambda b: reverse("maps:invitation-revoke", args=[b.cast.map.pk, invitation_id(b)]),
        nothing,
        OWNER,
    ),
    ("settings", "GET", lambda b: reverse("maps:settings", args=[b.cast.map.pk]), nothing, EDITORS),
    ("settings-save", "POST", lambda b: reverse("maps:settings", args=[b.cast.map.pk]), settings_data, EDITORS),
    (
        "archive",
        "POST",
        lambda b: reverse("maps:archive", args=[b.cast.map.pk]),
        lambda b: {"archived": "1"},
        OWNER,
    ),
    ("delete-ask", "GET", lambda b: reverse("maps:delete", args=[b.cast.map.pk]), nothing, OWNER),
    ("delete", "POST", lambda b: reverse("maps:delete", args=[b.cast.map.pk]), nothing, OWNER),
    ("duplicate-form", "GET", lambda b: reverse("maps:duplicate", args=[b.cast.map.pk]), nothing, EVERYONE),
    (
        "duplicate",
        "POST",
        lambda b: reverse("maps:duplicate", args=[b.cast.map.pk]),
        lambda b: {"title": "Copy", "state": "to_be"},
        EVERYONE,
    ),
    ("persona", "GET", lambda b: reverse("maps:persona", args=[b.cast.map.pk, persona_id(b)]), nothing, EVERYONE),
    (
        "touchpoint-view",
        "GET",
        lambda b: reverse("touchpoints:view", args=[b.cast.map.pk, b.touchpoints[0].pk]),
        nothing,
        EVERYONE,
    ),
    (
        "pain-point-view",
        "GET",
        lambda b: reverse("touchpoints:pain-point-view", args=[b.cast.map.pk, b.pain_point.pk]),
        nothing,
        EVERYONE,
    ),
    (
        "opportunity-view",
        "GET",
        lambda b: reverse("touchpoints:opportunity-view", args=[b.cast.map.pk, b.opportunity.pk]),
        nothing,
        EVERYONE,
    ),
]


def client_of(board, who: str, client):
    return client if who == "anonymous" else board.cast.client_for(who)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "allowed"), ENDPOINTS, ids=[endpoint[0] for endpoint in ENDPOINTS]
)
def test_each_endpoint_answers_each_person_as_their_role_allows(board, client, who, name, method, url, data, allowed):
    address = url(board)
    http = client_of(board, who, client)
    response = http.get(address) if method == "GET" else http.post(address, data(board))
    if who == "anonymous":
        assert response.status_code == 302 and "/login/" in response.url
    elif who == "outsider":
        assert response.status_code == 404
    elif who in allowed:
        assert response.status_code in (200, 302), response.text[:300]
    else:
        assert response.status_code == 403


def test_nothing_changed_for_those_refused(board):
    """The refused writes above leave the map as it was: checked once, on one refused role each."""
    cast = board.cast
    for who in ("editor", "reviewer", "viewer"):
        client = cast.client_for(who)
        client.post(reverse("maps:members", args=[cast.map.pk]), {"user": "new@example.org", "role": "editor"})
        client.post(reverse("maps:member-remove", args=[cast.map.pk, member_id(board, "viewer")]))
        client.post(reverse("maps:owner-transfer", args=[cast.map.pk]), {"member": member_id(board, who)})
        client.post(reverse("maps:archive", args=[cast.map.pk]), {"archived": "1"})
        client.post(reverse("maps:delete", args=[cast.map.pk]))
    journey_map = JourneyMap.objects.get(pk=cast.map.pk)
    assert journey_map.owner == cast.owner and journey_map.archived_at is None and journey_map.deleted_at is None
    assert MapMember.objects.filter(map=cast.map).count() == 4 and not MapInvitation.objects.exists()


@pytest.mark.parametrize("who", WHO)
def test_the_trash_shows_each_person_only_what_they_deleted(board, client, who):
    map_trash(journey_map=board.cast.map, user=board.cast.owner)
    http = client_of(board, who, client)
    listing = http.get(reverse("maps:trash"))
    restore = http.post(reverse("maps:trash-restore", args=[board.cast.map.pk]))
    if who == "anonymous":
        assert listing.status_code == 302 and restore.status_code == 302 and "/login/" in restore.url
    elif who == "owner":
        assert "Car buyer" in listing.text and restore.status_code == 302
    else:
        assert "Car buyer" not in listing.text and restore.status_code == 404
    assert (JourneyMap.objects.get(pk=board.cast.map.pk).deleted_at is None) == (who == "owner")


@pytest.mark.parametrize("who", WHO)
def test_an_invitation_link_is_open_to_whoever_holds_it(board, client, who):
    """The token is the key: anyone may see the invitation; accepting needs an account."""
    invited = member_invite(
        journey_map=board.cast.map, by=board.cast.owner, identifier="new@example.org", role="reviewer"
    )
    token = invited.link.rstrip("/").rsplit("/", 1)[-1]
    http = client_of(board, who, client)
    assert http.get(reverse("maps:invitation", args=[token])).status_code == 200
    response = http.post(reverse("maps:invitation", args=[token]))
    if who == "anonymous":
        assert response.status_code == 200 and not MapInvitation.objects.get().accepted_at
    else:
        assert response.status_code == 302 and MapInvitation.objects.get().accepted_at
