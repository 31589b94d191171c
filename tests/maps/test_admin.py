import pytest
from django.urls import reverse

from maps.models import JourneyTemplate
from tests.factories import LaneFactory, StageFactory, UserFactory
from touchpoints.models import Channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_it_edits_a_map_with_its_members_stages_and_lanes_inline(admin_client, cast):
    StageFactory(map=cast.map, name="Awareness")
    LaneFactory(map=cast.map)
    response = admin_client.get(reverse("admin:maps_journeymap_change", args=[cast.map.pk]))
    assert response.status_code == 200
    assert "Awareness" in response.text
    assert {"members", "stages", "lanes"} <= {
        formset.formset.prefix for formset in response.context["inline_admin_formsets"]
    }


@pytest.mark.parametrize("name", ["channel", "journeytemplate", "mapmember"])
def test_it_manages_the_library_and_members(admin_client, cast, name):
    app = "touchpoints" if name == "channel" else "maps"
    assert admin_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200


def test_it_shows_a_template_with_its_stages(admin_client):
    template = JourneyTemplate.objects.get(slug="customer-journey-eight-stages")
    response = admin_client.get(reverse("admin:maps_journeytemplate_change", args=[template.pk]))
    assert "Recommendation" in response.text


def test_it_keeps_the_admin_from_ordinary_users(client):
    client.force_login(UserFactory())
    assert client.get(reverse("admin:personas_persona_changelist")).status_code == 302


def test_it_edits_a_channel_s_names_in_the_other_languages_as_fields(admin_client):
    channel = Channel.objects.get(slug="physical-store")
    url = reverse("admin:touchpoints_channel_change", args=[channel.pk])
    assert "门店" in admin_client.get(url).text
    data = {
        "name": channel.name,
        "slug": channel.slug,
        "kind": channel.kind,
        "icon": channel.icon,
        "colour": channel.colour,
        "order": channel.order,
        "description": "",
        "name_ru": "Розничный магазин",
        "name_zh_hans": "",
        "name_zh_hant": "門市",
    }
    assert admin_client.post(url, data).status_code == 302
    channel.refresh_from_db()
    assert channel.names == {"ru": "Розничный магазин", "zh-hant": "門市"}


def test_it_lists_the_templates_with_their_language(admin_client):
    response = admin_client.get(reverse("admin:maps_journeytemplate_changelist"), {"language": "ru"})
    assert "Путь клиента (8 этапов)" in response.text
    assert "Customer journey (8 stages)" not in response.text
