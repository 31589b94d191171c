"""A map's settings (guarded by its version) and its life: archive, trash, purge."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from maps.lifecycle import TRASH_KEEPS, map_trash
from maps.models import Activity, JourneyMap, MapState, ReviewStatus
from personas.models import Persona
from review.models import MapVersion
from tests.factories import JourneyMapFactory, PersonaFactory, TouchpointFactory

pytestmark = pytest.mark.django_db


def settings_url(cast) -> str:
    return reverse("maps:settings", args=[cast.map.pk])


def settings_data(journey_map: JourneyMap, **changes) -> dict:
    data = {
        "title": journey_map.title,
        "description": journey_map.description,
        "scope": journey_map.scope,
        "journey_type": journey_map.journey_type,
        "state": journey_map.state,
        "as_is": "",
        "personas": [persona.pk for persona in journey_map.personas.all()],
        "version": JourneyMap.objects.get(pk=journey_map.pk).version,
    }
    return data | changes


def test_an_editor_renames_describes_and_gives_the_map_personas(cast):
    andrei, marina = PersonaFactory(name="Andrei"), PersonaFactory(name="Marina", quote="Show me the price")
    cast.map.personas.add(marina)
    client = cast.client_for("editor")
    page = client.get(settings_url(cast)).text
    assert "Show me the price" in page  # the persona's card, not just a name
    response = client.post(
        settings_url(cast),
        settings_data(
            cast.map, title="Car buyer 2027", description="From the ad to the first service", personas=[andrei.pk]
        ),
    )
    assert response.status_code == 302
    journey_map = JourneyMap.objects.get(pk=cast.map.pk)
    assert (journey_map.title, journey_map.description) == ("Car buyer 2027", "From the ad to the first service")
    assert list(journey_map.personas.all()) == [andrei]
    assert Activity.objects.filter(map=journey_map, target="the map's settings").exists()


def test_a_settings_edit_based_on_an_older_version_is_refused_and_shows_the_newer_one(cast):
    stale = settings_data(cast.map, title="Mine")
    cast.client_for("owner").post(settings_url(cast), settings_data(cast.map, title="Theirs"))
    response = cast.client_for("editor").post(settings_url(cast), stale)
    assert response.status_code == 409
    assert "your changes were not saved" in response.text and 'value="Theirs"' in response.text
    assert JourneyMap.objects.get(pk=cast.map.pk).title == "Theirs"


def test_an_invalid_setting_answers_the_form_with_its_error(cast):
    response = cast.client_for("owner").post(settings_url(cast), settings_data(cast.map, title=""))
    assert response.status_code == 422 and "This field is required" in response.text


def test_a_to_be_map_is_linked_to_an_as_is_map_the_user_can_see(cast):
    as_is = JourneyMapFactory(owner=cast.owner, title="Today", state=MapState.AS_IS)
    hidden = JourneyMapFactory(title="Someone else's", state=MapState.AS_IS)
    client = cast.client_for("owner")
    refused = client.post(settings_url(cast), settings_data(cast.map, state=MapState.TO_BE, as_is=hidden.pk))
    assert refused.status_code == 422
    refused = client.post(settings_url(cast), settings_data(cast.map, as_is=as_is.pk))
    assert "Only a to-be map has an as-is map" in refused.text
    client.post(settings_url(cast), settings_data(cast.map, state=MapState.TO_BE, as_is=as_is.pk))
    assert JourneyMap.objects.get(pk=cast.map.pk).as_is == as_is
    assert "To-be" in client.get(as_is.get_absolute_url()).text


def test_editing_an_approved_map_warns_first_then_sends_it_back_to_draft(cast):
    JourneyMap.objects.filter(pk=cast.map.pk).update(review_status=ReviewStatus.APPROVED)
    client = cast.client_for("editor")
    assert "sends it back to draft" in client.get(settings_url(cast)).text
    assert "sends it back to draft" in client.get(cast.map.get_absolute_url()).text
    client.post(settings_url(cast), settings_data(cast.map, title="Changed"))
    assert JourneyMap.objects.get(pk=cast.map.pk).review_status == ReviewStatus.DRAFT


def listed(client, journey_map: JourneyMap, **filters) -> bool:
    return f'class="map-link" href="{journey_map.get_absolute_url()}"' in client.get(reverse("maps:list"), filters).text


def test_an_archived_map_leaves_the_list_for_the_archived_filter_and_comes_back(cast):
    client = cast.client_for("owner")
    client.post(reverse("maps:archive", args=[cast.map.pk]), {"archived": "1"})
    assert JourneyMap.objects.get(pk=cast.map.pk).archived_at is not None
    assert not listed(client, cast.map)
    assert listed(client, cast.map, show="archived")
    assert "archived" in client.get(cast.map.get_absolute_url()).text  # it still opens, and says so
    client.post(reverse("maps:archive", args=[cast.map.pk]), {"archived": "0"})
    assert listed(client, cast.map)
    assert list(Activity.objects.filter(map=cast.map).values_list("verb", flat=True)[:2]) == ["restored", "archived"]


def test_delete_asks_first_then_moves_the_map_to_the_trash_out_of_everyones_reach(cast):
    client = cast.client_for("owner")
    confirm = client.get(reverse("maps:delete", args=[cast.map.pk]))
    assert confirm.status_code == 200 and "30 days" in confirm.text
    assert JourneyMap.objects.get(pk=cast.map.pk).deleted_at is None
    client.post(reverse("maps:delete", args=[cast.map.pk]))
    for who in ("owner", "editor", "viewer"):
        member = cast.client_for(who)
        assert member.get(cast.map.get_absolute_url()).status_code == 404
        assert not listed(member, cast.map)
    assert "Car buyer" in client.get(reverse("maps:trash")).text
    assert "Car buyer" not in cast.client_for("editor").get(reverse("maps:trash")).text


def test_the_owner_brings_a_map_back_from_the_trash(cast):
    map_trash(journey_map=cast.map, user=cast.owner)
    assert cast.client_for("editor").post(reverse("maps:trash-restore", args=[cast.map.pk])).status_code == 404
    response = cast.client_for("owner").post(reverse("maps:trash-restore", args=[cast.map.pk]))
    assert response.status_code == 302
    assert cast.client_for("viewer").get(cast.map.get_absolute_url()).status_code == 200


def test_the_purge_deletes_maps_in_the_trash_for_longer_than_thirty_days(cast):
    TouchpointFactory(stage__map=cast.map)
    MapVersion.objects.create(map=cast.map, number=1, snapshot={})
    recent = JourneyMapFactory(title="Deleted yesterday")
    kept = JourneyMapFactory(title="Not deleted")
    for journey_map in (cast.map, recent):
        map_trash(journey_map=journey_map, user=journey_map.owner)
    JourneyMap.objects.filter(pk=cast.map.pk).update(deleted_at=timezone.now() - TRASH_KEEPS - timedelta(minutes=1))
    JourneyMap.objects.filter(pk=recent.pk).update(deleted_at=timezone.now() - timedelta(days=1))
    call_command("purge", "--now")
    assert set(JourneyMap.objects.values_list("title", flat=True)) == {"Deleted yesterday", "Not deleted"}
    assert not MapVersion.objects.exists()
    assert kept.pk and recent.pk


def test_only_an_editor_with_the_library_right_creates_a_persona_in_the_app(cast):
    url = reverse("maps:persona-new", args=[cast.map.pk])
    data = {"name": "Zoe", "age": 29, "occupation": "Nurse", "quote": "Night shifts", "preferred_channels": []}
    client = cast.client_for("editor")
    assert "added by an administrator" in client.get(settings_url(cast)).text
    assert client.get(url).status_code == 403 and client.post(url, data).status_code == 403
    assert cast.client_for("viewer").get(url).status_code == 403
    assert not Persona.objects.filter(name="Zoe").exists()
    cast.editor.user_permissions.add(Permission.objects.get(codename="add_persona"))
    assert url in client.get(settings_url(cast)).text
    assert client.post(url, data).status_code == 302
    zoe = Persona.objects.get(name="Zoe")
    assert list(cast.map.personas.all()) == [zoe] and zoe.occupation == "Nurse"
    again = client.post(url, data)
    assert again.status_code == 422 and "has a persona of this name" in again.text
