from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from demo.loading import DEMO_PASSWORD, MAPS, demo_document, demo_languages, load_demo
from maps.models import JourneyMap, JourneyTemplate, Lane, MapMember, Role, Stage
from personas.models import Persona
from touchpoints.models import Opportunity, PainPoint, Touchpoint

pytestmark = pytest.mark.django_db

PERSONA_FIELDS = [
    "age",
    "occupation",
    "location",
    "segment",
    "quote",
    "bio",
    "goals",
    "needs",
    "frustrations",
    "motivations",
    "hobbies",
]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The demo hashes four passwords; the production hasher would make that most of the test's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, no_color=True)
    return out.getvalue()


def snapshot() -> dict[str, list[dict]]:
    """Every row the demo touches, field by field."""
    models = [
        get_user_model(),
        Persona,
        JourneyMap,
        Stage,
        Lane,
        MapMember,
        Touchpoint,
        PainPoint,
        Opportunity,
        Touchpoint.next_touchpoints.through,
        Opportunity.pain_points.through,
        Persona.preferred_channels.through,
        JourneyMap.personas.through,
    ]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def test_it_creates_the_demo_users_with_the_demo_password():
    load()
    users = {user.username: user for user in get_user_model().objects.all()}
    assert {"admin", "marketer", "cxlead", "guest"} <= users.keys()
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not any(users[name].is_superuser or users[name].is_staff for name in ("marketer", "cxlead", "guest"))
    assert all(users[name].check_password(DEMO_PASSWORD) for name in ("admin", "marketer", "cxlead", "guest"))


def test_it_creates_personas_with_every_field_filled():
    load()
    personas = Persona.objects.annotate(channels=Count("preferred_channels"))
    assert 5 <= len(personas) <= 6
    for persona in personas:
        assert all(getattr(persona, name) for name in PERSONA_FIELDS), persona.name
        assert persona.channels >= 3, persona.name


def test_it_creates_five_maps_in_each_of_four_languages_owned_by_the_marketer_from_their_templates():
    load()
    maps = JourneyMap.objects.select_related("owner", "template")
    documents = [demo_document(entry, language) for language in demo_languages() for entry in MAPS]
    assert len(maps) == len(documents) == 20
    assert sorted(journey_map.title for journey_map in maps) == sorted(document.title for document in documents)
    assert {journey_map.owner.username for journey_map in maps} == {"marketer"}
    assert {journey_map.template.slug for journey_map in maps} == {document.template for document in documents}
    assert all(journey_map.personas.exists() for journey_map in maps)


def test_it_starts_the_russian_maps_from_the_russian_templates():
    load()
    journey_map = JourneyMap.objects.get(title__startswith="Путь покупателя автомобиля")
    assert (journey_map.template.slug, journey_map.template.language) == ("customer-journey-eight-stages-ru", "ru")
    assert list(journey_map.stages.values_list("name", flat=True)) == list(
        journey_map.template.stages.values_list("name", flat=True)
    )


def test_it_fills_every_map_with_stages_lanes_touchpoints_pain_points_and_opportunities():
    load()
    for journey_map in JourneyMap.objects.all():
        stages = journey_map.stages.all()
        assert all(stage.customer_goal and stage.drivers and stage.barriers and stage.influence for stage in stages)
        assert any(stage.target_csat or stage.target_nps or stage.target_conversion for stage in stages)
        assert set(journey_map.lanes.values_list("channel__kind", flat=True)) >= {"online", "offline"}
        touchpoints = journey_map.touchpoints.all()
        assert 12 <= len(touchpoints) <= 25, journey_map.title
        assert {touchpoint.emotion for touchpoint in touchpoints} >= {-2, 2}
        assert any(touchpoint.is_micro_conversion for touchpoint in touchpoints)
        assert any(touchpoint.csat or touchpoint.nps or touchpoint.conversion_rate for touchpoint in touchpoints)
        assert 4 <= journey_map.pain_points.count() <= 8
        assert journey_map.pain_points.filter(touchpoint__isnull=False).exists()
        assert 4 <= journey_map.opportunities.count() <= 8
        assert journey_map.opportunities.filter(pain_points__isnull=False).exists()
        assert not journey_map.opportunities.filter(due_date__isnull=True).exists()


def test_it_links_touchpoints_across_channels_within_each_map():
    load()
    Link = Touchpoint.next_touchpoints.through
    for journey_map in JourneyMap.objects.all():
        links = Link.objects.filter(from_touchpoint__map=journey_map).select_related("from_touchpoint", "to_touchpoint")
        assert links
        assert all(link.to_touchpoint.map_id == journey_map.pk for link in links)
        assert any(link.from_touchpoint.lane_id != link.to_touchpoint.lane_id for link in links)


def test_it_sets_personas_on_touchpoints_only_from_the_map():
    load()
    with_persona = Touchpoint.objects.filter(persona__isnull=False).select_related("map")
    assert with_persona
    assert all(touchpoint.map.personas.filter(pk=touchpoint.persona_id).exists() for touchpoint in with_persona)


def test_it_keeps_positions_clean_in_every_map_and_cell():
    load()
    for journey_map in JourneyMap.objects.all():
        assert list(journey_map.stages.values_list("position", flat=True)) == list(range(journey_map.stages.count()))
        assert list(journey_map.lanes.values_list("position", flat=True)) == list(range(journey_map.lanes.count()))
    cells: dict[tuple[int, int], list[int]] = {}
    for stage_id, lane_id, position in Touchpoint.objects.order_by("position").values_list(
        "stage_id", "lane_id", "position"
    ):
        cells.setdefault((stage_id, lane_id), []).append(position)
    assert all(positions == list(range(len(positions))) for positions in cells.values())


def test_it_gives_the_car_buyer_map_the_eight_stages():
    load()
    journey_map = JourneyMap.objects.get(title="Car buyer: from TV ad to recommendation")
    template = JourneyTemplate.objects.get(slug="customer-journey-eight-stages")
    assert list(journey_map.stages.values_list("name", flat=True)) == list(
        template.stages.values_list("name", flat=True)
    )
    assert journey_map.stages.count() == 8
    lanes = set(journey_map.lanes.values_list("channel__slug", flat=True))
    assert {"tv-outdoor", "dealership", "social-media"} <= lanes


def test_it_makes_cxlead_reviewer_and_guest_viewer_on_every_map():
    load()
    for journey_map in JourneyMap.objects.all():
        roles = dict(journey_map.members.values_list("user__username", "role"))
        assert roles == {"marketer": Role.OWNER, "cxlead": Role.REVIEWER, "guest": Role.VIEWER}


def test_it_changes_nothing_when_run_twice():
    load()
    before = snapshot()
    summary = load_demo()
    assert not summary.created_anything
    assert snapshot() == before


def test_it_leaves_existing_users_and_personas_alone():
    user = get_user_model().objects.create_user("marketer", password="a changed password")
    Persona.objects.create(name="Andrei Sokolov", age=40)
    summary = load_demo()
    user.refresh_from_db()
    assert user.check_password("a changed password")
    assert Persona.objects.get(name="Andrei Sokolov").age == 40
    assert "marketer" not in summary.users and "Andrei Sokolov" not in summary.personas
    assert JourneyMap.objects.filter(owner=user).count() == 20


def test_it_prints_what_it_created_and_the_demo_logins():
    output = load()
    assert "Demo loaded." in output
    assert "20 maps" in output
    lines = output.splitlines()
    for language in ("en", "zh-hans", "zh-hant", "ru"):
        for entry in MAPS:
            title = demo_document(entry, language).title
            assert any(line.split() == [language, *title.split()] for line in lines), title
    assert DEMO_PASSWORD in output
    lines = [line.strip() for line in output.splitlines()]
    for username, role in [("admin", "superuser"), ("marketer", "owner"), ("cxlead", "reviewer"), ("guest", "viewer")]:
        assert any(line.startswith(f"{username} ") and role in line for line in lines), username


def test_it_says_so_when_the_demo_is_already_loaded():
    load()
    output = load()
    assert "already loaded" in output
    assert "guest" in output
