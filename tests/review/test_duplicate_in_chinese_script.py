"""A map duplicated with its Chinese text converted between Simplified and Traditional."""

import pytest
from django.urls import reverse

from interchange.documents import map_document
from maps.models import JourneyMap, MapState
from review.versions import map_duplicate
from tests.conftest import HTMX
from tests.factories import (
    LaneFactory,
    OpportunityFactory,
    PainPointFactory,
    PersonaFactory,
    StageFactory,
    TouchpointFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def simplified_map(cast):
    """Every text of the map in Simplified Chinese, with words Taiwan says otherwise (软件, 鼠标)."""
    journey_map = cast.map
    journey_map.title, journey_map.description, journey_map.scope = "购买软件的旅程", "从网站到门店", "网站和门店"
    journey_map.save()
    journey_map.personas.add(PersonaFactory(name="王丽"))
    stage = StageFactory(
        map=journey_map,
        name="认识",
        description="顾客发现产品",
        customer_goal="找到合适的软件",
        drivers="价格",
        barriers="信息太多",
        influence="广告",
    )
    lane = LaneFactory(map=journey_map, channel__name="网站", channel__slug="wangzhan")
    touchpoint = TouchpointFactory(
        stage=stage, lane=lane, title="浏览网站首页", description="用鼠标点击", customer_action="搜索软件"
    )
    PainPointFactory(stage=stage, touchpoint=touchpoint, title="页面加载很慢", description="等待时间长")
    OpportunityFactory(
        stage=stage, title="优化网络", description="减少图片", action="压缩文件", action_owner="技术团队"
    )
    return journey_map


def all_text(journey_map: JourneyMap) -> str:
    return map_document(journey_map).to_json()


def test_a_copy_to_traditional_converts_every_text_of_the_map(simplified_map, cast):
    copy = map_duplicate(
        journey_map=simplified_map, owner=cast.owner, title="购买软件的旅程", state=MapState.AS_IS, script="traditional"
    )
    document = map_document(copy)
    assert (document.title, document.description, document.scope) == ("購買軟體的旅程", "從網站到門店", "網站和門店")
    stage = document.stages[0]
    assert (stage.name, stage.description, stage.customer_goal, stage.drivers, stage.barriers, stage.influence) == (
        "認識",
        "顧客發現產品",
        "找到合適的軟體",
        "價格",
        "資訊太多",
        "廣告",
    )
    touchpoint = document.touchpoints[0]
    assert (touchpoint.title, touchpoint.description, touchpoint.customer_action) == (
        "瀏覽網站首頁",
        "用滑鼠點選",
        "搜尋軟體",
    )
    assert (document.pain_points[0].title, document.pain_points[0].description) == ("頁面載入很慢", "等待時間長")
    opportunity = document.opportunities[0]
    assert (opportunity.title, opportunity.description, opportunity.action, opportunity.action_owner) == (
        "最佳化網路",
        "減少圖片",
        "壓縮檔案",
        "技術團隊",
    )
    # The library's channel and persona are the same ones: their names are not the map's to change.
    assert document.personas == ["王丽"] and document.lanes[0].channel == "wangzhan"


def test_a_copy_back_to_simplified_gives_the_original_text(simplified_map, cast):
    traditional = map_duplicate(
        journey_map=simplified_map, owner=cast.owner, title="购买软件的旅程", state=MapState.AS_IS, script="traditional"
    )
    back = map_duplicate(
        journey_map=traditional, owner=cast.owner, title=traditional.title, state=MapState.AS_IS, script="simplified"
    )
    assert all_text(back) == all_text(simplified_map)


def test_keeping_the_text_copies_it_as_it_is(simplified_map, cast):
    copy = map_duplicate(journey_map=simplified_map, owner=cast.owner, title="购买软件的旅程", state=MapState.AS_IS)
    assert all_text(copy) == all_text(simplified_map)


def test_the_duplicate_form_offers_the_conversion_and_applies_it(simplified_map, cast):
    client = cast.client_for("viewer")
    url = reverse("maps:duplicate", args=[simplified_map.pk])
    form = client.get(url, headers=HTMX).text
    assert 'name="script"' in form and 'value="traditional"' in form and 'value="simplified"' in form
    client.post(url, {"title": "门店版本", "state": MapState.AS_IS, "script": "traditional"}, headers=HTMX)
    copy = JourneyMap.objects.get(title="門店版本")
    assert copy.owner == cast.viewer and copy.stages.get().name == "認識"


def test_a_name_made_longer_by_the_conversion_is_kept_within_its_limit(cast):
    cast.map.title = "U盘" * 100
    cast.map.save()
    copy = map_duplicate(
        journey_map=cast.map, owner=cast.owner, title=cast.map.title, state="as_is", script="traditional"
    )
    assert len(copy.title) == 200 and copy.title.startswith("隨身碟")
