"""Hostile files through every upload endpoint, as an attacker with a login would send them
to a map of their own: each is refused with a message naming the problem, nothing is
written, and the process's memory stays within bounds."""

import resource

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from customer_data.models import InteractionImport
from interchange.documents import MAX_JSON_BYTES
from interchange.models import StagedUpload
from journeymap.lib.files import FileProblem, read_json, read_tables
from maps.models import JourneyMap
from tests.factories import LaneFactory, StageFactory, TouchpointFactory
from tests.security import hostile
from touchpoints.models import Opportunity, PainPoint, Touchpoint

pytestmark = pytest.mark.django_db

MEMORY_BUDGET_MB = 300

# Endpoint -> its address for a map, and the name of its upload form in the page's context.
ENDPOINTS = {
    "JSON import": (lambda map_id: reverse("maps:import-json"), "form"),
    "JSON replace": (lambda map_id: reverse("maps:replace-json", args=[map_id]), "json_form"),
    "spreadsheet import": (lambda map_id: reverse("maps:import-spreadsheet", args=[map_id]), "spreadsheet_form"),
    "interaction log": (lambda map_id: reverse("maps:interaction-upload", args=[map_id]), "form"),
}

# What the readers say of each file: as a table (CSV or Excel), and as JSON. A file whose
# problem is in its cells (None) is refused by the endpoint that reads those cells.
SAID = {
    "shared-string bomb": ("times larger than it is packed", "not UTF-8"),
    "zip bomb": ("times larger than it is packed", "not UTF-8"),
    "zip announcing 400 MB": ("unpacks to more than 300 MB", "not UTF-8"),
    "zip lying about its sizes": ("damaged", "not UTF-8"),
    "20,000 zip parts": ("20,004 parts", "not UTF-8"),
    "1,100,000 shared strings": ("more than 1,000,000 different texts", "not UTF-8"),
    "30,000 columns (Excel)": ("more than 200 columns", "not UTF-8"),
    "billion laughs": ("declares XML entities", "not UTF-8"),
    "30,000 columns (CSV)": ("more than 200 columns", "not valid JSON"),
    "500,001 rows": ("more than 500,000 rows", "not valid JSON"),
    "JSON nested 1,000 deep": ("longer than 255 characters", "nest more than 32 levels"),
    "JSON nested 1,000 deep, as CSV": ("longer than 255 characters", "nest more than 32 levels"),
    "100,000-digit integer": ("no header row", "number is longer than 50 characters"),
    "5,000-digit numbers": (None, "not valid JSON"),
    "wrong types (JSON)": (None, None),
    "a list for a map": (None, None),
    "wrong types (CSV)": (None, "not valid JSON"),
    "UTF-16 without byte order mark": ("not a CSV or Excel file", "not valid JSON"),
    "UTF-16 with a lone surrogate": ("says it is UTF-16 text, but it is not", "not UTF-8"),
    "Latin-1 with invalid bytes": ("not UTF-8", "not UTF-8"),
    "Latin-1 with invalid bytes, as JSON": ("not UTF-8", "not UTF-8"),
    "PNG named .xlsx": ("not a CSV or Excel file", "not UTF-8"),
    "PNG named .csv": ("not a CSV or Excel file", "not UTF-8"),
    "PNG named .json": ("not a CSV or Excel file", "not UTF-8"),
}


@pytest.fixture(scope="module")
def corpus() -> list[hostile.Hostile]:
    return hostile.corpus()


@pytest.fixture
def own_map(cast):
    """The attacker's own map, with a stage, a lane and a touchpoint the files could name."""
    stage = StageFactory(map=cast.map, name="S1", position=0)
    lane = LaneFactory(map=cast.map, position=0, channel__name="Web", channel__slug="web-x")
    TouchpointFactory(stage=stage, lane=lane, title="A", position=0)
    cast.map.refresh_from_db()
    return cast


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def written(journey_map: JourneyMap) -> dict[str, int]:
    return {
        "staged uploads": StagedUpload.objects.count(),
        "interaction imports": InteractionImport.objects.count(),
        "maps": JourneyMap.objects.count(),
        "touchpoints": Touchpoint.objects.count(),
        "pain points": PainPoint.objects.count(),
        "opportunities": Opportunity.objects.count(),
        "revision of the map": JourneyMap.objects.get(pk=journey_map.pk).revision,
    }


def test_the_corpus_is_small_to_send_and_quick_to_make(corpus):
    assert {item.name for item in corpus} == set(SAID)
    assert sum(len(item.content) for item in corpus) < 30 * 2**20
    assert len(hostile.shared_string_bomb()) < 30_000 and len(hostile.zip_bomb()) < 2 * 2**20


@pytest.mark.parametrize("name", list(SAID))
def test_the_readers_name_what_is_wrong_with_each_hostile_file(corpus, name):
    item = next(item for item in corpus if item.name == name)
    as_table, as_json = SAID[name]
    for read, expected in ((read_tables, as_table), (lambda c: read_json(c, max_bytes=MAX_JSON_BYTES), as_json)):
        if expected is None:
            read(item.content)  # readable: what is wrong is in the cells, for the endpoint to say
        else:
            with pytest.raises(FileProblem, match=expected):
                read(item.content)


def test_every_hostile_file_is_refused_by_every_upload_endpoint_with_a_message_and_nothing_is_written(own_map, corpus):
    client = own_map.client_for("owner")
    before, peak_before = written(own_map.map), peak_mb()
    wrong = []
    for item in corpus:
        for endpoint, (address, form_name) in ENDPOINTS.items():
            response = client.post(address(own_map.map.pk), {"file": SimpleUploadedFile(item.file_name, item.content)})
            errors = response.context[form_name].errors.get("file", []) if response.context else []
            if not 400 <= response.status_code < 500 or not errors or escape(errors[0]) not in response.text:
                wrong.append(f"{item.name} through {endpoint}: {response.status_code} {errors[:1]}")
    assert wrong == []
    assert written(own_map.map) == before
    assert peak_mb() - peak_before < MEMORY_BUDGET_MB
