import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo.synthetic import seed_large_map
from interchange.documents import (
    Counts,
    DocumentError,
    StaleMap,
    map_document,
    map_import,
    map_replace,
    parse_document,
    plan_import,
)
from interchange.schema import ChannelDoc, MapDoc
from maps.models import Comment, JourneyMap, MapMember, ReviewStatus, Role
from personas.models import Persona
from tests.factories import (
    PainPointFactory,
    PersonaFactory,
    StageFactory,
    TouchpointFactory,
    UserFactory,
)
from touchpoints.models import Channel, Touchpoint

pytestmark = pytest.mark.django_db


def document(**changes) -> MapDoc:
    return MapDoc.model_validate(
        {
            "title": "Car buyer",
            "personas": ["Andrei"],
            "channels": [{"slug": "hologram", "name": "Hologram", "kind": "online", "icon": "✨", "colour": "#123456"}],
            "stages": [{"name": "Awareness"}, {"name": "Purchase"}],
            "lanes": [{"channel": "website"}, {"channel": "hologram"}],
            "touchpoints": [
                {"key": "a", "stage": 0, "lane": 0, "title": "Reads reviews", "persona": "Andrei", "next": ["b"]},
                {"key": "b", "stage": 1, "lane": 1, "title": "Pays by hologram", "emotion": -2},
            ],
            "pain_points": [
                {"key": "x", "stage": 1, "touchpoint": "b", "title": "Glitches", "evidence": {"csat": 41.5}}
            ],
            "opportunities": [{"key": "y", "stage": 1, "title": "Fix the glitches", "pain_points": ["x"]}],
            **changes,
        }
    )


def test_every_demo_map_survives_export_import_export():
    call_command("load_demo", stdout=io.StringIO())
    owner = UserFactory()
    assert JourneyMap.objects.count() >= 5
    for journey_map in JourneyMap.objects.all():
        exported = map_document(journey_map).to_json()
        copy = map_import(owner=owner, document=parse_document(exported.encode()))
        assert map_document(copy).to_json() == exported, journey_map.title


def test_export_reads_a_map_in_the_same_number_of_queries_whatever_its_size(django_assert_num_queries):
    owner = UserFactory()
    small = seed_large_map(stages=2, lanes=2, touchpoints=3, pain_points=2, opportunities=2, seed=1, owner=owner)
    large = seed_large_map(stages=12, lanes=8, touchpoints=400, pain_points=80, opportunities=80, seed=2, owner=owner)
    with django_assert_num_queries(10) as small_queries:
        map_document(small)
    with django_assert_num_queries(len(small_queries)):
        map_document(large)


def test_export_carries_keys_of_its_own_and_no_database_ids():
    stage = StageFactory(name="Awareness")
    touchpoint = TouchpointFactory(stage=stage, title="Reads reviews")
    PainPointFactory(stage=stage, map=stage.map, touchpoint=touchpoint, title="Too long")
    exported = json.loads(map_document(stage.map).to_json())
    assert exported["touchpoints"][0]["key"] == "t1"
    assert exported["pain_points"][0] == {**exported["pain_points"][0], "key": "p1", "touchpoint": "t1", "stage": 0}
    text = json.dumps(exported)
    assert '"id"' not in text and '"pk"' not in text


def test_export_keeps_only_links_inside_the_map():
    stage = StageFactory()
    here = TouchpointFactory(stage=stage)
    elsewhere = TouchpointFactory()
    here.next_touchpoints.add(elsewhere)
    assert map_document(stage.map).touchpoints[0].next == []


def test_import_adds_the_channels_and_personas_this_server_lacks():
    owner = UserFactory()
    plan = plan_import(document())
    assert [channel.slug for channel in plan.new_channels] == ["hologram"]
    assert plan.new_personas == ["Andrei"]
    journey_map = map_import(owner=owner, document=document())
    assert Channel.objects.get(slug="hologram").colour == "#123456"
    assert list(journey_map.personas.values_list("name", flat=True)) == ["Andrei"]
    assert journey_map.members.get().user == owner
    assert journey_map.members.get().role == Role.OWNER
    touchpoint = Touchpoint.objects.get(map=journey_map, title="Reads reviews")
    assert touchpoint.persona.name == "Andrei"
    assert [t.title for t in touchpoint.next_touchpoints.all()] == ["Pays by hologram"]
    assert journey_map.pain_points.get().evidence == {"csat": 41.5}
    assert journey_map.opportunities.get().pain_points.get().title == "Glitches"


def test_import_uses_a_persona_and_a_channel_that_exist_by_name():
    andrei = PersonaFactory(name="Andrei")
    Channel.objects.create(slug="holo", name="Hologram")
    plan = plan_import(document())
    assert plan.new_personas == [] and plan.personas["Andrei"] == andrei
    assert plan.new_channels == [] and plan.channels["hologram"].slug == "holo"
    assert any("Hologram" in note for note in plan.notes)


def test_import_of_a_lane_with_an_unknown_channel_writes_nothing():
    bad = document(channels=[])
    assert plan_import(bad).problems
    before = (JourneyMap.objects.count(), Persona.objects.count(), Channel.objects.count())
    with pytest.raises(DocumentError, match="hologram"):
        map_import(owner=UserFactory(), document=bad)
    assert (JourneyMap.objects.count(), Persona.objects.count(), Channel.objects.count()) == before


def test_import_forgets_a_template_this_server_does_not_have():
    plan = plan_import(document(template="no-such-template"))
    assert plan.template is None and "no-such-template" in plan.notes[0]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"{not json", "not valid JSON (line 1, column 2"),
        (b"[1, 2]", "no schema_version"),
        (b'{"schema_version": 99}', "version 99 of the format"),
        (b'{"schema_version": 1, "title": ""}', "title: String should have at least 1 character"),
        (b'{"schema_version": 1, "title": "x", "stages": [{"name": "a", "target_nps": 300}]}', "stages.0.target_nps"),
    ],
)
def test_reading_a_bad_file_says_what_is_wrong(content, message):
    with pytest.raises(DocumentError) as error:
        parse_document(content)
    assert message in " ".join(error.value.messages)


def test_reading_accepts_a_byte_order_mark():
    assert parse_document(b"\xef\xbb\xbf" + document().to_json().encode()).title == "Car buyer"


@pytest.fixture
def filled(cast):
    stage = StageFactory(map=cast.map, name="Old stage", position=0)
    touchpoint = TouchpointFactory(stage=stage, title="Old touchpoint")
    Comment.objects.create(map=cast.map, author=cast.reviewer, body="About the map")
    Comment.objects.create(map=cast.map, author=cast.reviewer, touchpoint=touchpoint, body="About a touchpoint")
    cast.map.refresh_from_db()
    return cast


def test_replace_swaps_the_contents_and_keeps_members_and_map_comments(filled):
    plan = plan_import(document(), replacing=filled.map)
    assert plan.current == Counts(stages=1, lanes=1, touchpoints=1)
    assert plan.comments_lost == 1
    map_replace(journey_map=filled.map, document=document(), expected_revision=filled.map.revision)
    replaced = map_document(filled.map)
    assert replaced.title == "Car buyer"
    assert [stage.name for stage in replaced.stages] == ["Awareness", "Purchase"]
    assert [touchpoint.title for touchpoint in replaced.touchpoints] == ["Reads reviews", "Pays by hologram"]
    assert MapMember.objects.filter(map=filled.map).count() == 4
    assert list(Comment.objects.filter(map=filled.map).values_list("body", flat=True)) == ["About the map"]


def test_replace_refuses_a_map_that_changed_since_the_preview(filled):
    before = map_document(filled.map).to_json()
    with pytest.raises(StaleMap):
        map_replace(journey_map=filled.map, document=document(), expected_revision=filled.map.revision - 1)
    assert map_document(filled.map).to_json() == before


# Any valid map survives export -> import unchanged.

LIBRARY = ["website", "email", "phone", "physical-store", "mobile-app"]
NEW_CHANNELS = ["hyp-alpha", "hyp-beta"]
PERSONAS = ["Anna", "Boris", "陈洁", "Марина"]
text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=25)
title = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=25)
percent = st.none() | st.floats(0, 100, allow_nan=False).map(abs)
json_scalar = (
    st.none()
    | st.booleans()
    | st.integers(-(10**9), 10**9)
    | st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).map(lambda value: value + 0.0)
    | text
)
evidence = st.dictionaries(text, json_scalar | st.lists(json_scalar, max_size=3), max_size=3)


def ordered_keys(prefix: str, items: list[dict]) -> list[dict]:
    return [{**item, "key": f"{prefix}{index + 1}"} for index, item in enumerate(items)]


def refs(draw, keys: list[str]) -> list[str]:
    chosen = draw(st.sets(st.sampled_from(keys), max_size=3)) if keys else set()
    return sorted(chosen, key=keys.index)


@st.composite
def map_documents(draw) -> dict:
    stages = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "name": title,
                    "description": text,
                    "customer_goal": text,
                    "drivers": text,
                    "barriers": text,
                    "influence": text,
                    "target_csat": percent,
                    "target_nps": st.none() | st.integers(-100, 100),
                    "target_crr": percent,
                    "target_conversion": percent,
                }
            ),
            min_size=1,
            max_size=3,
        )
    )
    lanes = draw(st.lists(st.sampled_from(LIBRARY + NEW_CHANNELS), unique=True, min_size=1, max_size=3))
    touchpoints = []
    if stages and lanes:
        cells = draw(st.lists(st.tuples(st.integers(0, len(stages) - 1), st.integers(0, len(lanes) - 1)), max_size=6))
        touchpoints = ordered_keys(
            "t",
            [
                {
                    "stage": stage,
                    "lane": lane,
                    "title": draw(title),
                    "description": draw(text),
                    "customer_action": draw(text),
                    "emotion": draw(st.integers(-2, 2)),
                    "expectation": draw(st.none() | st.integers(1, 5)),
                    "is_micro_conversion": draw(st.booleans()),
                    "persona": draw(st.none() | st.sampled_from(PERSONAS)),
                    "csat": draw(percent),
                    "nps": draw(st.none() | st.integers(-100, 100)),
                    "crr": draw(percent),
                    "conversion_rate": draw(percent),
                }
                for stage, lane in sorted(cells)
            ],
        )
        keys = [touchpoint["key"] for touchpoint in touchpoints]
        touchpoints = [{**touchpoint, "next": refs(draw, keys)} for touchpoint in touchpoints]
    touchpoint_keys = [touchpoint["key"] for touchpoint in touchpoints]
    pain_points, opportunities = [], []
    if stages:
        pain_points = ordered_keys(
            "p",
            sorted(
                draw(
                    st.lists(
                        st.fixed_dictionaries(
                            {
                                "stage": st.integers(0, len(stages) - 1),
                                "title": title,
                                "description": text,
                                "severity": st.integers(1, 4),
                                "cause": st.sampled_from(["product", "service", "price", "other"]),
                                "evidence": evidence,
                                "touchpoint": st.none() | st.sampled_from(touchpoint_keys)
                                if touchpoint_keys
                                else st.none(),
                            }
                        ),
                        max_size=4,
                    )
                ),
                key=lambda item: (item["stage"], -item["severity"]),
            ),
        )
        pain_point_keys = [pain_point["key"] for pain_point in pain_points]
        opportunities = ordered_keys(
            "o",
            sorted(
                draw(
                    st.lists(
                        st.fixed_dictionaries(
                            {
                                "stage": st.integers(0, len(stages) - 1),
                                "title": title,
                                "description": text,
                                "action": text,
                                "impact": st.integers(1, 5),
                                "effort": st.integers(1, 5),
                                "action_owner": text,
                                "status": st.sampled_from(["idea", "planned", "done"]),
                                "due_date": st.none()
                                | st.dates(date(2000, 1, 1), date(2100, 12, 31)).map(date.isoformat),
                                "touchpoint": st.none() | st.sampled_from(touchpoint_keys)
                                if touchpoint_keys
                                else st.none(),
                            }
                        ),
                        max_size=4,
                    )
                ),
                key=lambda item: (item["stage"], -item["impact"], item["effort"]),
            ),
        )
        opportunities = [{**item, "pain_points": refs(draw, pain_point_keys)} for item in opportunities]
    return {
        "title": draw(title),
        "description": draw(text),
        "scope": draw(st.text(max_size=20).filter(lambda s: "\x00" not in s)),
        "journey_type": draw(st.sampled_from(["rational", "emotional", "combined"])),
        "state": draw(st.sampled_from(["as_is", "to_be"])),
        "template": draw(st.sampled_from([None, "omnichannel-five-stages"])),
        "personas": sorted(draw(st.sets(st.sampled_from(PERSONAS), max_size=2))),
        "stages": stages,
        "lanes": [{"channel": slug} for slug in lanes],
        "touchpoints": touchpoints,
        "pain_points": pain_points,
        "opportunities": opportunities,
    }


def channel_doc(slug: str) -> ChannelDoc:
    channel = Channel.objects.filter(slug=slug).first()
    if channel is None:  # a channel the importing server does not have yet
        return ChannelDoc(slug=slug, name=f"Channel {slug}", kind="human", icon="🛰", colour="#0a0b0c")
    return ChannelDoc(slug=slug, name=channel.name, kind=channel.kind, icon=channel.icon, colour=channel.colour)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=map_documents())
def test_any_valid_map_survives_export_and_import_unchanged(data, django_user_model):
    owner = django_user_model.objects.get_or_create(username="hypothesis")[0]
    original = MapDoc.model_validate({**data, "channels": [channel_doc(lane["channel"]) for lane in data["lanes"]]})
    imported = map_import(owner=owner, document=original)
    assert map_document(imported).to_json() == original.to_json()


@pytest.mark.django_db
def test_replacing_an_approved_map_sends_it_back_to_draft(cast):
    JourneyMap.objects.filter(pk=cast.map.pk).update(review_status=ReviewStatus.APPROVED)
    approved = JourneyMap.objects.get(pk=cast.map.pk)
    map_replace(journey_map=approved, document=map_document(approved), expected_revision=approved.revision)
    assert JourneyMap.objects.get(pk=cast.map.pk).review_status == ReviewStatus.DRAFT
