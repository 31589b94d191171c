import json
from io import StringIO

import pydantic
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from interchange.schema import SCHEMA_VERSION, MapDoc, json_schema

COMMITTED = settings.BASE_DIR / "docs" / "journey-map.schema.json"


def minimal(**changes) -> dict:
    document = {
        "schema_version": SCHEMA_VERSION,
        "title": "Car buyer",
        "stages": [{"name": "Awareness"}, {"name": "Purchase"}],
        "lanes": [{"channel": "website"}],
        "touchpoints": [
            {"key": "t1", "stage": 0, "lane": 0, "title": "Reads reviews", "next": ["t2"]},
            {"key": "t2", "stage": 1, "lane": 0, "title": "Pays online"},
        ],
        "pain_points": [{"key": "p1", "stage": 1, "touchpoint": "t2", "title": "Hidden fees"}],
        "opportunities": [{"key": "o1", "stage": 1, "title": "Show the full price", "pain_points": ["p1"]}],
    }
    return {**document, **changes}


def problems(document: dict) -> str:
    with pytest.raises(pydantic.ValidationError) as error:
        MapDoc.model_validate(document)
    return str(error.value)


def test_it_accepts_a_small_map_with_defaults_for_what_is_left_out():
    document = MapDoc.model_validate(minimal())
    assert document.touchpoints[0].emotion == 0
    assert document.pain_points[0].cause == "other"
    assert document.opportunities[0].status == "idea"


def test_it_refuses_a_reference_to_a_stage_that_is_not_there():
    assert "touchpoints[0].stage: there is no stage 5" in problems(
        minimal(touchpoints=[{"key": "t1", "stage": 5, "lane": 0, "title": "x"}])
    )


def test_it_refuses_links_to_unknown_keys():
    message = problems(minimal(opportunities=[{"key": "o1", "stage": 0, "title": "x", "pain_points": ["p9"]}]))
    assert "opportunities[0].pain_points: no pain point 'p9'" in message
    message = problems(minimal(pain_points=[{"key": "p1", "stage": 0, "touchpoint": "t9", "title": "x"}]))
    assert "pain_points[0].touchpoint: no touchpoint 't9'" in message


def test_it_refuses_a_key_used_twice_and_a_channel_on_two_lanes():
    message = problems(minimal(lanes=[{"channel": "website"}, {"channel": "website"}]))
    assert "channel 'website' appears twice" in message
    touchpoint = {"key": "t1", "stage": 0, "lane": 0, "title": "x"}
    assert "key 't1' appears twice" in problems(
        minimal(touchpoints=[touchpoint, touchpoint], pain_points=[], opportunities=[])
    )


@pytest.mark.parametrize(
    "change",
    [
        {"title": ""},
        {"title": "x" * 201},
        {"journey_type": "sideways"},
        {"unknown_field": 1},
        {"touchpoints": [{"key": "t1", "stage": 0, "lane": 0, "title": "x", "emotion": 3}]},
        {"touchpoints": [{"key": "t1", "stage": 0, "lane": 0, "title": "x", "csat": 101}]},
        {"touchpoints": [{"key": "t 1", "stage": 0, "lane": 0, "title": "x"}]},
        {"touchpoints": [{"key": "t1", "stage": 0, "lane": 0, "title": "nul \x00 inside"}]},
        {"pain_points": [{"key": "p1", "stage": 0, "title": "x", "severity": 5}]},
        {"pain_points": [{"key": "p1", "stage": 0, "title": "x", "evidence": {"note": "nul \x00"}}]},
    ],
)
def test_it_refuses_values_the_database_would_refuse(change):
    document = minimal(**change)
    if "touchpoints" in change:
        document.update(pain_points=[], opportunities=[])
    problems(document)


def test_it_writes_canonical_json_with_sorted_keys():
    text = MapDoc.model_validate(minimal()).to_json()
    assert list(json.loads(text)) == sorted(json.loads(text))
    assert MapDoc.model_validate_json(text).to_json() == text


def test_the_committed_schema_is_the_one_the_models_make():
    assert COMMITTED.read_text(encoding="utf-8") == json_schema()


def test_the_schema_names_itself_and_its_version():
    schema = json.loads(json_schema())
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert "MapDoc" not in schema["title"]


def test_the_command_writes_the_schema(tmp_path):
    output = tmp_path / "schema.json"
    stdout = StringIO()
    call_command("export_schema", output=output, stdout=stdout)
    assert output.read_text(encoding="utf-8") == json_schema()
    assert "Wrote schema version" in stdout.getvalue()


def test_the_command_checks_the_schema_without_writing_it(tmp_path):
    output = tmp_path / "schema.json"
    output.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="out of date"):
        call_command("export_schema", output=output, check=True)
    assert output.read_text(encoding="utf-8") == "{}"
    call_command("export_schema", check=True, stdout=StringIO())


def test_the_schema_is_published_at_a_url_for_anyone(db):
    response = Client().get(reverse("maps:schema"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert response.content.decode() == json_schema()
