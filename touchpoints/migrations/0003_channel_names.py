"""The library channels' names in Russian, Simplified and Traditional Chinese.

The Russian names follow the Russian article's own list of touchpoints (Физический магазин,
Почта и каталог, Сарафанное радио ...). A name an administrator has already given in a
language is kept."""

from django.db import migrations, models

NAMES = {
    # slug: (ru, zh-hans, zh-hant)
    "website": ("Веб-сайт", "网站", "網站"),
    "mobile-app": ("Мобильное приложение", "移动应用", "行動應用程式"),
    "email": ("Электронная почта", "电子邮件", "電子郵件"),
    "social-media": ("Социальные сети", "社交媒体", "社群媒體"),
    "search-ads": ("Поиск и реклама", "搜索与广告", "搜尋與廣告"),
    "online-community": ("Онлайн-сообщество", "在线社区", "線上社群"),
    "chat-messaging": ("Чаты и мессенджеры", "微信与在线聊天", "聊天與訊息"),
    "sms": ("SMS", "短信", "簡訊"),
    "chatbot": ("Чат-бот", "聊天机器人", "聊天機器人"),
    "marketplace": ("Маркетплейс", "电商平台", "電商平台"),
    "forum-blog": ("Форум и блог", "论坛与博客", "論壇與部落格"),
    "reviews": ("Отзывы и рейтинги", "评价与评分", "評價與評分"),
    "phone": ("Телефон и колл-центр", "电话与呼叫中心", "電話與客服中心"),
    "customer-service": ("Служба поддержки клиентов", "客户服务", "客戶服務"),
    "physical-store": ("Физический магазин", "门店", "門市"),
    "dealership": ("Дилерский центр", "经销商门店", "經銷商"),
    "self-service-kiosk": ("Киоск самообслуживания", "自助服务终端", "自助服務機"),
    "click-and-collect": ("Заказ онлайн и самовывоз", "线上下单到店自提", "線上訂購門市取貨"),
    "delivery": ("Доставка и упаковка", "配送与包装", "配送與包裝"),
    "catalog-mail": ("Почта и каталог", "目录与邮寄", "型錄與郵寄"),
    "qr-code": ("QR-код", "二维码", "QR 碼"),
    "tv-outdoor": ("ТВ и наружная реклама", "电视与户外广告", "電視與戶外廣告"),
    "word-of-mouth": ("Сарафанное радио", "口碑", "口碑"),
}
LANGUAGES = ("ru", "zh-hans", "zh-hant")


def name_library_channels(apps, schema_editor):
    Channel = apps.get_model("touchpoints", "Channel")
    for channel in Channel.objects.filter(slug__in=NAMES):
        given = dict(zip(LANGUAGES, NAMES[channel.slug], strict=True))
        channel.names = {**given, **channel.names}
        channel.save(update_fields=["names"])


class Migration(migrations.Migration):
    dependencies = [
        ("touchpoints", "0002_channel_unicode_slug"),
        # The library channels are created there.
        ("maps", "0003_library"),
    ]

    operations = [
        migrations.AddField(
            model_name="channel",
            name="names",
            field=models.JSONField(blank=True, default=dict, verbose_name="names in other languages"),
        ),
        migrations.RunPython(name_library_channels, migrations.RunPython.noop),
    ]
