from html import escape

import pytest
from django.urls import reverse

from maps.models import JourneyMap, JourneyTemplate, MapMember, Role
from tests.factories import PersonaFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("maps:new")


@pytest.fixture
def user_client(client):
    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


def test_it_offers_every_template_and_a_blank_map(user_client):
    response = user_client.get(URL)
    assert response.status_code == 200
    for template in JourneyTemplate.objects.all():
        assert escape(template.name) in response.text
    assert "A blank map" in response.text


def test_it_creates_a_map_from_a_template_with_its_stages_and_lanes(user_client):
    template = JourneyTemplate.objects.get(slug="customer-journey-eight-stages")
    persona = PersonaFactory()
    response = user_client.post(
        URL,
        {
            "title": "Car buyer",
            "template": template.pk,
            "journey_type": "rational",
            "state": "as_is",
            "personas": [persona.pk],
        },
    )
    journey_map = JourneyMap.objects.get(title="Car buyer")
    assert response.status_code == 302 and response.url == journey_map.get_absolute_url()
    assert [stage.name for stage in journey_map.stages.order_by("position")][:3] == [
        "Information search",
        "Comparison of offers",
        "Decision",
    ]
    assert journey_map.stages.count() == 8
    assert journey_map.lanes.count() == template.suggested_channels.count()
    assert list(journey_map.personas.all()) == [persona]
    assert MapMember.objects.get(map=journey_map, user=user_client.user).role == Role.OWNER


def test_it_creates_a_blank_map(user_client):
    user_client.post(URL, {"title": "Blank", "template": "", "journey_type": "combined", "state": "to_be"})
    journey_map = JourneyMap.objects.get(title="Blank")
    assert journey_map.stages.count() == 0 and journey_map.lanes.count() == 0
    assert journey_map.state == "to_be"


def test_it_shows_what_is_wrong_and_creates_nothing(user_client):
    response = user_client.post(URL, {"title": "", "journey_type": "sideways", "state": "as_is"})
    assert response.status_code == 422
    assert "This field is required." in response.text
    assert "Select a valid choice" in response.text
    assert not JourneyMap.objects.exists()


def test_it_keeps_archived_personas_out_of_the_choices(user_client):
    PersonaFactory(name="Old persona", archived=True)
    assert "Old persona" not in user_client.get(URL).text


def test_it_asks_an_anonymous_visitor_to_log_in(client):
    assert client.get(URL).status_code == 302


def offered_languages(response) -> list[str]:
    languages: list[str] = []
    for template in response.context["form"].fields["template"].queryset:
        if template.language not in languages:
            languages.append(template.language)
    return languages


def test_it_offers_the_templates_in_the_reader_s_language_first_then_the_others_by_language(user_client):
    response = user_client.get(URL, HTTP_ACCEPT_LANGUAGE="ru")
    assert offered_languages(response) == ["ru", "en", "zh-hans", "zh-hant"]
    names = [template.name for template in response.context["form"].fields["template"].queryset]
    assert names[0] == "Омниканальный путь клиента (5 этапов)"
    shown = [response.text.index(escape(name)) for name in (names[0], "Omnichannel journey (5 stages)")]
    assert shown == sorted(shown)
    assert response.text.count('class="template-choices__language"') == 4


def test_it_offers_the_english_templates_first_to_an_english_reader(user_client):
    response = user_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert offered_languages(response) == ["en", "zh-hans", "zh-hant", "ru"]


def test_it_creates_a_map_with_the_stages_of_a_template_in_another_language(user_client):
    template = JourneyTemplate.objects.get(slug="buyer-path-three-stages-ru")
    user_client.post(URL, {"title": "Путь", "template": template.pk, "journey_type": "rational", "state": "as_is"})
    stages = JourneyMap.objects.get(title="Путь").stages.order_by("position").values_list("name", flat=True)
    assert list(stages) == ["Признание потребности или проблемы", "Рассмотрение предложения", "Решение"]
