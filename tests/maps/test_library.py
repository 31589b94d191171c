import pytest

from maps.models import JourneyTemplate
from touchpoints.models import Channel

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "slug, stages",
    [
        ("omnichannel-five-stages", ["Awareness", "Consideration", "Purchase", "Post-purchase", "Advocacy"]),
        ("ecommerce-three-stages", ["Awareness", "Conversion", "Loyalty"]),
        (
            "social-media-six-stages",
            [
                "Awareness: need formation",
                "Engagement: information search",
                "Consideration: analysing offers",
                "Purchase: the sale",
                "Loyalty: using the product",
                "Brand advocate",
            ],
        ),
        (
            "customer-journey-eight-stages",
            [
                "Information search",
                "Comparison of offers",
                "Decision",
                "Receipt",
                "Evaluation",
                "Customer service",
                "Retention",
                "Recommendation",
            ],
        ),
        ("buyer-path-three-stages", ["Need recognition", "Consideration", "Decision"]),
    ],
)
def test_it_ships_a_template_for_every_stage_list_of_the_seeds(slug, stages):
    template = JourneyTemplate.objects.get(slug=slug)
    assert [stage.name for stage in template.stages.order_by("position")] == stages
    assert template.suggested_channels.count() >= 5


def test_it_fills_drivers_barriers_and_influence_of_the_social_media_stages():
    template = JourneyTemplate.objects.get(slug="social-media-six-stages")
    assert all(stage.drivers and stage.barriers and stage.influence for stage in template.stages.all())


def test_it_ships_the_omnichannel_channel_library_online_and_offline():
    slugs = set(Channel.objects.values_list("slug", flat=True))
    assert {
        "website",
        "mobile-app",
        "email",
        "social-media",
        "search-ads",
        "chat-messaging",
        "sms",
        "phone",
        "chatbot",
        "physical-store",
        "marketplace",
        "forum-blog",
        "catalog-mail",
        "click-and-collect",
        "qr-code",
        "tv-outdoor",
        "word-of-mouth",
    } <= slugs
    assert set(Channel.objects.values_list("kind", flat=True)) == {"online", "offline", "human"}
