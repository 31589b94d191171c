import pytest
from django.urls import reverse

from tests.factories import ChannelFactory, JourneyMapFactory, PersonaFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_it_lists_personas_with_avatar_segment_channels_and_map_count(admin_client):
    persona = PersonaFactory(name="Igor the car buyer", segment="Families")
    persona.preferred_channels.add(ChannelFactory(name="Dealership visits"))
    for journey_map in JourneyMapFactory.create_batch(2):
        journey_map.personas.add(persona)
    response = admin_client.get(reverse("admin:personas_persona_changelist"))
    assert response.status_code == 200
    row = response.context["cl"].result_list[0]
    assert row.map_total == 2
    for text in ["Igor the car buyer", "Families", "Dealership visits", "IT"]:
        assert text in response.text


def test_it_searches_and_filters_personas(admin_client):
    PersonaFactory(name="Mia", segment="Gen Z", archived=False)
    PersonaFactory(name="Old Oleg", archived=True)
    url = reverse("admin:personas_persona_changelist")
    assert "Mia" in admin_client.get(url, {"q": "gen z"}).text
    archived = admin_client.get(url, {"archived__exact": "1"}).text
    assert "Old Oleg" in archived and "Mia" not in archived


def test_it_shows_a_readable_change_form_in_fieldsets(admin_client):
    persona = PersonaFactory()
    response = admin_client.get(reverse("admin:personas_persona_change", args=[persona.pk]))
    for heading in ["Who they are", "What drives them", "Channels"]:
        assert heading in response.text


def test_it_escapes_persona_text_in_the_list(admin_client):
    PersonaFactory(name="<script>x</script>")
    assert "<script>x</script>" not in admin_client.get(reverse("admin:personas_persona_changelist")).text


def test_it_archives_personas_in_bulk(admin_client):
    persona = PersonaFactory()
    admin_client.post(
        reverse("admin:personas_persona_changelist"), {"action": "archive", "_selected_action": [persona.pk]}
    )
    persona.refresh_from_db()
    assert persona.archived
