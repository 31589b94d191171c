"""The demo as documents loads the same maps as the Python data it replaced.

The expected figures were read from a database loaded by that Python version; they are
written out here so that a change to a document shows up as a failing count.
"""

import json
from datetime import timedelta

import pydantic
import pytest
from django.utils import timezone

from demo.loading import MAPS, MAPS_DIR, PEOPLE, DemoPeople, demo_document, demo_languages, load_demo
from interchange.documents import parse_document
from interchange.schema import MapDoc
from maps.models import JourneyMap, ReviewStatus
from personas.models import Persona
from touchpoints.models import Opportunity, PainPoint, Touchpoint

# stages, lanes, touchpoints, pain points, opportunities, next-touchpoint links, opportunity -> pain point links
EXPECTED_COUNTS = {
    "car-buyer.json": (8, 8, 19, 7, 7, 19, 7),
    "in-store-shopper.json": (3, 8, 16, 5, 5, 16, 5),
    "washing-machine-buyer.json": (6, 8, 18, 5, 5, 19, 5),
    "halo-daily-beauty.json": (3, 8, 16, 5, 6, 14, 5),
    "omnichannel-retail.json": (5, 9, 19, 6, 7, 18, 7),
}
EXPECTED_REVIEW = {"omnichannel-retail.json": ReviewStatus.IN_REVIEW}
LANGUAGES = ["en", "zh-hans", "zh-hant", "ru"]
# What people read: a translation changes these and nothing else.
TEXT_FIELDS = {
    "map": {"title", "description", "scope", "template"},
    "channels": {"name"},
    "stages": {"name", "description", "customer_goal", "drivers", "barriers", "influence"},
    "touchpoints": {"title", "description", "customer_action"},
    "pain_points": {"title", "description"},
    "opportunities": {"title", "description", "action", "action_owner"},
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


def skeleton(document: MapDoc) -> dict:
    """The document without its words: which text fields are filled, and everything else."""
    data = document.model_dump(mode="json")

    def blanked(item: dict, fields: set[str]) -> dict:
        return {name: bool(value) if name in fields else value for name, value in item.items()}

    shape = {name: value for name, value in data.items() if name not in TEXT_FIELDS["map"]}
    for kind in ("channels", "stages", "touchpoints", "pain_points", "opportunities"):
        shape[kind] = [blanked(item, TEXT_FIELDS[kind]) for item in data[kind]]
    return shape


@pytest.mark.django_db
def test_every_map_has_the_items_of_the_python_version_in_every_language():
    load_demo()
    for language in demo_languages():
        for entry in MAPS:
            journey_map = JourneyMap.objects.get(title=demo_document(entry, language).title)
            assert counts_of(journey_map) == EXPECTED_COUNTS[entry.document], (language, entry.document)
            assert journey_map.review_status == EXPECTED_REVIEW.get(entry.document, ReviewStatus.DRAFT)


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


def test_there_is_a_folder_of_demo_maps_for_every_language_of_the_app():
    assert demo_languages() == LANGUAGES
    assert sorted(path.name for path in MAPS_DIR.iterdir() if path.is_dir()) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_folder_has_the_documents_people_json_names(language):
    in_folder = sorted(path.name for path in (MAPS_DIR / language).glob("*.json"))
    assert in_folder == sorted(entry.document for entry in MAPS)
    assert all(entry.path(language).is_relative_to(MAPS_DIR) for entry in MAPS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_document_validates_with_the_interchange_schema(language):
    for entry in MAPS:
        parse_document(entry.path(language).read_bytes())


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "en"])
def test_every_translation_has_the_english_document_s_grid_in_its_own_words(language):
    for entry in MAPS:
        english, translated = demo_document(entry), demo_document(entry, language)
        assert skeleton(translated) == skeleton(english), entry.document
        assert translated.template == f"{english.template}-{language}"
        assert translated.title != english.title
        assert [stage.name for stage in translated.stages] != [stage.name for stage in english.stages]


def test_titles_are_unique_across_all_languages():
    titles = [demo_document(entry, language).title for language in LANGUAGES for entry in MAPS]
    assert len(set(titles)) == len(titles) == 20


def test_the_russian_article_s_examples_use_its_own_stage_names():
    car_buyer = demo_document(MAPS[0], "ru")
    assert car_buyer.title == "Путь покупателя автомобиля: от телевизионной рекламы до рекомендации"
    assert [stage.name for stage in car_buyer.stages][:3] == [
        "Поиск информации",
        "Сравнение предложений",
        "Принятие решения",
    ]
    shopper = next(entry for entry in MAPS if entry.document == "in-store-shopper.json")
    assert demo_document(shopper, "ru").title.startswith("Путешествие покупателя в магазине")


def test_people_json_names_only_users_that_exist():
    data = json.loads(PEOPLE.model_dump_json())
    data["maps"][0]["members"]["nobody"] = "viewer"
    data["users"].append(data["users"][0])
    with pytest.raises(pydantic.ValidationError) as error:
        DemoPeople.model_validate(data)
    assert "no user 'nobody'" in str(error.value)
    assert "the username 'admin' appears twice" in str(error.value)
