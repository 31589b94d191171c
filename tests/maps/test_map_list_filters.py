"""The map list: whose maps, which status, which persona, in which order, with the role
the user has on each and what each map holds."""

import pytest
from django.urls import reverse

from maps.models import JourneyMap, MapMember, ReviewStatus, Role
from tests.conftest import HTMX
from tests.factories import JourneyMapFactory, PainPointFactory, PersonaFactory, TouchpointFactory

pytestmark = pytest.mark.django_db

URL = reverse("maps:list")


def titles(client, **filters) -> list[str]:
    response = client.get(URL, filters)
    return [journey_map.title for journey_map in response.context["maps"]]


@pytest.fixture
def maps(cast):
    """The editor owns "Alpha" and "Beta"; "Car buyer" is shared with them by its owner."""
    alpha = JourneyMapFactory(owner=cast.editor, title="Alpha", review_status=ReviewStatus.APPROVED)
    beta = JourneyMapFactory(owner=cast.editor, title="Beta")
    marina = PersonaFactory(name="Marina")
    beta.personas.add(marina)
    JourneyMap.objects.filter(pk=alpha.pk).update(updated_at=cast.map.updated_at.replace(year=2020))
    return alpha, beta, marina


def test_mine_and_shared_with_me(cast, maps):
    client = cast.client_for("editor")
    assert set(titles(client, show="mine")) == {"Alpha", "Beta"}
    assert titles(client, show="shared") == ["Car buyer"]
    assert set(titles(client)) == {"Alpha", "Beta", "Car buyer"}


def test_by_status_and_by_persona(cast, maps):
    alpha, beta, marina = maps
    client = cast.client_for("editor")
    assert titles(client, status=ReviewStatus.APPROVED) == ["Alpha"]
    assert titles(client, persona=marina.pk) == ["Beta"]
    # Only personas of maps the user sees are offered.
    hidden = JourneyMapFactory(title="Hidden")
    hidden.personas.add(PersonaFactory(name="Somebody else's"))
    page = client.get(URL).text
    assert "Marina" in page and "Somebody else&#x27;s" not in page


def test_sorted_by_title_or_newest_or_last_change(cast, maps):
    client = cast.client_for("editor")
    assert titles(client, sort="title") == ["Alpha", "Beta", "Car buyer"]
    assert titles(client, sort="-updated")[-1] == "Alpha"
    assert titles(client, sort="-created")[0] == "Beta"
    assert titles(client, sort="nonsense")[-1] == "Alpha"  # an unknown choice falls back to the default


def test_archived_maps_show_only_under_their_filter(cast, maps):
    alpha = maps[0]
    JourneyMap.objects.filter(pk=alpha.pk).update(archived_at=alpha.created_at)
    client = cast.client_for("editor")
    assert "Alpha" not in titles(client)
    assert titles(client, show="archived") == ["Alpha"]
    assert "No archived map" in cast.client_for("viewer").get(URL, {"show": "archived"}).text


def test_each_row_shows_the_users_role_and_what_the_map_holds(board):
    cast = board.cast
    PainPointFactory(stage=board.stages[0])
    text = cast.client_for("reviewer").get(URL).text
    assert 'class="role role--reviewer"' in text and ">Reviewer<" in text
    assert "2 pain points" in text and "1 opportunity" in text
    row_counts = cast.client_for("reviewer").get(URL).context["maps"][0]
    assert (row_counts.stage_count, row_counts.touchpoint_count) == (2, 3)


def test_the_filters_answer_the_rows_alone_to_htmx(cast, maps):
    response = cast.client_for("editor").get(URL, {"show": "mine"}, headers=HTMX | {"HX-Target": "map-rows"})
    assert response.text.lstrip().startswith('<div id="map-rows"') and "Alpha" in response.text


def test_a_new_member_sees_the_map_in_their_list_at_once(cast, maps):
    MapMember.objects.create(map=maps[0], user=cast.viewer, role=Role.VIEWER)
    assert "Alpha" in titles(cast.client_for("viewer"))
    TouchpointFactory(stage__map=maps[0])
