"""The map list and the pickers in Chinese and Russian: search whatever the case or width of
the letters, titles and names in the order of the reader's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from interchange.documents import map_document, map_replace
from maps.forms import LaneAddForm, MapListForm
from maps.lifecycle import map_settings_update
from maps.models import JourneyMap
from tests.factories import ChannelFactory, JourneyMapFactory, PersonaFactory

pytestmark = pytest.mark.django_db

URL = reverse("maps:list")


def titles(client, language: str = "en", **filters) -> list[str]:
    response = client.get(URL, filters, headers={"accept-language": language})
    return [journey_map.title for journey_map in response.context["maps"]]


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("Карта пути клиента", "карта"),
        ("Карта пути клиента", "ПУТИ КЛИЕНТА"),
        ("ABC launch", "ＡＢＣ"),
        ("ＡＢＣ：会员旅程", "abc: 会员"),
        ("網上購物旅程", "購物"),
    ],
)
def test_search_finds_titles_whatever_the_case_or_width_of_their_letters(cast, title, query):
    JourneyMapFactory(title=title, owner=cast.owner)
    found = titles(cast.client_for("owner"), q=query)
    assert title in found and "Car buyer" not in found


def test_search_finds_descriptions_in_russian(cast):
    JourneyMapFactory(title="Onboarding", description="Клиент ОТКРЫВАЕТ счёт в приложении", owner=cast.owner)
    assert titles(cast.client_for("owner"), q="открывает счёт") == ["Onboarding"]


def test_search_follows_a_title_changed_in_the_settings_or_by_a_replaced_document(cast):
    journey_map = JourneyMap.objects.get(pk=cast.map.pk)
    journey_map.title = "Путь покупателя"
    map_settings_update(journey_map=journey_map, expected_version=journey_map.version, fields=["title"])
    client = cast.client_for("owner")
    assert titles(client, q="ПОКУПАТЕЛЯ") == ["Путь покупателя"]
    document = map_document(journey_map).model_copy(update={"title": "顧客旅程"})
    journey_map.refresh_from_db()
    map_replace(journey_map=journey_map, document=document, expected_revision=journey_map.revision)
    assert titles(client, q="顧客") == ["顧客旅程"] and titles(client, q="покупателя") == []


def test_titles_are_sorted_as_the_readers_language_sorts_them(cast):
    for title in ["中文地图", "北京门店", "阿里旅程", "Жук", "Ёлка", "Ежевика"]:
        JourneyMapFactory(title=title, owner=cast.owner)
    client = cast.client_for("owner")
    chinese = [title for title in titles(client, "zh-hans", sort="title") if title[0] in "中北阿"]
    assert chinese == ["阿里旅程", "北京门店", "中文地图"]  # pinyin: a, b, z
    russian = [title for title in titles(client, "ru", sort="title") if title[0] in "ЖЁЕ"]
    assert russian == ["Ежевика", "Ёлка", "Жук"]  # Ё is sorted with Е


def test_the_persona_and_channel_pickers_follow_the_readers_language(cast):
    for name in ["张伟明", "李娜娜", "王芳芳"]:
        cast.map.personas.add(PersonaFactory(name=name))
    for name, slug in [("直播间", "zhibojian"), ("短视频", "duanshipin"), ("邮件推送", "youjian-tuisong")]:
        ChannelFactory(name=name, slug=slug)
    with translation.override("zh-hans"):
        personas = [label for _value, label in MapListForm({}, user=cast.owner).fields["persona"].choices][1:]
        channels = [
            label
            for _value, label in LaneAddForm(journey_map=cast.map, may_add_channels=True).fields["channel"].choices
        ]
    assert [name for name in personas if name in {"张伟明", "李娜娜", "王芳芳"}] == ["李娜娜", "王芳芳", "张伟明"]
    assert [name for name in channels if name in {"直播间", "短视频", "邮件推送"}] == ["短视频", "邮件推送", "直播间"]
