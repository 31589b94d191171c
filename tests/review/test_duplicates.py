"""A map duplicated from the list, and the to-be of a journey made from its as-is."""

import pytest
from django.urls import reverse

from interchange.documents import map_document
from maps.models import Activity, JourneyMap, MapMember, MapState, Role
from tests.conftest import HTMX
from tests.factories import PersonaFactory

pytestmark = pytest.mark.django_db


def test_anyone_on_the_map_duplicates_it_from_the_list_and_owns_the_copy(board):
    cast = board.cast
    cast.map.personas.add(PersonaFactory(name="Marina"))
    client = cast.client_for("viewer")
    url = reverse("maps:duplicate", args=[cast.map.pk])
    assert f'href="{url}"' in client.get(reverse("maps:list")).text
    form = client.get(url, headers=HTMX)
    assert 'value="Car buyer (copy)"' in form.text
    response = client.post(url, {"title": "Car buyer 2", "state": MapState.AS_IS}, headers=HTMX)
    copy = JourneyMap.objects.get(title="Car buyer 2")
    assert response["HX-Redirect"] == copy.get_absolute_url()
    assert copy.owner == cast.viewer and copy.as_is is None
    assert list(MapMember.objects.filter(map=copy).values_list("user", "role")) == [(cast.viewer.pk, Role.OWNER)]
    original, copied = map_document(cast.map), map_document(copy)
    assert copied.model_copy(update={"title": original.title}) == original
    assert Activity.objects.filter(map=copy, detail="a copy of “Car buyer”").exists()


def test_the_to_be_made_from_the_as_is_keeps_a_link_to_it(board):
    cast = board.cast
    client = cast.client_for("editor")
    page = client.get(cast.map.get_absolute_url()).text
    url = reverse("maps:duplicate", args=[cast.map.pk]) + "?to_be=1"
    assert "Create the to-be" in page and url in page.replace("&amp;", "&")
    form = client.get(url, headers=HTMX).text
    assert 'value="Car buyer (to-be)"' in form
    client.post(reverse("maps:duplicate", args=[cast.map.pk]), {"title": "Car buyer (to-be)", "state": MapState.TO_BE})
    to_be = JourneyMap.objects.get(title="Car buyer (to-be)")
    assert to_be.state == MapState.TO_BE and to_be.as_is == cast.map
    # Each links to the other; the as-is map's link shows only to those who can see the to-be.
    assert "Car buyer (to-be)" in client.get(cast.map.get_absolute_url()).text
    assert "Car buyer (to-be)" not in cast.client_for("viewer").get(cast.map.get_absolute_url()).text
    assert cast.map.get_absolute_url() in client.get(to_be.get_absolute_url()).text


def test_an_outsider_cannot_duplicate_a_map(board):
    url = reverse("maps:duplicate", args=[board.cast.map.pk])
    assert board.cast.client_for("outsider").post(url, {"title": "Mine now", "state": "as_is"}).status_code == 404
    assert not JourneyMap.objects.filter(title="Mine now").exists()
