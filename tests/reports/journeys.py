"""A demo-like map to present and print: long titles, Russian and Chinese text, every kind of item.
The browser tests build it too (tests/browser/test_present.py)."""

from dataclasses import dataclass
from datetime import date

from tests.conftest import Cast
from tests.factories import (
    LaneFactory,
    OpportunityFactory,
    PainPointFactory,
    PersonaFactory,
    StageFactory,
    TouchpointFactory,
)

STAGES = ["Осведомлённость", "信息搜索与比较", "Покупка в салоне"]
LONG_TITLES = [
    "Видит рекламу нового кроссовера в ленте социальной сети и сохраняет пост, чтобы показать его жене вечером",
    "在官方网站上比较三个配置版本的价格、油耗和保修条款，然后下载完整的产品手册以便离线阅读",
    "Записывается на тест-драйв через чат-бота в мессенджере и получает подтверждение с адресом дилерского центра",
    "Reads the long independent review of the hybrid model on a motoring blog before asking friends for advice",
    "在经销商处试驾并与销售顾问讨论以旧换新的评估价格和贷款方案",
    "Подписывает договор купли-продажи и оплачивает первый взнос банковской картой прямо в салоне",
]


@dataclass
class Journey:
    cast: Cast
    stages: list
    touchpoints: list

    @property
    def map(self):
        return self.cast.map


def demo_like_journey(cast: Cast) -> Journey:
    cast.map.title = "Покупатель автомобиля · 汽车买家"
    cast.map.description = "Путь покупателя от первой рекламы до подписания договора."
    cast.map.scope = "从认知到购买"
    cast.map.save()
    persona = PersonaFactory(
        name="Андрей",
        quote="Хочу понять полную стоимость владения заранее.",
        goals="Надёжная машина для семьи",
        frustrations="经销商不回电话",
    )
    cast.map.personas.add(persona)
    stages = [
        StageFactory(
            map=cast.map,
            name=name,
            position=index,
            customer_goal=f"Цель этапа {index + 1}",
            drivers="Вопрос: сколько это стоит?",
            barriers="缺少透明的价格",
            influence="Калькулятор стоимости владения",
            target_csat=80,
        )
        for index, name in enumerate(STAGES)
    ]
    lanes = [
        LaneFactory(map=cast.map, position=index, channel__name=name, channel__icon=icon)
        for index, (name, icon) in enumerate([("Сайт", "🌐"), ("经销商", "🏬")])
    ]
    touchpoints = [
        TouchpointFactory(
            stage=stages[index // 2],
            lane=lanes[index % 2],
            position=0,
            title=title,
            description="Подробное описание касания",
            emotion=[-2, 1, 0, 2, -1, 1][index],
            expectation=3,
            csat=70 + index,
        )
        for index, title in enumerate(LONG_TITLES)
    ]
    PainPointFactory(stage=stages[1], touchpoint=touchpoints[2], title="Долгое ожидание ответа", severity=4)
    OpportunityFactory(
        stage=stages[2],
        title="Онлайн-оплата первого взноса",
        impact=5,
        effort=2,
        action_owner="Мария",
        due_date=date(2027, 3, 1),
    )
    OpportunityFactory(stage=stages[0], title="统一价格页面", impact=2, effort=4, action_owner="李雷")
    return Journey(cast, stages, touchpoints)
