"""A JSON import adds personas and channels to the shared library only for someone who may
add them there (maps/access.py); anyone else is told what is missing, and nothing is created."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interchange.documents import DocumentError, map_import, map_replace
from interchange.schema import MapDoc
from maps.access import library_rights
from maps.models import JourneyMap
from personas.models import Persona
from touchpoints.models import Channel

pytestmark = pytest.mark.django_db

DOCUMENT = MapDoc.model_validate(
    {
        "title": "Hologram shopper",
        "personas": ["Zoe Newcomer"],
        "channels": [{"slug": "hologram", "name": "Hologram", "kind": "online", "icon": "✨", "colour": "#123456"}],
        "stages": [{"name": "Awareness"}],
        "lanes": [{"channel": "website"}, {"channel": "hologram"}],
        "touchpoints": [{"key": "a", "stage": 0, "lane": 1, "title": "Sees a hologram", "persona": "Zoe Newcomer"}],
    }
)


def upload_and_confirm(client):
    staged = client.post(
        reverse("maps:import-json"), {"file": SimpleUploadedFile("m.json", DOCUMENT.to_json().encode())}
    )
    review = client.get(staged.url)
    return review, client.post(staged.url)


def test_someone_without_the_library_right_is_told_what_is_missing_and_nothing_is_created(cast):
    maps_before = JourneyMap.objects.count()
    review, confirmed = upload_and_confirm(cast.client_for("editor"))
    assert "The file cannot be imported here" in review.text
    assert "personas this Journeymap does not have: Zoe Newcomer" in review.text
    assert "channels this Journeymap does not have: Hologram" in review.text
    assert "will be added" not in review.text
    assert confirmed.status_code == 200 and "Zoe Newcomer" in confirmed.text
    assert not Persona.objects.filter(name="Zoe Newcomer").exists()
    assert not Channel.objects.filter(slug="hologram").exists()
    assert JourneyMap.objects.count() == maps_before


def test_someone_with_the_library_right_imports_the_new_personas_and_channels(cast):
    cast.editor.user_permissions.add(*Permission.objects.filter(codename__in=["add_persona", "add_channel"]))
    review, confirmed = upload_and_confirm(cast.client_for("editor"))
    assert "will be added" in review.text
    assert confirmed.status_code == 302
    assert Persona.objects.filter(name="Zoe Newcomer").exists() and Channel.objects.filter(slug="hologram").exists()


def test_the_right_to_add_personas_does_not_cover_channels(cast):
    cast.editor.user_permissions.add(Permission.objects.get(codename="add_persona"))
    with pytest.raises(DocumentError) as refused:
        map_import(owner=cast.editor, document=DOCUMENT, rights=library_rights(cast.editor))
    assert len(refused.value.messages) == 1 and "Hologram" in refused.value.messages[0]
    assert not Persona.objects.filter(name="Zoe Newcomer").exists()


def test_replacing_a_map_respects_the_rule_too(cast):
    with pytest.raises(DocumentError):
        map_replace(
            journey_map=cast.map,
            document=DOCUMENT,
            expected_revision=cast.map.revision,
            rights=library_rights(cast.editor),
        )
    assert JourneyMap.objects.get(pk=cast.map.pk).title == "Car buyer"
    assert not Channel.objects.filter(slug="hologram").exists()
