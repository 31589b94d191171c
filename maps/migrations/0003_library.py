"""The shared channel library and the journey templates, drawn from the stage and
channel lists of the omnichannel journey articles the product started from."""

from django.db import migrations

CHANNELS = [
    # slug, name, kind, icon, colour
    ("website", "Website", "online", "🌐", "#2563eb"),
    ("mobile-app", "Mobile app", "online", "📱", "#7c3aed"),
    ("email", "Email", "online", "✉️", "#0891b2"),
    ("social-media", "Social media", "online", "💬", "#db2777"),
    ("search-ads", "Search & ads", "online", "🔎", "#ca8a04"),
    ("online-community", "Online community", "online", "👥", "#c026d3"),
    ("chat-messaging", "Chat & messaging", "online", "🗨️", "#059669"),
    ("sms", "SMS", "online", "📨", "#0d9488"),
    ("chatbot", "Chatbot", "online", "🤖", "#4f46e5"),
    ("marketplace", "Marketplace", "online", "🛒", "#ea580c"),
    ("forum-blog", "Forum & blog", "online", "📝", "#9333ea"),
    ("reviews", "Reviews & ratings", "online", "⭐", "#eab308"),
    ("phone", "Phone & call centre", "human", "☎️", "#16a34a"),
    ("customer-service", "Customer service", "human", "🎧", "#15803d"),
    ("physical-store", "Physical store", "offline", "🏬", "#b45309"),
    ("dealership", "Dealership", "offline", "🚗", "#92400e"),
    ("self-service-kiosk", "Self-service kiosk", "offline", "🖥️", "#78716c"),
    ("click-and-collect", "Click & collect", "offline", "📦", "#a16207"),
    ("delivery", "Delivery & packaging", "offline", "🚚", "#57534e"),
    ("catalog-mail", "Catalog & mail", "offline", "📖", "#6b7280"),
    ("qr-code", "QR code", "offline", "🔳", "#334155"),
    ("tv-outdoor", "TV & outdoor", "offline", "📺", "#be123c"),
    ("word-of-mouth", "Word of mouth", "human", "🗣️", "#e11d48"),
]

TEMPLATES = [
    {
        "slug": "omnichannel-five-stages",
        "name": "Omnichannel journey (5 stages)",
        "description": "From first need to advocacy, across every online and offline channel.",
        "journey_type": "rational",
        "channels": ["website", "mobile-app", "email", "social-media", "chat-messaging", "phone", "physical-store"],
        "stages": [
            ("Awareness", "Find out that a solution to the need exists.", "", "", ""),
            ("Consideration", "Compare options and decide which one fits.", "", "", ""),
            ("Purchase", "Buy quickly, through the channel that suits.", "", "", ""),
            ("Post-purchase", "Receive, use and get help with the product.", "", "", ""),
            ("Advocacy", "Share the experience and recommend the brand.", "", "", ""),
        ],
    },
    {
        "slug": "ecommerce-three-stages",
        "name": "E-commerce buyer path (3 stages)",
        "description": "Awareness built on community and recommendations, an easy conversion, loyalty at every touchpoint.",
        "journey_type": "combined",
        "channels": ["word-of-mouth", "online-community", "social-media", "search-ads", "website", "email", "delivery", "customer-service"],
        "stages": [
            ("Awareness", "Learn about the brand, often from friends and the community.", "", "", ""),
            ("Conversion", "Buy with as few clicks and as many payment options as possible.", "", "", ""),
            ("Loyalty", "Be impressed by delivery, packaging, follow-up and service.", "", "", ""),
        ],
    },
    {
        "slug": "social-media-six-stages",
        "name": "Social media journey (6 stages)",
        "description": "Need formation to brand advocacy, with the drivers, barriers and ways to influence of every stage.",
        "journey_type": "rational",
        "channels": ["social-media", "online-community", "search-ads", "website", "marketplace", "physical-store", "chat-messaging"],
        "stages": [
            (
                "Awareness: need formation",
                "Notice a need or a problem.",
                "A broken appliance; an ad at the right moment: \"time for a new one?\"",
                "The need has not appeared yet.",
                "Reach the right audience at the right time with the right product and message.",
            ),
            (
                "Engagement: information search",
                "Explore the category and find out what is available.",
                "Which product solves my problem? What do other people say?",
                "Doubts and objections to the idea of buying.",
                "Give the information the user is looking for and handle objections early.",
            ),
            (
                "Consideration: analysing offers",
                "Choose a brand, a model and an option that fits the price.",
                "Which model suits my situation? Is it worth the price?",
                "Complaints about how products are used, mistaken for quality problems.",
                "Compare models with each other; show how to use the product correctly.",
            ),
            (
                "Purchase: the sale",
                "Pick the best option and decide where to buy.",
                "Where can I buy it, how fast will it arrive, is there a promotion?",
                "Unclear delivery, cost or shop information; slow answers.",
                "Promotions, shop links, delivery and price details, fast replies to comments and messages.",
            ),
            (
                "Loyalty: using the product",
                "Use the product and stay in touch with the brand.",
                "Satisfaction with the purchase; interest in the community.",
                "Being left alone after the sale.",
                "Useful content, contests and conversation in the community; offers for related products.",
            ),
            (
                "Brand advocate",
                "Share the experience with others.",
                "Pride in a good purchase; rewards for reviews.",
                "No easy place to share the experience.",
                "A review section, promo codes, discounts and private offers for user content.",
            ),
        ],
    },
    {
        "slug": "customer-journey-eight-stages",
        "name": "Customer journey (8 stages)",
        "description": "The eight stages from information search to recommendation, measured with CSAT, NPS and CRR.",
        "journey_type": "rational",
        "channels": ["search-ads", "website", "reviews", "physical-store", "email", "phone", "customer-service", "social-media"],
        "stages": [
            ("Information search", "Understand the problem and find possible solutions.", "", "", ""),
            ("Comparison of offers", "Check features, prices, guarantees and other buyers' reviews.", "", "", ""),
            ("Decision", "Choose the product that fits best and buy it in store or online.", "", "", ""),
            ("Receipt", "Receive the product, try it, set it up.", "", "", ""),
            ("Evaluation", "Judge the product and the experience.", "", "", ""),
            ("Customer service", "Get information or a problem solved quickly.", "", "", ""),
            ("Retention", "Decide whether to stay with the company.", "", "", ""),
            ("Recommendation", "Become an ambassador of the brand.", "", "", ""),
        ],
    },
    {
        "slug": "buyer-path-three-stages",
        "name": "Buyer's path (3 stages)",
        "description": "Need recognition, consideration of offers and the decision: the classic search funnel.",
        "journey_type": "rational",
        "channels": ["search-ads", "website", "reviews", "email", "phone"],
        "stages": [
            ("Need recognition", "Name the need or the problem and look for explanations.", "", "", ""),
            ("Consideration", "Research the best products and how they work.", "", "", ""),
            ("Decision", "Narrow the list to what fits the need and the budget.", "", "", ""),
        ],
    },
]


def create_library(apps, schema_editor):
    Channel = apps.get_model("touchpoints", "Channel")
    JourneyTemplate = apps.get_model("maps", "JourneyTemplate")
    TemplateStage = apps.get_model("maps", "TemplateStage")
    channels = {}
    for order, (slug, name, kind, icon, colour) in enumerate(CHANNELS):
        channels[slug], _ = Channel.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "icon": icon, "colour": colour, "order": order * 10}
        )
    for order, data in enumerate(TEMPLATES):
        template, created = JourneyTemplate.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "description": data["description"],
                "journey_type": data["journey_type"],
                "order": order * 10,
            },
        )
        if not created:
            continue
        template.suggested_channels.set([channels[slug] for slug in data["channels"]])
        TemplateStage.objects.bulk_create(
            TemplateStage(
                template=template,
                position=position,
                name=name,
                customer_goal=goal,
                drivers=drivers,
                barriers=barriers,
                influence=influence,
            )
            for position, (name, goal, drivers, barriers, influence) in enumerate(data["stages"])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("maps", "0002_initial"),
        ("touchpoints", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_library, migrations.RunPython.noop)]
