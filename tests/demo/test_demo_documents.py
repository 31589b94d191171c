"""The demo as documents loads the same maps as the Python data it replaced.

The expected figures were read from a database loaded by that Python version; they are
written out here so that a change to a document shows up as a failing count.
"""

import json
from datetime import timedelta

import pydantic
import pytest
from django.utils import timezone

from demo.loading import DEMO_DIR, MAPS, PEOPLE, DemoPeople, demo_document, load_demo
from maps.models import JourneyMap, ReviewStatus
from personas.models import Persona
from touchpoints.models import Opportunity, PainPoint, Touchpoint

# stages, lanes, touchpoints, pain points, opportunities, next-touchpoint links, opportunity -> pain point links
EXPECTED_COUNTS = {
    "Car buyer: from TV ad to recommendation": (8, 8, 19, 7, 7, 19, 7),
    "In-store shopper: from shop window to checkout": (3, 8, 16, 5, 5, 16, 5),
    "Washing machine buyer: from social media to brand advocate": (6, 8, 18, 5, 5, 19, 5),
    "Halo Daily: a beauty brand built on its community": (3, 8, 16, 5, 6, 14, 5),
    "Omnichannel retail: from abandoned cart to repeat purchase": (5, 9, 19, 6, 7, 18, 7),
}
EXPECTED_REVIEW = {
    "Omnichannel retail: from abandoned cart to repeat purchase": ReviewStatus.IN_REVIEW,
}
CAR_BUYER = "Car buyer: from TV ad to recommendation"


def counts_of(journey_map: JourneyMap) -> tuple[int, ...]:
    return (
        journey_map.stages.count(),
        journey_map.lanes.count(),
        journey_map.touchpoints.count(),
        journey_map.pain_points.count(),
        journey_map.opportunities.count(),
        Touchpoint.next_touchpoints.through.objects.filter(from_touchpoint__map=journey_map).count(),
        Opportunity.pain_points.through.objects.filter(opportunity__map=journey_map).count(),
    )


@pytest.mark.django_db
def test_every_map_has_the_items_of_the_python_version():
    load_demo()
    maps = {journey_map.title: journey_map for journey_map in JourneyMap.objects.all()}
    assert {title: counts_of(journey_map) for title, journey_map in maps.items()} == EXPECTED_COUNTS
    for title, journey_map in maps.items():
        assert journey_map.review_status == EXPECTED_REVIEW.get(title, ReviewStatus.DRAFT), title


@pytest.mark.django_db
def test_values_come_through_as_the_python_version_had_them():
    load_demo()
    car_buyer = JourneyMap.objects.get(title=CAR_BUYER)
    assert car_buyer.template.slug == "customer-journey-eight-stages"
    assert car_buyer.journey_type == "rational"
    assert car_buyer.stages.order_by("position").first().name == "Information search"
    assert list(car_buyer.lanes.order_by("position").values_list("channel__slug", flat=True)) == [
        *("tv-outdoor", "search-ads", "website", "reviews", "dealership", "phone", "email", "social-media"),
    ]
    first = car_buyer.touchpoints.get(title="TV ad during a football broadcast")
    assert (first.emotion, first.expectation, first.stage.name, first.lane.channel.slug) == (
        1,
        3,
        "Information search",
        "tv-outdoor",
    )
    checkout = Touchpoint.objects.get(title="Checkout asks her to create an account")
    assert (checkout.map.title, checkout.emotion, checkout.expectation, checkout.stage.name) == (
        "Halo Daily: a beauty brand built on its community",
        -2,
        1,
        "Conversion",
    )
    assert Touchpoint.objects.get(title="Printed catalogue in the letterbox").persona.name == "Viktor Orlov"
    prices = PainPoint.objects.get(title="Prices differ between the aggregator, the website and the dealers")
    assert (prices.severity, prices.cause, prices.evidence) == (
        3,
        "price",
        {"price_spread_pct": 8, "dealers_compared": 5},
    )
    assert prices.touchpoint.title == "Price comparison across dealers"
    one_price = Opportunity.objects.get(title="One transparent price everywhere")
    assert (one_price.status, one_price.impact, one_price.effort) == ("planned", 5, 3)
    assert one_price.due_date == timezone.localdate() + timedelta(days=45)
    assert list(one_price.pain_points.values_list("title", flat=True)) == [prices.title]


@pytest.mark.django_db
def test_personas_are_the_python_version_s():
    load_demo()
    assert list(Persona.objects.order_by("pk").values_list("name", "age")) == [
        ("Andrei Sokolov", 38),
        ("Marina Petrova", 31),
        ("Viktor Orlov", 63),
        ("Chen Jie", 42),
        ("Zhou Xinyi", 21),
        ("Grace Huang", 35),
    ]
    zhou = Persona.objects.get(name="Zhou Xinyi")
    assert zhou.quote == "If nobody in the group chat has tried it, I'm not buying it."
    assert sorted(zhou.preferred_channels.values_list("slug", flat=True)) == [
        *("delivery", "online-community", "social-media", "website", "word-of-mouth"),
    ]


def test_due_dates_count_from_the_day_of_loading():
    entry = MAPS[0]
    written = demo_document(entry.model_copy(update={"due_dates_from": timezone.localdate()}))
    ten_days_old = demo_document(entry.model_copy(update={"due_dates_from": timezone.localdate() - timedelta(days=10)}))
    assert [item.due_date for item in ten_days_old.opportunities] == [
        item.due_date + timedelta(days=10) for item in written.opportunities
    ]


def test_every_document_in_the_demo_folder_is_loaded_and_read_from_beside_the_module():
    in_folder = sorted(path.relative_to(DEMO_DIR).as_posix() for path in (DEMO_DIR / "maps").glob("*.json"))
    assert sorted(entry.document for entry in MAPS) == in_folder
    assert all(entry.path.is_relative_to(DEMO_DIR) and entry.path.is_file() for entry in MAPS)


def test_people_json_names_only_users_that_exist():
    data = json.loads(PEOPLE.model_dump_json())
    data["maps"][0]["members"]["nobody"] = "viewer"
    data["users"].append(data["users"][0])
    with pytest.raises(pydantic.ValidationError) as error:
        DemoPeople.model_validate(data)
    assert "no user 'nobody'" in str(error.value)
    assert "the username 'admin' appears twice" in str(error.value)
